/*  rt-tap - prints every message on the bus, one line each, without the catalogue.

    Subscribes to every service's PUB endpoint (RT_GATEWAY_PUB, RT_ORDERS_PUB, RT_RISK_PUB
    or their loopback defaults) or to the --endpoint ones, and prints each message as a
    compact line or, with --json, as one JSON object per line:
        {"topic","src","seq","ts","type","cid"?,"body"}
    plus {"gap":{"src","expected","got"}} before a message that follows lost ones, and
    {"restart":{...}} when a publisher numbers from 1 again. Lines are flushed one by one.
*/
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "rt_bus.h"
#include "rt_bus_json.h"
#include "rt_clock.h"
#include "rt_log.h"

#define S_MAX_ENDPOINTS 32
#define S_MAX_PREFIXES  64

typedef struct {
    bool json;
    const char *endpoints [S_MAX_ENDPOINTS];
    const char *servers [S_MAX_ENDPOINTS];  //  CURVE role or public cert of each
    size_t nendpoints;
    const char *server;                     //  --server for the --endpoint ones
    const char *cert;                       //  own role or secret cert
    const char *prefixes [S_MAX_PREFIXES];
    size_t nprefixes;
    long count;                             //  0 = no limit
    long timeout_ms;                        //  0 = none
} s_args_t;

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: rt-tap [OPTIONS] [TOPIC_PREFIX]...\n"
        "Prints the messages published on the robo-trader bus, one line each.\n"
        "\n"
        "  --json              one JSON object per line: topic, src, seq, ts, type, body\n"
        "                      (the msgpack body decoded generically), and gap lines\n"
        "  --endpoint EP       subscribe to EP (repeatable); default: every service's PUB\n"
        "                      endpoint (RT_GATEWAY_PUB, RT_ORDERS_PUB, RT_RISK_PUB)\n"
        "  --server ROLE|FILE  with CURVE: the publisher role (or its public cert file) of\n"
        "                      the --endpoint ones (default: the service owning the endpoint)\n"
        "  --cert ROLE|FILE    with CURVE: own role or secret cert file (default rt-tap)\n"
        "  --count N           exit after N messages\n"
        "  --timeout-ms MS     exit after MS milliseconds (status 1 if --count was not met)\n"
        "  --help              this text\n"
        "\n"
        "TOPIC_PREFIX selects topics (md.quote, ord., gw.conn); default: everything.\n"
        "Sequence gaps are reported only when no prefix filters the stream.\n"
        "CURVE is used when RT_CURVE_DIR names the certificate directory.\n"
        "Exit status: 0 done or stopped by SIGINT/SIGTERM, 1 runtime error, 2 bad usage.\n");
}

static int
s_parse_long (const char *text, long min, long *value)
{
    char *end = NULL;
    errno = 0;
    long v = strtol (text, &end, 10);
    if (errno || !end || *end || end == text || v < min)
        return RT_EINVAL;
    *value = v;
    return 0;
}

