/* keys.c — see keys.h. Dispatch, the key bar and the help view. */
#include "keys.h"

#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "textview.h"

#define KEYS_BAR_MAX 48
#define KEYS_HELP_COL_MAX 18 /* widest key column before the text moves */

static bool
keys_active(const struct ui_binding *b, const void *ctx)
{
    return b->when == NULL || b->when(ctx);
}

static bool
keys_has(const struct ui_binding *b, int key)
{
    for (size_t i = 0; i < KEYS_MAX_CODES && b->keys[i] != 0; i++)
        if (b->keys[i] == key)
            return true;
    return false;
}

int
keys_dispatch(const struct keys_table *const *tables, size_t n, void *ctx,
              struct screen *s, int key)
{
    for (size_t t = 0; t < n; t++) {
        for (size_t i = 0; i < tables[t]->n; i++) {
            const struct ui_binding *b = &tables[t]->b[i];
            if (b->action != NULL && keys_has(b, key) && keys_active(b, ctx))
                return b->action(ctx, s, key) | UI_HANDLED;
        }
    }
    return UI_IGNORED;
}

/* ---- the key bar ------------------------------------------------------ */

static const char *
keys_bar_key(const struct ui_binding *b)
{
    return b->bar_key != NULL ? b->bar_key : b->key_label;
}

static int
keys_item_width(const struct ui_binding *b)
{
    return screen_width(keys_bar_key(b)) + 1 + screen_width(b->label);
}

/* The width of the kept items with `gap` columns between them. */
static int
keys_bar_width(const struct ui_binding *const *items, const bool *keep,
               size_t n, int gap)
{
    int total = 0, shown = 0;
    for (size_t i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        total += keys_item_width(items[i]);
        shown++;
    }
    return total + (shown > 1 ? (shown - 1) * gap : 0);
}

void
keys_bar(struct screen *s, const struct keys_table *const *tables, size_t n,
         const void *ctx)
{
    const struct ui_binding *items[KEYS_BAR_MAX];
    bool keep[KEYS_BAR_MAX];
    size_t count = 0;
    for (size_t t = 0; t < n; t++) {
        for (size_t i = 0; i < tables[t]->n && count < KEYS_BAR_MAX; i++) {
            const struct ui_binding *b = &tables[t]->b[i];
            if (b->label == NULL || !keys_active(b, ctx))
                continue;
            bool seen = false;
            for (size_t k = 0; k < count && b->action != NULL; k++)
                seen = seen || items[k]->action == b->action;
            if (seen)
                continue;
            keep[count] = true;
            items[count++] = b;
        }
    }
    int y = s->rows - 1;
    screen_fill(y, 0, s->cols, theme_attr(TC_KEYBAR));
    /* Two spaces between entries when they fit, else one; when even that
     * is too wide, the lowest priority (the later of equals) goes. */
    int gap = keys_bar_width(items, keep, count, 2) <= s->cols ? 2 : 1;
    while (keys_bar_width(items, keep, count, gap) > s->cols) {
        size_t drop = count;
        for (size_t i = 0; i < count; i++) {
            if (keep[i] && items[i]->priority < KEYS_ALWAYS &&
                (drop == count || items[i]->priority <= items[drop]->priority))
                drop = i;
        }
        if (drop == count)
            break;
        keep[drop] = false;
    }
    /* The ones that always stay (help, quit, close) come last. */
    int x = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < count; i++) {
            const struct ui_binding *b = items[i];
            if (!keep[i] || (b->priority == KEYS_ALWAYS) != (pass == 1))
                continue;
            x += screen_text(y, x, s->cols - x, theme_attr(TC_KEYBAR_KEY),
                             keys_bar_key(b));
            x += screen_text(y, x, s->cols - x, theme_attr(TC_KEYBAR), " ");
            x +=
                screen_text(y, x, s->cols - x, theme_attr(TC_KEYBAR), b->label);
            x += gap;
        }
    }
}

/* ---- the help view ---------------------------------------------------- */

static int keys_act_help(void *ctx, struct screen *s, int key);

bool
keys_not_typing(const void *ctx)
{
    const struct view *v = ctx;
    return v->ops->typing == NULL || !v->ops->typing(v);
}

static const struct ui_binding keys_help_bindings[] = {
    {{'?'},
     "?",
     NULL,
     "Help",
     "this help (while typing in a field: F1)",
     KEYS_ALWAYS,
     keys_act_help,
     keys_not_typing},
    {{UK_F1},
     "F1",
     NULL,
     "Help",
     "this help, also while typing in a field",
     KEYS_ALWAYS,
     keys_act_help,
     NULL},
};

