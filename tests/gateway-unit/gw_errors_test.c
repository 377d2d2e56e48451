/*  gw_errors_test.c - TWS error code classification. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "gw_errors.h"

static gw_error_info_t
s_classify (int code, gw_etarget_t target)
{
    gw_error_info_t info;
    gw_errors_classify (code, target, &info);
    assert_int_equal (info.code, code);
    return info;
}

static void
test_farm_codes_never_touch_session (void **state)
{
    const int farm [] = { 2103, 2104, 2105, 2106, 2107, 2108, 2119, 2157, 2158 };
    for (size_t i = 0; i < sizeof farm / sizeof farm [0]; i++) {
        gw_error_info_t info = s_classify (farm [i], GW_ETARGET_NONE);
        assert_int_equal (info.eclass, GW_ECLASS_FARM);
        assert_int_equal (info.session, GW_SESSION_NONE);
        assert_true (info.severity <= GW_SEV_WARNING);
        assert_true (gw_errors_is_farm (farm [i]));
        assert_false (info.request_failed);
    }
    //  OK notifications are info, "broken" ones warnings
    assert_int_equal (s_classify (2104, GW_ETARGET_NONE).severity, GW_SEV_INFO);
    assert_int_equal (s_classify (2158, GW_ETARGET_NONE).severity, GW_SEV_INFO);
    assert_int_equal (s_classify (2103, GW_ETARGET_NONE).severity, GW_SEV_WARNING);
    assert_false (gw_errors_is_farm (2110));
    assert_false (gw_errors_is_farm (1100));
}

static void
test_connectivity (void **state)
{
    gw_error_info_t info = s_classify (1100, GW_ETARGET_NONE);
    assert_int_equal (info.eclass, GW_ECLASS_CONNECTIVITY);
    assert_int_equal (info.session, GW_SESSION_DEGRADED);
    info = s_classify (1101, GW_ETARGET_NONE);
    assert_int_equal (info.session, GW_SESSION_RESTORED_LOST);
    assert_true (info.resubscribe);
    info = s_classify (1102, GW_ETARGET_NONE);
    assert_int_equal (info.session, GW_SESSION_RESTORED);
    assert_false (info.resubscribe);
    info = s_classify (1300, GW_ETARGET_NONE);
    assert_int_equal (info.session, GW_SESSION_RECONNECT);
    assert_int_equal (info.severity, GW_SEV_FATAL);
    info = s_classify (2110, GW_ETARGET_NONE);
    assert_int_equal (info.eclass, GW_ECLASS_CONNECTIVITY);
    assert_int_equal (info.session, GW_SESSION_NONE);
    assert_int_equal (info.severity, GW_SEV_WARNING);
    info = s_classify (326, GW_ETARGET_NONE);
    assert_int_equal (info.eclass, GW_ECLASS_CLIENT_ID);
    assert_int_equal (info.session, GW_SESSION_CLIENT_ID);
    assert_int_equal (info.severity, GW_SEV_FATAL);
}

static void
test_pacing (void **state)
{
    const int codes [] = { 100, 101, 162, 420 };
    for (size_t i = 0; i < 4; i++) {
        gw_error_info_t info = s_classify (codes [i], GW_ETARGET_REQUEST);
        assert_int_equal (info.eclass, GW_ECLASS_PACING);
        assert_int_equal (info.severity, GW_SEV_ERROR);
        assert_true (info.request_failed);
    }
    gw_error_info_t info = s_classify (165, GW_ETARGET_REQUEST);
    assert_int_equal (info.severity, GW_SEV_INFO);
    assert_false (info.request_failed);
}

static void
test_order_rejections (void **state)
{
    const int terminal [] = { 103, 201, 202 };
    for (size_t i = 0; i < 3; i++) {
        gw_error_info_t info = s_classify (terminal [i], GW_ETARGET_ORDER);
        assert_int_equal (info.eclass, GW_ECLASS_ORDER);
        assert_true (info.order_done);
    }
    //  Answers to a cancel/modify: the request failed, the order is as it was
    const int keep [] = { 104, 135, 161, 10147, 10148 };
    for (size_t i = 0; i < 5; i++) {
        gw_error_info_t info = s_classify (keep [i], GW_ETARGET_ORDER);
        assert_int_equal (info.eclass, GW_ECLASS_ORDER);
        assert_int_equal (info.severity, GW_SEV_ERROR);
        assert_false (info.order_done);
    }
    //  ib_async warnings never end an order
    const int warn [] = { 105, 110, 399, 404, 2109, 2137 };
    for (size_t i = 0; i < 6; i++) {
        gw_error_info_t info = s_classify (warn [i], GW_ETARGET_ORDER);
        assert_int_equal (info.severity, GW_SEV_WARNING);
        assert_false (info.order_done);
        assert_true (gw_errors_is_warning (warn [i]));
    }
    //  ...except 110 on an order not yet acknowledged
    gw_error_info_t info = s_classify (110, GW_ETARGET_ORDER_PENDING);
    assert_int_equal (info.severity, GW_SEV_ERROR);
    assert_true (info.order_done);
    info = s_classify (201, GW_ETARGET_ORDER_PENDING);
    assert_true (info.order_done);
}

static void
test_market_data_permissions (void **state)
{
    const int codes [] = { 354, 10089, 10090, 10167, 10168, 10186, 10197 };
    for (size_t i = 0; i < 7; i++)
        assert_int_equal (s_classify (codes [i], GW_ETARGET_REQUEST).eclass,
                          GW_ECLASS_MKTDATA_PERM);
    assert_true (s_classify (354, GW_ETARGET_REQUEST).request_failed);
    assert_true (s_classify (10197, GW_ETARGET_REQUEST).request_failed);
    assert_false (s_classify (10167, GW_ETARGET_REQUEST).request_failed);   //  delayed data
    assert_int_equal (s_classify (10167, GW_ETARGET_REQUEST).severity, GW_SEV_WARNING);
    assert_true (s_classify (10225, GW_ETARGET_REQUEST).resubscribe);
    assert_true (s_classify (10182, GW_ETARGET_REQUEST).resubscribe);
}

static void
test_unknown_and_misc (void **state)
{
    //  Unknown code naming something fails it; session-wide it is only a warning
    gw_error_info_t info = s_classify (9999, GW_ETARGET_REQUEST);
    assert_int_equal (info.eclass, GW_ECLASS_OTHER);
    assert_int_equal (info.severity, GW_SEV_ERROR);
    assert_true (info.request_failed);
    info = s_classify (9999, GW_ETARGET_ORDER);
    assert_true (info.order_done);
    info = s_classify (9999, GW_ETARGET_NONE);
    assert_int_equal (info.severity, GW_SEV_WARNING);
    assert_int_equal (info.session, GW_SESSION_NONE);
    //  2100-2199 unknowns are warnings anywhere
    info = s_classify (2150, GW_ETARGET_ORDER);
    assert_int_equal (info.severity, GW_SEV_WARNING);
    assert_false (info.order_done);
    assert_int_equal (s_classify (200, GW_ETARGET_REQUEST).eclass, GW_ECLASS_CONTRACT);
    assert_int_equal (s_classify (320, GW_ETARGET_REQUEST).eclass, GW_ECLASS_PROTOCOL);
    assert_int_equal (s_classify (321, GW_ETARGET_REQUEST).severity, GW_SEV_WARNING);
    assert_int_equal (s_classify (502, GW_ETARGET_NONE).eclass, GW_ECLASS_CLIENT_SIDE);
    assert_int_equal (s_classify (-5, GW_ETARGET_NONE).eclass, GW_ECLASS_OTHER);
    assert_string_equal (gw_severity_name (GW_SEV_FATAL), "fatal");
    assert_string_equal (gw_eclass_name (GW_ECLASS_FARM), "farm");
    assert_string_equal (gw_eclass_name ((gw_eclass_t) 99), "unknown");
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_farm_codes_never_touch_session),
        cmocka_unit_test (test_connectivity),
        cmocka_unit_test (test_pacing),
        cmocka_unit_test (test_order_rejections),
        cmocka_unit_test (test_market_data_permissions),
        cmocka_unit_test (test_unknown_and_misc),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
