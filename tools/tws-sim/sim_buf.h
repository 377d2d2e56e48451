/*  sim_buf.h - a bounded byte queue for a session's input and output.

    Bytes are appended at the tail and consumed from the head; the storage grows on demand
    but never holds more than `limit` unconsumed bytes, which is what keeps a client that
    stops reading from eating the simulator's memory.
*/
#ifndef SIM_BUF_H_INCLUDED
#define SIM_BUF_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t *data;
    size_t off;                 //  first unconsumed byte
    size_t len;                 //  unconsumed bytes
    size_t cap;
    size_t limit;               //  most unconsumed bytes allowed
} sim_buf_t;

void sim_buf_init (sim_buf_t *b, size_t limit);
void sim_buf_free (sim_buf_t *b);
//  Room for `want` more bytes at the tail (storage may be larger); NULL with *rc = RT_ERANGE
//  when that would pass the limit, RT_ENOMEM when allocation fails.
uint8_t *sim_buf_reserve (sim_buf_t *b, size_t want, size_t *room, int *rc);
void sim_buf_commit (sim_buf_t *b, size_t n);
void sim_buf_consume (sim_buf_t *b, size_t n);
int sim_buf_append (sim_buf_t *b, const void *p, size_t n);
//  Bounded string copy: cuts silently, always NUL-terminates (cap > 0).
static inline void
sim_copy (char *dst, size_t cap, const char *src)
{
    size_t n = 0;
    if (src)
        while (n + 1 < cap && src [n])
            n++;
    for (size_t i = 0; i < n; i++)
        dst [i] = src [i];
    dst [n] = 0;
}

static inline const uint8_t *sim_buf_head (const sim_buf_t *b) { return b->data + b->off; }

#endif
