/* model_json.c — see model_json.h. */
#include "model_json.h"

#include <math.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- integration -> JSON --- */

/* Each adder clears *ok when cJSON runs out of memory. */
static void
put_str(cJSON *o, const char *key, const char *v, bool *ok)
{
    if ((v ? cJSON_AddStringToObject(o, key, v)
           : cJSON_AddNullToObject(o, key)) == NULL)
        *ok = false;
}

static void
put_num(cJSON *o, const char *key, double v, bool *ok)
{
    if (cJSON_AddNumberToObject(o, key, v) == NULL)
        *ok = false;
}

static void
put_bool(cJSON *o, const char *key, bool v, bool *ok)
{
    if (cJSON_AddBoolToObject(o, key, v) == NULL)
        *ok = false;
}

static cJSON *
put_obj(cJSON *o, const char *key, bool *ok)
{
    cJSON *c = cJSON_AddObjectToObject(o, key);
    if (c == NULL)
        *ok = false;
    return c;
}

static void
put_secret(cJSON *o, const char *key, const struct secret *s, bool in_clear,
           bool *ok)
{
    if (in_clear)
        put_str(o, key, s->value, ok);
    else
        put_str(o, key, secret_is_set(s) ? "set" : "not set", ok);
}

static void
put_tokens(cJSON *o, const struct oauth_tokens *t, bool in_clear, bool *ok)
{
    put_secret(o, "access_token", &t->access_token, in_clear, ok);
    put_secret(o, "refresh_token", &t->refresh_token, in_clear, ok);
    put_str(o, "token_type", t->token_type, ok);
    put_str(o, "scope", t->scope, ok);
    put_num(o, "expires_at", (double)t->expires_at, ok);
    put_num(o, "obtained_at", (double)t->obtained_at, ok);
    put_bool(o, "needs_auth", t->needs_auth, ok);
    put_str(o, "needs_auth_reason", t->needs_auth_reason, ok);
}

static void
put_oauth(cJSON *o, const struct integration *ig, bool in_clear, bool *ok)
{
    put_str(o, "grant", oauth_grant_name(ig->oauth.grant), ok);
    put_str(o, "client_id", ig->oauth.client_id, ok);
    put_secret(o, "client_secret", &ig->oauth.client_secret, in_clear, ok);
    put_str(o, "auth_url", ig->oauth.auth_url, ok);
    put_str(o, "token_url", ig->oauth.token_url, ok);
    put_str(o, "device_url", ig->oauth.device_url, ok);
    put_str(o, "scope", ig->oauth.scope, ok);
    cJSON *params = cJSON_AddArrayToObject(o, "params");
    for (size_t i = 0; params != NULL && i < ig->oauth.params.n; i++) {
        cJSON *p = cJSON_CreateObject();
        if (p == NULL || !cJSON_AddItemToArray(params, p)) {
            cJSON_Delete(p);
            *ok = false;
            break;
        }
        put_str(p, "key", ig->oauth.params.items[i].key, ok);
        put_str(p, "value", ig->oauth.params.items[i].value, ok);
    }
    if (params == NULL)
        *ok = false;
    put_str(o, "client_auth", client_auth_name(ig->oauth.client_auth), ok);
    put_bool(o, "pkce", ig->oauth.pkce, ok);
    put_num(o, "redirect_port", ig->oauth.redirect_port, ok);
    cJSON *t = put_obj(o, "tokens", ok);
    if (t != NULL)
        put_tokens(t, &ig->oauth.tokens, in_clear, ok);
}

static void
put_method(cJSON *o, const struct integration *ig, bool in_clear, bool *ok)
{
    cJSON *m;
    switch (ig->auth) {
    case AUTH_NONE:
        break;
    case AUTH_API_KEY:
        if ((m = put_obj(o, "api_key", ok)) == NULL)
            break;
        put_str(m, "header", ig->api_key.header, ok);
        put_str(m, "prefix", ig->api_key.prefix, ok);
        put_str(m, "in", key_placement_name(ig->api_key.placement), ok);
        put_secret(m, "key", &ig->api_key.key, in_clear, ok);
        break;
    case AUTH_BASIC:
        if ((m = put_obj(o, "basic", ok)) == NULL)
            break;
        put_str(m, "username", ig->basic.username, ok);
        put_secret(m, "password", &ig->basic.password, in_clear, ok);
        break;
    case AUTH_OAUTH2:
        if ((m = put_obj(o, "oauth2", ok)) != NULL)
            put_oauth(m, ig, in_clear, ok);
        break;
    }
}

