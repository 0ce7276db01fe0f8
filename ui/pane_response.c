/* pane_response.c — the response tab: how a body is shown (text or a hex
 * dump), and the keys: scrolling, search (pane_search.c), the filter
 * (pane_rv.c), save and copy.
 * The document is in pane_rv.c, drawing in pane_view.c. Echoed secrets
 * are masked in what is copied too, unless revealed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pane_int.h"
#include "text.h"

/* How many bytes of a body are looked at to decide whether it is binary,
 * the largest body copied to the clipboard, the sideways scroll step. */
#define RV_SNIFF (64 * 1024)
#define RV_COPY_MAX (1024 * 1024)
#define RV_HSTEP 8

void
pane_rv_index(const struct http_response *r, struct jsonfmt_index **idx,
              bool *binary)
{
    struct err e = {0};
    *idx = NULL;
    *binary = false;
    if (r->failure != HTTP_OK || r->body_len == 0)
        return;
    size_t head = r->body_len < RV_SNIFF ? r->body_len : RV_SNIFF;
    *binary =
        http_body_is_binary(r->content_type, r->body, head, r->body_len > head);
    if (*binary)
        return;
    unsigned flags = jsonfmt_looks_like(r->content_type, r->body, r->body_len)
                         ? 0
                         : JSONFMT_RAW;
    if (jsonfmt_index_build(r->body, r->body_len, flags, idx, &e) != TS_OK)
        *idx = NULL;
}

static void
rv_prompt_done(struct pane *p, struct screen *s)
{
    struct pane_rv *rv = &p->rv;
    char *text = field_get(&rv->prompt);
    rv->prompting = false;
    if (text == NULL || text[0] == '\0') {
        free(text);
        return;
    }
    pane_rv_search_forget(rv);
    free(rv->needle);
    rv->needle = text;
    rv->nlen = strlen(text);
    rv->icase = true;
    for (const char *c = text; *c; c++) {
        if (*c >= 'A' && *c <= 'Z')
            rv->icase = false; /* smart case */
    }
    rv->match = SIZE_MAX;
    pane_search_start(rv, rv->top[rv->doc], false);
    (void)s;
}

void
pane_rv_save(struct pane *p, struct screen *s, const char *path, bool overwrite)
{
    const struct http_response *r = &p->rv.resp;
    if (!overwrite && access(path, F_OK) == 0) {
        snprintf(p->save_path, sizeof p->save_path, "%s", path);
        p->ask = ASK_OVERWRITE;
        dialog_confirm(&p->dlg, ASK_OVERWRITE, "Replace the file?", "Replace",
                       "%s exists. Replace it with the body?", path);
        return;
    }
    FILE *f = fopen(path, "wb");
    bool ok = f != NULL &&
              fwrite(r->body ? r->body : "", 1, r->body_len, f) == r->body_len;
    if (f != NULL && fclose(f) != 0)
        ok = false;
    if (ok)
        screen_msg(s, MSG_OK, "Saved %zu bytes to %s.", r->body_len, path);
    else
        screen_msg(s, MSG_ERROR, "Cannot save to %s: %s.", path,
                   strerror(errno));
}

/* text to the clipboard, with the secrets rv masks as REDACT_MARK unless
 * they are revealed; false without memory. */
static bool
rv_copy_masked(const struct pane_rv *rv, struct screen *s, const char *text,
               size_t len)
{
    if (rv->reveal || redact_secrets_count(rv->secrets) == 0) {
        screen_copy(s, text);
        return true;
    }
    char *m = redact_replace(rv->secrets, text, len, NULL, NULL);
    if (m == NULL)
        return false;
    screen_copy(s, m);
    free(m);
    return true;
}

/* Copy the request last sent as a curl command, secrets as variables (any
 * other spelling of one masked). */
