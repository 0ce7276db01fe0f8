/* test_redact.c — every spelling of a secret that redact.h finds, as
 * spans and replaced. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "redact.h"

static struct integration *
ig_key(const char *key)
{
    struct integration *ig = integration_new();
    assert_non_null(ig);
    ig->auth = AUTH_API_KEY;
    assert_true(model_set_str(&ig->api_key.header, "X-API-Key"));
    assert_true(secret_assign(&ig->api_key.key, key));
    return ig;
}

/* The text with every span found replaced by "<>", through
 * redact_find_spans (max spans at a time) and redact_replace. */
static void
spans_are(const struct integration *ig, const char *text, const char *want)
{
    struct redact_secrets *rs = NULL;
    assert_int_equal(redact_secrets_new(ig, &rs, NULL), TS_OK);
    size_t n = strlen(text);
    char *got = redact_replace(rs, text, n, "<>", NULL);
    assert_non_null(got);
    if (strcmp(got, want) != 0)
        fail_msg("redacted \"%s\",\n      want \"%s\"", got, want);
    free(got);
    /* the spans themselves, one at a time: the same result */
    char buf[1024] = "";
    size_t at = 0, o = 0;
    struct redact_span sp;
    while (at < n && redact_find_spans(rs, text + at, n - at, &sp, 1) == 1) {
        memcpy(buf + o, text + at, sp.off);
        o += sp.off;
        memcpy(buf + o, "<>", 2);
        o += 2;
        at += sp.off + sp.len;
    }
    memcpy(buf + o, text + at, n - at);
    buf[o + n - at] = '\0';
    assert_string_equal(buf, want);
    redact_secrets_free(rs);
}

static void
test_raw_and_bearer(void **state)
{
    (void)state;
    struct integration *ig = ig_key("tok-123");
    spans_are(ig, "X-API-Key: tok-123\n", "X-API-Key: <>\n");
    spans_are(ig, "Authorization: Bearer tok-123", "Authorization: Bearer <>");
    spans_are(ig, "tok-123tok-123 tok-12 ok", "<><> tok-12 ok");
    /* the token of an OAuth integration, echoed as a header */
    integration_free(ig);
    ig = integration_new();
    ig->auth = AUTH_OAUTH2;
    assert_true(secret_assign(&ig->oauth.tokens.access_token, "at.XYZ"));
    assert_true(secret_assign(&ig->oauth.tokens.refresh_token, "rt-ABC"));
    assert_true(secret_assign(&ig->oauth.client_secret, "cs!1"));
    spans_are(ig, "{\"Authorization\": \"Bearer at.XYZ\", \"r\": \"rt-ABC\"}",
              "{\"Authorization\": \"Bearer <>\", \"r\": \"<>\"}");
    spans_are(ig, "client_secret=cs%211&x=cs!1", "client_secret=<>&x=<>");
    integration_free(ig);
}

static void
test_url_encoded(void **state)
{
    (void)state;
    struct integration *ig = ig_key("a b/c+d=");
    spans_are(ig, "?k=a%20b%2Fc%2Bd%3D&x", "?k=<>&x");
    spans_are(ig, "?k=a+b%2fc%2bd%3d&x", "?k=<>&x"); /* form, lower case */
    spans_are(ig, "?k=a+b/c d=", "?k=a+b/c d=");     /* ' ' is not '+' */
    spans_are(ig, "?k=a%20b/c%2Bd=", "?k=<>");       /* a mix */
    integration_free(ig);
}

