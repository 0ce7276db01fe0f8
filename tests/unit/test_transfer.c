/* test_transfer.c — integrations as JSON (model_json) and export/import
 * (transfer): round trips with and without secrets, all-or-nothing
 * imports, strict types, named errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sodium.h>

#include "model_json.h"
#include "store_fixture.h"
#include "transfer.h"

/* A second store in the same temporary directory, sharing the key file. */
static struct store *
open_other(struct fx *f, const char *file)
{
    char path[200];
    snprintf(path, sizeof path, "%s/%s", f->dir, file);
    struct store_options o = {.path = path, .key_file = f->key};
    struct store *st = NULL;
    struct err e;
    if (store_open(&o, &st, &e) != TS_OK)
        fail_msg("store_open %s: %s", path, e.msg);
    return st;
}

/* A store with one integration of each kind, tokens and a test result. */
static void
fill(struct fx *f)
{
    fx_open(f);
    fx_add(f, "None", AUTH_NONE, NULL);
    fx_add(f, "Key", AUTH_API_KEY, "key-SECRET-1");
    fx_add(f, "Basic", AUTH_BASIC, "pw-SECRET-2");
    struct integration *ig = fx_make("OAuth", AUTH_OAUTH2, "cs-SECRET-3");
    ig->is_default = true;
    ig->oauth.grant = GRANT_AUTHORIZATION_CODE;
    ig->oauth.client_auth = CLIENT_AUTH_BODY;
    ig->oauth.pkce = false;
    ig->oauth.redirect_port = 9123;
    assert_true(model_set_str(&ig->oauth.scope, "read write"));
    assert_true(kv_list_add(&ig->oauth.params, "audience", "api://x"));
    assert_true(kv_list_add(&ig->oauth.params, "prompt", "consent"));
    assert_true(model_set_str(&ig->description, "the identity API"));
    assert_true(model_set_str(&ig->test_path, "/me"));
    ig->net.timeout_ms = 5000;
    struct err e;
    assert_int_equal(store_add(f->st, ig, &e), TS_OK);
    struct oauth_tokens t = {.expires_at = 2000, .obtained_at = 1000};
    assert_true(secret_assign(&t.access_token, "at-SECRET-4"));
    assert_true(secret_assign(&t.refresh_token, "rt-SECRET-5"));
    assert_true(model_set_str(&t.token_type, "Bearer"));
    assert_int_equal(store_save_tokens(f->st, ig->id, &t, &e), TS_OK);
    oauth_tokens_clear(&t);
    struct test_result r = {
        .at = 77, .status = 401, .time_ms = 12, .reason = "401 Unauthorized"};
    assert_int_equal(store_save_test_result(f->st, ig->id, &r, &e), TS_OK);
    integration_free(ig);
}

static const char *const all_secrets[] = {"key-SECRET-1", "pw-SECRET-2",
                                          "cs-SECRET-3",  "at-SECRET-4",
                                          "rt-SECRET-5",  "SECRET"};

static char *export(struct store *st, bool with_secrets)
{
    char *json = NULL;
    struct err e;
    if (transfer_export(st, NULL, 0, with_secrets, &json, &e) != TS_OK)
        fail_msg("transfer_export: %s", e.msg);
    return json;
}

/* The document without the times, which differ between stores. */
static cJSON *
timeless(const char *json)
{
    cJSON *doc = cJSON_Parse(json);
    assert_non_null(doc);
    cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(doc, "integrations"))
    {
        cJSON_DeleteItemFromObject(it, "created_at");
        cJSON_DeleteItemFromObject(it, "updated_at");
    }
    return doc;
}

