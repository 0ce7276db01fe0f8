/* test_http.c — the HTTP engine against a real nginx (tests/servers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http.h"
#include "http_int.h"
#include "test_servers.h"

static struct test_nginx ngx;

static struct integration *
make_ig(const char *base, enum auth_method auth)
{
    struct integration *ig = integration_new();
    assert_non_null(ig);
    assert_true(model_set_str(&ig->name, "t"));
    assert_true(model_set_str(&ig->base_url, base));
    ig->auth = auth;
    return ig;
}

static struct integration *
key_ig(enum key_placement where, const char *header, const char *prefix)
{
    struct integration *ig = make_ig(ngx.url, AUTH_API_KEY);
    assert_true(model_set_str(&ig->api_key.header, header));
    assert_true(model_set_str(&ig->api_key.prefix, prefix));
    ig->api_key.placement = where;
    assert_true(secret_assign(&ig->api_key.key, TEST_API_KEY));
    return ig;
}

static struct integration *
basic_ig(const char *password)
{
    struct integration *ig = make_ig(ngx.url, AUTH_BASIC);
    assert_true(model_set_str(&ig->basic.username, TEST_USER));
    assert_true(secret_assign(&ig->basic.password, password));
    return ig;
}

static struct integration *
bearer_ig(const char *token)
{
    struct integration *ig = make_ig(ngx.url, AUTH_OAUTH2);
    assert_true(secret_assign(&ig->oauth.tokens.access_token, token));
    return ig;
}

/* Send GET path and return the response (asserting the call worked). */
static struct http_response
get(const struct integration *ig, const char *path)
{
    struct http_request req = {.path = path};
    struct http_response r;
    struct err e = {0};
    assert_int_equal(http_send(ig, &req, &r, &e), TS_OK);
    return r;
}

static const char *
header(const struct http_response *r, const char *name)
{
    for (size_t i = 0; i < r->headers.n; i++) {
        if (strcasecmp(r->headers.items[i].key, name) == 0)
            return r->headers.items[i].value;
    }
    return NULL;
}

static void
test_url_join(void **state)
{
    (void)state;
    struct integration *ig = make_ig("https://api.example.com/v2", AUTH_NONE);
    struct kv_list q = {0};
    assert_true(kv_list_add(&q, "a b", "x&y=z/é"));
    const char *paths[] = {"users", "/users", "//users"};
    for (size_t i = 0; i < 3; i++) {
        struct http_request req = {.path = paths[i], .query = &q};
        char *url = NULL;
        assert_int_equal(http_build_url(ig, &req, &url, NULL), TS_OK);
        assert_string_equal(
            url, "https://api.example.com/v2/users?a%20b=x%26y%3Dz%2F%C3%A9");
        free(url);
    }
    struct http_request root = {.path = NULL};
    char *url = NULL;
    assert_int_equal(http_build_url(ig, &root, &url, NULL), TS_OK);
    assert_string_equal(url, "https://api.example.com/v2/");
    free(url);

    struct http_request other = {.path = "https://evil.example.net/x"};
    struct err e = {0};
    assert_int_equal(http_build_url(ig, &other, &url, &e), TS_INVALID);
    assert_non_null(strstr(e.msg, "not on the integration's host"));
    other.allow_other_host = true;
    assert_int_equal(http_build_url(ig, &other, &url, NULL), TS_OK);
    assert_string_equal(url, "https://evil.example.net/x");
    free(url);
    struct http_request same = {.path = "https://API.example.com:443/v3"};
    assert_int_equal(http_build_url(ig, &same, &url, NULL), TS_OK);
    free(url);
    struct http_request ctl = {.path = "/a\nb"};
    assert_int_equal(http_build_url(ig, &ctl, &url, NULL), TS_INVALID);
    kv_list_free(&q);
    integration_free(ig);

    char *u = http_url_drop_query("http://h/p?a=1&api_key=k&b=2&api%5Fkey=x",
                                  "api_key");
    assert_string_equal(u, "http://h/p?a=1&b=2");
    free(u);
    u = http_url_drop_query("http://h/p?api_key=k", "api_key");
    assert_string_equal(u, "http://h/p");
    free(u);
    u = http_url_add_query("http://h/p", "k y", "v/w");
    assert_string_equal(u, "http://h/p?k%20y=v%2Fw");
    free(u);
}

