/* test_validate.c — every rule of validate.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "validate.h"

/* ---- helpers ----------------------------------------------------------- */

static void
name_ok(const char *in, const char *want)
{
    char *out = NULL;
    struct err e;
    err_clear(&e);
    tstatus st = validate_name(in, &out, &e);
    if (st != TS_OK)
        fail_msg("name \"%s\" refused: %s", in, e.msg);
    assert_string_equal(out, want);
    free(out);
}

/* Refused, with a message containing `needle`, naming the field. */
static void
name_bad(const char *in, const char *needle)
{
    char *out = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(validate_name(in, &out, &e), TS_INVALID);
    assert_null(out);
    assert_string_equal(e.field, "name");
    if (strstr(e.msg, needle) == NULL)
        fail_msg("name \"%s\": message \"%s\" lacks \"%s\"", in, e.msg, needle);
}

static void
url_ok(const char *in, const char *want)
{
    char *out = NULL;
    struct err e;
    err_clear(&e);
    if (validate_base_url(in, &out, &e) != TS_OK)
        fail_msg("URL \"%s\" refused: %s", in, e.msg);
    if (strcmp(out, want) != 0)
        fail_msg("URL \"%s\" became \"%s\", wanted \"%s\"", in, out, want);
    free(out);
}

static void
url_bad(const char *in, const char *needle)
{
    char *out = NULL;
    struct err e;
    err_clear(&e);
    if (validate_base_url(in, &out, &e) != TS_INVALID)
        fail_msg("URL \"%s\" accepted as \"%s\"", in, out ? out : "");
    assert_string_equal(e.field, "base_url");
    if (strstr(e.msg, needle) == NULL)
        fail_msg("URL \"%s\": message \"%s\" lacks \"%s\"", in, e.msg, needle);
}

/* ---- names ------------------------------------------------------------- */

static void
test_name_trimmed(void **state)
{
    (void)state;
    name_ok("GitHub", "GitHub");
    name_ok("  Spotify  ", "Spotify");
    name_ok("\tAcme CRM\n", "Acme CRM");
    name_ok("Café API", "Café API");
    name_ok("Defaults", "Defaults");
    name_ok("My Default", "My Default");
}

static void
test_name_default_reserved(void **state)
{
    (void)state;
    const char *spellings[] = {"Default", "default",     "DEFAULT", " DEFAULT ",
                               "dEfAuLt", "\tdefault\n", "DeFaUlT"};
    for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++)
        name_bad(spellings[i], "reserved");
}

static void
test_name_length(void **state)
{
    (void)state;
    char buf[200];
    memset(buf, 'a', 64);
    buf[64] = '\0';
    name_ok(buf, buf);
    buf[64] = 'a';
    buf[65] = '\0';
    name_bad(buf, "at most 64");
    /* 64 two-byte characters are 64 characters, not 128. */
    buf[0] = '\0';
    for (int i = 0; i < 64; i++)
        strcat(buf, "é");
    name_ok(buf, buf);
    strcat(buf, "é");
    name_bad(buf, "65 characters");
    name_bad("", "required");
    name_bad("   ", "required");
}

static void
test_name_control_and_utf8(void **state)
{
    (void)state;
    name_bad("bad\nname", "line feed");
    name_bad("bad\rname", "carriage return");
    name_bad("bad\x01name", "control character");
    name_bad("bad\x7fname", "control character");
    name_bad("bad\xc2\x85name", "control character"); /* U+0085 NEL */
    name_bad("bad\xff", "UTF-8");
    name_bad("bad\xc0\xaf", "UTF-8");     /* overlong */
    name_bad("bad\xed\xa0\x80", "UTF-8"); /* surrogate */
}

/* Bidi controls and invisible characters are refused like controls, the
 * message naming the character and its position. */
static void
test_name_bidi_and_invisible(void **state)
{
    (void)state;
    name_bad("ab\xe2\x80\xae"
             "cd", /* U+202E after two characters */
             "U+202E RIGHT-TO-LEFT OVERRIDE at character 3");
    name_bad("\xc3\xa9\xe2\x81\xa6x", "U+2066"); /* LEFT-TO-RIGHT ISOLATE */
    name_bad("a\xe2\x81\xa9", "U+2069");
    name_bad("a\xe2\x80\x8f"
             "b",
             "U+200F");
    name_bad("a\xd8\x9c"
             "b",
             "U+061C");
    name_bad("ad\xe2\x80\x8b"
             "min",
             "U+200B ZERO WIDTH SPACE at character 3");
    name_bad("ad\xe2\x80\x8d"
             "min",
             "U+200D"); /* a joiner between ASCII */
    name_bad("x\xef\xbb\xbf", "U+FEFF");
    name_bad("bell\x07", "control character (U+0007");
    /* Legitimate text keeps its joiners and variation selectors. */
    name_ok("Weather \xf0\x9f\x8c\xa6\xef\xb8\x8f", /* U+1F326 U+FE0F */
            "Weather \xf0\x9f\x8c\xa6\xef\xb8\x8f");
    name_ok("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9",
            "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9"); /* ZWJ */
}

