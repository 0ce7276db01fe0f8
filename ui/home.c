/* home.c — see home.h. The list of integrations (name, base URL, method,
 * default marker, last test, token state), a filter, the welcome when the
 * store is empty, and dialogs for copy, rename and delete. */
#define _GNU_SOURCE /* strcasestr */
#include "home.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "dialog.h"
#include "field.h"
#include "home_list.h"
#include "keys.h"
#include "list.h"
#include "pane.h"
#include "store.h"
#include "testjob.h"
#include "testrun.h"
#include "wizard.h"

enum home_ask { ASK_DELETE = 1, ASK_RENAME, ASK_COPY };

struct home {
    struct view view;
    struct integration **all; /* from store_list_brief */
    size_t nall;
    size_t total;  /* integrations in the store (nall once all are read) */
    bool partial;  /* only the first screenful read so far (home_new) */
    bool drawn;    /* the first frame is out */
    size_t *shown; /* indexes into all, after the filter */
    struct list list;
    struct field filter;
    bool filtering; /* keys go to the filter */
    struct dialog dialog;
    struct testrun tr;           /* `t`: one test */
    struct integration *test_ig; /* what `t` tests, with its secrets */
    struct testjob job;          /* `T`: all of them */
};

static bool
home_busy(const struct view *v)
{
    const struct home *h = (const struct home *)v;
    return testrun_running(&h->tr) || testjob_running(&h->job);
}

static struct integration *
home_selected(const struct home *h)
{
    if (h->list.n == 0)
        return NULL;
    return h->all[h->shown[h->list.sel]];
}

static bool
home_matches(const struct integration *ig, const char *filter)
{
    if (filter[0] == '\0')
        return true;
    return (ig->name && strcasestr(ig->name, filter)) ||
           (ig->base_url && strcasestr(ig->base_url, filter)) ||
           (ig->description && strcasestr(ig->description, filter));
}

static void
home_apply_filter(struct home *h)
{
    char *filter = field_get(&h->filter);
    size_t n = 0;
    for (size_t i = 0; i < h->nall; i++)
        if (home_matches(h->all[i], filter ? filter : ""))
            h->shown[n++] = i;
    free(filter);
    list_set_count(&h->list, n);
}

/* Reload from the store; select `name` when given. */
static void
home_reload(struct home *h, struct screen *s, const char *name)
{
    struct err e;
    err_clear(&e);
    store_list_free(h->all, h->nall);
    free(h->shown);
    h->all = NULL;
    h->shown = NULL;
    h->nall = h->total = 0;
    h->partial = false;
    if (store_list_brief(s->store, 0, &h->all, &h->nall, &h->total, &e) !=
        TS_OK) {
        screen_msg(s, MSG_ERROR, "%s", e.msg);
        h->all = NULL;
        h->nall = h->total = 0;
    }
    h->shown = calloc(h->nall + 1, sizeof *h->shown);
    if (h->shown == NULL)
        h->nall = h->total = 0;
    home_apply_filter(h);
    if (name == NULL)
        return;
    for (size_t i = 0; i < h->list.n; i++) {
        if (strcasecmp(h->all[h->shown[i]]->name, name) == 0)
            h->list.sel = i;
    }
}

/* The first frame shows one screenful: read just that (and the count for
 * the title), the rest once it is drawn (home_complete). */
static void
home_load_first(struct home *h, struct screen *s)
{
    struct err e;
    err_clear(&e);
    size_t page = s->rows > 0 ? (size_t)s->rows : 1;
    if (store_list_brief(s->store, page, &h->all, &h->nall, &h->total, &e) !=
            TS_OK ||
        (h->shown = calloc(h->nall + 1, sizeof *h->shown)) == NULL) {
        home_reload(h, s, NULL);
        return;
    }
    h->partial = h->nall < h->total;
    for (size_t i = 0; i < h->nall; i++)
        h->shown[i] = i;
    list_set_count(&h->list, h->nall);
}

/* Read the whole list if only the first screenful is there; the selection
 * (the first row until a key is handled) stays. */
static void
home_complete(struct home *h, struct screen *s)
{
    if (h->partial)
        home_reload(h, s, NULL);
}

struct home_row_ctx {
    struct home *h;
    struct screen *s;
};

