/* test_oauth_token.c — token responses, errors and advice, token request
 * forms and client authentication. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oauth.h"
#include "remedy.h"

static struct integration *
oauth_ig(enum client_auth ca, const char *secret)
{
    struct integration *ig = integration_new();
    assert_non_null(ig);
    model_set_str(&ig->name, "Acme");
    ig->auth = AUTH_OAUTH2;
    model_set_str(&ig->oauth.client_id, "my id:1");
    model_set_str(&ig->oauth.token_url, "https://idp.example/token");
    model_set_str(&ig->oauth.auth_url, "https://idp.example/auth");
    model_set_str(&ig->oauth.scope, "read write");
    ig->oauth.client_auth = ca;
    if (secret != NULL)
        secret_assign(&ig->oauth.client_secret, secret);
    return ig;
}

static void
parse_ok(const char *json, struct oauth_tokens *t)
{
    struct err e;
    assert_int_equal(
        oauth_parse_token_response(200, json, strlen(json), 1000, t, NULL, &e),
        TS_OK);
}

static void
test_parse_standard(void **state)
{
    (void)state;
    struct oauth_tokens t;
    parse_ok("{\"access_token\":\"AT\",\"token_type\":\"Bearer\","
             "\"expires_in\":3600,\"refresh_token\":\"RT\","
             "\"scope\":\"read\"}",
             &t);
    assert_string_equal(t.access_token.value, "AT");
    assert_string_equal(t.refresh_token.value, "RT");
    assert_string_equal(t.token_type, "Bearer");
    assert_string_equal(t.scope, "read");
    assert_int_equal(t.obtained_at, 1000);
    assert_int_equal(t.expires_at, 4600);
    assert_true(t.access_token.changed);
    oauth_tokens_clear(&t);
}

static void
test_parse_deviations(void **state)
{
    (void)state;
    struct oauth_tokens t;
    /* expires_in as a string, no token_type, extra fields of any kind. */
    parse_ok("{\"access_token\":\"AT\",\"expires_in\":\"120\","
             "\"id_token\":\"x.y.z\",\"extra\":{\"a\":[1,2]},\"n\":null}",
             &t);
    assert_string_equal(t.access_token.value, "AT");
    assert_null(t.token_type);
    assert_null(t.refresh_token.value);
    assert_int_equal(t.expires_at, 1120);
    oauth_tokens_clear(&t);

    /* No expires_in: unknown expiry. A fractional one is truncated. */
    parse_ok("{\"access_token\":\"AT\",\"token_type\":\"bearer\"}", &t);
    assert_int_equal(t.expires_at, 0);
    oauth_tokens_clear(&t);
    parse_ok("{\"access_token\":\"AT\",\"expires_in\":59.9}", &t);
    assert_int_equal(t.expires_at, 1059);
    oauth_tokens_clear(&t);
    /* Nonsense expiry is ignored, not fatal. */
    parse_ok("{\"access_token\":\"AT\",\"expires_in\":\"soon\"}", &t);
    assert_int_equal(t.expires_at, 0);
    oauth_tokens_clear(&t);
}

static void
test_parse_errors(void **state)
{
    (void)state;
    struct oauth_tokens t;
    struct oauth_error oe;
    struct err e;
    const char *j = "{\"error\":\"invalid_client\",\"error_description\":"
                    "\"client authentication failed\",\"error_uri\":"
                    "\"https://idp.example/doc\"}";
    assert_int_equal(
        oauth_parse_token_response(401, j, strlen(j), 0, &t, &oe, &e),
        TS_OAUTH);
    assert_string_equal(oe.error, "invalid_client");
    assert_string_equal(oe.description, "client authentication failed");
    assert_string_equal(oe.uri, "https://idp.example/doc");

    const char *html = "<html>Internal Server Error</html>";
    assert_int_equal(
        oauth_parse_token_response(500, html, strlen(html), 0, &t, &oe, &e),
        TS_HTTP);
    assert_non_null(strstr(e.msg, "500"));

    const char *none = "{\"token_type\":\"Bearer\"}";
    assert_int_equal(
        oauth_parse_token_response(200, none, strlen(none), 0, &t, &oe, &e),
        TS_HTTP);
    assert_non_null(strstr(e.msg, "access_token"));
    assert_int_equal(oauth_parse_token_response(200, NULL, 0, 0, &t, &oe, &e),
                     TS_HTTP);
}