/* ---- base URLs --------------------------------------------------------- */

static void
test_url_normalised(void **state)
{
    (void)state;
    url_ok("api.example.com", "https://api.example.com");
    url_ok("api.example.com:8443/v2/", "https://api.example.com:8443/v2");
    url_ok("https://api.example.com/v2", "https://api.example.com/v2");
    url_ok("HTTPS://API.Example.COM/V2//", "https://api.example.com/V2");
    url_ok("https://api.example.com:443/", "https://api.example.com");
    url_ok("http://localhost:80", "http://localhost");
    url_ok("http://127.0.0.1:8080/api", "http://127.0.0.1:8080/api");
    url_ok("  api.example.com/  ", "https://api.example.com");
    url_ok("[::1]:9000", "https://[::1]:9000");
    url_ok("my_host.internal", "https://my_host.internal");
    /* A non-ASCII path is stored percent-encoded, as it is sent. */
    url_ok("api.example.com/caf\xc3\xa9/", "https://api.example.com/caf%C3%A9");
}

static void
test_url_refused(void **state)
{
    (void)state;
    url_bad("", "required");
    url_bad("api example.com", "space");
    url_bad("https://user:pass@api.example.com", "credentials");
    url_bad("user@api.example.com", "credentials");
    url_bad("api.example.com/#top", "fragment");
    url_bad("api.example.com/v1?key=1", "query");
    url_bad("https://", "empty");
    url_bad("https:///v2", "empty");
    url_bad(":8080", "empty");
    url_bad("api.example.com:0", "1-65535");
    url_bad("api.example.com:65536", "1-65535");
    url_bad("api.example.com:99999999999", "1-65535");
    url_bad("api.example.com:http", "not a number");
    url_bad("api.example.com:", "missing");
    url_bad("ftp://api.example.com", "not supported");
    url_bad("file:///etc/passwd", "not supported");
    url_bad("bücher.example", "punycode");
    url_bad("api..example.com", "empty label");
    url_bad("-api.example.com", "'-'");
    url_bad("api.exa$mple.com", "'$'");
    url_bad("api.example.com\r\nX: y", "carriage return");
}

static void
test_url_warnings(void **state)
{
    (void)state;
    assert_true(validate_http_warning("http://api.example.com"));
    assert_false(validate_http_warning("https://api.example.com"));
    assert_false(validate_http_warning("http://127.0.0.1:8080"));
    assert_false(validate_http_warning("http://localhost"));
    assert_false(validate_http_warning("http://[::1]:80"));
    assert_true(validate_is_loopback_url("http://127.0.0.2"));
    assert_false(validate_is_loopback_url("https://example.com"));
}

static void
test_endpoint_urls(void **state)
{
    (void)state;
    struct err e;
    assert_int_equal(validate_endpoint_url("token_url",
                                           "https://id.example.com/token?x=1",
                                           true, &e),
                     TS_OK);
    assert_int_equal(validate_endpoint_url("token_url", "", false, &e), TS_OK);
    assert_int_equal(validate_endpoint_url("token_url", "", true, &e),
                     TS_INVALID);
    assert_string_equal(e.field, "token_url");
    assert_int_equal(
        validate_endpoint_url("auth_url", "id.example.com/auth", true, &e),
        TS_INVALID);
    assert_non_null(strstr(e.msg, "https://"));
}

/* ---- headers, pairs, ports, paths -------------------------------------- */