static void
home_row(void *ctx, size_t i, int y, bool selected)
{
    struct home_row_ctx *rc = ctx;
    const struct integration *ig = rc->h->all[rc->h->shown[i]];
    struct test_result live;
    bool now = testjob_running(&rc->h->job) &&
               testjob_result(&rc->h->job, ig->id, &live);
    home_list_row(ig, now ? &live : NULL, y, rc->s->cols, selected);
}

static void
home_draw_welcome(struct screen *s)
{
    int w = 64, hgt = 11;
    int y = (s->rows - hgt) / 2 - 1, x = (s->cols - w) / 2;
    screen_box(y, x, hgt, w, "Welcome to tether");
    screen_wrap(y + 2, x + 3, w - 6, 7, theme_attr(TC_NORMAL),
                "No integrations yet.\n\n"
                "Press n to set one up: name it, give its hostname and "
                "authentication method, enter the credentials, authorize "
                "and test it.\n\n"
                "Press ? for help, q to quit.");
}

static const struct keys_table *const *home_tables(const struct home *h,
                                                   size_t *n);

static void
home_draw(struct view *v, struct screen *s)
{
    struct home *h = (struct home *)v;
    if (h->drawn)
        home_complete(h, s);
    h->drawn = true;
    char title[256];
    snprintf(title, sizeof title, "tether %s integrations (%zu)",
             theme_glyphs()->sep, h->total);
    screen_text(0, 1, s->cols / 2, theme_attr(TC_TITLE), title);
    const char *path = store_path(s->store);
    if (path != NULL) {
        int pw = screen_width(path);
        int room = s->cols / 2 - 2;
        if (pw > room)
            pw = room;
        screen_text(0, s->cols - 1 - pw, pw, theme_attr(TC_DIM), path);
    }

    if (h->nall == 0) {
        home_draw_welcome(s);
    } else {
        home_list_header(2, s->cols);

        int top = 3, bottom = s->rows - 6;
        struct home_row_ctx rc = {h, s};
        list_draw(&h->list, top, bottom - top, home_row, &rc);
        if (h->list.n == 0)
            screen_text(top + 1, 3, s->cols - 6, theme_attr(TC_DIM),
                        "No integration matches the filter (Esc clears "
                        "it).");

        /* Details of the selection. */
        const struct integration *ig = home_selected(h);
        if (ig != NULL) {
            char line[512];
            snprintf(line, sizeof line, "%s%s%s", ig->name,
                     ig->description ? ": " : "",
                     ig->description ? ig->description : "");
            screen_text(s->rows - 5, 1, s->cols - 2, theme_attr(TC_LABEL),
                        line);
            if (ig->last_test.at != 0 && !ig->last_test.pass &&
                ig->last_test.reason != NULL)
                snprintf(line, sizeof line, "Last test: %s",
                         ig->last_test.reason);
            else if (ig->last_test.at != 0)
                snprintf(line, sizeof line, "Last test: HTTP %ld in %ld ms",
                         ig->last_test.status, ig->last_test.time_ms);
            else
                snprintf(line, sizeof line, "Not tested yet.");
            screen_text(s->rows - 4, 1, s->cols - 2, theme_attr(TC_DIM), line);
        }
        if (testrun_running(&h->tr)) {
            char line[256];
            snprintf(line, sizeof line,
                     "%s Testing %s ... %.1f s (Esc cancels)",
                     screen_spinner(s), h->test_ig->name,
                     testrun_elapsed_ms(&h->tr) / 1000.0);
            screen_text(s->rows - 2, 1, s->cols - 2, theme_attr(TC_INFO), line);
        } else if (testjob_running(&h->job)) {
            char line[256];
            size_t failed = atomic_load(&h->job.failed);
            char fails[32] = "";
            if (failed > 0)
                snprintf(fails, sizeof fails, ", %zu failed", failed);
            snprintf(line, sizeof line,
                     "%s Testing all: %zu/%zu done%s (Esc cancels the rest)",
                     screen_spinner(s), atomic_load(&h->job.done), h->job.total,
                     fails);
            screen_text(s->rows - 2, 1, s->cols - 2, theme_attr(TC_INFO), line);
        }
        if (h->filtering || !field_empty(&h->filter)) {
            screen_text(s->rows - 3, 1, 8, theme_attr(TC_LABEL), "Filter:");
            field_draw(&h->filter, s, s->rows - 3, 9, 40, h->filtering);
        }
    }
    size_t n;
    const struct keys_table *const *t = home_tables(h, &n);
    keys_bar(s, t, n, h);
    if (dialog_is_open(&h->dialog))
        dialog_draw(&h->dialog, s);
}

