/* pane.c — the request pane view: the tabs through pane_tabs[], sending
 * through exchange.h on a worker (worker.h) polled from the loop's ticks,
 * the dialog, the keys of every tab. The top of the pane's files (see
 * pane_int.h). See pane.h. */
#include "pane.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "pane_int.h"
#include "store_saved.h"

/* How long the worker waits in curl before looking at the cancel flag
 * again (cancelling also aborts a transfer from curl's progress callback). */
#define PANE_RUN_MS 100

static void
pane_sent_clear(struct pane_sent *ps)
{
    free(ps->integration);
    free(ps->method);
    free(ps->path);
    if (ps->body != NULL)
        sodium_memzero(ps->body, ps->body_len);
    free(ps->body);
    http_parts_free(ps->parts, ps->nparts);
    kv_list_free(&ps->query);
    kv_list_free(&ps->headers);
    memset(ps, 0, sizeof *ps);
}

/* Read the composer into p->sent. False (with a message) when a field is
 * wrong or memory ran out. */
static bool
pane_collect(struct pane *p, struct screen *s)
{
    const struct integration *ig = pane_integration(p);
    pane_sent_clear(&p->sent);
    struct pane_sent *ps = &p->sent;
    char *timeout = field_get(&p->timeout);
    bool ok = timeout != NULL;
    if (ok && timeout[0] != '\0') {
        char *end;
        errno = 0;
        double secs = strtod(timeout, &end);
        if (errno != 0 || *end != '\0' || secs <= 0 || secs > 3600) {
            screen_msg(s, MSG_ERROR,
                       "Timeout: give seconds between 0.1 and 3600.");
            p->focus = PF_TIMEOUT;
            free(timeout);
            return false;
        }
        ps->timeout_ms = (long)(secs * 1000.0 + 0.5);
    }
    free(timeout);
    ps->follow = p->follow;
    ok = ok && (ps->integration = strdup(ig->name)) != NULL &&
         (ps->method = strdup(pane_methods[p->method_drop.sel])) != NULL &&
         (ps->path = field_get(&p->path)) != NULL &&
         kvrows_collect(&p->query, &ps->query) &&
         kvrows_collect(&p->headers, &ps->headers);
    if (ok && p->body_mode != PB_RAW) {
        struct err e = {0};
        if (!pane_compose_form_body(p, &ps->body, &ps->body_len, &ps->parts,
                                    &ps->nparts, &e)) {
            screen_msg(s, MSG_ERROR, "Body: %s", e.msg);
            p->focus = PF_BODY;
            return false;
        }
    } else if (ok && p->body.state != BODY_EMPTY) {
        ps->body_len = p->body.len;
        ok = (ps->body = malloc(p->body.len + 1)) != NULL;
        if (ok) {
            memcpy(ps->body, p->body.text, p->body.len);
            ps->body[p->body.len] = '\0';
        }
    }
    if (!ok)
        screen_msg(s, MSG_ERROR, "Out of memory.");
    return ok;
}

/* The worker: start the exchange (the OAuth token is renewed there when
 * due), drive it to its end, index the body. Only this thread touches the
 * exchange, p->sent, p->send_ig, p->st and the w* results until it
 * returns. */
static void
pane_send_job(struct worker *w, void *arg)
{
    struct pane *p = arg;
    struct exchange *x = NULL;
    struct http_request req = p->filled.req;
    req.timeout_ms = p->sent.timeout_ms;
    req.parts = p->sent.parts;
    req.nparts = p->sent.nparts;
    req.no_redirects = p->sent.follow == PFW_NEVER;
    req.follow_redirects = p->sent.follow == PFW_ALWAYS;
    req.max_body = PANE_MAX_BODY;
    req.cancel = worker_cancel_flag(w);
    memset(&p->werr, 0, sizeof p->werr);
    p->wst = exchange_start(p->st, p->send_ig, &req, &x, &p->werr);
    p->wsent = p->wst == TS_OK;
    if (!p->wsent)
        return;
    bool stopped = false;
    while (exchange_run(x, PANE_RUN_MS)) {
        if (worker_cancelled(w) && !stopped) {
            exchange_cancel(x);
            stopped = true;
        }
    }
    p->wst = exchange_finish(x, &p->wresp, &p->werr);
    exchange_free(x);
    pane_rv_index(&p->wresp, &p->widx, &p->wbinary);
}

