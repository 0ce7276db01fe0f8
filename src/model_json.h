/* model_json.h — an integration as a JSON object (cJSON), the one format
 * behind `show --json`, `list --json`, export and import.
 *
 *   {"name": "Stripe", "description": null, "default": false,
 *    "base_url": "https://api.stripe.com", "test_path": null,
 *    "auth": "api-key",
 *    "api_key": {"header": "Authorization", "prefix": "Bearer",
 *                "in": "header", "key": "set"},
 *    "network": {"connect_timeout_ms": 10000, "timeout_ms": 30000,
 *                "insecure": false, "ca_bundle": null},
 *    "last_test": null,
 *    "created_at": 1764430000, "updated_at": 1764430000}
 *
 * The settings of the auth method sit under its name: "api_key" {header,
 * prefix, in, key}, "basic" {username, password} (Basic and Digest),
 * "oauth2" {grant,
 * client_id, client_secret, auth_url, token_url, device_url, scope,
 * params: [{key, value}], client_auth, pkce, redirect_port, tokens:
 * {access_token, refresh_token, token_type, scope, expires_at,
 * obtained_at, needs_auth, needs_auth_reason}}. "network" also holds
 * follow_redirects, proxy, no_proxy, proxy_user, proxy_password,
 * client_cert, client_key, client_key_pass. "last_test" is null or
 * {at, status, pass, time_ms, reason}. Times are unix seconds.
 *
 * Secrets read "set" or "not set", except with secrets in clear (export
 * --with-secrets only): then the value itself, or null. */
#ifndef TETHER_MODEL_JSON_H
#define TETHER_MODEL_JSON_H

#include <cJSON.h>
#include <stdbool.h>

#include "err.h"
#include "model.h"

/* A new JSON object for ig (caller owns; cJSON_Delete, after
 * model_json_wipe when it holds secrets). With `secrets_in_clear`, loaded
 * secret values appear in plaintext. NULL when out of memory. */
cJSON *model_json_from_integration(const struct integration *ig,
                                   bool secrets_in_clear);

/* Parse one object of the format above into a new integration (defaults
 * for anything missing; unknown keys and wrong types refused). Secret
 * strings are assigned (changed = true); the words "set" and "not set" are
 * values only when `secrets_in_clear`; otherwise "not set" means none and
 * "set" is refused for a configuration secret (the export holds no value)
 * and ignored for tokens. Errors are TS_INVALID naming the integration and
 * the field ("oauth2.client_id"). The result still needs
 * validate_integration (store_add / store_import do that). */
tstatus model_json_to_integration(const cJSON *obj, bool secrets_in_clear,
                                  struct integration **out, struct err *e);

/* Overwrite every string in a JSON tree with zeros, so secrets do not
 * linger in freed memory. */
void model_json_wipe(cJSON *item);

#endif
