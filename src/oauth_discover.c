/* oauth_discover.c — authorization server metadata from an issuer:
 * RFC 8414 (/.well-known/oauth-authorization-server, the issuer's path
 * after it), then OpenID Connect discovery
 * (/.well-known/openid-configuration after the issuer), checked against
 * the issuer asked for and applied to an integration. */
#define _GNU_SOURCE /* asprintf */
#include "oauth.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "validate.h"

#define DISCOVER_MAX_BODY (256 * 1024)

void
oauth_metadata_free(struct oauth_metadata *m)
{
    free(m->issuer);
    free(m->auth_url);
    free(m->token_url);
    free(m->device_url);
    free(m->revocation_url);
    free(m->source);
    memset(m, 0, sizeof *m);
}

/* The issuer without one trailing '/': its length. */
static size_t
discover_trimmed_len(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && s[n - 1] == '/' ? n - 1 : n;
}

/* The two metadata URLs of an issuer (new strings, or NULL when out of
 * memory): RFC 8414 3.1 puts the well-known segment between the host and
 * the issuer's path; OpenID Connect appends it to the whole issuer. */
static char *
discover_url(const char *issuer, bool oidc)
{
    size_t n = discover_trimmed_len(issuer);
    const char *hostpart = strstr(issuer, "://");
    hostpart = hostpart != NULL ? hostpart + 3 : issuer;
    const char *path = strchr(hostpart, '/');
    size_t plen = path != NULL ? (size_t)(issuer + n - path) : 0;
    size_t hlen = path != NULL ? (size_t)(path - issuer) : n;
    char *out = NULL;
    int rc;
    if (oidc)
        rc = asprintf(&out, "%.*s/.well-known/openid-configuration", (int)n,
                      issuer);
    else
        rc = asprintf(&out, "%.*s/.well-known/oauth-authorization-server%.*s",
                      (int)hlen, issuer, (int)plen, path != NULL ? path : "");
    return rc < 0 ? NULL : out;
}

static bool
discover_str(const cJSON *o, const char *name, char **dst)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
        return true;
    return model_set_str(dst, v->valuestring);
}

/* True when the array member `name` holds the string `value`; *present
 * says whether the member is an array at all. */
static bool
discover_has(const cJSON *o, const char *name, const char *value, bool *present)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, name);
    *present = cJSON_IsArray(a);
    const cJSON *v;
    cJSON_ArrayForEach(v, a)
    {
        if (cJSON_IsString(v) && strcmp(v->valuestring, value) == 0)
            return true;
    }
    return false;
}

/* Read one metadata document into *m. TS_NOT_FOUND when it is not a JSON
 * object (so the next URL is tried). */
static tstatus
discover_parse(const char *body, size_t len, struct oauth_metadata *m,
               struct err *e)
{
    cJSON *j = body != NULL ? cJSON_ParseWithLength(body, len) : NULL;
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return TS_NOT_FOUND;
    }
    bool ok =
        discover_str(j, "issuer", &m->issuer) &&
        discover_str(j, "authorization_endpoint", &m->auth_url) &&
        discover_str(j, "token_endpoint", &m->token_url) &&
        discover_str(j, "device_authorization_endpoint", &m->device_url) &&
        discover_str(j, "revocation_endpoint", &m->revocation_url);
    const cJSON *iss = cJSON_GetObjectItemCaseSensitive(
        j, "authorization_response_iss_parameter_supported");
    m->iss_required = cJSON_IsTrue(iss);
    bool basic = discover_has(j, "token_endpoint_auth_methods_supported",
                              "client_secret_basic", &m->auth_methods_known);
    bool post = discover_has(j, "token_endpoint_auth_methods_supported",
                             "client_secret_post", &m->auth_methods_known);
    /* RFC 8414 2: absent means client_secret_basic. */
    m->client_basic = basic || !m->auth_methods_known;
    m->client_body = post;
    m->pkce_s256 = discover_has(j, "code_challenge_methods_supported", "S256",
                                &m->pkce_known);
    cJSON_Delete(j);
    if (!ok)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    return TS_OK;
}