static void
rv_copy_curl(struct pane *p, struct screen *s)
{
    struct integration *ig = NULL;
    struct err e = {0};
    char *cmd = NULL;
    const struct pane_sent *ps = &p->sent;
    if (ps->integration == NULL) {
        screen_msg(s, MSG_ERROR, "Nothing sent yet.");
        return;
    }
    struct kv_list headers = {0};
    struct http_request req = {
        .method = ps->method,
        .path = ps->path,
        .query = &ps->query,
        .headers = &headers,
        .body = ps->body,
        .body_len = ps->body_len,
        .parts = ps->parts,
        .nparts = ps->nparts,
        .timeout_ms = ps->timeout_ms,
        .no_redirects = ps->follow == PFW_NEVER,
        .follow_redirects = ps->follow == PFW_ALWAYS,
    };
    if (!kv_list_copy(&headers, &ps->headers) ||
        !exchange_add_default_type(&headers, ps->body, ps->body_len)) {
        screen_msg(s, MSG_ERROR, "Out of memory.");
    } else if (store_get(p->st, ps->integration, 0, &ig, &e) != TS_OK ||
               http_curl_command(ig, &req, &cmd, &e) != TS_OK) {
        screen_msg(s, MSG_ERROR, "%s", e.msg);
    } else if (!rv_copy_masked(&p->rv, s, cmd, strlen(cmd))) {
        screen_msg(s, MSG_ERROR, "Out of memory.");
    } else {
        screen_msg(s, MSG_OK,
                   "Copied the request as a curl command (secrets as "
                   "$VARIABLES) through OSC 52.");
    }
    free(cmd);
    kv_list_free(&headers);
    integration_free(ig);
}

static void
rv_copy_body(struct pane_rv *rv, struct screen *s)
{
    const struct http_response *r = &rv->resp;
    if (r->body_len == 0)
        screen_msg(s, MSG_ERROR, "The body is empty.");
    else if (rv->binary)
        screen_msg(s, MSG_ERROR,
                   "A binary body cannot go to the clipboard: "
                   "save it with s.");
    else if (r->body_len > RV_COPY_MAX)
        screen_msg(s, MSG_ERROR,
                   "The body is too large for the clipboard (%zu bytes): "
                   "save it with s.",
                   r->body_len);
    else if (!rv_copy_masked(rv, s, r->body, r->body_len))
        screen_msg(s, MSG_ERROR, "Out of memory.");
}

static int
rv_scroll_key(struct pane_rv *rv, struct screen *s, int key)
{
    size_t *top = &rv->top[rv->doc];
    size_t page = rv->page > 1 ? (size_t)rv->page - 1 : 1;
    size_t last = pane_rv_last_top(rv, s->cols - 2);
    switch (key) {
    case UK_UP:
    case 'k':
        if (*top > 0)
            (*top)--;
        return UI_HANDLED;
    case UK_DOWN:
    case 'j':
        if (*top < last)
            (*top)++;
        return UI_HANDLED;
    case UK_PGUP:
        *top = *top > page ? *top - page : 0;
        return UI_HANDLED;
    case UK_PGDN:
    case ' ':
        *top = *top + page < last ? *top + page : last;
        return UI_HANDLED;
    case UK_HOME:
    case 'g':
        *top = 0;
        rv->left = 0;
        return UI_HANDLED;
    case UK_END:
    case 'G':
        *top = last;
        return UI_HANDLED;
    case UK_LEFT:
        rv->left = rv->left > RV_HSTEP ? rv->left - RV_HSTEP : 0;
        return UI_HANDLED;
    case UK_RIGHT:
        if (!rv->wrap)
            rv->left += RV_HSTEP;
        return UI_HANDLED;
    default:
        return UI_IGNORED;
    }
}

/* ---- keys: the context is the pane ------------------------------------ */

static bool
rv_have(const void *ctx)
{
    const struct pane *p = ctx;
    return p->rv.have;
}

static bool
rv_searching(const void *ctx)
{
    const struct pane *p = ctx;
    return worker_running(&p->rv.search);
}

static int
rv_act_back(void *ctx, struct screen *s, int key)
{
    (void)ctx;
    (void)s;
    (void)key;
    return UI_CANCEL;
}

static int
rv_act_send(void *ctx, struct screen *s, int key)
{
    (void)ctx;
    (void)s;
    (void)key;
    return PANE_SEND;
}

static int
rv_act_stop_search(void *ctx, struct screen *s, int key)
{
    struct pane *p = ctx;
    (void)s;
    (void)key;
    worker_cancel(&p->rv.search);
    return UI_HANDLED;
}

static int
rv_act_doc(void *ctx, struct screen *s, int key)
{
    struct pane_rv *rv = &((struct pane *)ctx)->rv;
    (void)s;
    (void)key;
    pane_rv_search_forget(rv);
    rv->doc = rv->doc == RV_BODY ? RV_HEADERS : RV_BODY;
    return UI_HANDLED;
}

static int
rv_act_wrap(void *ctx, struct screen *s, int key)
{
    struct pane_rv *rv = &((struct pane *)ctx)->rv;
    (void)s;
    (void)key;
    rv->wrap = !rv->wrap;
    rv->left = 0;
    return UI_HANDLED;
}

