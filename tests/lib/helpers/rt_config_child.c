/*  rt_config_child.c - run by test_lib_config / test_lib_log as a child process to check
    that bad configuration exits with status 2 (and good configuration with 0).

    rt_config_child config   loads CHILD_PORT (port, default 4002) with rt_config_load_or_exit
    rt_config_child log      calls rt_log_init ("child") and logs one info line
*/
#include <stdio.h>
#include <string.h>
#include "rt_config.h"
#include "rt_log.h"

int
main (int argc, char *argv [])
{
    if (argc == 2 && strcmp (argv [1], "config") == 0) {
        int port = 0;
        const rt_config_var_t vars [] = {
            RT_CFG_PORT ("CHILD_PORT", &port, "4002", "a port"),
        };
        rt_config_load_or_exit (vars, RT_CFG_COUNT (vars));
        printf ("%d\n", port);
        return 0;
    }
    if (argc == 2 && strcmp (argv [1], "log") == 0) {
        rt_log_init ("child");
        rt_log_info ("child up");
        rt_log_close ();
        return 0;
    }
    fprintf (stderr, "usage: rt_config_child config|log\n");
    return 64;
}
