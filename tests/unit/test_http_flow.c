#define _GNU_SOURCE /* memmem */
/* test_http_flow.c — the connection test and its diagnoses, test-all in
 * parallel, exchange + history (redacted) with a real store, all against
 * a real nginx. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "conntest.h"
#include "exchange.h"
#include "history.h"
#include "testall.h"
#include "test_servers.h"

static struct test_nginx ngx;

static struct integration *
make_ig(const char *name, const char *base, enum auth_method auth)
{
    struct integration *ig = integration_new();
    assert_non_null(ig);
    assert_true(model_set_str(&ig->name, name));
    assert_true(model_set_str(&ig->base_url, base));
    ig->auth = auth;
    switch (auth) {
    case AUTH_API_KEY:
        assert_true(model_set_str(&ig->api_key.header, "X-API-Key"));
        assert_true(secret_assign(&ig->api_key.key, TEST_API_KEY));
        break;
    case AUTH_BASIC:
        assert_true(model_set_str(&ig->basic.username, TEST_USER));
        assert_true(secret_assign(&ig->basic.password, TEST_PASSWORD));
        break;
    case AUTH_OAUTH2:
        assert_true(model_set_str(&ig->oauth.client_id, "cid"));
        assert_true(
            model_set_str(&ig->oauth.token_url, "http://127.0.0.1:1/t"));
        assert_true(model_set_str(&ig->oauth.auth_url, "http://127.0.0.1:1/a"));
        assert_true(secret_assign(&ig->oauth.tokens.access_token, TEST_TOKEN));
        break;
    default:
        break;
    }
    return ig;
}

/* Run a test of ig on path (no store) and return the result. */
static struct conntest_result
run(struct integration *ig, const char *path)
{
    struct conntest_result r;
    struct err e = {0};
    assert_int_equal(conntest_run(NULL, ig, path, NULL, &r, &e), TS_OK);
    return r;
}

static void
test_pass(void **state)
{
    (void)state;
    struct integration *ig = make_ig("k", ngx.url, AUTH_API_KEY);
    assert_true(model_set_str(&ig->test_path, "/key/header"));
    struct conntest_result r = run(ig, NULL);
    assert_true(r.pass);
    assert_int_equal(r.status, 200);
    assert_null(r.summary);
    assert_true(r.time_ms >= 0);
    conntest_result_free(&r);
    integration_free(ig);
}

