/* kvrows.h — editable key/value rows that can be switched off without
 * being deleted: the request pane's query parameters and headers.
 *
 * The focus is on one cell (the key or the value of a row). Keys: Up/Down
 * move between rows, Tab/Shift-Tab between cells (leaving the widget past
 * the first or last cell: UI_NEXT / UI_PREV), Ctrl-N adds a row below,
 * Ctrl-X deletes the row, Ctrl-T switches it on or off; other keys edit the
 * cell (field.h). */
#ifndef TETHER_UI_KVROWS_H
#define TETHER_UI_KVROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "field.h"
#include "model.h"

struct screen;

struct kvrow {
    struct field key, value;
    bool on;
};

struct kvrows {
    struct kvrow *rows;
    size_t n, cap;
    size_t sel;       /* the focused row */
    int col;          /* 0 = key, 1 = value */
    size_t top;       /* first row shown */
    const char *what; /* "parameter", "header": for the empty notice */
};

void kvrows_init(struct kvrows *k, const char *what);
void kvrows_free(struct kvrows *k);

/* Remove every row. */
void kvrows_clear(struct kvrows *k);

/* Append a row (copies the texts). False when out of memory. */
bool kvrows_add(struct kvrows *k, const char *key, const char *value, bool on);

/* The rows that are on and have a key, appended to *out (copies). False
 * when out of memory. */
bool kvrows_collect(const struct kvrows *k, struct kv_list *out);

/* True when a row that is on has this key (ASCII case-insensitive). */
bool kvrows_has_key(const struct kvrows *k, const char *key);

/* Handle a key; returns UI_* flags (UI_NEXT / UI_PREV when the focus
 * leaves, UI_CHANGED when a row or text changed). */
int kvrows_key(struct kvrows *k, struct screen *s, int key);

/* Draw in h lines at (y, x), w columns wide; rows scroll to keep the
 * focused one visible. */
void kvrows_draw(struct kvrows *k, struct screen *s, int y, int x, int w, int h,
                 bool focus);

/* The keys above, for the help and the key bar (keys.h). */
struct keys_table;
extern const struct keys_table kvrows_keys;

#endif