/* A server's error text is display text once parsed: escape sequences,
 * line breaks and bidi controls are rendered, and a field too long for
 * its buffer is cut at a whole character. */
static void
test_parse_errors_rendered(void **state)
{
    (void)state;
    struct oauth_tokens t;
    struct oauth_error oe;
    struct err e;
    const char *j = "{\"error\":\"invalid_client\\u001b[2J\","
                    "\"error_description\":\"x\\u001b]52;c;aGk=\\u0007\\n"
                    "line \\u202eevil\",\"error_uri\":\"http://i/\\u009b\"}";
    assert_int_equal(
        oauth_parse_token_response(400, j, strlen(j), 0, &t, &oe, &e),
        TS_OAUTH);
    assert_string_equal(oe.error, "invalid_client\\x1b[2J");
    assert_string_equal(oe.description,
                        "x\\x1b]52;c;aGk=\\x07\\nline <U+202E>evil");
    assert_string_equal(oe.uri, "http://i/<U+009B>");
    assert_null(strchr(e.msg, '\x1b'));

    char long_desc[400];
    memset(long_desc, 'a', 254);
    strcpy(long_desc + 254, "\xc3\xa9\xc3\xa9"); /* cut inside the é */
    oauth_error_set(&oe, "e", long_desc, NULL);
    assert_int_equal(strlen(oe.description), 254);
    assert_string_equal(oe.uri, "");
}

static void
test_explain(void **state)
{
    (void)state;
    struct integration *ig = oauth_ig(CLIENT_AUTH_BASIC, "s3cret");
    struct oauth_error oe = {.error = "invalid_client",
                             .description = "client authentication failed",
                             .uri = "https://idp.example/doc"};
    struct err e;
    assert_int_equal(oauth_error_explain(&oe, ig, OAUTH_STAGE_CODE, 0, &e),
                     TS_OAUTH);
    assert_non_null(strstr(e.msg, "invalid_client: client authentication "
                                  "failed (see https://idp.example/doc)"));
    assert_non_null(strstr(e.msg, "tether edit Acme --client-auth body"));
    ig->oauth.client_auth = CLIENT_AUTH_BODY;
    oauth_error_explain(&oe, ig, OAUTH_STAGE_CODE, 0, &e);
    assert_non_null(strstr(e.msg, "--client-auth basic"));

    struct oauth_error rd = {.error = "invalid_request",
                             .description = "redirect_uri did not match"};
    oauth_error_explain(&rd, ig, OAUTH_STAGE_AUTHORIZE, 9999, &e);
    assert_non_null(strstr(e.msg, "register http://127.0.0.1:9999/callback"));

    struct oauth_error ig_err = {.error = "invalid_grant"};
    assert_int_equal(
        oauth_error_explain(&ig_err, ig, OAUTH_STAGE_REFRESH, 0, &e),
        TS_NEEDS_AUTH);
    assert_non_null(strstr(e.msg, "tether authorize Acme"));
    assert_int_equal(oauth_error_explain(&ig_err, ig, OAUTH_STAGE_CODE, 0, &e),
                     TS_OAUTH);

    struct oauth_error denied = {.error = "access_denied"};
    oauth_error_explain(&denied, ig, OAUTH_STAGE_AUTHORIZE, 0, &e);
    assert_non_null(strstr(e.msg, "the request was denied in the browser"));

    struct oauth_error scope = {.error = "invalid_scope"};
    oauth_error_explain(&scope, ig, OAUTH_STAGE_CLIENT, 0, &e);
    assert_non_null(strstr(e.msg, "\"read write\""));
    assert_non_null(strstr(e.msg, "--scope"));

    struct oauth_error unauth = {.error = "unauthorized_client"};
    oauth_error_explain(&unauth, ig, OAUTH_STAGE_CODE, 0, &e);
    assert_non_null(strstr(e.msg, "authorization_code grant"));
    integration_free(ig);
}

static void
test_adopt_keeps_or_rotates(void **state)
{
    (void)state;
    struct oauth_tokens cur;
    parse_ok("{\"access_token\":\"A1\",\"refresh_token\":\"R1\","
             "\"scope\":\"read\"}",
             &cur);
    cur.needs_auth = true;

    struct oauth_tokens fresh;
    parse_ok("{\"access_token\":\"A2\",\"expires_in\":60}", &fresh);
    oauth_tokens_adopt(&cur, &fresh);
    assert_string_equal(cur.access_token.value, "A2");
    assert_string_equal(cur.refresh_token.value, "R1"); /* kept */
    assert_string_equal(cur.scope, "read");             /* kept */
    assert_false(cur.needs_auth);
    assert_null(fresh.access_token.value);

    parse_ok("{\"access_token\":\"A3\",\"refresh_token\":\"R2\"}", &fresh);
    oauth_tokens_adopt(&cur, &fresh);
    assert_string_equal(cur.access_token.value, "A3");
    assert_string_equal(cur.refresh_token.value, "R2"); /* rotated */
    oauth_tokens_clear(&cur);
}