static void
test_api_key_header(void **state)
{
    (void)state;
    struct integration *ig = key_ig(KEY_IN_HEADER, "X-API-Key", NULL);
    struct http_response r = get(ig, "/key/header");
    assert_int_equal(r.failure, HTTP_OK);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "key ok\n");
    assert_string_equal(r.reason, "OK");
    assert_non_null(strstr(r.request_headers, "X-API-Key: [redacted]"));
    assert_null(strstr(r.request_headers, TEST_API_KEY));
    http_response_free(&r);
    /* the server checks exactly: a prefix makes it wrong here */
    assert_true(model_set_str(&ig->api_key.prefix, "Token"));
    r = get(ig, "/key/header");
    assert_int_equal(r.status, 401);
    http_response_free(&r);
    r = get(ig, "/key/prefixed");
    assert_int_equal(r.status, 200);
    http_response_free(&r);
    integration_free(ig);
}

static void
test_api_key_query(void **state)
{
    (void)state;
    struct integration *ig = key_ig(KEY_IN_QUERY, "api_key", NULL);
    struct http_response r = get(ig, "/key/query");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.url, "api_key=[redacted]"));
    assert_null(strstr(r.url, "SECRET"));
    assert_null(strstr(r.effective_url, "SECRET"));
    http_response_free(&r);
    integration_free(ig);
}

static void
test_basic(void **state)
{
    (void)state;
    struct integration *ig = basic_ig(TEST_PASSWORD);
    struct http_response r = get(ig, "/basic/x");
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "basic ok " TEST_USER "\n");
    assert_non_null(
        strstr(r.request_headers, "Authorization: Basic [redacted]"));
    http_response_free(&r);
    integration_free(ig);
    ig = basic_ig("s3cret: pass wor");
    r = get(ig, "/basic/x");
    assert_int_equal(r.status, 401);
    assert_non_null(header(&r, "WWW-Authenticate"));
    http_response_free(&r);
    integration_free(ig);
}

static void
test_bearer(void **state)
{
    (void)state;
    struct integration *ig = bearer_ig(TEST_TOKEN);
    struct http_response r = get(ig, "/bearer/x");
    assert_int_equal(r.status, 200);
    http_response_free(&r);
    integration_free(ig);
    ig = bearer_ig("not-the-token");
    r = get(ig, "/bearer/x");
    assert_int_equal(r.status, 401);
    assert_non_null(strstr(header(&r, "www-authenticate"), "invalid_token"));
    http_response_free(&r);
    integration_free(ig);
    /* no token at all: refused before sending */
    ig = make_ig(ngx.url, AUTH_OAUTH2);
    struct http_request req = {.path = "/bearer/x"};
    struct err e = {0};
    assert_int_equal(http_send(ig, &req, &r, &e), TS_NEEDS_AUTH);
    integration_free(ig);
}

static void
test_echo_post(void **state)
{
    (void)state;
    struct integration *ig = make_ig(ngx.url, AUTH_NONE);
    struct kv_list h = {0};
    assert_true(kv_list_add(&h, "X-Trace", "abc 123"));
    assert_true(kv_list_add(&h, "Content-Type", "application/json"));
    const char body[] = "{\"hello\": \"world\"}";
    struct http_request req = {.method = "put",
                               .path = "/echo/a b",
                               .headers = &h,
                               .body = body,
                               .body_len = strlen(body)};
    struct http_response r;
    assert_int_equal(http_send(ig, &req, &r, NULL), TS_OK);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "PUT /echo/a%20b HTTP/1.1"));
    assert_non_null(strstr(r.body, "X-Trace: abc 123"));
    assert_non_null(strstr(r.body, body));
    assert_string_equal(r.method, "PUT");
    assert_true(r.timings.total_ms > 0);
    assert_true(r.timings.first_byte_ms <= r.timings.total_ms);
    assert_true(r.timings.connect_ms <= r.timings.first_byte_ms);
    assert_int_equal(r.size, r.body_len);
    kv_list_free(&h);
    http_response_free(&r);
    integration_free(ig);
}

