/*  gw_fake.h - a fake of the loop side of gw.h for gw_orders' unit tests.

    Records every TWS frame a module queues (lane, tag, bytes), every published message
    decoded back through the catalogue (so a message the catalogue would refuse fails the
    test), every reply, every message sent to a peer and every sys.error report. Settable:
    server version, clock, session up, accepting orders, the result of the next commit.
*/
#ifndef GW_FAKE_H_INCLUDED
#define GW_FAKE_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include "gw.h"

#define FAKE_FRAMES_MAX   64
#define FAKE_FRAME_MAX    4096
#define FAKE_PUBS_MAX     256
#define FAKE_REPLIES_MAX  64
#define FAKE_REPORTS_MAX  64

typedef union {
    rt_order_status_t status;
    rt_fill_t fill;
    rt_account_value_t value;
    rt_position_t position;
    rt_error_event_t error;
} fake_msg_t;

typedef struct {
    rt_type_t type;
    fake_msg_t m;
} fake_pub_t;

typedef struct {
    gw_lane_t lane;
    uint64_t tag;
    size_t len;                         //  payload bytes (no length prefix)
    uint8_t payload [FAKE_FRAME_MAX];
} fake_frame_t;

typedef struct {
    bool ok;
    int code;
    char id [RT_COID_MAX];
    char reason [RT_TEXT_MAX];
} fake_reply_t;

typedef struct {
    int code;
    rt_severity_t severity;
    int64_t order_id;
    char text [RT_TEXT_MAX];
} fake_report_t;

struct _gw_t {
    //  Settable
    int server_version;
    uint64_t now_ms;
    bool tws_up;
    bool accepts;
    int commit_rc;                      //  forced result of the next commits (0: queue)
    char account [RT_ACCOUNT_MAX];      //  what gw_account () answers
    //  Recorded
    fake_frame_t frames [FAKE_FRAMES_MAX];
    int nframes;
    fake_pub_t pubs [FAKE_PUBS_MAX];
    int npubs;
    fake_pub_t peer_msgs [FAKE_PUBS_MAX];
    int npeer;
    fake_reply_t replies [FAKE_REPLIES_MAX];
    int nreplies;
    fake_report_t reports [FAKE_REPORTS_MAX];
    int nreports;
    int reconcile_done;
    int next_req_id;
    uint64_t orders_counted;
    uint64_t fills_counted;
    //  Internals
    tws_writer_t writer;
    bool begun;
    uint8_t wbuf [FAKE_FRAME_MAX + 4];
    msgpack_sbuffer sbuf;
    msgpack_zone zone;
};

gw_t *fake_new (void);
void fake_destroy (gw_t **self_p);

//  Forget what was recorded so far.
void fake_clear (gw_t *self);

//  Message id of frame i.
int fake_frame_id (const gw_t *self, int i);
//  Reader positioned after the message id of frame i.
void fake_frame_reader (const gw_t *self, int i, tws_reader_t *r);
//  Number of frames with message id `id`.
int fake_count_frames (const gw_t *self, int id);

//  Number of publications of one type; the n-th of them (NULL if absent).
int fake_count_pubs (const gw_t *self, rt_type_t type);
const fake_msg_t *fake_pub (const gw_t *self, rt_type_t type, int n);
const fake_msg_t *fake_last_pub (const gw_t *self, rt_type_t type);

//  Feeds one server payload (after encoding) to gw_orders_on_tws; returns its result.
int fake_feed_payload (gw_t *self, gw_orders_t *orders, const uint8_t *payload, size_t len);

//  Encodes a server message with lib/tws and feeds it: FAKE_FEED (gw, orders, name, &msg).
#define FAKE_FEED(gw, orders, name, msg) \
    fake_feed_ ## name ((gw), (orders), (msg))
#define FAKE_DECLARE_FEED(name) \
    int fake_feed_ ## name (gw_t *gw, gw_orders_t *orders, const tws_ ## name ## _t *m);
FAKE_DECLARE_FEED (order_status)
FAKE_DECLARE_FEED (open_order)
FAKE_DECLARE_FEED (open_order_end)
FAKE_DECLARE_FEED (completed_order)
FAKE_DECLARE_FEED (completed_orders_end)
FAKE_DECLARE_FEED (exec_details)
FAKE_DECLARE_FEED (exec_details_end)
FAKE_DECLARE_FEED (commission_report)
FAKE_DECLARE_FEED (err_msg)
FAKE_DECLARE_FEED (update_account_value)
FAKE_DECLARE_FEED (update_portfolio)
FAKE_DECLARE_FEED (position)
FAKE_DECLARE_FEED (position_end)
FAKE_DECLARE_FEED (managed_accts)

//  Sends one command (packed with the catalogue) to gw_orders_on_command.
int fake_command (gw_t *self, gw_orders_t *orders, rt_type_t type, const void *msg);
//  Sends a raw msgpack body as a command of `type`.
int fake_command_raw (gw_t *self, gw_orders_t *orders, rt_type_t type, const void *body,
                      size_t len);

const fake_reply_t *fake_last_reply (const gw_t *self);

#endif