static void
test_usable(void **state)
{
    (void)state;
    struct oauth_tokens t = {0};
    assert_false(oauth_token_usable(&t, 1000));
    secret_assign(&t.access_token, "AT");
    assert_true(oauth_token_usable(&t, 1000)); /* no known expiry */
    t.expires_at = 1000 + OAUTH_REFRESH_BUFFER_S + 1;
    assert_true(oauth_token_usable(&t, 1000));
    t.expires_at = 1000 + OAUTH_REFRESH_BUFFER_S;
    assert_false(oauth_token_usable(&t, 1000)); /* within the buffer */
    t.expires_at = 5000;
    t.needs_auth = true;
    assert_false(oauth_token_usable(&t, 1000));
    oauth_tokens_clear(&t);
}

static void
test_form_encode(void **state)
{
    (void)state;
    struct kv_list l = {0};
    kv_list_add(&l, "grant_type", "authorization_code");
    kv_list_add(&l, "redirect_uri", "http://127.0.0.1:8765/callback");
    kv_list_add(&l, "scope", "a b&c=d+é");
    char *s = oauth_form_encode(&l);
    assert_string_equal(s, "grant_type=authorization_code&redirect_uri="
                           "http%3A%2F%2F127.0.0.1%3A8765%2Fcallback&"
                           "scope=a+b%26c%3Dd%2B%C3%A9");
    free(s);
    kv_list_free(&l);
}

static void
test_client_auth_basic(void **state)
{
    (void)state;
    struct integration *ig = oauth_ig(CLIENT_AUTH_BASIC, "p@ss word:x");
    struct kv_list p = {0};
    kv_list_add(&p, "grant_type", "client_credentials");
    struct oauth_token_request r;
    struct err e;
    assert_int_equal(oauth_token_request_build(ig, &p, &r, &e), TS_OK);
    assert_string_equal(r.body, "grant_type=client_credentials");
    assert_non_null(r.authorization);
    assert_memory_equal(r.authorization, "Basic ", 6);
    unsigned char dec[256];
    size_t dlen;
    assert_int_equal(sodium_base642bin(dec, sizeof dec, r.authorization + 6,
                                       strlen(r.authorization + 6), NULL, &dlen,
                                       NULL, sodium_base64_VARIANT_ORIGINAL),
                     0);
    dec[dlen] = '\0';
    /* RFC 6749 2.3.1: each part form-urlencoded before base64. */
    assert_string_equal((char *)dec, "my+id%3A1:p%40ss+word%3Ax");
    oauth_token_request_free(&r);
    kv_list_free(&p);
    integration_free(ig);
}

static void
test_client_auth_body_and_public(void **state)
{
    (void)state;
    struct integration *ig = oauth_ig(CLIENT_AUTH_BODY, "s3cret");
    struct kv_list p = {0};
    kv_list_add(&p, "grant_type", "refresh_token");
    struct oauth_token_request r;
    struct err e;
    assert_int_equal(oauth_token_request_build(ig, &p, &r, &e), TS_OK);
    assert_null(r.authorization);
    assert_string_equal(r.body, "grant_type=refresh_token&client_id=my+id%3A1"
                                "&client_secret=s3cret");
    oauth_token_request_free(&r);

    /* A public client sends only its id, whatever the style. */
    secret_assign(&ig->oauth.client_secret, NULL);
    ig->oauth.client_auth = CLIENT_AUTH_BASIC;
    assert_int_equal(oauth_token_request_build(ig, &p, &r, &e), TS_OK);
    assert_null(r.authorization);
    assert_string_equal(r.body, "grant_type=refresh_token&client_id=my+id%3A1");
    oauth_token_request_free(&r);

    /* A stored secret that was not loaded, or cannot be read. */
    ig->oauth.client_secret.state = SECRET_SET;
    ig->oauth.client_secret.changed = false;
    assert_int_equal(oauth_token_request_build(ig, &p, &r, &e), TS_INVALID);
    ig->oauth.client_secret.state = SECRET_UNREADABLE;
    assert_int_equal(oauth_token_request_build(ig, &p, &r, &e), TS_KEY);
    kv_list_free(&p);
    integration_free(ig);
}