static void
test_status(void **state)
{
    (void)state;
    struct integration *ig = make_ig(ngx.url, AUTH_NONE);
    struct http_response r = get(ig, "/status/201");
    assert_int_equal(r.status, 201);
    assert_string_equal(r.reason, "Created");
    http_response_free(&r);
    r = get(ig, "/status/503");
    assert_int_equal(r.status, 503);
    http_response_free(&r);
    integration_free(ig);
}

static int
closed_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    socklen_t len = sizeof a;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(s, (struct sockaddr *)&a, &len), 0);
    close(s);
    return ntohs(a.sin_port);
}

static void
test_transport_failures(void **state)
{
    (void)state;
    char base[64];
    snprintf(base, sizeof base, "http://127.0.0.1:%d", closed_port());
    struct integration *ig = make_ig(base, AUTH_NONE);
    struct http_response r = get(ig, "/");
    assert_int_equal(r.failure, HTTP_FAIL_REFUSED);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.failure_msg, "refused"));
    http_response_free(&r);
    integration_free(ig);

    ig = make_ig("http://no-such-host.tether.invalid", AUTH_NONE);
    r = get(ig, "/");
    assert_int_equal(r.failure, HTTP_FAIL_DNS);
    assert_non_null(strstr(r.failure_msg, "no-such-host.tether.invalid"));
    http_response_free(&r);
    integration_free(ig);

    ig = make_ig(ngx.url, AUTH_NONE);
    ig->net.timeout_ms = 400;
    r = get(ig, "/delay/3");
    assert_int_equal(r.failure, HTTP_FAIL_TIMEOUT);
    assert_non_null(strstr(r.failure_msg, "0.4 s"));
    http_response_free(&r);
    integration_free(ig);
}

static void
test_tls(void **state)
{
    (void)state;
    struct integration *ig = make_ig(ngx.tls_url, AUTH_NONE);
    struct http_response r = get(ig, "/");
    assert_int_equal(r.failure, HTTP_FAIL_TLS);
    assert_non_null(strstr(r.failure_msg, "CA bundle"));
    http_response_free(&r);
    assert_true(model_set_str(&ig->net.ca_bundle, ngx.ca));
    r = get(ig, "/");
    assert_int_equal(r.failure, HTTP_OK);
    assert_string_equal(r.body, "tls ok\n");
    assert_true(r.timings.tls_ms > 0);
    http_response_free(&r);
    integration_free(ig);
    ig = make_ig(ngx.tls_url, AUTH_NONE);
    ig->net.insecure = true;
    r = get(ig, "/");
    assert_int_equal(r.status, 200);
    http_response_free(&r);
    integration_free(ig);
}

/* After a redirect to another host the echo there must show no trace of
 * the credentials. */
static void
check_dropped(struct integration *ig, const char *path, const char *secret)
{
    struct http_response r = get(ig, path);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.redirects, 1);
    assert_true(r.credentials_dropped);
    assert_non_null(strstr(r.effective_url, ngx.other_url));
    assert_null(strstr(r.body, secret));
    assert_null(strstr(r.body, "Authorization"));
    assert_null(strstr(r.body, "X-API-Key"));
    assert_null(strstr(r.body, "api_key"));
    http_response_free(&r);
}

