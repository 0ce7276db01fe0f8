/* test_recall.c — a history entry turned back into a request
 * (history_request.h), and the exchange's default Content-Type: from
 * hand-made entries, and round trips through a real nginx and store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange.h"
#include "history_request.h"
#include "test_servers.h"

static struct test_nginx ngx;

static void
kv_is(const struct kv_list *l, size_t i, const char *k, const char *v)
{
    assert_true(i < l->n);
    assert_string_equal(l->items[i].key, k);
    assert_string_equal(l->items[i].value, v);
}

static struct integration *
ig_new(const char *base, enum auth_method auth)
{
    struct integration *ig = integration_new();
    assert_non_null(ig);
    assert_true(model_set_str(&ig->name, "one"));
    assert_true(model_set_str(&ig->base_url, base));
    ig->auth = auth;
    return ig;
}

static void
test_default_type(void **state)
{
    (void)state;
    assert_string_equal(exchange_default_type("{\"a\":1}", 7),
                        "application/json");
    assert_string_equal(exchange_default_type(" \r\n\t[1]", 7),
                        "application/json");
    assert_string_equal(exchange_default_type("a=1&b=2", 7),
                        "application/x-www-form-urlencoded");
    assert_string_equal(exchange_default_type("", 0),
                        "application/x-www-form-urlencoded");
    /* only the first len bytes count */
    assert_string_equal(exchange_default_type("  {", 2),
                        "application/x-www-form-urlencoded");

    struct kv_list h = {0};
    assert_true(exchange_add_default_type(&h, NULL, 0));
    assert_int_equal(h.n, 0);
    assert_true(exchange_add_default_type(&h, "[]", 2));
    kv_is(&h, 0, "Content-Type", "application/json");
    kv_list_free(&h);
    assert_true(kv_list_add(&h, "content-type", "text/csv"));
    assert_true(exchange_add_default_type(&h, "[]", 2));
    assert_int_equal(h.n, 1);
    kv_list_free(&h);
}

/* What nginx's /echo received, sent through the exchange. */
static char *
echo(const char *body, const struct kv_list *headers)
{
    struct integration *ig = ig_new(ngx.url, AUTH_NONE);
    struct http_request req = {.method = "POST",
                               .path = "/echo",
                               .headers = headers,
                               .body = body,
                               .body_len = body ? strlen(body) : 0};
    struct http_response resp;
    struct err e = {0};
    assert_int_equal(exchange_send(NULL, ig, &req, &resp, &e), TS_OK);
    assert_int_equal(resp.status, 200);
    char *got = strndup(resp.body, resp.body_len);
    http_response_free(&resp);
    integration_free(ig);
    return got;
}

static void
test_default_type_sent(void **state)
{
    (void)state;
    char *got = echo("{\"a\": 1}", NULL);
    assert_non_null(strstr(got, "Content-Type: application/json\r\n"));
    free(got);
    got = echo("a=1", NULL);
    assert_non_null(
        strstr(got, "Content-Type: application/x-www-form-urlencoded\r\n"));
    free(got);
    struct kv_list h = {0};
    assert_true(kv_list_add(&h, "CONTENT-TYPE", "text/csv"));
    got = echo("{\"a\": 1}", &h);
    assert_non_null(strstr(got, "CONTENT-TYPE: text/csv\r\n"));
    assert_null(strstr(got, "application/json"));
    free(got);
    kv_list_free(&h);
}

