/* dropdown.c — see dropdown.h. */
#include "dropdown.h"

#include <ctype.h>

#include "keys.h"
#include "screen.h"

static int
dropdown_letter(struct dropdown *d, int key)
{
    for (size_t k = 1; k <= d->n; k++) {
        size_t i = (d->sel + k) % d->n;
        if (tolower((unsigned char)d->labels[i][0]) == tolower(key)) {
            d->sel = d->hover = i;
            return UI_HANDLED | UI_CHANGED;
        }
    }
    return UI_HANDLED;
}

int
dropdown_key(struct dropdown *d, int key)
{
    if (!d->open) {
        if (key == UK_ENTER || key == ' ') {
            d->open = true;
            d->hover = d->sel;
            return UI_HANDLED;
        }
        if (key < 128 && isalpha(key))
            return dropdown_letter(d, key);
        return UI_IGNORED;
    }
    switch (key) {
    case UK_UP:
    case UK_BTAB:
        d->hover = d->hover > 0 ? d->hover - 1 : d->n - 1;
        return UI_HANDLED;
    case UK_DOWN:
    case UK_TAB:
        d->hover = (d->hover + 1) % d->n;
        return UI_HANDLED;
    case UK_HOME:
        d->hover = 0;
        return UI_HANDLED;
    case UK_END:
        d->hover = d->n - 1;
        return UI_HANDLED;
    case UK_ENTER:
    case ' ': {
        bool changed = d->hover != d->sel;
        d->sel = d->hover;
        d->open = false;
        return UI_HANDLED | (changed ? UI_CHANGED : 0);
    }
    case UK_ESC:
        d->open = false;
        return UI_HANDLED;
    default:
        return UI_HANDLED;
    }
}

void
dropdown_draw(const struct dropdown *d, int y, int x, int w, bool focus)
{
    attr_t a = theme_attr(focus ? TC_FIELD_FOCUS : TC_FIELD);
    screen_fill(y, x, w, a);
    screen_text(y, x + 1, w - 4, a, d->n ? d->labels[d->sel] : "");
    screen_text(y, x + w - 2, 1, a, theme_glyphs()->arrow_down);
}

void
dropdown_draw_open(const struct dropdown *d, struct screen *s, int y, int x,
                   int w)
{
    /* Below the box when it fits, else where there is more room; a long
     * list scrolls to keep the highlighted choice in view. */
    int below = s->rows - 2 - (y + 1), above = y - 1;
    int want = (int)d->n + 2;
    int h, top;
    if (want <= below || below >= above) {
        h = want < below ? want : below;
        top = y + 1;
    } else {
        h = want < above ? want : above;
        top = y - h;
    }
    if (h < 3)
        return;
    size_t rows = (size_t)h - 2, first = 0;
    if (d->hover >= rows)
        first = d->hover - rows + 1;
    screen_box(top, x, h, w, NULL);
    for (size_t i = 0; i < rows && first + i < d->n; i++) {
        size_t k = first + i;
        attr_t a = theme_attr(k == d->hover ? TC_SELECTED : TC_NORMAL);
        screen_fill(top + 1 + (int)i, x + 1, w - 2, a);
        screen_text(top + 1 + (int)i, x + 2, w - 4, a, d->labels[k]);
    }
    if (first > 0)
        screen_text(top, x + w - 4, 1, theme_attr(TC_BORDER), "^");
    if (first + rows < d->n)
        screen_text(top + h - 1, x + w - 4, 1, theme_attr(TC_BORDER), "v");
}

/* The keys dropdown_key() handles. */
static const struct ui_binding dropdown_bindings[] = {
    {{0},
     "Enter, Space",
     NULL,
     NULL,
     "open the list; in it: pick",
     0,
     NULL,
     NULL},
    {{0},
     "a letter",
     NULL,
     NULL,
     "pick the next choice starting with it (list closed)",
     0,
     NULL,
     NULL},
    {{0}, "Up, Down", NULL, NULL, "move in the open list", 0, NULL, NULL},
    {{0},
     "Esc",
     NULL,
     NULL,
     "close the list, keeping the choice",
     0,
     NULL,
     NULL},
};

const struct keys_table dropdown_keys =
    KEYS_TABLE("Drop-down lists", dropdown_bindings);