//  0 to run, 1 to exit 0 (--help), 2 for bad usage (message printed).
static int
s_parse_args (int argc, char **argv, s_args_t *args)
{
    static const struct option options [] = {
        { "json",       no_argument,       NULL, 'j' },
        { "endpoint",   required_argument, NULL, 'e' },
        { "server",     required_argument, NULL, 's' },
        { "cert",       required_argument, NULL, 'c' },
        { "count",      required_argument, NULL, 'n' },
        { "timeout-ms", required_argument, NULL, 't' },
        { "help",       no_argument,       NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    memset (args, 0, sizeof (*args));
    args->cert = "rt-tap";
    int opt;
    opterr = 0;
    while ((opt = getopt_long (argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
            case 'j':
                args->json = true;
                break;
            case 'e':
                if (args->nendpoints == S_MAX_ENDPOINTS || !*optarg) {
                    fprintf (stderr, "rt-tap: bad or too many --endpoint (max %d)\n",
                             S_MAX_ENDPOINTS);
                    return 2;
                }
                args->endpoints [args->nendpoints++] = optarg;
                break;
            case 's':
                args->server = optarg;
                break;
            case 'c':
                args->cert = optarg;
                break;
            case 'n':
                if (s_parse_long (optarg, 1, &args->count) != 0) {
                    fprintf (stderr, "rt-tap: --count needs a positive integer\n");
                    return 2;
                }
                break;
            case 't':
                if (s_parse_long (optarg, 1, &args->timeout_ms) != 0
                ||  args->timeout_ms > INT_MAX) {
                    fprintf (stderr, "rt-tap: --timeout-ms needs a positive integer\n");
                    return 2;
                }
                break;
            case 'h':
                s_usage (stdout);
                return 1;
            default:
                fprintf (stderr, "rt-tap: unknown option or missing value: %s\n",
                         argv [optind - 1]);
                fprintf (stderr, "Try 'rt-tap --help'.\n");
                return 2;
        }
    }
    for (int i = optind; i < argc; i++) {
        if (args->nprefixes == S_MAX_PREFIXES || strlen (argv [i]) >= RT_TOPIC_MAX) {
            fprintf (stderr, "rt-tap: bad or too many topic prefixes\n");
            return 2;
        }
        args->prefixes [args->nprefixes++] = argv [i];
    }
    //  Publisher roles: the owner service of a well-known endpoint, else --server.
    const char *known [8];
    const char *owners [8];
    size_t nknown = rt_bus_pub_endpoints (known, owners, 8);
    if (args->nendpoints == 0) {
        for (size_t i = 0; i < nknown && i < S_MAX_ENDPOINTS; i++) {
            args->endpoints [i] = known [i];
            args->servers [i] = owners [i];
        }
        args->nendpoints = nknown;
    }
    else
    for (size_t i = 0; i < args->nendpoints; i++) {
        args->servers [i] = args->server;
        for (size_t k = 0; !args->servers [i] && k < nknown; k++)
            if (streq (known [k], args->endpoints [i]))
                args->servers [i] = owners [k];
        if (!args->servers [i]) {
            if (rt_curve_dir ()) {
                fprintf (stderr, "rt-tap: with RT_CURVE_DIR, --server must name the "
                                 "publisher of %s\n", args->endpoints [i]);
                return 2;
            }
            args->servers [i] = "unknown";  //  without CURVE the role is not used
        }
    }
    return 0;
}

static void
s_time (uint64_t ts_ns, char *text, size_t cap)
{
    time_t secs = (time_t) (ts_ns / 1000000000ULL);
    struct tm tm;
    if (!gmtime_r (&secs, &tm) || strftime (text, cap, "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
        snprintf (text, cap, "%llu", (unsigned long long) ts_ns);
        return;
    }
    size_t len = strlen (text);
    snprintf (text + len, cap - len, ".%06uZ", (unsigned) (ts_ns % 1000000000ULL / 1000));
}

//  Prints one JSON value as a line; 0 or RT_EIO (stdout closed: stop).
static int
s_print_json (json_t *value)
{
    int rc = 0;
    char *text = value ? json_dumps (value, JSON_COMPACT) : NULL;
    if (!text || puts (text) == EOF || fflush (stdout) == EOF)
        rc = RT_EIO;
    free (text);
    json_decref (value);
    return rc;
}

static int
s_print_event (const s_args_t *args, const rt_bus_msg_t *msg, const rt_seq_event_t *ev)
{
    if (ev->kind != RT_SEQ_GAP && ev->kind != RT_SEQ_RESTART)
        return 0;
    const char *what = ev->kind == RT_SEQ_GAP ? "gap" : "restart";
    if (args->json)
        return s_print_json (json_pack ("{s:{s:s,s:I,s:I}}", what, "src", msg->header.src,
                                        "expected", (json_int_t) ev->expected,
                                        "got", (json_int_t) ev->got));
    if (printf ("-- %s %s expected %llu got %llu\n", what, msg->header.src,
                (unsigned long long) ev->expected, (unsigned long long) ev->got) < 0
    ||  fflush (stdout) == EOF)
        return RT_EIO;
    return 0;
}

static int
s_print_msg (const s_args_t *args, const rt_bus_msg_t *msg)
{
    json_t *body = NULL;
    int decode = rt_bus_json_from_msgpack (msg->body, msg->body_len, &body);
    if (args->json) {
        json_t *line = json_pack ("{s:s,s:s,s:I,s:I,s:i}", "topic", msg->topic,
                                  "src", msg->header.src, "seq", (json_int_t) msg->header.seq,
                                  "ts", (json_int_t) msg->header.ts_ns,
                                  "type", (int) msg->header.type);
        if (line && *msg->header.corr)
            json_object_set_new (line, "cid", json_string (msg->header.corr));
        if (line && decode == 0)
            json_object_set_new (line, "body", body);
        else
        if (line) {
            //  Still show what came, so a bad publisher can be found.
            json_object_set_new (line, "body", json_null ());
            json_object_set_new (line, "body_error", json_string (rt_strerror (decode)));
            json_object_set_new (line, "body_b64",
                                 rt_bus_json_base64 (msg->body, msg->body_len));
        }
        else
            json_decref (body);
        return s_print_json (line);
    }
    char when [48];
    s_time (msg->header.ts_ns, when, sizeof (when));
    char *text = decode == 0 ? json_dumps (body, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    int rc = printf ("%s %s#%llu %s t=%u%s%s %s\n", when, msg->header.src,
                     (unsigned long long) msg->header.seq, msg->topic,
                     (unsigned) msg->header.type, *msg->header.corr ? " cid=" : "",
                     msg->header.corr, text ? text : "<undecodable body>");
    free (text);
    json_decref (body);
    return rc < 0 || fflush (stdout) == EOF ? RT_EIO : 0;
}

int
main (int argc, char **argv)
{
    s_args_t args;
    int status = s_parse_args (argc, argv, &args);
    if (status != 0)
        return status == 1 ? 0 : 2;
    if (rt_log_open ("rt-tap", RT_LOG_WARN, NULL) != 0)
        return 1;
    //  czmq catches SIGINT/SIGTERM and sets zsys_interrupted; the loop checks it.
    zsys_init ();
    rt_sub_t *sub = rt_sub_new (args.cert);
    if (!sub)
        return 1;
    status = 2;                     //  connect failures are configuration
    for (size_t i = 0; i < args.nendpoints; i++)
        if (rt_sub_connect (sub, args.endpoints [i], args.servers [i]) != 0)
            goto done;
    status = 1;
    if (args.nprefixes == 0 && rt_sub_subscribe (sub, "") != 0)
        goto done;
    for (size_t i = 0; i < args.nprefixes; i++)
        if (rt_sub_subscribe (sub, args.prefixes [i]) != 0)
            goto done;

    uint64_t deadline = args.timeout_ms ? rt_clock_mono_ms () + (uint64_t) args.timeout_ms : 0;
    long seen = 0;
    status = 0;
    while (!zsys_interrupted && (args.count == 0 || seen < args.count)) {
        //  Short waits so that a signal landing just before the poll is noticed soon.
        int wait = 250;
        if (deadline) {
            uint64_t now = rt_clock_mono_ms ();
            if (now >= deadline) {
                status = args.count ? 1 : 0;
                break;
            }
            if (deadline - now < (uint64_t) wait)
                wait = (int) (deadline - now);
        }
        rt_bus_msg_t msg;
        rt_seq_event_t ev;
        int rc = rt_sub_recv (sub, &msg, &ev, wait);
        if (rc == RT_ETIMEOUT || rc == RT_EAGAIN)
            continue;
        if (rc != 0) {
            fprintf (stderr, "rt-tap: receive failed: %s\n", rt_strerror (rc));
            status = 1;
            break;
        }
        if (s_print_event (&args, &msg, &ev) != 0 || s_print_msg (&args, &msg) != 0) {
            status = 1;             //  stdout is gone
            break;
        }
        seen++;
    }
done:
    rt_sub_destroy (&sub);
    return status;
}
