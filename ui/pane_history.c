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

static void
hist_row(void *ctx, size_t i, int y, bool selected)
{
    const struct pane *p = ctx;
    const struct history_entry *h = &p->hist.v[i];
    char when[32], status[48];
    time_t t = (time_t)(h->at / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    if (h->status != 0)
        snprintf(status, sizeof status, "%ld", h->status);
    else
        snprintf(status, sizeof status, "%s", h->error ? "failed" : "-");
    /* Each column at its own screen column: a name in any script keeps
     * the columns after it in place (cut with an ellipsis when long). */
    static const int at[] = {2, 23, 40, 48, 57};
    const char *cells[] = {when, h->integration ? h->integration : "",
                           h->method ? h->method : "", status,
                           h->url ? h->url : ""};
    attr_t a = theme_attr(selected ? TC_SELECTED : TC_NORMAL);
    screen_fill(y, 1, COLS - 2, a);
    for (size_t k = 0; k < 5 && at[k] < COLS - 2; k++) {
        int w = k < 4 ? at[k + 1] - at[k] - 1 : COLS - 2 - at[k];
        if (at[k] + w > COLS - 2)
            w = COLS - 2 - at[k];
        screen_text(y, at[k], w, a, cells[k]);
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
    screen_text(2, 2, s->cols - 4, theme_attr(TC_LABEL),
                "When                 Integration      Method  Status   URL");
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