/* GET one URL. TS_OK with the metadata; TS_NOT_FOUND when the server
 * answered but not with metadata (*what says how); TS_NET when it could
 * not be reached. */
static tstatus
discover_fetch(const struct integration *net, const char *url,
               struct oauth_metadata *m, char *what, size_t wlen, struct err *e)
{
    struct kv_list headers = {0};
    if (!kv_list_add(&headers, "Accept", "application/json"))
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    struct http_request req = {
        .method = "GET",
        .path = url,
        .headers = &headers,
        .max_body = DISCOVER_MAX_BODY,
        .max_body_hard = true,
        .allow_other_host = true,
        .no_auth = true,
    };
    struct http_response resp;
    tstatus st = http_send(net, &req, &resp, e);
    kv_list_free(&headers);
    if (st != TS_OK)
        return st;
    if (resp.failure != HTTP_OK) {
        st = err_set(e, TS_NET, "issuer", "could not reach %s: %s", url,
                     resp.failure_msg ? resp.failure_msg
                                      : http_failure_name(resp.failure));
    } else if (resp.status != 200) {
        snprintf(what, wlen, "%s answered %ld", url, resp.status);
        st = TS_NOT_FOUND;
    } else {
        st = discover_parse(resp.body, resp.body_len, m, e);
        if (st == TS_NOT_FOUND)
            snprintf(what, wlen, "%s answered 200 but not with JSON", url);
    }
    http_response_free(&resp);
    return st;
}

