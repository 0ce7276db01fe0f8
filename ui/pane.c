/* pane.c — the request pane view: tabs, sending through exchange.h from
 * the loop's ticks, the dialog. See pane.h. */
#include "pane.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "pane_int.h"

/* How long the worker waits in curl before looking at the cancel flag
 * again (cancelling also aborts a transfer from curl's progress callback). */
#define PANE_RUN_MS 100

const struct integration *
pane_integration(const struct pane *p)
{
    if (p->nig == 0)
        return NULL;
    return p->igs[p->ig_drop.sel];
}

bool
pane_pick_integration(struct pane *p, const char *name)
{
    for (size_t i = 0; name != NULL && i < p->nig; i++) {
        if (strcasecmp(p->igs[i]->name, name) == 0) {
            p->ig_drop.sel = p->ig_drop.hover = i;
            return true;
        }
    }
    return false;
}

double
pane_elapsed_ms(const struct pane *p)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - p->started.tv_sec) * 1000.0 +
           (double)(now.tv_nsec - p->started.tv_nsec) / 1e6;
}

static void
pane_sent_clear(struct pane_sent *ps)
{
    free(ps->integration);
    free(ps->method);
    free(ps->path);
    if (ps->body != NULL)
        sodium_memzero(ps->body, ps->body_len);
    free(ps->body);
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
    ok = ok && (ps->integration = strdup(ig->name)) != NULL &&
         (ps->method = strdup(pane_methods[p->method_drop.sel])) != NULL &&
         (ps->path = field_get(&p->path)) != NULL &&
         kvrows_collect(&p->query, &ps->query) &&
         kvrows_collect(&p->headers, &ps->headers);
    if (ok && p->body.state != BODY_EMPTY) {
        ps->body_len = p->body.len;
        ok = (ps->body = malloc(p->body.len + 1)) != NULL;
        if (ok)
            memcpy(ps->body, p->body.text, p->body.len + 1);
        if (ok && pane_compose_body_is_json(p) &&
            !kvrows_has_key(&p->headers, "Content-Type"))
            ok = kv_list_add(&ps->headers, "Content-Type",
                             "application/json");
    }
    if (!ok)
        screen_msg(s, MSG_ERROR, "Out of memory.");
    return ok;
}

/* The worker thread: drive the exchange to its end. Only this thread
 * touches p->x until `done` is set. */
static void *
pane_worker(void *arg)
{
    struct pane *p = arg;
    while (exchange_run(p->x, PANE_RUN_MS))
        ;
    memset(&p->werr, 0, sizeof p->werr);
    p->wst = exchange_finish(p->x, &p->wresp, &p->werr);
    pane_rv_index(&p->wresp, &p->widx, &p->wbinary);
    atomic_store(&p->done, true);
    return NULL;
}

