/* field.c — see field.h. */
#include "field.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "keys.h"
#include "screen.h"
#include "text.h"

void
field_init(struct field *f, bool secret)
{
    memset(f, 0, sizeof *f);
    f->secret = secret;
}

static void
field_wipe(struct field *f)
{
    if (f->buf != NULL)
        sodium_memzero(f->buf, f->cap * sizeof *f->buf);
}

void
field_free(struct field *f)
{
    field_wipe(f);
    free(f->buf);
    f->buf = NULL;
    f->len = f->cap = f->cur = f->scroll = 0;
}

/* Make room for `extra` more code points; false when out of memory. The old
 * buffer is wiped before it is released. */
static bool
field_reserve(struct field *f, size_t extra)
{
    if (f->len + extra + 1 <= f->cap)
        return true;
    size_t cap = f->cap ? f->cap : 32;
    while (cap < f->len + extra + 1)
        cap *= 2;
    wchar_t *nb = calloc(cap, sizeof *nb);
    if (nb == NULL)
        return false;
    if (f->buf != NULL)
        memcpy(nb, f->buf, f->len * sizeof *nb);
    field_wipe(f);
    free(f->buf);
    f->buf = nb;
    f->cap = cap;
    return true;
}

static void
field_insert(struct field *f, wchar_t c)
{
    if (f->max != 0 && f->len >= f->max)
        return;
    if (!field_reserve(f, 1))
        return;
    memmove(f->buf + f->cur + 1, f->buf + f->cur,
            (f->len - f->cur) * sizeof *f->buf);
    f->buf[f->cur++] = c;
    f->len++;
}

static void
field_delete(struct field *f, size_t from, size_t to)
{
    if (from >= to || to > f->len)
        return;
    memmove(f->buf + from, f->buf + to, (f->len - to) * sizeof *f->buf);
    f->len -= to - from;
    sodium_memzero(f->buf + f->len, (to - from) * sizeof *f->buf);
    if (f->cur > to)
        f->cur -= to - from;
    else if (f->cur > from)
        f->cur = from;
}

void
field_set(struct field *f, const char *utf8)
{
    f->len = f->cur = f->scroll = 0;
    field_wipe(f);
    if (utf8 == NULL)
        return;
    uint32_t c;
    size_t n;
    while ((n = text_decode_str(utf8, &c)) > 0) {
        field_insert(f, (wchar_t)c);
        utf8 += n;
    }
}

char *
field_get(const struct field *f)
{
    char *out = malloc(f->len * 4 + 1);
    if (out == NULL)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < f->len; i++)
        o += text_encode((uint32_t)f->buf[i], out + o);
    out[o] = '\0';
    return out;
}

bool
field_empty(const struct field *f)
{
    return f->len == 0;
}

void
field_set_stored(struct field *f, bool stored)
{
    f->stored = stored;
    if (stored)
        field_set(f, NULL);
}

void
field_unlock(struct field *f)
{
    f->stored = false;
    field_set(f, NULL);
}

static bool
field_is_space(wchar_t c)
{
    return c == ' ' || c == '\t';
}

static int
field_paste(struct field *f, const char *text)
{
    uint32_t c;
    size_t n;
    while (text != NULL && (n = text_decode_str(text, &c)) > 0) {
        if (c == '\t')
            c = ' ';
        if (c >= 0x20 && c != 0x7f)
            field_insert(f, (wchar_t)c);
        text += n;
    }
    return UI_HANDLED | UI_CHANGED;
}

