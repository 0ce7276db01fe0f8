/* model.c — see model.h. */
#include "model.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "secmem.h"

struct integration *
integration_new(void)
{
    struct integration *ig = calloc(1, sizeof *ig);
    if (ig == NULL)
        return NULL;
    ig->auth = AUTH_NONE;
    ig->api_key.placement = KEY_IN_HEADER;
    ig->oauth.grant = GRANT_AUTHORIZATION_CODE;
    ig->oauth.client_auth = CLIENT_AUTH_BASIC;
    ig->oauth.pkce = true;
    ig->oauth.redirect_port = MODEL_DEFAULT_REDIRECT_PORT;
    ig->net.connect_timeout_ms = MODEL_DEFAULT_CONNECT_TIMEOUT_MS;
    ig->net.timeout_ms = MODEL_DEFAULT_TIMEOUT_MS;
    ig->net.follow_redirects = true;
    return ig;
}

void
oauth_tokens_clear(struct oauth_tokens *t)
{
    secret_clear(&t->access_token);
    secret_clear(&t->refresh_token);
    free(t->token_type);
    free(t->scope);
    free(t->needs_auth_reason);
    memset(t, 0, sizeof *t);
}

void
integration_free(struct integration *ig)
{
    if (ig == NULL)
        return;
    free(ig->name);
    free(ig->description);
    free(ig->base_url);
    free(ig->test_path);
    free(ig->tags);
    free(ig->api_key.header);
    free(ig->api_key.prefix);
    secret_clear(&ig->api_key.key);
    free(ig->basic.username);
    secret_clear(&ig->basic.password);
    free(ig->oauth.client_id);
    secret_clear(&ig->oauth.client_secret);
    free(ig->oauth.auth_url);
    free(ig->oauth.token_url);
    free(ig->oauth.device_url);
    free(ig->oauth.scope);
    free(ig->oauth.issuer);
    free(ig->oauth.revocation_url);
    kv_list_free(&ig->oauth.params);
    kv_list_free(&ig->secret_values);
    oauth_tokens_clear(&ig->oauth.tokens);
    free(ig->net.ca_bundle);
    extra_list_free(&ig->extras);
    test_spec_free(&ig->test);
    free(ig->net.proxy);
    free(ig->net.proxy_user);
    secret_clear(&ig->net.proxy_password);
    free(ig->net.client_cert);
    free(ig->net.client_key);
    secret_clear(&ig->net.client_key_pass);
    free(ig->last_test.reason);
    free(ig);
}

/* Duplicate a string field in place: *s points at the source's string;
 * afterwards it points at a private copy. Returns false on OOM (sets NULL). */
static bool
dup_in_place(char **s)
{
    if (*s == NULL)
        return true;
    *s = strdup(*s);
    return *s != NULL;
}

static bool
dup_secret(struct secret *s)
{
    if (s->value == NULL)
        return true;
    s->value = secmem_strdup(s->value);
    return s->value != NULL;
}

