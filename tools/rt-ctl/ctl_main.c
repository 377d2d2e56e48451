/*  ctl_main.c - rt-ctl: global options, the command table, help, option parsing shared by
    every command.

    Options are taken before or after the command (rt-ctl --json orders, rt-ctl orders
    --json): the global parse stops at the command word, and each command parses the rest
    with the global options added to its own.
*/
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "ctl.h"
#include "rt_config.h"
#include "rt_log.h"

typedef int (ctl_cmd_fn_t) (ctl_t *ctl, int argc, char **argv);

typedef struct {
    const char   *name;
    ctl_cmd_fn_t *run;
    const char   *synopsis;         //  after "rt-ctl "
    const char   *help;             //  what it does, its options
} s_command_t;

static const s_command_t s_commands [] = {
    { "buy", ctl_cmd_order,
      "buy SYMBOL QTY [--limit P] [--stop P] [--tif DAY|GTC|IOC] [--coid ID] [--account A]",
      "Sends an order intent to the orders service and waits until it is SUBMITTED or\n"
      "REJECTED. Neither --limit nor --stop: MKT; --limit: LMT; --stop: STP; both: STP LMT.\n"
      "Without --coid a client order id ctl-<epoch ms>-<pid> is made up and printed, so\n"
      "the order can be cancelled. Sending the same --coid again never makes a second order.\n"
      "  --limit P      limit price (positive)\n"
      "  --stop P       stop trigger price (positive)\n"
      "  --tif T        time in force: DAY (default), GTC or IOC\n"
      "  --coid ID      client order id (up to 63 printable characters, no spaces)\n"
      "  --account A    IB account (default: the gateway's)\n"
      "Prints \"submitted coid=...\" (exit 0) or \"rejected: CODE: reason\" (exit 1).\n" },
    { "sell", ctl_cmd_order,
      "sell SYMBOL QTY [--limit P] [--stop P] [--tif DAY|GTC|IOC] [--coid ID] [--account A]",
      "As buy, selling.\n" },
    { "cancel", ctl_cmd_cancel, "cancel COID",
      "Asks the orders service to cancel the order with this client order id.\n" },
    { "orders", ctl_cmd_snapshot, "orders",
      "The orders service's orders: open ones and today's finished ones.\n" },
    { "positions", ctl_cmd_snapshot, "positions",
      "Positions as the orders service books them from fills, with P&L.\n" },
    { "account", ctl_cmd_snapshot, "account [--account A]",
      "The IB account values and positions as the gateway last received them.\n"
      "  --account A    one account only\n" },
    { "risk", ctl_cmd_risk, "risk",
      "Risk's trading state, its reason, P&L and exposure.\n" },
    { "halt", ctl_cmd_verb, "halt [REASON]",
      "Moves risk to HALTED: nothing but cancels passes.\n" },
    { "kill", ctl_cmd_verb, "kill [REASON]",
      "Kill switch: risk HALTs at once and cancels every open order.\n" },
    { "resume", ctl_cmd_verb, "resume",
      "Moves risk back to ACTIVE (refused while the daily loss limit still holds).\n" },
    { "status", ctl_cmd_status, "status",
      "Listens for every service's heartbeat and asks each for its status (about 1.5 s):\n"
      "one row per service (up: heartbeat and answer; stale: only one of them; down:\n"
      "neither) and the IB connection state. Exit 3 when a service is down.\n" },
};
#define S_COMMANDS (sizeof (s_commands) / sizeof (s_commands [0]))

static const s_command_t *
s_find (const char *name)
{
    for (size_t i = 0; i < S_COMMANDS; i++)
        if (strcmp (s_commands [i].name, name) == 0)
            return &s_commands [i];
    return NULL;
}

