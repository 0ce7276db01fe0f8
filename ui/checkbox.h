/* checkbox.h — an on/off choice; Space or Enter toggles. */
#ifndef TETHER_UI_CHECKBOX_H
#define TETHER_UI_CHECKBOX_H

#include <stdbool.h>

struct checkbox {
    bool on;
};

/* Returns UI_HANDLED | UI_CHANGED on a toggle, else UI_IGNORED. */
int checkbox_key(struct checkbox *c, int key);

/* Draw "[x]" / "[ ]" at (y, x); returns the columns used. */
int checkbox_draw(const struct checkbox *c, int y, int x, bool focus);

#endif
