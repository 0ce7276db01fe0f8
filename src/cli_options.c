/* cli_options.c — parsing and applying the add/edit options. */
#include "cli_options.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "validate.h"

#define CLI_ANY_METHOD (-1)
#define CLI_OPT_REFUSED 1000 /* + index into cli_refused[] */

/* One option: its spelling, whether it takes a value, the slot it fills
 * (with the value stored for flags), and the auth method it belongs to. */
struct cli_opt_def {
    const char *name;
    int has_arg;
    enum cli_opt slot;
    const char *flag_value; /* for flags: stored in the slot */
    int method;             /* enum auth_method, or CLI_ANY_METHOD */
};

static const struct cli_opt_def cli_opt_defs[] = {
    {"preset", required_argument, CLI_OPT_PRESET, NULL, CLI_ANY_METHOD},
    {"host", required_argument, CLI_OPT_HOST, NULL, CLI_ANY_METHOD},
    {"auth", required_argument, CLI_OPT_AUTH, NULL, CLI_ANY_METHOD},
    {"description", required_argument, CLI_OPT_DESCRIPTION, NULL,
     CLI_ANY_METHOD},
    {"default", no_argument, CLI_OPT_DEFAULT, "1", CLI_ANY_METHOD},
    {"no-default", no_argument, CLI_OPT_DEFAULT, "0", CLI_ANY_METHOD},
    {"test-path", required_argument, CLI_OPT_TEST_PATH, NULL, CLI_ANY_METHOD},
    {"insecure", no_argument, CLI_OPT_INSECURE, "1", CLI_ANY_METHOD},
    {"no-insecure", no_argument, CLI_OPT_INSECURE, "0", CLI_ANY_METHOD},
    {"ca-bundle", required_argument, CLI_OPT_CA_BUNDLE, NULL, CLI_ANY_METHOD},
    {"connect-timeout", required_argument, CLI_OPT_CONNECT_TIMEOUT, NULL,
     CLI_ANY_METHOD},
    {"timeout", required_argument, CLI_OPT_TIMEOUT, NULL, CLI_ANY_METHOD},
    {"key-header", required_argument, CLI_OPT_KEY_HEADER, NULL, AUTH_API_KEY},
    {"key-prefix", required_argument, CLI_OPT_KEY_PREFIX, NULL, AUTH_API_KEY},
    {"key-in", required_argument, CLI_OPT_KEY_IN, NULL, AUTH_API_KEY},
    {"key-stdin", no_argument, CLI_OPT_KEY_STDIN, "1", AUTH_API_KEY},
    {"user", required_argument, CLI_OPT_USER, NULL, AUTH_BASIC},
    {"password-stdin", no_argument, CLI_OPT_PASSWORD_STDIN, "1", AUTH_BASIC},
    {"grant", required_argument, CLI_OPT_GRANT, NULL, AUTH_OAUTH2},
    {"client-id", required_argument, CLI_OPT_CLIENT_ID, NULL, AUTH_OAUTH2},
    {"client-secret-stdin", no_argument, CLI_OPT_CLIENT_SECRET_STDIN, "1",
     AUTH_OAUTH2},
    {"auth-url", required_argument, CLI_OPT_AUTH_URL, NULL, AUTH_OAUTH2},
    {"token-url", required_argument, CLI_OPT_TOKEN_URL, NULL, AUTH_OAUTH2},
    {"device-url", required_argument, CLI_OPT_DEVICE_URL, NULL, AUTH_OAUTH2},
    {"scope", required_argument, CLI_OPT_SCOPE, NULL, AUTH_OAUTH2},
    {"client-auth", required_argument, CLI_OPT_CLIENT_AUTH, NULL, AUTH_OAUTH2},
    {"pkce", no_argument, CLI_OPT_PKCE, "1", AUTH_OAUTH2},
    {"no-pkce", no_argument, CLI_OPT_PKCE, "0", AUTH_OAUTH2},
    {"param", required_argument, CLI_OPT_PARAM, NULL, AUTH_OAUTH2},
    {"clear-params", no_argument, CLI_OPT_CLEAR_PARAMS, "1", AUTH_OAUTH2},
    {"redirect-port", required_argument, CLI_OPT_REDIRECT_PORT, NULL,
     AUTH_OAUTH2},
};