void
pane_send(struct pane *p, struct screen *s, bool force)
{
    struct err e = {0};
    if (p->x != NULL)
        return;
    if (pane_integration(p) == NULL) {
        screen_msg(s, MSG_ERROR,
                   "There is no integration to send through: add one first.");
        return;
    }
    if (p->body.state == BODY_JSON_BAD && !force) {
        p->ask = ASK_SEND_BAD_JSON;
        dialog_confirm(&p->dlg, ASK_SEND_BAD_JSON, "Body is not valid JSON",
                       "Send anyway",
                       "The body is not valid JSON: line %zu, column %zu: "
                       "%s. Send it as it is?",
                       p->body.error.line, p->body.error.column,
                       p->body.error.what);
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
    struct http_request req = {
        .method = p->sent.method,
        .path = p->sent.path,
        .query = &p->sent.query,
        .headers = &p->sent.headers,
        .body = p->sent.body,
        .body_len = p->sent.body_len,
        .timeout_ms = p->sent.timeout_ms,
    };
    atomic_store(&p->cancel, false);
    atomic_store(&p->done, false);
    req.cancel = &p->cancel;
    st = exchange_start(p->st, p->send_ig, &req, &p->x, &e);
    if (st != TS_OK) {
        integration_free(p->send_ig);
        p->send_ig = NULL;
        screen_msg(s, MSG_ERROR, "Not sent: %s%s%s.",
                   e.field[0] ? e.field : "", e.field[0] ? ": " : "",
                   e.msg);
        return;
    }
    clock_gettime(CLOCK_MONOTONIC, &p->started);
    p->cancelling = false;
    if (pthread_create(&p->worker, NULL, pane_worker, p) != 0) {
        /* No thread: finish here, the screen waits. */
        pane_worker(p);
        p->worker_failed = true;
    }
}

/* The request ended: show the response. */
static void
pane_received(struct pane *p, struct screen *s)
{
    if (!p->worker_failed)
        pthread_join(p->worker, NULL);
    p->worker_failed = false;
    tstatus st = p->wst;
    struct err e = p->werr;
    exchange_free(p->x);
    p->x = NULL;
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

void
pane_draw_tabs(const struct pane *p, struct screen *s)
{
    static const char *const names[] = {"Compose", "Response", "History"};
    screen_fill(0, 0, s->cols, theme_attr(TC_KEYBAR));
    int x = screen_text(0, 1, 20, theme_attr(TC_KEYBAR_KEY), "Request pane");
    x += 3;
    for (int i = 0; i < 3; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, " %s ", names[i]);
        attr_t a = theme_attr((int)p->tab == i ? TC_STEP_CURRENT : TC_KEYBAR);
        x += screen_text(0, x, 12, a, buf) + 1;
    }
    if (p->x != NULL) {
        char buf[96];
        snprintf(buf, sizeof buf, "%s %s %.1f s%s", screen_spinner(s),
                 p->cancelling ? "cancelling" : "sending",
                 pane_elapsed_ms(p) / 1000.0, " (Esc cancels)");
        screen_text(0, x + 2, s->cols - x - 3, theme_attr(TC_KEYBAR), buf);
    }
}

static void
pane_draw(struct view *v, struct screen *s)
{
    struct pane *p = (struct pane *)v;
    switch (p->tab) {
    case PANE_COMPOSE:
        pane_compose_draw(p, s);
        break;
    case PANE_RESPONSE:
        pane_rv_draw(p, s);
        break;
    case PANE_HISTORY:
        pane_hist_draw(p, s);
        break;
    }
    if (dialog_is_open(&p->dlg))
        dialog_draw(&p->dlg, s);
}

static void
pane_answer(struct pane *p, struct screen *s, int r)
{
    enum pane_ask ask = p->ask;
    char *text = (r & UI_SUBMIT) && ask == ASK_SAVE ? field_get(&p->dlg.input)
                                                    : NULL;
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
    case ASK_NONE:
        break;
    }
    free(text);
}

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
    if (p->x != NULL && key == UK_ESC) {
        atomic_store(&p->cancel, true);
        p->cancelling = true;
        return UI_HANDLED;
    }
    if (key == UK_FN + KEY_F(2) && p->rv.have && p->tab != PANE_RESPONSE) {
        p->tab = PANE_RESPONSE;
        return UI_HANDLED;
    }
    if (p->x != NULL && (key == UK_FN + KEY_F(3) ||
                         (key == 'C' && p->tab == PANE_RESPONSE))) {
        /* The worker owns the store until the request ends. */
        screen_msg(s, MSG_INFO, "Wait for the request to end (Esc cancels).");
        return UI_HANDLED;
    }
    if (key == UK_FN + KEY_F(3) && p->tab != PANE_HISTORY) {
        p->back_tab = p->tab;
        p->tab = PANE_HISTORY;
        pane_hist_load(p, s);
        return UI_HANDLED;
    }
    int r = UI_IGNORED;
    switch (p->tab) {
    case PANE_COMPOSE:
        r = pane_compose_key(p, s, key);
        break;
    case PANE_RESPONSE:
        r = pane_rv_key(p, s, key);
        break;
    case PANE_HISTORY:
        r = pane_hist_key(p, s, key);
        break;
    }
    if (r & UI_CANCEL) {
        if (p->tab == PANE_COMPOSE) {
            if (p->x == NULL)
                screen_pop(s);
        } else if (p->tab == PANE_HISTORY && p->back_tab == PANE_RESPONSE &&
                   p->rv.have) {
            p->tab = PANE_RESPONSE;
        } else {
            p->tab = PANE_COMPOSE;
        }
    }
    return r;
}

static bool
pane_tick(struct view *v, struct screen *s)
{
    struct pane *p = (struct pane *)v;
    bool redraw = false;
    if (p->x != NULL) {
        if (atomic_load(&p->done))
            pane_received(p, s);
        redraw = true;
    }
    if (p->rv.searching) {
        if (pane_search_poll(&p->rv) && p->rv.match == SIZE_MAX)
            screen_msg(s, MSG_INFO, "Not found: %s", p->rv.needle);
        redraw = true;
    }
    return redraw;
}

static bool
pane_busy(const struct view *v)
{
    const struct pane *p = (const struct pane *)v;
    return p->x != NULL || p->rv.searching;
}

static void
pane_free(struct view *v)
{
    struct pane *p = (struct pane *)v;
    if (p->x != NULL) {
        atomic_store(&p->cancel, true);
        if (!p->worker_failed)
            pthread_join(p->worker, NULL);
        exchange_free(p->x);
        http_response_free(&p->wresp);
        jsonfmt_index_free(p->widx);
    }
    integration_free(p->send_ig);
    pane_sent_clear(&p->sent);
    pane_compose_free(p);
    pane_rv_free(&p->rv);
    pane_hist_free(&p->hist);
    dialog_close(&p->dlg);
    field_free(&p->dlg.input);
    store_list_free(p->igs, p->nig);
    free(p->ig_labels);
    free(p);
}

static const struct view_ops pane_ops = {
    .draw = pane_draw,
    .key = pane_key,
    .tick = pane_tick,
    .resume = NULL,
    .busy = pane_busy,
    .free = pane_free,
};

/* The integrations to pick from, and where the picker starts. */
static bool
pane_load_integrations(struct pane *p, const char *name)
{
    struct err e = {0};
    if (store_list(p->st, &p->igs, &p->nig, &e) != TS_OK) {
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
    if (!pane_load_integrations(p, integration)) {
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
