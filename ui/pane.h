/* pane.h — the request pane: compose a request, send it through any
 * integration, read the response, recall earlier requests.
 *
 * The terminal counterpart of the reference product's "Custom API Request"
 * action with its integration override. A view on the screen stack (see
 * screen.h): home pushes it with `p`; `tether pane [NAME]` runs it alone.
 * Sending goes through exchange.h (auth, OAuth tokens, one retry, history),
 * driven from the loop's ticks so the screen keeps drawing and Esc
 * cancels. */
#ifndef TETHER_UI_PANE_H
#define TETHER_UI_PANE_H

#include "screen.h"
#include "store.h"

/* A new pane view on s->store, starting on the integration called
 * `integration` (NULL or not found: the default one, else the first).
 * NULL when out of memory. Push it with screen_push(). */
struct view *pane_new(struct screen *s, const char *integration);

/* Run the pane alone on a terminal until the user closes it; restores the
 * terminal on every way out. Returns a process exit status as
 * screen_run(). */
int pane_run(struct store *st, const char *integration);

/* The keys `?` lists on tab i of the pane (0 compose, 1 response, 2
 * history), NULL for another i (keys.h). */
const struct keys_page *pane_keys_page(int i);

#endif
