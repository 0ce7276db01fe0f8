/* test_report.c — the engine parts of connectivity reports and response
 * reading: the XML escaper, the report formats, tags, the JSON filter and
 * the rate-limit summary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "jsonpath.h"
#include "model.h"
#include "ratelimit.h"
#include "report.h"
#include "validate.h"

static void
xml_is(const char *in, const char *want)
{
    char *got = report_xml_escape(in);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void
test_xml_escape(void **state)
{
    (void)state;
    xml_is("plain ü 日本", "plain ü 日本");
    xml_is("<a href=\"x\">&'</a>",
           "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
    xml_is("a\tb\nc\rd", "a&#9;b&#10;c&#13;d");
    xml_is("\x1b]0;pwned\x07", "\\x1B]0;pwned\\x07");
    xml_is("nul\x01", "nul\\x01");
    xml_is("c1 \xc2\x9b", "c1 \\u009B");
    xml_is("bad \xff\xfe utf8", "bad \xef\xbf\xbd\xef\xbf\xbd utf8");
    xml_is("\xef\xbf\xbe", "\xef\xbf\xbd"); /* U+FFFE */
    xml_is(NULL, "");
}

/* Two results: one pass, one failure with hostile text. */
static void
items_make(struct testall_item it[2])
{
    memset(it, 0, 2 * sizeof *it);
    for (int i = 0; i < 2; i++) {
        it[i].ig = integration_new();
        assert_non_null(it[i].ig);
    }
    assert_true(model_set_str(&it[0].ig->name, "ok"));
    assert_true(model_set_str(&it[0].ig->tags, "a,b"));
    it[0].result.pass = true;
    it[0].result.status = 200;
    it[0].result.time_ms = 1234;
    it[0].result.at = 1700000000;
    assert_true(model_set_str(&it[1].ig->name, "x\"y"));
    it[1].result.status = 401;
    it[1].result.at = 1700000001;
    assert_true(model_set_str(&it[1].result.summary, "401 \x1b[2J<no>"));
    assert_true(model_set_str(&it[1].result.diagnosis, "why # \"q\"\nline"));
    assert_true(model_set_str(&it[1].result.url, "http://h/p?a&b"));
}

static void
items_free(struct testall_item it[2])
{
    for (int i = 0; i < 2; i++) {
        conntest_result_free(&it[i].result);
        integration_free(it[i].ig);
    }
}

static char *
report_text(enum report_format fmt, const struct testall_item *it, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    struct err e = {0};
    assert_int_equal(report_write(f, fmt, it, n, NULL, &e), TS_OK);
    fclose(f);
    return buf;
}

static void
test_formats(void **state)
{
    (void)state;
    struct testall_item it[2];
    items_make(it);
    char *x = report_text(REPORT_JUNIT, it, 2);
    assert_non_null(strstr(x, "tests=\"2\" failures=\"1\""));
    assert_non_null(strstr(x, "<testcase name=\"ok\" classname=\"tether."
                              "connection\" time=\"1.234\"/>"));
    assert_non_null(strstr(x, "name=\"x&quot;y\""));
    assert_non_null(strstr(x, "message=\"why # &quot;q&quot;&#10;line\""));
    assert_non_null(
        strstr(x, "401 \\x1B[2J&lt;no&gt;&#10;GET http://h/p?a&amp;b"));
    assert_non_null(strstr(x, "timestamp=\"2023-11-14T22:13:20\""));
    assert_null(strchr(x, '\x1b'));
    free(x);
    x = report_text(REPORT_TAP, it, 2);
    assert_non_null(
        strstr(x, "TAP version 13\n1..2\nok 1 - ok\nnot ok 2 - x\\\"y\n"));
    assert_non_null(strstr(x, "  message: \"why \\# \\\"q\\\"\\\\nline\"\n"));
    free(x);
    x = report_text(REPORT_PROMETHEUS, it, 2);
    assert_non_null(strstr(x, "# TYPE tether_connection_test_pass gauge\n"
                              "tether_connection_test_pass{name=\"ok\","
                              "tags=\"a,b\"} 1\n"
                              "tether_connection_test_pass{name=\"x\\\"y\","
                              "tags=\"\"} 0\n"));
    assert_non_null(strstr(x, "tether_connection_test_duration_seconds{name="
                              "\"ok\",tags=\"a,b\"} 1.234\n"));
    free(x);
    struct err e = {0};
    assert_int_equal(report_write(stdout, REPORT_TEXT, it, 2, NULL, &e),
                     TS_INVALID);
    items_free(it);
}

