/* history_request.c — see history_request.h. */
#include "history_request.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "exchange.h"
#include "redact.h"

void
history_request_clear(struct history_request *out)
{
    free(out->method);
    free(out->path);
    kv_list_free(&out->query);
    kv_list_free(&out->headers);
    free(out->body);
    memset(out, 0, sizeof *out);
}

/* s[0..n) with %XX decoded by libcurl ('+' stays: the engine encodes a
 * '+' as %2B and a space as %20); free with curl_free. */
static char *
unescape(const char *s, size_t n)
{
    /* a length of 0 means "up to the NUL" to libcurl */
    return curl_easy_unescape(NULL, n ? s : "", (int)n, NULL);
}

/* The path of url (up to its query) relative to ig's base URL: what follows
 * the base URL when url starts with it (at a '/' or the end), else what
 * follows the scheme and host. */
static char *
recall_path(const char *url, size_t ulen, const struct integration *ig)
{
    const char *path = NULL;
    size_t blen = ig && ig->base_url ? strlen(ig->base_url) : 0;
    while (blen > 0 && ig->base_url[blen - 1] == '/')
        blen--;
    if (blen > 0 && ulen >= blen && strncmp(url, ig->base_url, blen) == 0 &&
        (ulen == blen || url[blen] == '/'))
        path = url + blen;
    if (path == NULL) {
        const char *sch = strstr(url, "://");
        const char *host = sch && sch < url + ulen ? sch + 3 : url;
        path = memchr(host, '/', (size_t)(url + ulen - host));
        if (path == NULL)
            path = url + ulen;
    }
    size_t n = (size_t)(url + ulen - path);
    return n == 0 ? strdup("/") : strndup(path, n);
}

static bool
recall_query(struct kv_list *out, const char *q, const struct integration *ig)
{
    const char *key_param =
        ig && ig->auth == AUTH_API_KEY && ig->api_key.placement == KEY_IN_QUERY
            ? ig->api_key.header
            : NULL;
    bool ok = true;
    while (ok && q != NULL && *q) {
        const char *amp = strchr(q, '&');
        size_t len = amp ? (size_t)(amp - q) : strlen(q);
        const char *eq = memchr(q, '=', len);
        size_t klen = eq ? (size_t)(eq - q) : len;
        char *k = unescape(q, klen);
        char *v = unescape(eq ? eq + 1 : "", eq ? len - klen - 1 : 0);
        ok = k != NULL && v != NULL;
        bool skip = !ok || k[0] == '\0' ||
                    (key_param != NULL && strcmp(k, key_param) == 0) ||
                    strstr(v, REDACT_MARK) != NULL;
        if (!skip)
            ok = kv_list_add(out, k, v);
        curl_free(k);
        curl_free(v);
        q = amp ? amp + 1 : NULL;
    }
    return ok;
}

/* True for a header the engine (or curl under it) adds by itself: the user
 * did not ask for it, and it is added again when the request is sent. */
static bool
recall_engine_header(const char *name, const char *value, const char *body,
                     size_t body_len)
{
    static const char *const always[] = {"Host", "Content-Length", "Expect",
                                         "Transfer-Encoding"};
    for (size_t i = 0; i < sizeof always / sizeof always[0]; i++) {
        if (strcasecmp(name, always[i]) == 0)
            return true;
    }
    if (strcasecmp(name, "User-Agent") == 0)
        return strncmp(value, "tether/", 7) == 0;
    if (strcasecmp(name, "Accept") == 0)
        return strcmp(value, "*/*") == 0;
    if (strcasecmp(name, "Content-Type") == 0)
        return body != NULL &&
               strcmp(value, exchange_default_type(body, body_len)) == 0;
    return false;
}

static bool
recall_headers(struct kv_list *out, const char *text, const char *body,
               size_t body_len)
{
    bool ok = true;
    for (const char *l = text; ok && l != NULL && *l;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        while (len > 0 && l[len - 1] == '\r')
            len--;
        const char *colon = memchr(l, ':', len);
        if (colon != NULL && colon > l) {
            char *name = strndup(l, (size_t)(colon - l));
            const char *v = colon + 1;
            while (v < l + len && (*v == ' ' || *v == '\t'))
                v++;
            char *value = strndup(v, (size_t)(l + len - v));
            ok = name != NULL && value != NULL;
            if (ok && strstr(value, REDACT_MARK) == NULL &&
                !recall_engine_header(name, value, body, body_len))
                ok = kv_list_add(out, name, value);
            free(name);
            free(value);
        }
        l = nl ? nl + 1 : NULL;
    }
    return ok;
}

tstatus
history_request_from(const struct history_entry *h,
                     const struct integration *ig, struct history_request *out,
                     struct err *e)
{
    memset(out, 0, sizeof *out);
    const char *url = h->url ? h->url : "";
    const char *qm = strchr(url, '?');
    size_t ulen = qm ? (size_t)(qm - url) : strlen(url);
    bool ok =
        (out->method = strdup(h->method && h->method[0] ? h->method : "GET")) &&
        (out->path = recall_path(url, ulen, ig)) &&
        recall_query(&out->query, qm ? qm + 1 : NULL, ig) &&
        recall_headers(&out->headers, h->request_headers, h->request_body,
                       h->request_body_len);
    if (ok && h->request_body != NULL) {
        out->body_len = h->request_body_len;
        ok = (out->body = malloc(out->body_len + 1)) != NULL;
        if (ok) {
            memcpy(out->body, h->request_body, out->body_len);
            out->body[out->body_len] = '\0';
        }
    }
    if (!ok) {
        history_request_clear(out);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    return TS_OK;
}