static void
test_export_without_secrets(void **state)
{
    struct fx *f = *state;
    fill(f);
    char *json = export(f->st, false);
    for (size_t i = 0; i < sizeof all_secrets / sizeof all_secrets[0]; i++)
        assert_null(strstr(json, all_secrets[i]));
    cJSON *doc = cJSON_Parse(json);
    assert_int_equal(cJSON_GetObjectItem(doc, "tether_export")->valueint, 1);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(doc, "with_secrets")));
    cJSON *arr = cJSON_GetObjectItem(doc, "integrations");
    assert_int_equal(cJSON_GetArraySize(arr), 4);
    /* Sorted by name; secrets as words; settings nested by method. */
    cJSON *basic = cJSON_GetArrayItem(arr, 0);
    assert_string_equal(cJSON_GetObjectItem(basic, "name")->valuestring,
                        "Basic");
    cJSON *b = cJSON_GetObjectItem(basic, "basic");
    assert_string_equal(cJSON_GetObjectItem(b, "username")->valuestring, "ada");
    assert_string_equal(cJSON_GetObjectItem(b, "password")->valuestring, "set");
    assert_null(cJSON_GetObjectItem(basic, "oauth2"));
    cJSON *oauth = cJSON_GetArrayItem(arr, 3);
    cJSON *o = cJSON_GetObjectItem(oauth, "oauth2");
    assert_string_equal(cJSON_GetObjectItem(o, "client_secret")->valuestring,
                        "set");
    cJSON *t = cJSON_GetObjectItem(o, "tokens");
    assert_string_equal(cJSON_GetObjectItem(t, "access_token")->valuestring,
                        "set");
    assert_int_equal(cJSON_GetObjectItem(t, "expires_at")->valueint, 2000);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(oauth, "default")));
    cJSON *lt = cJSON_GetObjectItem(oauth, "last_test");
    assert_int_equal(cJSON_GetObjectItem(lt, "status")->valueint, 401);
    cJSON *none = cJSON_GetArrayItem(arr, 2);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(none, "last_test")));
    cJSON *key = cJSON_GetObjectItem(cJSON_GetArrayItem(arr, 1), "api_key");
    assert_string_equal(cJSON_GetObjectItem(key, "in")->valuestring, "header");
    cJSON_Delete(doc);

    /* Importing it elsewhere fails on the first missing secret, named. */
    struct store *other = open_other(f, "other.db");
    size_t n = 9;
    struct err e;
    assert_int_equal(transfer_import(other, json, strlen(json), &n, &e),
                     TS_INVALID);
    assert_int_equal(n, 0);
    assert_msg_has(e, "\"Basic\"");
    assert_msg_has(e, "basic.password");
    assert_msg_has(e, "--with-secrets");
    store_close(other);
    free(json);
}

static void
test_round_trip_with_secrets(void **state)
{
    struct fx *f = *state;
    fill(f);
    char *json = export(f->st, true);
    for (size_t i = 0; i < 5; i++)
        assert_non_null(strstr(json, all_secrets[i]));
    struct store *other = open_other(f, "other.db");
    size_t n = 0;
    struct err e;
    assert_int_equal(transfer_import(other, json, strlen(json), &n, &e), TS_OK);
    assert_int_equal(n, 4);
    char *again = export(other, true);
    cJSON *a = timeless(json), *b = timeless(again);
    if (!cJSON_Compare(a, b, true))
        fail_msg("round trip differs:\n%s\n---\n%s", json, again);
    cJSON_Delete(a);
    cJSON_Delete(b);
    struct integration *ig;
    assert_int_equal(store_get(other, "oauth", STORE_WITH_SECRETS, &ig, &e),
                     TS_OK);
    assert_string_equal(ig->oauth.client_secret.value, "cs-SECRET-3");
    assert_string_equal(ig->oauth.tokens.refresh_token.value, "rt-SECRET-5");
    assert_int_equal(ig->oauth.params.n, 2);
    assert_string_equal(ig->oauth.params.items[1].key, "prompt");
    assert_int_equal(ig->oauth.redirect_port, 9123);
    assert_int_equal(ig->oauth.client_auth, CLIENT_AUTH_BODY);
    assert_false(ig->oauth.pkce);
    assert_int_equal(ig->net.timeout_ms, 5000);
    integration_free(ig);

    /* A second import clashes on every name and adds nothing. */
    assert_int_equal(transfer_import(other, json, strlen(json), &n, &e),
                     TS_EXISTS);
    assert_int_equal(n, 0);
    assert_msg_has(e, "\"Basic\", \"Key\", \"None\", \"OAuth\"");
    struct integration **v;
    size_t count;
    assert_int_equal(store_list(other, &v, &count, &e), TS_OK);
    assert_int_equal(count, 4);
    store_list_free(v, count);
    store_close(other);
    free(again);
    sodium_memzero(json, strlen(json));
    free(json);
}

