/* pane_compose.c — the request pane's composer: integration, method, path
 * with the full URL previewed, timeout, query parameters, headers and the
 * body (validated as JSON as it is typed, or edited in $EDITOR). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "curlcmd.h"
#include "history_request.h"
#include "pane_int.h"
#include "proc.h"

const char *const pane_methods[] = {"GET",    "POST", "PUT",    "PATCH",
                                    "DELETE", "HEAD", "OPTIONS"};
const size_t pane_nmethods = sizeof pane_methods / sizeof pane_methods[0];

/* The composer's rows on screen, worked out by pane_compose_layout(). */
struct pane_layout {
    int query_y, query_h;
    int head_y, head_h;
    int body_y, body_h;
};

void
pane_compose_init(struct pane *p)
{
    p->method_drop.labels = pane_methods;
    p->method_drop.n = pane_nmethods;
    field_init(&p->path, false);
    field_init(&p->timeout, false);
    p->path.placeholder = "/path relative to the base URL";
    p->timeout.max = 8;
    p->timeout.placeholder = "auto";
    kvrows_init(&p->query, "query parameter");
    kvrows_init(&p->headers, "header");
    kvrows_init(&p->form, "form field");
    bodyedit_init(&p->body);
    p->focus = PF_PATH;
}

void
pane_compose_free(struct pane *p)
{
    field_free(&p->path);
    field_free(&p->timeout);
    kvrows_free(&p->query);
    kvrows_free(&p->headers);
    kvrows_free(&p->form);
    bodyedit_free(&p->body);
}

bool
pane_compose_form_body(const struct pane *p, char **body, size_t *len,
                       struct http_part **parts, size_t *nparts, struct err *e)
{
    struct kv_list rows = {0};
    *body = NULL;
    *len = 0;
    *parts = NULL;
    *nparts = 0;
    if (!kvrows_collect(&p->form, &rows)) {
        err_set(e, TS_NOMEM, NULL, "out of memory");
        return false;
    }
    bool ok = true;
    if (p->body_mode == PB_FORM) {
        ok = (*body = http_form_encode(&rows)) != NULL;
        if (ok)
            *len = strlen(*body);
        else
            err_set(e, TS_NOMEM, NULL, "out of memory");
    } else if (rows.n > 0) {
        struct http_part *v = calloc(rows.n, sizeof *v);
        ok = v != NULL;
        if (!ok)
            err_set(e, TS_NOMEM, NULL, "out of memory");
        size_t n = 0;
        for (; ok && n < rows.n; n++) {
            char *arg = NULL;
            size_t kl = strlen(rows.items[n].key),
                   vl = strlen(rows.items[n].value);
            ok = (arg = malloc(kl + vl + 2)) != NULL;
            if (!ok) {
                err_set(e, TS_NOMEM, NULL, "out of memory");
                break;
            }
            snprintf(arg, kl + vl + 2, "%s=%s", rows.items[n].key,
                     rows.items[n].value);
            ok = curlcmd_form_part(arg, &v[n], e) == TS_OK;
            free(arg);
            if (!ok)
                break;
        }
        ok = ok && http_parts_check(v, n, e) == TS_OK;
        if (ok) {
            *parts = v;
            *nparts = n;
        } else {
            http_parts_free(v, rows.n);
        }
    }
    kv_list_free(&rows);
    return ok;
}

/* The value of the first Content-Type row that is on, or NULL (caller
 * frees). */
static char *
pane_content_type(const struct pane *p)
{
    for (size_t i = 0; i < p->headers.n; i++) {
        const struct kvrow *r = &p->headers.rows[i];
        if (!r->on)
            continue;
        char *name = field_get(&r->key);
        bool ct = name != NULL && strcasecmp(name, "Content-Type") == 0;
        free(name);
        if (ct)
            return field_get(&r->value);
    }
    return NULL;
}

bool
pane_compose_body_is_json(const struct pane *p)
{
    if (p->body_mode != PB_RAW)
        return false;
    char *ct = pane_content_type(p);
    bool json = ct != NULL
                    ? jsonfmt_is_json_type(ct)
                    : strcmp(exchange_default_type(p->body.text, p->body.len),
                             "application/json") == 0;
    free(ct);
    return json;
}

