/* oauth_call.c — one request to a token (or device authorization)
 * endpoint, driven a slice at a time over an http_pool so that a screen can
 * keep drawing while it runs; the blocking forms loop over the same steps. */
#include "oauth.h"
#include "oauth_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "http.h"

#define OAUTH_MAX_RESPONSE (1024 * 1024)
#define OAUTH_CALL_SLICE_MS 100

int64_t
oauth_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
oauth_call_free(struct oauth_call *c)
{
    http_pool_free(c->pool); /* cancels what still runs */
    free(c->url);
    free(c->content_type);
    memset(c, 0, sizeof *c);
}

bool
oauth_call_busy(const struct oauth_call *c)
{
    return c->pool != NULL;
}

tstatus
oauth_call_start(struct oauth_call *c, const struct integration *ig,
                 const char *url, const struct kv_list *params,
                 atomic_bool *cancel, struct err *e)
{
    oauth_call_free(c);
    if (url == NULL || url[0] == '\0')
        return err_set(e, TS_INVALID, "token_url", "no endpoint URL is set");
    struct oauth_token_request tr;
    tstatus st = oauth_token_request_build(ig, params, &tr, e);
    if (st != TS_OK)
        return st;
    struct kv_list headers = {0};
    bool ok = kv_list_add(&headers, "Content-Type",
                          "application/x-www-form-urlencoded") &&
              kv_list_add(&headers, "Accept", "application/json");
    if (ok && tr.authorization != NULL)
        ok = kv_list_add(&headers, "Authorization", tr.authorization);
    ok = ok && (c->url = strdup(url)) != NULL &&
         (c->pool = http_pool_new()) != NULL;
    if (!ok) {
        st = err_set(e, TS_NOMEM, NULL, "out of memory");
    } else {
        struct http_request req = {
            .method = "POST",
            .path = url,
            .headers = &headers,
            .body = tr.body,
            .body_len = strlen(tr.body),
            .max_body = OAUTH_MAX_RESPONSE,
            .allow_other_host = true,
            .no_auth = true,
            .cancel = cancel,
        };
        st = http_pool_add(c->pool, ig, &req, NULL, e);
    }
    for (size_t i = 0; i < headers.n; i++)
        sodium_memzero(headers.items[i].value, strlen(headers.items[i].value));
    kv_list_free(&headers);
    oauth_token_request_free(&tr);
    if (st != TS_OK)
        oauth_call_free(c);
    return st;
}

void
oauth_call_cancel(struct oauth_call *c)
{
    if (c->pool != NULL)
        http_pool_cancel_all(c->pool);
}

bool
oauth_call_step(struct oauth_call *c, int timeout_ms, tstatus *st, long *status,
                char **body, size_t *len, struct err *e)
{
    *status = 0;
    *body = NULL;
    *len = 0;
    if (c->pool == NULL) {
        *st = err_set(e, TS_INVALID, NULL, "no request is running");
        return true;
    }
    int64_t end = oauth_now_ms() + (timeout_ms < 0 ? 0 : timeout_ms);
    struct http_response resp;
    for (;;) {
        int64_t left =
            timeout_ms < 0 ? OAUTH_CALL_SLICE_MS : end - oauth_now_ms();
        if (left < 0)
            left = 0;
        http_pool_run(
            c->pool,
            (int)(left < OAUTH_CALL_SLICE_MS ? left : OAUTH_CALL_SLICE_MS));
        memset(&resp, 0, sizeof resp);
        if (http_pool_take(c->pool, &resp, NULL))
            break;
        if (timeout_ms >= 0 && oauth_now_ms() >= end)
            return false;
    }

    if (resp.request_headers != NULL)
        sodium_memzero(resp.request_headers, strlen(resp.request_headers));
    if (resp.failure == HTTP_FAIL_CANCELLED) {
        *st = err_set(e, TS_CANCELLED, NULL, "cancelled");
    } else if (resp.failure != HTTP_OK) {
        *st = err_set(e, TS_NET, "token_url", "could not reach %s: %s", c->url,
                      resp.failure_msg ? resp.failure_msg
                                       : http_failure_name(resp.failure));
    } else {
        *st = TS_OK;
        free(c->content_type);
        c->content_type = resp.content_type;
        resp.content_type = NULL;
        *status = resp.status;
        *body = resp.body;
        *len = resp.body_len;
        resp.body = NULL;
    }
    http_response_free(&resp);
    http_pool_free(c->pool);
    c->pool = NULL;
    return true;
}

/* A refresh answered 400, 401 or 403 without an OAuth error: real
 * servers answer so for a revoked refresh token, and retrying will not
 * help, so it is TS_NEEDS_AUTH with the status in the message (the caller
 * marks the integration). Other statuses keep TS_HTTP and `e`. */
static tstatus
oauth_call_refresh_refused(const struct integration *ig, long status,
                           struct err *e)
{
    if (status != 400 && status != 401 && status != 403)
        return TS_HTTP;
    const char *name = ig->name ? ig->name : "NAME";
    const char *reason = status == 400   ? "Bad Request"
                         : status == 401 ? "Unauthorized"
                                         : "Forbidden";
    return err_set(e, TS_NEEDS_AUTH, NULL,
                   "refresh refused: %ld %s, no OAuth error (refresh token "
                   "revoked or expired%s)\nrun: tether authorize %s",
                   status, reason,
                   status == 400 ? "" : ", or the client not accepted", name);
}

bool
oauth_call_tokens(struct oauth_call *c, const struct integration *ig,
                  enum oauth_stage stage, int timeout_ms, tstatus *st,
                  struct oauth_tokens *out, struct oauth_error *oe,
                  struct err *e)
{
    memset(out, 0, sizeof *out);
    memset(oe, 0, sizeof *oe);
    long status;
    char *body;
    size_t len;
    if (!oauth_call_step(c, timeout_ms, st, &status, &body, &len, e))
        return false;
    if (*st != TS_OK)
        return true;
    *st = oauth_parse_token_answer(status, c->content_type, body, len,
                                   clock_now(), out, oe, e);
    if (body != NULL) {
        sodium_memzero(body, len);
        free(body);
    }
    if (*st == TS_OAUTH)
        *st = oauth_error_explain(oe, ig, stage, 0, e);
    else if (*st == TS_HTTP && stage == OAUTH_STAGE_REFRESH)
        *st = oauth_call_refresh_refused(ig, status, e);
    return true;
}

tstatus
oauth_post_form(const struct integration *ig, const char *url,
                const struct kv_list *params, atomic_bool *cancel, long *status,
                char **body, size_t *len, struct err *e)
{
    struct oauth_call c = {0};
    tstatus st = oauth_call_start(&c, ig, url, params, cancel, e);
    if (st != TS_OK)
        return st;
    oauth_call_step(&c, -1, &st, status, body, len, e);
    oauth_call_free(&c);
    return st;
}

tstatus
oauth_token_call(const struct integration *ig, const char *url,
                 const struct kv_list *params, enum oauth_stage stage,
                 atomic_bool *cancel, struct oauth_tokens *out,
                 struct oauth_error *oe, struct err *e)
{
    struct oauth_error local;
    struct oauth_call c = {0};
    memset(out, 0, sizeof *out);
    tstatus st = oauth_call_start(&c, ig, url, params, cancel, e);
    if (st != TS_OK)
        return st;
    oauth_call_tokens(&c, ig, stage, -1, &st, out, oe ? oe : &local, e);
    oauth_call_free(&c);
    return st;
}
