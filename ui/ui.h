/* ui.h — the ncurses front end, as seen from main(). No curses types here. */
#ifndef TETHER_UI_H
#define TETHER_UI_H

#include <stdio.h>

#include "store.h"

/* Run the interactive screens on an open store until the user quits.
 * Restores the terminal on every way out. Returns a process exit status. */
int ui_run(struct store *st);

/* Run the request pane alone (`tether pane [NAME]`), starting on the
 * integration called `integration` (NULL: the default one). Same terminal
 * guarantees and exit status as ui_run(). */
int ui_pane(struct store *st, const char *integration);

/* Print the keys every screen's `?` help lists, one per line as
 * "PAGE<TAB>SECTION<TAB>KEY" (for the help's test; `tether --dump-keys`).
 * Needs no terminal and no store. Returns a process exit status. */
int ui_dump_keys(FILE *out);

#endif