#define CLI_NOPTS (sizeof cli_opt_defs / sizeof cli_opt_defs[0])

/* Options that would put a secret on the command line, and what to use
 * instead. Listed so that they are refused by name (and not taken as an
 * abbreviation of the *-stdin option). */
#define CLI_STDIN_ADVICE(opt)                                                  \
    "use " opt " instead (or leave it out to be asked on a terminal)"
#define CLI_TOKEN_ADVICE "tokens are obtained with 'tether authorize'"

static const struct {
    const char *name;
    const char *advice;
} cli_refused[] = {
    {"key", CLI_STDIN_ADVICE("--key-stdin")},
    {"api-key", CLI_STDIN_ADVICE("--key-stdin")},
    {"password", CLI_STDIN_ADVICE("--password-stdin")},
    {"pass", CLI_STDIN_ADVICE("--password-stdin")},
    {"client-secret", CLI_STDIN_ADVICE("--client-secret-stdin")},
    {"secret", CLI_STDIN_ADVICE("--client-secret-stdin")},
    {"token", CLI_TOKEN_ADVICE},
    {"access-token", CLI_TOKEN_ADVICE},
    {"refresh-token", CLI_TOKEN_ADVICE},
};

#define CLI_NREFUSED (sizeof cli_refused / sizeof cli_refused[0])

const char cli_options_help[] =
    "Options:\n"
    "  --preset ID              (add only) start from a provider preset, by\n"
    "                           id or name (github, google, ...): it fills\n"
    "                           in the base URL, auth method, OAuth\n"
    "                           endpoints, scopes, client authentication,\n"
    "                           PKCE, parameters, key header and prefix and\n"
    "                           test path; --host and --auth may then be\n"
    "                           left out, and the options given override it\n"
    "                           (file: $TETHER_PRESETS, else presets.json in\n"
    "                           the data directory)\n"
    "  --host HOST              hostname or base URL (api.example.com,\n"
    "                           https://api.example.com:8443/v2)\n"
    "  --auth METHOD            none | api-key | basic | oauth2\n"
    "  --description TEXT\n"
    "  --default, --no-default  make it (or stop it being) the default\n"
    "  --test-path PATH         path of the connection test (default /)\n"
    "  --connect-timeout SECONDS, --timeout SECONDS\n"
    "  --ca-bundle PATH         CA certificates to trust ('' = system)\n"
    "  --insecure, --no-insecure  turn TLS verification off / back on\n"
    "API key (--auth api-key):\n"
    "  --key-header NAME        header or query parameter name (X-API-Key)\n"
    "  --key-prefix TEXT        written before the key, e.g. Bearer\n"
    "  --key-in header|query    where the key goes (default header)\n"
    "  --key-stdin              read the key from standard input\n"
    "Basic (--auth basic):\n"
    "  --user NAME\n"
    "  --password-stdin         read the password from standard input\n"
    "OAuth 2.0 (--auth oauth2):\n"
    "  --grant G                authorization_code | client_credentials |\n"
    "                           device_code\n"
    "  --client-id ID\n"
    "  --client-secret-stdin    read the client secret from standard input\n"
    "  --auth-url URL, --token-url URL, --device-url URL\n"
    "  --scope S                blank = the provider's default\n"
    "  --client-auth basic|body client id/secret in a Basic header or the\n"
    "                           form body of token requests (default basic)\n"
    "  --pkce, --no-pkce        PKCE S256 (default on)\n"
    "  --param K=V              extra authorization parameter (repeatable;\n"
    "                           on edit the given ones replace the list)\n"
    "  --clear-params           remove every extra parameter\n"
    "  --redirect-port N        loopback port of the redirect URI\n"
    "                           (default 8765)\n"
    "\n"
    "Secrets are never taken from the command line. Each *-stdin option\n"
    "reads one line from standard input; when several are given they are\n"
    "read in this order: API key, password, client secret. When standard\n"
    "input is a terminal tether prompts without echo instead, and also asks\n"
    "for a required secret that was not given (API key, password, the\n"
    "client secret for client credentials).\n";

