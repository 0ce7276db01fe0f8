/* main.c — tether's entry point: the command line, or the screens when run
 * with no command on a terminal. */
#include "cli.h"
#include "ui.h"

int
main(int argc, char **argv)
{
    static const struct cli_ui ui = {ui_run, ui_pane};
    return cli_main(argc, argv, &ui);
}
