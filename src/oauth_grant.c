/* oauth_grant.c — grants without a user (client credentials, refresh)
 * and oauth_prepare() for the request path. */
#include "oauth.h"
#include "oauth_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
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

/* Commit ig's tokens, in their own transaction (the caller holds the
 * token lock when ig is stored). */
static tstatus
oauth_commit(struct store *st, struct integration *ig, struct err *e)
{
    if (st == NULL || ig->id == 0)
        return TS_OK;
    return store_save_tokens(st, ig->id, &ig->oauth.tokens, e);
}

/* The longest a token request of ig may take (its request timeout). */
static long
oauth_request_ms(const struct integration *ig)
{
    return ig->net.timeout_ms > 0 ? ig->net.timeout_ms
                                  : MODEL_DEFAULT_TIMEOUT_MS;
}

tstatus
oauth_save(struct store *st, struct integration *ig, struct err *e)
{
    if (st == NULL || ig->id == 0)
        return TS_OK;
    struct store_lock *lock;
    tstatus s = store_lock_tokens(st, ig->id, ig->name ? ig->name : "NAME",
                                  oauth_request_ms(ig), &lock, e);
    if (s != TS_OK)
        return s;
    s = oauth_commit(st, ig, e);
    store_unlock(lock);
    return s;
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
oauth_mark_needs_auth(struct store *st, struct integration *ig, struct err *e)
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
        s = oauth_token_call(ig, ig->oauth.token_url, &p, OAUTH_STAGE_REFRESH,
                             cancel, &fresh, NULL, e);
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
    return oauth_commit(st, ig, e);
}

tstatus
oauth_forget(struct store *st, struct integration *ig, struct err *e)
{
    struct store_lock *lock;
    tstatus s = store_lock_tokens(st, ig->id, ig->name ? ig->name : "NAME",
                                  oauth_request_ms(ig), &lock, e);
    if (s != TS_OK)
        return s;
    s = store_clear_tokens(st, ig->id, e);
    store_unlock(lock);
    if (s == TS_OK)
        oauth_tokens_clear(&ig->oauth.tokens);
    return s;
}

/* A secret the caller should have loaded but did not, or cannot read. */
static tstatus
oauth_check_loaded(const struct integration *ig, const struct secret *s,
                   const char *what, struct err *e)
{
    if (s->state == SECRET_UNREADABLE)
        return err_set(e, TS_KEY, what,
                       "the %s of %s cannot be decrypted with this key", what,
                       ig->name ? ig->name : "this integration");
    if (secret_is_set(s) && s->value == NULL)
        return err_set(e, TS_INVALID, what, "the %s was not loaded", what);
    return TS_OK;
}

/* Why the user must authorize before ig (authorization code or device
 * code) can have a token, or TS_OK when a refresh may get one. */
static tstatus
oauth_why_not(const struct integration *ig, bool force_refresh, struct err *e)
{
    const char *name = ig->name ? ig->name : "NAME";
    const struct oauth_tokens *t = &ig->oauth.tokens;
    char again[160];
    oauth_grant_again(ig, again, sizeof again);
    if (ig->oauth.grant == GRANT_CLIENT_CREDENTIALS)
        return TS_OK;
    if (t->needs_auth)
        return err_set(e, TS_NEEDS_AUTH, NULL,
                       "%s needs authorization%s%s%s\n%s", name,
                       t->needs_auth_reason ? " (" : "",
                       t->needs_auth_reason ? t->needs_auth_reason : "",
                       t->needs_auth_reason ? ")" : "", again);
    if (t->refresh_token.value != NULL)
        return TS_OK;
    if (t->access_token.value == NULL)
        return err_set(e, TS_NEEDS_AUTH, NULL,
                       "%s has no access token yet (never authorized)\n%s",
                       name, again);
    return err_set(e, TS_NEEDS_AUTH, NULL,
                   "the access token of %s %s and there is no refresh "
                   "token\n%s",
                   name, force_refresh ? "was refused" : "has expired", again);
}

