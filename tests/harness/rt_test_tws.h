/*  rt_test_tws.h - tc: a raw TWS API client for tests, speaking only through lib/tws.

    Blocking TCP to 127.0.0.1 with deadlines: the hello, START_API, frames read into a fixed
    buffer and split with tws_frame_split, requests encoded at the negotiated version
    (TC_SEND). The tws-sim tests drive the simulator with it; the gateway tests use it as a
    second API client (one that holds a client id, to make the gateway see 326).
*/
#ifndef RT_TEST_TWS_H_INCLUDED
#define RT_TEST_TWS_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tws_frame.h"
#include "tws_msg.h"

typedef struct {
    int fd;
    int version;                //  negotiated
    char conn_time [64];
    uint8_t buf [1 << 20];
    size_t off;                 //  first unread byte
    size_t len;                 //  unread bytes
    //  Last frame returned by tc_recv (points into frame).
    uint8_t frame [1 << 20];
    size_t frame_len;
    int msg_id;
    //  Raw copy of every frame received after the version reply (for determinism checks).
    uint8_t *log;
    size_t log_len;
    size_t log_cap;
    bool keep_log;
} tc_t;

//  TCP connect to 127.0.0.1:port; -1 on failure.
int tc_connect (tc_t *c, int port);
void tc_close (tc_t *c);
//  A client with no connection yet (fd -1), or NULL when out of memory; tc_destroy closes
//  and frees it and nulls the pointer (NULL-safe, for teardowns).
tc_t *tc_new (void);
void tc_destroy (tc_t **c_p);
//  Sends the hello and reads the version reply (timeout ms). 0, or -1 (no reply / EOF).
int tc_hello (tc_t *c, int min_version, int max_version, int timeout_ms);
//  Sends raw bytes.
int tc_send_raw (tc_t *c, const void *p, size_t n);
//  Next frame into c->frame / c->msg_id. 0, -1 on timeout, -2 on EOF.
int tc_recv (tc_t *c, int timeout_ms);
//  Reads frames until one with msg id `id` (and, for errors, code `code` unless 0).
//  0 found, -1 timeout, -2 EOF.
int tc_wait_for (tc_t *c, int id, int code, int timeout_ms);
//  Decodes the current frame as an error message (0 when it is one).
int tc_error (tc_t *c, tws_err_msg_t *e);
//  START_API and wait for nextValidId; *next_id gets it. 0 or -1.
int tc_start (tc_t *c, int client_id, int *next_id);
//  Encodes a request at the negotiated version and sends it.
#define TC_SEND(rc, c, name, msgp)                                                \
    do {                                                                          \
        static uint8_t b_ [65536];                                                \
        tws_writer_t w_;                                                          \
        tws_writer_init (&w_, b_, sizeof b_);                                     \
        size_t n_ = 0;                                                            \
        rc = tws_##name##_encode (&w_, (c)->version, msgp);                       \
        if (rc == 0)                                                              \
            rc = tws_writer_finish (&w_, &n_);                                    \
        if (rc == 0)                                                              \
            rc = tc_send_raw ((c), b_, n_);                                       \
    } while (0)

//  A DAY LMT (or MKT when lmt <= 0) stock order on SMART.
int tc_place (tc_t *c, int order_id, const char *symbol, const char *action, double qty,
              double lmt);
int tc_cancel (tc_t *c, int order_id);
//  Waits ms of real time (for real-time server timers such as `restart S`).
void tc_pause_ms (int ms);
//  True when the peer closed (EOF) within timeout_ms, skipping frames.
bool tc_wait_eof (tc_t *c, int timeout_ms);

#endif
