/* oauth_device.c — the device authorization grant (RFC 8628): ask for a
 * user code, then poll the token endpoint at the server's pace, each poll
 * a request driven a slice at a time. */
#include "oauth.h"
#include "oauth_int.h"

#include <cJSON.h>
#include <math.h>
#include <poll.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "remedy.h"

#define OAUTH_DEVICE_GRANT "urn:ietf:params:oauth:grant-type:device_code"
#define OAUTH_DEVICE_SLOW_DOWN_S 5

struct oauth_device {
    struct integration *ig; /* a copy, client secret included */
    struct oauth_call call; /* the poll in flight, if any */
    bool cancelled;
    char *device_code;
    char *user_code;
    char *verification_uri;
    char *verification_uri_complete;
    int interval_s;
    int64_t expires_ms; /* monotonic; 0 = the server did not say */
    int64_t next_poll_ms;
    enum oauth_flow_status status;
    struct err failure;
    struct oauth_tokens tokens;
};

void
oauth_device_free(struct oauth_device *d)
{
    if (d == NULL)
        return;
    if (d->device_code != NULL) {
        sodium_memzero(d->device_code, strlen(d->device_code));
        free(d->device_code);
    }
    free(d->user_code);
    free(d->verification_uri);
    free(d->verification_uri_complete);
    oauth_tokens_clear(&d->tokens);
    oauth_call_free(&d->call);
    integration_free(d->ig);
    free(d);
}

static char *
oauth_device_str(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) && v->valuestring[0] != '\0'
               ? strdup(v->valuestring)
               : NULL;
}

/* A number of seconds given as a number or a numeric string; `dflt` when
 * absent or unusable. */
static int
oauth_device_seconds(const cJSON *o, const char *name, int dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    double d = -1;
    if (cJSON_IsNumber(v))
        d = v->valuedouble;
    else if (cJSON_IsString(v))
        d = atof(v->valuestring);
    if (!isfinite(d) || d <= 0 || d > 86400)
        return dflt;
    return (int)d;
}

/* Fill d from a device authorization response; false when it lacks what
 * RFC 8628 3.2 requires. */
static bool
oauth_device_parse(struct oauth_device *d, const char *body, size_t len)
{
    cJSON *j = cJSON_ParseWithLength(body, len);
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return false;
    }
    d->device_code = oauth_device_str(j, "device_code");
    d->user_code = oauth_device_str(j, "user_code");
    d->verification_uri = oauth_device_str(j, "verification_uri");
    if (d->verification_uri == NULL) /* an older draft's spelling */
        d->verification_uri = oauth_device_str(j, "verification_url");
    d->verification_uri_complete =
        oauth_device_str(j, "verification_uri_complete");
    d->interval_s =
        oauth_device_seconds(j, "interval", OAUTH_DEVICE_INTERVAL_S);
    int expires = oauth_device_seconds(j, "expires_in", 0);
    d->expires_ms = expires > 0 ? oauth_now_ms() + (int64_t)expires * 1000 : 0;
    cJSON *dc = cJSON_GetObjectItemCaseSensitive(j, "device_code");
    if (cJSON_IsString(dc))
        sodium_memzero(dc->valuestring, strlen(dc->valuestring));
    cJSON_Delete(j);
    return d->device_code != NULL && d->user_code != NULL &&
           d->verification_uri != NULL;
}

/* The device authorization request: client_id (and the client's
 * authentication when it has a secret), scope, extra parameters. */
static bool
oauth_device_params(const struct integration *ig, struct kv_list *p)
{
    if (ig->oauth.scope != NULL && !kv_list_add(p, "scope", ig->oauth.scope))
        return false;
    for (size_t i = 0; i < ig->oauth.params.n; i++)
        if (!kv_list_add(p, ig->oauth.params.items[i].key,
                         ig->oauth.params.items[i].value
                             ? ig->oauth.params.items[i].value
                             : ""))
            return false;
    return true;
}

