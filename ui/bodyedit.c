/* bodyedit.c — see bodyedit.h. */
#include "bodyedit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "screen.h"
#include "text.h"

#define BODYEDIT_GUTTER 5

void
bodyedit_init(struct bodyedit *b)
{
    memset(b, 0, sizeof *b);
}

void
bodyedit_free(struct bodyedit *b)
{
    free(b->text);
    memset(b, 0, sizeof *b);
}

static bool
bodyedit_reserve(struct bodyedit *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *t = realloc(b->text, cap);
    if (t == NULL)
        return false;
    if (b->text == NULL)
        t[0] = '\0'; /* a first buffer holds the empty text */
    b->text = t;
    b->cap = cap;
    return true;
}

/* Insert n bytes at the cursor; '\r' becomes '\n' ("\r\n" one '\n') and
 * a tab four spaces. */
static bool
bodyedit_insert(struct bodyedit *b, const char *p, size_t n)
{
    if (!bodyedit_reserve(b, n * 4))
        return false;
    char *dst = b->text + b->cur;
    size_t tail = b->len - b->cur, added = 0;
    memmove(dst + n * 4, dst, tail + 1);
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n')
            continue;
        if (p[i] == '\t') {
            memcpy(dst + added, "    ", 4);
            added += 4;
        } else {
            dst[added++] = p[i] == '\r' ? '\n' : p[i];
        }
    }
    memmove(dst + added, dst + n * 4, tail + 1);
    b->len += added;
    b->cur += added;
    return true;
}

bool
bodyedit_set(struct bodyedit *b, const char *text, size_t len)
{
    b->len = b->cur = b->top = 0;
    b->left = 0;
    if (!bodyedit_reserve(b, len))
        return false;
    b->text[0] = '\0';
    if (len > 0 && !bodyedit_insert(b, text, len))
        return false;
    b->cur = 0;
    return true;
}

void
bodyedit_check(struct bodyedit *b, bool as_json)
{
    size_t i = 0;
    while (i < b->len && strchr(" \n\t", b->text[i]) != NULL)
        i++;
    if (i == b->len) {
        b->state = BODY_EMPTY;
        return;
    }
    if (!as_json) {
        b->state = BODY_TEXT;
        return;
    }
    struct err e = {0};
    tstatus s = jsonfmt_validate(b->text, b->len, &b->error, &e);
    b->state = s == TS_OK ? BODY_JSON_OK : BODY_JSON_BAD;
}

/* Byte offset of the start of the line holding offset `at`. */
static size_t
bodyedit_line_start(const struct bodyedit *b, size_t at)
{
    while (at > 0 && b->text[at - 1] != '\n')
        at--;
    return at;
}

static size_t
bodyedit_line_end(const struct bodyedit *b, size_t at)
{
    while (at < b->len && b->text[at] != '\n')
        at++;
    return at;
}

/* Characters between two offsets of one line. */
static size_t
bodyedit_chars(const struct bodyedit *b, size_t from, size_t to)
{
    return text_count(b->text + from, to - from);
}

/* The offset `chars` characters into the line starting at `start`, at
 * most its end. */
static size_t
bodyedit_at_char(const struct bodyedit *b, size_t start, size_t chars)
{
    size_t end = bodyedit_line_end(b, start), i = start;
    uint32_t cp;
    for (; i < end && chars > 0; chars--)
        i += text_decode_lossy(b->text + i, end - i, &cp);
    return i < end ? i : end;
}

/* The start of the character before `at`: the longest valid sequence
 * that ends there, else one byte back. */
static size_t
bodyedit_prev_char(const struct bodyedit *b, size_t at)
{
    uint32_t cp;
    for (size_t k = at < 4 ? at : 4; k > 1; k--) {
        if (text_decode(b->text + at - k, k, &cp) == (int)k)
            return at - k;
    }
    return at > 0 ? at - 1 : 0;
}

static size_t
bodyedit_next_char(const struct bodyedit *b, size_t at)
{
    uint32_t cp;
    if (at >= b->len)
        return b->len;
    return at + text_decode_lossy(b->text + at, b->len - at, &cp);
}

