/* pane_history.c — the request pane's history list: every request sent
 * (newest first, secrets already redacted by the engine), filtered to the
 * picked integration or not; Enter recalls one into the composer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "pane_int.h"

#define HIST_LIMIT 500

void
pane_hist_free(struct pane_hist *h)
{
    store_history_free(h->v, h->n);
    h->v = NULL;
    h->n = 0;
}

void
pane_hist_load(struct pane *p, struct screen *s)
{
    struct pane_hist *h = &p->hist;
    struct err e = {0};
    const struct integration *ig = pane_integration(p);
    pane_hist_free(h);
    if (store_history_list(p->st, h->only_current && ig ? ig->name : NULL,
                           HIST_LIMIT, &h->v, &h->n, &e) != TS_OK) {
        h->v = NULL;
        h->n = 0;
        screen_msg(s, MSG_ERROR, "%s", e.msg);
    }
    list_set_count(&h->list, h->n);
}

/* The columns of a row, in order: method and path first (what tells the
 * requests apart), the path taking what the others leave; the host
 * without the scheme, cut to its column; the time shorter when narrow. */
enum {
    HIST_METHOD,
    HIST_PATH,
    HIST_STATUS,
    HIST_INTEGRATION,
    HIST_HOST,
    HIST_WHEN,
    HIST_COLS
};

static const char *const hist_heads[HIST_COLS] = {
    "Method", "Path", "Status", "Integration", "Host", "When"};

/* Where each column starts (at[]) and its width (w[]) for `cols` screen
 * columns. */
static void
hist_layout(int cols, int at[HIST_COLS], int w[HIST_COLS])
{
    bool wide = cols >= 120;
    w[HIST_METHOD] = 7;
    w[HIST_STATUS] = 6;
    w[HIST_INTEGRATION] = wide ? 16 : 12;
    w[HIST_HOST] = wide ? 24 : 16;
    w[HIST_WHEN] = wide ? 19 : 11;
    int fixed = 0;
    for (int k = 0; k < HIST_COLS; k++)
        if (k != HIST_PATH)
            fixed += w[k] + 1;
    w[HIST_PATH] = cols - 4 - fixed;
    if (w[HIST_PATH] < 8)
        w[HIST_PATH] = 8;
    for (int k = 0, x = 2; k < HIST_COLS; k++) {
        at[k] = x;
        x += w[k] + 1;
    }
}

