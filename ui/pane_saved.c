/* pane_saved.c — the request pane's saved requests: those of the
 * integration picked in the composer (Ctrl-S saves one, pane.c); Enter
 * opens one in the composer, r renames, d duplicates, Delete deletes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane_int.h"
#include "store_saved.h"

void
pane_saved_free(struct pane_saved *v)
{
    store_saved_list_free(v->v, v->n);
    v->v = NULL;
    v->n = 0;
    free(v->integration);
    v->integration = NULL;
}

void
pane_saved_load(struct pane *p, struct screen *s)
{
    struct pane_saved *v = &p->saved;
    const struct integration *ig = pane_integration(p);
    pane_saved_free(v);
    struct err e = {0};
    if (ig != NULL &&
        (store_saved_list(p->st, ig->name, false, &v->v, &v->n, &e) != TS_OK ||
         (v->integration = strdup(ig->name)) == NULL)) {
        pane_saved_free(v);
        screen_msg(s, MSG_ERROR, "%s", e.msg[0] ? e.msg : "Out of memory.");
    }
    list_set_count(&v->list, v->n);
}

static const struct saved_request *
saved_sel(const struct pane *p)
{
    return p->saved.n > 0 ? p->saved.v[p->saved.list.sel] : NULL;
}

void
pane_saved_answer(struct pane *p, struct screen *s, enum pane_ask ask,
                  const char *text)
{
    const struct saved_request *r = saved_sel(p);
    const char *ig = p->saved.integration;
    if (r == NULL || ig == NULL)
        return;
    struct err e = {0};
    tstatus st = TS_OK;
    char *name = strdup(r->name);
    if (name == NULL) {
        screen_msg(s, MSG_ERROR, "Out of memory.");
        return;
    }
    if (ask == ASK_RENAME_SAVED)
        st = store_saved_rename(p->st, ig, name, text, &e);
    else if (ask == ASK_COPY_SAVED)
        st = store_saved_copy(p->st, ig, name, text, &e);
    else if (ask == ASK_DELETE_SAVED)
        st = store_saved_remove(p->st, ig, name, &e);
    if (st != TS_OK)
        screen_msg(s, MSG_ERROR, "%s", e.msg);
    else if (ask == ASK_RENAME_SAVED)
        screen_msg(s, MSG_OK, "Renamed %s to %s.", name, text);
    else if (ask == ASK_COPY_SAVED)
        screen_msg(s, MSG_OK, "Duplicated %s as %s.", name, text);
    else
        screen_msg(s, MSG_OK, "Deleted %s.", name);
    free(name);
    pane_saved_load(p, s);
}

static void
saved_row(void *ctx, size_t i, int y, bool selected)
{
    const struct pane *p = ctx;
    const struct saved_request *r = p->saved.v[i];
    static const int at[] = {2, 30, 39};
    const char *cells[] = {r->name, r->method, r->path};
    attr_t a = theme_attr(selected ? TC_SELECTED : TC_NORMAL);
    screen_fill(y, 1, COLS - 2, a);
    for (size_t k = 0; k < 3 && at[k] < COLS - 2; k++) {
        int w = k < 2 ? at[k + 1] - at[k] - 1 : COLS - 2 - at[k];
        if (at[k] + w > COLS - 2)
            w = COLS - 2 - at[k];
        screen_text(y, at[k], w, a, cells[k]);
    }
}

static void
pane_saved_draw(struct pane *p, struct screen *s)
{
    struct pane_saved *v = &p->saved;
    char buf[256];
    pane_draw_tabs(p, s);
    snprintf(buf, sizeof buf, "%zu saved request%s of %s", v->n,
             v->n == 1 ? "" : "s", v->integration ? v->integration : "-");
    screen_text(1, 1, s->cols - 2, theme_attr(TC_DIM), buf);
    screen_text(2, 2, s->cols - 4, theme_attr(TC_LABEL),
                "Name                        Method   Path");
    if (v->n == 0)
        screen_text(4, 2, s->cols - 4, theme_attr(TC_DIM),
                    "No saved request: Ctrl-S in the composer saves one.");
    list_draw(&v->list, 3, s->rows - 5, saved_row, p);
}

/* ---- keys: the context is the pane ------------------------------------ */

