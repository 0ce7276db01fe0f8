/* kvrows.c — see kvrows.h. */
#include "kvrows.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keys.h"
#include "screen.h"

void
kvrows_init(struct kvrows *k, const char *what)
{
    memset(k, 0, sizeof *k);
    k->what = what;
}

static void
kvrow_free(struct kvrow *r)
{
    field_free(&r->key);
    field_free(&r->value);
}

void
kvrows_clear(struct kvrows *k)
{
    for (size_t i = 0; i < k->n; i++)
        kvrow_free(&k->rows[i]);
    k->n = k->sel = k->top = 0;
    k->col = 0;
}

void
kvrows_free(struct kvrows *k)
{
    kvrows_clear(k);
    free(k->rows);
    k->rows = NULL;
    k->cap = 0;
}

/* Insert an empty row (on) at position at; NULL when out of memory. */
static struct kvrow *
kvrows_insert(struct kvrows *k, size_t at)
{
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 8;
        struct kvrow *v = realloc(k->rows, cap * sizeof *v);
        if (v == NULL)
            return NULL;
        k->rows = v;
        k->cap = cap;
    }
    memmove(k->rows + at + 1, k->rows + at, (k->n - at) * sizeof *k->rows);
    struct kvrow *r = &k->rows[at];
    field_init(&r->key, false);
    field_init(&r->value, false);
    r->on = true;
    k->n++;
    return r;
}

bool
kvrows_add(struct kvrows *k, const char *key, const char *value, bool on)
{
    struct kvrow *r = kvrows_insert(k, k->n);
    if (r == NULL)
        return false;
    field_set(&r->key, key);
    field_set(&r->value, value);
    r->on = on;
    return true;
}

bool
kvrows_collect(const struct kvrows *k, struct kv_list *out)
{
    for (size_t i = 0; i < k->n; i++) {
        const struct kvrow *r = &k->rows[i];
        if (!r->on || field_empty(&r->key))
            continue;
        char *key = field_get(&r->key), *value = field_get(&r->value);
        bool ok = key && value && kv_list_add(out, key, value);
        free(key);
        free(value);
        if (!ok)
            return false;
    }
    return true;
}

bool
kvrows_has_key(const struct kvrows *k, const char *key)
{
    bool found = false;
    for (size_t i = 0; i < k->n && !found; i++) {
        if (!k->rows[i].on)
            continue;
        char *name = field_get(&k->rows[i].key);
        found = name != NULL && strcasecmp(name, key) == 0;
        free(name);
    }
    return found;
}

static void
kvrows_delete(struct kvrows *k)
{
    if (k->n == 0)
        return;
    kvrow_free(&k->rows[k->sel]);
    memmove(k->rows + k->sel, k->rows + k->sel + 1,
            (k->n - k->sel - 1) * sizeof *k->rows);
    k->n--;
    if (k->sel >= k->n && k->sel > 0)
        k->sel--;
    k->col = 0;
}

/* Tab and Shift-Tab: the next or previous cell, or out of the widget. */
static int
kvrows_move_cell(struct kvrows *k, bool back)
{
    if (k->n == 0)
        return back ? UI_PREV : UI_NEXT;
    if (!back) {
        if (k->col == 0) {
            k->col = 1;
            return UI_HANDLED;
        }
        if (k->sel + 1 >= k->n)
            return UI_NEXT;
        k->sel++;
        k->col = 0;
        return UI_HANDLED;
    }
    if (k->col == 1) {
        k->col = 0;
        return UI_HANDLED;
    }
    if (k->sel == 0)
        return UI_PREV;
    k->sel--;
    k->col = 1;
    return UI_HANDLED;
}