static int
rv_act_search(void *ctx, struct screen *s, int key)
{
    struct pane_rv *rv = &((struct pane *)ctx)->rv;
    (void)s;
    (void)key;
    rv->prompting = true;
    field_set(&rv->prompt, NULL);
    return UI_HANDLED;
}

static int
rv_act_filter(void *ctx, struct screen *s, int key)
{
    struct pane_rv *rv = &((struct pane *)ctx)->rv;
    (void)s;
    (void)key;
    rv->filtering = true;
    rv->doc = RV_BODY;
    field_set(&rv->fprompt, rv->filter);
    return UI_HANDLED;
}

static int
rv_act_next(void *ctx, struct screen *s, int key)
{
    struct pane_rv *rv = &((struct pane *)ctx)->rv;
    if (rv->needle == NULL) {
        screen_msg(s, MSG_INFO, "Search first with /.");
        return UI_HANDLED;
    }
    bool back = key == 'N';
    if (worker_running(&rv->search))
        return UI_HANDLED;
    if (pane_search_step(rv, back))
        pane_search_said(rv, s);
    else
        pane_search_start(rv, rv->top[rv->doc], back);
    return UI_HANDLED;
}

static int
rv_act_save(void *ctx, struct screen *s, int key)
{
    struct pane *p = ctx;
    struct pane_rv *rv = &p->rv;
    (void)s;
    (void)key;
    p->ask = ASK_SAVE;
    dialog_prompt(&p->dlg, ASK_SAVE, "Save the body",
                  "File to write the response body to (as received):",
                  rv->binary ? "response.bin"
                  : rv->body_idx && jsonfmt_index_is_json(rv->body_idx)
                      ? "response.json"
                      : "response.txt");
    return UI_HANDLED;
}

static int
rv_act_copy(void *ctx, struct screen *s, int key)
{
    (void)key;
    rv_copy_body(&((struct pane *)ctx)->rv, s);
    return UI_HANDLED;
}

static int
rv_act_copy_curl(void *ctx, struct screen *s, int key)
{
    (void)key;
    rv_copy_curl(ctx, s);
    return UI_HANDLED;
}

static int
rv_act_reveal(void *ctx, struct screen *s, int key)
{
    struct pane_rv *rv = &((struct pane *)ctx)->rv;
    (void)key;
    rv->reveal = !rv->reveal;
    if (redact_secrets_count(rv->secrets) > 0)
        screen_msg(s, MSG_INFO,
                   rv->reveal ? "Secrets are shown. R hides them."
                              : "Secrets are masked.");
    return UI_HANDLED;
}

static const struct ui_binding rv_bindings[] = {
    {{UK_ESC},
     "Esc",
     NULL,
     "Stop search",
     "while a search runs: stop it",
     KEYS_ALWAYS,
     rv_act_stop_search,
     rv_searching},
    {{'/'},
     "/",
     NULL,
     "Search",
     "search, then Enter (case-insensitive unless the text has a capital)",
     KEYS_HIGH,
     rv_act_search,
     rv_have},
    {{'f'},
     "f",
     NULL,
     "Filter",
     "show one value of a JSON body: a JSON Pointer (/items/0/id) or a "
     "path (.items[0].id); kept for the next responses, empty clears",
     KEYS_MID,
     rv_act_filter,
     rv_have},
    {{'n', 'N'},
     "n, N",
     "n/N",
     "Next",
     "the next / previous match",
     KEYS_MID,
     rv_act_next,
     rv_have},
    {{UK_TAB, UK_BTAB},
     "Tab",
     NULL,
     "Headers",
     "Body / Headers (the response's, and the request's as sent)",
     KEYS_HIGH,
     rv_act_doc,
     rv_have},
    {{'w'},
     "w",
     NULL,
     "Wrap",
     "wrap long lines on / off",
     KEYS_MID,
     rv_act_wrap,
     rv_have},
    {{'s'},
     "s",
     NULL,
     "Save",
     "save the body, as received, to a file",
     KEYS_MID,
     rv_act_save,
     rv_have},
    {{'c'},
     "c",
     NULL,
     "Copy",
     "copy the body to the local clipboard (OSC 52, works over SSH)",
     KEYS_LOW,
     rv_act_copy,
     rv_have},
    {{'C'},
     "C",
     NULL,
     "Copy curl",
     "copy the request as a curl command, secrets as $VARIABLES",
     KEYS_LOW,
     rv_act_copy_curl,
     rv_have},
    {{'R'},
     "R",
     NULL,
     NULL,
     "reveal or hide credentials echoed in the response (masked as ***)",
     KEYS_LOW,
     rv_act_reveal,
     rv_have},
    {{UK_CTRL('g'), UK_F5},
     "^G, F5",
     "^G",
     "Resend",
     "send the request in the composer again",
     KEYS_HIGH,
     rv_act_send,
     NULL},
    {{0}, "Up, Down, k, j", NULL, NULL, "scroll a line", 0, NULL, NULL},
    {{0}, "PgUp, PgDn, Space", NULL, NULL, "scroll a page", 0, NULL, NULL},
    {{0}, "Home, End, g, G", NULL, NULL, "the top, the end", 0, NULL, NULL},
    {{0},
     "Left, Right",
     NULL,
     NULL,
     "scroll sideways (wrap off)",
     0,
     NULL,
     NULL},
    {{UK_ESC, 'e'},
     "Esc, e",
     "Esc",
     "Compose",
     "back to the composer",
     KEYS_ALWAYS,
     rv_act_back,
     NULL},
};