/* Ask the token endpoint for ig's new tokens and commit them at once:
 * client credentials fetched, or the refresh token spent. */
static tstatus
oauth_renew(struct store *st, struct integration *ig, bool force_refresh,
            atomic_bool *cancel, struct err *e)
{
    if (ig->oauth.grant != GRANT_CLIENT_CREDENTIALS) {
        tstatus s = oauth_why_not(ig, force_refresh, e);
        return s == TS_OK ? oauth_refresh(st, ig, cancel, e) : s;
    }
    struct oauth_tokens fresh;
    tstatus s = oauth_client_credentials(ig, cancel, &fresh, e);
    if (s != TS_OK)
        return s;
    oauth_tokens_clear(&ig->oauth.tokens);
    oauth_tokens_adopt(&ig->oauth.tokens, &fresh);
    return oauth_commit(st, ig, e);
}

static bool
oauth_same_secret(const struct secret *a, const struct secret *b)
{
    if (a->value == NULL || b->value == NULL)
        return a->value == b->value;
    return strcmp(a->value, b->value) == 0;
}

/* Under the token lock: read the stored tokens again. When another
 * process or thread renewed them (or marked them) since ig was read, ig
 * takes them and *changed is set. */
static tstatus
oauth_reread(struct store *st, struct integration *ig, bool *changed,
             struct err *e)
{
    struct oauth_tokens cur, *t = &ig->oauth.tokens;
    tstatus s = store_load_tokens(st, ig->id, &cur, e);
    if (s != TS_OK)
        return s;
    *changed = cur.needs_auth != t->needs_auth ||
               !oauth_same_secret(&cur.access_token, &t->access_token) ||
               !oauth_same_secret(&cur.refresh_token, &t->refresh_token);
    if (*changed) {
        oauth_tokens_clear(t);
        *t = cur;
    } else {
        oauth_tokens_clear(&cur);
    }
    return TS_OK;
}

/* Renew ig's tokens as one critical section with every other process and
 * thread using the store: under the integration's token lock, read the
 * stored tokens again; when another renewed them meanwhile, use theirs
 * (unless those have expired too) and ask nothing; otherwise renew and
 * commit before letting go. */
static tstatus
oauth_renew_locked(struct store *st, struct integration *ig, bool force_refresh,
                   atomic_bool *cancel, struct err *e)
{
    const char *name = ig->name ? ig->name : "NAME";
    struct store_lock *lock;
    tstatus s =
        store_lock_tokens(st, ig->id, name, oauth_request_ms(ig), &lock, e);
    if (s != TS_OK)
        return s;
    bool changed = false, done = false;
    s = oauth_reread(st, ig, &changed, e);
    if (s == TS_OK && changed) {
        const struct oauth_tokens *t = &ig->oauth.tokens;
        int64_t now = clock_now();
        done = !t->needs_auth && t->access_token.value != NULL &&
               (t->expires_at == 0 || t->expires_at > now);
    }
    if (s == TS_OK && !done)
        s = oauth_renew(st, ig, force_refresh, cancel, e);
    store_unlock(lock);
    return s;
}

tstatus
oauth_prepare(struct store *st, struct integration *ig, bool force_refresh,
              atomic_bool *cancel, struct err *e)
{
    if (ig->auth != AUTH_OAUTH2)
        return TS_OK;
    struct oauth_tokens *t = &ig->oauth.tokens;
    tstatus s = oauth_check_loaded(ig, &t->access_token, "access token", e);
    if (s == TS_OK)
        s = oauth_check_loaded(ig, &t->refresh_token, "refresh token", e);
    if (s != TS_OK)
        return s;
    if (!force_refresh && oauth_token_usable(t, clock_now()))
        return TS_OK;
    s = oauth_why_not(ig, force_refresh, e);
    if (s != TS_OK)
        return s;
    if (st == NULL || ig->id == 0)
        return oauth_renew(st, ig, force_refresh, cancel, e);
    return oauth_renew_locked(st, ig, force_refresh, cancel, e);
}
