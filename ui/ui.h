/* ui.h — the ncurses front end, as seen from main(). No curses types here. */
#ifndef TETHER_UI_H
#define TETHER_UI_H

#include "store.h"

/* Run the interactive screens on an open store until the user quits.
 * Restores the terminal on every way out. Returns a process exit status. */
int ui_run(struct store *st);

#endif
