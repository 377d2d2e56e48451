/*  proto_fixture.c - sample messages for the proto tests, built from the field tables. */
#include <assert.h>
#include <string.h>
#include "proto_fixture.h"

static void
s_fill_str (char *dest, size_t cap, size_t index, fixture_variant_t variant)
{
    size_t len = variant == FIXTURE_LARGE? cap - 1: 1 + index % (cap - 1);
    for (size_t i = 0; i < len; i++)
        dest [i] = (char) ('A' + (index + i) % 26);
    dest [len] = '\0';
}

void
fixture_fill (const rt_catalogue_entry_t *entry, void *msg, fixture_variant_t variant)
{
    assert (entry->size <= sizeof (fixture_msg_t));
    memset (msg, 0, entry->size);
    bool large = variant == FIXTURE_LARGE;
    for (size_t i = 0; i < entry->field_count; i++) {
        const rt_field_t *f = &entry->fields [i];
        void *p = (char *) msg + f->offset;
        switch (f->kind) {
            case RT_KIND_U64:
                *(uint64_t *) p = large? UINT64_MAX - i: 1 + i;
                break;
            case RT_KIND_U32:
                *(uint32_t *) p = large? UINT32_MAX - (uint32_t) i: 2 + (uint32_t) i;
                break;
            case RT_KIND_I64:
                *(int64_t *) p = large? INT64_MIN + (int64_t) i: -1 - (int64_t) i;
                break;
            case RT_KIND_I32:
                *(int32_t *) p = large? INT32_MIN + (int32_t) i: -3 - (int32_t) i;
                break;
            case RT_KIND_F64:
                *(double *) p = large? -123456.789012 * (double) (i + 1): 0.25 + (double) i;
                break;
            case RT_KIND_BOOL:
                *(bool *) p = true;
                break;
            case RT_KIND_STR:
                s_fill_str (p, f->size, i, variant);
                break;
            case RT_KIND_ENUM: {
                unsigned value = large? f->enum_info->count - 1: 1;
                memcpy (p, &value, sizeof value);
                break;
            }
            case RT_KIND_COUNTERS: {
                rt_counters_t *counters = p;
                counters->count = large? RT_COUNTERS_MAX: 1;
                for (uint32_t k = 0; k < counters->count; k++) {
                    s_fill_str (counters->item [k].name, RT_COUNTER_NAME_MAX, k, variant);
                    //  Names must differ: make the first letter the slot number.
                    counters->item [k].name [0] = (char) ('a' + k);
                    counters->item [k].value = large? UINT64_MAX - k: k;
                }
                break;
            }
            case RT_KIND_ARGS: {
                rt_args_t *args = p;
                args->count = large? RT_ARGS_MAX: 1;
                for (uint32_t k = 0; k < args->count; k++)
                    s_fill_str (args->item [k], RT_ARG_MAX, k, variant);
                break;
            }
            default:
                assert (!"unknown kind");
        }
    }
}
