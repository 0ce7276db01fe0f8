/* test_oauth_prepare.c — oauth_prepare() decisions that need no server:
 * other auth methods untouched, a valid token used as is, "needs
 * authorization" reported with the command to run and never retried, and
 * an unreachable token endpoint leaving the stored tokens alone, and
 * tokens renewed or marked by another process meanwhile (read again under
 * the token lock) used without asking the endpoint. The exchanges with a
 * real authorization server are in tests/oauth/. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "oauth.h"

struct fixture {
    char dir[64];
    char db[128];
    char key[128];
    struct store *st;
};

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/tether-prepare-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
    snprintf(f->key, sizeof f->key, "%s/key", f->dir);
    struct store_options o = {.path = f->db, .key_file = f->key};
    struct err e;
    assert_int_equal(store_open(&o, &f->st, &e), TS_OK);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->st);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* A port nobody listens on. */
static int
dead_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(fd, (struct sockaddr *)&sa, sizeof sa);
    socklen_t len = sizeof sa;
    getsockname(fd, (struct sockaddr *)&sa, &len);
    close(fd);
    return ntohs(sa.sin_port);
}

static struct integration *
add_oauth(struct store *st, const char *name, enum oauth_grant g)
{
    struct integration *ig = integration_new();
    model_set_str(&ig->name, name);
    model_set_str(&ig->base_url, "http://127.0.0.1:9");
    ig->auth = AUTH_OAUTH2;
    ig->oauth.grant = g;
    model_set_str(&ig->oauth.client_id, "cid");
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/token", dead_port());
    model_set_str(&ig->oauth.token_url, url);
    model_set_str(&ig->oauth.auth_url, "http://127.0.0.1:9/auth");
    model_set_str(&ig->oauth.device_url, "http://127.0.0.1:9/device");
    ig->net.connect_timeout_ms = 2000;
    struct err e;
    assert_int_equal(store_add(st, ig, &e), TS_OK);
    return ig;
}

static struct integration *
reload(struct store *st, const char *name)
{
    struct integration *ig;
    struct err e;
    assert_int_equal(store_get(st, name, STORE_WITH_SECRETS, &ig, &e), TS_OK);
    return ig;
}

static void
test_other_methods_untouched(void **state)
{
    (void)state;
    struct integration *ig = integration_new();
    ig->auth = AUTH_API_KEY;
    struct err e;
    err_clear(&e);
    assert_int_equal(oauth_prepare(NULL, ig, true, NULL, &e), TS_OK);
    integration_free(ig);
}

static void
test_not_authorized_yet(void **state)
{
    struct fixture *f = *state;
    struct integration *ig = add_oauth(f->st, "Acme", GRANT_AUTHORIZATION_CODE);
    integration_free(ig);
    ig = reload(f->st, "Acme");
    struct err e;
    assert_int_equal(oauth_prepare(f->st, ig, false, NULL, &e), TS_NEEDS_AUTH);
    assert_non_null(strstr(e.msg, "no access token yet"));
    assert_non_null(strstr(e.msg, "run: tether authorize Acme"));
    integration_free(ig);
}

static void
test_valid_token_used_as_is(void **state)
{
    struct fixture *f = *state;
    struct integration *ig = add_oauth(f->st, "Acme", GRANT_DEVICE_CODE);
    struct oauth_tokens *t = &ig->oauth.tokens;
    secret_assign(&t->access_token, "AT-valid");
    secret_assign(&t->refresh_token, "RT-1");
    t->obtained_at = (int64_t)time(NULL);
    t->expires_at = t->obtained_at + 3600;
    struct err e;
    assert_int_equal(store_save_tokens(f->st, ig->id, t, &e), TS_OK);
    integration_free(ig);

    ig = reload(f->st, "Acme");
    assert_int_equal(oauth_prepare(f->st, ig, false, NULL, &e), TS_OK);
    assert_string_equal(ig->oauth.tokens.access_token.value, "AT-valid");

    /* Forced (after a 401) it must refresh: the endpoint is down, so the
     * failure is a transport one and the stored tokens stay. */
    assert_int_equal(oauth_prepare(f->st, ig, true, NULL, &e), TS_NET);
    assert_non_null(strstr(e.msg, "/token"));
    integration_free(ig);
    ig = reload(f->st, "Acme");
    assert_string_equal(ig->oauth.tokens.access_token.value, "AT-valid");
    assert_string_equal(ig->oauth.tokens.refresh_token.value, "RT-1");
    assert_false(ig->oauth.tokens.needs_auth);
    integration_free(ig);
}

static void
test_needs_auth_not_retried(void **state)
{
    struct fixture *f = *state;
    struct integration *ig = add_oauth(f->st, "Acme", GRANT_AUTHORIZATION_CODE);
    struct oauth_tokens *t = &ig->oauth.tokens;
    secret_assign(&t->access_token, "AT-old");
    secret_assign(&t->refresh_token, "RT-old");
    t->expires_at = 1; /* long expired */
    struct err e;
    assert_int_equal(store_save_tokens(f->st, ig->id, t, &e), TS_OK);
    assert_int_equal(store_mark_needs_auth(f->st, ig->id,
                                           "token refresh failed: "
                                           "invalid_grant",
                                           &e),
                     TS_OK);
    integration_free(ig);

    /* The token endpoint is down: were it asked, this would be TS_NET. */
    ig = reload(f->st, "Acme");
    assert_int_equal(oauth_prepare(f->st, ig, false, NULL, &e), TS_NEEDS_AUTH);
    assert_non_null(strstr(e.msg, "invalid_grant"));
    assert_non_null(strstr(e.msg, "run: tether authorize Acme"));
    assert_int_equal(oauth_prepare(f->st, ig, true, NULL, &e), TS_NEEDS_AUTH);
    integration_free(ig);
}