tstatus
oauth_device_start(const struct integration *ig, atomic_bool *cancel,
                   struct oauth_device **out, struct err *e)
{
    *out = NULL;
    if (ig->auth != AUTH_OAUTH2 || ig->oauth.grant != GRANT_DEVICE_CODE)
        return err_set(e, TS_INVALID, "grant",
                       "%s does not use the device code grant",
                       ig->name ? ig->name : "this integration");
    char r[160];
    if (ig->oauth.device_url == NULL)
        return err_set(e, TS_INVALID, "device_url",
                       "no device authorization URL is set: %s",
                       remedy_say(r, sizeof r, ig->name,
                                  "tether edit NAME --device-url URL",
                                  "enter it as Device Authorization URL in "
                                  "step 3"));
    struct kv_list p = {0};
    if (!oauth_device_params(ig, &p)) {
        kv_list_free(&p);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    long status;
    char *body;
    size_t len;
    tstatus st = oauth_post_form(ig, ig->oauth.device_url, &p, cancel, &status,
                                 &body, &len, e);
    kv_list_free(&p);
    if (st != TS_OK)
        return st;

    struct oauth_device *d = calloc(1, sizeof *d);
    if (d == NULL) {
        free(body);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    d->ig = integration_dup(ig);
    if (d->ig != NULL)
        oauth_tokens_clear(&d->ig->oauth.tokens);
    if (d->ig != NULL && status >= 200 && status < 300 && body != NULL &&
        oauth_device_parse(d, body, len)) {
        free(body);
        d->status = OAUTH_FLOW_PENDING;
        d->next_poll_ms = oauth_now_ms() + (int64_t)d->interval_s * 1000;
        *out = d;
        return TS_OK;
    }
    oauth_device_free(d);

    /* An RFC 6749 error, or something else entirely. */
    struct oauth_tokens none;
    struct oauth_error oe;
    st = oauth_parse_token_response(status, body, len, 0, &none, &oe, e);
    free(body);
    if (st == TS_OAUTH)
        return oauth_error_explain(&oe, ig, OAUTH_STAGE_DEVICE, 0, e);
    oauth_tokens_clear(&none);
    return err_set(e, TS_HTTP, "device_url",
                   "the device authorization endpoint %s answered %ld "
                   "without a user code; check the device URL",
                   ig->oauth.device_url, status);
}

const char *
oauth_device_user_code(const struct oauth_device *d)
{
    return d->user_code;
}

const char *
oauth_device_verification_uri(const struct oauth_device *d)
{
    return d->verification_uri;
}

const char *
oauth_device_verification_uri_complete(const struct oauth_device *d)
{
    return d->verification_uri_complete;
}

int
oauth_device_remaining_s(const struct oauth_device *d)
{
    if (d->expires_ms == 0)
        return 0;
    int64_t left = d->expires_ms - oauth_now_ms();
    return left > 0 ? (int)((left + 999) / 1000) : 0;
}

static enum oauth_flow_status
oauth_device_fail(struct oauth_device *d, struct err *e)
{
    d->status = OAUTH_FLOW_FAILED;
    d->failure = *e;
    return d->status;
}

/* The answer to one poll. */
static enum oauth_flow_status
oauth_device_answer(struct oauth_device *d, tstatus st,
                    const struct oauth_error *oe, struct err *e)
{
    d->next_poll_ms = oauth_now_ms() + (int64_t)d->interval_s * 1000;
    if (st == TS_OK) {
        d->status = OAUTH_FLOW_READY;
        return d->status;
    }
    if (st == TS_OAUTH && strcmp(oe->error, "authorization_pending") == 0) {
        err_clear(e);
        return OAUTH_FLOW_PENDING;
    }
    if (st == TS_OAUTH && strcmp(oe->error, "slow_down") == 0) {
        d->interval_s += OAUTH_DEVICE_SLOW_DOWN_S;
        d->next_poll_ms = oauth_now_ms() + (int64_t)d->interval_s * 1000;
        err_clear(e);
        return OAUTH_FLOW_PENDING;
    }
    char again[160];
    if (st == TS_OAUTH && strcmp(oe->error, "access_denied") == 0)
        err_set(e, TS_OAUTH, NULL,
                "the request was denied (access_denied%s%s)\n%s",
                oe->description[0] ? ": " : "", oe->description,
                remedy_say(again, sizeof again, d->ig->name,
                           "run tether authorize NAME again and approve it",
                           "press Authorize again and approve it"));
    return oauth_device_fail(d, e);
}

enum oauth_flow_status
oauth_device_poll(struct oauth_device *d, int timeout_ms, struct err *e)
{
    struct err local;
    if (e == NULL)
        e = &local;
    if (d->status == OAUTH_FLOW_FAILED)
        *e = d->failure;
    if (d->status != OAUTH_FLOW_PENDING)
        return d->status;
    int64_t end = oauth_now_ms() + (timeout_ms < 0 ? 0 : timeout_ms);
    for (;;) {
        if (d->cancelled) {
            err_set(e, TS_CANCELLED, NULL, "authorization cancelled");
            return oauth_device_fail(d, e);
        }
        int64_t now = oauth_now_ms();
        int left = end > now ? (int)(end - now) : 0;
        if (oauth_call_busy(&d->call)) {
            tstatus st;
            struct oauth_error oe;
            oauth_tokens_clear(&d->tokens);
            if (!oauth_call_tokens(&d->call, d->ig, OAUTH_STAGE_DEVICE, left,
                                   &st, &d->tokens, &oe, e))
                return OAUTH_FLOW_PENDING;
            oauth_call_free(&d->call);
            enum oauth_flow_status s = oauth_device_answer(d, st, &oe, e);
            if (s != OAUTH_FLOW_PENDING)
                return s;
            continue;
        }
        if (d->expires_ms != 0 && now >= d->expires_ms) {
            char r[160];
            err_set(e, TS_OAUTH, NULL,
                    "the user code %s expired before it was confirmed\n%s",
                    d->user_code,
                    remedy_say(r, sizeof r, d->ig->name,
                               "run tether authorize NAME again",
                               "press Authorize again"));
            return oauth_device_fail(d, e);
        }
        if (now < d->next_poll_ms) {
            int wait = (int)(d->next_poll_ms - now);
            if (wait > left)
                wait = left;
            if (wait > 0)
                poll(NULL, 0, wait);
            if (oauth_now_ms() < d->next_poll_ms)
                return OAUTH_FLOW_PENDING;
        }
        struct kv_list p = {0};
        bool ok = kv_list_add(&p, "grant_type", OAUTH_DEVICE_GRANT) &&
                  kv_list_add(&p, "device_code", d->device_code);
        tstatus st = ok ? oauth_call_start(&d->call, d->ig,
                                           d->ig->oauth.token_url, &p, NULL, e)
                        : err_set(e, TS_NOMEM, NULL, "out of memory");
        for (size_t i = 0; i < p.n; i++)
            sodium_memzero(p.items[i].value, strlen(p.items[i].value));
        kv_list_free(&p);
        if (st != TS_OK)
            return oauth_device_fail(d, e);
    }
}

void
oauth_device_cancel(struct oauth_device *d)
{
    d->cancelled = true;
    oauth_call_cancel(&d->call);
}

int
oauth_device_interval_s(const struct oauth_device *d)
{
    return d->interval_s;
}

tstatus
oauth_device_finish(struct oauth_device *d, struct store *st,
                    struct integration *ig, struct err *e)
{
    if (d->status != OAUTH_FLOW_READY)
        return err_set(e, TS_INVALID, NULL,
                       "the device authorization has not finished");
    oauth_tokens_clear(&ig->oauth.tokens);
    oauth_tokens_adopt(&ig->oauth.tokens, &d->tokens);
    return oauth_save(st, ig, e);
}
