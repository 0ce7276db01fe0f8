/* test_model.c — constructors, copies, secrets and enum names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model.h"

static void
test_defaults(void **state)
{
    (void)state;
    struct integration *ig = integration_new();
    assert_non_null(ig);
    assert_int_equal(ig->auth, AUTH_NONE);
    assert_true(ig->oauth.pkce);
    assert_int_equal(ig->oauth.client_auth, CLIENT_AUTH_BASIC);
    assert_int_equal(ig->oauth.redirect_port, MODEL_DEFAULT_REDIRECT_PORT);
    assert_int_equal(ig->net.connect_timeout_ms, 10000);
    assert_int_equal(ig->net.timeout_ms, 30000);
    assert_false(ig->net.insecure);
    char uri[64];
    integration_redirect_uri(ig, 0, uri, sizeof uri);
    assert_string_equal(uri, "http://127.0.0.1:8765/callback");
    integration_redirect_uri(ig, 9001, uri, sizeof uri);
    assert_string_equal(uri, "http://127.0.0.1:9001/callback");
    integration_free(ig);
    integration_free(NULL);
}

static void
test_secrets(void **state)
{
    (void)state;
    struct secret s = {0};
    assert_false(secret_is_set(&s));
    assert_true(secret_assign(&s, "hunter2"));
    assert_true(s.changed);
    assert_int_equal(s.state, SECRET_LOADED);
    assert_true(secret_is_set(&s));
    assert_true(secret_assign(&s, ""));
    assert_true(s.changed);
    assert_null(s.value);
    assert_false(secret_is_set(&s));
    secret_clear(&s);
    s.state = SECRET_SET; /* stored, not loaded */
    assert_true(secret_is_set(&s));
}

static void
test_dup_is_deep(void **state)
{
    (void)state;
    struct integration *ig = integration_new();
    assert_true(model_set_str(&ig->name, "Spotify"));
    assert_true(model_set_str(&ig->base_url, "https://api.spotify.com/v1"));
    assert_true(secret_assign(&ig->oauth.client_secret, "cs"));
    assert_true(secret_assign(&ig->oauth.tokens.access_token, "at"));
    assert_true(kv_list_add(&ig->oauth.params, "prompt", "consent"));
    struct integration *copy = integration_dup(ig);
    assert_non_null(copy);
    assert_ptr_not_equal(copy->name, ig->name);
    assert_string_equal(copy->name, "Spotify");
    assert_string_equal(copy->oauth.client_secret.value, "cs");
    assert_true(copy->oauth.client_secret.changed);
    assert_string_equal(copy->oauth.tokens.access_token.value, "at");
    assert_int_equal(copy->oauth.params.n, 1);
    assert_ptr_not_equal(copy->oauth.params.items, ig->oauth.params.items);
    assert_string_equal(copy->oauth.params.items[0].value, "consent");
    integration_free(ig);
    /* The copy outlives the original (ASan catches shared pointers). */
    assert_string_equal(copy->base_url, "https://api.spotify.com/v1");
    integration_free(copy);
}

static void
test_secret_refs(void **state)
{
    (void)state;
    struct integration *ig = integration_new();
    size_t n = 0;
    struct secret_ref *refs = integration_secrets(ig, &n);
    assert_non_null(refs);
    assert_int_equal(n, 7);
    const char *want[] = {"api_key",        "password",      "client_secret",
                          "access_token",   "refresh_token", "proxy_password",
                          "client_key_pass"};
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(refs[i].field, want[i]);
        assert_non_null(refs[i].secret);
    }
    assert_ptr_equal(refs[1].secret, &ig->basic.password);
    free(refs);
    /* A secret extra adds one field, named after it. */
    assert_true(
        extra_list_set(&ig->extras, EXTRA_HEADER, "Client-Id", "x", false));
    assert_true(
        extra_list_set(&ig->extras, EXTRA_HEADER, "X-Tenant", "t-1", true));
    refs = integration_secrets(ig, &n);
    assert_int_equal(n, 8);
    assert_string_equal(refs[7].field, "header:X-Tenant");
    assert_ptr_equal(refs[7].secret, &ig->extras.items[1].secret);
    free(refs);
    integration_free(ig);
}

static void
test_enum_names(void **state)
{
    (void)state;
    enum auth_method m;
    assert_true(auth_method_parse("API-KEY", &m));
    assert_int_equal(m, AUTH_API_KEY);
    assert_string_equal(auth_method_name(AUTH_OAUTH2), "oauth2");
    assert_string_equal(auth_method_label(AUTH_BASIC), "Basic Authentication");
    assert_true(auth_method_parse("Digest", &m));
    assert_int_equal(m, AUTH_DIGEST);
    assert_string_equal(auth_method_label(AUTH_DIGEST), "HTTP Digest");
    assert_true(auth_method_has_password(AUTH_DIGEST));
    assert_true(auth_method_has_password(AUTH_BASIC));
    assert_false(auth_method_has_password(AUTH_OAUTH2));
    enum client_auth ca;
    assert_true(client_auth_parse("tls", &ca));
    assert_int_equal(ca, CLIENT_AUTH_TLS);
    assert_string_equal(client_auth_label(CLIENT_AUTH_TLS),
                        "TLS client certificate");
    assert_false(auth_method_parse("ntlm", &m));
    assert_false(auth_method_parse(NULL, &m));
    enum oauth_grant g;
    assert_true(oauth_grant_parse("device_code", &g));
    assert_int_equal(g, GRANT_DEVICE_CODE);
    assert_string_equal(oauth_grant_label(GRANT_CLIENT_CREDENTIALS),
                        "Client Credentials");
    enum client_auth c;
    assert_true(client_auth_parse("body", &c));
    assert_int_equal(c, CLIENT_AUTH_BODY);
    enum key_placement p;
    assert_true(key_placement_parse("query", &p));
    assert_int_equal(p, KEY_IN_QUERY);
    assert_string_equal(key_placement_name(KEY_IN_HEADER), "header");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),    cmocka_unit_test(test_secrets),
        cmocka_unit_test(test_dup_is_deep), cmocka_unit_test(test_secret_refs),
        cmocka_unit_test(test_enum_names),
    };
    return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
