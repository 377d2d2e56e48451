/*  gw_orderid.h - IB order ids that are never reused, across crashes and restarts.

    IB rejects a reused order id (103) at best and, after a Gateway restart that forgot the
    old ids, may accept it at worst; nextValidId can come back lower than ids already used.
    So the gateway keeps its own high-water mark in RT_DATA_DIR and hands out
        next id = max (nextValidId, persisted + 1)

    No disk write sits in the path of each order: ids are RESERVED in blocks. The file holds
    the highest id of the current reservation; it is written (temp file, fsync, rename, fsync
    of the directory) before the first id of a new block is handed out. Every id ever handed
    out is therefore <= the persisted value, and after a crash at any point the next run
    starts above it. The price is a gap of at most one block after a crash or restart.

    File: <dir>/gw-orderid.hwm, one line "rt-orderid v1 <hwm> <fnv1a-hex>\n". A missing file
    is a first run; anything unreadable is refused (RT_ETYPE) with a message, never taken as
    zero, because starting again at 0 is precisely the failure this class exists to prevent.
*/
#ifndef GW_ORDERID_H_INCLUDED
#define GW_ORDERID_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include "rt_error.h"

#define GW_ORDERID_FILE          "gw-orderid.hwm"
#define GW_ORDERID_BLOCK_DEFAULT 1000
#define GW_ORDERID_MAX           INT32_MAX  //  TWS order ids are 32-bit signed

typedef struct _gw_orderid_t gw_orderid_t;

//  Opens (or creates on first use) the high-water mark in dir. block: ids reserved per disk
//  write, 1..1000000. Returns 0, or RT_ETYPE for a corrupt file, RT_EIO for a system call that
//  failed, RT_EINVAL for bad arguments; errbuf (may be NULL) gets one line saying which file
//  and why. Nothing is written until the first id is taken.
int gw_orderid_open (gw_orderid_t **self_p, const char *dir, int64_t block,
                     char *errbuf, size_t cap);

//  Frees the object. Writes nothing: a clean close and a crash leave the same file.
void gw_orderid_destroy (gw_orderid_t **self_p);

//  Feeds IB's nextValidId (each session sends one). Ids below what we have used are ignored;
//  a higher one moves the next id up. RT_ERANGE for a negative or out-of-range id.
int gw_orderid_sync (gw_orderid_t *self, int64_t next_valid_id);

//  Hands out the next id. Persists a new reservation first when the current one is used up
//  (the only call that may touch the disk). RT_EIO if that write fails (no id is handed
//  out then), RT_ERANGE when ids would pass GW_ORDERID_MAX.
int gw_orderid_take (gw_orderid_t *self, int64_t *id);

//  The id the next take will return (without taking it).
int64_t gw_orderid_peek (const gw_orderid_t *self);

//  Highest id covered by the persisted reservation (0 before the first write).
int64_t gw_orderid_reserved (const gw_orderid_t *self);

//  Number of reservation writes so far (for tests and counters).
uint64_t gw_orderid_writes (const gw_orderid_t *self);

#endif
