/*  gw_pacer.c - token bucket + HMDS rules over a fixed pool of frame slots. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "gw_pacer.h"

//  Tokens are kept in thousandths so that refill (rate per 1000 ms) is exact in integers.
#define S_UNIT 1000ULL
#define S_NONE UINT32_MAX

typedef struct {
    uint32_t len;
    uint32_t next;          //  next slot in the same lane, or the free list
    gw_lane_t lane;
    uint64_t tag;
    uint64_t enqueued_ms;
    gw_hist_req_t hist;
} s_slot_t;

typedef struct {
    uint32_t head, tail, count;
} s_lane_t;

typedef struct {
    uint64_t sent_ms;
    uint64_t key;
    uint64_t contract_key;
    uint32_t weight;
} s_hist_log_t;

struct _gw_pacer_t {
    gw_pacer_config_t cfg;
    uint8_t *data;              //  capacity * frame_max bytes
    s_slot_t *slots;
    uint32_t free_head;
    uint32_t used;              //  slots not on the free list
    uint32_t held;              //  slot returned by the last pop/drop, freed on the next call
    s_lane_t lanes [GW_LANE_COUNT];
    uint64_t tokens;            //  in S_UNIT per message
    uint64_t refilled_ms;
    s_hist_log_t *log;          //  chronological ring of sent historical requests
    uint32_t log_size, log_start, log_count;
    gw_pacer_stats_t stats;
};

void
gw_pacer_config_defaults (gw_pacer_config_t *cfg)
{
    assert (cfg);
    *cfg = (gw_pacer_config_t) {
        .rate = 45, .burst = 4, .capacity = 1024, .frame_max = 4096,
        .order_reserve = 1024 / 8, .hist_max = 1024 / 4,
        .hist_identical_ms = 15000, .hist_window_ms = 600000, .hist_window_max = 60,
        .hist_open_max = 50, .hist_burst_ms = 2000, .hist_burst_max = 5,
    };
}

uint64_t
gw_pacer_hash (uint64_t seed, const void *data, size_t len)
{
    const unsigned char *bytes = data;
    for (size_t i = 0; i < len; i++) {
        seed ^= bytes [i];
        seed *= 0x100000001b3ULL;
    }
    return seed;
}

gw_pacer_t *
gw_pacer_new (const gw_pacer_config_t *cfg, uint64_t now_ms)
{
    assert (cfg);
    if (cfg->rate == 0 || cfg->rate > 1000 || cfg->burst == 0 || cfg->capacity == 0
    ||  cfg->capacity >= S_NONE || cfg->frame_max < 16
    ||  cfg->order_reserve >= cfg->capacity || cfg->hist_max == 0
    ||  cfg->hist_window_max == 0 || cfg->hist_open_max == 0 || cfg->hist_burst_max == 0
    ||  cfg->hist_identical_ms > cfg->hist_window_ms
    ||  cfg->hist_burst_ms > cfg->hist_window_ms)
        return NULL;
    gw_pacer_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->cfg = *cfg;
    self->data = calloc (cfg->capacity, cfg->frame_max);
    self->slots = calloc (cfg->capacity, sizeof *self->slots);
    //  Every entry of the log within the window weighs >= 1, so hist_window_max entries
    //  cover the whole window (and the shorter identical / same-contract windows).
    self->log_size = cfg->hist_window_max;
    self->log = calloc (self->log_size, sizeof *self->log);
    if (!self->data || !self->slots || !self->log) {
        gw_pacer_destroy (&self);
        return NULL;
    }
    for (uint32_t i = 0; i < cfg->capacity; i++)
        self->slots [i].next = i + 1 < cfg->capacity? i + 1: S_NONE;
    self->free_head = 0;
    self->held = S_NONE;
    for (int lane = 0; lane < GW_LANE_COUNT; lane++)
        self->lanes [lane] = (s_lane_t) { S_NONE, S_NONE, 0 };
    self->tokens = (uint64_t) cfg->burst * S_UNIT;
    self->refilled_ms = now_ms;
    return self;
}

void
gw_pacer_destroy (gw_pacer_t **self_p)
{
    assert (self_p);
    gw_pacer_t *self = *self_p;
    if (self) {
        free (self->data);
        free (self->slots);
        free (self->log);
        free (self);
        *self_p = NULL;
    }
}

static void
s_release_held (gw_pacer_t *self)
{
    if (self->held != S_NONE) {
        self->slots [self->held].next = self->free_head;
        self->free_head = self->held;
        self->held = S_NONE;
        self->used--;
    }
}

//  Tokens as of now_ms, without changing state (time never goes backwards here).
static uint64_t
s_tokens_at (const gw_pacer_t *self, uint64_t now_ms)
{
    uint64_t cap = (uint64_t) self->cfg.burst * S_UNIT;
    if (now_ms <= self->refilled_ms)
        return self->tokens;
    uint64_t elapsed = now_ms - self->refilled_ms;
    if (elapsed >= cap)         //  enough to fill any bucket (rate >= 1); avoids overflow
        return cap;
    uint64_t tokens = self->tokens + elapsed * self->cfg.rate;
    return tokens > cap? cap: tokens;
}

static void
s_refill (gw_pacer_t *self, uint64_t now_ms)
{
    self->tokens = s_tokens_at (self, now_ms);
    if (now_ms > self->refilled_ms)
        self->refilled_ms = now_ms;
}

static uint64_t
s_token_ready_ms (const gw_pacer_t *self, uint64_t now_ms)
{
    uint64_t tokens = s_tokens_at (self, now_ms);
    if (tokens >= S_UNIT)
        return now_ms;
    uint64_t base = now_ms > self->refilled_ms? now_ms: self->refilled_ms;
    return base + (S_UNIT - tokens + self->cfg.rate - 1) / self->cfg.rate;
}

static const s_hist_log_t *
s_log_at (const gw_pacer_t *self, uint32_t i)
{
    return &self->log [(self->log_start + i) % self->log_size];
}

static uint64_t
s_max (uint64_t a, uint64_t b)
{
    return a > b? a: b;
}

//  Earliest time the historical request may go, by the HMDS rules; UINT64_MAX while it waits
//  for an open slot.
static uint64_t
s_hist_ready_ms (const gw_pacer_t *self, const gw_hist_req_t *req, uint64_t now_ms)
{
    const gw_pacer_config_t *cfg = &self->cfg;
    if (self->stats.hist_open >= cfg->hist_open_max)
        return UINT64_MAX;
    uint64_t ready = now_ms;
    uint64_t in_window = 0;
    uint32_t same_contract = 0;
    for (uint32_t i = 0; i < self->log_count; i++) {
        const s_hist_log_t *entry = s_log_at (self, i);
        if (entry->sent_ms + cfg->hist_window_ms > now_ms)
            in_window += entry->weight;
        if (entry->key == req->key && entry->sent_ms + cfg->hist_identical_ms > now_ms)
            ready = s_max (ready, entry->sent_ms + cfg->hist_identical_ms);
        if (entry->contract_key == req->contract_key
        &&  entry->sent_ms + cfg->hist_burst_ms > now_ms)
            same_contract++;
    }
    //  Window: wait until enough of the oldest entries have left it.
    if (in_window + req->weight > cfg->hist_window_max) {
        uint64_t excess = in_window + req->weight - cfg->hist_window_max;
        for (uint32_t i = 0; i < self->log_count && excess > 0; i++) {
            const s_hist_log_t *entry = s_log_at (self, i);
            if (entry->sent_ms + cfg->hist_window_ms <= now_ms)
                continue;
            ready = s_max (ready, entry->sent_ms + cfg->hist_window_ms);
            excess = entry->weight >= excess? 0: excess - entry->weight;
        }
    }
    //  Same contract: the (same_contract - max + 1) oldest matches must leave the window.
    if (same_contract >= cfg->hist_burst_max) {
        uint32_t to_expire = same_contract - cfg->hist_burst_max + 1;
        for (uint32_t i = 0; i < self->log_count && to_expire > 0; i++) {
            const s_hist_log_t *entry = s_log_at (self, i);
            if (entry->contract_key == req->contract_key
            &&  entry->sent_ms + cfg->hist_burst_ms > now_ms) {
                ready = s_max (ready, entry->sent_ms + cfg->hist_burst_ms);
                to_expire--;
            }
        }
    }
    return ready;
}

static void
s_hist_record (gw_pacer_t *self, const gw_hist_req_t *req, uint64_t now_ms)
{
    //  Oldest entry goes when the ring is full; it is outside the window, since the window
    //  rule let this request through.
    uint32_t index;
    if (self->log_count < self->log_size)
        index = (self->log_start + self->log_count++) % self->log_size;
    else {
        index = self->log_start;
        self->log_start = (self->log_start + 1) % self->log_size;
    }
    self->log [index] = (s_hist_log_t) {
        .sent_ms = now_ms, .key = req->key, .contract_key = req->contract_key,
        .weight = req->weight
    };
    self->stats.hist_open++;
}

int
gw_pacer_push (gw_pacer_t *self, gw_lane_t lane, const void *frame, size_t len,
               uint64_t tag, const gw_hist_req_t *hist, uint64_t now_ms)
{
    assert (self);
    if ((int) lane < 0 || lane >= GW_LANE_COUNT || (!frame && len > 0)
    ||  (lane == GW_LANE_HIST && (!hist || hist->weight == 0
                                  || hist->weight > self->cfg.hist_window_max)))
        return RT_EINVAL;
    if (len > self->cfg.frame_max)
        return RT_ERANGE;
    s_release_held (self);
    uint32_t limit = lane == GW_LANE_ORDER? self->cfg.capacity
                                          : self->cfg.capacity - self->cfg.order_reserve;
    if (self->used >= limit
    ||  (lane == GW_LANE_HIST && self->lanes [GW_LANE_HIST].count >= self->cfg.hist_max)) {
        self->stats.refused++;
        return RT_EAGAIN;
    }
    uint32_t index = self->free_head;
    assert (index != S_NONE);
    s_slot_t *slot = &self->slots [index];
    self->free_head = slot->next;
    self->used++;
    *slot = (s_slot_t) {
        .len = (uint32_t) len, .next = S_NONE, .lane = lane, .tag = tag,
        .enqueued_ms = now_ms, .hist = lane == GW_LANE_HIST? *hist: (gw_hist_req_t) { 0 }
    };
    if (len > 0)
        memcpy (self->data + (size_t) index * self->cfg.frame_max, frame, len);
    s_lane_t *queue = &self->lanes [lane];
    if (queue->tail == S_NONE)
        queue->head = index;
    else
        self->slots [queue->tail].next = index;
    queue->tail = index;
    queue->count++;
    self->stats.pushed [lane]++;
    return 0;
}

//  Unlinks the head of a lane into `held` and fills the outputs.
static void
s_take_head (gw_pacer_t *self, gw_lane_t lane, uint64_t now_ms, const void **frame,
             size_t *len, gw_pacer_meta_t *meta)
{
    s_lane_t *queue = &self->lanes [lane];
    uint32_t index = queue->head;
    s_slot_t *slot = &self->slots [index];
    queue->head = slot->next;
    if (queue->head == S_NONE)
        queue->tail = S_NONE;
    queue->count--;
    self->held = index;
    *frame = self->data + (size_t) index * self->cfg.frame_max;
    *len = slot->len;
    if (meta) {
        meta->lane = lane;
        meta->tag = slot->tag;
        meta->enqueued_ms = slot->enqueued_ms;
        meta->wait_ms = now_ms > slot->enqueued_ms? now_ms - slot->enqueued_ms: 0;
    }
}

int
gw_pacer_pop (gw_pacer_t *self, uint64_t now_ms, const void **frame, size_t *len,
              gw_pacer_meta_t *meta)
{
    assert (self && frame && len);
    s_release_held (self);
    s_refill (self, now_ms);
    if (self->tokens < S_UNIT)
        return RT_EAGAIN;
    gw_lane_t lane;
    if (self->lanes [GW_LANE_ORDER].count)
        lane = GW_LANE_ORDER;
    else
    if (self->lanes [GW_LANE_GENERAL].count)
        lane = GW_LANE_GENERAL;
    else
    if (self->lanes [GW_LANE_HIST].count) {
        const gw_hist_req_t *req = &self->slots [self->lanes [GW_LANE_HIST].head].hist;
        if (s_hist_ready_ms (self, req, now_ms) > now_ms)
            return RT_EAGAIN;
        s_hist_record (self, req, now_ms);
        lane = GW_LANE_HIST;
    }
    else
        return RT_EAGAIN;
    self->tokens -= S_UNIT;
    gw_pacer_meta_t local;
    s_take_head (self, lane, now_ms, frame, len, &local);
    self->stats.sent [lane]++;
    if (local.wait_ms > self->stats.max_wait_ms)
        self->stats.max_wait_ms = local.wait_ms;
    if (meta)
        *meta = local;
    return 0;
}

uint64_t
gw_pacer_next_ms (const gw_pacer_t *self, uint64_t now_ms)
{
    assert (self);
    if (self->lanes [GW_LANE_ORDER].count || self->lanes [GW_LANE_GENERAL].count)
        return s_token_ready_ms (self, now_ms);
    if (!self->lanes [GW_LANE_HIST].count)
        return UINT64_MAX;
    const gw_hist_req_t *req = &self->slots [self->lanes [GW_LANE_HIST].head].hist;
    uint64_t hist_ready = s_hist_ready_ms (self, req, now_ms);
    if (hist_ready == UINT64_MAX)
        return UINT64_MAX;
    return s_max (hist_ready, s_token_ready_ms (self, now_ms));
}

void
gw_pacer_hist_done (gw_pacer_t *self)
{
    assert (self);
    if (self->stats.hist_open > 0)
        self->stats.hist_open--;
}

int
gw_pacer_drop (gw_pacer_t *self, uint64_t now_ms, const void **frame, size_t *len,
               gw_pacer_meta_t *meta)
{
    assert (self && frame && len);
    s_release_held (self);
    for (int lane = 0; lane < GW_LANE_COUNT; lane++)
        if (self->lanes [lane].count) {
            s_take_head (self, (gw_lane_t) lane, now_ms, frame, len, meta);
            return 0;
        }
    return RT_EAGAIN;
}

uint32_t
gw_pacer_reset (gw_pacer_t *self)
{
    assert (self);
    uint32_t dropped = 0;
    const void *frame;
    size_t len;
    while (gw_pacer_drop (self, 0, &frame, &len, NULL) == 0)
        dropped++;
    s_release_held (self);
    self->stats.hist_open = 0;
    return dropped;
}

void
gw_pacer_stats (const gw_pacer_t *self, gw_pacer_stats_t *stats)
{
    assert (self && stats);
    *stats = self->stats;
    for (int lane = 0; lane < GW_LANE_COUNT; lane++)
        stats->queued [lane] = self->lanes [lane].count;
}