int
kvrows_key(struct kvrows *k, struct screen *s, int key)
{
    switch (key) {
    case UK_TAB:
        return kvrows_move_cell(k, false);
    case UK_BTAB:
        return kvrows_move_cell(k, true);
    case UK_UP:
        if (k->sel == 0 || k->n == 0)
            return UI_PREV;
        k->sel--;
        return UI_HANDLED;
    case UK_DOWN:
        if (k->sel + 1 >= k->n)
            return UI_NEXT;
        k->sel++;
        return UI_HANDLED;
    case UK_CTRL('n'):
    case UK_ENTER:
        if (kvrows_insert(k, k->n ? k->sel + 1 : 0) == NULL)
            return UI_HANDLED;
        if (k->n > 1)
            k->sel++;
        k->col = 0;
        return UI_HANDLED | UI_CHANGED;
    case UK_CTRL('x'):
        kvrows_delete(k);
        return UI_HANDLED | UI_CHANGED;
    case UK_CTRL('t'):
        if (k->n > 0)
            k->rows[k->sel].on = !k->rows[k->sel].on;
        return UI_HANDLED | UI_CHANGED;
    default:
        break;
    }
    if (k->n == 0) {
        /* Typing into an empty list starts its first row. */
        if (!((key >= 0x20 && key < UK_FN) || key == UK_PASTE) ||
            kvrows_insert(k, 0) == NULL)
            return UI_IGNORED;
        k->sel = 0;
        k->col = 0;
    }
    struct kvrow *r = &k->rows[k->sel];
    return field_key(k->col == 0 ? &r->key : &r->value, s, key);
}

void
kvrows_draw(struct kvrows *k, struct screen *s, int y, int x, int w, int h,
            bool focus)
{
    if (h <= 0)
        return;
    if (k->n == 0) {
        char buf[128];
        snprintf(buf, sizeof buf,
                 focus ? "(no %ss: type to add one)" : "(no %ss)", k->what);
        screen_text(y, x + 4, w - 4, theme_attr(focus ? TC_INFO : TC_DIM), buf);
        if (focus)
            screen_cursor(s, y, x + 4);
        return;
    }
    if (k->sel < k->top)
        k->top = k->sel;
    if (k->sel >= k->top + (size_t)h)
        k->top = k->sel - (size_t)h + 1;
    int kw = (w - 6) * 2 / 5, vw = w - 6 - kw - 1;
    const struct theme_glyphs *g = theme_glyphs();
    for (int i = 0; i < h && k->top + (size_t)i < k->n; i++) {
        size_t ri = k->top + (size_t)i;
        struct kvrow *r = &k->rows[ri];
        bool here = focus && ri == k->sel;
        screen_text(y + i, x, 4, theme_attr(r->on ? TC_OK : TC_DIM),
                    r->on ? g->check_on : g->check_off);
        field_draw(&r->key, s, y + i, x + 4, kw, here && k->col == 0);
        screen_text(y + i, x + 4 + kw, 1, theme_attr(TC_DIM), ":");
        field_draw(&r->value, s, y + i, x + 5 + kw, vw, here && k->col == 1);
        if (!r->on)
            screen_text(y + i, x + 5 + kw + vw, w - 5 - kw - vw,
                        theme_attr(TC_DIM), "off");
    }
    if (k->top > 0)
        screen_text(y, x + w - 1, 1, theme_attr(TC_DIM), "^");
    if (k->top + (size_t)h < k->n)
        screen_text(y + h - 1, x + w - 1, 1, theme_attr(TC_DIM), "v");
}

/* The keys kvrows_key() handles besides editing a cell (field.h). */
static const struct ui_binding kvrows_bindings[] = {
    {{0},
     "Tab, Shift-Tab",
     NULL,
     NULL,
     "next / previous cell (past the last or first: the next field)",
     0,
     NULL,
     NULL},
    {{0}, "Up, Down", NULL, NULL, "the row above / below", 0, NULL, NULL},
    {{0}, "^N, Enter", "^N", "Row", "add a row below", KEYS_MID, NULL, NULL},
    {{0},
     "^T",
     NULL,
     "On/off",
     "switch the row on or off (an off row is kept but not sent)",
     KEYS_MID,
     NULL,
     NULL},
    {{0}, "^X", NULL, "Del row", "delete the row", KEYS_LOW, NULL, NULL},
};

const struct keys_table kvrows_keys =
    KEYS_TABLE("Query parameters and headers", kvrows_bindings);