static void
test_diagnoses(void **state)
{
    (void)state;
    struct integration *ig = make_ig("k", ngx.url, AUTH_API_KEY);
    assert_true(secret_assign(&ig->api_key.key, "wrong-key"));
    struct conntest_result r = run(ig, "/key/header");
    assert_false(r.pass);
    assert_int_equal(r.status, 401);
    assert_string_equal(r.summary, "401 Unauthorized: credentials rejected");
    assert_non_null(strstr(r.diagnosis, "Check the API key, the header name "
                                        "(X-API-Key)"));
    conntest_result_free(&r);
    integration_free(ig);

    ig = make_ig("b", ngx.url, AUTH_OAUTH2);
    assert_true(secret_assign(&ig->oauth.tokens.access_token, "stale"));
    r = run(ig, "/bearer/x");
    assert_int_equal(r.status, 401);
    assert_non_null(strstr(r.www_authenticate, "invalid_token"));
    assert_non_null(strstr(r.diagnosis, "Authorize again"));
    assert_non_null(strstr(r.diagnosis, "The server asks for: Bearer"));
    conntest_result_free(&r);
    integration_free(ig);

    ig = make_ig("n", ngx.url, AUTH_NONE);
    static const struct {
        const char *path, *summary;
    } cases[] = {
        {"/status/201", "201 Created: the test needs 200"},
        {"/status/204", "204 No Content: the test needs 200"},
        {"/status/403", "403 Forbidden: authenticated but not allowed"},
        {"/status/404", "404 Not Found: check the path and base URL"},
        {"/status/500", "500 Internal Server Error: the server failed"},
        {"/status/503", "503 Service Temporarily Unavailable: the server "
                        "failed"},
        {"/status/429", "429 Too Many Requests: rate limited"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        r = run(ig, cases[i].path);
        assert_false(r.pass);
        assert_string_equal(r.summary, cases[i].summary);
        assert_non_null(r.diagnosis);
        conntest_result_free(&r);
    }
    r = run(ig, "/redirect/other");
    assert_int_equal(r.status, 302);
    assert_true(r.location_other_host);
    assert_non_null(strstr(r.summary, ngx.other_url));
    assert_non_null(strstr(r.diagnosis, "no credentials were sent there"));
    conntest_result_free(&r);
    r = run(ig, "/redirect/same");
    assert_false(r.location_other_host);
    conntest_result_free(&r);
    integration_free(ig);
}

static void
test_transport(void **state)
{
    (void)state;
    struct integration *ig =
        make_ig("dns", "http://nothing-here.tether.invalid", AUTH_NONE);
    struct conntest_result r = run(ig, NULL);
    assert_false(r.pass);
    assert_int_equal(r.failure, HTTP_FAIL_DNS);
    assert_string_equal(r.summary, "host name not found");
    conntest_result_free(&r);
    integration_free(ig);

    ig = make_ig("tls", ngx.tls_url, AUTH_NONE);
    r = run(ig, NULL);
    assert_string_equal(r.summary, "TLS verification failed");
    assert_non_null(strstr(r.diagnosis, "CA bundle"));
    conntest_result_free(&r);
    assert_true(model_set_str(&ig->net.ca_bundle, ngx.ca));
    r = run(ig, NULL);
    assert_true(r.pass);
    conntest_result_free(&r);
    integration_free(ig);

    ig = make_ig("o", ngx.url, AUTH_OAUTH2);
    secret_clear(&ig->oauth.tokens.access_token);
    r = run(ig, "/bearer/x");
    assert_false(r.pass);
    assert_false(r.sent);
    assert_non_null(strstr(r.summary, "no access token"));
    conntest_result_free(&r);
    integration_free(ig);
}

static double
mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_testall_mix(void **state)
{
    (void)state;
    struct {
        const char *name, *base, *path;
        enum auth_method auth;
        bool pass;
    } spec[] = {
        {"good key", ngx.url, "/key/header", AUTH_API_KEY, true},
        {"good basic", ngx.url, "/basic/", AUTH_BASIC, true},
        {"good bearer", ngx.url, "/bearer/", AUTH_OAUTH2, true},
        {"created", ngx.url, "/status/201", AUTH_NONE, false},
        {"missing", ngx.url, "/status/404", AUTH_NONE, false},
        {"no dns", "http://x.tether.invalid", "/", AUTH_NONE, false},
    };
    enum { N = sizeof spec / sizeof spec[0] };
    struct testall_item items[N];
    for (size_t i = 0; i < N; i++) {
        items[i].ig = make_ig(spec[i].name, spec[i].base, spec[i].auth);
        assert_true(model_set_str(&items[i].ig->test_path, spec[i].path));
    }
    assert_int_equal(testall_run(NULL, items, N, 3, NULL, NULL, NULL, NULL),
                     TS_OK);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(items[i].result.pass, spec[i].pass);
    assert_int_equal(testall_failed(items, N), 3);
    testall_sort(items, N);
    assert_false(items[0].result.pass);
    assert_false(items[2].result.pass);
    assert_true(items[3].result.pass);
    assert_string_equal(items[0].ig->name, "created");
    testall_items_clear(items, N);
    for (size_t i = 0; i < N; i++)
        integration_free(items[i].ig);
}

static void
count_progress(void *arg, size_t done, size_t total,
               const struct testall_item *it)
{
    size_t *calls = arg;
    (*calls)++;
    assert_true(done <= total);
    assert_non_null(it->ig);
}

static void
test_testall_scales(void **state)
{
    (void)state;
    enum { N = 60 };
    struct testall_item items[N];
    for (size_t i = 0; i < N; i++) {
        items[i].ig = make_ig("slow", ngx.url, AUTH_NONE);
        assert_true(model_set_str(&items[i].ig->test_path, "/delay/0.5"));
    }
    size_t calls = 0;
    double t0 = mono_s();
    assert_int_equal(
        testall_run(NULL, items, N, 30, NULL, count_progress, &calls, NULL),
        TS_OK);
    double took = mono_s() - t0;
    /* 60 tests of 0.5 s, 30 at a time: about 1 s, not 30 s (the bound
     * leaves a loaded machine room) */
    assert_true(took < 8.0);
    assert_int_equal(calls, N);
    assert_int_equal(testall_failed(items, N), 0);
    testall_items_clear(items, N);
    for (size_t i = 0; i < N; i++)
        integration_free(items[i].ig);
}

static int
rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

/* Whether the file holds `needle` anywhere. */
static bool
file_has(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return false;
    size_t cap = 1 << 20, n = 0, r;
    char *buf = malloc(cap);
    while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    bool hit = memmem(buf, n, needle, strlen(needle)) != NULL;
    free(buf);
    return hit;
}

static void
test_store_history(void **state)
{
    (void)state;
    char dir[] = "/tmp/tether-flow.XXXXXX", db[128], keyfile[128], path[160];
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/tether.db", dir);
    snprintf(keyfile, sizeof keyfile, "%s/key", dir);
    struct store_options o = {.path = db, .key_file = keyfile};
    struct store *st;
    struct err e = {0};
    assert_int_equal(store_open(&o, &st, &e), TS_OK);

    struct integration *basic = make_ig("Basic one", ngx.url, AUTH_BASIC);
    assert_true(model_set_str(&basic->test_path, "/basic/x"));
    assert_int_equal(store_add(st, basic, &e), TS_OK);
    struct integration *key = make_ig("Key one", ngx.url, AUTH_API_KEY);
    key->api_key.placement = KEY_IN_QUERY;
    assert_true(model_set_str(&key->api_key.header, "api_key"));
    assert_int_equal(store_add(st, key, &e), TS_OK);

    /* a test stores its result and goes into the history */
    struct conntest_result r;
    assert_int_equal(conntest_run(st, basic, NULL, NULL, &r, &e), TS_OK);
    assert_true(r.pass);
    conntest_result_free(&r);
    struct integration *got;
    assert_int_equal(store_get(st, "basic one", 0, &got, &e), TS_OK);
    assert_int_equal(got->last_test.status, 200);
    assert_true(got->last_test.pass);
    integration_free(got);
    assert_true(secret_assign(&key->api_key.key, "wrong"));
    assert_int_equal(conntest_run(st, key, "/key/query", NULL, &r, &e), TS_OK);
    conntest_result_free(&r);
    assert_int_equal(store_get(st, "Key one", 0, &got, &e), TS_OK);
    assert_false(got->last_test.pass);
    assert_string_equal(got->last_test.reason,
                        "401 Unauthorized: credentials rejected");
    integration_free(got);
    assert_true(secret_assign(&key->api_key.key, TEST_API_KEY));

    /* requests whose bodies echo the integration's secret back */
    const char body1[] = "pw=" TEST_PASSWORD, body2[] = "token=" TEST_API_KEY;
    struct http_request req = {.method = "POST",
                               .path = "/echo",
                               .body = body1,
                               .body_len = strlen(body1)};
    struct http_response resp;
    assert_int_equal(exchange_send(st, basic, &req, &resp, &e), TS_OK);
    assert_non_null(strstr(resp.body, "Authorization: Basic"));
    http_response_free(&resp);
    req.body = body2;
    req.body_len = strlen(body2);
    assert_int_equal(exchange_send(st, key, &req, &resp, &e), TS_OK);
    assert_int_equal(resp.status, 200);
    http_response_free(&resp);
    struct http_request big = {.path = "/large/1m"};
    assert_int_equal(exchange_send(st, key, &big, &resp, &e), TS_OK);
    http_response_free(&resp);

    struct history_entry *h;
    size_t n;
    assert_int_equal(store_history_list(st, NULL, 0, &h, &n, &e), TS_OK);
    assert_int_equal(n, 5);
    assert_non_null(strstr(h[0].url, "api_key=[redacted]"));
    assert_int_equal(h[0].response_size, 1024 * 1024);
    assert_int_equal(h[0].response_body_len, HISTORY_BODY_MAX);
    assert_string_equal(h[1].method, "POST");
    assert_non_null(strstr(h[1].request_body, "token=[redacted]"));
    assert_non_null(strstr(h[2].response_body, "Authorization: Basic "
                                               "[redacted]"));
    assert_non_null(strstr(h[2].request_headers, "Authorization: Basic "
                                                 "[redacted]"));
    assert_string_equal(h[4].integration, "Basic one");
    store_history_free(h, n);

    /* test-all stores each result and records each request */
    assert_true(model_set_str(&key->test_path, "/status/201"));
    struct testall_item items[] = {{.ig = basic}, {.ig = key}};
    assert_int_equal(testall_run(st, items, 2, 2, NULL, NULL, NULL, &e), TS_OK);
    testall_items_clear(items, 2);
    assert_int_equal(store_get(st, "Key one", 0, &got, &e), TS_OK);
    assert_string_equal(got->last_test.reason,
                        "201 Created: the test needs 200");
    integration_free(got);
    assert_int_equal(store_history_list(st, NULL, 0, &h, &n, &e), TS_OK);
    assert_int_equal(n, 7);
    store_history_free(h, n);
    store_close(st);

    /* no secret in any spelling in the store's files */
    const char *suffix[] = {"", "-wal", "-shm"};
    char *ekey = curl_easy_escape(NULL, TEST_API_KEY, 0);
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s%s", db, suffix[i]);
        assert_false(file_has(path, TEST_API_KEY));
        assert_false(file_has(path, ekey));
        assert_false(file_has(path, TEST_PASSWORD));
        assert_false(file_has(path, "YWxpY2U6czNjcmV0OiBwYXNzIHdvcmQ="));
    }
    curl_free(ekey);
    integration_free(basic);
    integration_free(key);
    nftw(dir, rm_cb, 8, FTW_DEPTH | FTW_PHYS);
}