/* The composer's request as a saved request (unnamed). NULL after a
 * message. */
static struct saved_request *
pane_as_saved(struct pane *p, struct screen *s, const char *name)
{
    struct http_request req = {.method = p->sent.method,
                               .path = p->sent.path,
                               .query = &p->sent.query,
                               .headers = &p->sent.headers,
                               .body = p->sent.body,
                               .body_len = p->sent.body_len};
    struct saved_request *r = NULL;
    struct err e = {0};
    if (saved_from_request(name, &req, &r, &e) != TS_OK)
        screen_msg(s, MSG_ERROR, "%s", e.msg);
    return r;
}

/* Fill the {{variables}} of p->sent into p->filled: the integration's
 * variables, then those typed at the prompt; the first one still missing
 * is asked for (false, the request not sent yet). The values of secret
 * ones go to p->send_ig, to be redacted. */
static bool
pane_fill(struct pane *p, struct screen *s)
{
    saved_filled_clear(&p->filled);
    struct saved_request *r = pane_as_saved(p, s, NULL);
    if (r == NULL)
        return false;
    struct vars v = {0};
    struct kv_list missing = {0};
    struct err e = {0};
    bool ok = store_var_list(p->st, p->send_ig->name, true, &v, &e) == TS_OK;
    for (size_t i = 0; ok && i < p->given.n; i++)
        ok = vars_add(&v, p->given.items[i].name, p->given.items[i].value,
                      false);
    if (ok && saved_missing(r, &v, &missing) && missing.n > 0) {
        snprintf(p->var_name, sizeof p->var_name, "%s", missing.items[0].key);
        p->ask = ASK_VAR;
        char text[160];
        snprintf(text, sizeof text,
                 "{{%s}} is not set. Its value:", p->var_name);
        dialog_prompt(&p->dlg, ASK_VAR, "Variable", text, NULL);
        ok = false;
    } else if (ok) {
        ok = saved_fill(r, &v, &p->filled, &e) == TS_OK &&
             (saved_filled_give_secrets(&p->filled, p->send_ig) ||
              err_set(&e, TS_NOMEM, NULL, "out of memory") == TS_OK);
    }
    if (!ok && e.msg[0] != '\0')
        screen_msg(s, MSG_ERROR, "Not sent: %s.", e.msg);
    kv_list_free(&missing);
    vars_free(&v);
    saved_free(r);
    return ok;
}

/* Ctrl-S: keep the composer's request under the picked integration as
 * `name` (replacing one of that name), credentials in it encrypted. */
static void
pane_save_request(struct pane *p, struct screen *s, const char *name)
{
    if (!pane_collect(p, s))
        return;
    struct integration *ig = NULL;
    struct err e = {0};
    struct saved_request *r = NULL;
    if (store_get(p->st, p->sent.integration,
                  STORE_WITH_SECRETS | STORE_SECRETS_TOLERANT, &ig,
                  &e) != TS_OK ||
        (r = pane_as_saved(p, s, name)) == NULL ||
        saved_mark_secrets(ig, r, &e) != TS_OK ||
        store_saved_put(p->st, ig->name, r, true, &e) != TS_OK) {
        if (e.msg[0] != '\0')
            screen_msg(s, MSG_ERROR, "Not saved: %s.", e.msg);
    } else {
        screen_msg(s, MSG_OK, "Saved as %s of %s (F4 lists them).", r->name,
                   ig->name);
    }
    saved_free(r);
    integration_free(ig);
}

/* Send what the composer holds; asks first about an invalid JSON body
 * unless `force`. Errors go to the status line. */
