/*  rt_test_lines.h - rt_test_lines: complete lines read from a pipe or a growing file, with
    a deadline.

    Tests watch the output of the processes they start (a ready line, rt-tap's JSON lines,
    a log). A pipe is waited on with poll(2); a regular file (a child's output redirected to
    a file, which never fills up and blocks the child the way an unread pipe does) has no
    readiness, so its end is re-read every few milliseconds until the deadline. Bytes are
    kept across calls, so a line that arrives in pieces is delivered once, whole.
*/
#ifndef RT_TEST_LINES_H_INCLUDED
#define RT_TEST_LINES_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

#include "rt_error.h"

//  A line longer than this is delivered in pieces of this size.
#define RT_TEST_LINE_MAX 65536

typedef enum {
    RT_TEST_MATCH_SUBSTR = 0,       //  the needle occurs anywhere in the line
    RT_TEST_MATCH_PREFIX,           //  the line starts with the needle
} rt_test_match_t;

typedef struct _rt_test_lines_t rt_test_lines_t;

//  Reads lines from fd. owns_fd: the destructor closes it. NULL when out of memory.
rt_test_lines_t *rt_test_lines_new (int fd, bool owns_fd);
//  Opens path for reading (it may not exist yet: it is opened on the first read that finds
//  it) and reads it as a growing file.
rt_test_lines_t *rt_test_lines_new_file (const char *path);
void rt_test_lines_destroy (rt_test_lines_t **self_p);

//  The next complete line, without its '\n', copied into line (cap bytes, always
//  terminated; a longer line is cut). timeout_ms: 0 does not wait. Returns 0, RT_ETIMEOUT,
//  RT_ECLOSED (a pipe's writer closed and no partial line is left; a partial last line is
//  delivered first) or RT_EIO.
int rt_test_lines_next (rt_test_lines_t *self, char *line, size_t cap, int timeout_ms);

//  Skips lines until one matches needle; that line goes to line (may be NULL). Same returns
//  as rt_test_lines_next.
int rt_test_lines_wait (rt_test_lines_t *self, const char *needle, rt_test_match_t how,
                        char *line, size_t cap, int timeout_ms);

//  The underlying descriptor (-1 for a file not yet opened).
int rt_test_lines_fd (const rt_test_lines_t *self);

#endif