/* Act on the answer to a dialog. */
static void
home_answer(struct home *h, struct screen *s)
{
    struct integration *ig = home_selected(h);
    struct err e;
    err_clear(&e);
    if (ig == NULL) {
        dialog_close(&h->dialog);
        return;
    }
    char *name = strdup(ig->name);
    char *typed = field_get(&h->dialog.input);
    tstatus st = TS_OK;
    const char *select = name;
    if (name == NULL || typed == NULL) {
        st = err_set(&e, TS_NOMEM, NULL, "out of memory");
    } else {
        switch (h->dialog.purpose) {
        case ASK_DELETE:
            st = store_remove(s->store, name, &e);
            if (st == TS_OK)
                screen_msg(s, MSG_OK, "Deleted \"%s\".", name);
            select = NULL;
            break;
        case ASK_RENAME:
            st = store_rename(s->store, name, typed, &e);
            if (st == TS_OK)
                screen_msg(s, MSG_OK, "Renamed \"%s\" to \"%s\".", name, typed);
            select = typed;
            break;
        case ASK_COPY:
            st = store_copy(s->store, name, typed, &e);
            if (st == TS_OK)
                screen_msg(s, MSG_OK, "Copied \"%s\" as \"%s\".", name, typed);
            select = typed;
            break;
        }
    }
    if (st == TS_OK) {
        dialog_close(&h->dialog);
        size_t keep = h->list.sel;
        home_reload(h, s, select);
        if (select == NULL) {
            h->list.sel = keep;
            list_set_count(&h->list, h->list.n);
        }
    } else {
        e.msg[0] = (char)toupper((unsigned char)e.msg[0]);
        dialog_error(&h->dialog, e.msg);
    }
    free(name);
    free(typed);
}

/* The wizard for a new integration (name NULL) or to edit one, opened on
 * step `step`. */
static void
home_open_wizard(struct screen *s, const char *name, enum wizard_step_id step)
{
    struct view *w = wizard_new(s, name);
    if (w == NULL)
        return;
    if (step != STEP_CONFIG)
        wizard_jump(w, step);
    screen_push(s, w);
}

/* `t`: test the selection with its secrets; the result is recorded. */
static void
home_test_one(struct home *h, struct screen *s, const char *name)
{
    struct err e;
    err_clear(&e);
    integration_free(h->test_ig);
    h->test_ig = NULL;
    if (store_get(s->store, name, STORE_WITH_SECRETS, &h->test_ig, &e) !=
        TS_OK) {
        screen_msg(s, MSG_ERROR, "%s", e.msg);
        return;
    }
    if (testrun_start(&h->tr, s->store, true, h->test_ig, NULL) != TS_OK)
        screen_msg(s, MSG_ERROR, "%s", h->tr.err.msg);
}

/* A test ended: say how it went (a failure with its diagnosis). */
static void
home_test_report(struct home *h, struct screen *s)
{
    const struct conntest_result *r = &h->tr.result;
    char *name = strdup(h->test_ig->name);
    if (r->pass) {
        screen_msg(s, MSG_OK, "%s %s: HTTP %ld in %ld ms.",
                   theme_glyphs()->tick, h->test_ig->name, r->status,
                   r->time_ms);
    } else if (r->failure == HTTP_FAIL_CANCELLED) {
        screen_msg(s, MSG_INFO, "Test of \"%s\" cancelled.", h->test_ig->name);
    } else {
        char text[768];
        snprintf(text, sizeof text, "%s\n\n%s", r->summary ? r->summary : "",
                 r->diagnosis ? r->diagnosis : "");
        text[0] = (char)toupper((unsigned char)text[0]);
        char title[128];
        snprintf(title, sizeof title, "Test of \"%s\" failed",
                 h->test_ig->name);
        dialog_note(&h->dialog, title, text);
    }
    if (h->tr.err.status != TS_OK)
        screen_msg(s, MSG_ERROR, "%s", h->tr.err.msg);
    testrun_clear(&h->tr);
    home_reload(h, s, name);
    free(name);
}

