/* cli_options.c — parsing and applying the add/edit options. */
#include "cli_options.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "oauth.h"
#include "validate.h"

#define CLI_ANY_METHOD (-1)

/* What an option means to add and edit: the slot it fills (with the value
 * stored for flags), and the auth method it belongs to. */
struct cli_opt_def {
    enum cli_opt slot;
    const char *flag_value; /* for flags: stored in the slot */
    int method;             /* enum auth_method, or CLI_ANY_METHOD */
};

#define CLI_DEF(slot, flag, method)                                            \
    (&(const struct cli_opt_def){(slot), (flag), (method)})
/* An option of add and edit: a flag storing `v`, or one taking a value. */
/* clang-format off */
#define CLI_OPT_FLAG(n, h, slot, v, m)                                         \
    {.name = (n), .kind = CLI_ARG_NONE, .help = (h),                          \
     .data = CLI_DEF(slot, v, m)}
#define CLI_OPT_VALUE(n, val, h, slot, m)                                      \
    {.name = (n), .kind = CLI_ARG_VALUE, .value = (val), .help = (h),         \
     .data = CLI_DEF(slot, NULL, m)}
#define CLI_OPT_LIST(n, val, h, slot)                                          \
    {.name = (n), .kind = CLI_ARG_VALUE, .repeat = true, .value = (val),      \
     .help = (h), .data = CLI_DEF(slot, NULL, CLI_ANY_METHOD)}
/* clang-format on */

/* Options that would put a secret on the command line are refused by name
 * (and not taken as an abbreviation of the *-stdin option). */
#define CLI_SECRET_REFUSED(n, opt)                                             \
    CLI_REFUSED(n, "would put a secret on the command line, where other "      \
                   "users and the shell history can see it; use " opt          \
                   " instead (or leave it out to be asked on a terminal)")
#define CLI_TOKEN_REFUSED(n)                                                   \
    CLI_REFUSED(n, "would put a secret on the command line, where other "      \
                   "users and the shell history can see it; tokens are "       \
                   "obtained with 'tether authorize'")

