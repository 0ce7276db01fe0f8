/* presets.h — provider presets: known APIs whose settings prefill an
 * integration (base URL, auth method, OAuth endpoints, scopes, client
 * authentication, test path). They never carry secrets or client IDs.
 *
 * The presets live in a JSON file (data/presets.json):
 *
 *   {"version": 1, "presets": [{
 *      "id": "github", "name": "GitHub", "description": "...",
 *      "base_url": "https://api.github.com", "auth": "oauth2",
 *      "test_path": "/user", "docs": "https://...", "notes": "...",
 *      "oauth2": {"grant": "authorization_code", "auth_url": "...",
 *                 "token_url": "...", "device_url": "...",
 *                 "scope": "read:user", "client_auth": "body",
 *                 "pkce": true, "params": {"access_type": "offline"},
 *                 "secret_required": true},
 *      "headers": {"Accept": "application/vnd.github+json"},
 *      "query": {"api-version": "7.1"},
 *      "test": {"method": "POST", "body": "null", "statuses": "200",
 *               "expect": {"pointer": "/ok", "value": true},
 *               "expect_text": "..."},
 *      "api_key": {"header": "Authorization", "prefix": "Bearer",
 *                  "in": "header"}}]}
 *
 * Required: id (lower-case letters, digits, '-'), name, base_url, auth
 * (none, api-key, basic, digest, oauth2); for oauth2 token_url and client_auth,
 * auth_url for the authorization code grant, device_url for the device
 * grant; for api-key the header. Everything else is optional; unknown
 * fields are refused, so a misspelt one is caught. */
#ifndef TETHER_PRESETS_H
#define TETHER_PRESETS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "model.h"

struct preset {
    char *id;          /* "github" */
    char *name;        /* "GitHub" */
    char *description; /* may be NULL */
    char *docs;        /* documentation link, may be NULL */
    char *notes;       /* advice shown with the preset, may be NULL */
    char *base_url;    /* normalised as validate_base_url() does */
    char *test_path;   /* normalised; NULL = none */
    enum auth_method auth;
    struct {
        char *header;
        char *prefix; /* may be NULL */
        enum key_placement placement;
    } api_key;
    struct {
        enum oauth_grant grant;
        char *auth_url; /* may be NULL (grants other than auth code) */
        char *token_url;
        char *device_url; /* may be NULL */
        char *scope;      /* may be NULL: the provider's default */
        struct kv_list params;
        enum client_auth client_auth;
        bool pkce;
        bool secret_required;
    } oauth;
    struct extra_list extras; /* plain headers and query parameters; the
                                 value {client_id} stands for the client
                                 ID given to the integration */
    struct test_spec test;
};

struct preset_list {
    struct preset *items;
    size_t n;
    char *path; /* the file they came from */
};

/* Where presets are read from when no path is given: $TETHER_PRESETS when
 * set (even if missing), else TETHER_DATADIR/presets.json when it exists,
 * else data/presets.json beside the running executable or up to three
 * directories above it (the build tree). Writes the path into buf and
 * returns TS_OK, or TS_NOT_FOUND naming the places looked at. */
tstatus presets_default_path(char *buf, size_t len, struct err *e);

/* Load presets from `path`, or from presets_default_path() when path is
 * NULL. On success *out is a new list (free with presets_free). Failures:
 * TS_NOT_FOUND (no file), TS_IO (unreadable), TS_INVALID for a malformed
 * file with a message naming the file, the preset (index and id) and the
 * field, TS_NOMEM. Nothing is loaded on failure: callers carry on without
 * presets. */
tstatus presets_load(const char *path, struct preset_list **out, struct err *e);

/* The preset whose id or name equals `id_or_name` case-insensitively (ids
 * first), or NULL. */
const struct preset *presets_find(const struct preset_list *list,
                                  const char *id_or_name);

/* Prefill an integration from a preset: base URL, test path, auth method
 * and that method's settings (header, prefix, placement; grant, endpoint
 * URLs, scope, parameters, client authentication, PKCE, whether the
 * client secret is required), the extra headers and query parameters,
 * the test settings, and the description when the integration has none. Never
 * touches the name, secrets, tokens, the client ID or the redirect port.
 * Returns TS_OK or TS_NOMEM (the integration may then be partly filled). */
tstatus presets_apply(const struct preset *p, struct integration *ig,
                      struct err *e);

/* Release a list. NULL is allowed. */
void presets_free(struct preset_list *list);

#endif