static bool
home_tick(struct view *v, struct screen *s)
{
    struct home *h = (struct home *)v;
    if (h->partial) {
        home_complete(h, s);
        return true;
    }
    if (testrun_running(&h->tr)) {
        if (testrun_poll(&h->tr))
            home_test_report(h, s);
        return true;
    }
    if (testjob_running(&h->job)) {
        if (testjob_poll(&h->job)) {
            size_t failed = 0, total = h->job.total;
            bool cancelled = testjob_cancelled(&h->job);
            tstatus st = h->job.status;
            struct err e = h->job.err;
            testjob_end(&h->job, &failed);
            if (st != TS_OK)
                screen_msg(s, MSG_ERROR, "%s", e.msg);
            else
                screen_msg(s, failed ? MSG_ERROR : MSG_OK,
                           "Tested %zu: %zu passed, %zu failed%s.", total,
                           total - failed, failed,
                           cancelled ? " (cancelled)" : "");
            home_reload(h, s, NULL);
        }
        return true;
    }
    /* Keep "how long ago" current. */
    return s->frame % 40 == 0;
}

/* ---- keys ------------------------------------------------------------- */

static bool
home_has_selection(const void *ctx)
{
    return home_selected(ctx) != NULL;
}

static bool
home_has_any(const void *ctx)
{
    const struct home *h = ctx;
    return h->nall > 0;
}

static bool
home_filter_set(const void *ctx)
{
    const struct home *h = ctx;
    return !field_empty(&h->filter);
}

static int
home_act_quit(void *ctx, struct screen *s, int key)
{
    (void)ctx;
    (void)key;
    s->quit = true;
    return UI_HANDLED;
}

static int
home_act_new(void *ctx, struct screen *s, int key)
{
    (void)ctx;
    (void)key;
    home_open_wizard(s, NULL, STEP_CONFIG);
    return UI_HANDLED;
}

static int
home_act_edit(void *ctx, struct screen *s, int key)
{
    (void)key;
    home_open_wizard(s, home_selected(ctx)->name, STEP_CONFIG);
    return UI_HANDLED;
}

static int
home_act_test(void *ctx, struct screen *s, int key)
{
    (void)key;
    home_test_one(ctx, s, home_selected(ctx)->name);
    return UI_HANDLED;
}

static int
home_act_test_all(void *ctx, struct screen *s, int key)
{
    struct home *h = ctx;
    struct err e;
    (void)key;
    err_clear(&e);
    if (testjob_start(&h->job, s->store, &e) != TS_OK)
        screen_msg(s, MSG_ERROR, "%s", e.msg);
    if (!testjob_running(&h->job))
        testjob_end(&h->job, NULL);
    return UI_HANDLED;
}

static int
home_act_authorize(void *ctx, struct screen *s, int key)
{
    const struct integration *ig = home_selected(ctx);
    (void)key;
    if (ig->auth != AUTH_OAUTH2)
        screen_msg(s, MSG_INFO,
                   "%s: nothing to authorize (%s sends its credentials "
                   "with each request).",
                   ig->name, auth_method_label(ig->auth));
    else
        home_open_wizard(s, ig->name, STEP_AUTHORIZE);
    return UI_HANDLED;
}

static int
home_act_pane(void *ctx, struct screen *s, int key)
{
    const struct integration *ig = home_selected(ctx);
    (void)key;
    struct view *pv = pane_new(s, ig != NULL ? ig->name : NULL);
    if (pv != NULL)
        screen_push(s, pv);
    return UI_HANDLED;
}

static int
home_act_copy(void *ctx, struct screen *s, int key)
{
    struct home *h = ctx;
    char text[256];
    (void)s;
    (void)key;
    snprintf(text, sizeof text,
             "Copy \"%s\" (secrets included, tokens and test results "
             "not) as:",
             home_selected(h)->name);
    dialog_prompt(&h->dialog, ASK_COPY, "Copy integration", text, NULL);
    return UI_HANDLED;
}

static int
home_act_rename(void *ctx, struct screen *s, int key)
{
    struct home *h = ctx;
    (void)s;
    (void)key;
    dialog_prompt(&h->dialog, ASK_RENAME, "Rename integration",
                  "New name:", home_selected(h)->name);
    return UI_HANDLED;
}

static int
home_act_delete(void *ctx, struct screen *s, int key)
{
    struct home *h = ctx;
    (void)s;
    (void)key;
    dialog_confirm(&h->dialog, ASK_DELETE, "Delete integration", "Delete",
                   "Delete \"%s\"? Its secrets, tokens and test results "
                   "go with it. This cannot be undone.",
                   home_selected(h)->name);
    return UI_HANDLED;
}

