/*  sim_session.c - per-client buffers and subscriptions. */
#include "sim_session.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto/rt_error.h"
#include "tws_frame.h"
#include "sim_blast.h"

//  A client may send one frame of up to TWS_MAX_PAYLOAD; the buffer only grows as such a
//  frame actually arrives.
#define SIM_IN_LIMIT (TWS_MAX_PAYLOAD + TWS_HEADER_LEN + 65536)

sim_session_t *
sim_session_new (uint64_t id, int fd, const char *peer, size_t out_limit, int pace_limit)
{
    sim_session_t *s = calloc (1, sizeof *s);
    if (!s)
        return NULL;
    s->id = id;
    s->fd = fd;
    s->state = SIM_S_HELLO;
    s->client_id = -1;
    s->market_data_type = 1;
    sim_copy (s->peer, sizeof s->peer, peer ? peer : "?");
    sim_buf_init (&s->in, SIM_IN_LIMIT);
    sim_buf_init (&s->out, out_limit);
    sim_pacing_init (&s->pacing, pace_limit);
    return s;
}

void
sim_session_destroy (sim_session_t **p)
{
    assert (p);
    sim_session_t *s = *p;
    if (!s)
        return;
    if (s->fd >= 0)
        close (s->fd);
    sim_buf_free (&s->in);
    sim_buf_free (&s->out);
    sim_blast_destroy (&s->blast);
    free (s);
    *p = NULL;
}

int
sim_session_frame_begin (sim_session_t *s, tws_writer_t *w, size_t cap)
{
    int rc;
    size_t room;
    if (s->overflow)
        return RT_ERANGE;
    uint8_t *dst = sim_buf_reserve (&s->out, cap, &room, &rc);
    if (!dst) {
        if (rc == RT_ERANGE && cap <= 65536)
            s->overflow = true;         //  an ordinary frame does not fit: a slow reader
        return rc;
    }
    tws_writer_init (w, dst, cap);
    return 0;
}

int
sim_session_frame_end (sim_session_t *s, tws_writer_t *w)
{
    size_t n = 0;
    int rc = tws_writer_finish (w, &n);
    if (rc)
        return rc;
    sim_buf_commit (&s->out, n);
    s->msgs_out++;
    return 0;
}

int
sim_session_send_raw (sim_session_t *s, const void *p, size_t n)
{
    return sim_buf_append (&s->out, p, n);
}

bool
sim_session_wants_write (const sim_session_t *s)
{
    return s->out.len > 0 || s->blast_left > 0;
}

sim_sub_t *
sim_session_sub_find (sim_session_t *s, int kind, int req_id)
{
    for (int i = 0; i < SIM_MAX_SUBS; i++)
        if (s->subs [i].kind == kind && s->subs [i].req_id == req_id)
            return &s->subs [i];
    return NULL;
}

sim_sub_t *
sim_session_sub_add (sim_session_t *s, int kind, int req_id)
{
    for (int i = 0; i < SIM_MAX_SUBS; i++)
        if (s->subs [i].kind == 0) {
            memset (&s->subs [i], 0, sizeof s->subs [i]);
            s->subs [i].kind = kind;
            s->subs [i].req_id = req_id;
            s->subs [i].sym = -1;
            return &s->subs [i];
        }
    return NULL;
}

void
sim_session_sub_del (sim_session_t *s, sim_sub_t *sub)
{
    (void) s;
    if (sub)
        memset (sub, 0, sizeof *sub);
}

const char *
sim_session_state_name (sim_state_t state)
{
    switch (state) {
        case SIM_S_HELLO:      return "hello";
        case SIM_S_HUNG:       return "hung";
        case SIM_S_DELAYED:    return "delayed";
        case SIM_S_WAIT_START: return "wait-start";
        case SIM_S_READY:      return "ready";
        case SIM_S_CLOSING:    return "closing";
        case SIM_S_DEAD:       return "dead";
    }
    return "?";
}
