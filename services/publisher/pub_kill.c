/*  pub_kill.c - the kill command's checks.
*/
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "rt_error.h"
#include "pub_kill.h"

bool
pub_token_matches (const char *expected, const char *given)
{
    if (!expected || !given || !*expected)
        return false;
    if (sodium_init () < 0)
        return false;
    unsigned char a [crypto_generichash_BYTES], b [crypto_generichash_BYTES];
    if (crypto_generichash (a, sizeof a, (const unsigned char *) expected, strlen (expected),
                            NULL, 0) != 0
    ||  crypto_generichash (b, sizeof b, (const unsigned char *) given, strlen (given),
                            NULL, 0) != 0)
        return false;
    return sodium_memcmp (a, b, sizeof a) == 0;
}

int
pub_kill_check (const json_t *cmd, const char *token, char *why, size_t cap)
{
    const char *verb = json_string_value (json_object_get (cmd, "cmd"));
    if (!verb || strcmp (verb, "kill") != 0) {
        snprintf (why, cap, "unknown command: the dashboard is read-only; it takes only "
                  "\"kill\"");
        return RT_EUNKNOWN;
    }
    if (!token || !*token) {
        snprintf (why, cap, "kill switch disabled: DASH_TOKEN is not set on the publisher");
        return RT_EAUTH;
    }
    const char *given = json_string_value (json_object_get (cmd, "token"));
    if (!given || !*given) {
        snprintf (why, cap, "kill refused: enter the dashboard token");
        return RT_EINVAL;
    }
    if (!pub_token_matches (token, given)) {
        snprintf (why, cap, "kill refused: wrong token");
        return RT_EAUTH;
    }
    snprintf (why, cap, "kill accepted");
    return 0;
}
