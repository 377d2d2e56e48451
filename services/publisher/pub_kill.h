/*  pub_kill.h - the one command a browser may send: the kill switch, guarded by DASH_TOKEN.

    {"cmd": "kill", "token": "..."} is accepted only when the publisher has a token and the
    browser's matches it. The comparison takes the same time whatever the guess: both sides
    are hashed (BLAKE2b, libsodium) and the digests compared with sodium_memcmp, so neither
    the content nor the length of the token leaks through timing. The token itself is never
    logged (DASH_TOKEN is a secret variable: rt_log redacts it).
*/
#ifndef PUB_KILL_H_INCLUDED
#define PUB_KILL_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

//  True when given equals expected (constant time). False when either is NULL or expected
//  is empty.
bool pub_token_matches (const char *expected, const char *given);

//  Checks a browser's command against the publisher's token (empty: the kill switch is
//  disabled). 0 when it is a kill with the right token. Otherwise RT_EUNKNOWN (not a known
//  command), RT_EINVAL (no token given), RT_EAUTH (disabled, or the wrong token), with a
//  sentence for the browser in why.
int pub_kill_check (const json_t *cmd, const char *token, char *why, size_t cap);

#endif