static void
hist_row(void *ctx, size_t i, int y, bool selected)
{
    const struct pane *p = ctx;
    const struct history_entry *h = &p->hist.v[i];
    char when[32], status[48], host[256], path[1024];
    time_t t = (time_t)(h->at / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(when, sizeof when,
             COLS >= 120 ? "%Y-%m-%d %H:%M:%S" : "%m-%d %H:%M", &tm);
    if (h->status != 0)
        snprintf(status, sizeof status, "%ld", h->status);
    else
        snprintf(status, sizeof status, "%s", h->error ? "failed" : "-");
    if (!http_url_parts(h->url, host, sizeof host, path, sizeof path))
        snprintf(path, sizeof path, "%s", h->url ? h->url : "");
    /* Each column at its own screen column: a name in any script keeps
     * the columns after it in place (cut with an ellipsis when long). */
    int at[HIST_COLS], w[HIST_COLS];
    hist_layout(COLS, at, w);
    const char *cells[HIST_COLS] = {
        [HIST_METHOD] = h->method ? h->method : "",
        [HIST_PATH] = path,
        [HIST_STATUS] = status,
        [HIST_INTEGRATION] = h->integration ? h->integration : "",
        [HIST_HOST] = host,
        [HIST_WHEN] = when,
    };
    attr_t a = theme_attr(selected ? TC_SELECTED : TC_NORMAL);
    screen_fill(y, 1, COLS - 2, a);
    for (int k = 0; k < HIST_COLS && at[k] < COLS - 2; k++) {
        int cw = at[k] + w[k] > COLS - 2 ? COLS - 2 - at[k] : w[k];
        screen_text(y, at[k], cw, a, cells[k]);
    }
}

static void
pane_hist_draw(struct pane *p, struct screen *s)
{
    struct pane_hist *h = &p->hist;
    const struct integration *ig = pane_integration(p);
    char buf[256];
    pane_draw_tabs(p, s);
    snprintf(buf, sizeof buf, "%zu request%s%s%s, newest first  (f: %s)", h->n,
             h->n == 1 ? "" : "s", h->only_current && ig ? " through " : "",
             h->only_current && ig ? ig->name : "",
             h->only_current ? "show all" : "only the picked integration");
    screen_text(1, 1, s->cols - 2, theme_attr(TC_DIM), buf);
    int at[HIST_COLS], w[HIST_COLS];
    hist_layout(s->cols, at, w);
    for (int k = 0; k < HIST_COLS && at[k] < s->cols - 2; k++) {
        int cw = at[k] + w[k] > s->cols - 2 ? s->cols - 2 - at[k] : w[k];
        screen_text(2, at[k], cw, theme_attr(TC_LABEL), hist_heads[k]);
    }
    if (h->n == 0)
        screen_text(4, 2, s->cols - 4, theme_attr(TC_DIM),
                    "No request sent yet.");
    list_draw(&h->list, 3, s->rows - 5, hist_row, p);
}

/* ---- keys: the context is the pane ------------------------------------ */

static bool
hist_any(const void *ctx)
{
    const struct pane *p = ctx;
    return p->hist.n > 0;
}

static int
hist_act_back(void *ctx, struct screen *s, int key)
{
    (void)ctx;
    (void)s;
    (void)key;
    return UI_CANCEL;
}

static int
hist_act_recall(void *ctx, struct screen *s, int key)
{
    struct pane *p = ctx;
    (void)key;
    pane_compose_recall(p, s, &p->hist.v[p->hist.list.sel]);
    return UI_HANDLED;
}

static int
hist_act_filter(void *ctx, struct screen *s, int key)
{
    struct pane *p = ctx;
    (void)key;
    p->hist.only_current = !p->hist.only_current;
    p->hist.list.sel = p->hist.list.top = 0;
    pane_hist_load(p, s);
    return UI_HANDLED;
}

static int
hist_act_reload(void *ctx, struct screen *s, int key)
{
    (void)key;
    pane_hist_load(ctx, s);
    return UI_HANDLED;
}

static const struct ui_binding hist_bindings[] = {
    {{UK_ENTER},
     "Enter",
     NULL,
     "Recall",
     "recall the request into the composer (integration, method, path, "
     "parameters, headers, body; not the credentials, which the "
     "integration adds again)",
     KEYS_HIGH,
     hist_act_recall,
     hist_any},
    {{'f'},
     "f",
     NULL,
     "Filter",
     "only the integration picked in the composer, or all",
     KEYS_MID,
     hist_act_filter,
     NULL},
    {{'r'},
     "r",
     NULL,
     "Reload",
     "reload the list",
     KEYS_LOW,
     hist_act_reload,
     NULL},
    {{UK_ESC},
     "Esc",
     NULL,
     "Back",
     "back to the tab it was opened from",
     KEYS_ALWAYS,
     hist_act_back,
     NULL},
};

const struct keys_table pane_hist_keys = KEYS_TABLE("History", hist_bindings);

static int
pane_hist_key(struct pane *p, struct screen *s, int key)
{
    if (list_key(&p->hist.list, key) != UI_IGNORED)
        return UI_HANDLED;
    const struct keys_table *t = &pane_hist_keys;
    return keys_dispatch(&t, 1, p, s, key) | UI_HANDLED;
}

static size_t
pane_hist_tables(const struct pane *p, const struct keys_table **t, size_t max)
{
    (void)p;
    if (max < 1)
        return 0;
    t[0] = &pane_hist_keys;
    return 1;
}

const struct pane_tab_ops pane_tab_history = {
    .draw = pane_hist_draw,
    .key = pane_hist_key,
    .tables = pane_hist_tables,
};
