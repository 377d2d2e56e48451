/*  gw_fake.h - a fake of gw.h's loop side for the gateway module tests (gw_md, gw_orders):
    no sockets, no pacer timing, an injected clock. It records what a module does:

      frames     every TWS request committed (bytes with the length prefix, lane, tag, HMDS
                 key), decodable with lib/tws
      published  every gw_publish, packed exactly like the loop (topic, header, body in
                 reused buffers) and decoded back with the catalogue; gw_report lands here
                 too, as an ERROR_EVENT on the state stream
      replies    every gw_reply; peer_msgs every gw_send_to_peer (decoded back likewise)
      counters   gw_count by name; hist_done calls; reconcile_done calls
      failures   publish_errors (a publication or peer message the loop would have refused:
                 no topic, or the catalogue would not pack or decode it) and overflow
                 (records dropped because a list was full): a test expects both 0

    Knobs: server version, clock, session up/down, accepts_orders, account, the next request
    id, and a forced gw_tws_commit result (RT_EAGAIN to simulate a full pacer). With record
    off, gw_publish only packs, and with no_pack it does nothing (for measurements).

    Server messages for a module's on_tws come from GW_FAKE_SERVER_MSG: encoded with lib/tws
    at the fake's server version, then read back up to the message id as the loop would.
*/
#ifndef GW_FAKE_H_INCLUDED
#define GW_FAKE_H_INCLUDED

#include "gw.h"

#define GW_FAKE_FRAMES    1024
#define GW_FAKE_MSGS      4096
#define GW_FAKE_REPLIES   256
#define GW_FAKE_COUNTERS  32
#define GW_FAKE_FRAME_MAX 4096
#define GW_FAKE_BODY_MAX  2048
#define GW_FAKE_SERVER_MAX 65536

typedef struct {
    uint8_t bytes [GW_FAKE_FRAME_MAX];      //  length prefix included
    size_t len;
    gw_lane_t lane;
    uint64_t tag;
    bool has_hist;
    gw_hist_req_t hist;
} gw_fake_frame_t;

typedef struct {
    gw_stream_t stream;
    rt_type_t type;
    char topic [RT_TOPIC_MAX];
    uint64_t seq;                           //  per stream, from 1
    _Alignas (16) unsigned char body [GW_FAKE_BODY_MAX];    //  rt_<type>_t, decoded back
} gw_fake_msg_t;

typedef struct {
    bool ok;
    int code;
    char id [RT_COID_MAX];
    char reason [RT_TEXT_MAX];
} gw_fake_reply_t;

typedef struct {
    rt_type_t type;
    _Alignas (16) unsigned char body [GW_FAKE_BODY_MAX];
} gw_fake_peer_msg_t;

typedef struct {
    char name [32];
    uint64_t value;
} gw_fake_counter_t;

struct _gw_t {
    //  knobs
    int server_version;
    uint64_t now_ms;
    bool up;
    bool accepts_orders;
    int commit_rc;                          //  forced gw_tws_commit result when non-zero
    int next_req_id;
    bool record;                            //  default true
    char account [RT_ACCOUNT_MAX];          //  gw_account (), "" by default
    bool no_pack;                           //  gw_publish does nothing (measurements)
    //  records
    gw_fake_frame_t *frames;                //  GW_FAKE_FRAMES
    uint32_t frame_count;
    gw_fake_msg_t *msgs;                    //  GW_FAKE_MSGS
    uint32_t msg_count;
    gw_fake_reply_t replies [GW_FAKE_REPLIES];     //  a ring: the latest GW_FAKE_REPLIES
    uint32_t reply_count;                   //  replies ever (since the last clear)
    gw_fake_peer_msg_t *peer_msgs;          //  GW_FAKE_REPLIES
    uint32_t peer_msg_count;
    gw_fake_counter_t counters [GW_FAKE_COUNTERS];
    uint32_t counter_count;
    uint32_t hist_done;
    uint32_t reconcile_done;
    uint32_t overflow;                      //  records dropped because a list was full
    uint32_t publish_errors;                //  publications / peer messages that failed
    uint64_t seq [2];
    //  internals
    uint8_t stage [GW_FAKE_FRAME_MAX];
    tws_writer_t writer;
    bool writing;
    msgpack_sbuffer head;
    msgpack_sbuffer body;
    msgpack_zone zone;
    char topic [RT_TOPIC_MAX];
    uint8_t *server;                        //  GW_FAKE_SERVER_MAX: one server message
    tws_writer_t server_writer;
    size_t server_len;
};

gw_t *gw_fake_new (int server_version);
void gw_fake_destroy (gw_t **self_p);
//  Forgets every record (knobs and counters stay).
void gw_fake_clear (gw_t *self);
uint64_t gw_fake_counter (const gw_t *self, const char *name);

//  Decodes recorded frame i into its payload reader, positioned after the message id.
int gw_fake_frame_reader (const gw_t *self, uint32_t i, tws_reader_t *r, int *msg_id);
//  The message id of recorded frame i (-1 when there is no such frame or it has no id).
int gw_fake_frame_id (const gw_t *self, uint32_t i);
//  How many recorded frames carry message id msg_id.
uint32_t gw_fake_frame_count (const gw_t *self, int msg_id);

//  The n-th (0-based) recorded message of a type, or NULL; the last one, or NULL.
const void *gw_fake_msg (const gw_t *self, rt_type_t type, uint32_t n);
const void *gw_fake_last_msg (const gw_t *self, rt_type_t type);
uint32_t gw_fake_msg_count (const gw_t *self, rt_type_t type);
const gw_fake_reply_t *gw_fake_last_reply (const gw_t *self);

//  One server message, as the loop hands it to a module: GW_FAKE_SERVER_MSG (gw, order_status,
//  &msg, &reader, &msg_id) encodes msg with tws_order_status_encode at gw->server_version
//  into the fake's buffer (valid until the next one) and positions reader after the id.
//  Returns 0 or the encoder's / reader's error.
#define GW_FAKE_SERVER_MSG(gw, name, msg, r, msg_id) \
    gw_fake_server_msg_end ((gw), tws_ ## name ## _encode (gw_fake_server_msg_begin (gw), \
                            (gw)->server_version, (msg)), (r), (msg_id))
tws_writer_t *gw_fake_server_msg_begin (gw_t *self);
int gw_fake_server_msg_end (gw_t *self, int encode_rc, tws_reader_t *r, int *msg_id);

#endif