static void
test_export_named(void **state)
{
    struct fx *f = *state;
    fill(f);
    const char *names[] = {"key", "KEY ", "basic"};
    char *json = NULL;
    struct err e;
    assert_int_equal(transfer_export(f->st, names, 3, false, &json, &e), TS_OK);
    cJSON *doc = cJSON_Parse(json);
    cJSON *arr = cJSON_GetObjectItem(doc, "integrations");
    assert_int_equal(cJSON_GetArraySize(arr), 2);
    assert_string_equal(
        cJSON_GetObjectItem(cJSON_GetArrayItem(arr, 0), "name")->valuestring,
        "Key");
    cJSON_Delete(doc);
    free(json);
    const char *bad[] = {"key", "ghost"};
    json = NULL;
    assert_int_equal(transfer_export(f->st, bad, 2, false, &json, &e),
                     TS_NOT_FOUND);
    assert_null(json);
    assert_msg_has(e, "\"ghost\"");
}

static void
expect_import_error(struct fx *f, const char *json, tstatus want,
                    const char *field, const char *words)
{
    size_t n = 7;
    struct err e;
    err_clear(&e);
    tstatus rc = transfer_import(f->st, json, strlen(json), &n, &e);
    if (rc != want)
        fail_msg("import %s: status %d (%s)", json, rc, e.msg);
    assert_int_equal(n, 0);
    if (field != NULL)
        assert_string_equal(e.field, field);
    assert_msg_has(e, words);
}

#define DOC(items) "{\"tether_export\": 1, \"integrations\": [" items "]}"

static void
test_import_strict(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    expect_import_error(f, "{\"tether_export\": 1, ", TS_INVALID, NULL,
                        "not valid JSON");
    expect_import_error(f, "[1, 2]", TS_INVALID, NULL, "not a tether export");
    expect_import_error(f, "{\"integrations\": []}", TS_INVALID,
                        "tether_export", "not a tether export");
    expect_import_error(f, "{\"tether_export\": 2, \"integrations\": []}",
                        TS_INVALID, "tether_export", "format 2");
    expect_import_error(f,
                        DOC("{\"name\": \"A\", \"base_url\": \"a.io\","
                            " \"default\": \"yes\"}"),
                        TS_INVALID, "default", "integration \"A\": default");
    expect_import_error(f,
                        DOC("{\"name\": \"A\", \"base_url\": \"a.io\","
                            " \"hostname\": \"x\"}"),
                        TS_INVALID, "hostname", "unknown field");
    expect_import_error(f,
                        DOC("{\"name\": \"A\", \"base_url\": \"a.io\","
                            " \"auth\": \"oauth2\", \"oauth2\": "
                            "{\"client_id\": 5}}"),
                        TS_INVALID, "oauth2.client_id", "expected a string");
    expect_import_error(f,
                        DOC("{\"name\": \"A\", \"base_url\": \"a.io\","
                            " \"auth\": \"magic\"}"),
                        TS_INVALID, "auth", "expected one of");
    expect_import_error(f, DOC("{\"base_url\": \"a.io\"}"), TS_INVALID, "name",
                        "missing");
    expect_import_error(f,
                        DOC("{\"name\": \"A\", \"base_url\": \"a.io\","
                            " \"network\": {\"timeout_ms\": 1.5}}"),
                        TS_INVALID, "network.timeout_ms", "whole number");
    /* Validation runs too, naming the integration. */
    expect_import_error(f,
                        DOC("{\"name\": \"Ok\", \"base_url\": \"a.io\"},"
                            "{\"name\": \"Bad\", \"base_url\": \"a b\"}"),
                        TS_INVALID, "base_url", "Bad");
    struct integration **v;
    size_t n;
    struct err e;
    assert_int_equal(store_list(f->st, &v, &n, &e), TS_OK);
    assert_int_equal(n, 0);
    store_list_free(v, n);

    /* Missing optional fields take their defaults; a secret given in the
     * clear by hand is taken as a value. */
    const char *json = DOC("{\"name\": \"Min\", \"base_url\": \"min.io\","
                           " \"auth\": \"api-key\", \"api_key\": "
                           "{\"header\": \"X-Key\", \"key\": \"hand-made\"}}");
    assert_int_equal(transfer_import(f->st, json, strlen(json), &n, &e), TS_OK);
    assert_int_equal(n, 1);
    struct integration *ig;
    assert_int_equal(store_get(f->st, "min", STORE_WITH_SECRETS, &ig, &e),
                     TS_OK);
    assert_string_equal(ig->api_key.key.value, "hand-made");
    assert_string_equal(ig->base_url, "https://min.io");
    assert_int_equal(ig->net.timeout_ms, MODEL_DEFAULT_TIMEOUT_MS);
    assert_true(ig->oauth.pkce);
    integration_free(ig);
}