int
cli_options_parse(struct cli_ctx *ctx, const struct cli_command *cmd, int argc,
                  char **argv, struct cli_options *o)
{
    memset(o, 0, sizeof *o);
    struct option longopts[CLI_NOPTS + CLI_NREFUSED + 1];
    size_t n = 0;
    for (size_t i = 0; i < CLI_NOPTS; i++)
        longopts[n++] = (struct option){cli_opt_defs[i].name,
                                        cli_opt_defs[i].has_arg, NULL, (int)i};
    for (size_t i = 0; i < CLI_NREFUSED; i++)
        longopts[n++] = (struct option){cli_refused[i].name, optional_argument,
                                        NULL, CLI_OPT_REFUSED + (int)i};
    longopts[n] = (struct option){0};

    o->params = calloc((size_t)argc + 1, sizeof *o->params);
    o->args = calloc((size_t)argc + 1, sizeof *o->args);
    if (o->params == NULL || o->args == NULL) {
        fprintf(ctx->errs, "tether: out of memory\n");
        return 1;
    }

    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (c == '?' || c == ':')
            return cli_bad_option(ctx, cmd, c, argv);
        if (c >= CLI_OPT_REFUSED) {
            int r = c - CLI_OPT_REFUSED;
            return cli_usage(ctx, cmd,
                             "--%s would put a secret on the command line, "
                             "where other users and the shell history can "
                             "see it; %s",
                             cli_refused[r].name, cli_refused[r].advice);
        }
        const struct cli_opt_def *d = &cli_opt_defs[c];
        const char *v = d->has_arg == no_argument ? d->flag_value : optarg;
        if (d->slot == CLI_OPT_PARAM)
            o->params[o->nparams++] = optarg;
        o->value[d->slot] = v;
    }
    for (int i = optind; i < argc; i++)
        o->args[o->nargs++] = argv[i];
    return 0;
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

void
cli_options_free(struct cli_options *o)
{
    free(o->params);
    free(o->args);
    o->params = NULL;
    o->args = NULL;
}

/* The option's name as typed, for messages. */
static const char *
cli_opt_name(enum cli_opt slot)
{
    for (size_t i = 0; i < CLI_NOPTS; i++) {
        if (cli_opt_defs[i].slot == slot)
            return cli_opt_defs[i].name;
    }
    return "?";
}

/* Refuse options that belong to another method than `method`. */
static int
cli_options_check_method(struct cli_ctx *ctx, const struct cli_command *cmd,
                         const struct cli_options *o, enum auth_method method)
{
    for (size_t i = 0; i < CLI_NOPTS; i++) {
        const struct cli_opt_def *d = &cli_opt_defs[i];
        if (d->method == CLI_ANY_METHOD || d->method == (int)method)
            continue;
        if (o->value[d->slot] == NULL)
            continue;
        return cli_usage(ctx, cmd,
                         "--%s applies to --auth %s, but the integration's "
                         "method is %s",
                         cli_opt_name(d->slot),
                         auth_method_name((enum auth_method)d->method),
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
    return st;
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
    if (o->value[CLI_OPT_CLEAR_PARAMS] == NULL && o->nparams == 0)
        return TS_OK;
    struct kv_list list = {0};
    for (int i = 0; i < o->nparams; i++) {
        char *k = NULL, *val = NULL;
        tstatus st = validate_kv("param", o->params[i], &k, &val, e);
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
                       "\"%s\" is not a client authentication; use basic or "
                       "body",
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
        return &ig->basic.password;
    case AUTH_OAUTH2:
        return &ig->oauth.client_secret;
    case AUTH_NONE:
        break;
    }
    return NULL;
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
                            ig->oauth.grant == GRANT_CLIENT_CREDENTIALS);
        bool missing = required && ig->auth == s->method &&
                       !secret_is_set(sec) && ctx->stdin_tty;
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
    return TS_OK;
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
                "\"%s\" is not an auth method; use none, api-key, basic or "
                "oauth2",
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
    if (st == TS_OK && method == AUTH_API_KEY)
        st = cli_apply_api_key(o, ig, &e);
    if (st == TS_OK && method == AUTH_BASIC && o->value[CLI_OPT_USER] != NULL)
        st = cli_set(&ig->basic.username, o->value[CLI_OPT_USER], &e);
    if (st == TS_OK && method == AUTH_OAUTH2)
        st = cli_apply_oauth(o, ig, &e);
    if (st == TS_OK)
        st = cli_read_secrets(ctx, o, ig, &e);
    return st == TS_OK ? 0 : cli_fail(ctx, &e);
}
