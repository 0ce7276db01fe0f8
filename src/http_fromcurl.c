/* http_fromcurl.c — a parsed curl command (curlcmd.h) as a request through
 * an integration: its URL made relative, its credentials dropped. */
#define _GNU_SOURCE /* strcasestr */
#include "curlcmd.h"
#include "http_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void
curlcmd_request_free(struct curlcmd_request *r)
{
    free(r->method);
    free(r->path);
    kv_list_free(&r->headers);
    kv_list_free(&r->query);
    if (r->body != NULL)
        sodium_memzero(r->body, r->body_len);
    free(r->body);
    http_parts_free(r->parts, r->nparts);
    free(r->notes);
    *r = (struct curlcmd_request){0};
}

static bool
note(struct curlcmd_request *r, const char *fmt, const char *a, const char *b)
{
    char line[512];
    snprintf(line, sizeof line, fmt, a, b);
    size_t old = r->notes ? strlen(r->notes) : 0;
    char *g = realloc(r->notes, old + strlen(line) + 2);
    if (g == NULL)
        return false;
    snprintf(g + old, strlen(line) + 2, "%s\n", line);
    r->notes = g;
    return true;
}

/* A name that says key, token, secret, auth, password or session. */
static bool
is_credential_name(const char *name)
{
    static const char *const words[] = {"key",  "token",    "secret",
                                        "auth", "password", "session"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcasestr(name, words[i]) != NULL)
            return true;
    return false;
}

/* A query string ("a=1&b=x+y") onto a list, each name and value decoded
 * ('+' is a space). */
static bool
split_query(const char *q, size_t len, struct kv_list *out)
{
    const char *end = q + len;
    bool ok = true;
    while (ok && q < end) {
        const char *amp = memchr(q, '&', (size_t)(end - q));
        const char *stop = amp ? amp : end;
        const char *eq = memchr(q, '=', (size_t)(stop - q));
        if (stop > q) {
            char *k = strndup(q, (size_t)((eq ? eq : stop) - q));
            char *v =
                eq ? strndup(eq + 1, (size_t)(stop - eq - 1)) : strdup("");
            for (char *p = k; p && *p; p++)
                *p = *p == '+' ? ' ' : *p;
            for (char *p = v; p && *p; p++)
                *p = *p == '+' ? ' ' : *p;
            char *dk = k ? curl_easy_unescape(NULL, k, 0, NULL) : NULL;
            char *dv = v ? curl_easy_unescape(NULL, v, 0, NULL) : NULL;
            ok = dk && dv && kv_list_add(out, dk, dv);
            free(k);
            free(v);
            curl_free(dk);
            if (dv != NULL)
                sodium_memzero(dv, strlen(dv));
            curl_free(dv);
        }
        q = stop + 1;
    }
    return ok;
}

/* The URL's path relative to the base URL's path, and its query (with
 * -G's data) onto `query`. */
static tstatus
relative_path(const struct curlcmd *c, const struct integration *ig, char **out,
              struct kv_list *qlist, struct err *e)
{
    char mine[300], theirs[300];
    CURLU *u = curl_url(), *b = curl_url();
    char *path = NULL, *query = NULL, *bpath = NULL;
    tstatus st = TS_OK;
    if (u == NULL || b == NULL) {
        st = err_set(e, TS_NOMEM, NULL, "out of memory");
        goto done;
    }
    if (curl_url_set(u, CURLUPART_URL, c->url, CURLU_GUESS_SCHEME) !=
            CURLUE_OK ||
        curl_url_get(u, CURLUPART_URL, &path, 0) != CURLUE_OK ||
        !http_url_origin(path, theirs, sizeof theirs)) {
        st = err_set(e, TS_INVALID, "curl", "cannot read the URL %s", c->url);
        goto done;
    }
    curl_free(path);
    path = NULL;
    if (!http_url_origin(ig->base_url, mine, sizeof mine) ||
        strcmp(mine, theirs) != 0) {
        st = err_set(e, TS_INVALID, "curl",
                     "the command's URL %s is on %s, not on the host of "
                     "\"%s\" (%s): its credentials are not sent there; use "
                     "an integration for that host",
                     c->url, theirs, ig->name ? ig->name : "", ig->base_url);
        goto done;
    }
    curl_url_get(u, CURLUPART_PATH, &path, 0);
    curl_url_get(u, CURLUPART_QUERY, &query, 0);
    curl_url_set(b, CURLUPART_URL, ig->base_url, 0);
    curl_url_get(b, CURLUPART_PATH, &bpath, 0);
    const char *p = path ? path : "/";
    size_t bl = bpath ? strlen(bpath) : 0;
    while (bl > 0 && bpath[bl - 1] == '/')
        bl--;
    if (bl > 0 &&
        (strncmp(p, bpath, bl) != 0 || (p[bl] != '\0' && p[bl] != '/'))) {
        st = err_set(e, TS_INVALID, "curl",
                     "the command's URL %s is outside the base URL %s of "
                     "\"%s\"",
                     c->url, ig->base_url, ig->name ? ig->name : "");
        goto done;
    }
    p += bl;
    struct http_buf r = {0};
    bool ok = http_buf_str(&r, p[0] == '/' ? "" : "/") && http_buf_str(&r, p);
    if (ok && query != NULL)
        ok = split_query(query, strlen(query), qlist);
    if (ok && c->get && c->body != NULL)
        ok = split_query(c->body, c->body_len, qlist);
    if (!ok) {
        http_buf_free(&r);
        st = err_set(e, TS_NOMEM, NULL, "out of memory");
    } else
        *out = r.data;
done:
    curl_free(path);
    curl_free(query);
    curl_free(bpath);
    curl_url_cleanup(u);
    curl_url_cleanup(b);
    return st;
}