void
pane_compose_changed(struct pane *p)
{
    const struct integration *ig = pane_integration(p);
    bodyedit_check(&p->body, pane_compose_body_is_json(p));
    p->url[0] = p->url_err[0] = '\0';
    if (ig == NULL)
        return;
    struct kv_list q = {0};
    char *path = field_get(&p->path), *url = NULL;
    struct err e = {0};
    if (path != NULL && kvrows_collect(&p->query, &q)) {
        struct http_request req = {.path = path, .query = &q};
        if (http_build_url(ig, &req, &url, &e) == TS_OK)
            snprintf(p->url, sizeof p->url, "%s", url);
        else
            snprintf(p->url_err, sizeof p->url_err, "%s", e.msg);
    }
    free(url);
    free(path);
    kv_list_free(&q);
}

void
pane_compose_auth_text(const struct integration *ig, char *buf, size_t len)
{
    switch (ig->auth) {
    case AUTH_NONE:
        snprintf(buf, len, "Auth: none");
        break;
    case AUTH_API_KEY:
        if (ig->api_key.placement == KEY_IN_QUERY)
            snprintf(buf, len, "Auth: API key in query parameter %s",
                     ig->api_key.header ? ig->api_key.header : "?");
        else
            snprintf(buf, len, "Auth: API key in header %s%s%s%s",
                     ig->api_key.header ? ig->api_key.header : "?",
                     ig->api_key.prefix ? " (" : "",
                     ig->api_key.prefix ? ig->api_key.prefix : "",
                     ig->api_key.prefix ? " …)" : "");
        break;
    case AUTH_BASIC:
        snprintf(buf, len, "Auth: Basic as %s (Authorization header)",
                 ig->basic.username ? ig->basic.username : "?");
        break;
    case AUTH_DIGEST:
        snprintf(buf, len, "Auth: Digest as %s (after the server's challenge)",
                 ig->basic.username ? ig->basic.username : "?");
        break;
    case AUTH_OAUTH2: {
        const struct oauth_tokens *t = &ig->oauth.tokens;
        const char *state = t->needs_auth ? ", needs authorization"
                            : !secret_is_set(&t->access_token)
                                ? ", no token yet"
                                : "";
        snprintf(buf, len, "Auth: OAuth 2.0 bearer token (%s)%s",
                 oauth_grant_label(ig->oauth.grant), state);
        break;
    }
    }
}

static struct pane_layout
pane_compose_layout(const struct pane *p, const struct screen *s)
{
    struct pane_layout l;
    int avail = s->rows - 2 - 4 - 3; /* top rows, bottom rows, titles */
    l.query_h = p->query.n < 1 ? 1 : p->query.n > 3 ? 3 : (int)p->query.n;
    l.head_h = p->headers.n < 1 ? 1 : p->headers.n > 4 ? 4 : (int)p->headers.n;
    if (p->focus == PF_QUERY && p->query.n > 3)
        l.query_h = 5;
    if (p->focus == PF_HEADERS && p->headers.n > 4)
        l.head_h = 6;
    l.body_h = avail - l.query_h - l.head_h;
    if (l.body_h < 3) {
        l.body_h = 3;
        l.head_h = avail - l.query_h - l.body_h;
        if (l.head_h < 1) {
            l.head_h = 1;
            l.query_h = avail - l.head_h - l.body_h;
        }
    }
    l.query_y = 5;
    l.head_y = l.query_y + l.query_h + 1;
    l.body_y = l.head_y + l.head_h + 1;
    return l;
}

static void
pane_section(struct screen *s, int y, const char *title, bool focus,
             const char *note, enum theme_colour note_colour)
{
    int x =
        screen_text(y, 1, 30, theme_attr(focus ? TC_TITLE : TC_LABEL), title);
    if (note != NULL)
        screen_text(y, x + 3, s->cols - x - 4, theme_attr(note_colour), note);
}