static void
pane_send(struct pane *p, struct screen *s, bool force)
{
    struct err e = {0};
    if (pane_sending(p))
        return;
    if (pane_integration(p) == NULL) {
        screen_msg(s, MSG_ERROR,
                   "There is no integration to send through: add one first.");
        return;
    }
    if (p->body_mode == PB_RAW && p->body.state == BODY_JSON_BAD && !force) {
        p->ask = ASK_SEND_BAD_JSON;
        dialog_confirm(
            &p->dlg, ASK_SEND_BAD_JSON, "Body is not valid JSON", "Send anyway",
            "The body is not valid JSON: line %zu, column %zu: "
            "%s. Send it as it is?",
            p->body.error.line, p->body.error.column, p->body.error.what);
        return;
    }
    if (!pane_collect(p, s))
        return;
    tstatus st = store_get(p->st, p->sent.integration, STORE_WITH_SECRETS,
                           &p->send_ig, &e);
    if (st != TS_OK) {
        screen_msg(s, MSG_ERROR, "%s", e.msg);
        return;
    }
    if (!pane_fill(p, s)) {
        integration_free(p->send_ig);
        p->send_ig = NULL;
        return;
    }
    worker_start(&p->send, pane_send_job, NULL, p);
}

/* The request ended: show the response (or why it was not sent). */
static void
pane_received(struct pane *p, struct screen *s)
{
    tstatus st = p->wst;
    struct err e = p->werr;
    if (!p->wsent) {
        integration_free(p->send_ig);
        p->send_ig = NULL;
        screen_msg(s, MSG_ERROR, "Not sent: %s%s%s.", e.field[0] ? e.field : "",
                   e.field[0] ? ": " : "", e.msg);
        return;
    }
    pane_rv_set(&p->rv, &p->wresp, p->widx, p->wbinary);
    p->widx = NULL;
    pane_rv_secrets(&p->rv, p->send_ig);
    integration_free(p->send_ig);
    p->send_ig = NULL;
    p->tab = PANE_RESPONSE;
    if (st != TS_OK)
        screen_msg(s, MSG_ERROR, "Not saved in the history: %s.", e.msg);
    else if (p->rv.resp.failure == HTTP_FAIL_CANCELLED)
        screen_msg(s, MSG_INFO, "Request cancelled.");
}

static const struct pane_tab_ops *const pane_tabs[PANE_TABS] = {
    [PANE_COMPOSE] = &pane_tab_compose,
    [PANE_RESPONSE] = &pane_tab_response,
    [PANE_HISTORY] = &pane_tab_history,
    [PANE_SAVED] = &pane_tab_saved,
};

/* The keys of every tab and the tabs' help pages (defined with the keys
 * below). */
static const struct keys_table pane_keys;
static const struct keys_page pane_pages[PANE_TABS];

const struct keys_page *
pane_keys_page(int i)
{
    return i >= 0 && i < PANE_TABS ? &pane_pages[i] : NULL;
}

static const struct pane_tab_ops *
pane_cur(const struct pane *p)
{
    return pane_tabs[p->tab];
}

#define PANE_MAX_TABLES 8

/* The key tables now: the tab's, then the pane's and the help. */
static size_t
pane_tables(const struct pane *p, const struct keys_table **t)
{
    size_t n = pane_cur(p)->tables(p, t, PANE_MAX_TABLES - 2);
    t[n++] = &pane_keys;
    t[n++] = &keys_help_table;
    return n;
}

static void
pane_draw(struct view *v, struct screen *s)
{
    struct pane *p = (struct pane *)v;
    pane_cur(p)->draw(p, s);
    const struct keys_table *t[PANE_MAX_TABLES];
    size_t n = pane_tables(p, t);
    keys_bar(s, t, n, p);
    if (dialog_is_open(&p->dlg))
        dialog_draw(&p->dlg, s);
}