static void
bodyedit_delete(struct bodyedit *b, size_t from, size_t to)
{
    if (from >= to)
        return;
    memmove(b->text + from, b->text + to, b->len - to + 1);
    b->len -= to - from;
    b->cur = from;
}

/* Move the cursor `lines` lines up (negative) or down, keeping its
 * column where the line is long enough. */
static void
bodyedit_vertical(struct bodyedit *b, long lines)
{
    size_t start = bodyedit_line_start(b, b->cur);
    size_t col = bodyedit_chars(b, start, b->cur);
    for (; lines < 0 && start > 0; lines++)
        start = bodyedit_line_start(b, start - 1);
    for (; lines > 0; lines--) {
        size_t end = bodyedit_line_end(b, start);
        if (end >= b->len)
            break;
        start = end + 1;
    }
    b->cur = bodyedit_at_char(b, start, col);
}

static int
bodyedit_edit(struct bodyedit *b, struct screen *s, int key)
{
    char buf[4];
    switch (key) {
    case UK_ENTER:
        return bodyedit_insert(b, "\n", 1) ? UI_CHANGED : 0;
    case UK_BACKSPACE:
        bodyedit_delete(b, bodyedit_prev_char(b, b->cur), b->cur);
        return UI_CHANGED;
    case UK_DELETE:
    case UK_CTRL('d'):
        bodyedit_delete(b, b->cur, bodyedit_next_char(b, b->cur));
        return UI_CHANGED;
    case UK_CTRL('k'): {
        size_t end = bodyedit_line_end(b, b->cur);
        bodyedit_delete(b, b->cur, end > b->cur ? end : end + (end < b->len));
        return UI_CHANGED;
    }
    case UK_CTRL('u'):
        bodyedit_delete(b, bodyedit_line_start(b, b->cur), b->cur);
        return UI_CHANGED;
    case UK_PASTE:
        if (s->paste != NULL)
            bodyedit_insert(b, s->paste, strlen(s->paste));
        return UI_CHANGED;
    default:
        if (key >= 0x20 && key < UK_FN && key != 0x7f) {
            size_t n = text_encode((uint32_t)key, buf);
            return n > 0 && bodyedit_insert(b, buf, n) ? UI_CHANGED : 0;
        }
        return -1;
    }
}

int
bodyedit_key(struct bodyedit *b, struct screen *s, int key)
{
    long page = b->page > 1 ? b->page - 1 : 1;
    switch (key) {
    case UK_LEFT:
        b->cur = bodyedit_prev_char(b, b->cur);
        return UI_HANDLED;
    case UK_RIGHT:
        b->cur = bodyedit_next_char(b, b->cur);
        return UI_HANDLED;
    case UK_UP:
        bodyedit_vertical(b, -1);
        return UI_HANDLED;
    case UK_DOWN:
        bodyedit_vertical(b, 1);
        return UI_HANDLED;
    case UK_PGUP:
        bodyedit_vertical(b, -page);
        return UI_HANDLED;
    case UK_PGDN:
        bodyedit_vertical(b, page);
        return UI_HANDLED;
    case UK_HOME:
    case UK_CTRL('a'):
        b->cur = bodyedit_line_start(b, b->cur);
        return UI_HANDLED;
    case UK_END:
    case UK_CTRL('e'):
        b->cur = bodyedit_line_end(b, b->cur);
        return UI_HANDLED;
    default:
        break;
    }
    if (b->text == NULL && !bodyedit_reserve(b, 0))
        return UI_HANDLED;
    int r = bodyedit_edit(b, s, key);
    return r < 0 ? UI_IGNORED : UI_HANDLED | r;
}

/* Draw one line's characters from column `left`; `mark` (a byte offset
 * in the line, or SIZE_MAX) is shown in the error colour. Returns the
 * screen column of byte offset `want` (or -1). */
