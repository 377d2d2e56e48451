#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "sim_broker.h"
static void test_new (void **state) { sim_market_t *m = sim_market_new (1); sim_broker_config_t c = { 0 }; sim_broker_t *b = sim_broker_new (&c, m, NULL, 0); assert_non_null (b); sim_broker_destroy (&b); sim_market_destroy (&m); }
int main (void) { const struct CMUnitTest tests [] = { cmocka_unit_test (test_new) }; return cmocka_run_group_tests (tests, NULL, NULL); }