struct integration *
integration_dup(const struct integration *src)
{
    struct integration *ig = malloc(sizeof *ig);
    if (ig == NULL)
        return NULL;
    *ig = *src;
    /* Re-point every owned field at its own copy; on failure the remaining
     * source pointers must not be freed, so clear them first. */
    struct kv_list params = ig->oauth.params;
    ig->oauth.params.items = NULL;
    ig->oauth.params.n = 0;
    struct extra_list extras = ig->extras;
    ig->extras.items = NULL;
    ig->extras.n = 0;
    struct test_spec test = ig->test;
    memset(&ig->test, 0, sizeof ig->test);
    struct kv_list values = ig->secret_values;
    ig->secret_values.items = NULL;
    ig->secret_values.n = 0;
    bool ok =
        dup_in_place(&ig->name) & dup_in_place(&ig->description) &
        dup_in_place(&ig->base_url) & dup_in_place(&ig->test_path) &
        dup_in_place(&ig->tags) & dup_in_place(&ig->api_key.header) &
        dup_in_place(&ig->api_key.prefix) & dup_secret(&ig->api_key.key) &
        dup_in_place(&ig->basic.username) & dup_secret(&ig->basic.password) &
        dup_in_place(&ig->oauth.client_id) &
        dup_secret(&ig->oauth.client_secret) &
        dup_in_place(&ig->oauth.auth_url) & dup_in_place(&ig->oauth.token_url) &
        dup_in_place(&ig->oauth.device_url) & dup_in_place(&ig->oauth.scope) &
        dup_in_place(&ig->oauth.issuer) &
        dup_in_place(&ig->oauth.revocation_url) &
        dup_secret(&ig->oauth.tokens.access_token) &
        dup_secret(&ig->oauth.tokens.refresh_token) &
        dup_in_place(&ig->oauth.tokens.token_type) &
        dup_in_place(&ig->oauth.tokens.scope) &
        dup_in_place(&ig->oauth.tokens.needs_auth_reason) &
        dup_in_place(&ig->net.ca_bundle) & dup_in_place(&ig->net.proxy) &
        dup_in_place(&ig->net.proxy_user) &
        dup_secret(&ig->net.proxy_password) &
        dup_in_place(&ig->net.client_cert) & dup_in_place(&ig->net.client_key) &
        dup_secret(&ig->net.client_key_pass) &
        dup_in_place(&ig->last_test.reason) &
        kv_list_copy(&ig->oauth.params, &params) &
        kv_list_copy(&ig->secret_values, &values) &
        extra_list_copy(&ig->extras, &extras) &
        test_spec_copy(&ig->test, &test);
    if (!ok) {
        integration_free(ig);
        return NULL;
    }
    return ig;
}

struct secret_ref *
integration_secrets(struct integration *ig, size_t *n)
{
    size_t count = 7;
    for (size_t i = 0; i < ig->extras.n; i++)
        count += ig->extras.items[i].is_secret;
    struct secret_ref *out = calloc(count, sizeof *out);
    *n = 0;
    if (out == NULL)
        return NULL;
    out[0] = (struct secret_ref){"api_key", &ig->api_key.key};
    out[1] = (struct secret_ref){"password", &ig->basic.password};
    out[2] = (struct secret_ref){"client_secret", &ig->oauth.client_secret};
    out[3] =
        (struct secret_ref){"access_token", &ig->oauth.tokens.access_token};
    out[4] =
        (struct secret_ref){"refresh_token", &ig->oauth.tokens.refresh_token};
    out[5] = (struct secret_ref){"proxy_password", &ig->net.proxy_password};
    out[6] = (struct secret_ref){"client_key_pass", &ig->net.client_key_pass};
    size_t k = 7;
    for (size_t i = 0; i < ig->extras.n; i++) {
        struct extra *x = &ig->extras.items[i];
        if (x->is_secret)
            out[k++] = (struct secret_ref){x->field, &x->secret};
    }
    *n = count;
    return out;
}

void
integration_redirect_uri(const struct integration *ig, int port_override,
                         char *buf, size_t len)
{
    int port = port_override > 0 ? port_override : ig->oauth.redirect_port;
    if (port <= 0)
        port = MODEL_DEFAULT_REDIRECT_PORT;
    snprintf(buf, len, "http://127.0.0.1:%d/callback", port);
}

/* One table per enum: command-line name, then label for people. */
struct enum_name {
    const char *name;
    const char *label;
};

static const struct enum_name auth_methods[] = {
    [AUTH_NONE] = {"none", "None"},
    [AUTH_API_KEY] = {"api-key", "API Key"},
    [AUTH_BASIC] = {"basic", "Basic Authentication"},
    [AUTH_OAUTH2] = {"oauth2", "OAuth 2.0"},
    [AUTH_DIGEST] = {"digest", "HTTP Digest"},
};

static const struct enum_name grants[] = {
    [GRANT_AUTHORIZATION_CODE] = {"authorization_code", "Authorization Code"},
    [GRANT_CLIENT_CREDENTIALS] = {"client_credentials", "Client Credentials"},
    [GRANT_DEVICE_CODE] = {"device_code", "Device Code"},
};

