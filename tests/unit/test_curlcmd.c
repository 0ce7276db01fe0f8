/* test_curlcmd.c — reading curl command lines without a shell: word
 * splitting (quotes, escapes, continuations, $'...'), what needs a shell
 * and is refused, curl's options and -F syntax, and relating a command to
 * an integration (relative path, other host refused, credentials
 * dropped). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "curlcmd.h"

/* Split and compare with the expected words (NULL-terminated). */
static void
split_is(const char *line, ...)
{
    char **w = NULL;
    size_t n = 0;
    struct err e = {0};
    assert_int_equal(curlcmd_split(line, &w, &n, NULL, &e), TS_OK);
    va_list ap;
    va_start(ap, line);
    size_t i = 0;
    const char *want;
    while ((want = va_arg(ap, const char *)) != NULL) {
        assert_true(i < n);
        assert_string_equal(w[i], want);
        i++;
    }
    va_end(ap);
    assert_int_equal(i, n);
    assert_null(w[n]);
    curlcmd_words_free(w, n);
}

static void
test_split(void **state)
{
    (void)state;
    split_is("curl  -X POST\thttp://h/x", "curl", "-X", "POST", "http://h/x",
             NULL);
    split_is("curl 'a b' \"c d\" e\\ f", "curl", "a b", "c d", "e f", NULL);
    split_is("curl 'it'\\''s'", "curl", "it's", NULL);
    split_is("curl \"q\\\"uote \\\\ \\$x \\n\"", "curl", "q\"uote \\ $x \\n",
             NULL);
    split_is("curl -H 'A: 1' \\\n  -H 'B: 2' \\\r\n  u", "curl", "-H", "A: 1",
             "-H", "B: 2", "u", NULL);
    split_is("curl $'a\\nb\\x41\\101\\'c'", "curl", "a\nbAA'c", NULL);
    split_is("curl ''", "curl", "", NULL);
    split_is("curl x # a comment", "curl", "x", NULL);
    split_is("   ", NULL);
}

static void
refused(const char *line, const char *want)
{
    struct curlcmd c;
    struct err e = {0};
    assert_int_equal(curlcmd_parse(line, &c, &e), TS_INVALID);
    if (strstr(e.msg, want) == NULL)
        fail_msg("\"%s\": wanted \"%s\" in \"%s\"", line, want, e.msg);
}

static void
test_refusals(void **state)
{
    (void)state;
    refused("curl 'http://h/x", "single quote");
    refused("curl \"http://h/x", "double quote");
    refused("curl http://h/x?a=1&b=2", "'&' outside quotes");
    refused("curl http://h/x; rm -rf /", "';' outside quotes");
    refused("curl http://h/x | sh", "'|' outside quotes");
    refused("curl http://h/$PATH", "expand");
    refused("curl -d \"$(cat f)\" http://h/", "expand");
    refused("curl -d `id` http://h/", "expand");
    refused("wget http://h/", "starts with the word curl");
    refused("curl -X POST", "no URL");
    refused("curl http://a/ http://b/", "more than one URL");
    refused("curl --frobnicate http://h/", "--frobnicate");
    refused("curl -Z http://h/", "-Z");
    refused("curl -x http://proxy:3128 http://h/", "--proxy URL");
    refused("curl --cert c.pem http://h/", "--client-cert FILE");
    refused("curl --key k.pem http://h/", "--client-key FILE");
    refused("curl -d a -F b=c http://h/", "mixes -d and -F");
    refused("curl -H", "needs a value");
    refused("curl -d @- http://h/", "standard input");
    refused("curl -F novalue http://h/", "NAME=VALUE");
    /* A shell variable where tether drops the value anyway is fine. */
    struct curlcmd c;
    struct err e = {0};
    assert_int_equal(curlcmd_parse("curl -H \"Authorization: Bearer "
                                   "$TOKEN\" -u \"me:$PW\" http://h/",
                                   &c, &e),
                     TS_OK);
    /* It is dropped (never sent as "$TOKEN"), and said. */
    assert_int_equal(c.headers.n, 0);
    assert_string_equal(c.unexpanded, "Authorization");
    curlcmd_free(&c);
}

