/*  gw_orderid.c - persisted, block-reserved IB order id high-water mark. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gw_orderid.h"

#define S_MAGIC     "rt-orderid v1 "
#define S_LINE_MAX  96
#define S_BLOCK_MAX 1000000

struct _gw_orderid_t {
    char dir [PATH_MAX];
    char path [PATH_MAX];
    char tmp [PATH_MAX];
    int64_t block;
    int64_t reserved;       //  every id handed out, now or in an earlier run, is <= this
    int64_t next;           //  what take returns next
    uint64_t writes;
};

static uint64_t
s_fnv1a (const char *text, size_t len)
{
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++) {
        hash ^= (unsigned char) text [i];
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

static void
s_err (char *errbuf, size_t cap, const char *fmt, const char *path, const char *why)
{
    if (errbuf && cap > 0)
        snprintf (errbuf, cap, fmt, path, why);
}

//  Strict parse of the whole file text; anything else is corruption.
static int
s_parse (const char *text, size_t len, int64_t *hwm)
{
    size_t magic_len = strlen (S_MAGIC);
    if (len < magic_len + 4 || memcmp (text, S_MAGIC, magic_len) != 0 || text [len - 1] != '\n')
        return RT_ETYPE;
    const char *num = text + magic_len;
    const char *end = text + len - 1;
    const char *space = memchr (num, ' ', (size_t) (end - num));
    if (!space || space == num || space - num > 19)
        return RT_ETYPE;
    int64_t value = 0;
    for (const char *p = num; p < space; p++) {
        if (*p < '0' || *p > '9')
            return RT_ETYPE;
        value = value * 10 + (*p - '0');
        if (value > GW_ORDERID_MAX)
            return RT_ETYPE;
    }
    if (end - (space + 1) != 16)
        return RT_ETYPE;
    uint64_t sum = 0;
    for (const char *p = space + 1; p < end; p++) {
        int digit;
        if (*p >= '0' && *p <= '9')
            digit = *p - '0';
        else
        if (*p >= 'a' && *p <= 'f')
            digit = *p - 'a' + 10;
        else
            return RT_ETYPE;
        sum = (sum << 4) | (uint64_t) digit;
    }
    if (sum != s_fnv1a (num, (size_t) (space - num)))
        return RT_ETYPE;
    *hwm = value;
    return 0;
}

static int
s_write_all (int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write (fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return RT_EIO;
        data += n;
        len -= (size_t) n;
    }
    return 0;
}

//  Makes hwm durable: temp file, fsync, rename over the old file, fsync the directory so the
//  rename itself survives a power cut. On failure the old file is untouched.
static int
s_persist (gw_orderid_t *self, int64_t hwm)
{
    char line [S_LINE_MAX];
    char num [24];
    int num_len = snprintf (num, sizeof num, "%" PRId64, hwm);
    assert (num_len > 0 && (size_t) num_len < sizeof num);
    int len = snprintf (line, sizeof line, S_MAGIC "%s %016" PRIx64 "\n",
                        num, s_fnv1a (num, (size_t) num_len));
    assert (len > 0 && (size_t) len < sizeof line);

    int rc = RT_EIO;
    int dirfd = -1;
    int fd = open (self->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        goto out;
    if (s_write_all (fd, line, (size_t) len) < 0 || fsync (fd) < 0)
        goto out_unlink;
    int close_rc = close (fd);
    fd = -1;
    if (close_rc < 0)
        goto out_unlink;
    if (rename (self->tmp, self->path) < 0)
        goto out_unlink;
    dirfd = open (self->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0 || fsync (dirfd) < 0)
        goto out;           //  renamed but maybe not durable: refuse the block anyway
    rc = 0;
    goto out;
out_unlink:
    //  Best effort: a leftover temp file is harmless (never read) and rewritten next time.
    if (unlink (self->tmp) < 0 && errno != ENOENT)
        rc = RT_EIO;
out:
    if (fd >= 0 && close (fd) < 0)
        rc = RT_EIO;
    if (dirfd >= 0 && close (dirfd) < 0)
        rc = RT_EIO;
    return rc;
}

static int
s_load (gw_orderid_t *self, char *errbuf, size_t cap)
{
    int fd = open (self->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) {
            self->reserved = 0;     //  first run
            return 0;
        }
        s_err (errbuf, cap, "%s: cannot open: %s", self->path, strerror (errno));
        return RT_EIO;
    }
    char text [S_LINE_MAX + 1];
    size_t len = 0;
    int rc = 0;
    while (len < sizeof text) {
        ssize_t n = read (fd, text + len, sizeof text - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            s_err (errbuf, cap, "%s: cannot read: %s", self->path, strerror (errno));
            rc = RT_EIO;
            break;
        }
        if (n == 0)
            break;
        len += (size_t) n;
    }
    if (close (fd) < 0 && rc == 0) {
        s_err (errbuf, cap, "%s: close: %s", self->path, strerror (errno));
        rc = RT_EIO;
    }
    if (rc == 0 && (len > S_LINE_MAX || s_parse (text, len, &self->reserved) < 0)) {
        s_err (errbuf, cap, "%s: %s", self->path,
               "corrupt order id high-water mark; refusing to start (ids could be reused). "
               "Restore the file or write a value above every id used at IB");
        rc = RT_ETYPE;
    }
    return rc;
}

int
gw_orderid_open (gw_orderid_t **self_p, const char *dir, int64_t block,
                 char *errbuf, size_t cap)
{
    assert (self_p);
    *self_p = NULL;
    if (!dir || !*dir || block < 1 || block > S_BLOCK_MAX) {
        s_err (errbuf, cap, "%s: %s", dir? dir: "(null)", "bad directory or block size");
        return RT_EINVAL;
    }
    gw_orderid_t *self = calloc (1, sizeof *self);
    if (!self)
        return RT_ENOMEM;
    int rc = RT_EINVAL;
    if ((size_t) snprintf (self->dir, sizeof self->dir, "%s", dir) >= sizeof self->dir
    ||  (size_t) snprintf (self->path, sizeof self->path, "%s/%s", dir, GW_ORDERID_FILE)
        >= sizeof self->path
    ||  (size_t) snprintf (self->tmp, sizeof self->tmp, "%s/%s.tmp", dir, GW_ORDERID_FILE)
        >= sizeof self->tmp) {
        s_err (errbuf, cap, "%s: %s", dir, "path too long");
        goto fail;
    }
    self->block = block;
    rc = s_load (self, errbuf, cap);
    if (rc < 0)
        goto fail;
    self->next = self->reserved + 1;
    *self_p = self;
    return 0;
fail:
    free (self);
    return rc;
}

void
gw_orderid_destroy (gw_orderid_t **self_p)
{
    assert (self_p);
    free (*self_p);
    *self_p = NULL;
}

int
gw_orderid_sync (gw_orderid_t *self, int64_t next_valid_id)
{
    assert (self);
    if (next_valid_id < 0 || next_valid_id > GW_ORDERID_MAX)
        return RT_ERANGE;
    if (next_valid_id > self->next)
        self->next = next_valid_id;
    return 0;
}

int
gw_orderid_take (gw_orderid_t *self, int64_t *id)
{
    assert (self);
    assert (id);
    if (self->next > GW_ORDERID_MAX)
        return RT_ERANGE;
    if (self->next > self->reserved) {
        int64_t hwm = self->next - 1 + self->block;
        if (hwm > GW_ORDERID_MAX)
            hwm = GW_ORDERID_MAX;
        int rc = s_persist (self, hwm);
        if (rc < 0)
            return rc;
        self->reserved = hwm;
        self->writes++;
    }
    *id = self->next++;
    return 0;
}

int64_t
gw_orderid_peek (const gw_orderid_t *self)
{
    assert (self);
    return self->next;
}

int64_t
gw_orderid_reserved (const gw_orderid_t *self)
{
    assert (self);
    return self->reserved;
}

uint64_t
gw_orderid_writes (const gw_orderid_t *self)
{
    assert (self);
    return self->writes;
}
