/* model_json_parse.c — an integration from JSON (see model_json.h):
 * strict on types and unknown keys, tolerant of missing optional fields,
 * every error naming the integration and the field. */
#include "model_json.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate.h"

/* Where a parse is: the integration's name for messages, the error. */
struct jin {
    const char *name;
    bool in_clear;
    struct err *e;
};

static tstatus
bad(struct jin *c, const char *field, const char *problem)
{
    return err_set(c->e, TS_INVALID, field, "integration \"%s\": %s: %s",
                   c->name, field, problem);
}

/* field = prefix + "." + key, for messages. */
static void
path(char *buf, size_t len, const char *prefix, const char *key)
{
    if (prefix != NULL)
        snprintf(buf, len, "%s.%s", prefix, key);
    else
        snprintf(buf, len, "%s", key);
}

/* bad() for the field prefix.key. */
static tstatus
bad_at(struct jin *c, const char *prefix, const char *key, const char *problem)
{
    char f[64];
    path(f, sizeof f, prefix, key);
    return bad(c, f, problem);
}

/* Refuse keys not in `known` (NULL-terminated). */
static tstatus
only_known(const cJSON *obj, const char *prefix, const char *const *known,
           struct jin *c)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, obj)
    {
        bool found = false;
        for (size_t i = 0; known[i] != NULL && !found; i++)
            found = it->string != NULL && strcmp(it->string, known[i]) == 0;
        if (!found)
            return bad_at(c, prefix, it->string ? it->string : "?",
                          "unknown field");
    }
    return TS_OK;
}

/* The member `key` of obj, or NULL when missing or null. */
static const cJSON *
member(const cJSON *obj, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    return it == NULL || cJSON_IsNull(it) ? NULL : it;
}

static tstatus
get_str(const cJSON *obj, const char *prefix, const char *key, char **dst,
        struct jin *c)
{
    const cJSON *it = member(obj, key);
    if (it == NULL)
        return TS_OK;
    if (!cJSON_IsString(it))
        return bad_at(c, prefix, key, "expected a string");
    if (!model_set_str(dst, it->valuestring))
        return err_set(c->e, TS_NOMEM, NULL, "out of memory");
    return TS_OK;
}

static tstatus
get_bool(const cJSON *obj, const char *prefix, const char *key, bool *dst,
         struct jin *c)
{
    const cJSON *it = member(obj, key);
    if (it == NULL)
        return TS_OK;
    if (!cJSON_IsBool(it))
        return bad_at(c, prefix, key, "expected true or false");
    *dst = cJSON_IsTrue(it);
    return TS_OK;
}

static tstatus
get_int(const cJSON *obj, const char *prefix, const char *key, int64_t *dst,
        struct jin *c)
{
    const cJSON *it = member(obj, key);
    if (it == NULL)
        return TS_OK;
    double v = it->valuedouble;
    if (!cJSON_IsNumber(it) || v != floor(v) || v < -9e15 || v > 9e15)
        return bad_at(c, prefix, key, "expected a whole number");
    *dst = (int64_t)v;
    return TS_OK;
}

static tstatus
get_long(const cJSON *obj, const char *prefix, const char *key, long *dst,
         struct jin *c)
{
    int64_t v = *dst;
    tstatus rc = get_int(obj, prefix, key, &v, c);
    if (rc == TS_OK && (v < INT32_MIN || v > INT32_MAX))
        return bad_at(c, prefix, key, "number out of range");
    *dst = (long)v;
    return rc;
}

/* An enum by its command-line name; `parse` is one of model.h's. */
static tstatus
get_enum(const cJSON *obj, const char *prefix, const char *key,
         bool (*parse)(const char *, unsigned *), unsigned *dst,
         const char *choices, struct jin *c)
{
    const cJSON *it = member(obj, key);
    if (it == NULL)
        return TS_OK;
    if (!cJSON_IsString(it) || !parse(it->valuestring, dst)) {
        char msg[160];
        snprintf(msg, sizeof msg, "expected one of %s", choices);
        return bad_at(c, prefix, key, msg);
    }
    return TS_OK;
}

/* Adapters from model.h's typed parsers to get_enum. */
#define ENUM_ADAPTER(fn, type)                                                 \
    static bool fn##_u(const char *s, unsigned *out)                           \
    {                                                                          \
        type v;                                                                \
        if (!fn(s, &v))                                                        \
            return false;                                                      \
        *out = (unsigned)v;                                                    \
        return true;                                                           \
    }
