/* oauth_flow.c — the authorization code flow: state, PKCE, the
 * authorization URL, the loopback listener, paste-back, timeout, and the
 * code exchange, all driven by oauth_flow_poll() without blocking. */
#include "oauth.h"
#include "oauth_int.h"

#include <ctype.h>
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "callback.h"
#include "remedy.h"

#define OAUTH_SECRET_BYTES 32 /* state and verifier: 256 random bits */

struct oauth_flow {
    struct integration *ig; /* a copy, client secret included */
    struct callback *cb;    /* NULL once a code is in hand */
    char state[64];
    char verifier[64];
    bool pkce;
    char redirect_uri[64];
    char *url;
    int port;
    int64_t deadline_ms; /* monotonic */
    int timeout_s;
    bool cancelled;
    enum oauth_flow_status status;
    struct err failure; /* why it failed, repeated by later polls */
    char *code;
    struct oauth_call call;     /* the code exchange, once a code came */
    struct oauth_tokens tokens; /* what the exchange brought */
};

void
oauth_random_string(char *buf, size_t len, size_t nbytes)
{
    unsigned char raw[64];
    if (nbytes > sizeof raw)
        nbytes = sizeof raw;
    randombytes_buf(raw, nbytes);
    sodium_bin2base64(buf, len, raw, nbytes,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

void
oauth_pkce_challenge(const char *verifier, char out[44])
{
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, (const unsigned char *)verifier, strlen(verifier));
    sodium_bin2base64(out, 44, hash, sizeof hash,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* Parameters tether sets itself; configured extras may not replace them. */
static bool
oauth_reserved_param(const char *k)
{
    static const char *const reserved[] = {
        "response_type",  "client_id",
        "redirect_uri",   "state",
        "code_challenge", "code_challenge_method",
        "scope",          NULL,
    };
    for (size_t i = 0; reserved[i] != NULL; i++)
        if (strcmp(k, reserved[i]) == 0)
            return true;
    return false;
}

tstatus
oauth_authorize_url(const struct integration *ig, const char *redirect_uri,
                    const char *state, const char *challenge, char **out,
                    struct err *e)
{
    *out = NULL;
    char r[160];
    if (ig->oauth.auth_url == NULL)
        return err_set(
            e, TS_INVALID, "auth_url", "no authorization URL is set: %s",
            remedy_say(r, sizeof r, ig->name, "tether edit NAME --auth-url URL",
                       "enter it as Authorization URL in step 3"));
    struct kv_list q = {0};
    bool ok = kv_list_add(&q, "response_type", "code") &&
              kv_list_add(&q, "client_id",
                          ig->oauth.client_id ? ig->oauth.client_id : "") &&
              kv_list_add(&q, "redirect_uri", redirect_uri) &&
              kv_list_add(&q, "state", state);
    if (ok && ig->oauth.scope != NULL)
        ok = kv_list_add(&q, "scope", ig->oauth.scope);
    if (ok && challenge != NULL)
        ok = kv_list_add(&q, "code_challenge", challenge) &&
             kv_list_add(&q, "code_challenge_method", "S256");
    for (size_t i = 0; ok && i < ig->oauth.params.n; i++) {
        const struct kv *p = &ig->oauth.params.items[i];
        if (p->key != NULL && !oauth_reserved_param(p->key))
            ok = kv_list_add(&q, p->key, p->value ? p->value : "");
    }
    char *query = ok ? oauth_form_encode(&q) : NULL;
    kv_list_free(&q);
    if (query == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");

    const char *base = ig->oauth.auth_url;
    char sep = strchr(base, '?') != NULL ? '&' : '?';
    size_t len = strlen(base) + strlen(query) + 2;
    *out = malloc(len);
    if (*out != NULL)
        snprintf(*out, len, "%s%c%s", base, sep, query);
    free(query);
    return *out != NULL ? TS_OK : err_set(e, TS_NOMEM, NULL, "out of memory");
}

/* A redirect port that could not be listened on (callback_start's error
 * about "redirect_port"): append how to choose another, for the face. */
static void
oauth_flow_port_advice(const struct integration *ig, struct err *e)
{
    char r[256], msg[sizeof e->msg];
    remedy_say(r, sizeof r, ig->name,
               "--port N for this run, or tether edit NAME --redirect-port "
               "N (and register http://127.0.0.1:N/callback with the "
               "provider)",
               "as Redirect Port in step 3 (and register "
               "http://127.0.0.1:N/callback with the provider)");
    snprintf(msg, sizeof msg, "%s", e->msg);
    err_set(e, e->status, e->field, "%s: %s", msg, r);
}

tstatus
oauth_flow_start(const struct integration *ig,
                 const struct oauth_flow_options *opt, struct oauth_flow **out,
                 struct err *e)
{
    *out = NULL;
    if (ig->auth != AUTH_OAUTH2 || ig->oauth.grant != GRANT_AUTHORIZATION_CODE)
        return err_set(e, TS_INVALID, "grant",
                       "%s does not use the authorization code grant",
                       ig->name ? ig->name : "this integration");
    struct oauth_flow *f = calloc(1, sizeof *f);
    if (f == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    f->ig = integration_dup(ig);
    if (f->ig == NULL) {
        free(f);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    /* Only the client secret is needed (for the exchange). */
    oauth_tokens_clear(&f->ig->oauth.tokens);

    f->port =
        opt != NULL && opt->port > 0 ? opt->port : ig->oauth.redirect_port;
    if (f->port <= 0)
        f->port = MODEL_DEFAULT_REDIRECT_PORT;
    f->timeout_s = opt != NULL && opt->timeout_s > 0 ? opt->timeout_s
                                                     : OAUTH_FLOW_TIMEOUT_S;
    f->pkce = ig->oauth.pkce;
    oauth_random_string(f->state, sizeof f->state, OAUTH_SECRET_BYTES);
    oauth_random_string(f->verifier, sizeof f->verifier, OAUTH_SECRET_BYTES);

    tstatus st = callback_start(f->port, f->state, &f->cb, e);
    if (st != TS_OK && e != NULL && strcmp(e->field, "redirect_port") == 0)
        oauth_flow_port_advice(ig, e);
    if (st != TS_OK) {
        oauth_flow_free(f);
        return st;
    }
    f->port = callback_port(f->cb);
    callback_set_issuer(f->cb, ig->oauth.issuer, ig->oauth.iss_required);
    snprintf(f->redirect_uri, sizeof f->redirect_uri,
             "http://127.0.0.1:%d/callback", f->port);

    char challenge[44];
    oauth_pkce_challenge(f->verifier, challenge);
    st = oauth_authorize_url(ig, f->redirect_uri, f->state,
                             f->pkce ? challenge : NULL, &f->url, e);
    if (st != TS_OK) {
        oauth_flow_free(f);
        return st;
    }
    f->deadline_ms = oauth_now_ms() + (int64_t)f->timeout_s * 1000;
    f->status = OAUTH_FLOW_PENDING;
    *out = f;
    return TS_OK;
}

const char *
oauth_flow_url(const struct oauth_flow *f)
{
    return f->url;
}

const char *
oauth_flow_redirect_uri(const struct oauth_flow *f)
{
    return f->redirect_uri;
}

int
oauth_flow_port(const struct oauth_flow *f)
{
    return f->port;
}

int
oauth_flow_fd(const struct oauth_flow *f)
{
    return f->code == NULL && f->status == OAUTH_FLOW_PENDING
               ? callback_fd(f->cb)
               : -1;
}

int
oauth_flow_remaining_s(const struct oauth_flow *f)
{
    int64_t left = f->deadline_ms - oauth_now_ms();
    return left > 0 ? (int)((left + 999) / 1000) : 0;
}

/* End the flow with the failure in `e` (copied for later polls). */
static enum oauth_flow_status
oauth_flow_fail(struct oauth_flow *f, struct err *e)
{
    f->status = OAUTH_FLOW_FAILED;
    if (e != NULL)
        f->failure = *e;
    return f->status;
}

/* Start exchanging the code for tokens (with the PKCE verifier and the
 * same redirect URI). */
static enum oauth_flow_status
oauth_flow_exchange(struct oauth_flow *f, struct err *e)
{
    struct kv_list p = {0};
    bool ok = kv_list_add(&p, "grant_type", "authorization_code") &&
              kv_list_add(&p, "code", f->code) &&
              kv_list_add(&p, "redirect_uri", f->redirect_uri);
    if (ok && f->pkce)
        ok = kv_list_add(&p, "code_verifier", f->verifier);
    tstatus st = ok ? oauth_call_start(&f->call, f->ig, f->ig->oauth.token_url,
                                       &p, NULL, e)
                    : err_set(e, TS_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i < p.n; i++)
        sodium_memzero(p.items[i].value, strlen(p.items[i].value));
    kv_list_free(&p);
    return st == TS_OK ? OAUTH_FLOW_PENDING : oauth_flow_fail(f, e);
}

/* Take a result carrying code or error (from the listener or a paste). */
static enum oauth_flow_status
oauth_flow_take(struct oauth_flow *f, const char *code, const char *error,
                const char *desc, const char *uri, struct err *e)
{
    if (error != NULL) {
        struct oauth_error oe;
        oauth_error_set(&oe, error, desc, uri);
        oauth_error_explain(&oe, f->ig, OAUTH_STAGE_AUTHORIZE, f->port, e);
        return oauth_flow_fail(f, e);
    }
    f->code = strdup(code);
    if (f->code == NULL) {
        err_set(e, TS_NOMEM, NULL, "out of memory");
        return oauth_flow_fail(f, e);
    }
    /* The listener stays up until the flow is freed: the browser still
     * gets its page, and later requests hear that it is over. */
    return oauth_flow_exchange(f, e);
}

/* Drive the exchange for at most timeout_ms. */
static enum oauth_flow_status
oauth_flow_step_exchange(struct oauth_flow *f, int timeout_ms, struct err *e)
{
    struct oauth_error oe;
    struct err local;
    struct err *pe = e != NULL ? e : &local;
    tstatus st;
    if (!oauth_call_tokens(&f->call, f->ig, OAUTH_STAGE_CODE, timeout_ms, &st,
                           &f->tokens, &oe, pe))
        return OAUTH_FLOW_PENDING;
    oauth_call_free(&f->call);
    if (st != TS_OK)
        return oauth_flow_fail(f, pe);
    f->status = OAUTH_FLOW_READY;
    return f->status;
}

enum oauth_flow_status
oauth_flow_poll(struct oauth_flow *f, int timeout_ms, struct err *e)
{
    if (f->status == OAUTH_FLOW_FAILED && e != NULL)
        *e = f->failure;
    if (f->status != OAUTH_FLOW_PENDING)
        return f->status;
    if (f->cancelled) {
        err_set(e, TS_CANCELLED, NULL, "authorization cancelled");
        return oauth_flow_fail(f, e);
    }
    if (oauth_call_busy(&f->call))
        return oauth_flow_step_exchange(f, timeout_ms, e);

    int64_t left = f->deadline_ms - oauth_now_ms();
    if (left < 0)
        left = 0;
    if (timeout_ms < 0 || timeout_ms > left)
        timeout_ms = (int)left;
    struct callback_result r;
    if (callback_wait(f->cb, timeout_ms, &r) == CALLBACK_DONE &&
        (r.code != NULL || r.error != NULL)) {
        /* RFC 9207: a response from another issuer is refused. */
        struct err local;
        struct err *pe = e != NULL ? e : &local;
        if (oauth_check_iss(f->ig, r.iss, pe) != TS_OK) {
            callback_result_free(&r);
            return oauth_flow_fail(f, pe);
        }
        enum oauth_flow_status s = oauth_flow_take(
            f, r.code, r.error, r.error_description, r.error_uri, e);
        callback_result_free(&r);
        return s == OAUTH_FLOW_PENDING ? oauth_flow_step_exchange(f, 0, e) : s;
    }
    callback_result_free(&r);
    if (f->cancelled) {
        err_set(e, TS_CANCELLED, NULL, "authorization cancelled");
        return oauth_flow_fail(f, e);
    }
    if (oauth_now_ms() >= f->deadline_ms) {
        char again[200];
        err_set(e, TS_OAUTH, NULL,
                "no answer from the browser within %d s: the redirect to "
                "%s never came\n%s",
                f->timeout_s, f->redirect_uri,
                remedy_say(again, sizeof again, f->ig->name,
                           "run tether authorize NAME again (--timeout S "
                           "waits longer), or paste the redirect URL when "
                           "asked",
                           "press Authorize again, or paste the redirect "
                           "URL when asked"));
        return oauth_flow_fail(f, e);
    }
    return OAUTH_FLOW_PENDING;
}

bool
oauth_flow_exchanging(const struct oauth_flow *f)
{
    return oauth_call_busy(&f->call);
}

/* A bare authorization code: printable, no blanks, sane length. */
static bool
oauth_looks_like_code(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 4096)
        return false;
    for (const char *p = s; *p != '\0'; p++)
        if (!isgraph((unsigned char)*p) || strchr("&?#=\"'<>", *p))
            return false;
    return true;
}

enum oauth_flow_status
oauth_flow_paste(struct oauth_flow *f, const char *text, struct err *e)
{
    if (f->status != OAUTH_FLOW_PENDING || f->code != NULL)
        return oauth_flow_poll(f, 0, e);

    /* Trim blanks and a trailing newline. */
    while (*text != '\0' && isspace((unsigned char)*text))
        text++;
    size_t n = strlen(text);
    while (n > 0 && isspace((unsigned char)text[n - 1]))
        n--;
    char *t = strndup(text, n);
    if (t == NULL) {
        err_set(e, TS_NOMEM, NULL, "out of memory");
        return OAUTH_FLOW_PENDING;
    }

    enum oauth_flow_status s = OAUTH_FLOW_PENDING;
    const char *q = strchr(t, '?');
    bool query =
        q != NULL || strstr(t, "code=") != NULL || strstr(t, "error=") != NULL;
    if (!query) {
        if (oauth_looks_like_code(t))
            s = oauth_flow_take(f, t, NULL, NULL, NULL, e);
        else
            err_set(e, TS_INVALID, "paste",
                    "that is neither the redirect URL (%s?code=...) nor a "
                    "code; paste the whole address the browser ended on",
                    f->redirect_uri);
    } else {
        q = q != NULL ? q + 1 : t;
        char *state = oauth_query_get(q, "state");
        char *code = oauth_query_get(q, "code");
        char *error = oauth_query_get(q, "error");
        char *iss = oauth_query_get(q, "iss");
        if (state == NULL || strlen(state) != strlen(f->state) ||
            sodium_memcmp(state, f->state, strlen(state)) != 0) {
            err_set(e, TS_INVALID, "paste",
                    "the pasted URL %s; it does not belong to this "
                    "authorization request, keep waiting or paste the "
                    "right one",
                    state == NULL ? "has no state" : "has the wrong state");
        } else if (oauth_check_iss(f->ig, iss, e) != TS_OK) {
            /* RFC 9207: refused; keep waiting for the right one. */
        } else if (error != NULL) {
            char *desc = oauth_query_get(q, "error_description");
            char *uri = oauth_query_get(q, "error_uri");
            s = oauth_flow_take(f, NULL, error, desc, uri, e);
            free(desc);
            free(uri);
        } else if (code != NULL && code[0] != '\0') {
            s = oauth_flow_take(f, code, NULL, NULL, NULL, e);
        } else {
            err_set(e, TS_INVALID, "paste", "the pasted URL carries no code");
        }
        free(state);
        free(error);
        free(iss);
        if (code != NULL) {
            sodium_memzero(code, strlen(code));
            free(code);
        }
    }
    sodium_memzero(t, n);
    free(t);
    return s;
}

void
oauth_flow_cancel(struct oauth_flow *f)
{
    f->cancelled = true;
    oauth_call_cancel(&f->call);
}

tstatus
oauth_flow_finish(struct oauth_flow *f, struct store *st,
                  struct integration *ig, struct err *e)
{
    if (f->status != OAUTH_FLOW_READY)
        return err_set(e, TS_INVALID, NULL,
                       "the authorization has not finished");
    /* A new authorization replaces whatever was there. */
    oauth_tokens_clear(&ig->oauth.tokens);
    oauth_tokens_adopt(&ig->oauth.tokens, &f->tokens);
    return oauth_save(st, ig, e);
}

const char *
oauth_flow_code(const struct oauth_flow *f)
{
    return f->code;
}

const char *
oauth_flow_verifier(const struct oauth_flow *f)
{
    return f->pkce ? f->verifier : NULL;
}

void
oauth_flow_free(struct oauth_flow *f)
{
    if (f == NULL)
        return;
    callback_stop(f->cb);
    oauth_call_free(&f->call);
    oauth_tokens_clear(&f->tokens);
    integration_free(f->ig);
    if (f->code != NULL) {
        sodium_memzero(f->code, strlen(f->code));
        free(f->code);
    }
    free(f->url);
    sodium_memzero(f, sizeof *f);
    free(f);
}
