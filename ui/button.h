/* button.h — a push button; Enter or Space presses it. */
#ifndef TETHER_UI_BUTTON_H
#define TETHER_UI_BUTTON_H

#include <stdbool.h>

struct button {
    const char *label;
    bool disabled; /* drawn dim, ignores presses */
};

/* Returns UI_HANDLED | UI_SUBMIT when pressed, else UI_IGNORED. */
int button_key(struct button *b, int key);

/* Columns the button takes: "[ Label ]". */
int button_width(const struct button *b);

/* Draw at (y, x); returns the columns used. */
int button_draw(const struct button *b, int y, int x, bool focus);

#endif
