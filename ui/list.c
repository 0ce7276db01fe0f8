/* list.c — see list.h. */
#include "list.h"

#include "keys.h"
#include "screen.h"

void
list_set_count(struct list *l, size_t n)
{
    l->n = n;
    if (l->sel >= n)
        l->sel = n ? n - 1 : 0;
    if (l->top > l->sel)
        l->top = l->sel;
}

int
list_key(struct list *l, int key)
{
    size_t page = l->page > 1 ? (size_t)l->page - 1 : 1;
    if (l->n == 0)
        return UI_IGNORED;
    switch (key) {
    case UK_UP:
    case 'k':
        if (l->sel > 0)
            l->sel--;
        return UI_HANDLED;
    case UK_DOWN:
    case 'j':
        if (l->sel + 1 < l->n)
            l->sel++;
        return UI_HANDLED;
    case UK_PGUP:
        l->sel = l->sel > page ? l->sel - page : 0;
        return UI_HANDLED;
    case UK_PGDN:
        l->sel = l->sel + page < l->n ? l->sel + page : l->n - 1;
        return UI_HANDLED;
    case UK_HOME:
    case 'g':
        l->sel = 0;
        return UI_HANDLED;
    case UK_END:
    case 'G':
        l->sel = l->n - 1;
        return UI_HANDLED;
    default:
        return UI_IGNORED;
    }
}

void
list_draw(struct list *l, int y, int h, list_row_fn row, void *ctx)
{
    if (h <= 0)
        return;
    l->page = h;
    if (l->sel < l->top)
        l->top = l->sel;
    if (l->sel >= l->top + (size_t)h)
        l->top = l->sel - (size_t)h + 1;
    for (int i = 0; i < h && l->top + (size_t)i < l->n; i++) {
        size_t r = l->top + (size_t)i;
        row(ctx, r, y + i, r == l->sel);
    }
}

/* The keys list_key() handles, for the help of views with a list. */
static const struct ui_binding list_bindings[] = {
    {{0}, "Up, Down, k, j", NULL, NULL, "move the selection", 0, NULL, NULL},
    {{0}, "PgUp, PgDn", NULL, NULL, "move a page", 0, NULL, NULL},
    {{0}, "Home, End, g, G", NULL, NULL, "the first, the last", 0, NULL, NULL},
};

const struct keys_table list_keys =
    KEYS_TABLE("Moving in the list", list_bindings);
