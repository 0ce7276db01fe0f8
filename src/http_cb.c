/* http_cb.c — the libcurl callbacks: body, headers, progress (cancel) and
 * the request headers as sent (with credentials redacted). */
#include "http_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool
http_is_redirect(long status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 ||
           status == 308;
}

bool
http_follows(const struct http_xfer *x, long status, const char *target)
{
    return http_is_redirect(status) && target != NULL && !x->no_redirects;
}

bool
http_buf_add(struct http_buf *b, const char *p, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = realloc(b->data, cap);
        if (grown == NULL)
            return false;
        b->data = grown;
        b->cap = cap;
    }
    if (n > 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool
http_buf_str(struct http_buf *b, const char *s)
{
    return http_buf_add(b, s, strlen(s));
}

void
http_buf_free(struct http_buf *b)
{
    free(b->data);
    *b = (struct http_buf){0};
}

/* The first body byte of a hop: when the hop's response is the one that
 * ends the request, offer its body to the sink. False when out of memory. */
static bool
hop_begin(struct http_xfer *x)
{
    long status = 0;
    char *ct = NULL, *target = NULL;
    x->hop_began = true;
    if (x->sink == NULL)
        return true;
    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &target);
    if (http_follows(x, status, target))
        return true;
    curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ct);
    x->resp.status = status;
    free(x->resp.content_type);
    x->resp.content_type = ct ? strdup(ct) : NULL;
    if (ct != NULL && x->resp.content_type == NULL) {
        x->nomem = true;
        return false;
    }
    x->resp.streamed = x->sink->begin(x->sink->ctx, &x->resp);
    return true;
}

size_t
http_cb_write(char *p, size_t size, size_t n, void *userdata)
{
    struct http_xfer *x = userdata;
    size_t len = size * n;
    if (!x->hop_began && !hop_begin(x))
        return 0;
    x->resp.size += len;
    if (x->resp.streamed && !x->sink->write(x->sink->ctx, p, len)) {
        x->sink_failed = true;
        return 0;
    }
    size_t room =
        x->max_body > x->body_buf.len ? x->max_body - x->body_buf.len : 0;
    size_t keep = len < room ? len : room;
    if (keep < len) {
        x->resp.truncated = true;
        if (x->max_body_hard && !x->resp.streamed) {
            x->too_large = true;
            return 0;
        }
    }
    if (keep > 0 && !http_buf_add(&x->body_buf, p, keep)) {
        x->nomem = true;
        return 0;
    }
    return len;
}

/* Trim trailing CR, LF, spaces and tabs from [p, p+*len). */
static void
rtrim(const char *p, size_t *len)
{
    while (*len > 0 && strchr("\r\n \t", p[*len - 1]) != NULL)
        (*len)--;
}

size_t
http_cb_header(char *p, size_t size, size_t n, void *userdata)
{
    struct http_xfer *x = userdata;
    size_t len = size * n;
    rtrim(p, &len);
    if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) {
        /* A new response (after 100 Continue, or the next hop): start
         * over. "HTTP/1.1 200 OK" -> reason "OK". */
        kv_list_free(&x->resp.headers);
        free(x->resp.reason);
        free(x->resp.status_line);
        x->resp.reason = NULL;
        x->resp.status_line = strndup(p, len);
        if (x->resp.status_line == NULL)
            x->nomem = true;
        const char *sp = memchr(p, ' ', len);
        const char *sp2 =
            sp ? memchr(sp + 1, ' ', len - (size_t)(sp + 1 - p)) : NULL;
        if (sp2 != NULL) {
            x->resp.reason = strndup(sp2 + 1, len - (size_t)(sp2 + 1 - p));
            if (x->resp.reason == NULL)
                x->nomem = true;
        }
        return size * n;
    }
    const char *colon = memchr(p, ':', len);
    if (colon == NULL)
        return size * n; /* the blank line ending the headers */
    char *name = strndup(p, (size_t)(colon - p));
    const char *v = colon + 1;
    while (v < p + len && (*v == ' ' || *v == '\t'))
        v++;
    char *value = strndup(v, len - (size_t)(v - p));
    if (name == NULL || value == NULL ||
        !kv_list_add(&x->resp.headers, name, value))
        x->nomem = true;
    free(name);
    free(value);
    return size * n;
}

int
http_cb_progress(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                 curl_off_t ultotal, curl_off_t ulnow)
{
    struct http_xfer *x = userdata;
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    if (x->cancel != NULL && atomic_load(x->cancel))
        x->cancelled = true;
    return x->cancelled ? 1 : 0;
}

/* How much of a credential header's value may be shown: the configured
 * API key prefix, or the scheme word of an Authorization header. */
static size_t
shown_prefix(const struct http_xfer *x, const char *name, size_t name_len,
             const char *v, size_t vlen)
{
    const struct integration *ig = x->ig;
    if (ig->auth == AUTH_API_KEY && ig->api_key.header != NULL &&
        name_len == strlen(ig->api_key.header) &&
        strncasecmp(name, ig->api_key.header, name_len) == 0) {
        const char *pre = ig->api_key.prefix;
        size_t plen = pre ? strlen(pre) : 0;
        if (plen > 0 && vlen > plen && strncmp(v, pre, plen) == 0 &&
            v[plen] == ' ')
            return plen + 1;
        return 0;
    }
    const char *sp = memchr(v, ' ', vlen);
    return sp ? (size_t)(sp + 1 - v) : 0;
}

/* Append one request header line to x->reqhdr, its value replaced by
 * "[redacted]" when it carries credentials. */
static void
add_request_line(struct http_xfer *x, const char *p, size_t len)
{
    const char *colon = memchr(p, ':', len);
    bool ok = true;
    size_t name_len = colon ? (size_t)(colon - p) : 0;
    if (colon != NULL && http_auth_is_secret_header(x->ig, p, name_len)) {
        const char *v = colon + 1;
        while (v < p + len && *v == ' ')
            v++;
        size_t vlen = len - (size_t)(v - p);
        size_t keep = (size_t)(v - p) + shown_prefix(x, p, name_len, v, vlen);
        ok = http_buf_add(&x->reqhdr, p, keep) &&
             http_buf_str(&x->reqhdr, "[redacted]\n");
    } else {
        ok = http_buf_add(&x->reqhdr, p, len) && http_buf_str(&x->reqhdr, "\n");
    }
    if (!ok)
        x->nomem = true;
}

int
http_cb_debug(CURL *easy, curl_infotype type, char *data, size_t size,
              void *userdata)
{
    struct http_xfer *x = userdata;
    (void)easy;
    if (type != CURLINFO_HEADER_OUT)
        return 0;
    /* One block per request sent: the request line, then header lines. */
    http_buf_free(&x->reqhdr);
    const char *end = data + size;
    bool first = true;
    for (const char *p = data; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        size_t trimmed = len;
        rtrim(p, &trimmed);
        if (!first && trimmed > 0)
            add_request_line(x, p, trimmed);
        first = false;
        p += len + 1;
    }
    return 0;
}