static void
test_options(void **state)
{
    (void)state;
    struct curlcmd c;
    struct err e = {0};
    assert_int_equal(
        curlcmd_parse("curl -sSL -XPUT -H'X-A: 1' --header 'X-B:  two' "
                      "-d a=1 --data-raw @lit --data-urlencode 'q=x y&z' "
                      "-m 2.5 --connect-timeout 1 -k --compressed "
                      "-A agent -b 'c=1' --url http://h/p",
                      &c, &e),
        TS_OK);
    assert_string_equal(c.method, "PUT");
    assert_string_equal(c.url, "http://h/p");
    assert_int_equal(c.headers.n, 4);
    assert_string_equal(c.headers.items[0].key, "X-A");
    assert_string_equal(c.headers.items[0].value, "1");
    assert_string_equal(c.headers.items[1].value, "two");
    assert_string_equal(c.headers.items[2].key, "User-Agent");
    assert_string_equal(c.headers.items[3].key, "Cookie");
    assert_string_equal(c.body, "a=1&@lit&q=x%20y%26z");
    assert_int_equal(c.body_len, strlen(c.body));
    assert_true(c.follow);
    assert_true(c.insecure);
    assert_int_equal(c.timeout_ms, 2500);
    assert_int_equal(c.connect_timeout_ms, 1000);
    assert_string_equal(c.skipped, "-s -S --compressed");
    curlcmd_free(&c);

    /* The method follows from the options. */
    assert_int_equal(curlcmd_parse("curl http://h/", &c, &e), TS_OK);
    assert_string_equal(c.method, "GET");
    curlcmd_free(&c);
    assert_int_equal(curlcmd_parse("curl -d x http://h/", &c, &e), TS_OK);
    assert_string_equal(c.method, "POST");
    curlcmd_free(&c);
    assert_int_equal(curlcmd_parse("curl -G -d x http://h/", &c, &e), TS_OK);
    assert_string_equal(c.method, "GET");
    assert_true(c.get);
    curlcmd_free(&c);
    assert_int_equal(curlcmd_parse("curl -I http://h/", &c, &e), TS_OK);
    assert_string_equal(c.method, "HEAD");
    curlcmd_free(&c);
    assert_int_equal(curlcmd_parse("curl --json '{\"a\":1}' http://h/", &c, &e),
                     TS_OK);
    assert_string_equal(c.method, "POST");
    assert_string_equal(c.headers.items[0].value, "application/json");
    curlcmd_free(&c);
    /* -u is kept for the caller to drop. */
    assert_int_equal(curlcmd_parse("curl -u me:pw http://h/", &c, &e), TS_OK);
    assert_string_equal(c.user, "me:pw");
    curlcmd_free(&c);
}

static void
test_form_parts(void **state)
{
    (void)state;
    struct http_part p;
    struct err e = {0};
    assert_int_equal(curlcmd_form_part("a=b c", &p, &e), TS_OK);
    assert_string_equal(p.name, "a");
    assert_string_equal(p.data, "b c");
    assert_null(p.file);
    free(p.name);
    free(p.data);
    assert_int_equal(
        curlcmd_form_part("f=@/tmp/x y.pdf;type=application/pdf;filename=r.pdf",
                          &p, &e),
        TS_OK);
    assert_string_equal(p.file, "/tmp/x y.pdf");
    assert_string_equal(p.type, "application/pdf");
    assert_string_equal(p.filename, "r.pdf");
    assert_null(p.data);
    free(p.name);
    free(p.file);
    free(p.type);
    free(p.filename);
    assert_int_equal(
        curlcmd_form_part("f=@\"a;b.txt\";type=text/plain", &p, &e), TS_OK);
    assert_string_equal(p.file, "a;b.txt");
    assert_string_equal(p.type, "text/plain");
    free(p.name);
    free(p.file);
    free(p.type);
    assert_int_equal(curlcmd_form_part("v=x;type=text/csv", &p, &e), TS_OK);
    assert_string_equal(p.data, "x");
    assert_string_equal(p.type, "text/csv");
    free(p.name);
    free(p.data);
    free(p.type);
    assert_int_equal(curlcmd_form_part("f=@x;bogus=1", &p, &e), TS_INVALID);
    assert_int_equal(curlcmd_form_part("=x", &p, &e), TS_INVALID);
}

/* Parse and relate to ig; returns the status. */
static tstatus
import(const char *line, const struct integration *ig,
       struct curlcmd_request *r, struct err *e)
{
    struct curlcmd c;
    tstatus st = curlcmd_parse(line, &c, e);
    assert_int_equal(st, TS_OK);
    st = curlcmd_to_request(&c, ig, r, e);
    curlcmd_free(&c);
    return st;
}