static void
pane_answer(struct pane *p, struct screen *s, int r)
{
    enum pane_ask ask = p->ask;
    bool typed = ask == ASK_SAVE || ask == ASK_SAVE_REQUEST || ask == ASK_VAR ||
                 ask == ASK_RENAME_SAVED || ask == ASK_COPY_SAVED;
    char *text = (r & UI_SUBMIT) && typed ? field_get(&p->dlg.input) : NULL;
    dialog_close(&p->dlg);
    p->ask = ASK_NONE;
    if (!(r & UI_SUBMIT)) {
        free(text);
        return;
    }
    switch (ask) {
    case ASK_SEND_BAD_JSON:
        pane_send(p, s, true);
        break;
    case ASK_SAVE:
        if (text != NULL && text[0] != '\0')
            pane_rv_save(p, s, text, false);
        break;
    case ASK_OVERWRITE:
        pane_rv_save(p, s, p->save_path, true);
        break;
    case ASK_SAVE_REQUEST:
        if (text != NULL && text[0] != '\0')
            pane_save_request(p, s, text);
        break;
    case ASK_VAR:
        if (text != NULL && vars_add(&p->given, p->var_name, text, false))
            pane_send(p, s, true);
        break;
    case ASK_RENAME_SAVED:
    case ASK_COPY_SAVED:
        if (text != NULL && text[0] != '\0')
            pane_saved_answer(p, s, ask, text);
        break;
    case ASK_DELETE_SAVED:
        pane_saved_answer(p, s, ask, NULL);
        break;
    case ASK_NONE:
        break;
    }
    if (text != NULL)
        sodium_memzero(text, strlen(text));
    free(text);
}

/* ---- the keys of every tab: the context is the pane ------------------ */

static bool
pane_is_sending(const void *ctx)
{
    return pane_sending(ctx);
}

static bool
pane_response_elsewhere(const void *ctx)
{
    const struct pane *p = ctx;
    return p->rv.have && p->tab != PANE_RESPONSE;
}

static bool
pane_history_allowed(const void *ctx)
{
    const struct pane *p = ctx;
    return !pane_sending(p) && p->tab != PANE_HISTORY;
}

/* The worker owns the store until the request ends. */
static bool
pane_store_busy(const void *ctx)
{
    const struct pane *p = ctx;
    return pane_sending(p);
}

static bool
pane_curl_busy(const void *ctx)
{
    const struct pane *p = ctx;
    return pane_sending(p) && p->tab == PANE_RESPONSE;
}

static int
pane_act_cancel(void *ctx, struct screen *s, int key)
{
    struct pane *p = ctx;
    (void)s;
    (void)key;
    worker_cancel(&p->send);
    return UI_HANDLED;
}

static int
pane_act_response(void *ctx, struct screen *s, int key)
{
    struct pane *p = ctx;
    (void)s;
    (void)key;
    p->tab = PANE_RESPONSE;
    return UI_HANDLED;
}

static int
pane_act_history(void *ctx, struct screen *s, int key)
{
    struct pane *p = ctx;
    (void)key;
    p->back_tab = p->tab;
    p->tab = PANE_HISTORY;
    pane_hist_load(p, s);
    return UI_HANDLED;
}

static bool
pane_can_save(const void *ctx)
{
    const struct pane *p = ctx;
    return !pane_sending(p) && p->tab == PANE_COMPOSE &&
           pane_integration(p) != NULL;
}

static int
pane_act_save(void *ctx, struct screen *s, int key)
{
    struct pane *p = ctx;
    (void)s;
    (void)key;
    p->ask = ASK_SAVE_REQUEST;
    dialog_prompt(&p->dlg, ASK_SAVE_REQUEST, "Save request",
                  "Save it under the integration as:", NULL);
    return UI_HANDLED;
}

static bool
pane_saved_allowed(const void *ctx)
{
    const struct pane *p = ctx;
    return !pane_sending(p) && p->tab != PANE_SAVED;
}

static int
pane_act_saved(void *ctx, struct screen *s, int key)
{
    struct pane *p = ctx;
    (void)key;
    p->tab = PANE_SAVED;
    pane_saved_load(p, s);
    return UI_HANDLED;
}

