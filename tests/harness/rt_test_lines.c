/*  rt_test_lines.c - line reader over a pipe (poll) or a growing file (re-read). */
#include "rt_test_lines.h"
#include "rt_test_time.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

//  How often a growing file is re-read when it has nothing new.
#define S_FILE_POLL_MS 5

struct _rt_test_lines_t {
    int fd;
    bool owns_fd;
    bool is_file;                   //  regular file: EOF means "nothing more yet"
    bool eof;                       //  pipe: the writer closed
    char *path;                     //  file mode: opened lazily
    char buf [RT_TEST_LINE_MAX];
    size_t len;
};

static rt_test_lines_t *
s_new (void)
{
    rt_test_lines_t *self = calloc (1, sizeof *self);
    if (self)
        self->fd = -1;
    return self;
}

rt_test_lines_t *
rt_test_lines_new (int fd, bool owns_fd)
{
    assert (fd >= 0);
    rt_test_lines_t *self = s_new ();
    if (!self)
        return NULL;
    self->fd = fd;
    self->owns_fd = owns_fd;
    struct stat st;
    self->is_file = fstat (fd, &st) == 0 && S_ISREG (st.st_mode);
    return self;
}

rt_test_lines_t *
rt_test_lines_new_file (const char *path)
{
    assert (path);
    rt_test_lines_t *self = s_new ();
    if (!self)
        return NULL;
    self->path = strdup (path);
    if (!self->path) {
        free (self);
        return NULL;
    }
    self->owns_fd = true;
    self->is_file = true;
    return self;
}

void
rt_test_lines_destroy (rt_test_lines_t **self_p)
{
    assert (self_p);
    rt_test_lines_t *self = *self_p;
    if (!self)
        return;
    if (self->owns_fd && self->fd >= 0)
        close (self->fd);
    free (self->path);
    free (self);
    *self_p = NULL;
}

int
rt_test_lines_fd (const rt_test_lines_t *self)
{
    return self->fd;
}

//  Moves the first n buffered bytes out as a line (cut to cap), dropping the '\n' if any.
static void
s_take (rt_test_lines_t *self, size_t n, bool newline, char *line, size_t cap)
{
    if (line && cap > 0) {
        size_t copy = n < cap - 1 ? n : cap - 1;
        memcpy (line, self->buf, copy);
        line [copy] = 0;
    }
    size_t used = n + (newline ? 1 : 0);
    memmove (self->buf, self->buf + used, self->len - used);
    self->len -= used;
}

//  Reads what is available now into the buffer: 1 got bytes, 0 nothing, RT_ECLOSED, RT_EIO.
static int
s_fill (rt_test_lines_t *self)
{
    if (self->fd < 0 && self->path) {
        self->fd = open (self->path, O_RDONLY | O_CLOEXEC);
        if (self->fd < 0)
            return errno == ENOENT ? 0 : RT_EIO;
    }
    ssize_t got = read (self->fd, self->buf + self->len, sizeof self->buf - self->len);
    if (got > 0) {
        self->len += (size_t) got;
        return 1;
    }
    if (got == 0) {
        if (self->is_file)
            return 0;
        self->eof = true;
        return RT_ECLOSED;
    }
    return errno == EINTR || errno == EAGAIN ? 0 : RT_EIO;
}

int
rt_test_lines_next (rt_test_lines_t *self, char *line, size_t cap, int timeout_ms)
{
    assert (self);
    int64_t deadline = rt_test_now_ms () + (timeout_ms > 0 ? timeout_ms : 0);
    for (;;) {
        char *nl = memchr (self->buf, '\n', self->len);
        if (nl) {
            s_take (self, (size_t) (nl - self->buf), true, line, cap);
            return 0;
        }
        if (self->len == sizeof self->buf) {
            s_take (self, self->len, false, line, cap);
            return 0;
        }
        if (self->eof) {
            if (self->len == 0)
                return RT_ECLOSED;
            s_take (self, self->len, false, line, cap);
            return 0;
        }
        int64_t left = deadline - rt_test_now_ms ();
        if (!self->is_file) {
            struct pollfd pfd = { .fd = self->fd, .events = POLLIN };
            int rc = poll (&pfd, 1, left > 0 ? (int) left : 0);
            if (rc < 0 && errno != EINTR)
                return RT_EIO;
            if (rc > 0) {
                rc = s_fill (self);
                if (rc == RT_EIO)
                    return rc;
                continue;           //  RT_ECLOSED sets eof, handled above
            }
            if (left <= 0)
                return RT_ETIMEOUT;
            continue;
        }
        int rc = s_fill (self);
        if (rc < 0)
            return rc;
        if (rc > 0)
            continue;
        if (left <= 0)
            return RT_ETIMEOUT;
        rt_test_sleep_ms (left < S_FILE_POLL_MS ? (int) left : S_FILE_POLL_MS);
    }
}

int
rt_test_lines_wait (rt_test_lines_t *self, const char *needle, rt_test_match_t how,
                    char *line, size_t cap, int timeout_ms)
{
    assert (self && needle);
    int64_t deadline = rt_test_now_ms () + timeout_ms;
    static char scratch [RT_TEST_LINE_MAX];
    char *into = line ? line : scratch;
    size_t into_cap = line ? cap : sizeof scratch;
    for (;;) {
        int64_t left = deadline - rt_test_now_ms ();
        int rc = rt_test_lines_next (self, into, into_cap, left > 0 ? (int) left : 0);
        if (rc != 0)
            return rc;
        bool hit = how == RT_TEST_MATCH_PREFIX
                 ? strncmp (into, needle, strlen (needle)) == 0
                 : strstr (into, needle) != NULL;
        if (hit)
            return 0;
    }
}
