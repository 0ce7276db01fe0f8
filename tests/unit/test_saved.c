/* test_saved.c — {{variables}} found and filled (vars.h), saved requests
 * filled and their secret parts (saved.h), and the store keeping both
 * with secrets encrypted (store_saved.h). */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "redact.h"
#include "saved.h"
#include "store_fixture.h"
#include "store_saved.h"
#include "vars.h"

static char *
fill(const struct vars *v, const char *text, tstatus want, struct err *e)
{
    char *out = NULL;
    assert_int_equal(vars_fill(v, text, strlen(text), &out, NULL, NULL, e),
                     want);
    return out;
}

static void
test_fill(void **state)
{
    (void)state;
    struct vars v = {0};
    assert_true(vars_add(&v, "id", "42", false));
    assert_true(vars_add(&v, "id", "ignored", false)); /* first wins */
    assert_true(vars_add(&v, "a.b-c_d", "x", false));
    setenv("TETHER_UNIT_VAR", "from-env", 1);
    struct err e = {0};
    char *s = fill(&v, "/u/{{id}}/{{ a.b-c_d }}?e={{env.TETHER_UNIT_VAR}}",
                   TS_OK, &e);
    assert_string_equal(s, "/u/42/x?e=from-env");
    free(s);
    /* not references: kept as they are */
    s = fill(&v, "{{ {{a b}} {{}} {x} }}{{id", TS_OK, &e);
    assert_string_equal(s, "{{ {{a b}} {{}} {x} }}{{id");
    free(s);
    /* unknown ones are named, all of them, once */
    unsetenv("TETHER_UNIT_NONE");
    assert_null(fill(&v, "{{nope}} {{id}} {{env.TETHER_UNIT_NONE}} {{nope}}",
                     TS_INVALID, &e));
    assert_non_null(strstr(e.msg, "nope and env.TETHER_UNIT_NONE are not set"));
    vars_free(&v);
}

static void
test_names(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(vars_check_name("tenant_id", &e), TS_OK);
    assert_int_equal(vars_check_name("", &e), TS_INVALID);
    assert_int_equal(vars_check_name("a b", &e), TS_INVALID);
    assert_int_equal(vars_check_name("env.HOME", &e), TS_INVALID);
}

static struct saved_request *
sample(void)
{
    struct kv_list q = {0}, h = {0};
    assert_true(kv_list_add(&q, "page", "{{page}}"));
    assert_true(kv_list_add(&h, "X-Tenant", "{{tenant}}"));
    assert_true(kv_list_add(&h, "Authorization", "Bearer {{token}}"));
    assert_true(kv_list_add(&h, "X-Copy", "pre-key-secret-post"));
    struct http_request req = {.method = "post",
                               .path = "/t/{{tenant}}",
                               .query = &q,
                               .headers = &h,
                               .body = "{\"t\": \"{{token}}\"}",
                               .body_len = 18};
    struct saved_request *r = NULL;
    struct err e = {0};
    assert_int_equal(saved_from_request("Create thing", &req, &r, &e), TS_OK);
    kv_list_free(&q);
    kv_list_free(&h);
    return r;
}

static void
test_saved_fill(void **state)
{
    (void)state;
    struct saved_request *r = sample();
    assert_string_equal(r->method, "POST");
    struct integration *ig = fx_make("S", AUTH_API_KEY, "key-secret");
    struct err e = {0};
    assert_int_equal(saved_mark_secrets(ig, r, &e), TS_OK);
    bool want[] = {false, false, true, true, false};
    assert_int_equal(r->n, 5);
    for (size_t i = 0; i < r->n; i++)
        assert_int_equal(r->parts[i].secret, want[i]);

    struct vars v = {0};
    assert_true(vars_add(&v, "tenant", "acme", false));
    assert_true(vars_add(&v, "token", "tok-123456", true));
    struct saved_filled f;
    assert_int_equal(saved_fill(r, &v, &f, &e), TS_INVALID);
    assert_non_null(strstr(e.msg, "page"));
    assert_true(vars_add(&v, "page", "2", false));
    assert_int_equal(saved_fill(r, &v, &f, &e), TS_OK);
    assert_string_equal(f.path, "/t/acme");
    assert_string_equal(f.query.items[0].value, "2");
    assert_string_equal(f.headers.items[1].value, "Bearer tok-123456");
    assert_string_equal(f.body, "{\"t\": \"tok-123456\"}");
    /* the secret variable's value goes to the integration for redaction */
    assert_int_equal(f.secrets.n, 1);
    assert_true(saved_filled_give_secrets(&f, ig));
    char *red = redact_text(ig, f.body, f.body_len, NULL);
    assert_string_equal(red, "{\"t\": \"[redacted]\"}");
    free(red);
    saved_filled_clear(&f);
    /* a header filled into something invalid is refused, not sent */
    assert_true(
        saved_add_part(r, SAVED_HEADER, "X-Line", "{{line}}", 8, false));
    assert_true(vars_add(&v, "line", "a\r\nInjected: 1", false));
    assert_int_equal(saved_fill(r, &v, &f, &e), TS_INVALID);
    vars_free(&v);
    integration_free(ig);
    saved_free(r);
}