static void
test_redirects(void **state)
{
    (void)state;
    struct integration *ig = key_ig(KEY_IN_HEADER, "X-API-Key", NULL);
    struct http_response r = get(ig, "/redirect/same");
    assert_int_equal(r.status, 200);
    assert_int_equal(r.redirects, 1);
    assert_false(r.credentials_dropped);
    assert_non_null(strstr(r.body, "X-API-Key: " TEST_API_KEY));
    http_response_free(&r);
    check_dropped(ig, "/redirect/other", "SECRET");
    integration_free(ig);

    ig = key_ig(KEY_IN_QUERY, "api_key", NULL);
    check_dropped(ig, "/redirect/other", "SECRET");
    integration_free(ig);
    ig = basic_ig(TEST_PASSWORD);
    check_dropped(ig, "/redirect/other", "Basic");
    integration_free(ig);
    ig = bearer_ig(TEST_TOKEN);
    check_dropped(ig, "/redirect/other", TEST_TOKEN);
    integration_free(ig);

    ig = make_ig(ngx.url, AUTH_NONE);
    r = get(ig, "/redirect/loop");
    assert_int_equal(r.failure, HTTP_FAIL_REDIRECTS);
    http_response_free(&r);
    struct http_request req = {.path = "/redirect/other", .no_redirects = true};
    assert_int_equal(http_send(ig, &req, &r, NULL), TS_OK);
    assert_int_equal(r.status, 302);
    assert_non_null(strstr(r.location, ngx.other_url));
    http_response_free(&r);
    integration_free(ig);
}

static void
test_body_limit(void **state)
{
    (void)state;
    struct integration *ig = make_ig(ngx.url, AUTH_NONE);
    struct http_response r = get(ig, "/large/70m");
    assert_int_equal(r.failure, HTTP_OK);
    assert_true(r.truncated);
    assert_int_equal(r.body_len, HTTP_MAX_BODY_DEFAULT);
    assert_int_equal(r.size, 70u * 1024 * 1024);
    http_response_free(&r);
    struct http_request req = {
        .path = "/large/1m", .max_body = 1000, .max_body_hard = true};
    assert_int_equal(http_send(ig, &req, &r, NULL), TS_OK);
    assert_int_equal(r.failure, HTTP_FAIL_TOO_LARGE);
    http_response_free(&r);
    integration_free(ig);
}

struct cancel_later {
    atomic_bool *flag;
    int ms;
};

static void *
cancel_thread(void *arg)
{
    struct cancel_later *c = arg;
    struct timespec ts = {0, c->ms * 1000000L};
    nanosleep(&ts, NULL);
    atomic_store(c->flag, true);
    return NULL;
}

static double
mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_cancel(void **state)
{
    (void)state;
    struct integration *ig = make_ig(ngx.url, AUTH_NONE);
    atomic_bool flag = false;
    struct cancel_later c = {&flag, 200};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, cancel_thread, &c), 0);
    /* Cancelled after 0.2 s, the 30 s request ends long before its answer:
     * the bound leaves a loaded machine room and still tells a cancel from
     * a wait for the server. */
    struct http_request req = {.path = "/delay/30", .cancel = &flag};
    struct http_response r;
    double t0 = mono_s();
    assert_int_equal(http_send(ig, &req, &r, NULL), TS_OK);
    pthread_join(t, NULL);
    assert_int_equal(r.failure, HTTP_FAIL_CANCELLED);
    assert_true(mono_s() - t0 < 10.0);
    http_response_free(&r);

    struct http_pool *p = http_pool_new();
    assert_non_null(p);
    struct http_request slow = {.path = "/slow"};
    for (long i = 0; i < 5; i++)
        assert_int_equal(http_pool_add(p, ig, &slow, (void *)i, NULL), TS_OK);
    http_pool_run(p, 300);
    http_pool_cancel_all(p);
    int n = 0;
    void *tag;
    while (http_pool_take(p, &r, &tag)) {
        assert_int_equal(r.failure, HTTP_FAIL_CANCELLED);
        http_response_free(&r);
        n++;
    }
    assert_int_equal(n, 5);
    assert_int_equal(http_pool_run(p, 0), 0);
    http_pool_free(p);
    integration_free(ig);
}