void
ctl_help (const char *command, FILE *out)
{
    const s_command_t *cmd = command ? s_find (command) : NULL;
    if (cmd) {
        fprintf (out, "Usage: rt-ctl [--json] [--timeout-ms MS] %s\n%s", cmd->synopsis,
                 cmd->help);
        return;
    }
    fprintf (out,
        "Usage: rt-ctl [--json] [--timeout-ms MS] COMMAND [ARGS]\n"
        "Operates robo-trader: orders, positions, the account, risk, every service's health.\n"
        "\n"
        "Commands:\n");
    for (size_t i = 0; i < S_COMMANDS; i++)
        fprintf (out, "  %s\n", s_commands [i].synopsis);
    fprintf (out,
        "\n"
        "Options (before or after the command):\n"
        "  --json            one JSON document on stdout\n"
        "  --timeout-ms MS   how long to wait for a service (default %d)\n"
        "  --help            this text; rt-ctl COMMAND --help: the command's\n"
        "\n"
        "Endpoints: RT_ORDERS_CMD, RT_RISK_CMD, RT_GATEWAY_CMD and the RT_*_PUB ones (loopback\n"
        "defaults 5561-5567), from the environment or the file named by RT_CONFIG_FILE.\n"
        "Exit status: 0 done, 1 refused (order rejected), 2 usage error, 3 a service did\n"
        "not answer in time (status: a service is down), 4 other failure.\n",
        CTL_TIMEOUT_DEFAULT_MS);
}

int
ctl_usage_error (const char *command, const char *fmt, ...)
{
    fprintf (stderr, "rt-ctl%s%s: ", command ? " " : "", command ? command : "");
    va_list args;
    va_start (args, fmt);
    vfprintf (stderr, fmt, args);
    va_end (args);
    const s_command_t *cmd = command ? s_find (command) : NULL;
    fprintf (stderr, "\nUsage: rt-ctl [--json] [--timeout-ms MS] %s\n",
             cmd ? cmd->synopsis : "COMMAND [ARGS]");
    fprintf (stderr, "Try 'rt-ctl %s%s--help'.\n", cmd ? cmd->name : "", cmd ? " " : "");
    return CTL_EXIT_USAGE;
}

int
ctl_parse_timeout (const char *text, int *value)
{
    char *end = NULL;
    errno = 0;
    long v = strtol (text, &end, 10);
    if (errno || end == text || *end || v < 1 || v > INT_MAX / 2)
        return RT_EINVAL;
    *value = (int) v;
    return 0;
}

//  Long-only option values above any character.
enum { S_OPT_JSON = 1000, S_OPT_TIMEOUT, S_OPT_HELP };

static const struct option s_global [] = {
    { "json",       no_argument,       NULL, S_OPT_JSON },
    { "timeout-ms", required_argument, NULL, S_OPT_TIMEOUT },
    { "help",       no_argument,       NULL, S_OPT_HELP },
};
#define S_GLOBAL (sizeof (s_global) / sizeof (s_global [0]))
#define S_OPTIONS_MAX 16

//  Handles a global option; 0, 1 (help printed), or CTL_EXIT_USAGE.
static int
s_global_opt (ctl_t *ctl, const char *command, int opt, const char *arg)
{
    if (opt == S_OPT_JSON)
        ctl->json = true;
    else
    if (opt == S_OPT_TIMEOUT) {
        if (ctl_parse_timeout (arg, &ctl->timeout_ms) != 0)
            return ctl_usage_error (command, "--timeout-ms needs a positive number of "
                                             "milliseconds, got '%s'", arg);
    }
    else {
        ctl_help (command, stdout);
        return 1;
    }
    return 0;
}

static int
s_unknown (const char *command, char **argv)
{
    //  A lone "-5" reaches getopt as an option: say what was meant.
    if (optopt && strchr ("0123456789.", optopt))
        for (int i = 1; argv [i]; i++)
            if (argv [i] [0] == '-' && argv [i] [1] == optopt)
                return ctl_usage_error (command, "quantities and prices must be positive "
                                                 "numbers, got '%s'", argv [i]);
    if (optopt && optopt < 256)
        return ctl_usage_error (command, "unknown option '-%c'", optopt);
    const char *text = optind > 0 ? argv [optind - 1] : "?";
    if (optopt)
        return ctl_usage_error (command, "option '%s' needs a value", text);
    return ctl_usage_error (command, "unknown option '%s'", text);
}

