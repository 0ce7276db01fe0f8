/* history.c — see history.h. */
#include "history.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

void
history_entry_clear(struct history_entry *h)
{
    free(h->integration);
    free(h->method);
    free(h->url);
    free(h->error);
    free(h->request_headers);
    free(h->request_body);
    free(h->response_headers);
    free(h->response_body);
    memset(h, 0, sizeof *h);
}

/* "Name: value\n" lines of a header list. */
static char *
join_headers(const struct kv_list *l)
{
    size_t n = 1;
    for (size_t i = 0; l && i < l->n; i++)
        n += strlen(l->items[i].key) + strlen(l->items[i].value) + 3;
    char *s = malloc(n), *p = s;
    if (s == NULL)
        return NULL;
    *p = '\0';
    for (size_t i = 0; l && i < l->n; i++)
        p += sprintf(p, "%s: %s\n", l->items[i].key, l->items[i].value);
    return s;
}

static char *
redact_str(const struct redact_secrets *hs, const char *s)
{
    return redact_replace(hs, s ? s : "", s ? strlen(s) : 0, NULL, NULL);
}

tstatus
history_entry_build(const struct integration *ig,
                    const struct http_request *req,
                    const struct http_response *resp, struct history_entry *out,
                    struct err *e)
{
    struct redact_secrets *hs = NULL;
    memset(out, 0, sizeof *out);
    out->at = clock_now_ms();
    out->status = resp->status;
    out->dns_ms = resp->timings.dns_ms;
    out->connect_ms = resp->timings.connect_ms;
    out->tls_ms = resp->timings.tls_ms;
    out->first_byte_ms = resp->timings.first_byte_ms;
    out->total_ms = resp->timings.total_ms;
    out->response_size = (int64_t)resp->size;

    char *reqh = resp->request_headers ? NULL : join_headers(req->headers);
    char *resph = join_headers(&resp->headers);
    /* Redact a little past the kept size, so that a secret across the cut
     * is still found, then cut. */
    size_t keep =
        resp->body_len < HISTORY_BODY_KEEP ? resp->body_len : HISTORY_BODY_KEEP;
    bool ok = redact_secrets_new(ig, &hs, e) == TS_OK && resph != NULL &&
              (resp->request_headers != NULL || reqh != NULL);
    if (ok) {
        out->integration = strdup(ig->name ? ig->name : "");
        out->method = strdup(resp->method  ? resp->method
                             : req->method ? req->method
                                           : "GET");
        out->url = redact_str(hs, resp->url);
        out->error =
            resp->failure != HTTP_OK ? redact_str(hs, resp->failure_msg) : NULL;
        out->request_headers = redact_str(
            hs, resp->request_headers ? resp->request_headers : reqh);
        const char *rb = req->body;
        size_t rb_len = req->body_len;
        char *summary = NULL;
        if (rb == NULL && req->nparts > 0 &&
            http_parts_summary(req->parts, req->nparts, &summary, &rb_len))
            rb = summary;
        out->request_body =
            rb ? redact_replace(hs, rb, rb_len, NULL, &out->request_body_len)
               : NULL;
        if (summary != NULL) {
            sodium_memzero(summary, rb_len);
            free(summary);
        }
        out->response_headers = redact_str(hs, resph);
        out->response_body = resp->body
                                 ? redact_replace(hs, resp->body, keep, NULL,
                                                  &out->response_body_len)
                                 : NULL;
        ok = out->integration && out->method && out->url &&
             out->request_headers && out->response_headers &&
             (resp->failure == HTTP_OK || out->error) &&
             ((req->body == NULL && req->nparts == 0) || out->request_body) &&
             (resp->body == NULL || out->response_body);
        if (ok && out->response_body_len > HISTORY_BODY_MAX) {
            out->response_body_len = HISTORY_BODY_MAX;
            out->response_body[HISTORY_BODY_MAX] = '\0';
        }
    }
    free(reqh);
    free(resph);
    redact_secrets_free(hs);
    if (!ok) {
        history_entry_clear(out);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    return TS_OK;
}

bool
history_body_cut(const struct history_entry *h)
{
    return h->response_body != NULL &&
           h->response_body_len >= HISTORY_BODY_MAX &&
           h->response_size > (int64_t)HISTORY_BODY_MAX;
}

tstatus
history_record(struct store *st, const struct integration *ig,
               const struct http_request *req, const struct http_response *resp,
               struct err *e)
{
    struct history_entry h;
    tstatus s = history_entry_build(ig, req, resp, &h, e);
    if (s != TS_OK)
        return s;
    s = store_history_add(st, &h, e);
    history_entry_clear(&h);
    return s;
}
