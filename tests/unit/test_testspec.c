/* test_testspec.c — status lists, JSON Pointers, body checks, and the
 * validation of extras and test settings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testspec.h"
#include "validate.h"

static void
test_status_lists(void **state)
{
    (void)state;
    const char *ok[] = {"200",     "200,204", " 200 , 204 ", "2xx", "2XX",
                        "200-299", "100-599", "2xx,404",     ""};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        if (testspec_statuses_check(ok[i], NULL) != TS_OK)
            fail_msg("\"%s\" refused", ok[i]);
    const char *bad[] = {"2x",   "20",  "99",   "600",  "299-200", "200,",
                         ",200", "abc", "200-", "-200", "6xx",     "200 204"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct err e;
        err_clear(&e);
        if (testspec_statuses_check(bad[i], &e) != TS_INVALID)
            fail_msg("\"%s\" accepted", bad[i]);
        assert_string_equal(e.field, "test_status");
    }
    assert_true(testspec_status_accepted(NULL, 200));
    assert_false(testspec_status_accepted(NULL, 204));
    assert_true(testspec_status_accepted("200,204", 204));
    assert_false(testspec_status_accepted("200,204", 201));
    assert_true(testspec_status_accepted("2xx", 299));
    assert_false(testspec_status_accepted("2xx", 300));
    assert_true(testspec_status_accepted("200-203,404", 404));
    assert_false(testspec_status_accepted("200-203", 204));
    assert_false(testspec_status_accepted("bad", 200));
}

static void
test_pointers(void **state)
{
    (void)state;
    cJSON *doc = cJSON_Parse("{\"a\":{\"b\":[10,{\"c\":true}]},\"x/y\":1,"
                             "\"m~n\":2,\"\":3}");
    assert_non_null(doc);
    assert_ptr_equal(testspec_pointer_get(doc, ""), doc);
    assert_int_equal(testspec_pointer_get(doc, "/a/b/0")->valueint, 10);
    assert_true(cJSON_IsTrue(testspec_pointer_get(doc, "/a/b/1/c")));
    assert_int_equal(testspec_pointer_get(doc, "/x~1y")->valueint, 1);
    assert_int_equal(testspec_pointer_get(doc, "/m~0n")->valueint, 2);
    assert_int_equal(testspec_pointer_get(doc, "/")->valueint, 3);
    assert_null(testspec_pointer_get(doc, "/a/b/2"));
    assert_null(testspec_pointer_get(doc, "/a/b/01"));
    assert_null(testspec_pointer_get(doc, "/a/b/-"));
    assert_null(testspec_pointer_get(doc, "/a/z"));
    assert_null(testspec_pointer_get(doc, "/a/b/0/q"));
    assert_null(testspec_pointer_get(doc, "a"));
    cJSON_Delete(doc);
    assert_int_equal(testspec_pointer_check("/ok", NULL), TS_OK);
    assert_int_equal(testspec_pointer_check("ok", NULL), TS_INVALID);
    assert_int_equal(testspec_pointer_check("/a~2", NULL), TS_INVALID);
    assert_int_equal(testspec_pointer_check("/a~", NULL), TS_INVALID);
}

static void
expect_json(const char *in, const char *want)
{
    char *j = testspec_expect_json(in);
    assert_non_null(j);
    assert_string_equal(j, want);
    free(j);
}

static void
test_expect_values(void **state)
{
    (void)state;
    expect_json("true", "true");
    expect_json("42", "42");
    expect_json("\"x\"", "\"x\"");
    expect_json("{\"a\": 1}", "{\"a\":1}");
    expect_json("yes", "\"yes\"");
    expect_json("", "\"\"");
    expect_json("say \"hi\"", "\"say \\\"hi\\\"\"");
}

static void
check(const struct test_spec *t, const char *body, const char *needle)
{
    char *sum = NULL, *diag = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(
        testspec_check_body(t, body, body ? strlen(body) : 0, &sum, &diag, &e),
        TS_OK);
    if (needle == NULL) {
        if (sum != NULL)
            fail_msg("failed: %s", diag);
    } else {
        assert_non_null(sum);
        if (strstr(diag, needle) == NULL)
            fail_msg("\"%s\" not in \"%s\"", needle, diag);
    }
    free(sum);
    free(diag);
}

static void
test_body_checks(void **state)
{
    (void)state;
    struct test_spec t = {0};
    check(&t, "anything", NULL);
    t.expect_pointer = "/ok";
    t.expect_value = "true";
    check(&t, "{\"ok\": true}", NULL);
    check(&t, "{\"ok\": false, \"error\": \"invalid_auth\"}",
          "failed at /ok: expected true, actual false");
    check(&t, "{\"ok\": \"true\"}", "expected true, actual \"true\"");
    check(&t, "{}", "nothing at /ok");
    check(&t, "<html>", "not JSON");
    check(&t, NULL, "not JSON");
    t.expect_pointer = NULL;
    t.expect_text = "needle";
    check(&t, "hay needle hay", NULL);
    check(&t, "hay", "contain \"needle\"");
}

static tstatus
valid(struct integration *ig, const char **field)
{
    static struct err e;
    err_clear(&e);
    tstatus st = validate_integration(ig, &e);
    *field = e.field;
    return st;
}

static void
test_integration_extras(void **state)
{
    (void)state;
    struct integration *ig = integration_new();
    const char *field;
    model_set_str(&ig->name, "x");
    model_set_str(&ig->base_url, "api.example.com");
    assert_true(extra_list_set(&ig->extras, EXTRA_HEADER, "Notion-Version",
                               "2022-06-28", false));
    assert_true(extra_list_set(&ig->extras, EXTRA_QUERY, "k", "v", false));
    assert_int_equal(valid(ig, &field), TS_OK);
    /* Same name, other case: replaced, not added. */
    assert_true(extra_list_set(&ig->extras, EXTRA_HEADER, "notion-version", "2",
                               false));
    assert_int_equal(ig->extras.n, 2);
    assert_true(
        extra_list_set(&ig->extras, EXTRA_HEADER, "Bad Name", "x", false));
    assert_int_equal(valid(ig, &field), TS_INVALID);
    assert_string_equal(field, "header");
    assert_true(extra_list_remove(&ig->extras, EXTRA_HEADER, "bad name"));
    assert_true(
        extra_list_set(&ig->extras, EXTRA_HEADER, "X-A", "a\r\nB: c", false));
    assert_int_equal(valid(ig, &field), TS_INVALID);
    assert_true(extra_list_remove(&ig->extras, EXTRA_HEADER, "X-A"));
    /* A secret one needs a value. */
    assert_true(extra_list_set(&ig->extras, EXTRA_HEADER, "X-S", NULL, true));
    assert_int_equal(valid(ig, &field), TS_INVALID);
    assert_true(secret_assign(&ig->extras.items[2].secret, "s3"));
    assert_int_equal(valid(ig, &field), TS_OK);
    assert_false(extra_list_remove(&ig->extras, EXTRA_QUERY, "K"));
    integration_free(ig);
}