static void
test_store(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fx_add(f, "S", AUTH_API_KEY, "key-secret");
    fx_add(f, "Other", AUTH_NONE, NULL);
    struct saved_request *r = sample();
    struct integration *ig = NULL;
    struct err e = {0};
    assert_int_equal(store_get(f->st, "s", STORE_WITH_SECRETS, &ig, &e), TS_OK);
    assert_int_equal(saved_mark_secrets(ig, r, &e), TS_OK);
    assert_int_equal(store_saved_put(f->st, "s", r, false, &e), TS_OK);
    assert_int_equal(store_saved_put(f->st, "S", r, false, &e), TS_EXISTS);
    assert_int_equal(store_var_set(f->st, "S", "tenant", "acme", false, &e),
                     TS_OK);
    assert_int_equal(
        store_var_set(f->st, "S", "token", "var-secret-9", true, &e), TS_OK);

    /* the secrets are nowhere in the file in clear */
    store_close(f->st);
    f->st = NULL;
    char wal[160];
    snprintf(wal, sizeof wal, "%s-wal", f->db);
    const char *files[] = {f->db, wal};
    size_t found = 0;
    for (size_t i = 0; i < 2; i++) {
        size_t len;
        unsigned char *raw = fx_slurp(files[i], &len);
        if (raw == NULL)
            continue;
        assert_null(memmem(raw, len, "var-secret-9", 12));
        assert_null(memmem(raw, len, "pre-key-secret-post", 19));
        found += memmem(raw, len, "{{tenant}}", 10) != NULL;
        free(raw);
    }
    assert_true(found > 0); /* plain parts are stored as they are */
    fx_open(f);

    struct saved_request *got = NULL;
    assert_int_equal(store_saved_get(f->st, "S", "create THING", &got, &e),
                     TS_OK);
    assert_int_equal(got->n, 5);
    assert_string_equal(got->parts[3].value, "pre-key-secret-post");
    assert_true(got->parts[3].secret);
    assert_string_equal(got->parts[4].value, "{\"t\": \"{{token}}\"}");
    saved_free(got);

    assert_int_equal(store_saved_copy(f->st, "S", "Create thing", "Copy", &e),
                     TS_OK);
    assert_int_equal(store_saved_rename(f->st, "S", "copy", "Renamed", &e),
                     TS_OK);
    assert_int_equal(store_saved_get(f->st, "S", "Renamed", &got, &e), TS_OK);
    assert_string_equal(got->parts[3].value, "pre-key-secret-post");
    saved_free(got);
    assert_int_equal(
        store_saved_rename(f->st, "S", "Renamed", "create thing", &e),
        TS_EXISTS);
    assert_int_equal(store_saved_get(f->st, "Other", "Renamed", &got, &e),
                     TS_NOT_FOUND);

    struct saved_request **v = NULL;
    size_t n = 0;
    assert_int_equal(store_saved_list(f->st, "S", false, &v, &n, &e), TS_OK);
    assert_int_equal(n, 2);
    assert_string_equal(v[0]->name, "Create thing");
    assert_string_equal(v[0]->parts[3].value, ""); /* not decrypted */
    store_saved_list_free(v, n);
    assert_int_equal(store_saved_remove(f->st, "S", "renamed", &e), TS_OK);
    assert_int_equal(store_saved_remove(f->st, "S", "renamed", &e),
                     TS_NOT_FOUND);

    struct vars vars = {0};
    assert_int_equal(store_var_list(f->st, "S", true, &vars, &e), TS_OK);
    assert_int_equal(vars.n, 2);
    assert_string_equal(vars_find(&vars, "token")->value, "var-secret-9");
    assert_true(vars_find(&vars, "token")->secret);
    vars_free(&vars);
    assert_int_equal(store_var_remove(f->st, "S", "token", &e), TS_OK);
    assert_int_equal(store_var_remove(f->st, "S", "token", &e), TS_NOT_FOUND);

    /* removing the integration takes its requests and variables along */
    assert_int_equal(store_remove(f->st, "S", &e), TS_OK);
    fx_add(f, "S", AUTH_NONE, NULL);
    assert_int_equal(store_saved_list(f->st, "S", false, &v, &n, &e), TS_OK);
    assert_int_equal(n, 0);
    store_saved_list_free(v, n);
    assert_int_equal(store_var_list(f->st, "S", false, &vars, &e), TS_OK);
    assert_int_equal(vars.n, 0);
    integration_free(ig);
    saved_free(r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fill),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_saved_fill),
        cmocka_unit_test_setup_teardown(test_store, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
