/* test_presets.c — the shipped presets, loading errors, find and apply. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "presets.h"
#include "validate.h"

static char shipped[4096];

static int
setup(void **state)
{
    (void)state;
    const char *root = getenv("TETHER_ROOT");
    snprintf(shipped, sizeof shipped, "%s/data/presets.json",
             root ? root : ".");
    return 0;
}

/* Write `text` to a new temporary file; its path goes into path. */
static void
write_temp(char *path, size_t len, const char *text)
{
    snprintf(path, len, "%s/tether-presets-XXXXXX", P_tmpdir);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
}

static struct preset_list *
load_shipped(void)
{
    struct preset_list *list = NULL;
    struct err e;
    if (presets_load(shipped, &list, &e) != TS_OK)
        fail_msg("%s", e.msg);
    return list;
}

/* Fill what a user would type for the preset's auth method. */
static void
fill_credentials(struct integration *ig)
{
    assert_true(model_set_str(&ig->name, "Example"));
    switch (ig->auth) {
    case AUTH_API_KEY:
        assert_true(secret_assign(&ig->api_key.key, "placeholder-key"));
        break;
    case AUTH_BASIC:
    case AUTH_DIGEST:
        assert_true(model_set_str(&ig->basic.username, "me@example.com"));
        assert_true(secret_assign(&ig->basic.password, "placeholder"));
        break;
    case AUTH_OAUTH2:
        assert_true(model_set_str(&ig->oauth.client_id, "client-id"));
        assert_true(secret_assign(&ig->oauth.client_secret, "secret"));
        break;
    case AUTH_NONE:
        break;
    }
}

static void
test_shipped_presets_validate(void **state)
{
    (void)state;
    struct preset_list *list = load_shipped();
    assert_true(list->n >= 12);
    for (size_t i = 0; i < list->n; i++) {
        const struct preset *p = &list->items[i];
        struct integration *ig = integration_new();
        struct err e;
        assert_non_null(ig);
        assert_int_equal(presets_apply(p, ig, &e), TS_OK);
        fill_credentials(ig);
        if (validate_integration(ig, &e) != TS_OK)
            fail_msg("preset %s: %s: %s", p->id, e.field, e.msg);
        assert_non_null(p->docs);
        assert_int_equal(strncmp(p->docs, "https://", 8), 0);
        /* A preset with a device URL also works with the device grant. */
        if (p->auth == AUTH_OAUTH2 && p->oauth.device_url != NULL) {
            ig->oauth.grant = GRANT_DEVICE_CODE;
            if (validate_integration(ig, &e) != TS_OK)
                fail_msg("preset %s (device): %s", p->id, e.msg);
        }
        integration_free(ig);
    }
    presets_free(list);
}