const struct keys_table keys_help_table =
    KEYS_TABLE("Help", keys_help_bindings);

struct keys_help {
    struct view view;
    struct view *below; /* the view it was opened from, under it */
    const struct keys_page *page;
    char *text; /* the page laid out for `width` columns */
    int width;
    struct textview tv;
};

/* A growing string; `ok` turns false when memory ran out. */
struct keys_buf {
    char *p;
    size_t len, cap;
    bool ok;
};

static void
keys_buf_add(struct keys_buf *b, const char *s, size_t n)
{
    if (!b->ok)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (np == NULL) {
            b->ok = false;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void
keys_buf_str(struct keys_buf *b, const char *s)
{
    keys_buf_add(b, s, strlen(s));
}

static void
keys_buf_spaces(struct keys_buf *b, int n)
{
    for (int i = 0; i < n; i++)
        keys_buf_add(b, " ", 1);
}

/* `text` word-wrapped in w columns, each line after `indent` spaces (the
 * first line's indent is already written). */
static void
keys_buf_wrap(struct keys_buf *b, const char *text, int indent, int w)
{
    const char *p = text;
    bool first = true;
    if (w < 10)
        w = 10;
    while (*p != '\0') {
        const char *end = p, *cut = NULL;
        int cols = 0;
        size_t rest = strlen(end);
        while (*end != '\0') {
            int cw;
            wchar_t wc[SCREEN_CLUSTER_MAX];
            size_t nwc, k = screen_cluster(end, rest, &cw, wc, &nwc);
            if (cols + cw > w && end > p)
                break;
            if (*end == ' ')
                cut = end;
            cols += cw;
            end += k;
            rest -= k;
        }
        if (*end != '\0' && cut != NULL)
            end = cut;
        if (!first)
            keys_buf_spaces(b, indent);
        keys_buf_add(b, p, (size_t)(end - p));
        keys_buf_str(b, "\n");
        first = false;
        p = end;
        while (*p == ' ')
            p++;
    }
    if (first)
        keys_buf_str(b, "\n");
}

/* The page laid out for `width` columns (caller frees), or NULL. */
static char *
keys_help_text(const struct keys_page *page, int width)
{
    struct keys_buf b = {NULL, 0, 0, true};
    int col = 0;
    for (size_t t = 0; t < page->n; t++) {
        const struct keys_table *tb = page->tables[t];
        for (size_t i = 0; i < tb->n; i++) {
            int w = screen_width(tb->b[i].key_label);
            if (tb->b[i].help != NULL && w > col && w <= KEYS_HELP_COL_MAX)
                col = w;
        }
    }
    keys_buf_wrap(&b,
                  "^X means Ctrl-X. F1 opens this help anywhere; ? too "
                  "where you are not typing in a field.",
                  0, width);
    for (size_t t = 0; t < page->n; t++) {
        const struct keys_table *tb = page->tables[t];
        bool head = false;
        for (size_t i = 0; i < tb->n; i++) {
            const struct ui_binding *k = &tb->b[i];
            if (k->help == NULL)
                continue;
            if (!head) {
                keys_buf_str(&b, "\n");
                keys_buf_str(&b, tb->title);
                keys_buf_str(&b, "\n");
                head = true;
            }
            int kw = screen_width(k->key_label);
            keys_buf_str(&b, "  ");
            keys_buf_str(&b, k->key_label);
            if (kw > col) {
                keys_buf_str(&b, "\n");
                keys_buf_spaces(&b, col + 4);
            } else {
                keys_buf_spaces(&b, col - kw + 2);
            }
            keys_buf_wrap(&b, k->help, col + 4, width - col - 4);
        }
    }
    if (!b.ok) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

static void
keys_help_layout(struct keys_help *h, int width)
{
    if (h->text != NULL && h->width == width)
        return;
    size_t top = h->tv.top;
    free(h->text);
    h->text = keys_help_text(h->page, width);
    h->width = width;
    textview_set(&h->tv, h->text != NULL ? h->text : "Out of memory.");
    h->tv.top = top < h->tv.lines ? top : 0;
}

static int
keys_help_close(void *ctx, struct screen *s, int key)
{
    (void)ctx;
    (void)key;
    screen_pop(s);
    return UI_HANDLED;
}

static const struct ui_binding keys_help_view_bindings[] = {
    {{0},
     "Up, Down, k, j",
     "Up/Down",
     "Scroll",
     "scroll a line",
     KEYS_HIGH,
     NULL,
     NULL},
    {{0},
     "PgUp, PgDn, Space",
     "PgUp/PgDn",
     "Page",
     "scroll a page",
     KEYS_HIGH,
     NULL,
     NULL},
    {{0},
     "Home, End, g, G",
     NULL,
     NULL,
     "the top, the end",
     KEYS_LOW,
     NULL,
     NULL},
    {{UK_ESC, 'q', UK_ENTER, '?'},
     "Esc, q, Enter",
     "Esc",
     "Close",
     "close the help (? and F1 too)",
     KEYS_ALWAYS,
     keys_help_close,
     NULL},
    {{UK_F1}, "F1", NULL, NULL, NULL, KEYS_ALWAYS, keys_help_close, NULL},
};

static const struct keys_table keys_help_view_table =
    KEYS_TABLE("Help", keys_help_view_bindings);

static const struct keys_table *const keys_help_view_tables[] = {
    &keys_help_view_table,
};

static void
keys_help_draw(struct view *v, struct screen *s)
{
    struct keys_help *h = (struct keys_help *)v;
    h->below->ops->draw(h->below, s);
    s->cur_y = s->cur_x = -1;
    int w = s->cols - 4 < 84 ? s->cols - 4 : 84;
    int hh = s->rows - 3;
    int y = 1, x = (s->cols - w) / 2;
    for (int i = y; i < y + hh; i++)
        screen_fill(i, 0, s->cols, A_NORMAL);
    char title[128];
    snprintf(title, sizeof title, "Help: %s", h->page->title);
    screen_box(y, x, hh, w, title);
    keys_help_layout(h, w - 4);
    textview_draw(&h->tv, y + 1, x + 2, w - 4, hh - 2);
    char pos[64];
    size_t last = h->tv.top + (size_t)h->tv.page;
    snprintf(pos, sizeof pos, " lines %zu-%zu of %zu ", h->tv.top + 1,
             last < h->tv.lines ? last : h->tv.lines, h->tv.lines);
    int pw = screen_width(pos);
    screen_text(y + hh - 1, x + w - 2 - pw, pw, theme_attr(TC_DIM), pos);
    keys_bar(s, keys_help_view_tables, 1, h);
}

static int
keys_help_key(struct view *v, struct screen *s, int key)
{
    struct keys_help *h = (struct keys_help *)v;
    int r = keys_dispatch(keys_help_view_tables, 1, h, s, key);
    if (r != UI_IGNORED)
        return r;
    textview_key(&h->tv, key);
    return UI_HANDLED;
}

/* The view below keeps running (a test, a request) under the help. */
static bool
keys_help_tick(struct view *v, struct screen *s)
{
    struct keys_help *h = (struct keys_help *)v;
    return h->below->ops->tick != NULL && h->below->ops->tick(h->below, s);
}

static bool
keys_help_busy(const struct view *v)
{
    const struct keys_help *h = (const struct keys_help *)v;
    return h->below->ops->busy != NULL && h->below->ops->busy(h->below);
}

static void
keys_help_free(struct view *v)
{
    struct keys_help *h = (struct keys_help *)v;
    free(h->text);
    free(h);
}

static const struct view_ops keys_help_ops = {
    .draw = keys_help_draw,
    .key = keys_help_key,
    .tick = keys_help_tick,
    .busy = keys_help_busy,
    .free = keys_help_free,
};

void
keys_help_open(struct screen *s, struct view *below,
               const struct keys_page *page)
{
    struct keys_help *h = calloc(1, sizeof *h);
    if (h == NULL) {
        screen_msg(s, MSG_ERROR, "Out of memory.");
        return;
    }
    h->view.ops = &keys_help_ops;
    h->below = below;
    h->page = page;
    if (!screen_push(s, &h->view))
        screen_msg(s, MSG_ERROR, "Too many screens open.");
}

static int
keys_act_help(void *ctx, struct screen *s, int key)
{
    struct view *v = ctx;
    (void)key;
    if (v->ops->help != NULL)
        keys_help_open(s, v, v->ops->help(v));
    return UI_HANDLED;
}

bool
keys_page_dump(FILE *out, const struct keys_page *page)
{
    for (size_t t = 0; t < page->n; t++) {
        const struct keys_table *tb = page->tables[t];
        for (size_t i = 0; i < tb->n; i++)
            if (tb->b[i].help != NULL &&
                fprintf(out, "%s\t%s\t%s\n", page->id, tb->title,
                        tb->b[i].key_label) < 0)
                return false;
    }
    return true;
}
