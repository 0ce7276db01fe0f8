/* fuzz_token.c — the token endpoint's answer (src/oauth_token.c:
 * oauth_parse_token_response) and the explanation of an OAuth error
 * (oauth_error_explain), which the code exchange, refresh, client
 * credentials and device grants all go through.
 *
 * An input is one byte choosing the HTTP status, one choosing the stage,
 * then the body exactly as the server sent it (not NUL-terminated).
 * Promises checked: a success holds a non-empty access token, obtained now
 * and expiring now or later (or never said); an OAuth error has a code and
 * explains itself for every stage; anything else is TS_HTTP with a message;
 * adopting fresh tokens keeps the old refresh token when none came. */
#include <string.h>

#include "fuzz.h"
#include "oauth.h"

#define H "token"
#define NOW 1000000000

static const long statuses[] = {200, 201, 400, 401, 403, 500, 302, 204};

static void
check_explain(const struct oauth_error *oe, int stage)
{
    struct integration *ig = integration_new();
    if (ig == NULL)
        return;
    ig->name = strdup("Fuzz");
    ig->auth = AUTH_OAUTH2;
    ig->oauth.grant = (enum oauth_grant)(stage % 3);
    ig->oauth.client_id = strdup("client");
    ig->oauth.redirect_port = 8765;
    struct err e = {0};
    tstatus st = oauth_error_explain(oe, ig, (enum oauth_stage)(stage % 5),
                                     stage & 8 ? 0 : 40000, &e);
    FUZZ_CHECK(H, st == TS_OAUTH || st == TS_NEEDS_AUTH,
               "an OAuth error is explained as neither TS_OAUTH nor "
               "TS_NEEDS_AUTH");
    FUZZ_CHECK(H, e.msg[0] != '\0' && strlen(e.msg) < sizeof e.msg,
               "an explained OAuth error has no message");
    integration_free(ig);
}

static void
check_adopt(struct oauth_tokens *fresh)
{
    bool had_refresh = secret_is_set(&fresh->refresh_token);
    struct oauth_tokens old = {0};
    if (!secret_assign(&old.refresh_token, "old-refresh"))
        return;
    oauth_tokens_adopt(&old, fresh);
    FUZZ_CHECK(H, secret_is_set(&old.refresh_token),
               "adopting fresh tokens lost the refresh token");
    if (!had_refresh)
        FUZZ_CHECK(H, strcmp(old.refresh_token.value, "old-refresh") == 0,
                   "adopting tokens without a refresh token dropped the "
                   "old one");
    FUZZ_CHECK(H,
               oauth_token_usable(&old, NOW) ==
                   (old.expires_at == 0 ||
                    old.expires_at > NOW + OAUTH_REFRESH_BUFFER_S),
               "a fresh token's usability disagrees with its expiry");
    oauth_tokens_clear(&old);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    long status = statuses[data[0] % (sizeof statuses / sizeof *statuses)];
    int stage = data[1];
    const char *body = (const char *)data + 2;
    size_t len = size - 2;

    struct oauth_tokens t;
    struct oauth_error oe;
    struct err e = {0};
    tstatus st = oauth_parse_token_response(status, len ? body : NULL, len, NOW,
                                            &t, &oe, &e);
    switch (st) {
    case TS_OK:
        FUZZ_CHECK(
            H, t.access_token.value != NULL && t.access_token.value[0] != '\0',
            "a success without an access token");
        FUZZ_CHECK(H, t.obtained_at == NOW, "obtained_at is not now");
        FUZZ_CHECK(H, t.expires_at == 0 || t.expires_at >= NOW,
                   "a fresh token expired before it was obtained");
        check_adopt(&t);
        break;
    case TS_OAUTH:
        FUZZ_CHECK(H, oe.error[0] != '\0', "an OAuth error without a code");
        FUZZ_CHECK(H,
                   memchr(oe.error, '\0', sizeof oe.error) &&
                       memchr(oe.description, '\0', sizeof oe.description) &&
                       memchr(oe.uri, '\0', sizeof oe.uri),
                   "an OAuth error field is not terminated");
        check_explain(&oe, stage);
        break;
    case TS_HTTP:
        FUZZ_CHECK(H, e.msg[0] != '\0', "TS_HTTP without a message");
        break;
    default:
        fuzz_fail(H, "an unexpected status from the token parser");
    }
    oauth_tokens_clear(&t);
    return 0;
}
