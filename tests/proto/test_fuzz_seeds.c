/*  test_fuzz_seeds.c - the fuzzers' seed corpora are valid messages of today's catalogue.

    With RT_PROTO_SEEDS_WRITE=1 it (re)writes the seeds into fuzz/corpus/{envelope,catalogue}
    under RT_SOURCE_DIR; otherwise it checks that every committed seed still decodes, so the
    corpora follow the catalogue as it changes. A catalogue seed is one type byte, then a body.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "rt_catalogue.h"
#include "proto_fixture.h"

static void
s_path (char *buf, size_t cap, const char *corpus, const char *name)
{
    const char *root = getenv ("RT_SOURCE_DIR");
    assert_non_null (root);
    snprintf (buf, cap, "%s/fuzz/corpus/%s%s%s", root, corpus, name? "/": "", name? name: "");
}

static void
s_write (const char *corpus, const char *name, const void *prefix, size_t prefix_size,
         const void *data, size_t size)
{
    char path [4096];
    s_path (path, sizeof path, corpus, name);
    FILE *file = fopen (path, "wb");
    if (!file)
        fail_msg ("cannot write %s", path);
    assert_int_equal (fwrite (prefix, 1, prefix_size, file), prefix_size);
    assert_int_equal (fwrite (data, 1, size, file), size);
    assert_int_equal (fclose (file), 0);
}

static void
s_write_seeds (void)
{
    msgpack_sbuffer sbuf;
    msgpack_sbuffer_init (&sbuf);
    fixture_msg_t msg;
    static const char *const variant_names [] = { "large", "small" };
    for (unsigned t = 0; t < RT_TYPE_END; t++) {
        const rt_catalogue_entry_t *e = rt_catalogue_get ((rt_type_t) t);
        if (!e)
            continue;
        for (int v = 0; v < FIXTURE_VARIANTS; v++) {
            fixture_fill (e, &msg, (fixture_variant_t) v);
            assert_int_equal (rt_msg_pack (e->type, &msg, &sbuf), 0);
            char name [64];
            snprintf (name, sizeof name, "%s-%s", e->name, variant_names [v]);
            uint8_t type = (uint8_t) t;
            s_write ("catalogue", name, &type, 1, sbuf.data, sbuf.size);
        }
    }
    rt_header_t header = { .version = RT_SCHEMA_VERSION, .type = RT_TYPE_QUOTE,
                           .seq = 1, .ts_ns = 1700000000000000000ull };
    strcpy (header.src, "gateway");
    for (int with_corr = 0; with_corr < 2; with_corr++) {
        msgpack_sbuffer_clear (&sbuf);
        msgpack_packer pk;
        msgpack_packer_init (&pk, &sbuf, msgpack_sbuffer_write);
        if (with_corr)
            strcpy (header.corr, "req-0001");
        assert_int_equal (rt_header_encode (&header, &pk), 0);
        s_write ("envelope", with_corr? "header-cid": "header", "", 0, sbuf.data, sbuf.size);
    }
    msgpack_sbuffer_destroy (&sbuf);
}

static void
s_check_dir (const char *corpus, int (*check) (const char *, size_t))
{
    char dir_path [4096];
    s_path (dir_path, sizeof dir_path, corpus, NULL);
    DIR *dir = opendir (dir_path);
    if (!dir)
        fail_msg ("cannot open %s", dir_path);
    int seeds = 0;
    struct dirent *entry;
    while ((entry = readdir (dir))) {
        if (entry->d_name [0] == '.')
            continue;
        char path [4096 + 256];
        snprintf (path, sizeof path, "%s/%s", dir_path, entry->d_name);
        FILE *file = fopen (path, "rb");
        assert_non_null (file);
        char data [8192];
        size_t size = fread (data, 1, sizeof data, file);
        assert_int_equal (ferror (file), 0);
        fclose (file);
        int rc = check (data, size);
        if (rc)
            fail_msg ("seed %s no longer decodes: %s", path, rt_strerror (rc));
        seeds++;
    }
    closedir (dir);
    assert_true (seeds >= 2);
}

static int
s_check_catalogue (const char *data, size_t size)
{
    if (size < 1)
        return RT_ETRUNC;
    msgpack_zone zone;
    assert_true (msgpack_zone_init (&zone, 4096));
    fixture_msg_t msg;
    int rc = rt_msg_decode ((rt_type_t) (uint8_t) data [0], &msg, data + 1, size - 1, &zone);
    msgpack_zone_destroy (&zone);
    return rc;
}

static int
s_check_envelope (const char *data, size_t size)
{
    rt_header_t header;
    return rt_header_decode (&header, data, size);
}

static void
test_seeds_decode (void **state)
{
    s_check_dir ("catalogue", s_check_catalogue);
    s_check_dir ("envelope", s_check_envelope);
}

int
main (void)
{
    if (getenv ("RT_PROTO_SEEDS_WRITE")) {
        s_write_seeds ();
        return 0;
    }
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_seeds_decode),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