ENUM_ADAPTER(auth_method_parse, enum auth_method)
ENUM_ADAPTER(key_placement_parse, enum key_placement)
ENUM_ADAPTER(oauth_grant_parse, enum oauth_grant)
ENUM_ADAPTER(client_auth_parse, enum client_auth)

static tstatus
get_secret(const cJSON *obj, const char *prefix, const char *key,
           struct secret *s, bool is_token, struct jin *c)
{
    const cJSON *it = member(obj, key);
    if (it == NULL)
        return TS_OK;
    if (!cJSON_IsString(it))
        return bad_at(c, prefix, key, "expected a string");
    const char *v = it->valuestring;
    if (!c->in_clear && strcmp(v, "not set") == 0)
        return TS_OK;
    if (!c->in_clear && strcmp(v, "set") == 0) {
        if (is_token)
            return TS_OK;
        return bad_at(c, prefix, key,
                      "the value is not in the file (it was exported without "
                      "--with-secrets); export with --with-secrets or give the "
                      "value");
    }
    if (!secret_assign(s, v))
        return err_set(c->e, TS_NOMEM, NULL, "out of memory");
    return TS_OK;
}

/* The object member `key`, which must be an object when present. */
static tstatus
get_obj(const cJSON *obj, const char *prefix, const char *key,
        const cJSON **out, struct jin *c)
{
    *out = member(obj, key);
    if (*out != NULL && !cJSON_IsObject(*out))
        return bad_at(c, prefix, key, "expected an object");
    return TS_OK;
}

static tstatus
parse_api_key(const cJSON *o, struct integration *ig, struct jin *c)
{
    static const char *const known[] = {"header", "prefix", "in", "key", NULL};
    unsigned placement = ig->api_key.placement;
    tstatus rc;
    if ((rc = only_known(o, "api_key", known, c)) ||
        (rc = get_str(o, "api_key", "header", &ig->api_key.header, c)) ||
        (rc = get_str(o, "api_key", "prefix", &ig->api_key.prefix, c)) ||
        (rc = get_enum(o, "api_key", "in", key_placement_parse_u, &placement,
                       "\"header\", \"query\"", c)) ||
        (rc = get_secret(o, "api_key", "key", &ig->api_key.key, false, c)))
        return rc;
    ig->api_key.placement = placement;
    return TS_OK;
}

static tstatus
parse_basic(const cJSON *o, struct integration *ig, struct jin *c)
{
    static const char *const known[] = {"username", "password", NULL};
    tstatus rc;
    if ((rc = only_known(o, "basic", known, c)) ||
        (rc = get_str(o, "basic", "username", &ig->basic.username, c)) ||
        (rc =
             get_secret(o, "basic", "password", &ig->basic.password, false, c)))
        return rc;
    return TS_OK;
}

static tstatus
parse_params(const cJSON *o, struct integration *ig, struct jin *c)
{
    const cJSON *arr = member(o, "params");
    if (arr == NULL)
        return TS_OK;
    if (!cJSON_IsArray(arr))
        return bad(c, "oauth2.params", "expected an array of {key, value}");
    static const char *const known[] = {"key", "value", NULL};
    const cJSON *p;
    cJSON_ArrayForEach(p, arr)
    {
        char *key = NULL, *value = NULL;
        tstatus rc = TS_OK;
        if (!cJSON_IsObject(p))
            rc = bad(c, "oauth2.params", "expected an array of {key, value}");
        if (rc == TS_OK)
            rc = only_known(p, "oauth2.params", known, c);
        if (rc == TS_OK)
            rc = get_str(p, "oauth2.params", "key", &key, c);
        if (rc == TS_OK)
            rc = get_str(p, "oauth2.params", "value", &value, c);
        if (rc == TS_OK && key == NULL)
            rc = bad(c, "oauth2.params.key", "missing");
        if (rc == TS_OK && !kv_list_add(&ig->oauth.params, key, value))
            rc = err_set(c->e, TS_NOMEM, NULL, "out of memory");
        free(key);
        free(value);
        if (rc != TS_OK)
            return rc;
    }
    return TS_OK;
}

