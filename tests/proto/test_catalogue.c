/*  test_catalogue.c - the catalogue's table, round trips of every type, topics, enums. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "rt_catalogue.h"
#include "proto_fixture.h"

//  Every type declared in the list, by wire id.
#define S_ID(id, NAME, name, topic, doc) id,
static const unsigned s_ids [] = { RT_CATALOGUE (S_ID) };
#define S_NTYPES (sizeof s_ids / sizeof s_ids [0])

static const msgpack_object *
s_map_get (const msgpack_object *map, const char *key)
{
    assert_int_equal (map->type, MSGPACK_OBJECT_MAP);
    for (uint32_t i = 0; i < map->via.map.size; i++) {
        const msgpack_object_kv *kv = &map->via.map.ptr [i];
        if (kv->key.type == MSGPACK_OBJECT_STR && kv->key.via.str.size == strlen (key)
        &&  memcmp (kv->key.via.str.ptr, key, strlen (key)) == 0)
            return &kv->val;
    }
    fail_msg ("key %s not in map", key);
    return NULL;
}

static void
s_assert_str (const msgpack_object *o, const char *want)
{
    assert_int_equal (o->type, MSGPACK_OBJECT_STR);
    assert_int_equal (o->via.str.size, strlen (want));
    assert_memory_equal (o->via.str.ptr, want, strlen (want));
}

static void
test_table_is_consistent (void **state)
{
    unsigned found = 0;
    for (unsigned t = 0; t < RT_TYPE_END + 5; t++) {
        const rt_catalogue_entry_t *e = rt_catalogue_get ((rt_type_t) t);
        if (!e)
            continue;
        found++;
        assert_int_equal (e->type, t);
        assert_ptr_equal (rt_catalogue_find (e->name), e);
        assert_string_equal (rt_type_name (e->type), e->name);
        assert_true (e->field_count > 0 && e->field_count <= 64);
        assert_true (e->encode && e->decode);

        //  The topic: a suffix exactly when the prefix ends in '.', and a valid topic.
        size_t tlen = strlen (e->topic);
        assert_int_equal (e->has_suffix, e->topic [tlen - 1] == '.');
        char topic [RT_TOPIC_MAX];
        assert_int_equal (rt_topic_format (topic, sizeof topic, e->type,
                                           e->has_suffix? "X": NULL), 0);
        assert_int_equal (rt_topic_check (topic, strlen (topic)), 0);

        unsigned suffixes = 0;
        for (size_t i = 0; i < e->field_count; i++) {
            const rt_field_t *f = &e->fields [i];
            assert_int_equal (f->key_len, strlen (f->key));
            assert_true (f->key_len > 0);
            assert_true (f->offset + f->size <= e->size);
            assert_int_equal (f->kind == RT_KIND_ENUM, f->enum_info != NULL);
            if (f->suffix) {
                suffixes++;
                assert_int_equal (f->kind, RT_KIND_STR);
                assert_true (f->required);
            }
            //  Keys and C names are unique within a type.
            for (size_t j = 0; j < i; j++) {
                assert_string_not_equal (e->fields [j].key, f->key);
                assert_string_not_equal (e->fields [j].name, f->name);
            }
        }
        assert_int_equal (suffixes, e->has_suffix? 1: 0);
    }
    assert_int_equal (found, S_NTYPES);
    for (size_t i = 0; i < S_NTYPES; i++)
        assert_non_null (rt_catalogue_get ((rt_type_t) s_ids [i]));
    assert_null (rt_catalogue_get (RT_TYPE_NONE));
    assert_null (rt_catalogue_get (RT_TYPE_END));
    assert_null (rt_catalogue_get ((rt_type_t) 14));      //  a gap in the ids
    assert_null (rt_catalogue_find ("no_such_type"));
    assert_string_equal (rt_type_name ((rt_type_t) 999), "?");
}

//  Every type, every variant: encode, decode from bytes, and get the same struct back.
static void
test_round_trip_every_type (void **state)
{
    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    msgpack_zone zone;
    assert_true (msgpack_zone_init (&zone, 4096));
    fixture_msg_t in, out;
    for (size_t k = 0; k < S_NTYPES; k++) {
        const rt_catalogue_entry_t *e = rt_catalogue_get ((rt_type_t) s_ids [k]);
        for (int v = 0; v < FIXTURE_VARIANTS; v++) {
            fixture_fill (e, &in, (fixture_variant_t) v);
            assert_int_equal (rt_msg_pack (e->type, &in, &sbuf), 0);
            memset (&out, 0xA5, sizeof out);
            int rc = rt_msg_decode (e->type, &out, sbuf.data, sbuf.size, &zone);
            if (rc)
                fail_msg ("%s variant %d: %s", e->name, v, rt_strerror (rc));
            for (size_t i = 0; i < e->field_count; i++) {
                const rt_field_t *f = &e->fields [i];
                if (memcmp (in.bytes + f->offset, out.bytes + f->offset, f->size))
                    fail_msg ("%s.%s differs after a round trip", e->name, f->name);
            }
            //  Padding too: the decoder zeroes the struct before filling it.
            assert_memory_equal (in.bytes, out.bytes, e->size);

            //  The typed entry points agree with the table's.
            msgpack_object obj;
            size_t off = 0;
            msgpack_zone_clear (&zone);
            assert_int_equal (msgpack_unpack (sbuf.data, sbuf.size, &off, &zone, &obj),
                              MSGPACK_UNPACK_SUCCESS);
            assert_int_equal (e->decode (&out, &obj), 0);
            assert_memory_equal (in.bytes, out.bytes, e->size);
            assert_int_equal (rt_msg_decode_object (e->type, &out, &obj), 0);
            assert_memory_equal (in.bytes, out.bytes, e->size);
            //  Every field is on the wire.
            assert_int_equal (obj.via.map.size, e->field_count);
        }
    }
    msgpack_zone_destroy (&zone);
    msgpack_sbuffer_destroy (&sbuf);
}

static void
test_quote_by_hand (void **state)
{
    rt_quote_t q = { .con_id = 265598, .bid = 189.5, .ask = 189.52, .last = 189.51,
                     .bid_size = 300, .ask_size = 200, .last_size = 100, .volume = 1.5e6,
                     .exch_ts_ns = 1700000000000000000ull, .recv_ts_ns = 1700000000000001000ull,
                     .delayed = true };
    strcpy (q.symbol, "AAPL");
    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    msgpack_packer pk;
    msgpack_packer_init (&pk, &sbuf, msgpack_sbuffer_write);
    assert_int_equal (rt_quote_encode (&q, &pk), 0);

    msgpack_zone zone;
    assert_true (msgpack_zone_init (&zone, 1024));
    msgpack_object obj;
    size_t off = 0;
    assert_int_equal (msgpack_unpack (sbuf.data, sbuf.size, &off, &zone, &obj),
                      MSGPACK_UNPACK_SUCCESS);
    s_assert_str (s_map_get (&obj, "s"), "AAPL");
    const msgpack_object *bid = s_map_get (&obj, "b");
    assert_int_equal (bid->type, MSGPACK_OBJECT_FLOAT64);
    assert_true (bid->via.f64 == 189.5);
    assert_int_equal (s_map_get (&obj, "ci")->via.u64, 265598);
    assert_int_equal (s_map_get (&obj, "d")->type, MSGPACK_OBJECT_BOOLEAN);
    assert_true (s_map_get (&obj, "et")->via.u64 == 1700000000000000000ull);

    rt_quote_t back;
    assert_int_equal (rt_quote_decode (&back, &obj), 0);
    assert_string_equal (back.symbol, "AAPL");
    assert_true (back.ask == 189.52 && back.delayed && back.con_id == 265598);

    char topic [RT_TOPIC_MAX];
    assert_int_equal (rt_msg_topic (topic, sizeof topic, RT_TYPE_QUOTE, &q), 0);
    assert_string_equal (topic, "md.quote.AAPL");
    msgpack_zone_destroy (&zone);
    msgpack_sbuffer_destroy (&sbuf);
}

static void
test_order_intent_by_hand (void **state)
{
    rt_order_intent_t oi = { .side = RT_SIDE_SELL, .qty = 100, .order_type = RT_ORD_TYPE_STP_LMT,
                             .limit_price = 99.5, .stop_price = 100.0 };
    strcpy (oi.coid, "strat1-20240105-0001");
    strcpy (oi.symbol, "MSFT");
    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    assert_int_equal (rt_msg_pack (RT_TYPE_ORDER_INTENT, &oi, &sbuf), 0);

    msgpack_zone zone;
    assert_true (msgpack_zone_init (&zone, 1024));
    msgpack_object obj;
    size_t off = 0;
    assert_int_equal (msgpack_unpack (sbuf.data, sbuf.size, &off, &zone, &obj),
                      MSGPACK_UNPACK_SUCCESS);
    s_assert_str (s_map_get (&obj, "ot"), "STP LMT");
    s_assert_str (s_map_get (&obj, "sd"), "SELL");
    s_assert_str (s_map_get (&obj, "tif"), "");       //  NONE travels as ""
    s_assert_str (s_map_get (&obj, "co"), "strat1-20240105-0001");

    rt_order_intent_t back;
    assert_int_equal (rt_msg_decode (RT_TYPE_ORDER_INTENT, &back, sbuf.data, sbuf.size, &zone), 0);
    assert_int_equal (back.order_type, RT_ORD_TYPE_STP_LMT);
    assert_int_equal (back.tif, RT_TIF_NONE);
    assert_true (back.limit_price == 99.5 && back.stop_price == 100.0);

    //  The same intent as another writer would pack it: different key order, prices as
    //  integers and float32, a fixint quantity, extra keys.
    msgpack_sbuffer_clear (&sbuf);
    msgpack_packer pk;
    msgpack_packer_init (&pk, &sbuf, msgpack_sbuffer_write);
    msgpack_pack_map (&pk, 8);
    msgpack_pack_str_with_body (&pk, "lp", 2);  msgpack_pack_int (&pk, 99);
    msgpack_pack_str_with_body (&pk, "sp", 2);  msgpack_pack_float (&pk, 100.5f);
    msgpack_pack_str_with_body (&pk, "x-trace", 7);  msgpack_pack_str_with_body (&pk, "abc", 3);
    msgpack_pack_str_with_body (&pk, "q", 1);   msgpack_pack_fix_int8 (&pk, 5);
    msgpack_pack_str_with_body (&pk, "ot", 2);  msgpack_pack_str_with_body (&pk, "LMT", 3);
    msgpack_pack_str_with_body (&pk, "sd", 2);  msgpack_pack_str_with_body (&pk, "BUY", 3);
    msgpack_pack_str_with_body (&pk, "s", 1);   msgpack_pack_str_with_body (&pk, "IBM", 3);
    msgpack_pack_str_with_body (&pk, "co", 2);  msgpack_pack_str_with_body (&pk, "c-1", 3);
    assert_int_equal (rt_msg_decode (RT_TYPE_ORDER_INTENT, &back, sbuf.data, sbuf.size, &zone), 0);
    assert_true (back.limit_price == 99.0 && back.stop_price == 100.5 && back.qty == 5.0);
    assert_int_equal (back.side, RT_SIDE_BUY);
    assert_string_equal (back.symbol, "IBM");
    assert_string_equal (back.account, "");

    msgpack_zone_destroy (&zone);
    msgpack_sbuffer_destroy (&sbuf);
}

//  Integers in every msgpack form whose value fits, byte by byte.
static void
test_integer_forms (void **state)
{
    //  {"ok": true, "cd": int8 -5, "sq": uint8 7, "r": fixstr "x"}
    const unsigned char small [] = {
        0x84, 0xa2, 'o', 'k', 0xc3, 0xa2, 'c', 'd', 0xd0, 0xfb,
        0xa2, 's', 'q', 0xcc, 0x07, 0xa1, 'r', 0xa1, 'x'
    };
    //  {"ok": false, "cd": int32 1000 (positive in a signed form), "sq": int64 2^40}
    const unsigned char wide [] = {
        0x83, 0xa2, 'o', 'k', 0xc2, 0xa2, 'c', 'd', 0xd2, 0x00, 0x00, 0x03, 0xe8,
        0xa2, 's', 'q', 0xd3, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00
    };
    msgpack_zone zone;
    assert_true (msgpack_zone_init (&zone, 1024));
    rt_reply_t r;
    assert_int_equal (rt_msg_decode (RT_TYPE_REPLY, &r, (const char *) small, sizeof small, &zone), 0);
    assert_true (r.ok);
    assert_int_equal (r.code, -5);
    assert_true (r.seq == 7);
    assert_string_equal (r.reason, "x");
    assert_int_equal (rt_msg_decode (RT_TYPE_REPLY, &r, (const char *) wide, sizeof wide, &zone), 0);
    assert_false (r.ok);
    assert_int_equal (r.code, 1000);
    assert_true (r.seq == (uint64_t) 1 << 40);
    msgpack_zone_destroy (&zone);
}

static void
test_counters_and_args (void **state)
{
    rt_heartbeat_t hb = { .pid = 4242, .uptime_ms = 1234 };
    strcpy (hb.service, "gateway");
    assert_int_equal (rt_counters_set (&hb.counters, "ticks", 10), 0);
    assert_int_equal (rt_counters_set (&hb.counters, "reconnects", 1), 0);
    assert_int_equal (rt_counters_set (&hb.counters, "ticks", 11), 0);
    assert_int_equal (hb.counters.count, 2);
    assert_int_equal (rt_counters_set (&hb.counters, "a-name-that-is-far-too-long", 1), RT_ERANGE);
    char name [16];
    for (int i = 2; i < RT_COUNTERS_MAX; i++) {
        snprintf (name, sizeof name, "c%d", i);
        assert_int_equal (rt_counters_set (&hb.counters, name, (uint64_t) i), 0);
    }
    assert_int_equal (rt_counters_set (&hb.counters, "one-more", 1), RT_ERANGE);
    assert_int_equal (rt_counters_set (&hb.counters, "ticks", 12), 0);    //  update still fits

    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    msgpack_zone zone;
    assert_true (msgpack_zone_init (&zone, 1024));
    assert_int_equal (rt_msg_pack (RT_TYPE_HEARTBEAT, &hb, &sbuf), 0);
    rt_heartbeat_t back;
    assert_int_equal (rt_msg_decode (RT_TYPE_HEARTBEAT, &back, sbuf.data, sbuf.size, &zone), 0);
    assert_int_equal (back.counters.count, RT_COUNTERS_MAX);
    assert_string_equal (back.counters.item [0].name, "ticks");
    assert_true (back.counters.item [0].value == 12);
    char topic [RT_TOPIC_MAX];
    assert_int_equal (rt_msg_topic (topic, sizeof topic, RT_TYPE_HEARTBEAT, &back), 0);
    assert_string_equal (topic, "sys.hb.gateway");

    rt_command_t cmd = { 0 };
    strcpy (cmd.verb, "halt");
    assert_int_equal (rt_args_push (&cmd.args, "operator request"), 0);
    assert_int_equal (rt_args_push (&cmd.args, "b"), 0);
    assert_int_equal (rt_args_push (&cmd.args, "c"), 0);
    assert_int_equal (rt_args_push (&cmd.args, "d"), 0);
    assert_int_equal (rt_args_push (&cmd.args, "e"), RT_ERANGE);
    char long_arg [RT_ARG_MAX + 1];
    memset (long_arg, 'a', RT_ARG_MAX);
    long_arg [RT_ARG_MAX] = '\0';
    cmd.args.count = 0;
    assert_int_equal (rt_args_push (&cmd.args, long_arg), RT_ERANGE);
    long_arg [RT_ARG_MAX - 1] = '\0';
    assert_int_equal (rt_args_push (&cmd.args, long_arg), 0);
    assert_int_equal (rt_msg_pack (RT_TYPE_COMMAND, &cmd, &sbuf), 0);
    rt_command_t cmd_back;
    assert_int_equal (rt_msg_decode (RT_TYPE_COMMAND, &cmd_back, sbuf.data, sbuf.size, &zone), 0);
    assert_int_equal (cmd_back.args.count, 1);
    assert_string_equal (cmd_back.args.item [0], long_arg);
    assert_string_equal (cmd_back.verb, "halt");
    msgpack_zone_destroy (&zone);
    msgpack_sbuffer_destroy (&sbuf);
}

static void
test_topics (void **state)
{
    char buf [RT_TOPIC_MAX];
    assert_int_equal (rt_topic_format (buf, sizeof buf, RT_TYPE_CONN_STATE, NULL), 0);
    assert_string_equal (buf, "gw.conn");
    assert_int_equal (rt_topic_format (buf, sizeof buf, RT_TYPE_ORDER_STATUS, ""), 0);
    assert_string_equal (buf, "ord.status");
    assert_int_equal (rt_topic_format (buf, sizeof buf, RT_TYPE_BAR, "SPY"), 0);
    assert_string_equal (buf, "md.bar.SPY");
    assert_int_equal (rt_topic_format (buf, sizeof buf, RT_TYPE_QUOTE, "BRK B"), 0);
    assert_string_equal (buf, "md.quote.BRK_B");
    assert_int_equal (rt_topic_format (buf, sizeof buf, RT_TYPE_QUOTE, "\x01\xff"), 0);
    assert_string_equal (buf, "md.quote.__");
    //  A suffix exactly for the types that take one.
    assert_int_equal (rt_topic_format (buf, sizeof buf, RT_TYPE_QUOTE, NULL), RT_EINVAL);
    assert_int_equal (rt_topic_format (buf, sizeof buf, RT_TYPE_QUOTE, ""), RT_EINVAL);
    assert_int_equal (rt_topic_format (buf, sizeof buf, RT_TYPE_FILL, "AAPL"), RT_EINVAL);
    assert_int_equal (rt_topic_format (buf, sizeof buf, (rt_type_t) 200, NULL), RT_EUNKNOWN);
    //  Exactly fitting, one short, and longer than any topic may be.
    assert_int_equal (rt_topic_format (buf, 14, RT_TYPE_QUOTE, "AAPL"), 0);
    assert_int_equal (rt_topic_format (buf, 13, RT_TYPE_QUOTE, "AAPL"), RT_ERANGE);
    char big [300];
    char suffix [RT_TOPIC_MAX];
    memset (suffix, 'A', sizeof suffix - 1);
    suffix [sizeof suffix - 1] = '\0';
    assert_int_equal (rt_topic_format (big, sizeof big, RT_TYPE_QUOTE, suffix), RT_ERANGE);
    assert_int_equal (rt_topic_format (NULL, 0, RT_TYPE_CONN_STATE, NULL), RT_ERANGE);

    rt_quote_t q = { 0 };
    assert_int_equal (rt_msg_topic (buf, sizeof buf, RT_TYPE_QUOTE, &q), RT_EINVAL);
    memset (q.symbol, 'Z', sizeof q.symbol);            //  unterminated
    assert_int_equal (rt_msg_topic (buf, sizeof buf, RT_TYPE_QUOTE, &q), RT_ERANGE);
    rt_fill_t f = { 0 };
    assert_int_equal (rt_msg_topic (buf, sizeof buf, RT_TYPE_FILL, &f), 0);
    assert_string_equal (buf, "ord.fill");
}

static void
test_enums (void **state)
{
    assert_string_equal (rt_side_str (RT_SIDE_BUY), "BUY");
    assert_string_equal (rt_ord_type_str (RT_ORD_TYPE_STP_LMT), "STP LMT");
    assert_string_equal (rt_conn_str (RT_CONN_BREAKER_OPEN), "BREAKER_OPEN");
    assert_string_equal (rt_trading_str (RT_TRADING_HALTED), "HALTED");
    assert_string_equal (rt_side_str (RT_SIDE_NONE), "");
    assert_string_equal (rt_side_str ((rt_side_t) 77), "");
    unsigned v = 99;
    assert_int_equal (rt_enum_parse (&rt_ord_status_enum, "PARTIALLY_FILLED", 16, &v), 0);
    assert_int_equal (v, RT_ORD_STATUS_PARTIALLY_FILLED);
    assert_int_equal (rt_enum_parse (&rt_tif_enum, "", 0, &v), 0);
    assert_int_equal (v, RT_TIF_NONE);
    assert_int_equal (rt_enum_parse (&rt_tif_enum, "DAYS", 4, &v), RT_ERANGE);
    assert_int_equal (rt_enum_parse (&rt_tif_enum, "DA", 2, &v), RT_ERANGE);
    assert_int_equal (rt_enum_parse (&rt_tif_enum, "day", 3, &v), RT_ERANGE);
    assert_int_equal (rt_severity_enum.count, RT_SEVERITY_COUNT);
}

//  One caller-owned zone decodes message after message without growing: msgpack_zone_clear
//  keeps the first chunk, and every message fits in it.
static void
test_zone_is_reused (void **state)
{
    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    msgpack_zone zone;
    assert_true (msgpack_zone_init (&zone, MSGPACK_ZONE_CHUNK_SIZE));
    fixture_msg_t in, out;
    const rt_catalogue_entry_t *e = rt_catalogue_get (RT_TYPE_HEARTBEAT);
    fixture_fill (e, &in, FIXTURE_LARGE);
    assert_int_equal (rt_msg_pack (e->type, &in, &sbuf), 0);
    assert_int_equal (rt_msg_decode (e->type, &out, sbuf.data, sbuf.size, &zone), 0);
    const void *head = zone.chunk_list.head;
    for (int i = 0; i < 1000; i++) {
        const rt_catalogue_entry_t *any = rt_catalogue_get ((rt_type_t) s_ids [i % S_NTYPES]);
        fixture_fill (any, &in, (fixture_variant_t) (i % FIXTURE_VARIANTS));
        assert_int_equal (rt_msg_pack (any->type, &in, &sbuf), 0);
        assert_int_equal (rt_msg_decode (any->type, &out, sbuf.data, sbuf.size, &zone), 0);
        assert_ptr_equal (zone.chunk_list.head, head);
    }
    msgpack_zone_destroy (&zone);
    msgpack_sbuffer_destroy (&sbuf);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_table_is_consistent),
        cmocka_unit_test (test_round_trip_every_type),
        cmocka_unit_test (test_quote_by_hand),
        cmocka_unit_test (test_order_intent_by_hand),
        cmocka_unit_test (test_integer_forms),
        cmocka_unit_test (test_counters_and_args),
        cmocka_unit_test (test_topics),
        cmocka_unit_test (test_enums),
        cmocka_unit_test (test_zone_is_reused),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