static void
test_redact(void **state)
{
    (void)state;
    struct integration *ig = make_ig("b", ngx.url, AUTH_BASIC);
    const char text[] =
        "a s3cret: pass word b s3cret%3A%20pass%20word c "
        "YWxpY2U6czNjcmV0OiBwYXNzIHdvcmQ= d s3cret:+pass%20word"
        " e s3cret%3a pass word f \"s3cret\\u003a pass word\" g";
    size_t n;
    char *out = redact_text(ig, text, strlen(text), &n);
    assert_string_equal(out, "a [redacted] b [redacted] c [redacted] d "
                             "[redacted] e [redacted] f \"[redacted]\" g");
    assert_int_equal(n, strlen(out));
    free(out);
    /* near misses stay */
    const char miss[] = "s3cret: pass wor s3cret%3B pass word %%%%\\\\";
    out = redact_text(ig, miss, strlen(miss), NULL);
    assert_string_equal(out, miss);
    free(out);
    integration_free(ig);

    /* a key with non-ASCII, JSON-escaped as Python does, and with a
     * surrogate pair */
    ig = make_ig("k", ngx.url, AUTH_API_KEY);
    assert_true(
        secret_assign(&ig->api_key.key, "k\xc3\xbc/\xf0\x9f\x94\x91+x"));
    const char json[] = "{\"k\": \"k\\u00fc\\/\\ud83d\\udd11+x\", "
                        "\"u\": \"k%C3%BC%2f%F0%9F%94%91%2Bx\"}";
    out = redact_text(ig, json, strlen(json), NULL);
    assert_string_equal(out, "{\"k\": \"[redacted]\", \"u\": \"[redacted]\"}");
    free(out);
    integration_free(ig);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pass),
        cmocka_unit_test(test_diagnoses),
        cmocka_unit_test(test_transport),
        cmocka_unit_test(test_testall_mix),
        cmocka_unit_test(test_testall_scales),
        cmocka_unit_test(test_store_history),
        cmocka_unit_test(test_redact),
    };
    if (test_nginx_start(&ngx) != 0)
        return 1;
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_nginx_stop(&ngx);
    return rc;
}