/* RFC 8705 tls_client_auth: the client id in the body and no secret, even
 * one that is stored (or unreadable); the certificate authenticates. */
static void
test_client_auth_tls(void **state)
{
    (void)state;
    struct integration *ig = oauth_ig(CLIENT_AUTH_TLS, "s3cret");
    struct kv_list p = {0};
    kv_list_add(&p, "grant_type", "client_credentials");
    struct oauth_token_request r;
    struct err e;
    assert_int_equal(oauth_token_request_build(ig, &p, &r, &e), TS_OK);
    assert_null(r.authorization);
    assert_string_equal(r.body,
                        "grant_type=client_credentials&client_id=my+id%3A1");
    oauth_token_request_free(&r);
    ig->oauth.client_secret.state = SECRET_UNREADABLE;
    assert_int_equal(oauth_token_request_build(ig, &p, &r, &e), TS_OK);
    oauth_token_request_free(&r);
    kv_list_free(&p);
    integration_free(ig);
}

static void
test_parse_form(void **state)
{
    (void)state;
    struct oauth_tokens t;
    struct oauth_error oe;
    struct err e;
    /* By its type: values decoded ('+' and %XX), repeats: the first. */
    const char *f = "access_token=A%2FT&token_type=bearer&scope=read+write"
                    "&expires_in=60&refresh_token=RT&access_token=later";
    assert_int_equal(oauth_parse_token_answer(
                         200, "application/x-www-form-urlencoded; charset=x", f,
                         strlen(f), 1000, &t, &oe, &e),
                     TS_OK);
    assert_string_equal(t.access_token.value, "A/T");
    assert_string_equal(t.refresh_token.value, "RT");
    assert_string_equal(t.token_type, "bearer");
    assert_string_equal(t.scope, "read write");
    assert_int_equal(t.expires_at, 1060);
    oauth_tokens_clear(&t);

    /* The type lies: a form labelled text/plain, JSON labelled a form. */
    const char *g = "access_token=AT2&token_type=bearer\n";
    assert_int_equal(oauth_parse_token_answer(200, "text/plain", g, strlen(g),
                                              0, &t, &oe, &e),
                     TS_OK);
    assert_string_equal(t.access_token.value, "AT2");
    oauth_tokens_clear(&t);
    const char *j = " {\"access_token\":\"AT3\"}";
    assert_int_equal(
        oauth_parse_token_answer(200, "application/x-www-form-urlencoded", j,
                                 strlen(j), 0, &t, &oe, &e),
        TS_OK);
    assert_string_equal(t.access_token.value, "AT3");
    oauth_tokens_clear(&t);

    /* A form error is an OAuth error. */
    const char *err = "error=invalid_client&error_description=bad+client";
    assert_int_equal(
        oauth_parse_token_answer(401, NULL, err, strlen(err), 0, &t, &oe, &e),
        TS_OAUTH);
    assert_string_equal(oe.error, "invalid_client");
    assert_string_equal(oe.description, "bad client");

    /* Text that is not a form is not taken for one. */
    const char *txt = "Unauthorized: token=expired please retry";
    assert_int_equal(oauth_parse_token_answer(401, "text/plain", txt,
                                              strlen(txt), 0, &t, &oe, &e),
                     TS_HTTP);
    const char *html = "<p>a=b</p>";
    assert_int_equal(
        oauth_parse_token_answer(200, NULL, html, strlen(html), 0, &t, &oe, &e),
        TS_HTTP);
}

static void
test_check_iss(void **state)
{
    (void)state;
    struct integration *ig = oauth_ig(CLIENT_AUTH_BASIC, NULL);
    struct err e;
    /* No issuer stored: nothing to compare with. */
    assert_int_equal(oauth_check_iss(ig, "https://other.example", &e), TS_OK);
    model_set_str(&ig->oauth.issuer, "https://idp.example");
    assert_int_equal(oauth_check_iss(ig, "https://idp.example", &e), TS_OK);
    assert_int_equal(oauth_check_iss(ig, NULL, &e), TS_OK);
    assert_int_equal(oauth_check_iss(ig, "https://idp.example/", &e), TS_OAUTH);
    assert_non_null(strstr(e.msg, "iss mismatch"));
    ig->oauth.iss_required = true;
    assert_int_equal(oauth_check_iss(ig, NULL, &e), TS_OAUTH);
    assert_non_null(strstr(e.msg, "carries no iss"));
    integration_free(ig);
}

