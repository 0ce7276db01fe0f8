/* main.c — tether's entry point: the command line, or the screens when run
 * with no command on a terminal. */
#include <string.h>

#include "cli.h"
#include "proc.h"
#include "ui.h"

int
main(int argc, char **argv)
{
    /* First, before any secret is in memory: no core dump can hold one. */
    proc_protect_memory();
    static const struct cli_ui ui = {ui_run, ui_pane};
    /* Not a command: the screens' key tables, for the help's test. */
    if (argc == 2 && strcmp(argv[1], "--dump-keys") == 0)
        return ui_dump_keys(stdout);
    return cli_main(argc, argv, &ui);
}
