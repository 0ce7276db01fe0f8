/* cli_oauth.c — `tether authorize`, `tether token` and `tether logout`. */
#include <cJSON.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "browser.h"
#include "cli_cmd.h"
#include "clock.h"
#include "jsonout.h"
#include "oauth.h"
#include "remedy.h"

#define CLI_OAUTH_TICK_MS 250
#define CLI_OAUTH_LINE_MAX 8192

/* Set by SIGINT/SIGTERM while a flow waits; read by the loops and passed
 * to the token requests as their cancel flag. */
static atomic_bool cli_oauth_interrupted;

static void
cli_oauth_on_signal(int sig)
{
    (void)sig;
    atomic_store(&cli_oauth_interrupted, true);
}

/* Catch Ctrl-C (without SA_RESTART, so waits wake up) for the duration of
 * a flow; the old handlers are restored by cli_oauth_signals_restore. */
static void
cli_oauth_signals_catch(struct sigaction old[2])
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cli_oauth_on_signal;
    sigemptyset(&sa.sa_mask);
    atomic_store(&cli_oauth_interrupted, false);
    sigaction(SIGINT, &sa, &old[0]);
    sigaction(SIGTERM, &sa, &old[1]);
}

static void
cli_oauth_signals_restore(const struct sigaction old[2])
{
    sigaction(SIGINT, &old[0], NULL);
    sigaction(SIGTERM, &old[1], NULL);
}

/* "2026-11-29 20:18:00 UTC (in 59 min)" or "... (expired 3 min ago)". */
static void
cli_oauth_when(int64_t at, char *buf, size_t len)
{
    if (at == 0) {
        snprintf(buf, len, "unknown (the provider did not say)");
        return;
    }
    time_t t = (time_t)at;
    struct tm tm;
    char stamp[64];
    localtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S %Z", &tm);
    long d = (long)(at - clock_now());
    long a = d < 0 ? -d : d;
    char rel[32];
    if (a < 120)
        snprintf(rel, sizeof rel, "%ld s", a);
    else if (a < 7200)
        snprintf(rel, sizeof rel, "%ld min", a / 60);
    else
        snprintf(rel, sizeof rel, "%ld h", a / 3600);
    snprintf(buf, len, "%s (%s%s%s)", stamp, d < 0 ? "expired " : "in ", rel,
             d < 0 ? " ago" : "");
}

/* Load an oauth2 integration with its secrets, or print why not. */
static int
cli_oauth_load(struct cli_ctx *ctx, const char *name, unsigned flags,
               struct integration **out)
{
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    struct err e;
    err_clear(&e);
    if (store_get(st, name, flags, out, &e) != TS_OK)
        return cli_fail(ctx, &e);
    if ((*out)->auth != AUTH_OAUTH2) {
        err_set(&e, TS_INVALID, "auth",
                "%s uses %s, not OAuth 2.0: it has no tokens", (*out)->name,
                auth_method_label((*out)->auth));
        integration_free(*out);
        *out = NULL;
        return cli_fail(ctx, &e);
    }
    return 0;
}

static void
cli_oauth_print_done(struct cli_ctx *ctx, const struct integration *ig)
{
    const struct oauth_tokens *t = &ig->oauth.tokens;
    char when[96];
    cli_oauth_when(t->expires_at, when, sizeof when);
    fprintf(ctx->out, "%s is authorized.\n", cli_safe(ctx, ig->name));
    fprintf(ctx->out, "  valid until  %s\n", when);
    if (t->scope != NULL)
        fprintf(ctx->out, "  scope        %s\n", cli_safe(ctx, t->scope));
    fprintf(ctx->out, "  refreshable  %s\n",
            secret_is_set(&t->refresh_token) ? "yes" : "no");
}

/* Reads standard input a line at a time without blocking the loop. */
struct cli_oauth_line {
    char buf[CLI_OAUTH_LINE_MAX];
    size_t n;
    bool eof;
};

/* Read what is available; true when a full line (or the last, unterminated
 * one at end of input) is in l->buf, NUL-terminated. */
static bool
cli_oauth_read_line(struct cli_oauth_line *l)
{
    ssize_t r = read(STDIN_FILENO, l->buf + l->n, sizeof l->buf - 1 - l->n);
    if (r < 0)
        return false;
    if (r == 0) {
        l->eof = true;
        l->buf[l->n] = '\0';
        return l->n > 0;
    }
    l->n += (size_t)r;
    l->buf[l->n] = '\0';
    return strchr(l->buf, '\n') != NULL || l->n == sizeof l->buf - 1;
}