static void
test_json_escaped(void **state)
{
    (void)state;
    struct integration *ig = ig_key("p\"q\\r/s");
    spans_are(ig, "{\"k\":\"p\\\"q\\\\r\\/s\"}", "{\"k\":\"<>\"}");
    spans_are(ig, "{\"k\":\"p\\u0022q\\u005cr/s\"}", "{\"k\":\"<>\"}");
    integration_free(ig);
    /* non-ASCII: \u escapes, a surrogate pair, UTF-8 read as Latin-1 */
    ig = ig_key("k\xc3\xbc\xf0\x9f\x94\x91x");
    spans_are(ig, "\"k\\u00fc\\ud83d\\udd11x\"", "\"<>\"");
    spans_are(ig, "\"k\\u00c3\\u00bc\\u00f0\\u009f\\u0094\\u0091x\"", "\"<>\"");
    /* a lone surrogate stands for nothing */
    spans_are(ig, "k\\ud800\xc3\xbc\xf0\x9f\x94\x91x",
              "k\\ud800\xc3\xbc\xf0\x9f\x94\x91x");
    integration_free(ig);
}

static void
test_basic_base64(void **state)
{
    (void)state;
    struct integration *ig = integration_new();
    ig->auth = AUTH_BASIC;
    assert_true(model_set_str(&ig->basic.username, "alice"));
    assert_true(secret_assign(&ig->basic.password, "s3cret"));
    /* base64("alice:s3cret") */
    spans_are(ig, "Authorization: Basic YWxpY2U6czNjcmV0\r\n",
              "Authorization: Basic <>\r\n");
    spans_are(ig, "{\"user\":\"alice\",\"password\":\"s3cret\"}",
              "{\"user\":\"alice\",\"password\":\"<>\"}");
    integration_free(ig);
}

static void
test_limits(void **state)
{
    (void)state;
    /* too short to look for; nothing loaded; no integration */
    struct integration *ig = ig_key("ab");
    spans_are(ig, "ab abc", "ab abc");
    integration_free(ig);
    ig = integration_new();
    spans_are(ig, "anything", "anything");
    struct redact_secrets *rs = NULL;
    assert_int_equal(redact_secrets_new(ig, &rs, NULL), TS_OK);
    assert_int_equal(redact_secrets_count(rs), 0);
    redact_secrets_free(rs);
    integration_free(ig);
    assert_int_equal(redact_secrets_new(NULL, &rs, NULL), TS_OK);
    struct redact_span sp[2];
    assert_int_equal(redact_find_spans(rs, "x", 1, sp, 2), 0);
    assert_int_equal(redact_find_spans(NULL, "x", 1, sp, 2), 0);
    redact_secrets_free(rs);

    /* more spans than fit: max filled, the rest found from the last end */
    ig = ig_key("xyz");
    assert_int_equal(redact_secrets_new(ig, &rs, NULL), TS_OK);
    const char many[] = "xyz-xyz-xyz";
    assert_int_equal(redact_find_spans(rs, many, strlen(many), sp, 2), 2);
    assert_int_equal(sp[1].off, 4);
    assert_int_equal(sp[1].len, 3);
    size_t len;
    char *out = redact_replace(rs, many, strlen(many), NULL, &len);
    assert_string_equal(out, "[redacted]-[redacted]-[redacted]");
    assert_int_equal(len, strlen(out));
    free(out);
    /* empty text, and text with a NUL in it */
    out = redact_replace(rs, "", 0, NULL, &len);
    assert_string_equal(out, "");
    free(out);
    out = redact_replace(rs, "a\0xyz", 5, "*", &len);
    assert_int_equal(len, 3);
    assert_memory_equal(out, "a\0*", 4);
    free(out);
    /* many spans (more than one batch inside redact_replace) */
    char big[3 * 200 + 1];
    for (int i = 0; i < 200; i++)
        memcpy(big + 3 * i, "xyz", 3);
    out = redact_replace(rs, big, 600, "_", &len);
    assert_int_equal(len, 200);
    free(out);
    redact_secrets_free(rs);
    out = redact_text(ig, "a xyz", 5, NULL);
    assert_string_equal(out, "a [redacted]");
    free(out);
    integration_free(ig);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_raw_and_bearer),
        cmocka_unit_test(test_url_encoded),
        cmocka_unit_test(test_json_escaped),
        cmocka_unit_test(test_basic_base64),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