static void
test_expired_without_refresh_token(void **state)
{
    struct fixture *f = *state;
    struct integration *ig = add_oauth(f->st, "Acme", GRANT_AUTHORIZATION_CODE);
    secret_assign(&ig->oauth.tokens.access_token, "AT");
    ig->oauth.tokens.expires_at = 1;
    struct err e;
    assert_int_equal(oauth_prepare(f->st, ig, false, NULL, &e), TS_NEEDS_AUTH);
    assert_non_null(strstr(e.msg, "has expired and there is no refresh"));
    integration_free(ig);
}

static void
test_secrets_must_be_loaded(void **state)
{
    struct fixture *f = *state;
    struct integration *ig = add_oauth(f->st, "Acme", GRANT_AUTHORIZATION_CODE);
    secret_assign(&ig->oauth.tokens.access_token, "AT");
    struct err e;
    assert_int_equal(store_save_tokens(f->st, ig->id, &ig->oauth.tokens, &e),
                     TS_OK);
    integration_free(ig);
    assert_int_equal(store_get(f->st, "Acme", 0, &ig, &e), TS_OK);
    assert_int_equal(oauth_prepare(f->st, ig, false, NULL, &e), TS_INVALID);
    integration_free(ig);
}

/* Store tokens for integration id: access token `at`, refresh "RT-"at,
 * valid for `ttl` seconds from now (negative: expired). */
static void
store_tokens(struct store *st, int64_t id, const char *at, int64_t ttl)
{
    struct oauth_tokens t = {0};
    char rt[64];
    snprintf(rt, sizeof rt, "RT-%s", at);
    secret_assign(&t.access_token, at);
    secret_assign(&t.refresh_token, rt);
    t.obtained_at = (int64_t)time(NULL);
    t.expires_at = t.obtained_at + ttl;
    struct err e;
    assert_int_equal(store_save_tokens(st, id, &t, &e), TS_OK);
    oauth_tokens_clear(&t);
}

static void
test_renewed_meanwhile_used(void **state)
{
    struct fixture *f = *state;
    struct integration *ig = add_oauth(f->st, "Acme", GRANT_AUTHORIZATION_CODE);
    int64_t id = ig->id;
    integration_free(ig);
    store_tokens(f->st, id, "AT-old", -10);
    ig = reload(f->st, "Acme");
    /* Another process refreshes while this one holds the expired token:
     * its token is taken, the (dead) token endpoint is not asked. */
    store_tokens(f->st, id, "AT-new", 3600);
    struct err e;
    err_clear(&e);
    assert_int_equal(oauth_prepare(f->st, ig, false, NULL, &e), TS_OK);
    assert_string_equal(ig->oauth.tokens.access_token.value, "AT-new");
    assert_string_equal(ig->oauth.tokens.refresh_token.value, "RT-AT-new");

    /* After a 401 the same: a token renewed by another since is used. */
    store_tokens(f->st, id, "AT-newer", 3600);
    assert_int_equal(oauth_prepare(f->st, ig, true, NULL, &e), TS_OK);
    assert_string_equal(ig->oauth.tokens.access_token.value, "AT-newer");

    /* Renewed by another into a token inside the refresh buffer (short
     * lifetimes): still valid, so used, not renewed again. */
    store_tokens(f->st, id, "AT-short", 30);
    ig->oauth.tokens.expires_at = 1;
    assert_int_equal(oauth_prepare(f->st, ig, false, NULL, &e), TS_OK);
    assert_string_equal(ig->oauth.tokens.access_token.value, "AT-short");

    /* Nothing changed: the endpoint is asked (and is down). */
    ig->oauth.tokens.expires_at = 1;
    store_tokens(f->st, id, "AT-short", -10);
    integration_free(ig);
    ig = reload(f->st, "Acme");
    assert_int_equal(oauth_prepare(f->st, ig, false, NULL, &e), TS_NET);
    integration_free(ig);
}

static void
test_marked_meanwhile_not_refreshed(void **state)
{
    struct fixture *f = *state;
    struct integration *ig = add_oauth(f->st, "Acme", GRANT_DEVICE_CODE);
    int64_t id = ig->id;
    integration_free(ig);
    store_tokens(f->st, id, "AT-old", -10);
    ig = reload(f->st, "Acme");
    /* Another process's refresh was refused meanwhile. */
    struct err e;
    assert_int_equal(store_mark_needs_auth(f->st, id,
                                           "token refresh failed: "
                                           "invalid_grant",
                                           &e),
                     TS_OK);
    assert_int_equal(oauth_prepare(f->st, ig, false, NULL, &e), TS_NEEDS_AUTH);
    assert_non_null(strstr(e.msg, "Acme needs authorization"));
    assert_non_null(strstr(e.msg, "invalid_grant"));
    integration_free(ig);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_other_methods_untouched),
        cmocka_unit_test_setup_teardown(test_not_authorized_yet, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_valid_token_used_as_is, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_needs_auth_not_retried, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_expired_without_refresh_token,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_secrets_must_be_loaded, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_renewed_meanwhile_used, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_marked_meanwhile_not_refreshed,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
