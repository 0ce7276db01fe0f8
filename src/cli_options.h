/* cli_options.h — the integration options that `add` and `edit` share.
 *
 * The options are declared once, in cli_options_table (the table entries
 * of both commands point at it); cli.c parses them. Reading the parsed
 * command line records what was given; applying changes exactly those
 * fields of an integration, so `edit` leaves everything else as stored.
 * Secrets are
 * never taken from argv: --key VALUE and the like are refused, pointing at
 * the *-stdin options. */
#ifndef TETHER_CLI_OPTIONS_H
#define TETHER_CLI_OPTIONS_H

#include <stdbool.h>

#include "cli_cmd.h"

enum cli_opt {
    CLI_OPT_PRESET, /* add only: the provider preset to start from */
    CLI_OPT_HOST,
    CLI_OPT_AUTH,
    CLI_OPT_DESCRIPTION,
    CLI_OPT_DEFAULT, /* "1" --default, "0" --no-default */
    CLI_OPT_TEST_PATH,
    CLI_OPT_TAG,      /* every --tag, in o->args */
    CLI_OPT_NO_TAG,   /* every --no-tag, in o->args */
    CLI_OPT_INSECURE, /* "1" --insecure, "0" --no-insecure */
    CLI_OPT_CA_BUNDLE,
    CLI_OPT_CONNECT_TIMEOUT,
    CLI_OPT_TIMEOUT,
    CLI_OPT_KEY_HEADER,
    CLI_OPT_KEY_PREFIX,
    CLI_OPT_KEY_IN,
    CLI_OPT_KEY_STDIN,
    CLI_OPT_USER,
    CLI_OPT_PASSWORD_STDIN,
    CLI_OPT_GRANT,
    CLI_OPT_CLIENT_ID,
    CLI_OPT_CLIENT_SECRET_STDIN,
    CLI_OPT_AUTH_URL,
    CLI_OPT_TOKEN_URL,
    CLI_OPT_DEVICE_URL,
    CLI_OPT_SCOPE,
    CLI_OPT_CLIENT_AUTH,
    CLI_OPT_PKCE, /* "1" --pkce, "0" --no-pkce */
    CLI_OPT_PARAM,
    CLI_OPT_CLEAR_PARAMS,
    CLI_OPT_REDIRECT_PORT,
    CLI_OPT_ISSUER,
    CLI_OPT_REVOCATION_URL,
    CLI_OPT_HEADER, /* extra headers and query parameters: cli_extras.c */
    CLI_OPT_HEADER_SECRET,
    CLI_OPT_NO_HEADER,
    CLI_OPT_QUERY,
    CLI_OPT_QUERY_SECRET,
    CLI_OPT_NO_QUERY,
    CLI_OPT_TEST_METHOD, /* the connection test's settings */
    CLI_OPT_TEST_BODY,
    CLI_OPT_TEST_STATUS,
    CLI_OPT_TEST_EXPECT,
    CLI_OPT_TEST_EXPECT_TEXT,
    CLI_OPT_FOLLOW_REDIRECTS, /* "yes" / "no" */
    CLI_OPT_PROXY,
    CLI_OPT_NO_PROXY,
    CLI_OPT_PROXY_USER,
    CLI_OPT_PROXY_PASSWORD_STDIN,
    CLI_OPT_CLIENT_CERT, /* TLS client certificate and key, PEM paths */
    CLI_OPT_CLIENT_KEY,
    CLI_OPT_CLIENT_KEY_PASS_STDIN,
    CLI_OPT_COUNT
};

/* The options of add and edit, for their table entries; an option's data
 * says which slot it fills and which auth method it belongs to. */
extern const struct cli_opt_spec cli_options_table[];

/* What one add/edit command line said. Every pointer points into argv or
 * into `args`, which must outlive it. */
struct cli_options {
    const char *value[CLI_OPT_COUNT]; /* last value given; NULL = not given */
    const struct cli_opt_spec *given[CLI_OPT_COUNT]; /* the option that
                                                        set it last */
    const struct cli_args *args; /* every --param, --tag, in order */
};

/* The help text for `tether help add` / `tether help edit` before the
 * options. */
extern const char cli_options_help[];

/* Read the options of an add/edit command line parsed with
 * cli_options_table. */
void cli_options_from_args(const struct cli_args *a, struct cli_options *o);

/* True when at least one option was given. */
bool cli_options_any(const struct cli_options *o);

/* Apply the given options to `ig` (a new integration for add, the stored
 * one for edit), then read the secrets that were asked for with *-stdin,
 * in this order, one line each: API key, password, client secret, proxy
 * password. On a
 * terminal a required secret that is still missing is prompted for without
 * echo. Options that belong to another auth method than the resulting one
 * are refused. When `editing` and the auth method changes, the secret of
 * the old method is forgotten (the caller forgets OAuth tokens, which
 * store_update does not write). Returns 0, or prints the problem and
 * returns the exit status. */
int cli_options_apply(struct cli_ctx *ctx, const struct cli_command *cmd,
                      const struct cli_options *o, bool editing,
                      struct integration *ig);

/* cli_extras.c. Apply --no-header, --no-query (removals first), --header,
 * --query, --header-secret, --query-secret (secret extras whose values are
 * still to come) and the --test-* options to `ig`. TS_INVALID naming the
 * option for a malformed value. */
tstatus cli_extras_apply(const struct cli_options *o, struct integration *ig,
                         struct err *e);

/* Read the values of the secret extras named by --header-secret, then
 * --query-secret, in command-line order: one line of standard input each,
 * or a prompt without echo on a terminal. */
tstatus cli_extras_read_secrets(struct cli_ctx *ctx,
                                const struct cli_options *o,
                                struct integration *ig, struct err *e);

#endif