static const struct enum_name client_auths[] = {
    [CLIENT_AUTH_BASIC] = {"basic", "HTTP Basic header"},
    [CLIENT_AUTH_BODY] = {"body", "Form body"},
    [CLIENT_AUTH_TLS] = {"tls", "TLS client certificate"},
};

static const struct enum_name placements[] = {
    [KEY_IN_HEADER] = {"header", "Header"},
    [KEY_IN_QUERY] = {"query", "Query parameter"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *
enum_field(const struct enum_name *t, size_t n, unsigned v, bool label)
{
    if (v >= n)
        return "?";
    return label ? t[v].label : t[v].name;
}

static bool
enum_parse(const struct enum_name *t, size_t n, const char *s, unsigned *out)
{
    if (s == NULL)
        return false;
    for (unsigned i = 0; i < n; i++) {
        if (strcasecmp(s, t[i].name) == 0) {
            *out = i;
            return true;
        }
    }
    return false;
}

#define ENUM_FUNCS(prefix, type, table)                                        \
    const char *prefix##_name(type v)                                          \
    {                                                                          \
        return enum_field(table, COUNT(table), (unsigned)v, false);            \
    }                                                                          \
    bool prefix##_parse(const char *s, type *out)                              \
    {                                                                          \
        unsigned v;                                                            \
        if (!enum_parse(table, COUNT(table), s, &v))                           \
            return false;                                                      \
        *out = (type)v;                                                        \
        return true;                                                           \
    }

ENUM_FUNCS(auth_method, enum auth_method, auth_methods)
ENUM_FUNCS(oauth_grant, enum oauth_grant, grants)
ENUM_FUNCS(client_auth, enum client_auth, client_auths)
ENUM_FUNCS(key_placement, enum key_placement, placements)

const char *
auth_method_label(enum auth_method m)
{
    return enum_field(auth_methods, COUNT(auth_methods), m, true);
}

const char *
oauth_grant_label(enum oauth_grant g)
{
    return enum_field(grants, COUNT(grants), g, true);
}

const char *
client_auth_label(enum client_auth c)
{
    return enum_field(client_auths, COUNT(client_auths), c, true);
}

bool
auth_method_has_password(enum auth_method m)
{
    return m == AUTH_BASIC || m == AUTH_DIGEST;
}

bool
model_tags_has(const char *tags, const char *tag)
{
    size_t n = strlen(tag);
    for (const char *p = tags; p != NULL && *p != '\0';) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, tag, n) == 0)
            return true;
        p = end ? end + 1 : NULL;
    }
    return false;
}

/* Rebuild *tags from `tags` with `tag` added (add) or left out. */
static bool
model_tags_rebuild(char **tags, const char *tag, bool add)
{
    size_t cap = (*tags ? strlen(*tags) : 0) + strlen(tag) + 2;
    char *out = malloc(cap), *w = out;
    if (out == NULL)
        return false;
    bool placed = !add;
    for (const char *p = *tags; p != NULL && *p != '\0';) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        int cmp = strncmp(p, tag, len);
        if (cmp == 0 && strlen(tag) > len)
            cmp = -1;
        if (!placed && cmp > 0) {
            w += sprintf(w, "%s%s", w == out ? "" : ",", tag);
            placed = true;
        }
        if (!(cmp == 0 && strlen(tag) == len)) {
            if (w != out)
                *w++ = ',';
            memcpy(w, p, len);
            w += len;
        }
        p = end ? end + 1 : NULL;
    }
    if (!placed)
        w += sprintf(w, "%s%s", w == out ? "" : ",", tag);
    *w = '\0';
    free(*tags);
    *tags = NULL;
    if (out[0] == '\0')
        free(out);
    else
        *tags = out;
    return true;
}

bool
model_tags_add(char **tags, const char *tag)
{
    return model_tags_has(*tags, tag) || model_tags_rebuild(tags, tag, true);
}

bool
model_tags_remove(char **tags, const char *tag)
{
    return !model_tags_has(*tags, tag) || model_tags_rebuild(tags, tag, false);
}