static int
home_act_default(void *ctx, struct screen *s, int key)
{
    struct home *h = ctx;
    struct err e;
    (void)key;
    err_clear(&e);
    char *name = strdup(home_selected(h)->name);
    if (name == NULL)
        return UI_HANDLED;
    if (store_set_default(s->store, name, &e) != TS_OK)
        screen_msg(s, MSG_ERROR, "%s", e.msg);
    else
        screen_msg(s, MSG_OK, "\"%s\" is now the default.", name);
    home_reload(h, s, name);
    free(name);
    return UI_HANDLED;
}

static int
home_act_filter(void *ctx, struct screen *s, int key)
{
    struct home *h = ctx;
    (void)s;
    (void)key;
    h->filtering = true;
    return UI_HANDLED;
}

static int
home_act_clear_filter(void *ctx, struct screen *s, int key)
{
    struct home *h = ctx;
    (void)s;
    (void)key;
    field_set(&h->filter, NULL);
    h->filtering = false;
    home_apply_filter(h);
    return UI_HANDLED;
}

/* Enter, Up, Down while filtering: keep the filter, back to the list
 * (the arrows move in it at once). */
static int
home_act_keep_filter(void *ctx, struct screen *s, int key)
{
    struct home *h = ctx;
    (void)s;
    h->filtering = false;
    list_key(&h->list, key);
    return UI_HANDLED;
}

static int
home_act_cancel(void *ctx, struct screen *s, int key)
{
    struct home *h = ctx;
    (void)s;
    (void)key;
    testrun_cancel(&h->tr);
    testjob_cancel(&h->job);
    return UI_HANDLED;
}

/* The list of integrations. Short bar labels: all of them fit in 100
 * columns; at 80 the low priorities go. */
static const struct ui_binding home_bindings[] = {
    {{'n'},
     "n",
     NULL,
     "New",
     "new integration: the five-step wizard",
     KEYS_HIGH,
     home_act_new,
     NULL},
    {{'e', UK_ENTER},
     "Enter, e",
     "e",
     "Edit",
     "edit the selected integration (the same steps, prefilled)",
     KEYS_HIGH,
     home_act_edit,
     home_has_selection},
    {{'t'},
     "t",
     NULL,
     "Test",
     "test its connection (a GET of its test path must answer 200); a "
     "failure opens its diagnosis",
     KEYS_HIGH,
     home_act_test,
     home_has_selection},
    {{'T'},
     "T",
     NULL,
     "All",
     "test every integration at once",
     KEYS_MID,
     home_act_test_all,
     home_has_any},
    {{'a'},
     "a",
     NULL,
     "Auth",
     "authorize it (OAuth 2.0): the wizard opens on its Authorize step",
     KEYS_MID,
     home_act_authorize,
     home_has_selection},
    {{'p'},
     "p",
     NULL,
     "Request",
     "the request pane: send requests through the selected integration",
     KEYS_HIGH,
     home_act_pane,
     NULL},
    {{'c'},
     "c",
     NULL,
     "Copy",
     "copy it under a new name (secrets included; tokens and test results "
     "not)",
     KEYS_LOW,
     home_act_copy,
     home_has_selection},
    {{'r'},
     "r",
     NULL,
     "Rename",
     "rename it",
     KEYS_LOW,
     home_act_rename,
     home_has_selection},
    {{'d'},
     "d",
     NULL,
     "Delete",
     "delete it (asks first)",
     KEYS_MID,
     home_act_delete,
     home_has_selection},
    {{'*'},
     "*",
     NULL,
     "Default",
     "make it the default integration",
     KEYS_LOW,
     home_act_default,
     home_has_selection},
    {{'/'},
     "/",
     NULL,
     "Find",
     "filter the list by name, URL or description as you type",
     KEYS_HIGH,
     home_act_filter,
     home_has_any},
    {{UK_ESC},
     "Esc",
     NULL,
     "Clear filter",
     "clear the filter",
     KEYS_MID,
     home_act_clear_filter,
     home_filter_set},
    {{'q'}, "q", NULL, "Quit", "quit", KEYS_ALWAYS, home_act_quit, NULL},
};

static const struct keys_table home_table =
    KEYS_TABLE("Home screen", home_bindings);

static const struct ui_binding home_filter_bindings[] = {
    {{UK_ENTER, UK_UP, UK_DOWN},
     "Enter",
     NULL,
     "Keep filter",
     "keep the filter and go back to the list (Up and Down too)",
     KEYS_HIGH,
     home_act_keep_filter,
     NULL},
    {{UK_ESC},
     "Esc",
     NULL,
     "Clear filter",
     "clear the filter",
     KEYS_HIGH,
     home_act_clear_filter,
     NULL},
};