static void
test_pool_parallel(void **state)
{
    (void)state;
    struct integration *ig = make_ig(ngx.url, AUTH_NONE);
    struct http_pool *p = http_pool_new();
    http_pool_set_parallel(p, 4);
    struct http_request req = {.path = "/delay/1"};
    for (long i = 0; i < 8; i++)
        assert_int_equal(http_pool_add(p, ig, &req, (void *)i, NULL), TS_OK);
    double t0 = mono_s();
    while (http_pool_run(p, 100) > 0)
        ;
    double took = mono_s() - t0;
    /* 8 requests of 1 s, 4 at a time: two rounds (2 s), not eight (8 s);
     * never fewer than two (the limit holds). The upper bound leaves a
     * loaded machine 3 s. */
    assert_true(took >= 1.9 && took < 5.0);
    bool seen[8] = {0};
    struct http_response r;
    void *tag;
    while (http_pool_take(p, &r, &tag)) {
        assert_int_equal(r.status, 200);
        seen[(long)tag] = true;
        http_response_free(&r);
    }
    for (int i = 0; i < 8; i++)
        assert_true(seen[i]);
    http_pool_free(p);
    integration_free(ig);
}

static void
test_curl_command(void **state)
{
    (void)state;
    struct integration *ig = key_ig(KEY_IN_HEADER, "X-API-Key", "Token");
    struct kv_list h = {0};
    assert_true(kv_list_add(&h, "X-Echo", "it's " TEST_API_KEY));
    struct http_request req = {.method = "POST",
                               .path = "/echo",
                               .headers = &h,
                               .body = "a=1",
                               .body_len = 3};
    char *cmd = NULL;
    assert_int_equal(http_curl_command(ig, &req, &cmd, NULL), TS_OK);
    assert_null(strstr(cmd, "SECRET"));
    assert_non_null(strstr(cmd, " -H 'X-API-Key: Token '\"$API_KEY\" "));
    assert_non_null(strstr(cmd, " 'X-Echo: it'\\''s '\"$API_KEY\" "));
    assert_non_null(strstr(cmd, "--data-binary 'a=1'"));
    free(cmd);
    integration_free(ig);
    ig = basic_ig(TEST_PASSWORD);
    assert_int_equal(http_curl_command(ig, &req, &cmd, NULL), TS_OK);
    assert_null(strstr(cmd, "s3cret"));
    assert_non_null(strstr(cmd, " -u '" TEST_USER ":'\"$PASSWORD\" "));
    free(cmd);
    /* The body is body_len bytes, whatever follows them in memory. */
    char unterminated[] = {'{', '"', 'a', '"', ':', '1', '}', '\xad', 'x'};
    req.body = unterminated;
    req.body_len = 7;
    assert_int_equal(http_curl_command(ig, &req, &cmd, NULL), TS_OK);
    assert_non_null(strstr(cmd, " --data-binary '{\"a\":1}' "));
    free(cmd);
    /* A NUL byte cannot go on a command line: refused, saying where. */
    struct err e = {0};
    req.body = "a\0b";
    req.body_len = 3;
    assert_int_equal(http_curl_command(ig, &req, &cmd, &e), TS_INVALID);
    assert_non_null(strstr(e.msg, "NUL byte (at byte 1)"));
    kv_list_free(&h);
    integration_free(ig);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_join),
        cmocka_unit_test(test_api_key_header),
        cmocka_unit_test(test_api_key_query),
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_bearer),
        cmocka_unit_test(test_echo_post),
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_transport_failures),
        cmocka_unit_test(test_tls),
        cmocka_unit_test(test_redirects),
        cmocka_unit_test(test_body_limit),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_pool_parallel),
        cmocka_unit_test(test_curl_command),
    };
    if (test_nginx_start(&ngx) != 0)
        return 1;
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_nginx_stop(&ngx);
    return rc;
}