static void
pane_compose_draw_body_title(struct pane *p, struct screen *s, int y)
{
    char note[256];
    enum theme_colour c = TC_DIM;
    const struct jsonfmt_error *je = &p->body.error;
    if (p->body_mode == PB_FORM) {
        pane_section(s, y, "Body: form", p->focus == PF_BODY,
                     "application/x-www-form-urlencoded from the rows (^B: "
                     "body kind)",
                     TC_DIM);
        return;
    }
    if (p->body_mode == PB_MULTIPART) {
        pane_section(s, y, "Body: multipart", p->focus == PF_BODY,
                     "multipart/form-data; a value @PATH uploads that file, "
                     ";type=T as curl -F (^B: body kind)",
                     TC_DIM);
        return;
    }
    switch (p->body.state) {
    case BODY_EMPTY:
        snprintf(note, sizeof note, "(empty: no body is sent)");
        break;
    case BODY_TEXT:
        snprintf(note, sizeof note, "%zu bytes, sent as is", p->body.len);
        break;
    case BODY_JSON_OK:
        snprintf(note, sizeof note, "%s valid JSON, %zu bytes",
                 theme_glyphs()->tick, p->body.len);
        c = TC_OK;
        break;
    case BODY_JSON_BAD:
        snprintf(note, sizeof note,
                 "%s invalid JSON at line %zu, column %zu: %s",
                 theme_glyphs()->cross, je->line, je->column, je->what);
        c = TC_ERROR;
        break;
    }
    pane_section(s, y, "Body", p->focus == PF_BODY, note, c);
}

static void
pane_compose_draw_top(struct pane *p, struct screen *s)
{
    const struct integration *ig = pane_integration(p);
    char auth[256] = "";
    screen_text(1, 1, 12, theme_attr(TC_LABEL), "Integration");
    if (ig == NULL) {
        screen_text(1, 14, s->cols - 15, theme_attr(TC_WARNING),
                    "No integration yet: add one first (tether add, or n "
                    "on the home screen).");
    } else {
        dropdown_draw(&p->ig_drop, 1, 14, 26, p->focus == PF_INTEGRATION);
        pane_compose_auth_text(ig, auth, sizeof auth);
        int x = screen_text(1, 42, s->cols - 43, theme_attr(TC_INFO), auth);
        if (ig->net.insecure)
            screen_text(1, 43 + x, s->cols - 44 - x, theme_attr(TC_WARNING),
                        "TLS verification OFF");
    }
    screen_text(2, 1, 12, theme_attr(TC_LABEL), "Method");
    dropdown_draw(&p->method_drop, 2, 14, 11, p->focus == PF_METHOD);
    screen_text(2, 26, 5, theme_attr(TC_LABEL), "Path");
    int tx = s->cols - 17;
    field_draw(&p->path, s, 2, 31, tx - 32, p->focus == PF_PATH);
    screen_text(2, tx, 8, theme_attr(TC_LABEL), "Timeout");
    field_draw(&p->timeout, s, 2, tx + 8, 6, p->focus == PF_TIMEOUT);
    screen_text(2, tx + 15, 1, theme_attr(TC_DIM), "s");
    screen_text(3, 1, 12, theme_attr(TC_LABEL), "URL");
    static const char *const follow_note[PFW_MODES] = {
        "", "redirects: always followed (^F)", "redirects: not followed (^F)"};
    int nw = p->follow != PFW_DEFAULT ? (int)strlen(follow_note[p->follow]) : 0;
    int uw = s->cols - 15 - (nw ? nw + 2 : 0);
    if (p->url_err[0] != '\0')
        screen_text(3, 14, uw, theme_attr(TC_ERROR), p->url_err);
    else
        screen_text(3, 14, uw, theme_attr(TC_DIM), p->url);
    if (nw > 0 && uw > 10)
        screen_text(3, s->cols - 1 - nw, nw, theme_attr(TC_WARNING),
                    follow_note[p->follow]);
}