static int
pane_act_wait(void *ctx, struct screen *s, int key)
{
    (void)ctx;
    (void)key;
    screen_msg(s, MSG_INFO, "Wait for the request to end (Esc cancels).");
    return UI_HANDLED;
}

static const struct ui_binding pane_bindings[] = {
    {{UK_ESC},
     "Esc",
     NULL,
     "Cancel",
     "while sending: cancel the request",
     KEYS_ALWAYS,
     pane_act_cancel,
     pane_is_sending},
    {{UK_F2},
     "F2",
     NULL,
     "Response",
     "the last response",
     KEYS_MID,
     pane_act_response,
     pane_response_elsewhere},
    {{UK_F3},
     "F3",
     NULL,
     "History",
     "the history of the requests sent (newest first)",
     KEYS_MID,
     pane_act_history,
     pane_history_allowed},
    {{UK_F4},
     "F4",
     NULL,
     "Requests",
     "the saved requests of the picked integration: open, rename, "
     "duplicate, delete",
     KEYS_MID,
     pane_act_saved,
     pane_saved_allowed},
    {{UK_CTRL('s')},
     "^S",
     NULL,
     "Save",
     "composer: save the request under the picked integration, "
     "{{variables}} unfilled (credentials in it are stored encrypted)",
     KEYS_MID,
     pane_act_save,
     pane_can_save},
    /* While sending, what needs the store waits. */
    {{UK_F3}, "F3", NULL, NULL, NULL, 0, pane_act_wait, pane_store_busy},
    {{UK_F4}, "F4", NULL, NULL, NULL, 0, pane_act_wait, pane_store_busy},
    {{'C'}, "C", NULL, NULL, NULL, 0, pane_act_wait, pane_curl_busy},
};

static const struct keys_table pane_keys =
    KEYS_TABLE("Request pane, every tab", pane_bindings);

static const struct keys_table *const pane_compose_help[] = {
    &pane_compose_keys, &pane_keys,     &kvrows_keys,     &bodyedit_keys,
    &field_keys,        &dropdown_keys, &keys_help_table,
};
static const struct keys_table *const pane_rv_help[] = {
    &pane_rv_keys, &pane_rv_prompt_keys, &pane_rv_filter_keys,
    &pane_keys,    &field_keys,          &keys_help_table,
};
static const struct keys_table *const pane_hist_help[] = {
    &pane_hist_keys,
    &list_keys,
    &pane_keys,
    &keys_help_table,
};

static const struct keys_table *const pane_saved_help[] = {
    &pane_saved_keys,
    &list_keys,
    &pane_keys,
    &keys_help_table,
};

static const struct keys_page pane_pages[PANE_TABS] = {
    [PANE_COMPOSE] =
        KEYS_PAGE("pane-compose", "Request pane, composer", pane_compose_help),
    [PANE_RESPONSE] =
        KEYS_PAGE("pane-response", "Request pane, response", pane_rv_help),
    [PANE_HISTORY] =
        KEYS_PAGE("pane-history", "Request pane, history", pane_hist_help),
    [PANE_SAVED] = KEYS_PAGE("pane-saved", "Request pane, saved requests",
                             pane_saved_help),
};

static int
pane_key(struct view *v, struct screen *s, int key)
{
    struct pane *p = (struct pane *)v;
    if (dialog_is_open(&p->dlg)) {
        int r = dialog_key(&p->dlg, s, key);
        if (r & (UI_SUBMIT | UI_CANCEL))
            pane_answer(p, s, r);
        return UI_HANDLED;
    }
    const struct keys_table *t[] = {&pane_keys, &keys_help_table};
    int r = keys_dispatch(t, 2, p, s, key);
    if (r != UI_IGNORED)
        return r;
    r = pane_cur(p)->key(p, s, key);
    if (r & PANE_SEND)
        pane_send(p, s, false);
    if (r & UI_CANCEL) {
        if (p->tab == PANE_COMPOSE) {
            if (!pane_sending(p))
                screen_pop(s);
        } else if (p->tab == PANE_HISTORY && p->back_tab == PANE_RESPONSE &&
                   p->rv.have) {
            p->tab = PANE_RESPONSE;
        } else {
            p->tab = PANE_COMPOSE;
        }
    }
    return UI_HANDLED;
}

