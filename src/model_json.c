/* model_json.c — an integration as JSON (see model_json.h); the reverse
 * is in model_json_parse.c. */
#include "model_json.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    put_bool(o, "secret_required", ig->oauth.secret_required, ok);
    put_num(o, "redirect_port", ig->oauth.redirect_port, ok);
    if (ig->oauth.issuer != NULL)
        put_str(o, "issuer", ig->oauth.issuer, ok);
    if (ig->oauth.revocation_url != NULL)
        put_str(o, "revocation_url", ig->oauth.revocation_url, ok);
    if (ig->oauth.iss_required)
        put_bool(o, "iss_required", true, ok);
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
    case AUTH_DIGEST: /* the same username and password */
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

/* "headers" / "query": [{name, value, secret}], a secret value as for
 * put_secret. */
static void
put_extras(cJSON *o, const struct integration *ig, enum extra_kind kind,
           bool in_clear, bool *ok)
{
    cJSON *arr =
        cJSON_AddArrayToObject(o, kind == EXTRA_HEADER ? "headers" : "query");
    if (arr == NULL) {
        *ok = false;
        return;
    }
    for (size_t i = 0; i < ig->extras.n; i++) {
        const struct extra *x = &ig->extras.items[i];
        if (x->kind != kind)
            continue;
        cJSON *p = cJSON_CreateObject();
        if (p == NULL || !cJSON_AddItemToArray(arr, p)) {
            cJSON_Delete(p);
            *ok = false;
            return;
        }
        put_str(p, "name", x->name, ok);
        if (x->is_secret)
            put_secret(p, "value", &x->secret, in_clear, ok);
        else
            put_str(p, "value", x->value, ok);
        put_bool(p, "secret", x->is_secret, ok);
    }
}

static void
put_test(cJSON *o, const struct test_spec *t, bool *ok)
{
    cJSON *m = put_obj(o, "test", ok);
    if (m == NULL)
        return;
    put_str(m, "method", t->method ? t->method : "GET", ok);
    put_str(m, "body", t->body, ok);
    put_str(m, "statuses", t->statuses ? t->statuses : "200", ok);
    if (t->expect_pointer == NULL) {
        put_str(m, "expect", NULL, ok);
    } else {
        cJSON *x = put_obj(m, "expect", ok);
        cJSON *v = cJSON_Parse(t->expect_value ? t->expect_value : "null");
        if (x != NULL)
            put_str(x, "pointer", t->expect_pointer, ok);
        if (x == NULL || v == NULL || !cJSON_AddItemToObject(x, "value", v)) {
            cJSON_Delete(v);
            *ok = false;
        }
    }
    put_str(m, "expect_text", t->expect_text, ok);
}

/* "tags": ["a", "b"] from the stored "a,b". */
static void
put_tags(cJSON *o, const char *tags, bool *ok)
{
    cJSON *arr = cJSON_AddArrayToObject(o, "tags");
    if (arr == NULL) {
        *ok = false;
        return;
    }
    for (const char *p = tags; *p != '\0';) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char *one = strndup(p, len);
        cJSON *item = one ? cJSON_CreateString(one) : NULL;
        free(one);
        if (item == NULL || !cJSON_AddItemToArray(arr, item)) {
            cJSON_Delete(item);
            *ok = false;
            return;
        }
        if (end == NULL)
            break;
        p = end + 1;
    }
}

cJSON *
model_json_from_integration(const struct integration *ig, bool secrets_in_clear)
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
    if (ig->tags != NULL)
        put_tags(o, ig->tags, &ok);
    put_str(o, "auth", auth_method_name(ig->auth), &ok);
    put_method(o, ig, secrets_in_clear, &ok);
    put_extras(o, ig, EXTRA_HEADER, secrets_in_clear, &ok);
    put_extras(o, ig, EXTRA_QUERY, secrets_in_clear, &ok);
    put_test(o, &ig->test, &ok);
    cJSON *net = put_obj(o, "network", &ok);
    if (net != NULL) {
        put_num(net, "connect_timeout_ms", (double)ig->net.connect_timeout_ms,
                &ok);
        put_num(net, "timeout_ms", (double)ig->net.timeout_ms, &ok);
        put_bool(net, "insecure", ig->net.insecure, &ok);
        put_str(net, "ca_bundle", ig->net.ca_bundle, &ok);
        put_bool(net, "follow_redirects", ig->net.follow_redirects, &ok);
        put_str(net, "proxy", ig->net.proxy, &ok);
        put_bool(net, "no_proxy", ig->net.no_proxy, &ok);
        put_str(net, "proxy_user", ig->net.proxy_user, &ok);
        put_secret(net, "proxy_password", &ig->net.proxy_password,
                   secrets_in_clear, &ok);
        put_str(net, "client_cert", ig->net.client_cert, &ok);
        put_str(net, "client_key", ig->net.client_key, &ok);
        put_secret(net, "client_key_pass", &ig->net.client_key_pass,
                   secrets_in_clear, &ok);
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