/* Remove the first line from the buffer after it was used. */
static void
cli_oauth_line_consume(struct cli_oauth_line *l)
{
    char *nl = strchr(l->buf, '\n');
    size_t used = nl != NULL ? (size_t)(nl - l->buf) + 1 : l->n;
    sodium_memzero(l->buf, used);
    memmove(l->buf, l->buf + used, l->n - used);
    l->n -= used;
    l->buf[l->n] = '\0';
}

/* Tell the user how to finish without a local browser. */
static void
cli_oauth_print_manual(struct cli_ctx *ctx, const struct oauth_flow *f,
                       bool remote)
{
    fprintf(ctx->out, "Open this URL in a browser:\n\n  %s\n\n",
            cli_safe(ctx, oauth_flow_url(f)));
    if (remote) {
        char hint[512];
        browser_ssh_hint(oauth_flow_port(f), hint, sizeof hint);
        fprintf(ctx->out,
                "This is a remote session. Either carry the browser's "
                "redirect back here\nby running this on your own machine "
                "first:\n\n  %s\n\nor, after approving, paste the address "
                "the browser ended on (it may show\nan error page) here.\n",
                hint);
    } else {
        fprintf(ctx->out, "After approving, the browser comes back to tether "
                          "by itself; if it cannot,\npaste the address it "
                          "ended on here.\n");
    }
}

/* Drive an authorization code flow to READY or FAILED: the listener, the
 * pasted line and Ctrl-C, whichever comes first. */
static enum oauth_flow_status
cli_oauth_wait_code(struct cli_ctx *ctx, struct oauth_flow *f, bool prompt,
                    struct err *e)
{
    struct cli_oauth_line line = {.n = 0};
    enum oauth_flow_status s = OAUTH_FLOW_PENDING;
    bool exchanging = false;
    if (prompt) {
        fprintf(ctx->out, "Redirect URL or code: ");
        fflush(ctx->out);
    }
    while (s == OAUTH_FLOW_PENDING) {
        if (atomic_load(&cli_oauth_interrupted))
            oauth_flow_cancel(f);
        if (oauth_flow_exchanging(f)) {
            s = oauth_flow_poll(f, CLI_OAUTH_TICK_MS, e);
            continue;
        }
        struct pollfd p[2] = {
            {.fd = oauth_flow_fd(f), .events = POLLIN},
            {.fd = line.eof ? -1 : STDIN_FILENO, .events = POLLIN},
        };
        poll(p, 2, CLI_OAUTH_TICK_MS);
        if (p[1].revents != 0 && cli_oauth_read_line(&line)) {
            char *nl = strchr(line.buf, '\n');
            if (nl != NULL)
                *nl = '\0';
            bool blank = line.buf[strspn(line.buf, " \t\r")] == '\0';
            err_clear(e);
            if (!blank)
                s = oauth_flow_paste(f, line.buf, e);
            cli_oauth_line_consume(&line);
            if (s == OAUTH_FLOW_PENDING && e->status != TS_OK) {
                fprintf(ctx->errs, "tether: %s\n", cli_safe(ctx, e->msg));
                if (prompt) {
                    fprintf(ctx->out, "Redirect URL or code: ");
                    fflush(ctx->out);
                }
            }
            if (s != OAUTH_FLOW_PENDING)
                break;
        }
        s = oauth_flow_poll(f, 0, e);
        if (s == OAUTH_FLOW_PENDING && oauth_flow_exchanging(f) &&
            !exchanging) {
            exchanging = true;
            fprintf(ctx->out, "%sExchanging the code for tokens...\n",
                    prompt ? "\n" : "");
            fflush(ctx->out);
            prompt = false;
        }
    }
    if (prompt)
        fprintf(ctx->out, "\n");
    return s;
}