static void
test_shipped_content(void **state)
{
    (void)state;
    struct preset_list *list = load_shipped();
    static const char *const want[] = {
        "github",  "gitlab",     "microsoft-graph", "google",
        "spotify", "slack",      "atlassian",       "hubspot",
        "zoom",    "salesforce", "dropbox",         "box",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (presets_find(list, want[i]) == NULL)
            fail_msg("no preset %s", want[i]);

    const struct preset *gh = presets_find(list, "github");
    assert_string_equal(gh->base_url, "https://api.github.com");
    assert_string_equal(gh->test_path, "/user");
    assert_int_equal(gh->auth, AUTH_OAUTH2);
    assert_string_equal(gh->oauth.device_url,
                        "https://github.com/login/device/code");
    assert_string_equal(gh->oauth.token_url,
                        "https://github.com/login/oauth/access_token");

    const struct preset *ms = presets_find(list, "microsoft-graph");
    assert_string_equal(ms->oauth.device_url,
                        "https://login.microsoftonline.com/common/oauth2/"
                        "v2.0/devicecode");

    const struct preset *g = presets_find(list, "google");
    assert_string_equal(g->oauth.device_url,
                        "https://oauth2.googleapis.com/device/code");
    assert_int_equal(g->oauth.params.n, 2);
    assert_string_equal(g->oauth.params.items[0].key, "access_type");
    assert_string_equal(g->oauth.params.items[0].value, "offline");
    assert_string_equal(g->oauth.params.items[1].key, "prompt");
    assert_string_equal(g->oauth.params.items[1].value, "consent");
    assert_int_equal(g->oauth.client_auth, CLIENT_AUTH_BODY);

    const struct preset *sp = presets_find(list, "spotify");
    assert_int_equal(sp->oauth.client_auth, CLIENT_AUTH_BASIC);

    const struct preset *st = presets_find(list, "stripe");
    assert_non_null(st);
    assert_int_equal(st->auth, AUTH_API_KEY);
    assert_string_equal(st->api_key.header, "Authorization");
    assert_string_equal(st->api_key.prefix, "Bearer");
    assert_int_equal(st->api_key.placement, KEY_IN_HEADER);
    presets_free(list);
}

static void
test_find(void **state)
{
    (void)state;
    struct preset_list *list = load_shipped();
    const struct preset *p = presets_find(list, "GITHUB");
    assert_non_null(p);
    assert_string_equal(p->id, "github");
    assert_ptr_equal(presets_find(list, "GitHub"), p); /* name */
    p = presets_find(list, "microsoft graph");
    assert_non_null(p);
    assert_string_equal(p->id, "microsoft-graph");
    assert_null(presets_find(list, "no-such-provider"));
    assert_null(presets_find(list, ""));
    assert_null(presets_find(NULL, "github"));
    presets_free(list);
}

static void
test_apply_keeps_secrets_and_identity(void **state)
{
    (void)state;
    struct preset_list *list = load_shipped();
    struct integration *ig = integration_new();
    struct err e;
    assert_true(model_set_str(&ig->name, "Mine"));
    assert_true(model_set_str(&ig->description, "my own words"));
    assert_true(model_set_str(&ig->oauth.client_id, "abc"));
    assert_true(secret_assign(&ig->oauth.client_secret, "s3cret"));
    assert_true(secret_assign(&ig->api_key.key, "k3y"));
    ig->oauth.redirect_port = 9999;
    assert_true(kv_list_add(&ig->oauth.params, "stale", "1"));

    assert_int_equal(presets_apply(presets_find(list, "google"), ig, &e),
                     TS_OK);
    assert_string_equal(ig->name, "Mine");
    assert_string_equal(ig->description, "my own words");
    assert_string_equal(ig->oauth.client_id, "abc");
    assert_string_equal(ig->oauth.client_secret.value, "s3cret");
    assert_string_equal(ig->api_key.key.value, "k3y");
    assert_int_equal(ig->oauth.redirect_port, 9999);
    assert_int_equal(ig->auth, AUTH_OAUTH2);
    assert_string_equal(ig->base_url, "https://www.googleapis.com");
    assert_string_equal(ig->oauth.auth_url,
                        "https://accounts.google.com/o/oauth2/v2/auth");
    assert_int_equal(ig->oauth.params.n, 2); /* replaced, not appended */
    assert_true(ig->oauth.pkce);

    /* Switching to an API-key preset; the description is kept. */
    assert_int_equal(presets_apply(presets_find(list, "stripe"), ig, &e),
                     TS_OK);
    assert_int_equal(ig->auth, AUTH_API_KEY);
    assert_string_equal(ig->api_key.header, "Authorization");
    assert_string_equal(ig->test_path, "/balance");
    assert_string_equal(ig->api_key.key.value, "k3y");

    /* An empty description is prefilled. */
    assert_true(model_set_str(&ig->description, NULL));
    assert_int_equal(presets_apply(presets_find(list, "github"), ig, &e),
                     TS_OK);
    assert_non_null(ig->description);
    integration_free(ig);
    presets_free(list);
}

/* Loading `text` must fail with TS_INVALID and a message holding each of
 * the given fragments (NULL-terminated). */
static void
assert_load_fails(const char *text, ...)
{
    char path[256];
    write_temp(path, sizeof path, text);
    struct preset_list *list = NULL;
    struct err e;
    tstatus st = presets_load(path, &list, &e);
    unlink(path);
    if (st != TS_INVALID)
        fail_msg("loaded (status %d): %s", (int)st, text);
    assert_null(list);
    assert_string_equal(e.field, "presets");
    if (strstr(e.msg, path) == NULL)
        fail_msg("message does not name the file: %s", e.msg);
    va_list ap;
    va_start(ap, text);
    for (const char *frag; (frag = va_arg(ap, const char *)) != NULL;)
        if (strstr(e.msg, frag) == NULL)
            fail_msg("message lacks '%s': %s", frag, e.msg);
    va_end(ap);
}

#define GOOD_HEAD                                                              \
    "{\"presets\":[{\"id\":\"ok\",\"name\":\"Fine\",\"base_url\":"             \
    "\"api.example.com\",\"auth\":\"none\"},"

static void
test_malformed_files(void **state)
{
    (void)state;
    assert_load_fails("{\"presets\": [\n  {\"id\": \"x\",}\n]}", "line 2",
                      "column 14", "expected a string key", NULL);
    assert_load_fails("[1, 2]", "\"presets\" array", NULL);
    assert_load_fails("{\"presets\": {}}", "\"presets\" array", NULL);
    assert_load_fails("{\"version\": 2, \"presets\": []}", "version", NULL);
    assert_load_fails(GOOD_HEAD "{\"id\":\"x\",\"name\":5}]}",
                      "preset 2 (\"x\"): name", "must be a string", NULL);
    assert_load_fails(GOOD_HEAD "{\"id\":\"x\",\"name\":\"X\",\"auth\":"
                                "\"none\"}]}",
                      "preset 2 (\"x\"): base_url", "is missing", NULL);
    assert_load_fails(GOOD_HEAD "{\"name\":\"X\"}]}", "preset 2: id",
                      "is missing", NULL);
    assert_load_fails(GOOD_HEAD "{\"id\":\"x\",\"name\":\"X\",\"base_url\":"
                                "\"x.example\",\"auth\":\"kerberos\"}]}",
                      "preset 2 (\"x\"): auth", "unknown auth method",
                      "kerberos", NULL);
    assert_load_fails(GOOD_HEAD "{\"id\":\"x\",\"name\":\"X\",\"base_url\":"
                                "\"https://a b\",\"auth\":\"none\"}]}",
                      "preset 2 (\"x\"): base_url", NULL);
    assert_load_fails(GOOD_HEAD
                      "{\"id\":\"x\",\"name\":\"X\",\"base_url\":\"x.example\","
                      "\"auth\":\"oauth2\",\"oauth2\":{\"grant\":"
                      "\"authorization_code\",\"client_auth\":\"body\","
                      "\"auth_url\":\"https://x.example/a\",\"token_url\":"
                      "\"ftp://x.example/t\"}}]}",
                      "preset 2 (\"x\"): token_url", NULL);
    assert_load_fails(GOOD_HEAD
                      "{\"id\":\"x\",\"name\":\"X\",\"base_url\":\"x.example\","
                      "\"auth\":\"oauth2\",\"oauth2\":{\"grant\":"
                      "\"authorization_code\",\"client_auth\":\"body\","
                      "\"token_url\":\"https://x.example/t\"}}]}",
                      "auth_url", NULL);
    assert_load_fails(GOOD_HEAD
                      "{\"id\":\"x\",\"name\":\"X\",\"base_url\":\"x.example\","
                      "\"auth\":\"oauth2\",\"oauth2\":{\"grant\":\"implicit\","
                      "\"client_auth\":\"body\",\"token_url\":"
                      "\"https://x.example/t\"}}]}",
                      "grant", "authorization_code", NULL);
    assert_load_fails(GOOD_HEAD
                      "{\"id\":\"x\",\"name\":\"X\",\"base_url\":\"x.example\","
                      "\"auth\":\"oauth2\",\"oauth2\":{\"grant\":"
                      "\"client_credentials\",\"client_auth\":\"body\","
                      "\"tokn_url\":\"https://x.example/t\"}}]}",
                      "tokn_url", "unknown field in oauth2", NULL);
    assert_load_fails(
        GOOD_HEAD "{\"id\":\"x\",\"name\":\"X\",\"base_url\":\"x.example\","
                  "\"auth\":\"oauth2\",\"oauth2\":{\"grant\":"
                  "\"client_credentials\",\"client_auth\":\"body\","
                  "\"token_url\":\"https://x.example/t\",\"pkce\":\"yes\"}}]}",
        "pkce", "true or false", NULL);
    assert_load_fails(GOOD_HEAD "{\"id\":\"x\",\"name\":\"X\",\"base_url\":"
                                "\"x.example\",\"auth\":\"api-key\"}]}",
                      "api_key", "is missing", NULL);
    assert_load_fails(GOOD_HEAD "{\"id\":\"x\",\"name\":\"X\",\"base_url\":"
                                "\"x.example\",\"auth\":\"api-key\","
                                "\"api_key\":{\"header\":\"Bad Header\"}}]}",
                      "preset 2 (\"x\"): header", NULL);
    assert_load_fails(GOOD_HEAD "{\"id\":\"x\",\"name\":\"X\",\"base_url\":"
                                "\"x.example\",\"auth\":\"basic\","
                                "\"api_key\":{\"header\":\"X-Key\"}}]}",
                      "api_key", "auth is basic", NULL);
    assert_load_fails(GOOD_HEAD "{\"id\":\"ok\",\"name\":\"Other\","
                                "\"base_url\":\"x.example\",\"auth\":"
                                "\"none\"}]}",
                      "preset 2 (\"ok\"): id", "also preset 1", NULL);
    assert_load_fails(GOOD_HEAD "{\"id\":\"x\",\"name\":\"FINE\","
                                "\"base_url\":\"x.example\",\"auth\":"
                                "\"none\"}]}",
                      "name", "also preset 1", NULL);
    assert_load_fails(GOOD_HEAD "{\"id\":\"Bad Id\",\"name\":\"X\"}]}",
                      "not a valid id", NULL);
    assert_load_fails(GOOD_HEAD "{\"id\":\"x\",\"name\":\"X\",\"base_url\":"
                                "\"x.example\",\"auth\":\"none\","
                                "\"descripton\":\"typo\"}]}",
                      "descripton", "unknown field", NULL);
    assert_load_fails(GOOD_HEAD "{\"id\":\"x\",\"name\":\"X\\nY\","
                                "\"base_url\":\"x.example\",\"auth\":"
                                "\"none\"}]}",
                      "name", "line feed", NULL);
}

static void
test_missing_file_and_default_path(void **state)
{
    (void)state;
    struct preset_list *list = NULL;
    struct err e;
    assert_int_equal(presets_load("/nonexistent/presets.json", &list, &e),
                     TS_NOT_FOUND);
    assert_null(list);
    assert_non_null(strstr(e.msg, "/nonexistent/presets.json"));

    char path[4096];
    setenv("TETHER_PRESETS", shipped, 1);
    assert_int_equal(presets_default_path(path, sizeof path, &e), TS_OK);
    assert_string_equal(path, shipped);
    assert_int_equal(presets_load(NULL, &list, &e), TS_OK);
    assert_string_equal(list->path, shipped);
    presets_free(list);

    setenv("TETHER_PRESETS", "/nonexistent/p.json", 1);
    assert_int_equal(presets_load(NULL, &list, &e), TS_NOT_FOUND);

    /* Without the variable: an installed file, or the build tree's. */
    unsetenv("TETHER_PRESETS");
    assert_int_equal(presets_default_path(path, sizeof path, &e), TS_OK);
    size_t n = strlen(path);
    assert_true(n > 13);
    assert_string_equal(path + n - 13, "/presets.json");
    assert_int_equal(access(path, R_OK), 0);
}

static void
test_empty_list(void **state)
{
    (void)state;
    char path[256];
    write_temp(path, sizeof path, "{\"version\": 1, \"presets\": []}");
    struct preset_list *list = NULL;
    struct err e;
    assert_int_equal(presets_load(path, &list, &e), TS_OK);
    unlink(path);
    assert_int_equal(list->n, 0);
    assert_null(presets_find(list, "github"));
    presets_free(list);
    presets_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_presets_validate),
        cmocka_unit_test(test_shipped_content),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_apply_keeps_secrets_and_identity),
        cmocka_unit_test(test_malformed_files),
        cmocka_unit_test(test_missing_file_and_default_path),
        cmocka_unit_test(test_empty_list),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
