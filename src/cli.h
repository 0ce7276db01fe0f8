/* cli.h — the scriptable command line over the engine. */
#ifndef TETHER_CLI_H
#define TETHER_CLI_H

/* Parse argv and run one command (or the screens, with no command on a
 * terminal). Returns the process exit status: 0 success, 1 an operation or
 * check failed, 2 usage or validation error. */
int cli_main(int argc, char **argv);

#endif