int
field_key(struct field *f, struct screen *s, int key)
{
    if (key == UK_CTRL('r') && f->secret) {
        f->revealed = !f->revealed;
        return UI_HANDLED;
    }
    if (f->stored) {
        return UI_IGNORED;
    }
    size_t before = f->len;
    switch (key) {
    case UK_LEFT:
        if (f->cur > 0)
            f->cur--;
        return UI_HANDLED;
    case UK_RIGHT:
        if (f->cur < f->len)
            f->cur++;
        return UI_HANDLED;
    case UK_HOME:
    case UK_CTRL('a'):
        f->cur = 0;
        return UI_HANDLED;
    case UK_END:
    case UK_CTRL('e'):
        f->cur = f->len;
        return UI_HANDLED;
    case UK_BACKSPACE:
        if (f->cur > 0)
            field_delete(f, f->cur - 1, f->cur);
        break;
    case UK_DELETE:
    case UK_CTRL('d'):
        field_delete(f, f->cur, f->cur + 1);
        break;
    case UK_CTRL('u'):
        field_delete(f, 0, f->cur);
        break;
    case UK_CTRL('k'):
        field_delete(f, f->cur, f->len);
        break;
    case UK_CTRL('w'): {
        size_t i = f->cur;
        while (i > 0 && field_is_space(f->buf[i - 1]))
            i--;
        while (i > 0 && !field_is_space(f->buf[i - 1]))
            i--;
        field_delete(f, i, f->cur);
        break;
    }
    case UK_PASTE:
        return field_paste(f, s->paste);
    default:
        if (key >= 0x20 && key < UK_FN && key != 0x7f) {
            field_insert(f, (wchar_t)key);
            return UI_HANDLED | UI_CHANGED;
        }
        return UI_IGNORED;
    }
    return UI_HANDLED | (f->len != before ? UI_CHANGED : 0);
}

/* Columns taken by code point i as displayed. */
static int
field_cols_at(const struct field *f, size_t i)
{
    if (f->secret && !f->revealed)
        return 1;
    return screen_cp_cols((uint32_t)f->buf[i]);
}

void
field_draw(struct field *f, struct screen *s, int y, int x, int w, bool focus)
{
    attr_t a = theme_attr(focus ? TC_FIELD_FOCUS : TC_FIELD);
    screen_fill(y, x, w, a);
    if (f->stored) {
        char buf[64];
        const char *m = theme_glyphs()->mask;
        snprintf(buf, sizeof buf, "%s%s%s%s%s%s%s%s (set)", m, m, m, m, m, m, m,
                 m);
        screen_text(y, x + 1, w - 2, a, buf);
        return;
    }
    if (f->len == 0 && f->placeholder != NULL && !focus) {
        screen_text(y, x + 1, w - 2, a | A_DIM, f->placeholder);
        return;
    }
    int room = w - 2;
    /* Keep the cursor within the visible part. */
    if (f->cur < f->scroll)
        f->scroll = f->cur;
    for (;;) {
        int cols = 0;
        for (size_t i = f->scroll; i < f->cur; i++)
            cols += field_cols_at(f, i);
        if (cols < room || f->scroll >= f->cur)
            break;
        f->scroll++;
    }
    int col = 0, cur_col = 0;
    const char *mask = theme_glyphs()->mask;
    attrset(a);
    for (size_t i = f->scroll; i <= f->len; i++) {
        if (i == f->cur)
            cur_col = col;
        if (i == f->len)
            break;
        int cw = field_cols_at(f, i);
        if (col + cw > room)
            break;
        if (f->secret && !f->revealed) {
            mvaddstr(y, x + 1 + col, mask);
        } else {
            wchar_t c[2] = {f->buf[i], 0};
            mvaddnwstr(y, x + 1 + col, c, 1);
        }
        col += cw;
    }
    attrset(A_NORMAL);
    if (f->scroll > 0)
        screen_text(y, x, 1, a | A_BOLD, "<");
    if (focus)
        screen_cursor(s, y, x + 1 + cur_col);
}

/* The keys field_key() handles, for the help of views with text fields. */
static const struct ui_binding field_bindings[] = {
    {{0}, "Left, Right", NULL, NULL, "move the cursor", 0, NULL, NULL},
    {{0}, "Home, ^A", NULL, NULL, "go to the start", 0, NULL, NULL},
    {{0}, "End, ^E", NULL, NULL, "go to the end", 0, NULL, NULL},
    {{0},
     "Backspace",
     NULL,
     NULL,
     "delete the character before the cursor",
     0,
     NULL,
     NULL},
    {{0},
     "Delete, ^D",
     NULL,
     NULL,
     "delete the character under the cursor",
     0,
     NULL,
     NULL},
    {{0},
     "^U",
     NULL,
     NULL,
     "delete from the start to the cursor",
     0,
     NULL,
     NULL},
    {{0}, "^K", NULL, NULL, "delete from the cursor to the end", 0, NULL, NULL},
    {{0}, "^W", NULL, NULL, "delete the word before the cursor", 0, NULL, NULL},
    {{0},
     "paste",
     NULL,
     NULL,
     "pasting works, long values too (line breaks are dropped)",
     0,
     NULL,
     NULL},
};

const struct keys_table field_keys = KEYS_TABLE("Text fields", field_bindings);
