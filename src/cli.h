/* cli.h — the scriptable command line over the engine. */
#ifndef TETHER_CLI_H
#define TETHER_CLI_H

#include "store.h"

/* The interactive front end, handed in by main() so that the engine never
 * depends on it: runs the screens on an open store, returns an exit status. */
typedef int (*cli_screens_fn)(struct store *st);

/* The request pane on its own (`tether pane [NAME]`), handed in the same
 * way: runs it on an open store starting on the integration called
 * `integration` (NULL: the default one), returns an exit status. */
typedef int (*cli_pane_fn)(struct store *st, const char *integration);

/* The front ends main() hands in. NULL (or a NULL member) for a build
 * without them: the commands that need one say it is not available. */
struct cli_ui {
    cli_screens_fn screens; /* home and wizard */
    cli_pane_fn pane;       /* the request pane */
};

/* Parse argv and run one command. With no command, when standard input and
 * output are terminals and `ui` has screens, open the store and run them;
 * otherwise print help. Returns the process exit status: 0 success,
 * 1 an operation or check failed, 2 usage or validation error. */
int cli_main(int argc, char **argv, const struct cli_ui *ui);

#endif