static int
cli_oauth_code(struct cli_ctx *ctx, struct store *st, struct integration *ig,
               int port, int timeout_s, bool no_browser)
{
    struct oauth_flow_options opt = {.port = port, .timeout_s = timeout_s};
    struct oauth_flow *f;
    struct err e;
    err_clear(&e);
    if (oauth_flow_start(ig, &opt, &f, &e) != TS_OK)
        return cli_fail(ctx, &e);

    fprintf(ctx->out, "Redirect URI (register it with the provider): %s\n",
            cli_safe(ctx, oauth_flow_redirect_uri(f)));
    bool remote = browser_session_is_remote();
    bool manual = no_browser || remote;
    pid_t pid = -1;
    if (!manual) {
        struct err be;
        if (browser_open(oauth_flow_url(f), &pid, &be) == TS_OK) {
            fprintf(ctx->out,
                    "Opened the browser. If it did not open, "
                    "visit:\n\n  %s\n\n",
                    cli_safe(ctx, oauth_flow_url(f)));
        } else {
            fprintf(ctx->errs, "tether: %s\n", cli_safe(ctx, be.msg));
            manual = true;
        }
    }
    if (manual)
        cli_oauth_print_manual(ctx, f, remote);
    fprintf(ctx->out,
            "Waiting for the authorization (up to %d s; Ctrl-C cancels)...\n",
            oauth_flow_remaining_s(f));
    fflush(ctx->out);

    struct sigaction old[2];
    cli_oauth_signals_catch(old);
    enum oauth_flow_status s = cli_oauth_wait_code(ctx, f, manual, &e);
    int rc = 0;
    if (s == OAUTH_FLOW_READY) {
        if (oauth_flow_finish(f, st, ig, &e) == TS_OK)
            cli_oauth_print_done(ctx, ig);
        else
            rc = cli_fail(ctx, &e);
    } else {
        rc = cli_fail(ctx, &e);
    }
    cli_oauth_signals_restore(old);
    oauth_flow_free(f);
    browser_reap(pid, NULL);
    return rc;
}

static int
cli_oauth_device(struct cli_ctx *ctx, struct store *st, struct integration *ig)
{
    struct sigaction old[2];
    cli_oauth_signals_catch(old);
    struct oauth_device *d;
    struct err e;
    err_clear(&e);
    int rc = 0;
    if (oauth_device_start(ig, &cli_oauth_interrupted, &d, &e) != TS_OK) {
        cli_oauth_signals_restore(old);
        return cli_fail(ctx, &e);
    }
    fprintf(ctx->out,
            "To authorize %s, visit\n\n  %s\n\nand enter the "
            "code\n\n  %s\n\n",
            cli_safe(ctx, ig->name),
            cli_safe(ctx, oauth_device_verification_uri(d)),
            cli_safe(ctx, oauth_device_user_code(d)));
    if (oauth_device_verification_uri_complete(d) != NULL)
        fprintf(ctx->out, "(or open %s)\n\n",
                cli_safe(ctx, oauth_device_verification_uri_complete(d)));
    fprintf(ctx->out, "Waiting for the authorization (Ctrl-C cancels)...\n");
    fflush(ctx->out);

    enum oauth_flow_status s = OAUTH_FLOW_PENDING;
    while (s == OAUTH_FLOW_PENDING) {
        if (atomic_load(&cli_oauth_interrupted))
            oauth_device_cancel(d);
        s = oauth_device_poll(d, CLI_OAUTH_TICK_MS, &e);
    }
    if (s == OAUTH_FLOW_READY && oauth_device_finish(d, st, ig, &e) == TS_OK)
        cli_oauth_print_done(ctx, ig);
    else
        rc = cli_fail(ctx, &e);
    oauth_device_free(d);
    cli_oauth_signals_restore(old);
    return rc;
}

static bool
cli_oauth_number(const char *s, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

static int
cli_authorize_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    bool no_browser = cli_args_has(a, "no-browser");
    int port = 0, timeout_s = 0;
    const char *v = cli_args_get(a, "port");
    if (v != NULL && !cli_oauth_number(v, 1, 65535, &port))
        return cli_usage(ctx, &cli_cmd_authorize,
                         "port: '%s' is not a port (1-65535)", v);
    v = cli_args_get(a, "timeout");
    if (v != NULL && !cli_oauth_number(v, 1, 86400, &timeout_s))
        return cli_usage(ctx, &cli_cmd_authorize,
                         "timeout: '%s' is not a number of seconds "
                         "(1-86400)",
                         v);
    struct integration *ig;
    int rc = cli_oauth_load(ctx, a->argv[0], STORE_WITH_SECRETS, &ig);
    if (rc != 0)
        return rc;
    struct store *st = cli_store(ctx);
    struct err e;
    err_clear(&e);
    switch (ig->oauth.grant) {
    case GRANT_AUTHORIZATION_CODE:
        rc = cli_oauth_code(ctx, st, ig, port, timeout_s, no_browser);
        break;
    case GRANT_DEVICE_CODE:
        rc = cli_oauth_device(ctx, st, ig);
        break;
    case GRANT_CLIENT_CREDENTIALS:
        if (oauth_prepare(st, ig, true, NULL, &e) == TS_OK)
            cli_oauth_print_done(ctx, ig);
        else
            rc = cli_fail(ctx, &e);
        break;
    }
    integration_free(ig);
    return rc;
}