tstatus
curlcmd_to_request(struct curlcmd *c, const struct integration *ig,
                   struct curlcmd_request *out, struct err *e)
{
    *out = (struct curlcmd_request){0};
    tstatus st = relative_path(c, ig, &out->path, &out->query, e);
    if (st != TS_OK)
        return st;
    bool ok = (out->method = strdup(c->method)) != NULL;
    const char *who = ig->auth == AUTH_NONE
                          ? "set up the integration's auth instead (tether "
                            "edit NAME --auth ...)"
                          : "the integration sends its own";
    /* The API key in the query: dropped too. */
    if (ok && ig->auth == AUTH_API_KEY &&
        ig->api_key.placement == KEY_IN_QUERY && ig->api_key.header) {
        struct kv_list kept = {0};
        bool dropped = false;
        for (size_t i = 0; ok && i < out->query.n; i++) {
            if (strcmp(out->query.items[i].key, ig->api_key.header) == 0)
                dropped = true;
            else
                ok = kv_list_add(&kept, out->query.items[i].key,
                                 out->query.items[i].value);
        }
        kv_list_free(&out->query);
        out->query = kept;
        if (ok && dropped)
            ok = note(out, "dropped the query parameter %s: %s",
                      ig->api_key.header, who);
    }
    /* Names that look like credentials: dropped when the integration has
     * credentials of its own, else sent as given and said. */
    bool own = ig->auth != AUTH_NONE;
    struct kv_list kept = {0};
    for (size_t i = 0; ok && i < out->query.n; i++) {
        const struct kv *q = &out->query.items[i];
        bool cred = is_credential_name(q->key);
        if (cred)
            ok = note(out,
                      own ? "dropped the query parameter %s (credentials): %s"
                          : "the query parameter %s looks like a credential: "
                            "sent as given, and kept in the history; %s",
                      q->key, who);
        if (ok && (!cred || !own))
            ok = kv_list_add(&kept, q->key, q->value);
    }
    kv_list_free(&out->query);
    out->query = kept;
    for (size_t i = 0; ok && i < c->headers.n; i++) {
        const struct kv *h = &c->headers.items[i];
        bool always = http_auth_is_secret_header(ig, h->key, strlen(h->key));
        bool cred = always || is_credential_name(h->key);
        if (cred && (always || own))
            ok = note(out, "dropped the header %s (credentials): %s", h->key,
                      who);
        else if (cred)
            ok = note(out,
                      "the header %s looks like a credential: sent as given, "
                      "and kept in the history; %s",
                      h->key, who) &&
                 kv_list_add(&out->headers, h->key, h->value);
        else
            ok = kv_list_add(&out->headers, h->key, h->value);
    }
    if (ok && c->unexpanded != NULL)
        ok = note(out,
                  "dropped the header(s) %s: their values are shell "
                  "variables, which tether does not expand; %s",
                  c->unexpanded, who);
    if (ok && c->user != NULL)
        ok = note(out, "dropped -u (a user and password): %s%s", who,
                  ig->auth == AUTH_NONE ||
                          ig->auth == (c->digest ? AUTH_DIGEST : AUTH_BASIC)
                      ? ""
                  : c->digest ? " (this integration does not use Digest auth)"
                              : " (this integration does not use Basic auth)");
    if (ok && c->insecure)
        ok = note(out,
                  "ignored -k: TLS verification is the integration's "
                  "setting (tether edit NAME --insecure)%s%s",
                  "", "");
    if (ok && c->skipped != NULL)
        ok = note(out, "skipped %s (no effect on the request)%s", c->skipped,
                  "");
    if (!ok)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    if (!c->get) {
        out->body = c->body;
        out->body_len = c->body_len;
        c->body = NULL;
        c->body_len = 0;
    }
    out->parts = c->parts;
    out->nparts = c->nparts;
    c->parts = NULL;
    c->nparts = 0;
    out->req = (struct http_request){
        .method = out->method,
        .path = out->path,
        .query = &out->query,
        .headers = &out->headers,
        .body = out->body,
        .body_len = out->body_len,
        .parts = out->parts,
        .nparts = out->nparts,
        .timeout_ms = c->timeout_ms,
        .connect_timeout_ms = c->connect_timeout_ms,
        .follow_redirects = c->follow,
    };
    return TS_OK;
}