static bool
pane_tick(struct view *v, struct screen *s)
{
    struct pane *p = (struct pane *)v;
    bool redraw = false;
    if (pane_sending(p)) {
        if (worker_poll(&p->send, 0))
            pane_received(p, s);
        redraw = true;
    }
    if (worker_running(&p->rv.search)) {
        if (pane_search_poll(&p->rv))
            pane_search_said(&p->rv, s);
        redraw = true;
    }
    return redraw;
}

static bool
pane_busy(const struct view *v)
{
    const struct pane *p = (const struct pane *)v;
    return pane_sending(p) || worker_running(&p->rv.search);
}

static bool
pane_typing(const struct view *v)
{
    const struct pane *p = (const struct pane *)v;
    return pane_cur(p)->typing != NULL && pane_cur(p)->typing(p);
}

static const struct keys_page *
pane_help(const struct view *v)
{
    return &pane_pages[((const struct pane *)v)->tab];
}

static void
pane_free(struct view *v)
{
    struct pane *p = (struct pane *)v;
    /* A response the loop did not collect is freed here. */
    worker_stop(&p->send);
    http_response_free(&p->wresp);
    jsonfmt_index_free(p->widx);
    integration_free(p->send_ig);
    pane_sent_clear(&p->sent);
    pane_compose_free(p);
    pane_rv_free(&p->rv);
    pane_hist_free(&p->hist);
    pane_saved_free(&p->saved);
    saved_filled_clear(&p->filled);
    vars_free(&p->given);
    dialog_close(&p->dlg);
    field_free(&p->dlg.input);
    store_list_free(p->igs, p->nig);
    free(p->ig_labels);
    pane_picked_free(p);
    free(p);
}

static const struct view_ops pane_ops = {
    .draw = pane_draw,
    .key = pane_key,
    .tick = pane_tick,
    .resume = NULL,
    .busy = pane_busy,
    .free = pane_free,
    .typing = pane_typing,
    .help = pane_help,
};

/* The integrations to pick from, and where the picker starts. */
static bool
pane_load_integrations(struct pane *p, const char *name)
{
    struct err e = {0};
    if (store_list_brief(p->st, 0, &p->igs, &p->nig, NULL, &e) != TS_OK) {
        p->igs = NULL;
        p->nig = 0;
        return e.status != TS_NOMEM;
    }
    p->ig_labels = calloc(p->nig ? p->nig : 1, sizeof *p->ig_labels);
    if (p->ig_labels == NULL)
        return false;
    for (size_t i = 0; i < p->nig; i++)
        p->ig_labels[i] = p->igs[i]->name;
    p->ig_drop.labels = p->ig_labels;
    p->ig_drop.n = p->nig;
    if (!pane_pick_integration(p, name)) {
        for (size_t i = 0; i < p->nig; i++) {
            if (p->igs[i]->is_default)
                p->ig_drop.sel = p->ig_drop.hover = i;
        }
    }
    return true;
}

struct view *
pane_new(struct screen *s, const char *integration)
{
    struct pane *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->view.ops = &pane_ops;
    p->st = s->store;
    field_init(&p->dlg.input, false);
    pane_compose_init(p);
    pane_rv_init(&p->rv);
    if (!pane_picked_init(p) || !pane_load_integrations(p, integration)) {
        pane_free(&p->view);
        return NULL;
    }
    pane_compose_changed(p);
    return &p->view;
}

static struct view *
pane_first(struct screen *s, void *arg)
{
    return pane_new(s, arg);
}

int
pane_run(struct store *st, const char *integration)
{
    return screen_run_arg(st, pane_first, (void *)integration);
}