static const struct cli_opt_spec cli_authorize_opts[] = {
    CLI_FLAG("no-browser", 0, "launch nothing; print the URL and read a paste"),
    CLI_VALUE("port", 0, "N",
              "listen on port N this time (default: the integration's "
              "redirect port, 8765)"),
    CLI_VALUE("timeout", 0, "S", "give up after S seconds (default 300)"),
    CLI_OPT_END,
};

const struct cli_command cli_cmd_authorize = {
    .name = "authorize",
    .args = "NAME [--no-browser] [--port N] [--timeout S]",
    .min_args = 1,
    .max_args = 1,
    .opts = cli_authorize_opts,
    .summary = "Get OAuth 2.0 tokens for an integration.",
    .help =
        "Authorization code: listens on http://127.0.0.1:PORT/callback, opens\n"
        "the authorization URL with $BROWSER (else xdg-open) and waits for\n"
        "the browser to come back. Over SSH without a display, or with\n"
        "--no-browser, nothing is launched: the URL is printed with the\n"
        "ssh -L command that carries the redirect back, and the address the\n"
        "browser ended on (or the bare code) may be pasted instead.\n"
        "Device code: prints the verification URL and the user code, then\n"
        "waits. Client credentials: fetches a token.\n",
    .run = cli_authorize_run,
};

/* Print the token state as JSON (with the token when revealed). */
static void
cli_token_json(struct cli_ctx *ctx, const struct integration *ig, bool reveal)
{
    const struct oauth_tokens *t = &ig->oauth.tokens;
    int64_t now = clock_now();
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", ig->name);
    cJSON_AddStringToObject(o, "grant", oauth_grant_name(ig->oauth.grant));
    /* One state: tokens marked as needing authorization are neither
     * usable nor refreshable, whatever is still stored. */
    bool held = secret_is_set(&t->access_token) && !t->needs_auth;
    cJSON_AddBoolToObject(o, "authorized", held);
    if (t->expires_at != 0) {
        cJSON_AddNumberToObject(o, "expires_at", (double)t->expires_at);
        cJSON_AddBoolToObject(o, "expired", t->expires_at <= now);
    } else {
        cJSON_AddNullToObject(o, "expires_at");
    }
    if (t->obtained_at != 0)
        cJSON_AddNumberToObject(o, "obtained_at", (double)t->obtained_at);
    if (t->scope != NULL)
        cJSON_AddStringToObject(o, "scope", t->scope);
    else
        cJSON_AddNullToObject(o, "scope");
    cJSON_AddStringToObject(o, "token_type",
                            t->token_type ? t->token_type : "Bearer");
    cJSON_AddBoolToObject(o, "refreshable",
                          secret_is_set(&t->refresh_token) && !t->needs_auth);
    cJSON_AddBoolToObject(o, "needs_authorization", t->needs_auth);
    if (t->needs_auth_reason != NULL)
        cJSON_AddStringToObject(o, "reason", t->needs_auth_reason);
    if (reveal && t->access_token.value != NULL)
        cJSON_AddStringToObject(o, "access_token", t->access_token.value);
    char *s = jsonout_print(o);
    if (s != NULL) {
        fprintf(ctx->out, "%s\n", s);
        sodium_memzero(s, strlen(s));
        free(s);
    }
    cJSON *at = cJSON_GetObjectItemCaseSensitive(o, "access_token");
    if (at != NULL)
        sodium_memzero(at->valuestring, strlen(at->valuestring));
    cJSON_Delete(o);
}

static void
cli_token_text(struct cli_ctx *ctx, const struct integration *ig)
{
    const struct oauth_tokens *t = &ig->oauth.tokens;
    char when[96];
    cli_oauth_when(t->expires_at, when, sizeof when);
    fprintf(ctx->out, "integration  %s (%s)\n", cli_safe(ctx, ig->name),
            oauth_grant_label(ig->oauth.grant));
    if (!secret_is_set(&t->access_token)) {
        fprintf(ctx->out, "token        none\n");
    } else {
        fprintf(ctx->out, "token        %s, hidden (--reveal shows it)\n",
                t->token_type ? cli_safe(ctx, t->token_type) : "Bearer");
        fprintf(ctx->out, "valid until  %s\n", when);
    }
    fprintf(ctx->out, "scope        %s\n",
            t->scope ? cli_safe(ctx, t->scope) : "(as the provider chose)");
    fprintf(ctx->out, "refreshable  %s\n",
            secret_is_set(&t->refresh_token) && !t->needs_auth ? "yes" : "no");
    char word[256];
    remedy_shell_word(ig->name, word, sizeof word);
    if (t->needs_auth)
        fprintf(ctx->out,
                "needs authorization: %s\n  run: tether authorize "
                "%s\n",
                t->needs_auth_reason ? cli_safe(ctx, t->needs_auth_reason)
                                     : "yes",
                cli_safe(ctx, word));
    else if (!secret_is_set(&t->access_token) &&
             ig->oauth.grant != GRANT_CLIENT_CREDENTIALS)
        fprintf(ctx->out,
                "needs authorization: not authorized yet\n  run: "
                "tether authorize %s\n",
                cli_safe(ctx, word));
}