static void
test_headers(void **state)
{
    (void)state;
    struct err e;
    assert_int_equal(validate_header_name("h", "X-API-Key", &e), TS_OK);
    assert_int_equal(validate_header_name("h", "x_api.key~1", &e), TS_OK);
    assert_int_equal(validate_header_name("h", "", &e), TS_INVALID);
    assert_int_equal(validate_header_name("h", "X API", &e), TS_INVALID);
    assert_non_null(strstr(e.msg, "space"));
    assert_int_equal(validate_header_name("h", "X:Key", &e), TS_INVALID);
    assert_int_equal(validate_header_name("h", "X-Key\r\nEvil: 1", &e),
                     TS_INVALID);
    assert_non_null(strstr(e.msg, "control"));
    assert_int_equal(validate_header_value("v", "Bearer abc\tdef", &e), TS_OK);
    assert_int_equal(validate_header_value("v", "abc\r\nEvil: 1", &e),
                     TS_INVALID);
    assert_non_null(strstr(e.msg, "carriage return"));
    assert_int_equal(validate_header_value("v", "abc\ndef", &e), TS_INVALID);
    assert_int_equal(validate_header_value("v", "abc\x7f", &e), TS_INVALID);

    char *n = NULL, *v = NULL;
    assert_int_equal(
        validate_header_line("Accept:  application/json ", &n, &v, &e), TS_OK);
    assert_string_equal(n, "Accept");
    assert_string_equal(v, "application/json");
    free(n);
    free(v);
    assert_int_equal(validate_header_line("no colon", &n, &v, &e), TS_INVALID);
    assert_int_equal(validate_header_line("X-A: b\r\nX-Evil: 1", &n, &v, &e),
                     TS_INVALID);
}

static void
test_pairs_ports_paths(void **state)
{
    (void)state;
    struct err e;
    char *k = NULL, *v = NULL;
    assert_int_equal(validate_kv("param", "audience=https://api", &k, &v, &e),
                     TS_OK);
    assert_string_equal(k, "audience");
    assert_string_equal(v, "https://api");
    free(k);
    free(v);
    assert_int_equal(validate_kv("param", "x=", &k, &v, &e), TS_OK);
    free(k);
    free(v);
    assert_int_equal(validate_kv("param", "=x", &k, &v, &e), TS_INVALID);
    assert_int_equal(validate_kv("param", "novalue", &k, &v, &e), TS_INVALID);
    assert_int_equal(validate_kv("param", "a=b\nc", &k, &v, &e), TS_INVALID);

    assert_int_equal(validate_port("p", 1, &e), TS_OK);
    assert_int_equal(validate_port("p", 65535, &e), TS_OK);
    assert_int_equal(validate_port("p", 0, &e), TS_INVALID);
    assert_int_equal(validate_port("p", 65536, &e), TS_INVALID);

    char *p = NULL;
    assert_int_equal(validate_path("path", "users", &p, &e), TS_OK);
    assert_string_equal(p, "/users");
    free(p);
    assert_int_equal(validate_path("path", "//v2/users?page=2", &p, &e), TS_OK);
    assert_string_equal(p, "/v2/users?page=2");
    free(p);
    assert_int_equal(validate_path("path", "", &p, &e), TS_OK);
    assert_string_equal(p, "/");
    free(p);
    assert_int_equal(validate_path("path", "/a b", &p, &e), TS_INVALID);
    assert_int_equal(validate_path("path", "/a#b", &p, &e), TS_INVALID);
    assert_int_equal(validate_path("path", "https://evil.example/x", &p, &e),
                     TS_INVALID);
    assert_int_equal(validate_path("path", "/a\r\nb", &p, &e), TS_INVALID);
}

/* ---- whole integrations ------------------------------------------------- */

static struct integration *
make(enum auth_method m)
{
    struct integration *ig = integration_new();
    assert_non_null(ig);
    assert_true(model_set_str(&ig->name, "  Example  "));
    assert_true(model_set_str(&ig->base_url, "api.example.com/v1/"));
    ig->auth = m;
    return ig;
}

static void
expect_field(struct integration *ig, const char *field)
{
    struct err e;
    err_clear(&e);
    assert_int_equal(validate_integration(ig, &e), TS_INVALID);
    if (strcmp(e.field, field) != 0)
        fail_msg("wanted field %s, got %s: %s", field, e.field, e.msg);
}

static void
test_integration_normalised(void **state)
{
    (void)state;
    struct integration *ig = make(AUTH_NONE);
    assert_true(model_set_str(&ig->test_path, "status"));
    struct err e;
    assert_int_equal(validate_integration(ig, &e), TS_OK);
    assert_string_equal(ig->name, "Example");
    assert_string_equal(ig->base_url, "https://api.example.com/v1");
    assert_string_equal(ig->test_path, "/status");
    assert_true(model_set_str(&ig->name, "DEFAULT"));
    expect_field(ig, "name");
    assert_true(model_set_str(&ig->name, "ok"));
    assert_true(model_set_str(&ig->base_url, "ftp://x"));
    expect_field(ig, "base_url");
    assert_true(model_set_str(&ig->base_url, "x.example"));
    assert_true(model_set_str(&ig->description, "line\r\nbreak"));
    expect_field(ig, "description");
    assert_true(model_set_str(&ig->description, "fine\twith tab"));
    assert_int_equal(validate_integration(ig, &e), TS_OK);
    /* A bidi override after a tab: refused, counted from the start. */
    assert_true(model_set_str(&ig->description, "a\tb\xe2\x80\xae"));
    err_clear(&e);
    assert_int_equal(validate_integration(ig, &e), TS_INVALID);
    assert_string_equal(e.field, "description");
    if (strstr(e.msg, "U+202E RIGHT-TO-LEFT OVERRIDE at character 4") == NULL)
        fail_msg("message: %s", e.msg);
    assert_true(model_set_str(&ig->description, "x\xe2\x81\xa0"));
    expect_field(ig, "description"); /* U+2060 WORD JOINER */
    assert_true(model_set_str(&ig->description, NULL));
    ig->net.timeout_ms = 0;
    expect_field(ig, "timeout");
    integration_free(ig);
}