const struct keys_table pane_rv_keys = KEYS_TABLE("Response", rv_bindings);

static int
rv_act_prompt_done(void *ctx, struct screen *s, int key)
{
    (void)key;
    rv_prompt_done(ctx, s);
    return UI_HANDLED;
}

static int
rv_act_prompt_cancel(void *ctx, struct screen *s, int key)
{
    (void)s;
    (void)key;
    ((struct pane *)ctx)->rv.prompting = false;
    return UI_HANDLED;
}

static const struct ui_binding rv_prompt_bindings[] = {
    {{UK_ENTER},
     "Enter",
     NULL,
     "Search",
     "search for the text typed",
     KEYS_HIGH,
     rv_act_prompt_done,
     NULL},
    {{UK_ESC},
     "Esc",
     NULL,
     "Cancel",
     "close the search line",
     KEYS_ALWAYS,
     rv_act_prompt_cancel,
     NULL},
};

const struct keys_table pane_rv_prompt_keys =
    KEYS_TABLE("While typing a search (after /)", rv_prompt_bindings);

static int
rv_act_filter_done(void *ctx, struct screen *s, int key)
{
    struct pane_rv *rv = &((struct pane *)ctx)->rv;
    (void)key;
    char *text = field_get(&rv->fprompt);
    rv->filtering = false;
    pane_rv_filter(rv, text);
    free(text);
    if (rv->filter_err[0] != '\0')
        screen_msg(s, MSG_ERROR, "Filter: %s.", rv->filter_err);
    return UI_HANDLED;
}

static int
rv_act_filter_cancel(void *ctx, struct screen *s, int key)
{
    (void)s;
    (void)key;
    ((struct pane *)ctx)->rv.filtering = false;
    return UI_HANDLED;
}

static const struct ui_binding rv_filter_bindings[] = {
    {{UK_ENTER},
     "Enter",
     NULL,
     "Filter",
     "apply the filter typed (empty: the whole body)",
     KEYS_HIGH,
     rv_act_filter_done,
     NULL},
    {{UK_ESC},
     "Esc",
     NULL,
     "Cancel",
     "close the filter line, the filter as it was",
     KEYS_ALWAYS,
     rv_act_filter_cancel,
     NULL},
};

const struct keys_table pane_rv_filter_keys =
    KEYS_TABLE("While typing a filter (after f)", rv_filter_bindings);

/* The key table in force: a prompt's while one is open. */
static const struct keys_table *
rv_table(const struct pane_rv *rv)
{
    return rv->prompting   ? &pane_rv_prompt_keys
           : rv->filtering ? &pane_rv_filter_keys
                           : &pane_rv_keys;
}

static int
pane_rv_key(struct pane *p, struct screen *s, int key)
{
    struct pane_rv *rv = &p->rv;
    const struct keys_table *t = rv_table(rv);
    int r = keys_dispatch(&t, 1, p, s, key);
    if (r != UI_IGNORED)
        return r;
    if (rv->prompting)
        field_key(&rv->prompt, s, key);
    else if (rv->filtering)
        field_key(&rv->fprompt, s, key);
    else if (rv->have)
        rv_scroll_key(rv, s, key);
    return UI_HANDLED;
}

static size_t
pane_rv_tables(const struct pane *p, const struct keys_table **t, size_t max)
{
    if (max < 1)
        return 0;
    t[0] = rv_table(&p->rv);
    return 1;
}

static bool
pane_rv_typing(const struct pane *p)
{
    return p->rv.prompting || p->rv.filtering;
}

const struct pane_tab_ops pane_tab_response = {
    .draw = pane_rv_draw,
    .key = pane_rv_key,
    .tables = pane_rv_tables,
    .typing = pane_rv_typing,
};