static bool
saved_any(const void *ctx)
{
    return saved_sel(ctx) != NULL;
}

static int
saved_act_open(void *ctx, struct screen *s, int key)
{
    struct pane *p = ctx;
    (void)key;
    struct saved_request *r = NULL;
    struct err e = {0};
    if (store_saved_get(p->st, p->saved.integration, saved_sel(p)->name, &r,
                        &e) != TS_OK) {
        screen_msg(s, MSG_ERROR, "%s", e.msg);
        return UI_HANDLED;
    }
    pane_compose_open_saved(p, s, r);
    saved_free(r);
    return UI_HANDLED;
}

static int
saved_act_rename(void *ctx, struct screen *s, int key)
{
    struct pane *p = ctx;
    (void)s;
    (void)key;
    p->ask = ASK_RENAME_SAVED;
    dialog_prompt(&p->dlg, ASK_RENAME_SAVED, "Rename saved request",
                  "New name:", saved_sel(p)->name);
    return UI_HANDLED;
}

static int
saved_act_copy(void *ctx, struct screen *s, int key)
{
    struct pane *p = ctx;
    (void)s;
    (void)key;
    char name[160];
    snprintf(name, sizeof name, "%s copy", saved_sel(p)->name);
    p->ask = ASK_COPY_SAVED;
    dialog_prompt(&p->dlg, ASK_COPY_SAVED, "Duplicate saved request",
                  "Name of the copy:", name);
    return UI_HANDLED;
}

static int
saved_act_delete(void *ctx, struct screen *s, int key)
{
    struct pane *p = ctx;
    (void)s;
    (void)key;
    p->ask = ASK_DELETE_SAVED;
    dialog_confirm(&p->dlg, ASK_DELETE_SAVED, "Delete saved request", "Delete",
                   "Delete the saved request %s of %s?", saved_sel(p)->name,
                   p->saved.integration);
    return UI_HANDLED;
}

static int
saved_act_back(void *ctx, struct screen *s, int key)
{
    (void)ctx;
    (void)s;
    (void)key;
    return UI_CANCEL;
}

static const struct ui_binding saved_bindings[] = {
    {{UK_ENTER},
     "Enter",
     NULL,
     "Open",
     "open the saved request in the composer, {{variables}} unfilled",
     KEYS_HIGH,
     saved_act_open,
     saved_any},
    {{'r'},
     "r",
     NULL,
     "Rename",
     "rename the saved request",
     KEYS_MID,
     saved_act_rename,
     saved_any},
    {{'d'},
     "d",
     NULL,
     "Duplicate",
     "save a copy of it under another name",
     KEYS_MID,
     saved_act_copy,
     saved_any},
    {{UK_DELETE, 'x'},
     "Del, x",
     "Del",
     "Delete",
     "delete the saved request (asks first)",
     KEYS_MID,
     saved_act_delete,
     saved_any},
    {{UK_ESC},
     "Esc",
     NULL,
     "Back",
     "back to the composer",
     KEYS_ALWAYS,
     saved_act_back,
     NULL},
};

const struct keys_table pane_saved_keys =
    KEYS_TABLE("Saved requests", saved_bindings);

static int
pane_saved_key(struct pane *p, struct screen *s, int key)
{
    if (list_key(&p->saved.list, key) != UI_IGNORED)
        return UI_HANDLED;
    const struct keys_table *t = &pane_saved_keys;
    return keys_dispatch(&t, 1, p, s, key) | UI_HANDLED;
}

static size_t
pane_saved_tables(const struct pane *p, const struct keys_table **t, size_t max)
{
    (void)p;
    if (max < 1)
        return 0;
    t[0] = &pane_saved_keys;
    return 1;
}

const struct pane_tab_ops pane_tab_saved = {
    .draw = pane_saved_draw,
    .key = pane_saved_key,
    .tables = pane_saved_tables,
};
