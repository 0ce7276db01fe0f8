/* dropdown.h — one choice out of a fixed list. Closed it shows the choice;
 * Enter or Space opens the list, Up/Down move, Enter picks, Esc closes.
 * Closed, a letter picks the next choice starting with it. */
#ifndef TETHER_UI_DROPDOWN_H
#define TETHER_UI_DROPDOWN_H

#include <stdbool.h>
#include <stddef.h>

struct screen;

struct dropdown {
    const char *const *labels; /* borrowed */
    size_t n;
    size_t sel;   /* the choice */
    size_t hover; /* highlighted while open */
    bool open;
};

/* Returns UI_HANDLED (| UI_CHANGED when the choice changed), UI_IGNORED for
 * keys it does not use (focus moves when closed). */
int dropdown_key(struct dropdown *d, int key);

/* Draw the closed box w columns wide at (y, x). */
void dropdown_draw(const struct dropdown *d, int y, int x, int w, bool focus);

/* Draw the open list under (y, x) over everything else; call last. */
void dropdown_draw_open(const struct dropdown *d, struct screen *s, int y,
                        int x, int w);

/* The keys above, for the help (keys.h). */
struct keys_table;
extern const struct keys_table dropdown_keys;

#endif