static int
bodyedit_draw_line(const char *p, size_t len, int y, int x, int w, int left,
                   size_t mark, size_t want)
{
    int col = 0, at = -1;
    size_t i = 0;
    while (i <= len) {
        if (i == want)
            at = col - left;
        if (i == len)
            break;
        int cw;
        wchar_t wc[SCREEN_CLUSTER_MAX];
        size_t nwc, n = screen_cluster(p + i, len - i, &cw, wc, &nwc);
        if (col >= left && col - left + cw <= w) {
            attr_t a = i <= mark && mark < i + n
                           ? theme_attr(TC_ERROR) | A_REVERSE
                           : theme_attr(TC_NORMAL);
            attrset(a);
            mvaddnwstr(y, x + col - left, wc, (int)nwc);
            attrset(A_NORMAL);
        }
        col += cw;
        i += n;
    }
    if (mark == len && col >= left && col - left < w)
        screen_text(y, x + col - left, 1, theme_attr(TC_ERROR) | A_REVERSE,
                    " ");
    return at;
}

void
bodyedit_draw(struct bodyedit *b, struct screen *s, int y, int x, int w, int h,
              bool focus)
{
    b->page = h;
    if (h <= 0)
        return;
    const char *text = b->text ? b->text : "";
    size_t cur_line = 0;
    for (size_t i = 0; i < b->cur; i++)
        cur_line += text[i] == '\n';
    if (cur_line < b->top)
        b->top = cur_line;
    if (cur_line >= b->top + (size_t)h)
        b->top = cur_line - (size_t)h + 1;
    /* Keep the cursor's column in view. */
    size_t ls = bodyedit_line_start(b, b->cur);
    int cw = 0;
    for (size_t i = ls; i < b->cur;) {
        int cols;
        wchar_t wc[SCREEN_CLUSTER_MAX];
        size_t nwc;
        i += screen_cluster(text + i, b->cur - i, &cols, wc, &nwc);
        cw += cols;
    }
    int tw = w - BODYEDIT_GUTTER;
    if (cw < b->left)
        b->left = cw;
    if (cw >= b->left + tw)
        b->left = cw - tw + 1;

    bool bad = b->state == BODY_JSON_BAD;
    size_t err_line = bad ? b->error.line - 1 : SIZE_MAX;
    size_t line = 0, off = 0;
    while (line < b->top && off < b->len) {
        if (text[off++] == '\n')
            line++;
    }
    const char *p = text + off;
    for (int r = 0; r < h; r++, line++) {
        const char *nl = memchr(p, '\n', b->len - off);
        size_t len = nl ? (size_t)(nl - p) : b->len - off;
        char num[16];
        snprintf(num, sizeof num, "%4zu", line + 1);
        screen_text(y + r, x, BODYEDIT_GUTTER - 1,
                    theme_attr(line == err_line ? TC_ERROR : TC_DIM), num);
        size_t mark = SIZE_MAX;
        if (line == err_line && b->error.offset >= off &&
            b->error.offset <= off + len)
            mark = b->error.offset - off;
        size_t want =
            (off <= b->cur && b->cur <= off + len) ? b->cur - off : SIZE_MAX;
        int at = bodyedit_draw_line(p, len, y + r, x + BODYEDIT_GUTTER, tw,
                                    b->left, mark, want);
        if (focus && at >= 0)
            screen_cursor(s, y + r, x + BODYEDIT_GUTTER + at);
        if (nl == NULL)
            break;
        off += len + 1;
        p = text + off;
    }
    if (focus && b->len == 0)
        screen_cursor(s, y, x + BODYEDIT_GUTTER);
}

/* The keys bodyedit_key() handles. */
static const struct ui_binding bodyedit_bindings[] = {
    {{0}, "arrows", NULL, NULL, "move the cursor", 0, NULL, NULL},
    {{0}, "PgUp, PgDn", NULL, NULL, "move a page", 0, NULL, NULL},
    {{0}, "Home, ^A", NULL, NULL, "the start of the line", 0, NULL, NULL},
    {{0}, "End, ^E", NULL, NULL, "the end of the line", 0, NULL, NULL},
    {{0}, "Enter", NULL, NULL, "break the line", 0, NULL, NULL},
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
     "delete from the start of the line to the cursor",
     0,
     NULL,
     NULL},
    {{0},
     "^K",
     NULL,
     NULL,
     "delete to the end of the line (at its end: join the next line)",
     0,
     NULL,
     NULL},
    {{0}, "paste", NULL, NULL, "pasting keeps line breaks", 0, NULL, NULL},
};

const struct keys_table bodyedit_keys = KEYS_TABLE("Body", bodyedit_bindings);