static tstatus
write_hello(FILE *f, void *arg, struct err *e)
{
    (void)e;
    fputs(arg, f);
    return TS_OK;
}

static tstatus
write_fails(FILE *f, void *arg, struct err *e)
{
    (void)arg;
    fputs("half", f);
    return err_set(e, TS_NOMEM, NULL, "out of memory");
}

static void
test_save_atomic(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_report.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[300], line[64] = "";
    snprintf(path, sizeof path, "%s/r.prom", dir);
    struct err e = {0};
    assert_int_equal(report_save(path, write_hello, "new\n", &e), TS_OK);
    assert_int_equal(report_save(path, write_fails, NULL, &e), TS_NOMEM);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    assert_string_equal(line, "new\n"); /* a failed write leaves it */
    char cmd[400];
    snprintf(cmd, sizeof cmd, "test \"$(ls -A %s)\" = r.prom", dir);
    assert_int_equal(system(cmd), 0); /* no temporary left */
    unlink(path);
    rmdir(dir);
}

static void
test_tags(void **state)
{
    (void)state;
    char *t = NULL;
    assert_true(model_tags_add(&t, "prod"));
    assert_true(model_tags_add(&t, "a"));
    assert_true(model_tags_add(&t, "pro"));
    assert_true(model_tags_add(&t, "prod"));
    assert_string_equal(t, "a,pro,prod");
    assert_true(model_tags_has(t, "pro"));
    assert_false(model_tags_has(t, "pr"));
    assert_true(model_tags_remove(&t, "pro"));
    assert_string_equal(t, "a,prod");
    assert_true(model_tags_remove(&t, "a"));
    assert_true(model_tags_remove(&t, "prod"));
    assert_null(t);
    struct err e = {0};
    char *tag = NULL;
    assert_int_equal(validate_tag("tag", "Customer-A.1_x", &tag, &e), TS_OK);
    assert_string_equal(tag, "customer-a.1_x");
    free(tag);
    assert_int_equal(validate_tag("tag", "-x", &tag, &e), TS_INVALID);
    assert_int_equal(validate_tag("tag", "a,b", &tag, &e), TS_INVALID);
    assert_int_equal(validate_tag("tag", "", &tag, &e), TS_INVALID);
    assert_int_equal(validate_tag("tag", "é", &tag, &e), TS_INVALID);
}

/* The value expr selects in doc, printed unformatted; or "!" + the error. */
static char *
pick(const char *doc, const char *expr)
{
    struct jsonpath *p = NULL;
    struct err e = {0};
    char *out;
    if (jsonpath_parse(expr, &p, &e) != TS_OK) {
        out = malloc(600);
        snprintf(out, 600, "!parse %s", e.msg);
        return out;
    }
    cJSON *d = cJSON_Parse(doc);
    assert_non_null(d);
    const cJSON *v;
    if (jsonpath_eval(p, d, &v, &e) == TS_OK) {
        out = cJSON_PrintUnformatted(v);
    } else {
        out = malloc(600);
        snprintf(out, 600, "!%s", e.msg);
    }
    cJSON_Delete(d);
    jsonpath_free(p);
    return out;
}

static void
pick_is(const char *doc, const char *expr, const char *want)
{
    char *got = pick(doc, expr);
    if (strcmp(got, want) != 0)
        fail_msg("%s on %s: got %s, want %s", expr, doc, got, want);
    free(got);
}