static const struct keys_table home_filter_table =
    KEYS_TABLE("While filtering (after /)", home_filter_bindings);

static const struct ui_binding home_busy_bindings[] = {
    {{UK_ESC},
     "Esc",
     NULL,
     "Cancel the test",
     "cancel the test",
     KEYS_HIGH,
     home_act_cancel,
     NULL},
    {{'q'},
     "q",
     NULL,
     "Quit",
     "quit (a running test is cancelled)",
     KEYS_ALWAYS,
     home_act_quit,
     NULL},
};

static const struct keys_table home_busy_table =
    KEYS_TABLE("While a test runs", home_busy_bindings);

static const struct keys_table *const home_normal_tables[] = {
    &home_table,
    &keys_help_table,
};
static const struct keys_table *const home_filter_tables[] = {
    &home_filter_table,
    &keys_help_table,
};
static const struct keys_table *const home_busy_tables[] = {
    &home_busy_table,
    &keys_help_table,
};

static const struct keys_table *const *
home_tables(const struct home *h, size_t *n)
{
    if (home_busy(&h->view)) {
        *n = sizeof home_busy_tables / sizeof *home_busy_tables;
        return home_busy_tables;
    }
    if (h->filtering) {
        *n = sizeof home_filter_tables / sizeof *home_filter_tables;
        return home_filter_tables;
    }
    *n = sizeof home_normal_tables / sizeof *home_normal_tables;
    return home_normal_tables;
}

static const struct keys_table *const home_help_tables[] = {
    &home_table,      &list_keys,  &home_filter_table,
    &home_busy_table, &field_keys, &keys_help_table,
};

const struct keys_page home_keys_page =
    KEYS_PAGE("home", "Home screen", home_help_tables);

static const struct keys_page *
home_help(const struct view *v)
{
    (void)v;
    return &home_keys_page;
}

static bool
home_typing(const struct view *v)
{
    const struct home *h = (const struct home *)v;
    return h->filtering && !home_busy(v);
}

static int
home_key(struct view *v, struct screen *s, int key)
{
    struct home *h = (struct home *)v;
    home_complete(h, s);
    size_t n;
    const struct keys_table *const *t = home_tables(h, &n);

    if (home_busy(v)) {
        keys_dispatch(t, n, h, s, key);
        return UI_HANDLED;
    }
    if (dialog_is_open(&h->dialog)) {
        int r = dialog_key(&h->dialog, s, key);
        if (r & UI_SUBMIT && h->dialog.kind == DIALOG_NOTE)
            dialog_close(&h->dialog);
        else if (r & UI_SUBMIT)
            home_answer(h, s);
        else if (r & UI_CANCEL)
            dialog_close(&h->dialog);
        return UI_HANDLED;
    }
    if (h->filtering) {
        if (keys_dispatch(t, n, h, s, key) == UI_IGNORED &&
            field_key(&h->filter, s, key) & UI_CHANGED)
            h->list.sel = 0;
        home_apply_filter(h);
        return UI_HANDLED;
    }
    if (list_key(&h->list, key) != UI_IGNORED)
        return UI_HANDLED;
    return keys_dispatch(t, n, h, s, key);
}

static void
home_resume(struct view *v, struct screen *s)
{
    struct home *h = (struct home *)v;
    home_reload(h, s, s->select_name);
    free(s->select_name);
    s->select_name = NULL;
}

static void
home_free(struct view *v)
{
    struct home *h = (struct home *)v;
    testjob_end(&h->job, NULL);
    testrun_clear(&h->tr);
    integration_free(h->test_ig);
    store_list_free(h->all, h->nall);
    free(h->shown);
    field_free(&h->filter);
    dialog_close(&h->dialog);
    free(h);
}

static bool
home_pending(const struct view *v)
{
    return ((const struct home *)v)->partial;
}

static const struct view_ops home_ops = {
    .draw = home_draw,
    .key = home_key,
    .tick = home_tick,
    .resume = home_resume,
    .busy = home_busy,
    .pending = home_pending,
    .free = home_free,
    .typing = home_typing,
    .help = home_help,
};

struct view *
home_new(struct screen *s)
{
    struct home *h = calloc(1, sizeof *h);
    if (h == NULL)
        return NULL;
    h->view.ops = &home_ops;
    field_init(&h->filter, false);
    home_load_first(h, s);
    return &h->view;
}