static void
test_integration_api_key(void **state)
{
    (void)state;
    struct integration *ig = make(AUTH_API_KEY);
    expect_field(ig, "key_header");
    assert_true(model_set_str(&ig->api_key.header, "X-API-Key\r\nEvil: 1"));
    expect_field(ig, "key_header");
    assert_true(model_set_str(&ig->api_key.header, "X-API-Key"));
    expect_field(ig, "api_key");
    assert_true(secret_assign(&ig->api_key.key, "k\r\nEvil: 1"));
    expect_field(ig, "api_key");
    assert_true(secret_assign(&ig->api_key.key, "s3cret"));
    assert_true(model_set_str(&ig->api_key.prefix, "Bearer\n"));
    expect_field(ig, "key_prefix");
    assert_true(model_set_str(&ig->api_key.prefix, "Bearer"));
    struct err e;
    assert_int_equal(validate_integration(ig, &e), TS_OK);
    /* A secret stored but not loaded still counts as set. */
    secret_clear(&ig->api_key.key);
    ig->api_key.key.state = SECRET_SET;
    assert_int_equal(validate_integration(ig, &e), TS_OK);
    integration_free(ig);
}

static void
test_integration_basic(void **state)
{
    (void)state;
    struct integration *ig = make(AUTH_BASIC);
    expect_field(ig, "username");
    assert_true(model_set_str(&ig->basic.username, "a:b"));
    expect_field(ig, "username");
    assert_true(model_set_str(&ig->basic.username, "alice"));
    expect_field(ig, "password");
    assert_true(secret_assign(&ig->basic.password, "pa:ss word"));
    struct err e;
    assert_int_equal(validate_integration(ig, &e), TS_OK);
    integration_free(ig);
}

static void
test_integration_oauth(void **state)
{
    (void)state;
    struct integration *ig = make(AUTH_OAUTH2);
    expect_field(ig, "client_id");
    assert_true(model_set_str(&ig->oauth.client_id, "tether-cli"));
    expect_field(ig, "token_url");
    assert_true(model_set_str(&ig->oauth.token_url, "https://id.example/t"));
    expect_field(ig, "auth_url");
    assert_true(model_set_str(&ig->oauth.auth_url, "https://id.example/a"));
    struct err e;
    assert_int_equal(validate_integration(ig, &e), TS_OK); /* public client */
    ig->oauth.grant = GRANT_DEVICE_CODE;
    expect_field(ig, "device_url");
    assert_true(model_set_str(&ig->oauth.device_url, "https://id.example/d"));
    assert_int_equal(validate_integration(ig, &e), TS_OK);
    ig->oauth.grant = GRANT_CLIENT_CREDENTIALS;
    expect_field(ig, "client_secret");
    assert_true(secret_assign(&ig->oauth.client_secret, "cs"));
    assert_int_equal(validate_integration(ig, &e), TS_OK);
    assert_true(kv_list_add(&ig->oauth.params, "", "x"));
    expect_field(ig, "param");
    kv_list_free(&ig->oauth.params);
    assert_true(kv_list_add(&ig->oauth.params, "prompt", "consent\n"));
    expect_field(ig, "param");
    kv_list_free(&ig->oauth.params);
    ig->oauth.redirect_port = 70000;
    expect_field(ig, "redirect_port");
    integration_free(ig);
}

/* A file in /tmp holding text, for the PEM checks; the caller unlinks
 * and frees the returned path. */
