/* cli.h — the scriptable command line over the engine. */
#ifndef TETHER_CLI_H
#define TETHER_CLI_H

#include "store.h"

/* The interactive front end, handed in by main() so that the engine never
 * depends on it: runs the screens on an open store, returns an exit status. */
typedef int (*cli_screens_fn)(struct store *st);

/* Parse argv and run one command. With no command, when standard input and
 * output are terminals and `screens` is not NULL, open the store and run the
 * screens; otherwise print help. Returns the process exit status: 0 success,
 * 1 an operation or check failed, 2 usage or validation error. */
int cli_main(int argc, char **argv, cli_screens_fn screens);

#endif
