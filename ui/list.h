/* list.h — selection and scrolling for a list of rows; the owner draws
 * each row through a callback. Keys: Up/Down (k/j), PgUp/PgDn, Home/End
 * (g/G). */
#ifndef TETHER_UI_LIST_H
#define TETHER_UI_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list {
    size_t n;   /* rows */
    size_t sel; /* selected row */
    size_t top; /* first row shown */
    int page;   /* rows shown at the last draw */
};

/* Set the row count, keeping the selection in range. */
void list_set_count(struct list *l, size_t n);

/* Returns UI_HANDLED for movement keys, else UI_IGNORED. */
int list_key(struct list *l, int key);

typedef void (*list_row_fn)(void *ctx, size_t i, int y, bool selected);

/* Draw rows into lines y .. y+h-1, scrolled so the selection shows. */
void list_draw(struct list *l, int y, int h, list_row_fn row, void *ctx);

/* The keys above, for the help (keys.h). */
struct keys_table;
extern const struct keys_table list_keys;

#endif
