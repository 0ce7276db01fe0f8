/* oauth_discover.c — authorization server metadata from an issuer:
 * RFC 8414 (/.well-known/oauth-authorization-server, the issuer's path
 * after it), then OpenID Connect discovery
 * (/.well-known/openid-configuration after the issuer), checked against
 * the issuer asked for and applied to an integration. */
#define _GNU_SOURCE /* asprintf */
#include "oauth.h"
#include "oauth_int.h"

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
    m->client_tls = discover_has(j, "token_endpoint_auth_methods_supported",
                                 "tls_client_auth", &m->auth_methods_known);
    m->pkce_s256 = discover_has(j, "code_challenge_methods_supported", "S256",
                                &m->pkce_known);
    cJSON_Delete(j);
    if (!ok)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    return TS_OK;
}

struct oauth_discovery {
    struct integration *net; /* the network settings, no credentials */
    char *issuer;
    struct http_pool *pool; /* NULL once done */
    int stage;              /* 0: RFC 8414, 1: OpenID Connect */
    char *url;              /* of the stage */
    char what[2][320];      /* what each URL answered, when not metadata */
    struct oauth_metadata m;
};

void
oauth_discover_free(struct oauth_discovery *d)
{
    if (d == NULL)
        return;
    http_pool_free(d->pool);
    integration_free(d->net);
    free(d->issuer);
    free(d->url);
    oauth_metadata_free(&d->m);
    free(d);
}

void
oauth_discover_cancel(struct oauth_discovery *d)
{
    if (d->pool != NULL)
        http_pool_cancel_all(d->pool);
}

/* Queue the GET of the stage's URL. */
static tstatus
discover_begin(struct oauth_discovery *d, struct err *e)
{
    free(d->url);
    d->url = discover_url(d->issuer, d->stage == 1);
    struct kv_list headers = {0};
    if (d->url == NULL || !kv_list_add(&headers, "Accept", "application/json"))
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    struct http_request req = {
        .method = "GET",
        .path = d->url,
        .headers = &headers,
        .max_body = DISCOVER_MAX_BODY,
        .max_body_hard = true,
        .allow_other_host = true,
        .no_auth = true,
    };
    tstatus st = http_pool_add(d->pool, d->net, &req, NULL, e);
    kv_list_free(&headers);
    return st;
}