#define ANY CLI_ANY_METHOD
/* clang-format off */
const struct cli_opt_spec cli_options_table[] = {
    CLI_OPT_VALUE("preset", "ID",
        "(add only) start from a provider preset, by id or name (github, "
        "google, ...): it fills in the base URL, auth method, OAuth "
        "endpoints, scopes, client authentication, PKCE, parameters, key "
        "header and prefix and test path; --host and --auth may then be left "
        "out, and the options given override it (file: $TETHER_PRESETS, else "
        "presets.json in the data directory)", CLI_OPT_PRESET, ANY),
    CLI_OPT_VALUE("host", "HOST",
        "hostname or base URL (api.example.com, "
        "https://api.example.com:8443/v2)", CLI_OPT_HOST, ANY),
    CLI_OPT_VALUE("auth", "METHOD", "none | api-key | basic | digest | oauth2",
        CLI_OPT_AUTH, ANY),
    CLI_OPT_VALUE("description", "TEXT", "free text", CLI_OPT_DESCRIPTION,
        ANY),
    CLI_OPT_FLAG("default", "make it the default (unmarks the previous one)",
        CLI_OPT_DEFAULT, "1", ANY),
    CLI_OPT_FLAG("no-default", "stop it being the default", CLI_OPT_DEFAULT,
        "0", ANY),
    CLI_OPT_VALUE("test-path", "PATH",
        "path of the connection test (default /)", CLI_OPT_TEST_PATH, ANY),
    {.name = "tag", .kind = CLI_ARG_VALUE, .repeat = true, .value = "TAG",
     .help = "add a tag, to test a group with 'tether test --tag TAG' "
             "(letters, digits, - _ .; case-insensitive)",
     .data = CLI_DEF(CLI_OPT_TAG, NULL, ANY)},
    {.name = "no-tag", .kind = CLI_ARG_VALUE, .repeat = true, .value = "TAG",
     .help = "(edit) remove a tag",
     .data = CLI_DEF(CLI_OPT_NO_TAG, NULL, ANY)},
    CLI_OPT_VALUE("connect-timeout", "SECONDS",
        "connection time limit (default 10)", CLI_OPT_CONNECT_TIMEOUT, ANY),
    CLI_OPT_VALUE("timeout", "SECONDS", "total time limit (default 30)",
        CLI_OPT_TIMEOUT, ANY),
    CLI_OPT_VALUE("ca-bundle", "PATH",
        "CA certificates to trust ('' = the system's)", CLI_OPT_CA_BUNDLE,
        ANY),
    CLI_OPT_FLAG("insecure", "turn TLS verification off", CLI_OPT_INSECURE,
        "1", ANY),
    CLI_OPT_FLAG("no-insecure", "turn TLS verification back on",
        CLI_OPT_INSECURE, "0", ANY),
    CLI_OPT_VALUE("follow-redirects", "yes|no",
        "follow redirects, up to 10 (default yes); with no, a 3xx is "
        "reported as it is", CLI_OPT_FOLLOW_REDIRECTS, ANY),
    CLI_OPT_VALUE("proxy", "URL",
        "send through this proxy (http://host:port, socks5://host:port; "
        "'' = the environment's http_proxy/https_proxy, the default)",
        CLI_OPT_PROXY, ANY),
    CLI_OPT_FLAG("no-proxy", "use no proxy, not even the environment's",
        CLI_OPT_NO_PROXY, "1", ANY),
    CLI_OPT_VALUE("proxy-user", "NAME",
        "user name for the proxy ('' = none)", CLI_OPT_PROXY_USER, ANY),
    CLI_OPT_FLAG("proxy-password-stdin",
        "read the proxy password from standard input",
        CLI_OPT_PROXY_PASSWORD_STDIN, "1", ANY),
    CLI_OPT_VALUE("client-cert", "FILE",
        "TLS client certificate (PEM) sent to the API and the OAuth "
        "endpoints ('' = none)", CLI_OPT_CLIENT_CERT, ANY),
    CLI_OPT_VALUE("client-key", "FILE",
        "private key of the client certificate (PEM; '' = none)",
        CLI_OPT_CLIENT_KEY, ANY),
    CLI_OPT_FLAG("client-key-pass-stdin",
        "read the passphrase of the client key from standard input",
        CLI_OPT_CLIENT_KEY_PASS_STDIN, "1", ANY),
    CLI_HEADING("API key (--auth api-key):"),
    CLI_OPT_VALUE("key-header", "NAME",
        "header or query parameter name (X-API-Key)", CLI_OPT_KEY_HEADER,
        AUTH_API_KEY),
    CLI_OPT_VALUE("key-prefix", "TEXT", "written before the key, e.g. Bearer",
        CLI_OPT_KEY_PREFIX, AUTH_API_KEY),
    CLI_OPT_VALUE("key-in", "header|query",
        "where the key goes (default header)", CLI_OPT_KEY_IN, AUTH_API_KEY),
    CLI_OPT_FLAG("key-stdin", "read the key from standard input",
        CLI_OPT_KEY_STDIN, "1", AUTH_API_KEY),
    CLI_HEADING("Basic and Digest (--auth basic, --auth digest):"),
    CLI_OPT_VALUE("user", "NAME", "the username", CLI_OPT_USER, AUTH_BASIC),
    CLI_OPT_FLAG("password-stdin", "read the password from standard input",
        CLI_OPT_PASSWORD_STDIN, "1", AUTH_BASIC),
    CLI_HEADING("OAuth 2.0 (--auth oauth2):"),
    CLI_OPT_VALUE("grant", "G",
        "authorization_code | client_credentials | device_code",
        CLI_OPT_GRANT, AUTH_OAUTH2),
    CLI_OPT_VALUE("client-id", "ID", "the client ID", CLI_OPT_CLIENT_ID,
        AUTH_OAUTH2),
    CLI_OPT_FLAG("client-secret-stdin",
        "read the client secret from standard input",
        CLI_OPT_CLIENT_SECRET_STDIN, "1", AUTH_OAUTH2),
    CLI_OPT_VALUE("auth-url", "URL", "the authorization endpoint",
        CLI_OPT_AUTH_URL, AUTH_OAUTH2),
    CLI_OPT_VALUE("token-url", "URL", "the token endpoint", CLI_OPT_TOKEN_URL,
        AUTH_OAUTH2),
    CLI_OPT_VALUE("device-url", "URL", "the device authorization endpoint",
        CLI_OPT_DEVICE_URL, AUTH_OAUTH2),
    CLI_OPT_VALUE("scope", "S", "blank = the provider's default",
        CLI_OPT_SCOPE, AUTH_OAUTH2),
    CLI_OPT_VALUE("client-auth", "basic|body|tls",
        "client id/secret in a Basic header or the form body of token "
        "requests, or tls: the client id in the body and the TLS client "
        "certificate (RFC 8705 tls_client_auth; needs --client-cert) "
        "(default basic)", CLI_OPT_CLIENT_AUTH, AUTH_OAUTH2),
    CLI_OPT_FLAG("pkce", "PKCE S256 (the default)", CLI_OPT_PKCE, "1",
        AUTH_OAUTH2),
    CLI_OPT_FLAG("no-pkce", "no PKCE, for providers that refuse it",
        CLI_OPT_PKCE, "0", AUTH_OAUTH2),
    {.name = "param", .kind = CLI_ARG_VALUE, .repeat = true, .value = "K=V",
     .help = "extra authorization parameter; on edit the given ones replace "
             "the list",
     .data = CLI_DEF(CLI_OPT_PARAM, NULL, AUTH_OAUTH2)},
    CLI_OPT_FLAG("clear-params", "remove every extra parameter",
        CLI_OPT_CLEAR_PARAMS, "1", AUTH_OAUTH2),
    CLI_OPT_VALUE("redirect-port", "N",
        "loopback port of the redirect URI (default 8765)",
        CLI_OPT_REDIRECT_PORT, AUTH_OAUTH2),
    CLI_OPT_VALUE("issuer", "URL",
        "discover the endpoints, client authentication and PKCE from the "
        "issuer's metadata (RFC 8414, else OpenID Connect discovery); the "
        "options given win; '' forgets the issuer", CLI_OPT_ISSUER,
        AUTH_OAUTH2),
    CLI_OPT_VALUE("revocation-url", "URL",
        "the token revocation endpoint (RFC 7009), used by tether logout",
        CLI_OPT_REVOCATION_URL, AUTH_OAUTH2),
    CLI_HEADING("Extra headers and query parameters (any method):"),
    CLI_OPT_LIST("header", "'NAME: VALUE'",
        "a header sent with every request and test (a request's own header "
        "of the same name wins); replaces one of the same name",
        CLI_OPT_HEADER),
    CLI_OPT_LIST("header-secret", "NAME",
        "a secret header: its value is read from standard input (or asked "
        "for without echo), stored encrypted and redacted in the history",
        CLI_OPT_HEADER_SECRET),
    CLI_OPT_LIST("no-header", "NAME", "remove an extra header",
        CLI_OPT_NO_HEADER),
    CLI_OPT_LIST("query", "K=V",
        "a query parameter added to every request and test",
        CLI_OPT_QUERY),
    CLI_OPT_LIST("query-secret", "K",
        "a secret query parameter, its value read as for --header-secret",
        CLI_OPT_QUERY_SECRET),
    CLI_OPT_LIST("no-query", "K", "remove an extra query parameter",
        CLI_OPT_NO_QUERY),
    CLI_HEADING("Connection test:"),
    CLI_OPT_VALUE("test-method", "GET|HEAD|POST",
        "the test's method (default GET)", CLI_OPT_TEST_METHOD, ANY),
    CLI_OPT_VALUE("test-body", "TEXT",
        "body of a POST test (sent as JSON when it is JSON; '' = none)",
        CLI_OPT_TEST_BODY, ANY),
    CLI_OPT_VALUE("test-status", "LIST",
        "statuses that pass: 200,204 or 2xx or 200-299 (default 200; '' = "
        "the default)", CLI_OPT_TEST_STATUS, ANY),
    CLI_OPT_VALUE("test-expect", "POINTER=VALUE",
        "the JSON Pointer must equal VALUE in the body (VALUE read as JSON "
        "when it is JSON, else as a string), e.g. /ok=true; '' = no check",
        CLI_OPT_TEST_EXPECT, ANY),
    CLI_OPT_VALUE("test-expect-text", "TEXT",
        "text the body must contain ('' = no check)",
        CLI_OPT_TEST_EXPECT_TEXT, ANY),
    CLI_SECRET_REFUSED("key", "--key-stdin"),
    CLI_SECRET_REFUSED("api-key", "--key-stdin"),
    CLI_SECRET_REFUSED("password", "--password-stdin"),
    CLI_SECRET_REFUSED("pass", "--password-stdin"),
    CLI_SECRET_REFUSED("client-secret", "--client-secret-stdin"),
    CLI_SECRET_REFUSED("secret", "--client-secret-stdin"),
    CLI_SECRET_REFUSED("proxy-password", "--proxy-password-stdin"),
    CLI_SECRET_REFUSED("client-key-pass", "--client-key-pass-stdin"),
    CLI_SECRET_REFUSED("key-pass", "--client-key-pass-stdin"),
    CLI_TOKEN_REFUSED("token"),
    CLI_TOKEN_REFUSED("access-token"),
    CLI_TOKEN_REFUSED("refresh-token"),
    CLI_OPT_END,
};
/* clang-format on */
#undef ANY

