/* pane_history.c — the request pane's history list: every request sent
 * (newest first, secrets already redacted by the engine), filtered to the
 * picked integration or not; Enter recalls one into the composer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "history.h"
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
    char when[32], status[48], buf[1024];
    time_t t = (time_t)(h->at / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    if (h->status != 0)
        snprintf(status, sizeof status, "%ld", h->status);
    else
        snprintf(status, sizeof status, "%s", h->error ? h->error : "-");
    snprintf(buf, sizeof buf, "%s  %-16.16s %-7s %-8.8s %s", when,
             h->integration ? h->integration : "", h->method ? h->method : "",
             status, h->url ? h->url : "");
    attr_t a = theme_attr(selected ? TC_SELECTED : TC_NORMAL);
    screen_fill(y, 1, COLS - 2, a);
    screen_text(y, 2, COLS - 4, a, buf);
}

static const struct keybar_item hist_keys[] = {
    {"Enter", "Recall"}, {"f", "Filter"}, {"r", "Reload"},
    {"Esc", "Back"},
};

void
pane_hist_draw(struct pane *p, struct screen *s)
{
    struct pane_hist *h = &p->hist;
    const struct integration *ig = pane_integration(p);
    char buf[256];
    pane_draw_tabs(p, s);
    snprintf(buf, sizeof buf, "%zu request%s%s%s, newest first  (f: %s)",
             h->n, h->n == 1 ? "" : "s",
             h->only_current && ig ? " through " : "",
             h->only_current && ig ? ig->name : "",
             h->only_current ? "show all" : "only the picked integration");
    screen_text(1, 1, s->cols - 2, theme_attr(TC_DIM), buf);
    screen_text(2, 2, s->cols - 4, theme_attr(TC_LABEL),
                "When                 Integration      Method  Status   URL");
    if (h->n == 0)
        screen_text(4, 2, s->cols - 4, theme_attr(TC_DIM),
                    "No request sent yet.");
    list_draw(&h->list, 3, s->rows - 5, hist_row, p);
    keybar_draw(s, hist_keys, sizeof hist_keys / sizeof hist_keys[0]);
}

static int
hist_hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A new string: s[0..len) with %XX decoded. */
static char *
hist_unescape(const char *s, size_t len)
{
    char *out = malloc(len + 1), *o = out;
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < len && (hi = hist_hex(s[i + 1])) >= 0 &&
            (lo = hist_hex(s[i + 2])) >= 0) {
            *o++ = (char)(hi * 16 + lo);
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

/* True when a recalled header is one the engine adds by itself or one
 * that carried credentials (redacted in the history anyway). */
static bool
hist_skip_header(const struct integration *ig, const char *name,
                 const char *value)
{
    static const char *const engine[] = {
        "Host", "User-Agent", "Accept", "Content-Length", "Expect",
        "Authorization", "Proxy-Authorization", "Accept-Encoding"};
    for (size_t i = 0; i < sizeof engine / sizeof engine[0]; i++) {
        if (strcasecmp(name, engine[i]) == 0)
            return true;
    }
    if (ig != NULL && ig->auth == AUTH_API_KEY && ig->api_key.header &&
        strcasecmp(name, ig->api_key.header) == 0)
        return true;
    return strstr(value, HISTORY_REDACTED) != NULL;
}

static void
hist_recall_headers(struct pane *p, const struct integration *ig,
                    const char *text)
{
    kvrows_clear(&p->headers);
    for (const char *l = text; l != NULL && *l;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        const char *colon = memchr(l, ':', len);
        if (colon != NULL) {
            char *name = strndup(l, (size_t)(colon - l));
            const char *v = colon + 1;
            while (*v == ' ')
                v++;
            char *value = strndup(v, len - (size_t)(v - l));
            if (name && value && !hist_skip_header(ig, name, value))
                kvrows_add(&p->headers, name, value, true);
            free(name);
            free(value);
        }
        l = nl ? nl + 1 : NULL;
    }
}

static void
hist_recall_query(struct pane *p, const struct integration *ig,
                  const char *q)
{
    kvrows_clear(&p->query);
    while (q != NULL && *q) {
        const char *amp = strchr(q, '&');
        size_t len = amp ? (size_t)(amp - q) : strlen(q);
        const char *eq = memchr(q, '=', len);
        size_t klen = eq ? (size_t)(eq - q) : len;
        char *k = hist_unescape(q, klen);
        char *v = eq ? hist_unescape(eq + 1, len - klen - 1) : strdup("");
        bool auth_param = ig != NULL && ig->auth == AUTH_API_KEY &&
                          ig->api_key.placement == KEY_IN_QUERY && k &&
                          ig->api_key.header &&
                          strcmp(k, ig->api_key.header) == 0;
        if (k && v && k[0] && !auth_param &&
            strstr(v, HISTORY_REDACTED) == NULL)
            kvrows_add(&p->query, k, v, true);
        free(k);
        free(v);
        q = amp ? amp + 1 : NULL;
    }
}

/* Put entry h into the composer. */
static void
hist_recall(struct pane *p, struct screen *s, const struct history_entry *h)
{
    if (h->integration && !pane_pick_integration(p, h->integration))
        screen_msg(s, MSG_INFO,
                   "%s is gone: the request is recalled on %s.",
                   h->integration,
                   pane_integration(p) ? pane_integration(p)->name : "none");
    const struct integration *ig = pane_integration(p);
    for (size_t i = 0; i < pane_nmethods; i++) {
        if (h->method && strcmp(h->method, pane_methods[i]) == 0)
            p->method_drop.sel = p->method_drop.hover = i;
    }
    const char *url = h->url ? h->url : "";
    const char *qm = strchr(url, '?');
    size_t ulen = qm ? (size_t)(qm - url) : strlen(url);
    const char *path = url;
    size_t blen = ig && ig->base_url ? strlen(ig->base_url) : 0;
    if (blen > 0 && strncmp(url, ig->base_url, blen) == 0 && ulen >= blen) {
        path = url + blen;
    } else {
        const char *sch = strstr(url, "://");
        const char *slash = sch ? strchr(sch + 3, '/') : NULL;
        path = slash && slash < url + ulen ? slash : url + ulen;
    }
    char *ptext = strndup(path, (size_t)(url + ulen - path));
    field_set(&p->path, ptext && ptext[0] ? ptext : "/");
    p->path.cur = p->path.len;
    free(ptext);
    hist_recall_query(p, ig, qm ? qm + 1 : NULL);
    hist_recall_headers(p, ig, h->request_headers);
    bodyedit_set(&p->body, h->request_body ? h->request_body : "",
                 h->request_body ? h->request_body_len : 0);
    p->tab = PANE_COMPOSE;
    p->focus = PF_PATH;
    pane_compose_changed(p);
    screen_msg(s, MSG_OK, "Recalled %s %s.", h->method ? h->method : "",
               h->url ? h->url : "");
}

int
pane_hist_key(struct pane *p, struct screen *s, int key)
{
    struct pane_hist *h = &p->hist;
    if (list_key(&h->list, key) != UI_IGNORED)
        return UI_HANDLED;
    switch (key) {
    case UK_ESC:
        return UI_CANCEL;
    case UK_ENTER:
        if (h->n > 0)
            hist_recall(p, s, &h->v[h->list.sel]);
        return UI_HANDLED;
    case 'f':
        h->only_current = !h->only_current;
        h->list.sel = h->list.top = 0;
        pane_hist_load(p, s);
        return UI_HANDLED;
    case 'r':
        pane_hist_load(p, s);
        return UI_HANDLED;
    default:
        return UI_HANDLED;
    }
}