int
ctl_getopt (ctl_t *ctl, int argc, char **argv, const struct option *extra,
            ctl_opt_fn_t *on_opt, void *state, ctl_args_t *args)
{
    struct option options [S_OPTIONS_MAX];
    size_t n = 0;
    for (size_t i = 0; i < S_GLOBAL; i++)
        options [n++] = s_global [i];
    for (size_t i = 0; extra && extra [i].name; i++) {
        assert (n + 1 < S_OPTIONS_MAX);
        options [n++] = extra [i];
    }
    memset (&options [n], 0, sizeof (options [n]));

    const char *command = argv [0];
    args->count = 0;
    optind = 0;                     //  GNU: start afresh (main parsed the global options)
    opterr = 0;
    int opt;
    //  "-": positionals come back in order as opt 1, so options may follow them.
    while ((opt = getopt_long (argc, argv, "-", options, NULL)) != -1) {
        int rc = 0;
        if (opt == 1) {
            if (args->count == CTL_ARGS_MAX)
                return ctl_usage_error (command, "too many arguments");
            args->item [args->count++] = optarg;
        }
        else
        if (opt == '?' || opt == ':')
            return s_unknown (command, argv);
        else
        if (opt >= S_OPT_JSON)
            rc = s_global_opt (ctl, command, opt, optarg);
        else
            rc = on_opt ? on_opt (opt, optarg, state) : CTL_EXIT_USAGE;
        if (rc != 0)
            return rc;
    }
    for (int i = optind; i < argc; i++) {          //  after "--"
        if (args->count == CTL_ARGS_MAX)
            return ctl_usage_error (command, "too many arguments");
        args->item [args->count++] = argv [i];
    }
    return 0;
}

static void
s_cleanup (ctl_t *ctl)
{
    msgpack_sbuffer_destroy (&ctl->sbuf);
    msgpack_zone_destroy (&ctl->zone);
}

int
main (int argc, char **argv)
{
    ctl_t ctl = { .timeout_ms = CTL_TIMEOUT_DEFAULT_MS };
    opterr = 0;
    int opt;
    struct option options [S_GLOBAL + 1];
    memcpy (options, s_global, sizeof (s_global));
    memset (&options [S_GLOBAL], 0, sizeof (options [S_GLOBAL]));
    //  "+": stop at the command word; its own options are parsed by the command.
    while ((opt = getopt_long (argc, argv, "+", options, NULL)) != -1) {
        if (opt == '?' || opt == ':')
            return s_unknown (NULL, argv);
        int rc = s_global_opt (&ctl, NULL, opt, optarg);
        if (rc != 0)
            return rc == 1 ? CTL_EXIT_OK : rc;
    }
    if (optind >= argc)
        return ctl_usage_error (NULL, "no command given");
    const s_command_t *cmd = s_find (argv [optind]);
    if (!cmd)
        return ctl_usage_error (NULL, "unknown command '%s'", argv [optind]);

    char errbuf [256];
    if (rt_config_file_export (errbuf, sizeof (errbuf)) != 0) {
        fprintf (stderr, "rt-ctl: configuration error: %s\n", errbuf);
        return CTL_EXIT_USAGE;
    }
    if (rt_log_open ("rt-ctl", RT_LOG_ERROR, NULL) != 0)
        return CTL_EXIT_FAILED;
    msgpack_sbuffer_init (&ctl.sbuf);
    if (!msgpack_zone_init (&ctl.zone, 4096)) {
        msgpack_sbuffer_destroy (&ctl.sbuf);
        return CTL_EXIT_FAILED;
    }
    int status = cmd->run (&ctl, argc - optind, argv + optind);
    s_cleanup (&ctl);
    //  czmq's atexit teardown closes the sockets with their linger (none for commands).
    return status;
}
