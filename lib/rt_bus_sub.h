/*  rt_bus_sub.h - rt_sub: an event subscriber (SUB, connects) that checks sequences.

    Tracks the last sequence of each source service. A message that does not follow the
    last one is reported with it, so the caller can resynchronise from a snapshot:
        RT_SEQ_FIRST    first message seen from this source (ask for a snapshot)
        RT_SEQ_GAP      seq > expected: messages expected..seq-1 were lost (HWM, reconnect)
        RT_SEQ_RESTART  seq < expected: the publisher restarted and numbers from 1 again
                        (seq is usually 1; higher when its first messages were missed)
    Malformed messages (wrong frame count, bad topic, bad header) are counted and skipped.

    The sequence is per publisher, over all its topics, so the numbers of the topics a
    prefix filter leaves out look like gaps. Gaps are therefore checked only while the
    subscriber takes a publisher's whole stream (it subscribed to ""), unless the caller
    decides otherwise with rt_sub_set_gap_check. Restarts are always detected: filtering
    never makes a sequence go backwards.
*/
#ifndef RT_BUS_SUB_H_INCLUDED
#define RT_BUS_SUB_H_INCLUDED

#include "rt_bus.h"

//  Distinct sources tracked; more are delivered but not checked (counted as untracked).
#define RT_SUB_SOURCES_MAX 64

typedef enum {
    RT_SEQ_OK = 0,
    RT_SEQ_FIRST,
    RT_SEQ_GAP,
    RT_SEQ_RESTART,
} rt_seq_kind_t;

typedef struct {
    rt_seq_kind_t kind;
    uint64_t expected;              //  GAP / RESTART: the sequence that was due
    uint64_t got;                   //  the message's sequence
} rt_seq_event_t;

typedef struct {
    uint64_t received;              //  well-formed messages delivered
    uint64_t malformed;             //  skipped
    uint64_t gaps;                  //  GAP events
    uint64_t lost;                  //  sum of the messages missing in gaps
    uint64_t restarts;              //  RESTART events
    uint64_t untracked;             //  messages from sources beyond RT_SUB_SOURCES_MAX
} rt_sub_stats_t;

typedef struct _rt_sub_t rt_sub_t;

//  A SUB socket for a client of the given role (its CURVE role: "risk", "rt-tap"; or a path
//  to a secret cert file). Subscribes to nothing until rt_sub_subscribe. opts may be NULL.
rt_sub_t *rt_sub_new (const char *role);
rt_sub_t *rt_sub_new_opts (const char *role, const rt_bus_opts_t *opts);
void rt_sub_destroy (rt_sub_t **self_p);

//  Connects to a publisher; server_role names its CURVE role ("gateway", or a path to its
//  public cert) and matters only with RT_CURVE_DIR. Returns 0, RT_EINVAL or RT_EIO.
int rt_sub_connect (rt_sub_t *self, const char *endpoint, const char *server_role);

//  Topic prefix filters; "" selects everything. Return 0 or RT_EINVAL.
int rt_sub_subscribe (rt_sub_t *self, const char *prefix);
int rt_sub_unsubscribe (rt_sub_t *self, const char *prefix);

//  Receives the next well-formed message into msg (borrowed until the next receive), and
//  its sequence check into seq (may be NULL). timeout_ms: -1 waits, 0 does not wait.
//  Returns 0, RT_EAGAIN (timeout 0 and nothing waiting, or a signal arrived: check
//  zsys_interrupted or your flag), RT_ETIMEOUT or RT_EIO.
int rt_sub_recv (rt_sub_t *self, rt_bus_msg_t *msg, rt_seq_event_t *seq, int timeout_ms);

//  Forgets the sequence of src (or of every source when src is NULL): after a resync from
//  a snapshot, the next message of src is RT_SEQ_FIRST again and is not a gap.
void rt_sub_reset (rt_sub_t *self, const char *src);

//  RT_SUB_GAPS_AUTO (the default): check gaps while subscribed to "" only; RT_SUB_GAPS_ON:
//  always (every subscribed topic family is known to be complete); RT_SUB_GAPS_OFF: never.
typedef enum { RT_SUB_GAPS_AUTO = 0, RT_SUB_GAPS_ON, RT_SUB_GAPS_OFF } rt_sub_gaps_t;
void rt_sub_set_gap_check (rt_sub_t *self, rt_sub_gaps_t mode);

void rt_sub_stats (const rt_sub_t *self, rt_sub_stats_t *stats);

zsock_t *rt_sub_sock (rt_sub_t *self);

#endif
