/* oauth_revoke.c — token revocation at the provider (RFC 7009). */
#include "oauth.h"
#include "oauth_int.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* POST token= and token_type_hint= to the revocation endpoint. RFC 7009
 * 2.2: 200 means revoked (or already invalid). */
static tstatus
oauth_revoke_one(const struct integration *ig, const char *token,
                 const char *hint, struct err *e)
{
    struct kv_list p = {0};
    if (!kv_list_add(&p, "token", token) ||
        !kv_list_add(&p, "token_type_hint", hint)) {
        kv_list_free(&p);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    long status = 0;
    char *body = NULL;
    size_t len = 0;
    tstatus st = oauth_post_form(ig, ig->oauth.revocation_url, &p, NULL,
                                 &status, &body, &len, e);
    kv_list_free(&p);
    if (st == TS_OK && status != 200) {
        struct oauth_tokens none;
        struct oauth_error oe;
        struct err pe;
        if (oauth_parse_token_response(status, body, len, 0, &none, &oe, &pe) ==
            TS_OAUTH)
            st = err_set(e, TS_OAUTH, "revocation_url",
                         "%s refused to revoke the %s: %s%s%s",
                         ig->oauth.revocation_url, hint, oe.error,
                         oe.description[0] ? ": " : "", oe.description);
        else
            st = err_set(e, TS_HTTP, "revocation_url",
                         "%s answered %ld to the revocation of the %s",
                         ig->oauth.revocation_url, status, hint);
        oauth_tokens_clear(&none);
    }
    if (body != NULL) {
        sodium_memzero(body, len);
        free(body);
    }
    return st;
}

enum oauth_revoke_result
oauth_revoke(const struct integration *ig, struct err *e)
{
    const struct oauth_tokens *t = &ig->oauth.tokens;
    const char *rt = t->refresh_token.value, *at = t->access_token.value;
    if (!secret_is_set(&t->refresh_token) && !secret_is_set(&t->access_token))
        return OAUTH_NOTHING_HELD;
    if (ig->oauth.revocation_url == NULL || ig->oauth.revocation_url[0] == 0)
        return OAUTH_NOT_REVOCABLE;
    if ((secret_is_set(&t->refresh_token) && rt == NULL) ||
        (secret_is_set(&t->access_token) && at == NULL)) {
        err_set(e, TS_KEY, NULL,
                "the tokens of %s cannot be decrypted with this key, so "
                "they could not be sent for revocation",
                ig->name ? ig->name : "this integration");
        return OAUTH_REVOKE_FAILED;
    }
    /* The refresh token first: revoking it ends the grant at most
     * providers, so the access token cannot be renewed meanwhile. */
    if (rt != NULL && oauth_revoke_one(ig, rt, "refresh_token", e) != TS_OK)
        return OAUTH_REVOKE_FAILED;
    if (at != NULL && oauth_revoke_one(ig, at, "access_token", e) != TS_OK)
        return OAUTH_REVOKE_FAILED;
    return OAUTH_REVOKED;
}