tstatus
oauth_discover_start(const struct integration *ig, const char *issuer,
                     struct oauth_discovery **out, struct err *e)
{
    *out = NULL;
    tstatus st = validate_endpoint_url("issuer", issuer, true, e);
    if (st != TS_OK)
        return st;
    struct oauth_discovery *d = calloc(1, sizeof *d);
    if (d == NULL || (d->net = integration_new()) == NULL ||
        (d->issuer = strdup(issuer)) == NULL ||
        !model_set_str(&d->net->base_url, issuer) ||
        !model_set_str(&d->net->net.ca_bundle, ig ? ig->net.ca_bundle : NULL) ||
        (d->pool = http_pool_new()) == NULL) {
        oauth_discover_free(d);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    if (ig != NULL) {
        d->net->net.connect_timeout_ms = ig->net.connect_timeout_ms;
        d->net->net.timeout_ms = ig->net.timeout_ms;
        d->net->net.insecure = ig->net.insecure;
        d->net->net.no_proxy = ig->net.no_proxy;
        /* A provider behind mutual TLS wants the certificate here too, and
         * the metadata goes through the integration's proxy. */
        if (!model_set_str(&d->net->net.proxy, ig->net.proxy) ||
            !model_set_str(&d->net->net.proxy_user, ig->net.proxy_user) ||
            (ig->net.proxy_password.value != NULL &&
             !secret_assign(&d->net->net.proxy_password,
                            ig->net.proxy_password.value)) ||
            !model_set_str(&d->net->net.client_cert, ig->net.client_cert) ||
            !model_set_str(&d->net->net.client_key, ig->net.client_key) ||
            (ig->net.client_key_pass.value != NULL &&
             !secret_assign(&d->net->net.client_key_pass,
                            ig->net.client_key_pass.value))) {
            oauth_discover_free(d);
            return err_set(e, TS_NOMEM, NULL, "out of memory");
        }
    }
    if ((st = discover_begin(d, e)) != TS_OK) {
        oauth_discover_free(d);
        return st;
    }
    *out = d;
    return TS_OK;
}

/* A finished GET: TS_OK with the metadata in d->m; TS_NOT_FOUND when the
 * server answered but not with metadata (d->what says how); TS_NET when
 * it could not be reached; TS_CANCELLED. */
static tstatus
discover_answer(struct oauth_discovery *d, const struct http_response *r,
                struct err *e)
{
    char *what = d->what[d->stage];
    size_t wlen = sizeof d->what[d->stage];
    if (r->failure == HTTP_FAIL_CANCELLED)
        return err_set(e, TS_CANCELLED, NULL, "discovery cancelled");
    if (r->failure != HTTP_OK)
        return err_set(e, TS_NET, "issuer", "could not reach %s: %s", d->url,
                       r->failure_msg ? r->failure_msg
                                      : http_failure_name(r->failure));
    if (r->status != 200) {
        snprintf(what, wlen, "%s answered %ld", d->url, r->status);
        return TS_NOT_FOUND;
    }
    oauth_metadata_free(&d->m);
    tstatus st = discover_parse(r->body, r->body_len, &d->m, e);
    if (st == TS_NOT_FOUND)
        snprintf(what, wlen, "%s answered 200 but not with JSON", d->url);
    if (st == TS_OK) {
        d->m.source = d->url;
        d->url = NULL;
    }
    return st;
}

/* The metadata found is for the issuer asked for, with a token endpoint. */
static tstatus
discover_check(const struct oauth_discovery *d, struct err *e)
{
    const struct oauth_metadata *m = &d->m;
    size_t n = discover_trimmed_len(d->issuer);
    if (m->issuer == NULL || discover_trimmed_len(m->issuer) != n ||
        strncmp(m->issuer, d->issuer, n) != 0)
        return err_set(e, TS_HTTP, "issuer",
                       "the metadata at %s is for the issuer \"%s\", not %s: "
                       "refused (it may belong to another server); check the "
                       "issuer URL",
                       m->source, m->issuer ? m->issuer : "(none)", d->issuer);
    if (m->token_url == NULL)
        return err_set(e, TS_HTTP, "issuer",
                       "the metadata at %s names no token endpoint", m->source);
    return TS_OK;
}

bool
oauth_discover_step(struct oauth_discovery *d, int timeout_ms, tstatus *st,
                    struct oauth_metadata *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (d->pool == NULL) {
        *st = err_set(e, TS_INVALID, NULL, "the discovery has ended");
        return true;
    }
    int64_t end = oauth_now_ms() + (timeout_ms < 0 ? 0 : timeout_ms);
    for (;;) {
        int64_t left = timeout_ms < 0 ? 100 : end - oauth_now_ms();
        if (left < 0)
            left = 0;
        http_pool_run(d->pool, (int)(left < 100 ? left : 100));
        struct http_response r;
        memset(&r, 0, sizeof r);
        if (http_pool_take(d->pool, &r, NULL)) {
            *st = discover_answer(d, &r, e);
            http_response_free(&r);
            if (*st == TS_NOT_FOUND && d->stage == 0) {
                d->stage = 1;
                *st = discover_begin(d, e);
                if (*st == TS_OK)
                    continue;
            }
            break;
        }
        if (timeout_ms >= 0 && oauth_now_ms() >= end)
            return false;
    }
    http_pool_free(d->pool);
    d->pool = NULL;
    if (*st == TS_NOT_FOUND)
        *st = err_set(e, TS_NOT_FOUND, "issuer",
                      "the issuer %s has no metadata (%s; %s): enter the "
                      "authorization and token URLs by hand",
                      d->issuer, d->what[0], d->what[1]);
    else if (*st == TS_OK)
        *st = discover_check(d, e);
    if (*st == TS_OK) {
        *out = d->m;
        memset(&d->m, 0, sizeof d->m);
    }
    return true;
}

tstatus
oauth_discover(const struct integration *ig, const char *issuer,
               struct oauth_metadata *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct oauth_discovery *d;
    tstatus st = oauth_discover_start(ig, issuer, &d, e);
    if (st != TS_OK)
        return st;
    oauth_discover_step(d, -1, &st, out, e);
    oauth_discover_free(d);
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
        /* Only certificates are accepted, and this integration has one. */
        if (m->client_tls && !m->client_basic && !m->client_body &&
            ig->net.client_cert != NULL)
            ig->oauth.client_auth = CLIENT_AUTH_TLS;
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