cJSON *
model_json_from_integration(const struct integration *ig,
                            bool secrets_in_clear)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    bool ok = true;
    put_str(o, "name", ig->name, &ok);
    put_str(o, "description", ig->description, &ok);
    put_bool(o, "default", ig->is_default, &ok);
    put_str(o, "base_url", ig->base_url, &ok);
    put_str(o, "test_path", ig->test_path, &ok);
    put_str(o, "auth", auth_method_name(ig->auth), &ok);
    put_method(o, ig, secrets_in_clear, &ok);
    cJSON *net = put_obj(o, "network", &ok);
    if (net != NULL) {
        put_num(net, "connect_timeout_ms", (double)ig->net.connect_timeout_ms,
                &ok);
        put_num(net, "timeout_ms", (double)ig->net.timeout_ms, &ok);
        put_bool(net, "insecure", ig->net.insecure, &ok);
        put_str(net, "ca_bundle", ig->net.ca_bundle, &ok);
    }
    if (ig->last_test.at == 0) {
        put_str(o, "last_test", NULL, &ok);
    } else {
        cJSON *t = put_obj(o, "last_test", &ok);
        if (t != NULL) {
            put_num(t, "at", (double)ig->last_test.at, &ok);
            put_num(t, "status", (double)ig->last_test.status, &ok);
            put_bool(t, "pass", ig->last_test.pass, &ok);
            put_num(t, "time_ms", (double)ig->last_test.time_ms, &ok);
            put_str(t, "reason", ig->last_test.reason, &ok);
        }
    }
    put_num(o, "created_at", (double)ig->created_at, &ok);
    put_num(o, "updated_at", (double)ig->updated_at, &ok);
    if (!ok) {
        model_json_wipe(o);
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

void
model_json_wipe(cJSON *item)
{
    for (; item != NULL; item = item->next) {
        if (item->valuestring != NULL)
            sodium_memzero(item->valuestring, strlen(item->valuestring));
        model_json_wipe(item->child);
    }
}

/* --- JSON -> integration --- */

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
        if (!found) {
            char f[64];
            path(f, sizeof f, prefix, it->string ? it->string : "?");
            return bad(c, f, "unknown field");
        }
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
    char f[64];
    path(f, sizeof f, prefix, key);
    if (!cJSON_IsString(it))
        return bad(c, f, "expected a string");
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
    if (!cJSON_IsBool(it)) {
        char f[64];
        path(f, sizeof f, prefix, key);
        return bad(c, f, "expected true or false");
    }
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
    if (!cJSON_IsNumber(it) || v != floor(v) || v < -9e15 || v > 9e15) {
        char f[64];
        path(f, sizeof f, prefix, key);
        return bad(c, f, "expected a whole number");
    }
    *dst = (int64_t)v;
    return TS_OK;
}

static tstatus
get_long(const cJSON *obj, const char *prefix, const char *key, long *dst,
         struct jin *c)
{
    int64_t v = *dst;
    tstatus rc = get_int(obj, prefix, key, &v, c);
    if (rc == TS_OK && (v < INT32_MIN || v > INT32_MAX)) {
        char f[64];
        path(f, sizeof f, prefix, key);
        return bad(c, f, "number out of range");
    }
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
        char f[64], msg[160];
        path(f, sizeof f, prefix, key);
        snprintf(msg, sizeof msg, "expected one of %s", choices);
        return bad(c, f, msg);
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
    char f[64];
    path(f, sizeof f, prefix, key);
    if (!cJSON_IsString(it))
        return bad(c, f, "expected a string");
    const char *v = it->valuestring;
    if (!c->in_clear && strcmp(v, "not set") == 0)
        return TS_OK;
    if (!c->in_clear && strcmp(v, "set") == 0) {
        if (is_token)
            return TS_OK;
        return bad(c, f,
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
    if (*out != NULL && !cJSON_IsObject(*out)) {
        char f[64];
        path(f, sizeof f, prefix, key);
        return bad(c, f, "expected an object");
    }
    return TS_OK;
}

static tstatus
parse_api_key(const cJSON *o, struct integration *ig, struct jin *c)
{
    static const char *const known[] = {"header", "prefix", "in", "key",
                                        NULL};
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
        (rc = get_secret(o, "basic", "password", &ig->basic.password, false,
                         c)))
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
        "access_token", "refresh_token", "token_type",        "scope",
        "expires_at",   "obtained_at",   "needs_auth", "needs_auth_reason",
        NULL};
    const char *p = "oauth2.tokens";
    tstatus rc;
    if ((rc = only_known(o, p, known, c)) ||
        (rc = get_secret(o, p, "access_token", &t->access_token, true, c)) ||
        (rc = get_secret(o, p, "refresh_token", &t->refresh_token, true,
                         c)) ||
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
        "grant",     "client_id",  "client_secret", "auth_url",
        "token_url", "device_url", "scope",         "params",
        "client_auth", "pkce",     "redirect_port", "tokens",
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
        (rc = get_secret(o, p, "client_secret", &ig->oauth.client_secret,
                         false, c)) ||
        (rc = get_str(o, p, "auth_url", &ig->oauth.auth_url, c)) ||
        (rc = get_str(o, p, "token_url", &ig->oauth.token_url, c)) ||
        (rc = get_str(o, p, "device_url", &ig->oauth.device_url, c)) ||
        (rc = get_str(o, p, "scope", &ig->oauth.scope, c)) ||
        (rc = parse_params(o, ig, c)) ||
        (rc = get_enum(o, p, "client_auth", client_auth_parse_u, &cauth,
                       "\"basic\", \"body\"", c)) ||
        (rc = get_bool(o, p, "pkce", &ig->oauth.pkce, c)) ||
        (rc = get_int(o, p, "redirect_port", &port, c)) ||
        (rc = get_obj(o, p, "tokens", &tokens, c)))
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
    static const char *const known[] = {"connect_timeout_ms", "timeout_ms",
                                        "insecure", "ca_bundle", NULL};
    const char *p = "network";
    tstatus rc;
    if ((rc = only_known(o, p, known, c)) ||
        (rc = get_long(o, p, "connect_timeout_ms",
                       &ig->net.connect_timeout_ms, c)) ||
        (rc = get_long(o, p, "timeout_ms", &ig->net.timeout_ms, c)) ||
        (rc = get_bool(o, p, "insecure", &ig->net.insecure, c)) ||
        (rc = get_str(o, p, "ca_bundle", &ig->net.ca_bundle, c)))
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

static tstatus
parse_top(const cJSON *obj, struct integration *ig, struct jin *c)
{
    static const char *const known[] = {
        "name",    "description", "default",   "base_url",   "test_path",
        "auth",    "api_key",     "basic",     "oauth2",     "network",
        "last_test", "created_at", "updated_at", NULL};
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
        (rc = get_enum(obj, NULL, "auth", auth_method_parse_u, &auth,
                       "\"none\", \"api-key\", \"basic\", \"oauth2\"", c)) ||
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