/* A name is one shell word in a command line. */
static void
test_shell_word(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(remedy_shell_word("Acme-2.v1", buf, sizeof buf),
                        "Acme-2.v1");
    assert_string_equal(remedy_shell_word("Wiz OAuth", buf, sizeof buf),
                        "'Wiz OAuth'");
    assert_string_equal(remedy_shell_word("it's $x", buf, sizeof buf),
                        "'it'\\''s $x'");
    assert_string_equal(remedy_shell_word("", buf, sizeof buf), "''");
    assert_string_equal(remedy_shell_word("Música", buf, sizeof buf),
                        "'Música'");
    char tiny[6];
    remedy_shell_word("Wiz OAuth", tiny, sizeof tiny);
    assert_true(strlen(tiny) < sizeof tiny);
}

/* On the command line the advice names the integration as a shell word;
 * a blank scope refused is not "denied in the browser". */
static void
test_explain_command_line(void **state)
{
    (void)state;
    struct integration *ig = oauth_ig(CLIENT_AUTH_BASIC, "s3cret");
    model_set_str(&ig->name, "Wiz OAuth");
    struct oauth_error oe = {.error = "invalid_client"};
    struct err e;
    oauth_error_explain(&oe, ig, OAUTH_STAGE_CODE, 0, &e);
    assert_non_null(
        strstr(e.msg, "tether edit 'Wiz OAuth' --client-auth body"));
    struct oauth_error ig_err = {.error = "invalid_grant"};
    oauth_error_explain(&ig_err, ig, OAUTH_STAGE_REFRESH, 0, &e);
    assert_non_null(strstr(e.msg, "run: tether authorize 'Wiz OAuth'"));

    free(ig->oauth.scope);
    ig->oauth.scope = NULL;
    struct oauth_error denied = {.error = "access_denied"};
    oauth_error_explain(&denied, ig, OAUTH_STAGE_AUTHORIZE, 0, &e);
    assert_null(strstr(e.msg, "denied in the browser"));
    assert_non_null(strstr(e.msg, "the provider may need one (e.g. openid)"));
    assert_non_null(strstr(e.msg, "tether edit 'Wiz OAuth' --scope S"));
    integration_free(ig);
}

/* On the screens (the last test: the face stays chosen) the advice says
 * what to do there, never a command line. */
static void
test_explain_for_screens(void **state)
{
    (void)state;
    remedy_use_screens();
    struct integration *ig = oauth_ig(CLIENT_AUTH_BASIC, "s3cret");
    struct oauth_error oe = {.error = "invalid_client"};
    struct err e;
    oauth_error_explain(&oe, ig, OAUTH_STAGE_CODE, 0, &e);
    assert_non_null(
        strstr(e.msg, "choose Form body as Token Client Auth in step 3"));
    struct oauth_error ig_err = {.error = "invalid_grant"};
    oauth_error_explain(&ig_err, ig, OAUTH_STAGE_CODE, 0, &e);
    assert_non_null(strstr(e.msg, "press Authorize again"));
    struct oauth_error unknown = {.error = "odd_error"};
    oauth_error_explain(&unknown, ig, OAUTH_STAGE_CODE, 0, &e);
    assert_null(strstr(e.msg, "tether "));
    free(ig->oauth.scope);
    ig->oauth.scope = NULL;
    struct oauth_error denied = {.error = "access_denied"};
    oauth_error_explain(&denied, ig, OAUTH_STAGE_AUTHORIZE, 0, &e);
    assert_non_null(strstr(e.msg, "set Scope in step 3, then press Authorize"));
    assert_null(strstr(e.msg, "tether "));
    integration_free(ig);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_standard),
        cmocka_unit_test(test_parse_deviations),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_errors_rendered),
        cmocka_unit_test(test_client_auth_tls),
        cmocka_unit_test(test_parse_form),
        cmocka_unit_test(test_check_iss),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_adopt_keeps_or_rotates),
        cmocka_unit_test(test_usable),
        cmocka_unit_test(test_form_encode),
        cmocka_unit_test(test_client_auth_basic),
        cmocka_unit_test(test_client_auth_body_and_public),
        cmocka_unit_test(test_shell_word),
        cmocka_unit_test(test_explain_command_line),
        cmocka_unit_test(test_explain_for_screens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
