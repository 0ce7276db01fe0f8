/* http_auth.c — how each auth method shows up in a request. The curl
 * options that carry it are set in http.c. */
#include "http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The value of a secret when it is in memory, else NULL. */
static const char *
secret_value(const struct secret *s)
{
    return s->value != NULL && s->value[0] != '\0' ? s->value : NULL;
}

/* TS_OK when the secret is in memory; else why not, naming the field. */
static tstatus
secret_required(const struct secret *s, const char *field, const char *what,
                struct err *e)
{
    if (secret_value(s) != NULL)
        return TS_OK;
    if (s->state == SECRET_UNREADABLE)
        return err_set(e, TS_KEY, field,
                       "%s is stored but cannot be decrypted with this key",
                       what);
    return err_set(e, TS_INVALID, field, "%s is not set", what);
}

tstatus
http_auth_check(const struct integration *ig, struct err *e)
{
    switch (ig->auth) {
    case AUTH_NONE:
        return TS_OK;
    case AUTH_API_KEY:
        if (ig->api_key.header == NULL || ig->api_key.header[0] == '\0')
            return err_set(e, TS_INVALID, "key_header",
                           "the API key header name is not set");
        return secret_required(&ig->api_key.key, "api_key", "the API key", e);
    case AUTH_BASIC:
    case AUTH_DIGEST:
        if (ig->basic.username == NULL)
            return err_set(e, TS_INVALID, "username",
                           "the username is not set");
        return secret_required(&ig->basic.password, "password", "the password",
                               e);
    case AUTH_OAUTH2:
        if (secret_value(&ig->oauth.tokens.access_token) == NULL)
            return err_set(e, TS_NEEDS_AUTH, "access_token",
                           "%s has no access token yet: authorize it first",
                           ig->name ? ig->name : "the integration");
        return TS_OK;
    }
    return err_set(e, TS_INVALID, "auth", "unknown authentication method");
}

const char *
http_auth_header_name(const struct integration *ig)
{
    if (ig->auth == AUTH_API_KEY && ig->api_key.placement == KEY_IN_HEADER)
        return ig->api_key.header;
    if (ig->auth == AUTH_OAUTH2)
        return "Authorization";
    return NULL;
}

char *
http_auth_header_line(const struct integration *ig, const char *placeholder)
{
    const char *name = http_auth_header_name(ig);
    const char *prefix, *secret;
    if (name == NULL)
        return NULL;
    if (ig->auth == AUTH_API_KEY) {
        prefix = ig->api_key.prefix;
        secret = secret_value(&ig->api_key.key);
    } else {
        prefix = "Bearer";
        secret = secret_value(&ig->oauth.tokens.access_token);
    }
    if (placeholder != NULL)
        secret = placeholder;
    if (secret == NULL)
        return NULL;
    bool has_prefix = prefix != NULL && prefix[0] != '\0';
    size_t len = strlen(name) + 2 + (has_prefix ? strlen(prefix) + 1 : 0) +
                 strlen(secret) + 1;
    char *line = malloc(len);
    if (line != NULL)
        snprintf(line, len, "%s: %s%s%s", name, has_prefix ? prefix : "",
                 has_prefix ? " " : "", secret);
    return line;
}

bool
http_auth_is_secret_header(const struct integration *ig, const char *name,
                           size_t name_len)
{
    static const char *const always[] = {"Authorization",
                                         "Proxy-Authorization"};
    for (size_t i = 0; i < sizeof always / sizeof always[0]; i++) {
        if (name_len == strlen(always[i]) &&
            strncasecmp(name, always[i], name_len) == 0)
            return true;
    }
    for (size_t i = 0; i < ig->extras.n; i++) {
        const struct extra *x = &ig->extras.items[i];
        if (x->kind == EXTRA_HEADER && x->is_secret &&
            name_len == strlen(x->name) &&
            strncasecmp(name, x->name, name_len) == 0)
            return true;
    }
    const char *h = ig->auth == AUTH_API_KEY && ig->api_key.header
                        ? ig->api_key.header
                        : NULL;
    return h != NULL && name_len == strlen(h) &&
           strncasecmp(name, h, name_len) == 0;
}

bool
http_auth_is_secret_query(const struct integration *ig, const char *name)
{
    if (ig->auth == AUTH_API_KEY && ig->api_key.placement == KEY_IN_QUERY &&
        ig->api_key.header != NULL && strcmp(ig->api_key.header, name) == 0)
        return true;
    const struct extra *x = extra_list_find(&ig->extras, EXTRA_QUERY, name);
    return x != NULL && x->is_secret;
}