static void
test_json_show_states(void **state)
{
    (void)state;
    struct integration *ig = fx_make("Show", AUTH_OAUTH2, NULL);
    assert_true(secret_assign(&ig->oauth.tokens.access_token, "at-SHOWN"));
    cJSON *o = model_json_from_integration(ig, false);
    char *text = cJSON_PrintUnformatted(o);
    assert_null(strstr(text, "at-SHOWN"));
    assert_non_null(strstr(text, "\"client_secret\":\"not set\""));
    assert_non_null(strstr(text, "\"access_token\":\"set\""));
    assert_non_null(strstr(text, "\"refresh_token\":\"not set\""));
    free(text);
    cJSON_Delete(o);
    o = model_json_from_integration(ig, true);
    text = cJSON_PrintUnformatted(o);
    assert_non_null(strstr(text, "\"access_token\":\"at-SHOWN\""));
    assert_non_null(strstr(text, "\"client_secret\":null"));
    model_json_wipe(o);
    assert_null(strstr(
        cJSON_GetObjectItem(
            cJSON_GetObjectItem(cJSON_GetObjectItem(o, "oauth2"), "tokens"),
            "access_token")
            ->valuestring,
        "at-SHOWN"));
    free(text);
    cJSON_Delete(o);

    /* Parsing without secrets in clear: "not set" is none, tokens "set"
     * are skipped, a configuration secret "set" is refused. */
    cJSON *in = cJSON_Parse("{\"name\": \"P\", \"auth\": \"oauth2\", "
                            "\"oauth2\": {\"client_secret\": \"not set\", "
                            "\"tokens\": {\"access_token\": \"set\"}}}");
    struct integration *out;
    struct err e;
    assert_int_equal(model_json_to_integration(in, false, &out, &e), TS_OK);
    assert_false(secret_is_set(&out->oauth.client_secret));
    assert_false(secret_is_set(&out->oauth.tokens.access_token));
    integration_free(out);
    cJSON_Delete(in);
    in = cJSON_Parse("{\"name\": \"P\", \"oauth2\": "
                     "{\"client_secret\": \"set\"}}");
    assert_int_equal(model_json_to_integration(in, false, &out, &e),
                     TS_INVALID);
    assert_string_equal(e.field, "oauth2.client_secret");
    /* With secrets in clear the word is a value like any other. */
    assert_int_equal(model_json_to_integration(in, true, &out, &e), TS_OK);
    assert_string_equal(out->oauth.client_secret.value, "set");
    assert_true(out->oauth.client_secret.changed);
    integration_free(out);
    cJSON_Delete(in);
    integration_free(ig);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_export_without_secrets), T(test_round_trip_with_secrets),
        T(test_export_named),           T(test_import_strict),
        T(test_json_show_states),
    };
    return cmocka_run_group_tests_name("transfer", tests, NULL, NULL);
}