const char cli_options_help[] =
    "Secrets are never taken from the command line. Each *-stdin option\n"
    "reads one line from standard input; when several are given they are\n"
    "read in this order: API key, password, client secret, then the values\n"
    "of --header-secret and --query-secret in the order given. When standard\n"
    "input is a terminal tether prompts without echo instead, and also asks\n"
    "for a required secret that was not given (API key, password, the\n"
    "client secret for client credentials).\n";

void
cli_options_from_args(const struct cli_args *a, struct cli_options *o)
{
    memset(o, 0, sizeof *o);
    o->args = a;
    for (size_t i = 0; i < a->nseen; i++) {
        const struct cli_opt_spec *spec = a->seen[i].opt;
        const struct cli_opt_def *d = spec->data;
        assert(d != NULL); /* every option of the table says its slot */
        o->value[d->slot] =
            spec->kind == CLI_ARG_NONE ? d->flag_value : a->seen[i].value;
        o->given[d->slot] = spec;
    }
}

bool
cli_options_any(const struct cli_options *o)
{
    for (int i = 0; i < CLI_OPT_COUNT; i++) {
        if (o->value[i] != NULL)
            return true;
    }
    return false;
}

/* Refuse options that belong to another method than `method`. */
static int
cli_options_check_method(struct cli_ctx *ctx, const struct cli_command *cmd,
                         const struct cli_options *o, enum auth_method method)
{
    for (int i = 0; i < CLI_OPT_COUNT; i++) {
        const struct cli_opt_spec *spec = o->given[i];
        if (spec == NULL)
            continue;
        const struct cli_opt_def *d = spec->data;
        if (d->method == CLI_ANY_METHOD || d->method == (int)method ||
            (d->method == AUTH_BASIC && auth_method_has_password(method)))
            continue;
        return cli_usage(ctx, cmd,
                         "--%s applies to --auth %s, but the integration's "
                         "method is %s",
                         spec->name,
                         d->method == AUTH_BASIC
                             ? "basic or digest"
                             : auth_method_name((enum auth_method)d->method),
                         auth_method_name(method));
    }
    return 0;
}