static void
pane_compose_draw(struct pane *p, struct screen *s)
{
    pane_draw_tabs(p, s);
    pane_compose_draw_top(p, s);
    struct pane_layout l = pane_compose_layout(p, s);
    int w = s->cols - 2;
    pane_section(s, l.query_y - 1, "Query parameters", p->focus == PF_QUERY,
                 NULL, TC_DIM);
    kvrows_draw(&p->query, s, l.query_y, 1, w, l.query_h, p->focus == PF_QUERY);
    char ct[128] = "";
    if (p->body_mode == PB_RAW && p->body.state != BODY_EMPTY &&
        !kvrows_has_key(&p->headers, "Content-Type"))
        snprintf(ct, sizeof ct, "+ Content-Type: %s (the default)",
                 exchange_default_type(p->body.text, p->body.len));
    pane_section(s, l.head_y - 1, "Headers", p->focus == PF_HEADERS,
                 ct[0] ? ct : NULL, TC_DIM);
    kvrows_draw(&p->headers, s, l.head_y, 1, w, l.head_h,
                p->focus == PF_HEADERS);
    pane_compose_draw_body_title(p, s, l.body_y - 1);
    if (p->body_mode == PB_RAW)
        bodyedit_draw(&p->body, s, l.body_y, 1, w, l.body_h,
                      p->focus == PF_BODY);
    else
        kvrows_draw(&p->form, s, l.body_y, 1, w, l.body_h, p->focus == PF_BODY);
    if (p->ig_drop.open)
        dropdown_draw_open(&p->ig_drop, s, 1, 14, 26);
    if (p->method_drop.open)
        dropdown_draw_open(&p->method_drop, s, 2, 14, 11);
}

/* Write the body to a private temporary file; its path in buf. */
static bool
pane_body_to_file(const struct pane *p, char *buf, size_t len)
{
    const char *dir = getenv("TMPDIR");
    snprintf(buf, len, "%s/tether-body-XXXXXX",
             dir != NULL && dir[0] != '\0' ? dir : "/tmp");
    int fd = mkstemp(buf); /* mode 0600 */
    if (fd < 0)
        return false;
    size_t done = 0;
    while (done < p->body.len) {
        ssize_t n = write(fd, p->body.text + done, p->body.len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            unlink(buf);
            return false;
        }
        done += (size_t)n;
    }
    return close(fd) == 0;
}

/* Run the editor on path and wait for it. Its argv is the words of
 * $EDITOR (else $VISUAL, else vi) and the file's path, nothing else; its
 * environment has no secret (proc.h). */
static bool
pane_run_editor(const char *path)
{
    const char *ed = getenv("EDITOR");
    if (ed == NULL || ed[0] == '\0')
        ed = getenv("VISUAL");
    if (ed == NULL || ed[0] == '\0')
        ed = "vi";
    char *words = strdup(ed);
    char *argv[16];
    int argc = 0;
    if (words == NULL)
        return false;
    for (char *t = strtok(words, " \t"); t && argc < 14;
         t = strtok(NULL, " \t"))
        argv[argc++] = t;
    argv[argc++] = (char *)path;
    argv[argc] = NULL;
    pid_t pid;
    bool ok = proc_spawn("the editor", argv, 0, &pid, NULL) == TS_OK &&
              proc_wait(pid) == 0;
    free(words);
    return ok;
}