static int
cli_token_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    bool reveal = cli_args_has(a, "reveal"), json = cli_args_has(a, "json");
    struct integration *ig;
    int rc =
        cli_oauth_load(ctx, a->argv[0], reveal ? STORE_WITH_SECRETS : 0, &ig);
    if (rc != 0)
        return rc;
    struct err e;
    err_clear(&e);
    if (reveal) {
        /* A script asking for the token wants one it can use now. */
        if (oauth_prepare(cli_store(ctx), ig, false, NULL, &e) != TS_OK) {
            rc = cli_fail(ctx, &e);
            integration_free(ig);
            return rc;
        }
    }
    if (json) {
        cli_token_json(ctx, ig, reveal);
    } else {
        cli_token_text(ctx, ig);
        if (reveal)
            fprintf(ctx->out, "%s\n",
                    cli_safe(ctx, ig->oauth.tokens.access_token.value));
    }
    integration_free(ig);
    return 0;
}

static const struct cli_opt_spec cli_token_opts[] = {
    CLI_FLAG("reveal", 0,
             "refresh the token when due, and print it alone on the last "
             "line (for scripts)"),
    CLI_FLAG("json", 0, "the same as a JSON object"),
    CLI_OPT_END,
};

const struct cli_command cli_cmd_token = {
    .name = "token",
    .args = "NAME [--reveal] [--json]",
    .min_args = 1,
    .max_args = 1,
    .opts = cli_token_opts,
    .summary = "Show an integration's OAuth token state (not the token).",
    .help = "Shows whether a token is held, until when it is valid, its\n"
            "scope, whether it can be refreshed and whether the integration\n"
            "needs authorization.\n",
    .run = cli_token_run,
};

static int
cli_logout_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct integration *ig;
    int rc = cli_oauth_load(ctx, a->argv[0],
                            STORE_WITH_SECRETS | STORE_SECRETS_TOLERANT, &ig);
    if (rc != 0)
        return rc;
    struct err e, re;
    err_clear(&e);
    err_clear(&re);
    enum oauth_revoke_result r = oauth_revoke(ig, &re);
    if (oauth_forget(cli_store(ctx), ig, &e) != TS_OK) {
        rc = cli_fail(ctx, &e);
    } else {
        switch (r) {
        case OAUTH_REVOKED:
            fprintf(ctx->out,
                    "Revoked the tokens of %s at the provider and forgot "
                    "them.\n",
                    cli_safe(ctx, ig->name));
            break;
        case OAUTH_NOT_REVOCABLE:
            fprintf(ctx->out,
                    "Forgot the tokens of %s; they were not revoked (no "
                    "revocation URL is known: tether edit %s "
                    "--revocation-url URL) and stay valid at the provider "
                    "until they expire.\n",
                    cli_safe(ctx, ig->name), cli_safe(ctx, ig->name));
            break;
        case OAUTH_NOTHING_HELD:
            fprintf(ctx->out, "%s held no tokens; nothing to revoke.\n",
                    cli_safe(ctx, ig->name));
            break;
        case OAUTH_REVOKE_FAILED:
            fprintf(ctx->out,
                    "Forgot the tokens of %s locally, but revoking them "
                    "failed: they may stay valid at the provider.\n",
                    cli_safe(ctx, ig->name));
            rc = cli_fail(ctx, &re);
            break;
        }
    }
    integration_free(ig);
    return rc;
}

const struct cli_command cli_cmd_logout = {
    .name = "logout",
    .args = "NAME",
    .min_args = 1,
    .max_args = 1,
    .summary = "Revoke an integration's OAuth tokens and forget them.",
    .help = "When a revocation URL is known (found by discovery or set with\n"
            "--revocation-url), the refresh token and then the access token\n"
            "are revoked at the provider (RFC 7009); the tokens are then\n"
            "forgotten in every case. The output says which happened; the\n"
            "exit status is 1 when the revocation failed.\n",
    .run = cli_logout_run,
};
