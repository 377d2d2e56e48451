/*  libFuzzer: every decoder at several server versions. Byte 0 picks the decoder, byte 1
    the version (157..200); the rest is the payload after the message id. A decoded message
    is re-encoded to check the encoder copes with whatever the decoder produced. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tws_msg.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef int (*dec_fn) (tws_reader_t *, int, void *);
typedef int (*enc_fn) (tws_writer_t *, int, const void *);
#define C(name) { (dec_fn) tws_##name##_decode, (enc_fn) tws_##name##_encode }
static const struct { dec_fn dec; enc_fn enc; } s_codecs [] = {
    C (tick_price), C (tick_size), C (tick_string), C (tick_generic), C (order_status),
    C (err_msg), C (open_order), C (completed_order), C (exec_details), C (contract_data),
    C (historical_data), C (historical_data_update), C (historical_data_end), C (realtime_bar),
    C (position), C (update_portfolio), C (update_account_value), C (account_summary),
    C (commission_report), C (pnl), C (pnl_single), C (next_valid_id), C (managed_accts),
    C (current_time), C (current_time_millis), C (market_data_type), C (tick_req_params),
    C (place_order), C (cancel_order), C (req_global_cancel), C (req_executions),
    C (req_mkt_data), C (req_historical_data), C (req_real_time_bars),
    C (req_contract_details), C (start_api), C (req_account_summary), C (req_pnl_single),
    C (req_account_updates), C (req_completed_orders), C (update_account_time),
    C (account_download_end), C (exec_details_end), C (contract_data_end),
};
#define NCODECS (sizeof s_codecs / sizeof s_codecs [0])

static union {
    tws_open_order_t oo; tws_completed_order_t co; tws_place_order_t po;
    tws_contract_data_t cd; tws_err_msg_t em; tws_req_mkt_data_t md;
    tws_historical_data_t hd;
} s_msg;
static uint8_t s_out [1 << 20];

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t which = data [0] % NCODECS;
    int sv = TWS_MIN_SERVER_VERSION + data [1] % (TWS_MAX_SERVER_VERSION - TWS_MIN_SERVER_VERSION + 1);
    //  An exact-size heap copy so ASan sees any read past the payload.
    size_t n = size - 2;
    uint8_t *copy = malloc (n? n: 1);
    if (!copy)
        return 0;
    memcpy (copy, data + 2, n);
    tws_reader_t r;
    tws_reader_init (&r, copy, n);
    if (s_codecs [which].dec (&r, sv, &s_msg) == 0) {
        if (which == 10) {
            //  historicalData: stream the announced bars.
            tws_bar_t bar;
            const tws_historical_data_t *hd = (const tws_historical_data_t *) &s_msg;
            for (int i = 0; i < hd->bar_count && i < 100000; i++)
                if (tws_bar_decode (&r, sv, &bar) != 0)
                    break;
        }
        else {
            tws_writer_t w;
            tws_writer_init (&w, s_out, sizeof s_out);
            s_codecs [which].enc (&w, sv, &s_msg);
        }
    }
    free (copy);
    return 0;
}