static void
test_from_entry(void **state)
{
    (void)state;
    struct integration *ig = ig_new("https://api.example.com/v2", AUTH_API_KEY);
    assert_true(model_set_str(&ig->api_key.header, "api_key"));
    ig->api_key.placement = KEY_IN_QUERY;
    char body[] = "[1,2]";
    struct history_entry h = {
        .method = "PUT",
        .url = "https://api.example.com/v2/items/a%20b?q=a%20b%26c&api_key="
               "[redacted]&plus=1+2&empty=&=x&noeq&tok=x[redacted]y",
        .request_headers = "Host: api.example.com\n"
                           "User-Agent: tether/0.1\n"
                           "Accept: */*\n"
                           "Content-Type: application/json\n"
                           "Content-Length: 5\n"
                           "X-Test: a: b\r\n"
                           "Authorization: [redacted]\n"
                           "no colon here\n"
                           "Accept-Encoding: gzip\n",
        .request_body = body,
        .request_body_len = 5,
    };
    struct history_request r;
    struct err e = {0};
    assert_int_equal(history_request_from(&h, ig, &r, &e), TS_OK);
    assert_string_equal(r.method, "PUT");
    assert_string_equal(r.path, "/items/a%20b");
    assert_int_equal(r.query.n, 4);
    kv_is(&r.query, 0, "q", "a b&c");
    kv_is(&r.query, 1, "plus", "1+2");
    kv_is(&r.query, 2, "empty", "");
    kv_is(&r.query, 3, "noeq", "");
    assert_int_equal(r.headers.n, 2);
    kv_is(&r.headers, 0, "X-Test", "a: b");
    kv_is(&r.headers, 1, "Accept-Encoding", "gzip");
    assert_int_equal(r.body_len, 5);
    assert_string_equal(r.body, "[1,2]");
    history_request_clear(&r);

    /* headers the user set that look like the engine's stay; so does a
     * Content-Type that is not the default for the body */
    h.request_headers = "User-Agent: mine/1\nAccept: application/json\n"
                        "Content-Type: text/csv\n";
    assert_int_equal(history_request_from(&h, ig, &r, &e), TS_OK);
    assert_int_equal(r.headers.n, 3);
    kv_is(&r.headers, 2, "Content-Type", "text/csv");
    history_request_clear(&r);

    /* the base URL as a prefix of a longer segment is not the base; the
     * URL of another host keeps its whole path; no body, no method */
    struct history_entry h2 = {.url = "https://api.example.com/v2x/y"};
    assert_int_equal(history_request_from(&h2, ig, &r, &e), TS_OK);
    assert_string_equal(r.method, "GET");
    assert_string_equal(r.path, "/v2x/y");
    assert_null(r.body);
    assert_int_equal(r.headers.n, 0);
    history_request_clear(&r);
    h2.url = "https://api.example.com/v2";
    assert_int_equal(history_request_from(&h2, ig, &r, &e), TS_OK);
    assert_string_equal(r.path, "/");
    history_request_clear(&r);
    h2.url = "http://other.example/v2/z?a=%2";
    assert_int_equal(history_request_from(&h2, NULL, &r, &e), TS_OK);
    assert_string_equal(r.path, "/v2/z");
    kv_is(&r.query, 0, "a", "%2");
    history_request_clear(&r);
    /* a query parameter named like the key is the user's when the key
     * travels in a header */
    ig->api_key.placement = KEY_IN_HEADER;
    h2.url = "https://api.example.com/v2/?api_key=mine";
    assert_int_equal(history_request_from(&h2, ig, &r, &e), TS_OK);
    kv_is(&r.query, 0, "api_key", "mine");
    history_request_clear(&r);
    integration_free(ig);
}

static int
rm_cb(const char *p, const struct stat *s, int f, struct FTW *w)
{
    (void)s;
    (void)f;
    (void)w;
    return remove(p);
}

/* Sent through the exchange with a store, read back from the history,
 * recalled: the request the user made, whatever the engine added. */
static void
test_round_trip(void **state)
{
    (void)state;
    char dir[] = "/tmp/tether-recall.XXXXXX", db[128], keyfile[128];
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/tether.db", dir);
    snprintf(keyfile, sizeof keyfile, "%s/key", dir);
    struct store_options o = {.path = db, .key_file = keyfile};
    struct store *st;
    struct err e = {0};
    assert_int_equal(store_open(&o, &st, &e), TS_OK);
    struct integration *ig = ig_new(ngx.url, AUTH_API_KEY);
    assert_true(model_set_str(&ig->api_key.header, "X-API-Key"));
    assert_true(secret_assign(&ig->api_key.key, TEST_API_KEY));
    assert_int_equal(store_add(st, ig, &e), TS_OK);

    struct kv_list q = {0}, hd = {0};
    assert_true(kv_list_add(&q, "q", "a b&c/d+e"));
    assert_true(kv_list_add(&q, "n", ""));
    assert_true(kv_list_add(&hd, "X-Test", "hello: there"));
    assert_true(kv_list_add(&hd, "Accept", "application/json"));
    const char body[] = "{\"n\": 1}";
    struct http_request req = {.method = "PATCH",
                               .path = "/echo/x y",
                               .query = &q,
                               .headers = &hd,
                               .body = body,
                               .body_len = strlen(body)};
    struct http_response resp;
    assert_int_equal(exchange_send(st, ig, &req, &resp, &e), TS_OK);
    assert_int_equal(resp.status, 200);
    http_response_free(&resp);

    struct history_entry *v;
    size_t n;
    assert_int_equal(store_history_list(st, NULL, 1, &v, &n, &e), TS_OK);
    assert_int_equal(n, 1);
    struct history_request r;
    assert_int_equal(history_request_from(&v[0], ig, &r, &e), TS_OK);
    assert_string_equal(r.method, "PATCH");
    assert_string_equal(r.path, "/echo/x%20y");
    assert_int_equal(r.query.n, 2);
    kv_is(&r.query, 0, "q", "a b&c/d+e");
    kv_is(&r.query, 1, "n", "");
    assert_int_equal(r.headers.n, 2);
    kv_is(&r.headers, 0, "X-Test", "hello: there");
    kv_is(&r.headers, 1, "Accept", "application/json");
    assert_int_equal(r.body_len, strlen(body));
    assert_memory_equal(r.body, body, strlen(body));
    history_request_clear(&r);
    store_history_free(v, n);

    kv_list_free(&q);
    kv_list_free(&hd);
    integration_free(ig);
    store_close(st);
    nftw(dir, rm_cb, 8, FTW_DEPTH | FTW_PHYS);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_type),
        cmocka_unit_test(test_default_type_sent),
        cmocka_unit_test(test_from_entry),
        cmocka_unit_test(test_round_trip),
    };
    if (test_nginx_start(&ngx) != 0)
        return 1;
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_nginx_stop(&ngx);
    return rc;
}
