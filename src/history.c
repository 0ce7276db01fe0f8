/* history.c — see history.h. */
#include "history.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#define HISTORY_MAX_FORMS 16

/* Every spelling of every secret to look for (owned strings). */
struct forms {
    char *s[HISTORY_MAX_FORMS];
    size_t n;
};

static void
forms_free(struct forms *f)
{
    for (size_t i = 0; i < f->n; i++) {
        sodium_memzero(f->s[i], strlen(f->s[i]));
        free(f->s[i]);
    }
    f->n = 0;
}

static bool
forms_add(struct forms *f, char *s)
{
    if (s == NULL)
        return false;
    if (strlen(s) < HISTORY_MIN_SECRET || f->n == HISTORY_MAX_FORMS) {
        sodium_memzero(s, strlen(s));
        free(s);
        return true;
    }
    f->s[f->n++] = s;
    return true;
}

static char *
escaped(const char *s)
{
    char *c = curl_easy_escape(NULL, s, 0);
    char *copy = c ? strdup(c) : NULL;
    if (c != NULL) {
        sodium_memzero(c, strlen(c));
        curl_free(c);
    }
    return copy;
}

static char *
basic_b64(const char *user, const char *pw)
{
    size_t n = strlen(user) + 1 + strlen(pw);
    char *raw = malloc(n + 1);
    size_t blen = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
    char *b = malloc(blen);
    if (raw == NULL || b == NULL) {
        free(raw);
        free(b);
        return NULL;
    }
    snprintf(raw, n + 1, "%s:%s", user, pw);
    sodium_bin2base64(b, blen, (const unsigned char *)raw, n,
                      sodium_base64_VARIANT_ORIGINAL);
    sodium_memzero(raw, n);
    free(raw);
    return b;
}

static bool
forms_fill(const struct integration *ig, struct forms *f)
{
    const char *secrets[] = {
        ig->api_key.key.value,
        ig->basic.password.value,
        ig->oauth.client_secret.value,
        ig->oauth.tokens.access_token.value,
        ig->oauth.tokens.refresh_token.value,
    };
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
        if (secrets[i] == NULL || secrets[i][0] == '\0')
            continue;
        if (!forms_add(f, strdup(secrets[i])))
            return false;
        char *esc = escaped(secrets[i]);
        if (esc != NULL && strcmp(esc, secrets[i]) == 0) {
            free(esc);
            continue;
        }
        if (!forms_add(f, esc))
            return false;
    }
    if (ig->basic.password.value != NULL && ig->basic.username != NULL)
        return forms_add(f, basic_b64(ig->basic.username,
                                      ig->basic.password.value));
    return true;
}

/* The longest form found at p (within n bytes), or 0. */
static size_t
match_at(const struct forms *f, const char *p, size_t n)
{
    size_t best = 0;
    for (size_t i = 0; i < f->n; i++) {
        size_t l = strlen(f->s[i]);
        if (l <= n && l > best && memcmp(p, f->s[i], l) == 0)
            best = l;
    }
    return best;
}

static char *
redact_with(const struct forms *f, const char *text, size_t len,
            size_t *out_len)
{
    size_t rl = strlen(HISTORY_REDACTED), cap = len + 1, o = 0;
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < len;) {
        size_t m = f->n ? match_at(f, text + i, len - i) : 0;
        size_t add = m ? rl : 1;
        if (o + add + 1 > cap) {
            cap = 2 * cap + add;
            char *g = realloc(out, cap);
            if (g == NULL) {
                free(out);
                return NULL;
            }
            out = g;
        }
        if (m) {
            memcpy(out + o, HISTORY_REDACTED, rl);
            i += m;
        } else {
            out[o] = text[i++];
        }
        o += add;
    }
    out[o] = '\0';
    if (out_len != NULL)
        *out_len = o;
    return out;
}

char *
history_redact(const struct integration *ig, const char *text, size_t len,
               size_t *out_len)
{
    struct forms f = {0};
    char *out = NULL;
    if (forms_fill(ig, &f))
        out = redact_with(&f, text ? text : "", text ? len : 0, out_len);
    forms_free(&f);
    return out;
}

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
redact_str(const struct forms *f, const char *s)
{
    return redact_with(f, s ? s : "", s ? strlen(s) : 0, NULL);
}

tstatus
history_entry_build(const struct integration *ig,
                    const struct http_request *req,
                    const struct http_response *resp,
                    struct history_entry *out, struct err *e)
{
    struct forms f = {0};
    struct timeval tv;
    gettimeofday(&tv, NULL);
    memset(out, 0, sizeof *out);
    out->at = (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
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
    size_t keep = resp->body_len < HISTORY_BODY_MAX + 4096
                      ? resp->body_len
                      : HISTORY_BODY_MAX + 4096;
    bool ok = forms_fill(ig, &f) && resph != NULL &&
              (resp->request_headers != NULL || reqh != NULL);
    if (ok) {
        out->integration = strdup(ig->name ? ig->name : "");
        out->method = strdup(resp->method ? resp->method
                             : req->method ? req->method
                                           : "GET");
        out->url = redact_str(&f, resp->url);
        out->error = resp->failure != HTTP_OK
                         ? redact_str(&f, resp->failure_msg)
                         : NULL;
        out->request_headers =
            redact_str(&f, resp->request_headers ? resp->request_headers
                                                 : reqh);
        out->request_body =
            req->body ? redact_with(&f, req->body, req->body_len,
                                    &out->request_body_len)
                      : NULL;
        out->response_headers = redact_str(&f, resph);
        out->response_body = resp->body ? redact_with(&f, resp->body, keep,
                                                      &out->response_body_len)
                                        : NULL;
        ok = out->integration && out->method && out->url &&
             out->request_headers && out->response_headers &&
             (resp->failure == HTTP_OK || out->error) &&
             (req->body == NULL || out->request_body) &&
             (resp->body == NULL || out->response_body);
        if (ok && out->response_body_len > HISTORY_BODY_MAX) {
            out->response_body_len = HISTORY_BODY_MAX;
            out->response_body[HISTORY_BODY_MAX] = '\0';
        }
    }
    free(reqh);
    free(resph);
    forms_free(&f);
    if (!ok) {
        history_entry_clear(out);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    return TS_OK;
}

tstatus
history_record(struct store *st, const struct integration *ig,
               const struct http_request *req,
               const struct http_response *resp, struct err *e)
{
    struct history_entry h;
    tstatus s = history_entry_build(ig, req, resp, &h, e);
    if (s != TS_OK)
        return s;
    s = store_history_add(st, &h, e);
    history_entry_clear(&h);
    return s;
}