static tstatus
parse_tokens(const cJSON *o, struct oauth_tokens *t, struct jin *c)
{
    static const char *const known[] = {
        "access_token", "refresh_token",     "token_type",
        "scope",        "expires_at",        "obtained_at",
        "needs_auth",   "needs_auth_reason", NULL};
    const char *p = "oauth2.tokens";
    tstatus rc;
    if ((rc = only_known(o, p, known, c)) ||
        (rc = get_secret(o, p, "access_token", &t->access_token, true, c)) ||
        (rc = get_secret(o, p, "refresh_token", &t->refresh_token, true, c)) ||
        (rc = get_str(o, p, "token_type", &t->token_type, c)) ||
        (rc = get_str(o, p, "scope", &t->scope, c)) ||
        (rc = get_int(o, p, "expires_at", &t->expires_at, c)) ||
        (rc = get_int(o, p, "obtained_at", &t->obtained_at, c)) ||
        (rc = get_bool(o, p, "needs_auth", &t->needs_auth, c)) ||
        (rc = get_str(o, p, "needs_auth_reason", &t->needs_auth_reason, c)))
        return rc;
    return TS_OK;
}

static tstatus
parse_oauth(const cJSON *o, struct integration *ig, struct jin *c)
{
    static const char *const known[] = {
        "grant",       "client_id",      "client_secret", "auth_url",
        "token_url",   "device_url",     "scope",         "params",
        "client_auth", "pkce",           "redirect_port", "tokens",
        "issuer",      "revocation_url", "iss_required",  "secret_required",
        NULL};
    const char *p = "oauth2";
    unsigned grant = ig->oauth.grant, cauth = ig->oauth.client_auth;
    int64_t port = ig->oauth.redirect_port;
    const cJSON *tokens = NULL;
    tstatus rc;
    if ((rc = only_known(o, p, known, c)) ||
        (rc = get_enum(o, p, "grant", oauth_grant_parse_u, &grant,
                       "\"authorization_code\", \"client_credentials\", "
                       "\"device_code\"",
                       c)) ||
        (rc = get_str(o, p, "client_id", &ig->oauth.client_id, c)) ||
        (rc = get_secret(o, p, "client_secret", &ig->oauth.client_secret, false,
                         c)) ||
        (rc = get_str(o, p, "auth_url", &ig->oauth.auth_url, c)) ||
        (rc = get_str(o, p, "token_url", &ig->oauth.token_url, c)) ||
        (rc = get_str(o, p, "device_url", &ig->oauth.device_url, c)) ||
        (rc = get_str(o, p, "scope", &ig->oauth.scope, c)) ||
        (rc = parse_params(o, ig, c)) ||
        (rc = get_enum(o, p, "client_auth", client_auth_parse_u, &cauth,
                       "\"basic\", \"body\", \"tls\"", c)) ||
        (rc = get_bool(o, p, "pkce", &ig->oauth.pkce, c)) ||
        (rc = get_bool(o, p, "secret_required", &ig->oauth.secret_required,
                       c)) ||
        (rc = get_int(o, p, "redirect_port", &port, c)) ||
        (rc = get_obj(o, p, "tokens", &tokens, c)) ||
        (rc = get_str(o, p, "issuer", &ig->oauth.issuer, c)) ||
        (rc = get_str(o, p, "revocation_url", &ig->oauth.revocation_url, c)) ||
        (rc = get_bool(o, p, "iss_required", &ig->oauth.iss_required, c)))
        return rc;
    if (port < 0 || port > 65535)
        return bad(c, "oauth2.redirect_port", "expected a port 1-65535");
    ig->oauth.grant = grant;
    ig->oauth.client_auth = cauth;
    ig->oauth.redirect_port = (int)port;
    return tokens ? parse_tokens(tokens, &ig->oauth.tokens, c) : TS_OK;
}

static tstatus
parse_network(const cJSON *o, struct integration *ig, struct jin *c)
{
    static const char *const known[] = {"connect_timeout_ms",
                                        "timeout_ms",
                                        "insecure",
                                        "ca_bundle",
                                        "follow_redirects",
                                        "proxy",
                                        "no_proxy",
                                        "proxy_user",
                                        "proxy_password",
                                        "client_cert",
                                        "client_key",
                                        "client_key_pass",
                                        NULL};
    const char *p = "network";
    tstatus rc;
    if ((rc = only_known(o, p, known, c)) ||
        (rc = get_long(o, p, "connect_timeout_ms", &ig->net.connect_timeout_ms,
                       c)) ||
        (rc = get_long(o, p, "timeout_ms", &ig->net.timeout_ms, c)) ||
        (rc = get_bool(o, p, "insecure", &ig->net.insecure, c)) ||
        (rc = get_str(o, p, "ca_bundle", &ig->net.ca_bundle, c)) ||
        (rc = get_bool(o, p, "follow_redirects", &ig->net.follow_redirects,
                       c)) ||
        (rc = get_str(o, p, "proxy", &ig->net.proxy, c)) ||
        (rc = get_bool(o, p, "no_proxy", &ig->net.no_proxy, c)) ||
        (rc = get_str(o, p, "proxy_user", &ig->net.proxy_user, c)) ||
        (rc = get_secret(o, p, "proxy_password", &ig->net.proxy_password, false,
                         c)) ||
        (rc = get_str(o, p, "client_cert", &ig->net.client_cert, c)) ||
        (rc = get_str(o, p, "client_key", &ig->net.client_key, c)) ||
        (rc = get_secret(o, p, "client_key_pass", &ig->net.client_key_pass,
                         false, c)))
        return rc;
    return TS_OK;
}