static void
test_jsonpath(void **state)
{
    (void)state;
    const char *d = "{\"items\":[{\"id\":1},{\"id\":2}],\"a/b\":{\"~\":3},"
                    "\"0\":\"zero\",\"\":\"empty\"}";
    pick_is(d, ".items[1].id", "2");
    pick_is(d, "items[0]", "{\"id\":1}");
    pick_is(d, ".",
            "{\"items\":[{\"id\":1},{\"id\":2}],\"a/b\":{\"~\":3},"
            "\"0\":\"zero\",\"\":\"empty\"}");
    char *root = pick(d, ".");
    pick_is(d, "", root);
    free(root);
    pick_is(d, "/items/1/id", "2");
    pick_is(d, "/a~1b/~0", "3");
    pick_is(d, "/0", "\"zero\"");
    pick_is(d, "/", "\"empty\"");
    pick_is(d, ".[\"a/b\"][\"~\"]", "3");
    pick_is(d, ".[\"0\"]", "\"zero\"");
    pick_is(d, ".nope", "!no key \"nope\" in the object at .");
    pick_is(d, ".items[2]",
            "!index 2 is past the end of the array at .items (2 items)");
    pick_is(d, ".items.id", "!at .items: an array has no key \"id\"");
    pick_is(d, "/items/01", "!at .items: an array has no key \"01\"");
    pick_is(d, ".items[0].id[0]",
            "!at .items[0].id: a number has no index [0]");
    pick_is(d, ".items[0].id.x", "!at .items[0].id: a number has no key \"x\"");
    pick_is(d, ".items[x]",
            "!parse at character 8: give an index such as "
            "[0], or a key such as [\"name\"]");
    pick_is(d, ".items[01]",
            "!parse at character 8: give an index such as "
            "[0], or a key such as [\"name\"]");
    pick_is(d, "a..b", "!parse at character 3: a key is missing");
    pick_is(d, "/a~2",
            "!parse at character 3: '~' must be followed by 0 or "
            "1 in a JSON Pointer");
    pick_is(d, ".[\"open", "!parse at character 8: a quoted key ends with \"]");
}

static void
test_ratelimit(void **state)
{
    (void)state;
    struct kv_list h = {0}, rl = {0};
    assert_null(ratelimit_summary(&h));
    assert_true(kv_list_add(&h, "Content-Type", "text/plain"));
    assert_true(kv_list_add(&h, "x-ratelimit-limit", "5000"));
    assert_true(kv_list_add(&h, "X-RateLimit-Remaining", "4999"));
    assert_true(kv_list_add(&h, "X-RateLimit-Reset", "1700000000"));
    char *s = ratelimit_summary(&h);
    assert_string_equal(s, "4999 of 5000 requests left, reset 1700000000");
    free(s);
    assert_true(kv_list_add(&h, "RateLimit-Remaining", "7"));
    assert_true(kv_list_add(&h, "RateLimit-Limit", "100"));
    assert_true(
        kv_list_add(&h, "Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"));
    s = ratelimit_summary(&h);
    assert_string_equal(s, "7 of 100 requests left, reset 1700000000; retry "
                           "after Wed, 21 Oct 2015 07:28:00 GMT");
    free(s);
    assert_true(ratelimit_headers(&h, &rl));
    assert_int_equal(rl.n, 6);
    assert_string_equal(rl.items[0].key, "x-ratelimit-limit");
    kv_list_free(&rl);
    kv_list_free(&h);
    assert_true(kv_list_add(&h, "RateLimit", "limit=10, remaining=2, reset=5"));
    s = ratelimit_summary(&h);
    assert_string_equal(s, "limit=10, remaining=2, reset=5");
    free(s);
    kv_list_free(&h);
    assert_true(kv_list_add(&h, "Retry-After", "120"));
    s = ratelimit_summary(&h);
    assert_string_equal(s, "retry after 120 s");
    free(s);
    kv_list_free(&h);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xml_escape),  cmocka_unit_test(test_formats),
        cmocka_unit_test(test_save_atomic), cmocka_unit_test(test_tags),
        cmocka_unit_test(test_jsonpath),    cmocka_unit_test(test_ratelimit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