static char *
temp_file(const char *text)
{
    char *path = strdup("/tmp/tether-validate.XXXXXX");
    assert_non_null(path);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

/* The TLS client certificate: both files or neither, readable PEM, a
 * passphrase only with a key; tls client authentication needs one. */
static void
test_client_tls(void **state)
{
    (void)state;
    char *pem = temp_file("junk\n-----BEGIN CERTIFICATE-----\nAA==\n");
    char *txt = temp_file("no armour here\n");
    struct integration *ig = make(AUTH_NONE);
    struct err e;
    err_clear(&e);
    assert_int_equal(validate_client_tls(ig, &e), TS_OK);
    assert_true(model_set_str(&ig->net.client_cert, pem));
    expect_field(ig, "client_key");
    assert_true(model_set_str(&ig->net.client_key, pem));
    assert_int_equal(validate_integration(ig, &e), TS_OK);
    assert_true(model_set_str(&ig->net.client_key, txt));
    expect_field(ig, "client_key");
    assert_non_null(
        strstr(validate_client_tls(ig, &e) ? e.msg : "", "is not a PEM file"));
    assert_true(model_set_str(&ig->net.client_key, "/nonexistent/key.pem"));
    assert_int_equal(validate_client_tls(ig, &e), TS_INVALID);
    assert_string_equal(e.field, "client_key");
    assert_non_null(strstr(e.msg, "cannot be read: No such file"));
    assert_true(model_set_str(&ig->net.client_cert, NULL));
    assert_true(model_set_str(&ig->net.client_key, pem));
    expect_field(ig, "client_cert");
    assert_true(model_set_str(&ig->net.client_key, NULL));
    assert_true(secret_assign(&ig->net.client_key_pass, "pp"));
    expect_field(ig, "client_key_pass");
    assert_true(secret_assign(&ig->net.client_key_pass, NULL));
    integration_free(ig);

    ig = make(AUTH_OAUTH2);
    assert_true(model_set_str(&ig->oauth.client_id, "c"));
    assert_true(model_set_str(&ig->oauth.token_url, "https://id.example/t"));
    ig->oauth.grant = GRANT_CLIENT_CREDENTIALS;
    ig->oauth.client_auth = CLIENT_AUTH_TLS;
    expect_field(ig, "client_auth");
    assert_true(model_set_str(&ig->net.client_cert, pem));
    assert_true(model_set_str(&ig->net.client_key, pem));
    /* No secret is needed for client credentials then. */
    assert_int_equal(validate_integration(ig, &e), TS_OK);
    integration_free(ig);

    ig = make(AUTH_DIGEST);
    expect_field(ig, "username");
    assert_true(model_set_str(&ig->basic.username, "dora"));
    expect_field(ig, "password");
    assert_true(secret_assign(&ig->basic.password, "pw"));
    assert_int_equal(validate_integration(ig, &e), TS_OK);
    integration_free(ig);
    unlink(pem);
    unlink(txt);
    free(pem);
    free(txt);
}

/* Every field's problem at once, each naming its field. */
static void
test_auth_each(void **state)
{
    (void)state;
    struct integration *ig = make(AUTH_OAUTH2);
    ig->oauth.redirect_port = 70000;
    struct err all[8];
    size_t n = validate_auth_each(ig, all, 8);
    assert_int_equal(n, 4);
    assert_string_equal(all[0].field, "client_id");
    assert_string_equal(all[1].field, "token_url");
    assert_string_equal(all[2].field, "auth_url");
    assert_string_equal(all[3].field, "redirect_port");
    assert_int_equal(validate_auth_each(ig, all, 2), 4); /* counted */
    integration_free(ig);

    ig = make(AUTH_BASIC);
    assert_int_equal(validate_auth_each(ig, all, 8), 2);
    assert_string_equal(all[0].field, "username");
    assert_string_equal(all[1].field, "password");
    assert_true(model_set_str(&ig->basic.username, "alice"));
    assert_true(secret_assign(&ig->basic.password, "pw"));
    assert_int_equal(validate_auth_each(ig, all, 8), 0);
    integration_free(ig);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_auth_each),
        cmocka_unit_test(test_client_tls),
        cmocka_unit_test(test_name_trimmed),
        cmocka_unit_test(test_name_default_reserved),
        cmocka_unit_test(test_name_length),
        cmocka_unit_test(test_name_control_and_utf8),
        cmocka_unit_test(test_name_bidi_and_invisible),
        cmocka_unit_test(test_url_normalised),
        cmocka_unit_test(test_url_refused),
        cmocka_unit_test(test_url_warnings),
        cmocka_unit_test(test_endpoint_urls),
        cmocka_unit_test(test_headers),
        cmocka_unit_test(test_pairs_ports_paths),
        cmocka_unit_test(test_integration_normalised),
        cmocka_unit_test(test_integration_api_key),
        cmocka_unit_test(test_integration_basic),
        cmocka_unit_test(test_integration_oauth),
    };
    return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
