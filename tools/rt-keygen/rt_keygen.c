/*  rt-keygen - writes the CURVE certificate directory that RT_CURVE_DIR names (the layout
    is in lib/rt_curve.h): per-role keypairs and per-socket allow lists.

        rt-keygen --dir DIR ROLE...                 keypairs (existing ones are kept)
        rt-keygen --dir DIR --allow SOCKET ROLE...  allow ROLEs on SOCKET (gateway.cmd)
        rt-keygen --dir DIR --defaults              every role and the standard policy
*/
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "rt_bus.h"
#include "rt_log.h"

//  Who may connect to what, when the whole system runs with CURVE. Command sockets list
//  only the services and tools that send commands there.
static const char *s_roles [] = {
    "gateway", "orders", "risk", "publisher", "strategy", "rt-tap", "rt-ctl", NULL
};
static const struct { const char *socket; const char *roles [8]; } s_policy [] = {
    { "gateway.pub", { "orders", "risk", "publisher", "strategy", "rt-tap", "rt-ctl", NULL } },
    { "gateway.cmd", { "orders", "risk", "publisher", "strategy", "rt-ctl", NULL } },
    { "orders.pub",  { "risk", "publisher", "strategy", "rt-tap", "rt-ctl", NULL } },
    { "orders.cmd",  { "strategy", "publisher", "rt-ctl", "risk", NULL } },
    { "risk.pub",    { "orders", "publisher", "strategy", "rt-tap", "rt-ctl", NULL } },
    { "risk.cmd",    { "orders", "publisher", "rt-ctl", NULL } },
};

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: rt-keygen [--dir DIR] ROLE...\n"
        "       rt-keygen [--dir DIR] --allow SOCKET ROLE...\n"
        "       rt-keygen [--dir DIR] --defaults\n"
        "Writes CURVE certificates for the robo-trader bus.\n"
        "\n"
        "  --dir DIR        certificate directory (default: $RT_CURVE_DIR)\n"
        "  --allow SOCKET   copy the public certs of ROLEs into DIR/allowed/SOCKET/, so they\n"
        "                   may connect to SOCKET (<service>.pub or <service>.cmd)\n"
        "  --defaults       keypairs for every role (%s, ...) and the\n"
        "                   standard allow lists of every socket\n"
        "  --help           this text\n"
        "\n"
        "ROLE.key is the public cert, ROLE.key_secret the secret one (mode 0600): copy a\n"
        "secret only to the host that runs that role. Existing keypairs are never replaced.\n"
        "Exit status: 0 done, 1 a file could not be written, 2 bad usage.\n",
        s_roles [0]);
}

static int
s_keypair (const char *dir, const char *role)
{
    char path [PATH_MAX];
    snprintf (path, sizeof (path), "%s/%s.key_secret", dir, role);
    if (zsys_file_exists (path))
        return 0;
    int rc = rt_curve_keygen (dir, role);
    if (rc != 0)
        fprintf (stderr, "rt-keygen: cannot write the keypair of %s in %s: %s\n", role, dir,
                 rt_strerror (rc));
    else
        printf ("%s/%s.key\n", dir, role);
    return rc;
}

static int
s_allow (const char *dir, const char *socket, const char *role)
{
    int rc = rt_curve_allow (dir, socket, role);
    if (rc != 0)
        fprintf (stderr, "rt-keygen: cannot allow %s on %s: %s\n", role, socket,
                 rt_strerror (rc));
    else
        printf ("%s/allowed/%s/%s.key\n", dir, socket, role);
    return rc;
}

int
main (int argc, char **argv)
{
    static const struct option options [] = {
        { "dir",      required_argument, NULL, 'd' },
        { "allow",    required_argument, NULL, 'a' },
        { "defaults", no_argument,       NULL, 'D' },
        { "help",     no_argument,       NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *dir = rt_curve_dir ();
    const char *allow = NULL;
    bool defaults = false;
    int opt;
    opterr = 0;
    while ((opt = getopt_long (argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
            case 'd': dir = optarg; break;
            case 'a': allow = optarg; break;
            case 'D': defaults = true; break;
            case 'h': s_usage (stdout); return 0;
            default:
                fprintf (stderr, "rt-keygen: unknown option or missing value: %s\n"
                                 "Try 'rt-keygen --help'.\n", argv [optind - 1]);
                return 2;
        }
    }
    if (!dir || !*dir) {
        fprintf (stderr, "rt-keygen: no directory: give --dir or set RT_CURVE_DIR\n");
        return 2;
    }
    if (defaults == (optind < argc) || (allow && defaults)) {
        fprintf (stderr, "rt-keygen: give ROLEs, or --allow SOCKET ROLEs, or --defaults\n");
        return 2;
    }
    if (allow && !rt_curve_name_ok (allow)) {
        fprintf (stderr, "rt-keygen: bad socket name '%s'\n", allow);
        return 2;
    }
    for (int i = optind; i < argc; i++) {
        if (!rt_curve_name_ok (argv [i])) {
            fprintf (stderr, "rt-keygen: bad role '%s' (use [a-z0-9._-])\n", argv [i]);
            return 2;
        }
    }
    if (rt_log_open ("rt-keygen", RT_LOG_WARN, NULL) != 0)
        return 1;
    int failed = 0;
    if (defaults) {
        for (size_t i = 0; s_roles [i]; i++)
            failed |= s_keypair (dir, s_roles [i]) != 0;
        for (size_t i = 0; !failed && i < sizeof (s_policy) / sizeof (s_policy [0]); i++)
            for (size_t k = 0; s_policy [i].roles [k]; k++)
                failed |= s_allow (dir, s_policy [i].socket, s_policy [i].roles [k]) != 0;
    }
    else
    for (int i = optind; i < argc; i++)
        failed |= (allow ? s_allow (dir, allow, argv [i]) : s_keypair (dir, argv [i])) != 0;
    return failed ? 1 : 0;
}
