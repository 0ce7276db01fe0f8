/* cli.c — command dispatch. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#define TETHER_VERSION "0.1.0"

int
cli_main(int argc, char **argv, cli_screens_fn screens)
{
    (void)screens;
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("tether %s\n", TETHER_VERSION);
        return 0;
    }
    printf("usage: tether COMMAND [options]\n");
    return argc > 1 ? 2 : 0;
}