static void
test_integration_test_spec(void **state)
{
    (void)state;
    struct integration *ig = integration_new();
    const char *field;
    model_set_str(&ig->name, "x");
    model_set_str(&ig->base_url, "api.example.com");
    model_set_str(&ig->test.method, "post");
    model_set_str(&ig->test.body, "null");
    assert_int_equal(valid(ig, &field), TS_OK);
    assert_string_equal(ig->test.method, "POST");
    model_set_str(&ig->test.method, "GET");
    assert_int_equal(valid(ig, &field), TS_INVALID);
    assert_string_equal(field, "test_body");
    /* The defaults spelt out are kept as none. */
    model_set_str(&ig->test.body, NULL);
    model_set_str(&ig->test.method, "get");
    model_set_str(&ig->test.statuses, "200");
    assert_int_equal(valid(ig, &field), TS_OK);
    assert_null(ig->test.method);
    assert_null(ig->test.statuses);
    model_set_str(&ig->test.body, NULL);
    model_set_str(&ig->test.method, "DELETE");
    assert_int_equal(valid(ig, &field), TS_INVALID);
    assert_string_equal(field, "test_method");
    model_set_str(&ig->test.method, NULL);
    model_set_str(&ig->test.statuses, "2xx,9");
    assert_int_equal(valid(ig, &field), TS_INVALID);
    assert_string_equal(field, "test_status");
    model_set_str(&ig->test.statuses, NULL);
    model_set_str(&ig->test.expect_pointer, "/ok");
    model_set_str(&ig->test.expect_value, "tru");
    assert_int_equal(valid(ig, &field), TS_INVALID);
    assert_string_equal(field, "test_expect");
    model_set_str(&ig->test.expect_value, "true");
    assert_int_equal(valid(ig, &field), TS_OK);
    integration_free(ig);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_lists),
        cmocka_unit_test(test_pointers),
        cmocka_unit_test(test_expect_values),
        cmocka_unit_test(test_body_checks),
        cmocka_unit_test(test_integration_extras),
        cmocka_unit_test(test_integration_test_spec),
    };
    return cmocka_run_group_tests_name("testspec", tests, NULL, NULL);
}