static bool
pane_body_from_file(struct pane *p, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return false;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    bool ok = true;
    for (;;) {
        if (len + 4096 > cap) {
            char *nb = realloc(buf, cap = cap ? cap * 2 : 8192);
            if (nb == NULL) {
                ok = false;
                break;
            }
            buf = nb;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    ok = ok && !ferror(f);
    fclose(f);
    ok = ok && bodyedit_set(&p->body, buf ? buf : "", len);
    free(buf);
    return ok;
}

bool
pane_compose_edit_body(struct pane *p, struct screen *s)
{
    char path[1024];
    if (!pane_body_to_file(p, path, sizeof path)) {
        screen_msg(s, MSG_ERROR, "Cannot write a temporary file: %s.",
                   strerror(errno));
        return false;
    }
    def_prog_mode();
    endwin();
    bool ran = pane_run_editor(path);
    reset_prog_mode();
    fputs("\033[?2004h", stdout); /* bracketed paste again */
    fflush(stdout);
    clearok(curscr, TRUE);
    refresh();
    bool ok = ran && pane_body_from_file(p, path);
    unlink(path);
    if (!ran)
        screen_msg(s, MSG_ERROR, "The editor failed; the body is unchanged.");
    else if (!ok)
        screen_msg(s, MSG_ERROR, "Cannot read the edited body back.");
    pane_compose_changed(p);
    return ok;
}

/* Keys for the focused widget. */
static int
pane_compose_widget_key(struct pane *p, struct screen *s, int key)
{
    switch (p->focus) {
    case PF_INTEGRATION: {
        /* Opening the list reads it afresh: another process may have
         * changed the integrations meanwhile. */
        int changed = 0;
        if (!p->ig_drop.open && (key == UK_ENTER || key == ' ') &&
            pane_reload_integrations(p, s))
            changed = UI_CHANGED;
        if (p->nig == 0)
            return changed ? changed | UI_HANDLED : UI_IGNORED;
        return dropdown_key(&p->ig_drop, key) | changed;
    }
    case PF_METHOD:
        return dropdown_key(&p->method_drop, key);
    case PF_PATH:
    case PF_TIMEOUT:
        if (key == UK_ENTER)
            return PANE_SEND;
        if (key == UK_UP)
            return UI_PREV;
        if (key == UK_DOWN)
            return UI_NEXT;
        if (p->focus == PF_TIMEOUT && key >= 0x20 && key < UK_FN &&
            !(key >= '0' && key <= '9') && key != '.')
            return UI_HANDLED;
        return field_key(p->focus == PF_PATH ? &p->path : &p->timeout, s, key);
    case PF_QUERY:
        return kvrows_key(&p->query, s, key);
    case PF_HEADERS:
        return kvrows_key(&p->headers, s, key);
    case PF_BODY:
        if (p->body_mode != PB_RAW)
            return kvrows_key(&p->form, s, key);
        if (key == UK_TAB)
            return UI_NEXT;
        if (key == UK_BTAB)
            return UI_PREV;
        return bodyedit_key(&p->body, s, key);
    }
    return UI_IGNORED;
}

/* ---- recalling a request from the history ---------------------------- */

static void
recall_rows(struct kvrows *rows, const struct kv_list *l)
{
    kvrows_clear(rows);
    for (size_t i = 0; i < l->n; i++)
        kvrows_add(rows, l->items[i].key, l->items[i].value, true);
}

void
pane_compose_recall(struct pane *p, struct screen *s,
                    const struct history_entry *h)
{
    if (h->integration && !pane_pick_integration(p, h->integration))
        screen_msg(s, MSG_INFO, "%s is gone: the request is recalled on %s.",
                   h->integration,
                   pane_integration(p) ? pane_integration(p)->name : "none");
    struct history_request r;
    struct err e = {0};
    if (history_request_from(h, pane_integration(p), &r, &e) != TS_OK) {
        screen_msg(s, MSG_ERROR, "%s", e.msg);
        return;
    }
    for (size_t i = 0; i < pane_nmethods; i++) {
        if (strcmp(r.method, pane_methods[i]) == 0)
            p->method_drop.sel = p->method_drop.hover = i;
    }
    field_set(&p->path, r.path);
    p->path.cur = p->path.len;
    recall_rows(&p->query, &r.query);
    recall_rows(&p->headers, &r.headers);
    bodyedit_set(&p->body, r.body ? r.body : "", r.body ? r.body_len : 0);
    p->body_mode = PB_RAW;
    struct kv_list parts = {0};
    if (http_parts_from_summary(r.body, r.body_len, &parts)) {
        /* A multipart body: its rows again, and no Content-Type of the old
         * boundary (libcurl makes a new one). */
        p->body_mode = PB_MULTIPART;
        recall_rows(&p->form, &parts);
        bodyedit_set(&p->body, "", 0);
        for (size_t i = p->headers.n; i-- > 0;) {
            char *v = field_get(&p->headers.rows[i].value);
            if (v != NULL && strncasecmp(v, "multipart/form-data", 19) == 0)
                p->headers.rows[i].on = false;
            free(v);
        }
    }
    kv_list_free(&parts);
    history_request_clear(&r);
    p->tab = PANE_COMPOSE;
    p->focus = PF_PATH;
    pane_compose_changed(p);
    screen_msg(s, MSG_OK, "Recalled %s %s.", h->method ? h->method : "",
               h->url ? h->url : "");
}

void
pane_compose_open_saved(struct pane *p, struct screen *s,
                        const struct saved_request *r)
{
    for (size_t i = 0; i < pane_nmethods; i++) {
        if (strcmp(r->method, pane_methods[i]) == 0)
            p->method_drop.sel = p->method_drop.hover = i;
    }
    field_set(&p->path, r->path);
    p->path.cur = p->path.len;
    kvrows_clear(&p->query);
    kvrows_clear(&p->headers);
    const char *body = NULL;
    size_t body_len = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct saved_part *sp = &r->parts[i];
        if (sp->kind == SAVED_BODY) {
            body = sp->value;
            body_len = sp->len;
        } else {
            kvrows_add(sp->kind == SAVED_QUERY ? &p->query : &p->headers,
                       sp->key, sp->value, true);
        }
    }
    bodyedit_set(&p->body, body ? body : "", body_len);
    p->tab = PANE_COMPOSE;
    p->focus = PF_PATH;
    pane_compose_changed(p);
    screen_msg(s, MSG_OK, "Opened %s.", r->name ? r->name : "");
}

/* ---- keys: the context is the pane ------------------------------------ */

static bool
pane_compose_not_modal(const void *ctx)
{
    const struct pane *p = ctx;
    return !p->ig_drop.open && !p->method_drop.open;
}

/* While sending, Esc cancels the request (pane.c) instead. */
static bool
pane_compose_can_close(const void *ctx)
{
    return pane_compose_not_modal(ctx) && !pane_sending(ctx);
}

static int
pane_compose_act_send(void *ctx, struct screen *s, int key)
{
    (void)ctx;
    (void)s;
    (void)key;
    return PANE_SEND;
}

static int
pane_compose_act_editor(void *ctx, struct screen *s, int key)
{
    struct pane *p = ctx;
    (void)key;
    pane_compose_edit_body(p, s);
    p->focus = PF_BODY;
    return UI_HANDLED;
}

static const char *const pane_body_mode_names[PB_MODES] = {
    "raw text", "form (application/x-www-form-urlencoded)",
    "multipart/form-data"};

static int
pane_compose_act_body_mode(void *ctx, struct screen *s, int key)
{
    struct pane *p = ctx;
    (void)key;
    p->body_mode = (p->body_mode + 1) % PB_MODES;
    p->focus = PF_BODY;
    p->form.sel = 0;
    p->form.col = 0;
    screen_msg(s, MSG_INFO, "Body: %s.", pane_body_mode_names[p->body_mode]);
    return UI_CHANGED;
}

static int
pane_compose_act_follow(void *ctx, struct screen *s, int key)
{
    static const char *const what[PFW_MODES] = {
        "as the integration says", "always followed", "not followed"};
    struct pane *p = ctx;
    (void)key;
    p->follow = (p->follow + 1) % PFW_MODES;
    const struct integration *ig = pane_integration(p);
    screen_msg(s, MSG_INFO, "Redirects: %s%s.", what[p->follow],
               p->follow != PFW_DEFAULT || ig == NULL ? ""
               : ig->net.follow_redirects             ? " (followed)"
                                                      : " (not followed)");
    return UI_HANDLED;
}

/* ---- a pasted curl command -------------------------------------------- */

static void
pane_import_parts(struct pane *p, const struct curlcmd_request *r)
{
    kvrows_clear(&p->form);
    for (size_t i = 0; i < r->nparts; i++) {
        const struct http_part *pt = &r->parts[i];
        char v[2048];
        if (pt->file != NULL)
            snprintf(v, sizeof v, "@%s%s%s%s%s", pt->file,
                     pt->type ? ";type=" : "", pt->type ? pt->type : "",
                     pt->filename ? ";filename=" : "",
                     pt->filename ? pt->filename : "");
        else
            snprintf(v, sizeof v, "%s%s%s", pt->data ? pt->data : "",
                     pt->type ? ";type=" : "", pt->type ? pt->type : "");
        kvrows_add(&p->form, pt->name, v, true);
    }
}

/* Fill the composer from a curl command line (pasted into the path). */
static void
pane_import_curl(struct pane *p, struct screen *s, const char *line)
{
    const struct integration *ig = pane_integration(p);
    struct curlcmd c;
    struct curlcmd_request r = {0};
    struct err e = {0};
    if (ig == NULL) {
        screen_msg(s, MSG_ERROR, "Pick an integration first.");
        return;
    }
    if (curlcmd_parse(line, &c, &e) != TS_OK) {
        screen_msg(s, MSG_ERROR, "Curl command: %s", e.msg);
        return;
    }
    tstatus st = curlcmd_to_request(&c, ig, &r, &e);
    curlcmd_free(&c);
    size_t m = pane_nmethods;
    for (size_t i = 0; st == TS_OK && i < pane_nmethods; i++)
        if (strcmp(r.method, pane_methods[i]) == 0)
            m = i;
    if (st == TS_OK && m == pane_nmethods)
        st = err_set(&e, TS_INVALID, "curl",
                     "the method %s is not one the pane sends", r.method);
    if (st != TS_OK) {
        screen_msg(s, MSG_ERROR, "Curl command: %s", e.msg);
        curlcmd_request_free(&r);
        return;
    }
    p->method_drop.sel = p->method_drop.hover = m;
    field_set(&p->path, r.path);
    p->path.cur = p->path.len;
    recall_rows(&p->query, &r.query);
    recall_rows(&p->headers, &r.headers);
    p->body_mode = r.nparts > 0 ? PB_MULTIPART : PB_RAW;
    if (r.req.follow_redirects)
        p->follow = PFW_ALWAYS;
    pane_import_parts(p, &r);
    bodyedit_set(&p->body, r.body ? r.body : "", r.body ? r.body_len : 0);
    if (r.req.timeout_ms > 0) {
        char t[32];
        snprintf(t, sizeof t, "%.3g", (double)r.req.timeout_ms / 1000);
        field_set(&p->timeout, t);
    }
    pane_compose_changed(p);
    size_t notes = 0;
    for (const char *n = r.notes; n && (n = strchr(n, '\n')); n++)
        notes++;
    if (notes > 0) {
        const char *nl = strchr(r.notes, '\n');
        screen_msg(s, MSG_INFO, "Imported the curl command; %.*s%s",
                   (int)(nl - r.notes), r.notes,
                   notes > 1 ? " (and more: see tether request --from-curl)"
                             : ".");
    } else {
        screen_msg(s, MSG_OK, "Imported the curl command.");
    }
    curlcmd_request_free(&r);
}

/* A paste that starts with the word curl, in the path field. */
static bool
pane_is_curl_paste(const struct pane *p, const struct screen *s, int key)
{
    if (key != UK_PASTE || p->focus != PF_PATH || s->paste == NULL)
        return false;
    const char *t = s->paste;
    while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
        t++;
    return strncmp(t, "curl", 4) == 0 &&
           (t[4] == ' ' || t[4] == '\t' || t[4] == '\\' || t[4] == '\n');
}

static int
pane_compose_act_close(void *ctx, struct screen *s, int key)
{
    (void)ctx;
    (void)s;
    (void)key;
    return UI_CANCEL;
}

static const struct ui_binding pane_compose_bindings[] = {
    {{UK_CTRL('g'), UK_F5},
     "^G, F5",
     "Enter/^G",
     "Send",
     "send the request (Enter too, in Path or Timeout)",
     KEYS_HIGH,
     pane_compose_act_send,
     pane_compose_not_modal},
    {{0},
     "Tab, Shift-Tab",
     "Tab",
     "Next",
     "the next / previous field (Up and Down too; in the rows: the next "
     "cell)",
     KEYS_HIGH,
     NULL,
     NULL},
    {{UK_CTRL('o')},
     "^O",
     NULL,
     "Editor",
     "edit the body in $EDITOR (else $VISUAL, else vi), through a private "
     "0600 temporary file",
     KEYS_MID,
     pane_compose_act_editor,
     pane_compose_not_modal},
    {{UK_CTRL('b')},
     "^B",
     NULL,
     "Body kind",
     "switch the body between raw text, a form (urlencoded, from rows) and "
     "multipart/form-data (rows; a value @PATH uploads that file)",
     KEYS_MID,
     pane_compose_act_body_mode,
     pane_compose_not_modal},
    {{UK_CTRL('f')},
     "^F",
     NULL,
     "Redirects",
     "redirects for this request: as the integration says, always "
     "followed, or not followed (the 3xx is shown)",
     KEYS_LOW,
     pane_compose_act_follow,
     pane_compose_not_modal},
    {{0},
     "paste curl ...",
     NULL,
     NULL,
     "a curl command pasted into Path fills the composer: method, path "
     "relative to the integration, query, headers and body; credentials "
     "in it are dropped (the integration's own are sent)",
     KEYS_LOW,
     NULL,
     NULL},
    {{UK_ESC},
     "Esc",
     NULL,
     "Close",
     "close the pane (in an open drop-down: close the list)",
     KEYS_ALWAYS,
     pane_compose_act_close,
     pane_compose_can_close},
};

const struct keys_table pane_compose_keys =
    KEYS_TABLE("Composer", pane_compose_bindings);

static int
pane_compose_key(struct pane *p, struct screen *s, int key)
{
    const struct keys_table *t = &pane_compose_keys;
    int r = keys_dispatch(&t, 1, p, s, key);
    if (r != UI_IGNORED)
        return r;
    if (pane_is_curl_paste(p, s, key)) {
        pane_import_curl(p, s, s->paste);
        return UI_HANDLED | UI_CHANGED;
    }
    bool modal = p->ig_drop.open || p->method_drop.open;
    r = pane_compose_widget_key(p, s, key);
    if (r == UI_IGNORED && !modal) {
        if (key == UK_TAB || key == UK_DOWN)
            r = UI_NEXT;
        else if (key == UK_BTAB || key == UK_UP)
            r = UI_PREV;
    }
    if (r & UI_NEXT) {
        p->focus = (p->focus + 1) % PF_COUNT;
        if (p->focus == PF_QUERY || p->focus == PF_HEADERS) {
            struct kvrows *k = p->focus == PF_QUERY ? &p->query : &p->headers;
            k->sel = 0;
            k->col = 0;
        }
    } else if (r & UI_PREV) {
        p->focus = (p->focus + PF_COUNT - 1) % PF_COUNT;
        if (p->focus == PF_QUERY || p->focus == PF_HEADERS) {
            struct kvrows *k = p->focus == PF_QUERY ? &p->query : &p->headers;
            k->sel = k->n ? k->n - 1 : 0;
            k->col = 1;
        }
    }
    if (r & UI_CHANGED)
        pane_compose_changed(p);
    return r | UI_HANDLED;
}

static size_t
pane_compose_tables(const struct pane *p, const struct keys_table **t,
                    size_t max)
{
    (void)p;
    if (max < 2)
        return 0;
    t[0] = &pane_compose_keys;
    t[1] = &kvrows_keys;
    return 2;
}

static bool
pane_compose_typing(const struct pane *p)
{
    return p->focus != PF_INTEGRATION && p->focus != PF_METHOD;
}

const struct pane_tab_ops pane_tab_compose = {
    .draw = pane_compose_draw,
    .key = pane_compose_key,
    .tables = pane_compose_tables,
    .typing = pane_compose_typing,
};