static void
test_to_request(void **state)
{
    (void)state;
    struct integration *ig = integration_new();
    assert_true(model_set_str(&ig->name, "api"));
    assert_true(model_set_str(&ig->base_url, "https://api.example.com/v2"));
    ig->auth = AUTH_API_KEY;
    assert_true(model_set_str(&ig->api_key.header, "X-Api-Key"));
    struct curlcmd_request r;
    struct err e = {0};

    assert_int_equal(import("curl -X POST 'https://api.example.com/v2/users/"
                            "7?page=2&q=a+b%26c' -H 'X-Api-Key: k' -H "
                            "'Authorization: Bearer t' -H 'Accept: x/y' "
                            "-u me:pw -d '{}'",
                            ig, &r, &e),
                     TS_OK);
    assert_string_equal(r.req.method, "POST");
    assert_string_equal(r.req.path, "/users/7");
    assert_int_equal(r.query.n, 2);
    assert_string_equal(r.query.items[1].key, "q");
    assert_string_equal(r.query.items[1].value, "a b&c");
    assert_int_equal(r.headers.n, 1);
    assert_string_equal(r.headers.items[0].key, "Accept");
    assert_string_equal(r.req.body, "{}");
    assert_non_null(strstr(r.notes, "dropped the header X-Api-Key"));
    assert_non_null(strstr(r.notes, "dropped the header Authorization"));
    assert_non_null(strstr(r.notes, "dropped -u"));
    curlcmd_request_free(&r);

    /* curl --digest -u: the integration's own Digest credentials. */
    ig->auth = AUTH_DIGEST;
    assert_int_equal(
        import("curl --digest -u me:pw https://api.example.com/v2/", ig, &r,
               &e),
        TS_OK);
    assert_non_null(strstr(r.notes, "dropped -u"));
    assert_null(strstr(r.notes, "does not use"));
    curlcmd_request_free(&r);
    ig->auth = AUTH_BASIC;
    assert_int_equal(
        import("curl --digest -u me:pw https://api.example.com/v2/", ig, &r,
               &e),
        TS_OK);
    assert_non_null(strstr(r.notes, "does not use Digest auth"));
    curlcmd_request_free(&r);
    ig->auth = AUTH_API_KEY;

    /* Another host, or outside the base path: refused. */
    assert_int_equal(import("curl https://evil.example.com/v2/x", ig, &r, &e),
                     TS_INVALID);
    assert_non_null(strstr(e.msg, "not on the host"));
    curlcmd_request_free(&r);
    assert_int_equal(import("curl http://api.example.com/v2/x", ig, &r, &e),
                     TS_INVALID);
    curlcmd_request_free(&r);
    assert_int_equal(import("curl https://api.example.com/v20/x", ig, &r, &e),
                     TS_INVALID);
    assert_non_null(strstr(e.msg, "outside the base URL"));
    curlcmd_request_free(&r);
    assert_int_equal(import("curl https://api.example.com:443/v2", ig, &r, &e),
                     TS_OK);
    assert_string_equal(r.req.path, "/");
    assert_null(r.notes);
    curlcmd_request_free(&r);

    /* The key in the query, and -G data into the query. */
    ig->api_key.placement = KEY_IN_QUERY;
    assert_true(model_set_str(&ig->api_key.header, "k"));
    assert_int_equal(import("curl -G -d n=1 "
                            "'https://api.example.com/v2/s?k=SECRET&x=1' -k",
                            ig, &r, &e),
                     TS_OK);
    assert_int_equal(r.query.n, 2);
    assert_string_equal(r.query.items[0].key, "x");
    assert_string_equal(r.query.items[1].key, "n");
    assert_null(r.req.body);
    assert_non_null(strstr(r.notes, "dropped the query parameter k"));
    assert_non_null(strstr(r.notes, "ignored -k"));
    curlcmd_request_free(&r);

    /* Without auth of its own, a token-like header is sent and said;
     * Authorization never is. */
    ig->auth = AUTH_NONE;
    assert_int_equal(import("curl -H 'X-Token: t' -H 'Authorization: Basic x' "
                            "https://api.example.com/v2/",
                            ig, &r, &e),
                     TS_OK);
    assert_int_equal(r.headers.n, 1);
    assert_string_equal(r.headers.items[0].key, "X-Token");
    assert_non_null(strstr(r.notes, "looks like a credential"));
    assert_non_null(strstr(r.notes, "dropped the header Authorization"));
    curlcmd_request_free(&r);

    /* A key header written with a shell variable is not sent literally,
     * even without auth of its own. */
    assert_int_equal(import("curl -H \"X-Api-Key: $KEY\" "
                            "https://api.example.com/v2/",
                            ig, &r, &e),
                     TS_OK);
    assert_int_equal(r.headers.n, 0);
    assert_non_null(strstr(r.notes, "X-Api-Key: their values are shell"));
    curlcmd_request_free(&r);
    integration_free(ig);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),      cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_options),    cmocka_unit_test(test_form_parts),
        cmocka_unit_test(test_to_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
