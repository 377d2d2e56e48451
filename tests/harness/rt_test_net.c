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

int
rt_test_free_port (void)
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

//  Adds the matching sockets of one /proc/net file; false when it cannot be read.
static bool
s_scan (const char *file, int port, int state, const unsigned long *inodes, int n_inodes,
        int *count)
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
        unsigned long inode;
        if (sscanf (line, " %*d: %*[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%x %x %*s %*s %*s %*s %*s %lu",
                    &lport, &rport, &st, &inode) != 4)
            continue;
        if (state != RT_TEST_TCP_ANY && (int) st != state)
            continue;
        if (port != 0 && (int) lport != port && (int) rport != port)
            continue;
        if (inodes && !bsearch (&inode, inodes, (size_t) n_inodes, sizeof *inodes,
                                s_compare_ul))
            continue;
        (*count)++;
    }
    fclose (f);
    return true;
}

int
rt_test_tcp_count (pid_t pid, int port, int state)
{
    unsigned long *inodes = NULL;
    int n_inodes = 0;
    if (pid > 0) {
        inodes = malloc (S_INODES_MAX * sizeof *inodes);
        if (!inodes)
            return RT_EIO;
        n_inodes = s_socket_inodes (pid, inodes, S_INODES_MAX);
        if (n_inodes < 0) {
            free (inodes);
            return RT_EIO;
        }
    }
    int count = 0;
    bool ok = s_scan ("/proc/net/tcp", port, state, inodes, n_inodes, &count)
           && s_scan ("/proc/net/tcp6", port, state, inodes, n_inodes, &count);
    free (inodes);
    return ok ? count : RT_EIO;
}

int
rt_test_close_wait_count (pid_t pid, int port)
{
    return rt_test_tcp_count (pid, port, RT_TEST_TCP_CLOSE_WAIT);
}
