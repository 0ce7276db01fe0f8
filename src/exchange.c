/* exchange.c — see exchange.h. */
#include "exchange.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "history.h"
#include "http_int.h"
#include "oauth.h"

struct exchange {
    struct store *st;
    struct integration *ig; /* borrowed */
    struct http_pool *pool;
    struct http_request req; /* points into the copies below */
    char *method, *path, *body;
    struct http_part *parts;
    struct kv_list query, headers;
    struct http_sink sink; /* the caller's, wrapped: see exchange_sink_begin */
    const struct http_sink *caller_sink;
    bool retried, done;
    struct http_response resp;
    tstatus history_status;
    struct err history_err;
};

tstatus
exchange_prepare_auth(struct store *st, struct integration *ig, bool after_401,
                      bool *renewed, struct err *e)
{
    *renewed = false;
    if (ig->auth == AUTH_OAUTH2) {
        /* A token fetched (client credentials), refreshed near expiry, or
         * renewed after a 401: a forced refresh that succeeds always
         * brings a new token. */
        tstatus s = oauth_prepare(st, ig, after_401, NULL, e);
        if (s != TS_OK)
            return s;
        *renewed = after_401;
    }
    return http_auth_check(ig, e);
}

void
exchange_free(struct exchange *x)
{
    if (x == NULL)
        return;
    http_pool_free(x->pool);
    free(x->method);
    free(x->path);
    if (x->body != NULL) {
        sodium_memzero(x->body, x->req.body_len);
        free(x->body);
    }
    http_parts_free(x->parts, x->req.nparts);
    kv_list_free(&x->query);
    kv_list_free(&x->headers);
    http_response_free(&x->resp);
    free(x);
}

const char *
exchange_default_type(const char *body, size_t len)
{
    size_t i = 0;
    while (i < len && strchr(" \t\r\n", body[i]) != NULL && body[i] != '\0')
        i++;
    return i < len && (body[i] == '{' || body[i] == '[')
               ? "application/json"
               : "application/x-www-form-urlencoded";
}

bool
exchange_add_default_type(struct kv_list *headers, const char *body, size_t len)
{
    if (body == NULL)
        return true;
    for (size_t i = 0; i < headers->n; i++) {
        if (strcasecmp(headers->items[i].key, "Content-Type") == 0)
            return true;
    }
    return kv_list_add(headers, "Content-Type",
                       exchange_default_type(body, len));
}

static bool
copy_str(char **dst, const char *src)
{
    *dst = src ? strdup(src) : NULL;
    return src == NULL || *dst != NULL;
}

/* Whether a 401 to this request is answered by renewing the credentials
 * and sending once more. */
static bool
exchange_may_retry(const struct exchange *x)
{
    return !x->retried && !x->req.no_auth && x->ig->auth == AUTH_OAUTH2;
}

/* The body of a 401 that will be retried is not the answer: it stays out
 * of the caller's sink (and in memory, should the retry not happen). */
static bool
exchange_sink_begin(void *ctx, const struct http_response *head)
{
    struct exchange *x = ctx;
    if (head->status == 401 && exchange_may_retry(x))
        return false;
    return x->caller_sink->begin(x->caller_sink->ctx, head);
}

static bool
exchange_sink_write(void *ctx, const char *data, size_t len)
{
    struct exchange *x = ctx;
    return x->caller_sink->write(x->caller_sink->ctx, data, len);
}

/* x->req becomes a deep copy of req (kept for a retry and the history),
 * with the default Content-Type added. */