static tstatus
parse_last_test(const cJSON *o, struct test_result *t, struct jin *c)
{
    static const char *const known[] = {"at",      "status", "pass",
                                        "time_ms", "reason", NULL};
    const char *p = "last_test";
    tstatus rc;
    if ((rc = only_known(o, p, known, c)) ||
        (rc = get_int(o, p, "at", &t->at, c)) ||
        (rc = get_long(o, p, "status", &t->status, c)) ||
        (rc = get_bool(o, p, "pass", &t->pass, c)) ||
        (rc = get_long(o, p, "time_ms", &t->time_ms, c)) ||
        (rc = get_str(o, p, "reason", &t->reason, c)))
        return rc;
    return TS_OK;
}

/* "headers" / "query": [{name, value, secret}]. */
static tstatus
parse_extras(const cJSON *o, enum extra_kind kind, struct integration *ig,
             struct jin *c)
{
    const char *p = kind == EXTRA_HEADER ? "headers" : "query";
    const cJSON *arr = member(o, p);
    if (arr == NULL)
        return TS_OK;
    if (!cJSON_IsArray(arr))
        return bad(c, p, "expected an array of {name, value, secret}");
    static const char *const known[] = {"name", "value", "secret", NULL};
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        char *name = NULL, *value = NULL;
        bool secret = false;
        tstatus rc = TS_OK;
        if (!cJSON_IsObject(it))
            rc = bad(c, p, "expected an array of {name, value, secret}");
        if (rc == TS_OK)
            rc = only_known(it, p, known, c);
        if (rc == TS_OK)
            rc = get_str(it, p, "name", &name, c);
        if (rc == TS_OK)
            rc = get_bool(it, p, "secret", &secret, c);
        if (rc == TS_OK && name == NULL)
            rc = bad_at(c, p, "name", "missing");
        if (rc == TS_OK && !secret)
            rc = get_str(it, p, "value", &value, c);
        if (rc == TS_OK &&
            !extra_list_set(&ig->extras, kind, name, value, secret))
            rc = err_set(c->e, TS_NOMEM, NULL, "out of memory");
        if (rc == TS_OK && secret)
            rc = get_secret(it, p, "value",
                            &ig->extras.items[ig->extras.n - 1].secret, false,
                            c);
        free(name);
        free(value);
        if (rc != TS_OK)
            return rc;
    }
    return TS_OK;
}

static tstatus
parse_test(const cJSON *o, struct integration *ig, struct jin *c)
{
    static const char *const known[] = {"method", "body",        "statuses",
                                        "expect", "expect_text", NULL};
    static const char *const known_x[] = {"pointer", "value", NULL};
    struct test_spec *t = &ig->test;
    const char *p = "test";
    const cJSON *x;
    tstatus rc;
    if ((rc = only_known(o, p, known, c)) ||
        (rc = get_str(o, p, "method", &t->method, c)) ||
        (rc = get_str(o, p, "body", &t->body, c)) ||
        (rc = get_str(o, p, "statuses", &t->statuses, c)) ||
        (rc = get_str(o, p, "expect_text", &t->expect_text, c)))
        return rc;
    x = member(o, "expect");
    if (x == NULL || cJSON_IsNull(x))
        return TS_OK;
    if (!cJSON_IsObject(x))
        return bad(c, "test.expect", "expected {pointer, value} or null");
    if ((rc = only_known(x, "test.expect", known_x, c)) ||
        (rc = get_str(x, "test.expect", "pointer", &t->expect_pointer, c)))
        return rc;
    const cJSON *v = member(x, "value");
    if (t->expect_pointer == NULL)
        t->expect_pointer = strdup("");
    t->expect_value = v ? cJSON_PrintUnformatted(v) : strdup("null");
    if (t->expect_pointer == NULL || t->expect_value == NULL)
        return err_set(c->e, TS_NOMEM, NULL, "out of memory");
    return TS_OK;
}