tstatus
oauth_discover(const struct integration *ig, const char *issuer,
               struct oauth_metadata *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    tstatus st = validate_endpoint_url("issuer", issuer, true, e);
    if (st != TS_OK)
        return st;
    struct integration *net = integration_new();
    if (net == NULL || !model_set_str(&net->base_url, issuer) ||
        !model_set_str(&net->net.ca_bundle, ig ? ig->net.ca_bundle : NULL)) {
        integration_free(net);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    if (ig != NULL) {
        net->net.connect_timeout_ms = ig->net.connect_timeout_ms;
        net->net.timeout_ms = ig->net.timeout_ms;
        net->net.insecure = ig->net.insecure;
    }
    char what[2][320] = {"", ""};
    st = TS_NOT_FOUND;
    for (int i = 0; i < 2 && st == TS_NOT_FOUND; i++) {
        char *url = discover_url(issuer, i == 1);
        if (url == NULL) {
            st = err_set(e, TS_NOMEM, NULL, "out of memory");
            break;
        }
        oauth_metadata_free(out);
        st = discover_fetch(net, url, out, what[i], sizeof what[i], e);
        if (st == TS_OK)
            out->source = url;
        else
            free(url);
    }
    integration_free(net);
    if (st == TS_NOT_FOUND)
        st = err_set(e, TS_NOT_FOUND, "issuer",
                     "the issuer %s has no metadata (%s; %s): enter the "
                     "authorization and token URLs by hand",
                     issuer, what[0], what[1]);
    else if (st == TS_OK &&
             (out->issuer == NULL ||
              discover_trimmed_len(out->issuer) !=
                  discover_trimmed_len(issuer) ||
              strncmp(out->issuer, issuer, discover_trimmed_len(issuer)) != 0))
        st = err_set(e, TS_HTTP, "issuer",
                     "the metadata at %s is for the issuer \"%s\", not %s: "
                     "refused (it may belong to another server); check the "
                     "issuer URL",
                     out->source, out->issuer ? out->issuer : "(none)", issuer);
    else if (st == TS_OK && out->token_url == NULL)
        st = err_set(e, TS_HTTP, "issuer",
                     "the metadata at %s names no token endpoint", out->source);
    if (st != TS_OK)
        oauth_metadata_free(out);
    return st;
}

/* Set *dst from a discovered value unless the user gave one (`keep`). */
static bool
discover_take(char **dst, const char *value, bool keep)
{
    return keep || value == NULL || model_set_str(dst, value);
}

tstatus
oauth_metadata_apply(const struct oauth_metadata *m, unsigned keep,
                     struct integration *ig, struct err *e)
{
    bool ok = model_set_str(&ig->oauth.issuer, m->issuer) &&
              discover_take(&ig->oauth.auth_url, m->auth_url,
                            keep & OAUTH_KEEP_AUTH_URL) &&
              discover_take(&ig->oauth.token_url, m->token_url,
                            keep & OAUTH_KEEP_TOKEN_URL) &&
              discover_take(&ig->oauth.device_url, m->device_url,
                            keep & OAUTH_KEEP_DEVICE_URL) &&
              discover_take(&ig->oauth.revocation_url, m->revocation_url,
                            keep & OAUTH_KEEP_REVOCATION_URL);
    if (!ok)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    ig->oauth.iss_required = m->iss_required;
    if (!(keep & OAUTH_KEEP_CLIENT_AUTH)) {
        if (ig->oauth.client_auth == CLIENT_AUTH_BASIC && !m->client_basic &&
            m->client_body)
            ig->oauth.client_auth = CLIENT_AUTH_BODY;
        else if (ig->oauth.client_auth == CLIENT_AUTH_BODY && !m->client_body &&
                 m->client_basic)
            ig->oauth.client_auth = CLIENT_AUTH_BASIC;
    }
    if (!(keep & OAUTH_KEEP_PKCE) && m->pkce_known)
        ig->oauth.pkce = m->pkce_s256;
    return TS_OK;
}

void
oauth_metadata_summary(const struct oauth_metadata *m,
                       const struct integration *ig, char *buf, size_t len)
{
    snprintf(buf, len,
             "discovered from %s:\n"
             "  Authorization URL: %s\n"
             "  Token URL:         %s\n"
             "  Device URL:        %s\n"
             "  Revocation URL:    %s\n"
             "  Client auth:       %s%s\n"
             "  PKCE:              %s%s\n"
             "  iss in responses:  %s",
             m->source ? m->source : "the issuer",
             ig->oauth.auth_url ? ig->oauth.auth_url : "-",
             ig->oauth.token_url ? ig->oauth.token_url : "-",
             ig->oauth.device_url ? ig->oauth.device_url : "-",
             ig->oauth.revocation_url ? ig->oauth.revocation_url
                                      : "- (tokens cannot be revoked)",
             client_auth_name(ig->oauth.client_auth),
             m->auth_methods_known ? "" : " (not advertised)",
             ig->oauth.pkce ? "S256" : "off",
             m->pkce_known ? "" : " (not advertised)",
             m->iss_required ? "required (RFC 9207)" : "not advertised");
}

tstatus
oauth_check_iss(const struct integration *ig, const char *iss, struct err *e)
{
    const char *want = ig->oauth.issuer;
    const char *name = ig->name ? ig->name : "NAME";
    if (want == NULL || want[0] == '\0')
        return TS_OK;
    if (iss == NULL) {
        if (!ig->oauth.iss_required)
            return TS_OK;
        return err_set(e, TS_OAUTH, "iss",
                       "the authorization response carries no iss, but the "
                       "issuer %s says it always sends one (RFC 9207): "
                       "refused; check the issuer with tether show %s",
                       want, name);
    }
    if (strcmp(iss, want) == 0)
        return TS_OK;
    return err_set(e, TS_OAUTH, "iss",
                   "the authorization response is from the issuer \"%s\", "
                   "not from %s (RFC 9207 iss mismatch): refused; if the "
                   "issuer changed, run tether edit %s --issuer URL",
                   iss, want, name);
}