static bool
copy_request(struct exchange *x, const struct http_request *req)
{
    x->req = *req;
    bool ok = copy_str(&x->method, req->method) &&
              copy_str(&x->path, req->path) &&
              (req->query == NULL || kv_list_copy(&x->query, req->query)) &&
              (req->headers == NULL || kv_list_copy(&x->headers, req->headers));
    if (ok && req->body != NULL) {
        x->body = malloc(req->body_len + 1);
        if ((ok = x->body != NULL)) {
            memcpy(x->body, req->body, req->body_len);
            x->body[req->body_len] = '\0';
        }
    }
    if (ok && req->nparts > 0)
        ok = http_parts_copy(&x->parts, req->parts, req->nparts);
    x->req.nparts = x->parts ? req->nparts : 0;
    x->req.parts = x->parts;
    x->req.method = x->method;
    x->req.path = x->path;
    x->req.query = req->query ? &x->query : NULL;
    x->req.body = x->body;
    ok = ok && exchange_add_default_type(&x->headers, x->body, req->body_len);
    x->req.headers = req->headers || x->headers.n ? &x->headers : NULL;
    if (req->sink != NULL) {
        x->caller_sink = req->sink;
        x->sink =
            (struct http_sink){exchange_sink_begin, exchange_sink_write, x};
        x->req.sink = &x->sink;
    }
    return ok;
}

tstatus
exchange_start(struct store *st, struct integration *ig,
               const struct http_request *req, struct exchange **out,
               struct err *e)
{
    bool renewed;
    *out = NULL;
    if (!req->no_auth) {
        tstatus s = exchange_prepare_auth(st, ig, false, &renewed, e);
        if (s != TS_OK)
            return s;
    }
    struct exchange *x = calloc(1, sizeof *x);
    if (x == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    x->st = st;
    x->ig = ig;
    if (!copy_request(x, req) || (x->pool = http_pool_new()) == NULL) {
        exchange_free(x);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    tstatus s = http_pool_add(x->pool, ig, &x->req, NULL, e);
    if (s != TS_OK) {
        exchange_free(x);
        return s;
    }
    *out = x;
    return TS_OK;
}

/* Record one response in the history; keeps the first failure. */
static void
exchange_record(struct exchange *x, const struct http_response *r)
{
    struct err e = {0};
    if (x->st == NULL)
        return;
    tstatus s = history_record(x->st, x->ig, &x->req, r, &e);
    if (s != TS_OK && x->history_status == TS_OK) {
        x->history_status = s;
        x->history_err = e;
    }
}

/* After a 401 through OAuth: renew the token and send once more. True
 * when the request went out again. */
static bool
exchange_retry(struct exchange *x)
{
    bool renewed = false;
    struct err e = {0};
    if (!exchange_may_retry(x))
        return false;
    x->retried = true;
    if (exchange_prepare_auth(x->st, x->ig, true, &renewed, &e) != TS_OK ||
        !renewed)
        return false;
    return http_pool_add(x->pool, x->ig, &x->req, NULL, &e) == TS_OK;
}

bool
exchange_run(struct exchange *x, int timeout_ms)
{
    if (x->done)
        return false;
    http_pool_run(x->pool, timeout_ms);
    struct http_response r;
    if (!http_pool_take(x->pool, &r, NULL))
        return true;
    if (r.status == 401 && exchange_retry(x)) {
        exchange_record(x, &r);
        http_response_free(&r);
        return true;
    }
    x->resp = r;
    x->done = true;
    return false;
}

void
exchange_cancel(struct exchange *x)
{
    http_pool_cancel_all(x->pool);
}

tstatus
exchange_finish(struct exchange *x, struct http_response *resp, struct err *e)
{
    exchange_record(x, &x->resp);
    *resp = x->resp;
    memset(&x->resp, 0, sizeof x->resp);
    if (x->history_status != TS_OK) {
        if (e != NULL)
            *e = x->history_err;
        return x->history_status;
    }
    return TS_OK;
}

tstatus
exchange_send(struct store *st, struct integration *ig,
              const struct http_request *req, struct http_response *resp,
              struct err *e)
{
    struct exchange *x;
    memset(resp, 0, sizeof *resp);
    tstatus s = exchange_start(st, ig, req, &x, e);
    if (s != TS_OK)
        return s;
    while (exchange_run(x, 100))
        ;
    s = exchange_finish(x, resp, e);
    exchange_free(x);
    return s;
}