/* Set a string field, reporting out of memory. */
static tstatus
cli_set(char **dst, const char *v, struct err *e)
{
    if (!model_set_str(dst, v))
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    return TS_OK;
}

/* A number of seconds (decimals allowed) as milliseconds. */
static tstatus
cli_parse_seconds(const char *field, const char *text, long *ms, struct err *e)
{
    char *end;
    errno = 0;
    double s = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !isfinite(s) || s <= 0 ||
        s > 86400)
        return err_set(e, TS_INVALID, field,
                       "\"%s\" is not a number of seconds between 0 and 86400",
                       text);
    *ms = (long)(s * 1000.0 + 0.5);
    if (*ms < 1)
        *ms = 1;
    return TS_OK;
}

/* An enum value given on the command line; `-` and `_` are the same. */
static bool
cli_parse_grant(const char *text, enum oauth_grant *g)
{
    char buf[64];
    size_t i;
    for (i = 0; text[i] != '\0' && i + 1 < sizeof buf; i++)
        buf[i] = text[i] == '-' ? '_' : text[i];
    buf[i] = '\0';
    return text[i] == '\0' && oauth_grant_parse(buf, g);
}

/* Redirects and the proxy. */
static tstatus
cli_apply_transfer(const struct cli_options *o, struct integration *ig,
                   struct err *e)
{
    const char *const *v = o->value;
    tstatus st = TS_OK;
    const char *f = v[CLI_OPT_FOLLOW_REDIRECTS];
    if (f != NULL) {
        if (strcasecmp(f, "yes") == 0)
            ig->net.follow_redirects = true;
        else if (strcasecmp(f, "no") == 0)
            ig->net.follow_redirects = false;
        else
            return err_set(e, TS_INVALID, "follow_redirects",
                           "\"%s\" is not yes or no", f);
    }
    if (v[CLI_OPT_NO_PROXY] != NULL && v[CLI_OPT_PROXY] != NULL &&
        v[CLI_OPT_PROXY][0] != '\0')
        return err_set(e, TS_INVALID, "proxy",
                       "give either --proxy URL or --no-proxy, not both");
    if (v[CLI_OPT_PROXY] != NULL) {
        char *norm = NULL;
        if (v[CLI_OPT_PROXY][0] != '\0' &&
            (st = validate_proxy_url(v[CLI_OPT_PROXY], &norm, e)) != TS_OK)
            return st;
        free(ig->net.proxy);
        ig->net.proxy = norm;
        ig->net.no_proxy = false;
    }
    if (v[CLI_OPT_NO_PROXY] != NULL) {
        free(ig->net.proxy);
        ig->net.proxy = NULL;
        ig->net.no_proxy = true;
    }
    if (v[CLI_OPT_PROXY_USER] != NULL) {
        st = cli_set(&ig->net.proxy_user, v[CLI_OPT_PROXY_USER], e);
        if (st == TS_OK && ig->net.proxy_user == NULL &&
            !secret_assign(&ig->net.proxy_password, NULL))
            st = err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    if (st == TS_OK && v[CLI_OPT_CLIENT_CERT] != NULL)
        st = cli_set(&ig->net.client_cert, v[CLI_OPT_CLIENT_CERT], e);
    if (st == TS_OK && v[CLI_OPT_CLIENT_KEY] != NULL) {
        st = cli_set(&ig->net.client_key, v[CLI_OPT_CLIENT_KEY], e);
        if (st == TS_OK && ig->net.client_key == NULL &&
            !secret_assign(&ig->net.client_key_pass, NULL))
            st = err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    return st;
}

/* Add every --tag, then remove every --no-tag. */
static tstatus
cli_apply_tags(const struct cli_options *o, struct integration *ig,
               struct err *e)
{
    static const char *const opts[] = {"tag", "no-tag"};
    for (size_t k = 0; k < 2; k++) {
        const char *v;
        for (size_t i = 0; (v = cli_args_value(o->args, opts[k], i)); i++) {
            char *tag = NULL;
            tstatus st = validate_tag(opts[k], v, &tag, e);
            if (st != TS_OK)
                return st;
            bool ok = k == 0 ? model_tags_add(&ig->tags, tag)
                             : model_tags_remove(&ig->tags, tag);
            free(tag);
            if (!ok)
                return err_set(e, TS_NOMEM, NULL, "out of memory");
        }
    }
    return TS_OK;
}

/* The fields that do not depend on the auth method. */
static tstatus
cli_apply_common(const struct cli_options *o, struct integration *ig,
                 struct err *e)
{
    const char *const *v = o->value;
    tstatus st = TS_OK;
    if (v[CLI_OPT_HOST] != NULL)
        st = cli_set(&ig->base_url, v[CLI_OPT_HOST], e);
    if (st == TS_OK && v[CLI_OPT_DESCRIPTION] != NULL)
        st = cli_set(&ig->description, v[CLI_OPT_DESCRIPTION], e);
    if (v[CLI_OPT_DEFAULT] != NULL)
        ig->is_default = v[CLI_OPT_DEFAULT][0] == '1';
    if (st == TS_OK && v[CLI_OPT_TEST_PATH] != NULL) {
        char *path = NULL;
        if (v[CLI_OPT_TEST_PATH][0] == '\0')
            st = cli_set(&ig->test_path, NULL, e);
        else if ((st = validate_path("test_path", v[CLI_OPT_TEST_PATH], &path,
                                     e)) == TS_OK) {
            free(ig->test_path);
            ig->test_path = path;
        }
    }
    if (st == TS_OK)
        st = cli_apply_tags(o, ig, e);
    if (v[CLI_OPT_INSECURE] != NULL)
        ig->net.insecure = v[CLI_OPT_INSECURE][0] == '1';
    if (st == TS_OK && v[CLI_OPT_CA_BUNDLE] != NULL)
        st = cli_set(&ig->net.ca_bundle, v[CLI_OPT_CA_BUNDLE], e);
    if (st == TS_OK && v[CLI_OPT_CONNECT_TIMEOUT] != NULL)
        st = cli_parse_seconds("connect_timeout", v[CLI_OPT_CONNECT_TIMEOUT],
                               &ig->net.connect_timeout_ms, e);
    if (st == TS_OK && v[CLI_OPT_TIMEOUT] != NULL)
        st = cli_parse_seconds("timeout", v[CLI_OPT_TIMEOUT],
                               &ig->net.timeout_ms, e);
    return st == TS_OK ? cli_apply_transfer(o, ig, e) : st;
}

static tstatus
cli_apply_api_key(const struct cli_options *o, struct integration *ig,
                  struct err *e)
{
    const char *const *v = o->value;
    tstatus st = TS_OK;
    if (v[CLI_OPT_KEY_HEADER] != NULL)
        st = cli_set(&ig->api_key.header, v[CLI_OPT_KEY_HEADER], e);
    if (st == TS_OK && v[CLI_OPT_KEY_PREFIX] != NULL)
        st = cli_set(&ig->api_key.prefix, v[CLI_OPT_KEY_PREFIX], e);
    if (st == TS_OK && v[CLI_OPT_KEY_IN] != NULL &&
        !key_placement_parse(v[CLI_OPT_KEY_IN], &ig->api_key.placement))
        st = err_set(e, TS_INVALID, "key_in",
                     "\"%s\" is not a placement; use header or query",
                     v[CLI_OPT_KEY_IN]);
    return st;
}

/* Replace the extra authorization parameters with the given ones. */
static tstatus
cli_apply_params(const struct cli_options *o, struct integration *ig,
                 struct err *e)
{
    size_t nparams = cli_args_count(o->args, "param");
    if (o->value[CLI_OPT_CLEAR_PARAMS] == NULL && nparams == 0)
        return TS_OK;
    struct kv_list list = {0};
    for (size_t i = 0; i < nparams; i++) {
        char *k = NULL, *val = NULL;
        tstatus st = validate_kv("param", cli_args_value(o->args, "param", i),
                                 &k, &val, e);
        if (st == TS_OK && !kv_list_add(&list, k, val))
            st = err_set(e, TS_NOMEM, NULL, "out of memory");
        free(k);
        free(val);
        if (st != TS_OK) {
            kv_list_free(&list);
            return st;
        }
    }
    kv_list_free(&ig->oauth.params);
    ig->oauth.params = list;
    return TS_OK;
}

static tstatus
cli_apply_oauth(const struct cli_options *o, struct integration *ig,
                struct err *e)
{
    const char *const *v = o->value;
    tstatus st = TS_OK;
    if (v[CLI_OPT_GRANT] != NULL &&
        !cli_parse_grant(v[CLI_OPT_GRANT], &ig->oauth.grant))
        return err_set(e, TS_INVALID, "grant",
                       "\"%s\" is not a grant; use authorization_code, "
                       "client_credentials or device_code",
                       v[CLI_OPT_GRANT]);
    if (v[CLI_OPT_CLIENT_AUTH] != NULL &&
        !client_auth_parse(v[CLI_OPT_CLIENT_AUTH], &ig->oauth.client_auth))
        return err_set(e, TS_INVALID, "client_auth",
                       "\"%s\" is not a client authentication; use basic, "
                       "body or tls",
                       v[CLI_OPT_CLIENT_AUTH]);
    if (v[CLI_OPT_CLIENT_ID] != NULL)
        st = cli_set(&ig->oauth.client_id, v[CLI_OPT_CLIENT_ID], e);
    if (st == TS_OK && v[CLI_OPT_AUTH_URL] != NULL)
        st = cli_set(&ig->oauth.auth_url, v[CLI_OPT_AUTH_URL], e);
    if (st == TS_OK && v[CLI_OPT_TOKEN_URL] != NULL)
        st = cli_set(&ig->oauth.token_url, v[CLI_OPT_TOKEN_URL], e);
    if (st == TS_OK && v[CLI_OPT_DEVICE_URL] != NULL)
        st = cli_set(&ig->oauth.device_url, v[CLI_OPT_DEVICE_URL], e);
    if (st == TS_OK && v[CLI_OPT_SCOPE] != NULL)
        st = cli_set(&ig->oauth.scope, v[CLI_OPT_SCOPE], e);
    if (st == TS_OK && v[CLI_OPT_REVOCATION_URL] != NULL)
        st = cli_set(&ig->oauth.revocation_url, v[CLI_OPT_REVOCATION_URL], e);
    if (v[CLI_OPT_PKCE] != NULL)
        ig->oauth.pkce = v[CLI_OPT_PKCE][0] == '1';
    if (st == TS_OK)
        st = cli_apply_params(o, ig, e);
    if (st == TS_OK && v[CLI_OPT_REDIRECT_PORT] != NULL) {
        char *end;
        errno = 0;
        long port = strtol(v[CLI_OPT_REDIRECT_PORT], &end, 10);
        if (errno != 0 || end == v[CLI_OPT_REDIRECT_PORT] || *end != '\0')
            return err_set(e, TS_INVALID, "redirect_port",
                           "\"%s\" is not a port number",
                           v[CLI_OPT_REDIRECT_PORT]);
        st = validate_port("redirect_port", port, e);
        if (st == TS_OK)
            ig->oauth.redirect_port = (int)port;
    }
    return st;
}

/* Forget the secrets of a method the integration no longer uses. */
static void
cli_forget_method_secrets(struct integration *ig, enum auth_method old)
{
    switch (old) {
    case AUTH_API_KEY:
        secret_assign(&ig->api_key.key, NULL);
        break;
    case AUTH_BASIC:
    case AUTH_DIGEST:
        secret_assign(&ig->basic.password, NULL);
        break;
    case AUTH_OAUTH2:
        secret_assign(&ig->oauth.client_secret, NULL);
        break;
    case AUTH_NONE:
        break;
    }
}

/* One secret: asked for with its *-stdin option, or required and missing
 * while standard input is a terminal. */
struct cli_secret_slot {
    enum cli_opt option;
    enum auth_method method;
    const char *field;
    const char *prompt;
    bool required; /* always; the client secret also for client
                      credentials */
};

static const struct cli_secret_slot cli_secret_slots[] = {
    {CLI_OPT_KEY_STDIN, AUTH_API_KEY, "api_key", "API key: ", true},
    {CLI_OPT_PASSWORD_STDIN, AUTH_BASIC, "password", "Password: ", true},
    {CLI_OPT_CLIENT_SECRET_STDIN, AUTH_OAUTH2, "client_secret",
     "Client secret: ", false},
};

static struct secret *
cli_secret_of(struct integration *ig, enum auth_method m)
{
    switch (m) {
    case AUTH_API_KEY:
        return &ig->api_key.key;
    case AUTH_BASIC:
    case AUTH_DIGEST:
        return &ig->basic.password;
    case AUTH_OAUTH2:
        return &ig->oauth.client_secret;
    case AUTH_NONE:
        break;
    }
    return NULL;
}

/* A secret of the transfer settings, read because its *-stdin option was
 * given. */
static tstatus
cli_read_net_secret(struct cli_ctx *ctx, const char *prompt, const char *field,
                    struct secret *sec, struct err *e)
{
    char *value = NULL;
    tstatus st = cli_read_secret(ctx, prompt, true, &value, e);
    if (st != TS_OK) {
        snprintf(e->field, sizeof e->field, "%s", field);
        return st;
    }
    bool ok = secret_assign(sec, value);
    sodium_memzero(value, strlen(value));
    free(value);
    return ok ? TS_OK : err_set(e, TS_NOMEM, NULL, "out of memory");
}

static tstatus
cli_read_secrets(struct cli_ctx *ctx, const struct cli_options *o,
                 struct integration *ig, struct err *e)
{
    for (size_t i = 0; i < sizeof cli_secret_slots / sizeof *cli_secret_slots;
         i++) {
        const struct cli_secret_slot *s = &cli_secret_slots[i];
        struct secret *sec = cli_secret_of(ig, s->method);
        bool asked = o->value[s->option] != NULL;
        /* A confidential client is a must for client credentials. */
        bool required =
            s->required || (s->method == AUTH_OAUTH2 &&
                            (ig->oauth.grant == GRANT_CLIENT_CREDENTIALS ||
                             (ig->oauth.secret_required &&
                              ig->oauth.grant == GRANT_AUTHORIZATION_CODE)));
        bool same =
            ig->auth == s->method ||
            (s->method == AUTH_BASIC && auth_method_has_password(ig->auth));
        bool missing =
            required && same && !secret_is_set(sec) && ctx->stdin_tty;
        if (!asked && !missing)
            continue;
        char *value = NULL;
        tstatus st = cli_read_secret(ctx, s->prompt, asked, &value, e);
        if (st != TS_OK) {
            snprintf(e->field, sizeof e->field, "%s", s->field);
            return st;
        }
        bool ok = secret_assign(sec, value);
        sodium_memzero(value, strlen(value));
        free(value);
        if (!ok)
            return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    tstatus st = TS_OK;
    if (o->value[CLI_OPT_PROXY_PASSWORD_STDIN] != NULL)
        st = cli_read_net_secret(ctx, "Proxy password: ", "proxy_password",
                                 &ig->net.proxy_password, e);
    /* An encrypted key given without its passphrase: asked for on a
     * terminal, like the method's secrets. */
    bool ask_pass = o->value[CLI_OPT_CLIENT_KEY_PASS_STDIN] != NULL ||
                    (o->value[CLI_OPT_CLIENT_KEY] != NULL && ctx->stdin_tty &&
                     !secret_is_set(&ig->net.client_key_pass) &&
                     validate_pem_key_encrypted(ig->net.client_key));
    if (st == TS_OK && ask_pass)
        st = cli_read_net_secret(ctx,
                                 "Client key passphrase: ", "client_key_pass",
                                 &ig->net.client_key_pass, e);
    return st;
}

/* --issuer: fetch the metadata and fill what the other options did not
 * give, then print what was found; '' forgets the issuer. */
static tstatus
cli_apply_issuer(struct cli_ctx *ctx, const struct cli_options *o,
                 struct integration *ig, struct err *e)
{
    const char *issuer = o->value[CLI_OPT_ISSUER];
    if (issuer == NULL)
        return TS_OK;
    if (issuer[0] == '\0') {
        ig->oauth.iss_required = false;
        return cli_set(&ig->oauth.issuer, NULL, e);
    }
    struct oauth_metadata m;
    tstatus st = oauth_discover(ig, issuer, &m, e);
    if (st != TS_OK)
        return st;
    static const struct {
        enum cli_opt opt;
        unsigned keep;
    } given[] = {
        {CLI_OPT_AUTH_URL, OAUTH_KEEP_AUTH_URL},
        {CLI_OPT_TOKEN_URL, OAUTH_KEEP_TOKEN_URL},
        {CLI_OPT_DEVICE_URL, OAUTH_KEEP_DEVICE_URL},
        {CLI_OPT_REVOCATION_URL, OAUTH_KEEP_REVOCATION_URL},
        {CLI_OPT_CLIENT_AUTH, OAUTH_KEEP_CLIENT_AUTH},
        {CLI_OPT_PKCE, OAUTH_KEEP_PKCE},
    };
    unsigned keep = 0;
    for (size_t i = 0; i < sizeof given / sizeof given[0]; i++)
        if (o->value[given[i].opt] != NULL)
            keep |= given[i].keep;
    st = oauth_metadata_apply(&m, keep, ig, e);
    if (st == TS_OK) {
        char summary[1536];
        oauth_metadata_summary(&m, ig, summary, sizeof summary);
        fprintf(ctx->out, "Issuer %s: %s\n", m.issuer, summary);
    }
    oauth_metadata_free(&m);
    return st;
}

int
cli_options_apply(struct cli_ctx *ctx, const struct cli_command *cmd,
                  const struct cli_options *o, bool editing,
                  struct integration *ig)
{
    struct err e;
    err_clear(&e);
    enum auth_method method = ig->auth;
    const char *auth = o->value[CLI_OPT_AUTH];
    if (auth != NULL && !auth_method_parse(auth, &method)) {
        err_set(&e, TS_INVALID, "auth",
                "\"%s\" is not an auth method; use none, api-key, basic, "
                "digest or oauth2",
                auth);
        return cli_fail(ctx, &e);
    }
    int rc = cli_options_check_method(ctx, cmd, o, method);
    if (rc != 0)
        return rc;
    if (editing && method != ig->auth)
        cli_forget_method_secrets(ig, ig->auth);
    ig->auth = method;

    tstatus st = cli_apply_common(o, ig, &e);
    if (st == TS_OK)
        st = cli_extras_apply(o, ig, &e);
    if (st == TS_OK && method == AUTH_API_KEY)
        st = cli_apply_api_key(o, ig, &e);
    if (st == TS_OK && auth_method_has_password(method) &&
        o->value[CLI_OPT_USER] != NULL)
        st = cli_set(&ig->basic.username, o->value[CLI_OPT_USER], &e);
    if (st == TS_OK && method == AUTH_OAUTH2)
        st = cli_apply_oauth(o, ig, &e);
    if (st == TS_OK && method == AUTH_OAUTH2)
        st = cli_apply_issuer(ctx, o, ig, &e);
    if (st == TS_OK)
        st = cli_read_secrets(ctx, o, ig, &e);
    if (st == TS_OK)
        st = cli_extras_read_secrets(ctx, o, ig, &e);
    return st == TS_OK ? 0 : cli_fail(ctx, &e);
}
