/*  rt_test_net.h - ports and socket accounting for tests, from the kernel's own view.

    rt_test_free_port asks the kernel for a free loopback port (bind 127.0.0.1:0, read it,
    close): a server started right after binds it. The /proc readers answer what a resource
    leak test needs: how many descriptors a process holds, and how many of its TCP sockets
    to or from a port are in a given state (CLOSE_WAIT: the peer closed and the process
    never did, the classic leak of a reconnect loop).
*/
#ifndef RT_TEST_NET_H_INCLUDED
#define RT_TEST_NET_H_INCLUDED

#include <stddef.h>
#include <sys/types.h>

#include "rt_error.h"

//  TCP states as /proc/net/tcp prints them (include/net/tcp_states.h).
#define RT_TEST_TCP_ESTABLISHED 0x01
#define RT_TEST_TCP_TIME_WAIT   0x06
#define RT_TEST_TCP_CLOSE_WAIT  0x08
#define RT_TEST_TCP_LISTEN      0x0A
#define RT_TEST_TCP_ANY         (-1)

//  A port nobody listens on now (1..65535), or RT_EIO.
int rt_test_free_port (void);
//  "tcp://127.0.0.1:<free port>" into buf: a bus endpoint for a service under test. 0,
//  RT_EIO (no free port) or RT_ERANGE (cap too small).
int rt_test_free_endpoint (char *buf, size_t cap);

//  Entries in /proc/PID/fd, or RT_EIO (no such process, or not ours to read).
int rt_test_fd_count (pid_t pid);

//  TCP sockets (IPv4 and IPv6) in state (RT_TEST_TCP_ANY: any) whose local or remote port
//  is port (0: any port). pid > 0 counts only sockets that process holds open (matched by
//  inode through /proc/PID/fd); pid 0 counts every socket of the network namespace.
//  Returns the count or RT_EIO.
int rt_test_tcp_count (pid_t pid, int port, int state);

//  Bytes waiting unread in the receive queues of pid's established TCP sockets whose local
//  port is port: what peers sent that the process has not read yet (a frozen server's
//  pending requests). pid 0: every such socket. The byte count, or RT_EIO.
long rt_test_tcp_rx_queue (pid_t pid, int port);

//  rt_test_tcp_count (pid, port, RT_TEST_TCP_CLOSE_WAIT).
int rt_test_close_wait_count (pid_t pid, int port);

#endif
