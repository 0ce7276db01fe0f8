/* http_url.c — joining paths onto base URLs, encoding, origins. */
#include "http_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool
http_url_origin(const char *url, char *buf, size_t len)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL;
    bool ok = false;
    if (u != NULL && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ==
            CURLUE_OK) {
        for (char *c = host; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        ok = (size_t)snprintf(buf, len, "%s://%s:%s", scheme, host, port) < len;
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    return ok;
}

bool
http_url_parts(const char *url, char *host, size_t hostlen, char *path,
               size_t pathlen)
{
    CURLU *u = curl_url();
    char *h = NULL, *port = NULL, *pa = NULL, *q = NULL;
    bool ok = false;
    if (hostlen > 0)
        host[0] = '\0';
    if (pathlen > 0)
        path[0] = '\0';
    if (u != NULL && url != NULL &&
        curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK) {
        if (curl_url_get(u, CURLUPART_PORT, &port, 0) != CURLUE_OK)
            port = NULL;
        if (curl_url_get(u, CURLUPART_PATH, &pa, 0) != CURLUE_OK)
            pa = NULL;
        if (curl_url_get(u, CURLUPART_QUERY, &q, 0) != CURLUE_OK)
            q = NULL;
        snprintf(host, hostlen, "%s%s%s", h, port ? ":" : "", port ? port : "");
        snprintf(path, pathlen, "%s%s%s", pa ? pa : "/", q ? "?" : "",
                 q ? q : "");
        ok = true;
    }
    curl_free(h);
    curl_free(port);
    curl_free(pa);
    curl_free(q);
    curl_url_cleanup(u);
    return ok;
}

static bool
is_unreserved(int c)
{
    return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

char *
http_url_escape(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = malloc(3 * n + 1), *o = out;
    if (out == NULL)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (is_unreserved(*p)) {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}

/* Path characters kept as they are: unreserved, sub-delims, ':', '@', '/'
 * and '%' (a path the user already encoded stays as it is). */
static bool
path_char_ok(int c)
{
    return is_unreserved(c) || (c != 0 && strchr("!$&'()*+,;=:@/%", c));
}

static bool
append_path(struct http_buf *b, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        char enc[4];
        if (path_char_ok(c)) {
            if (!http_buf_add(b, (const char *)&c, 1))
                return false;
        } else {
            snprintf(enc, sizeof enc, "%%%02X", c);
            if (!http_buf_add(b, enc, 3))
                return false;
        }
    }
    return true;
}

static bool
has_scheme(const char *p)
{
    return strncasecmp(p, "http://", 7) == 0 ||
           strncasecmp(p, "https://", 8) == 0;
}

static bool
append_query(struct http_buf *b, bool *first, const char *k, const char *v)
{
    char *ek = http_url_escape(k), *ev = http_url_escape(v ? v : "");
    bool ok = ek && ev && http_buf_str(b, *first ? "?" : "&") &&
              http_buf_str(b, ek) && http_buf_str(b, "=") &&
              http_buf_str(b, ev);
    *first = false;
    free(ek);
    free(ev);
    return ok;
}

bool
http_query_has(const struct kv_list *query, const char *name)
{
    for (size_t i = 0; query != NULL && i < query->n; i++) {
        if (strcmp(query->items[i].key, name) == 0)
            return true;
    }
    return false;
}

tstatus
http_build_url(const struct integration *ig, const struct http_request *req,
               char **out, struct err *e)
{
    const char *path = req->path ? req->path : "";
    if (ig->base_url == NULL || ig->base_url[0] == '\0')
        return err_set(e, TS_INVALID, "base_url",
                       "the integration has no base URL");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return err_set(e, TS_INVALID, "path",
                           "the path contains a control character");
    }
    if (strchr(path, '#') != NULL)
        return err_set(e, TS_INVALID, "path",
                       "the path contains a fragment ('#'): leave it out");

    struct http_buf b = {0};
    bool ok;
    if (has_scheme(path)) {
        char mine[300], theirs[300];
        if (!http_url_origin(path, theirs, sizeof theirs))
            return err_set(e, TS_INVALID, "path", "cannot parse the URL %s",
                           path);
        if (!http_url_origin(ig->base_url, mine, sizeof mine) ||
            (strcmp(mine, theirs) != 0 && !req->allow_other_host))
            return err_set(e, TS_INVALID, "path",
                           "%s is not on the integration's host (%s): "
                           "refusing to send its credentials there",
                           path, ig->base_url);
        ok = append_path(&b, path, strlen(path));
    } else {
        while (*path == '/')
            path++;
        ok = http_buf_str(&b, ig->base_url);
        /* The base URL is normalised without a trailing slash. */
        while (ok && b.len > 0 && b.data[b.len - 1] == '/')
            b.data[--b.len] = '\0';
        ok = ok && http_buf_str(&b, "/") && append_path(&b, path, strlen(path));
    }
    bool first = strchr(b.data ? b.data : "", '?') == NULL;
    for (size_t i = 0; ok && req->query && i < req->query->n; i++)
        ok = append_query(&b, &first, req->query->items[i].key,
                          req->query->items[i].value);
    /* The integration's plain query parameters, unless the request gives
     * one of the same name (secret ones are added per hop, in http.c). */
    for (size_t i = 0; ok && !req->no_auth && i < ig->extras.n; i++) {
        const struct extra *x = &ig->extras.items[i];
        if (x->kind != EXTRA_QUERY || x->is_secret ||
            http_query_has(req->query, x->name))
            continue;
        ok = append_query(&b, &first, x->name, extra_plain_value(ig, x));
    }
    if (!ok) {
        http_buf_free(&b);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    *out = b.data;
    return TS_OK;
}

char *
http_url_add_query(const char *url, const char *name, const char *value)
{
    struct http_buf b = {0};
    bool first = strchr(url, '?') == NULL;
    if (!http_buf_str(&b, url) || !append_query(&b, &first, name, value)) {
        http_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* Whether the query parameter at p (up to '&' or end) is called `name`,
 * after percent-decoding (and '+' as space). */
static bool
param_is(const char *p, size_t len, const char *name)
{
    const char *eq = memchr(p, '=', len);
    size_t klen = eq ? (size_t)(eq - p) : len;
    char *raw = strndup(p, klen);
    if (raw == NULL)
        return true; /* out of memory: drop rather than leak a key */
    for (char *c = raw; *c; c++)
        *c = *c == '+' ? ' ' : *c;
    int dlen = 0;
    char *dec = curl_easy_unescape(NULL, raw, 0, &dlen);
    bool same = dec == NULL || ((size_t)dlen == strlen(name) &&
                                memcmp(dec, name, (size_t)dlen) == 0);
    curl_free(dec);
    free(raw);
    return same;
}

char *
http_url_drop_query(const char *url, const char *name)
{
    const char *q = strchr(url, '?');
    struct http_buf b = {0};
    bool ok = http_buf_add(&b, url, q ? (size_t)(q - url) : strlen(url));
    bool first = true;
    for (const char *p = q ? q + 1 : NULL; ok && p != NULL;) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > 0 && !param_is(p, len, name)) {
            ok =
                http_buf_str(&b, first ? "?" : "&") && http_buf_add(&b, p, len);
            first = false;
        }
        p = amp ? amp + 1 : NULL;
    }
    if (!ok) {
        http_buf_free(&b);
        return NULL;
    }
    return b.data;
}