/* The method objects and their parsers. */
static const struct {
    const char *key;
    tstatus (*parse)(const cJSON *, struct integration *, struct jin *);
} methods[] = {
    {"api_key", parse_api_key},
    {"basic", parse_basic},
    {"oauth2", parse_oauth},
    {"network", parse_network},
};

/* "tags": an array of tags (validate_tag), kept as "a,b". */
static tstatus
get_tags(const cJSON *obj, struct integration *ig, struct jin *c)
{
    const cJSON *arr = member(obj, "tags"), *it;
    if (arr == NULL)
        return TS_OK;
    if (!cJSON_IsArray(arr))
        return bad(c, "tags", "expected an array of strings");
    cJSON_ArrayForEach(it, arr)
    {
        char *tag = NULL;
        struct err why = {0};
        if (!cJSON_IsString(it))
            return bad(c, "tags", "expected an array of strings");
        if (validate_tag("tags", it->valuestring, &tag, &why) != TS_OK)
            return bad(c, "tags", why.msg);
        bool ok = model_tags_add(&ig->tags, tag);
        free(tag);
        if (!ok)
            return err_set(c->e, TS_NOMEM, NULL, "out of memory");
    }
    return TS_OK;
}

static tstatus
parse_top(const cJSON *obj, struct integration *ig, struct jin *c)
{
    static const char *const known[] = {"name",       "description",
                                        "default",    "base_url",
                                        "test_path",  "auth",
                                        "api_key",    "basic",
                                        "oauth2",     "network",
                                        "last_test",  "created_at",
                                        "updated_at", "headers",
                                        "query",      "test",
                                        "tags",       "variables",
                                        "requests", /* transfer.c reads them */
                                        NULL};
    unsigned auth = ig->auth;
    int64_t ignored;
    const cJSON *sub;
    tstatus rc;
    if ((rc = only_known(obj, NULL, known, c)) ||
        (rc = get_str(obj, NULL, "name", &ig->name, c)) ||
        (rc = get_str(obj, NULL, "description", &ig->description, c)) ||
        (rc = get_bool(obj, NULL, "default", &ig->is_default, c)) ||
        (rc = get_str(obj, NULL, "base_url", &ig->base_url, c)) ||
        (rc = get_str(obj, NULL, "test_path", &ig->test_path, c)) ||
        (rc = get_tags(obj, ig, c)) ||
        (rc = get_enum(obj, NULL, "auth", auth_method_parse_u, &auth,
                       "\"none\", \"api-key\", \"basic\", \"digest\", "
                       "\"oauth2\"",
                       c)) ||
        (rc = get_int(obj, NULL, "created_at", &ignored, c)) ||
        (rc = get_int(obj, NULL, "updated_at", &ignored, c)))
        return rc;
    ig->auth = auth;
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        if ((rc = get_obj(obj, NULL, methods[i].key, &sub, c)) != TS_OK)
            return rc;
        if (sub != NULL && (rc = methods[i].parse(sub, ig, c)) != TS_OK)
            return rc;
    }
    if ((rc = parse_extras(obj, EXTRA_HEADER, ig, c)) ||
        (rc = parse_extras(obj, EXTRA_QUERY, ig, c)) ||
        (rc = get_obj(obj, NULL, "test", &sub, c)) ||
        (sub != NULL && (rc = parse_test(sub, ig, c))))
        return rc;
    if ((rc = get_obj(obj, NULL, "last_test", &sub, c)) != TS_OK)
        return rc;
    return sub ? parse_last_test(sub, &ig->last_test, c) : TS_OK;
}

tstatus
model_json_to_integration(const cJSON *obj, bool secrets_in_clear,
                          struct integration **out, struct err *e)
{
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(obj, "name");
    struct jin c = {
        .name = cJSON_IsString(name) ? name->valuestring : "(no name)",
        .in_clear = secrets_in_clear,
        .e = e,
    };
    if (!cJSON_IsObject(obj))
        return err_set(e, TS_INVALID, NULL,
                       "an integration must be a JSON object");
    struct integration *ig = integration_new();
    if (ig == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    tstatus rc = parse_top(obj, ig, &c);
    if (rc == TS_OK && ig->name == NULL)
        rc = bad(&c, "name", "missing");
    if (rc != TS_OK) {
        integration_free(ig);
        return rc;
    }
    *out = ig;
    return TS_OK;
}
