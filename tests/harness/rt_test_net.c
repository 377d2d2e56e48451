/*  rt_test_net.c - free ports, /proc/PID/fd and /proc/net/tcp{,6} readers. */
#include "rt_test_net.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

//  Socket inodes of one process considered at most (a test process holds a few dozen).
#define S_INODES_MAX 4096

//  The kernel may offer a just-closed port again; a test that asks for several ports in a
//  row must never get one twice (two services on one port is a failed start).
#define S_HANDED_OUT_MAX 1024
static uint16_t s_handed_out [S_HANDED_OUT_MAX];
static size_t s_handed_out_count;

static bool
s_handed_out_before (int port)
{
    for (size_t i = 0; i < s_handed_out_count && i < S_HANDED_OUT_MAX; i++)
        if (s_handed_out [i] == port)
            return true;
    return false;
}

static int
s_kernel_free_port (void)
{
    int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return RT_EIO;
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0 };
    sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    socklen_t len = sizeof sa;
    int port = RT_EIO;
    if (bind (fd, (struct sockaddr *) &sa, sizeof sa) == 0
    &&  getsockname (fd, (struct sockaddr *) &sa, &len) == 0)
        port = ntohs (sa.sin_port);
    close (fd);
    return port;
}

int
rt_test_free_port (void)
{
    for (int tries = 0; tries < 100; tries++) {
        int port = s_kernel_free_port ();
        if (port < 0)
            return port;
        if (s_handed_out_before (port))
            continue;
        s_handed_out [s_handed_out_count++ % S_HANDED_OUT_MAX] = (uint16_t) port;
        return port;
    }
    return RT_EIO;
}

int
rt_test_free_endpoint (char *buf, size_t cap)
{
    int port = rt_test_free_port ();
    if (port < 0)
        return port;
    int n = snprintf (buf, cap, "tcp://127.0.0.1:%d", port);
    return n < 0 || (size_t) n >= cap? RT_ERANGE: 0;
}

int
rt_test_fd_count (pid_t pid)
{
    char path [64];
    snprintf (path, sizeof path, "/proc/%d/fd", (int) pid);
    DIR *dir = opendir (path);
    if (!dir)
        return RT_EIO;
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir (dir)) != NULL)
        if (entry->d_name [0] != '.')
            count++;
    closedir (dir);
    return count;
}

//  The socket inodes pid holds, sorted; count or RT_EIO.
static int
s_compare_ul (const void *a, const void *b)
{
    unsigned long x = *(const unsigned long *) a, y = *(const unsigned long *) b;
    return x < y ? -1 : x > y;
}

static int
s_socket_inodes (pid_t pid, unsigned long *inodes, size_t max)
{
    char path [64];
    snprintf (path, sizeof path, "/proc/%d/fd", (int) pid);
    DIR *dir = opendir (path);
    if (!dir)
        return RT_EIO;
    size_t n = 0;
    struct dirent *entry;
    while ((entry = readdir (dir)) != NULL && n < max) {
        if (entry->d_name [0] == '.')
            continue;
        char link [320], target [128];
        snprintf (link, sizeof link, "/proc/%d/fd/%s", (int) pid, entry->d_name);
        ssize_t len = readlink (link, target, sizeof target - 1);
        if (len <= 0)
            continue;               //  closed meanwhile
        target [len] = 0;
        unsigned long inode;
        if (sscanf (target, "socket:[%lu]", &inode) == 1)
            inodes [n++] = inode;
    }
    closedir (dir);
    qsort (inodes, n, sizeof *inodes, s_compare_ul);
    return (int) n;
}

//  What one scan of /proc/net/tcp{,6} looks for, and what it found.
typedef struct {
    int port;                       //  0: any
    bool local_only;                //  the port must be the local one
    int state;                      //  RT_TEST_TCP_ANY: any
    const unsigned long *inodes;    //  NULL: every socket
    int n_inodes;
    int count;                      //  matching sockets
    unsigned long rx_bytes;         //  their receive queues, summed
} s_query_t;

//  Adds the matching sockets of one /proc/net file; false when it cannot be read.
static bool
s_scan (const char *file, s_query_t *q)
{
    FILE *f = fopen (file, "re");
    if (!f)
        return errno == ENOENT;     //  no IPv6 in this namespace: nothing to count
    char line [512];
    bool first = true;
    while (fgets (line, sizeof line, f)) {
        if (first) {                //  the header
            first = false;
            continue;
        }
        unsigned lport, rport, st;
        unsigned long rxq, inode;
        if (sscanf (line, " %*d: %*[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%x %x %*x:%lx %*s %*s %*s "
                    "%*s %lu", &lport, &rport, &st, &rxq, &inode) != 5)
            continue;
        if (q->state != RT_TEST_TCP_ANY && (int) st != q->state)
            continue;
        if (q->port != 0 && (int) lport != q->port && (q->local_only || (int) rport != q->port))
            continue;
        if (q->inodes && !bsearch (&inode, q->inodes, (size_t) q->n_inodes, sizeof *q->inodes,
                                   s_compare_ul))
            continue;
        q->count++;
        q->rx_bytes += rxq;
    }
    fclose (f);
    return true;
}

//  Runs q over both files, restricted to pid's sockets when pid > 0. 0 or RT_EIO.
static int
s_query (pid_t pid, s_query_t *q)
{
    unsigned long *inodes = NULL;
    if (pid > 0) {
        inodes = malloc (S_INODES_MAX * sizeof *inodes);
        if (!inodes)
            return RT_EIO;
        q->n_inodes = s_socket_inodes (pid, inodes, S_INODES_MAX);
        if (q->n_inodes < 0) {
            free (inodes);
            return RT_EIO;
        }
        q->inodes = inodes;
    }
    bool ok = s_scan ("/proc/net/tcp", q) && s_scan ("/proc/net/tcp6", q);
    free (inodes);
    q->inodes = NULL;
    return ok ? 0 : RT_EIO;
}

int
rt_test_tcp_count (pid_t pid, int port, int state)
{
    s_query_t q = { .port = port, .state = state };
    int rc = s_query (pid, &q);
    return rc == 0 ? q.count : rc;
}

long
rt_test_tcp_rx_queue (pid_t pid, int port)
{
    s_query_t q = { .port = port, .local_only = true, .state = RT_TEST_TCP_ESTABLISHED };
    int rc = s_query (pid, &q);
    return rc == 0 ? (long) q.rx_bytes : rc;
}

int
rt_test_close_wait_count (pid_t pid, int port)
{
    return rt_test_tcp_count (pid, port, RT_TEST_TCP_CLOSE_WAIT);
}
