/* keys.h — a view's keys, declared once.
 *
 * Each view (home, wizard, request pane tabs) declares tables of bindings
 * {keys, label, help, priority, action, when}; from them come the key bar
 * (keys_bar: fitted to the width by priority), the dispatch (keys_dispatch)
 * and the `?` help (keys_help_open: a scrollable view built from the
 * view's help page). Keys that a widget handles itself (text editing in a
 * field, moving in a list) are in tables of the widget's module without an
 * action: they show in the help of every view that has the widget, and the
 * widget's own key function stays their one handler.
 *
 * Ownership: tables, pages and their strings are static; nothing here is
 * freed except the help view (by the screen, as every view). */
#ifndef TETHER_UI_KEYS_H
#define TETHER_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "screen.h"

/* What the key bar keeps when the width runs short: lower priorities go
 * first (the later of equals first); KEYS_ALWAYS (help, quit, close) never
 * goes. */
enum keys_priority { KEYS_LOW = 1, KEYS_MID, KEYS_HIGH, KEYS_ALWAYS };

#define KEYS_MAX_CODES 4

struct ui_binding {
    int keys[KEYS_MAX_CODES]; /* the codes dispatched (0 ends the list) */
    const char *key_label;    /* the help's key column: "^N, PgDn" */
    const char *bar_key;      /* the bar's key: "^N"; NULL: key_label */
    const char *label;        /* the bar's word; NULL: not in the bar */
    const char *help;         /* a sentence for `?`; NULL: not in the help */
    int priority;             /* enum keys_priority */
    /* NULL: the key is documented here and handled by a widget. Returns
     * UI_* flags (UI_HANDLED is added). */
    int (*action)(void *ctx, struct screen *s, int key);
    /* NULL: always. Else whether the binding is active now: only then it
     * is dispatched and shown in the bar (the help lists it anyway). */
    bool (*when)(const void *ctx);
};

/* A group of bindings; its title heads its section in the help. */
struct keys_table {
    const char *title;
    const struct ui_binding *b;
    size_t n;
};

#define KEYS_TABLE(title, arr)                                                 \
    {                                                                          \
        (title), (arr), sizeof(arr) / sizeof *(arr)                            \
    }

/* What `?` shows for a view: its tables, in order. `id` names the page for
 * tether --dump-keys (and the help test). */
struct keys_page {
    const char *id;
    const char *title;
    const struct keys_table *const *tables;
    size_t n;
};

#define KEYS_PAGE(id, title, arr)                                              \
    {                                                                          \
        (id), (title), (arr), sizeof(arr) / sizeof *(arr)                      \
    }

/* `?` (when no text field takes the key) and F1 (always): open the help of
 * the view `ctx` (a view: its ops->help gives the page). Put it in every
 * view's tables. */
extern const struct keys_table keys_help_table;

/* True when `ctx` (a view) is not sending typed keys into a text field
 * (see view_ops.typing). */
bool keys_not_typing(const void *ctx);

/* The first active binding with an action for `key` in the tables, in
 * order, runs with `ctx`. Returns its flags (with UI_HANDLED), or
 * UI_IGNORED when none matched (hand the key to the widgets). */
int keys_dispatch(const struct keys_table *const *tables, size_t n, void *ctx,
                  struct screen *s, int key);

/* Draw the key bar on the last line: the active bindings that have a label,
 * in table order with the KEYS_ALWAYS ones last, an action shown once (the
 * first binding for it wins). When they do not fit in s->cols, the lowest
 * priorities are left out. */
void keys_bar(struct screen *s, const struct keys_table *const *tables,
              size_t n, const void *ctx);

/* Push the help view for `page` over `below` (the view it is opened from,
 * which keeps getting its ticks and is drawn under the help). */
void keys_help_open(struct screen *s, struct view *below,
                    const struct keys_page *page);

/* Print every binding of `page` that the help lists, one per line as
 * "ID<TAB>SECTION<TAB>KEY LABEL". Returns false on a write error. */
bool keys_page_dump(FILE *out, const struct keys_page *page);

#endif
