/* oauth_grant.c — grants without a user (client credentials, refresh)
 * and oauth_prepare() for the request path. */
#include "oauth.h"
#include "oauth_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "remedy.h"

/* "run: tether authorize NAME", or what to press on the screens. */
static void
oauth_grant_again(const struct integration *ig, char *buf, size_t len)
{
    remedy_say(buf, len, ig->name, "run: tether authorize NAME",
               "authorize it again (step 4, or a on the home screen)");
}

static void
oauth_wipe(char *s)
{
    if (s != NULL)
        sodium_memzero(s, strlen(s));
}

tstatus
oauth_save(struct store *st, struct integration *ig, struct err *e)
{
    if (st == NULL || ig->id == 0)
        return TS_OK;
    return store_save_tokens(st, ig->id, &ig->oauth.tokens, e);
}

tstatus
oauth_client_credentials(const struct integration *ig, atomic_bool *cancel,
                         struct oauth_tokens *out, struct err *e)
{
    struct kv_list p = {0};
    bool ok = kv_list_add(&p, "grant_type", "client_credentials");
    if (ok && ig->oauth.scope != NULL)
        ok = kv_list_add(&p, "scope", ig->oauth.scope);
    for (size_t i = 0; ok && i < ig->oauth.params.n; i++)
        ok = kv_list_add(&p, ig->oauth.params.items[i].key,
                         ig->oauth.params.items[i].value
                             ? ig->oauth.params.items[i].value
                             : "");
    tstatus s;
    if (ok)
        s = oauth_token_call(ig, ig->oauth.token_url, &p, OAUTH_STAGE_CLIENT,
                             cancel, out, NULL, e);
    else
        s = err_set(e, TS_NOMEM, NULL, "out of memory");
    kv_list_free(&p);
    return s;
}

/* Mark ig as needing authorization (in memory and in the store), keeping
 * the message in `e`. */
static tstatus
oauth_mark_needs_auth(struct store *st, struct integration *ig,
                      struct err *e)
{
    char reason[256];
    snprintf(reason, sizeof reason, "%s",
             e != NULL ? e->msg : "the refresh token was refused");
    char *nl = strchr(reason, '\n');
    if (nl != NULL)
        *nl = '\0';
    struct oauth_tokens *t = &ig->oauth.tokens;
    t->needs_auth = true;
    model_set_str(&t->needs_auth_reason, reason);
    if (st != NULL && ig->id != 0) {
        struct err se;
        tstatus s = store_mark_needs_auth(st, ig->id, reason, &se);
        if (s != TS_OK) {
            if (e != NULL)
                *e = se;
            return s;
        }
    }
    return TS_NEEDS_AUTH;
}

tstatus
oauth_refresh(struct store *st, struct integration *ig, atomic_bool *cancel,
              struct err *e)
{
    const char *name = ig->name ? ig->name : "NAME";
    struct oauth_tokens *t = &ig->oauth.tokens;
    char again[160];
    oauth_grant_again(ig, again, sizeof again);
    if (t->refresh_token.value == NULL)
        return err_set(e, TS_NEEDS_AUTH, NULL, "%s has no refresh token\n%s",
                       name, again);
    struct kv_list p = {0};
    bool ok = kv_list_add(&p, "grant_type", "refresh_token") &&
              kv_list_add(&p, "refresh_token", t->refresh_token.value);
    tstatus s;
    struct oauth_tokens fresh = {0};
    if (ok)
        s = oauth_token_call(ig, ig->oauth.token_url, &p,
                             OAUTH_STAGE_REFRESH, cancel, &fresh, NULL, e);
    else
        s = err_set(e, TS_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i < p.n; i++)
        oauth_wipe(p.items[i].value);
    kv_list_free(&p);
    if (s == TS_NEEDS_AUTH)
        return oauth_mark_needs_auth(st, ig, e);
    if (s != TS_OK)
        return s;
    oauth_tokens_adopt(t, &fresh);
    return oauth_save(st, ig, e);
}

/* A secret the caller should have loaded but did not, or cannot read. */
static tstatus
oauth_check_loaded(const struct integration *ig, const struct secret *s,
                   const char *what, struct err *e)
{
    if (s->state == SECRET_UNREADABLE)
        return err_set(e, TS_KEY, what,
                       "the %s of %s cannot be decrypted with this key",
                       what, ig->name ? ig->name : "this integration");
    if (secret_is_set(s) && s->value == NULL)
        return err_set(e, TS_INVALID, what, "the %s was not loaded", what);
    return TS_OK;
}

tstatus
oauth_prepare(struct store *st, struct integration *ig, bool force_refresh,
              atomic_bool *cancel, struct err *e)
{
    if (ig->auth != AUTH_OAUTH2)
        return TS_OK;
    const char *name = ig->name ? ig->name : "NAME";
    struct oauth_tokens *t = &ig->oauth.tokens;
    char again[160];
    oauth_grant_again(ig, again, sizeof again);
    tstatus s = oauth_check_loaded(ig, &t->access_token, "access token", e);
    if (s == TS_OK)
        s = oauth_check_loaded(ig, &t->refresh_token, "refresh token", e);
    if (s != TS_OK)
        return s;
    int64_t now = (int64_t)time(NULL);

    if (ig->oauth.grant == GRANT_CLIENT_CREDENTIALS) {
        if (!force_refresh && oauth_token_usable(t, now))
            return TS_OK;
        struct oauth_tokens fresh;
        s = oauth_client_credentials(ig, cancel, &fresh, e);
        if (s != TS_OK)
            return s;
        oauth_tokens_clear(t);
        oauth_tokens_adopt(t, &fresh);
        return oauth_save(st, ig, e);
    }

    if (t->needs_auth)
        return err_set(e, TS_NEEDS_AUTH, NULL,
                       "%s needs authorization%s%s%s\n%s", name,
                       t->needs_auth_reason ? " (" : "",
                       t->needs_auth_reason ? t->needs_auth_reason : "",
                       t->needs_auth_reason ? ")" : "", again);
    if (!force_refresh && oauth_token_usable(t, now))
        return TS_OK;
    if (t->refresh_token.value != NULL)
        return oauth_refresh(st, ig, cancel, e);
    if (t->access_token.value == NULL)
        return err_set(e, TS_NEEDS_AUTH, NULL,
                       "%s has no access token yet (never authorized)\n%s",
                       name, again);
    return err_set(e, TS_NEEDS_AUTH, NULL,
                   "the access token of %s %s and there is no refresh "
                   "token\n%s",
                   name, force_refresh ? "was refused" : "has expired", again);
}
