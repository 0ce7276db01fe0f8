/* cli_list.c — `tether list` and `tether show`: read-only views. Secret
 * values are never loaded here; only whether each one is set. */
#include <cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_cmd.h"
#include "clock.h"
#include "model_json.h"
#include "remedy.h"
#include "text.h"

/* "3m ago", "2h ago", "5d ago" for a past time; "in 3m" for a future one. */
static void
cli_list_age(int64_t then, int64_t now, char *buf, size_t len)
{
    int64_t d = now - then;
    bool future = d < 0;
    if (future)
        d = -d;
    const char *unit = "s";
    if (d >= 86400) {
        d /= 86400;
        unit = "d";
    } else if (d >= 3600) {
        d /= 3600;
        unit = "h";
    } else if (d >= 60) {
        d /= 60;
        unit = "m";
    }
    snprintf(buf, len, future ? "in %lld%s" : "%lld%s ago", (long long)d, unit);
}

/* The last connection test in a few words: a constant, or buf. */
static const char *
cli_list_test(const struct integration *ig, int64_t now, char *buf, size_t len)
{
    if (ig->last_test.at == 0)
        return "never";
    char age[32];
    cli_list_age(ig->last_test.at, now, age, sizeof age);
    snprintf(buf, len, "%s %s", ig->last_test.pass ? "pass" : "FAIL", age);
    return buf;
}

/* The OAuth token state in a few words, "-" for other methods: a
 * constant, or buf. */
static const char *
cli_list_token(const struct integration *ig, int64_t now, char *buf, size_t len)
{
    const struct oauth_tokens *t = &ig->oauth.tokens;
    if (ig->auth != AUTH_OAUTH2)
        return "-";
    if (t->needs_auth)
        return "needs authorization";
    if (!secret_is_set(&t->access_token) && t->obtained_at == 0)
        return "not authorized";
    if (t->expires_at == 0)
        return "valid";
    if (t->expires_at <= now)
        return secret_is_set(&t->refresh_token) ? "expired, refreshable"
                                                : "expired";
    char age[32];
    cli_list_age(t->expires_at, now, age, sizeof age);
    snprintf(buf, len, "valid, expires %s", age);
    return buf;
}

enum { COL_NAME, COL_URL, COL_AUTH, COL_TEST, COL_TOKEN, COL_TAGS, COL_COUNT };

/* One table row's cells: stored text as it is when it is printable ASCII
 * (what rendering would leave it), else rendered into `own`. */
struct cli_list_cells {
    char url[1024];
    char test[64];
    char token[64];
    const char *cell[COL_COUNT];
    size_t len[COL_COUNT];   /* bytes */
    size_t width[COL_COUNT]; /* screen columns */
    char *own[COL_COUNT];
};

static bool
cli_list_plain(const char *s, size_t *len)
{
    size_t n = 0;
    for (; s[n] != '\0'; n++)
        if ((unsigned char)s[n] < 0x20 || (unsigned char)s[n] > 0x7e)
            return false;
    *len = n;
    return true;
}

/* Cell c of a row: s (NULL is empty) shown safely, with its width. */
static void
cli_list_cell(struct cli_list_cells *r, int c, const char *s)
{
    size_t n;
    r->own[c] = NULL;
    if (s == NULL)
        s = "";
    if (!cli_list_plain(s, &n)) {
        r->own[c] = text_render_dup(s, strlen(s), 0);
        s = r->own[c] != NULL ? r->own[c] : "(out of memory)";
        n = strlen(s);
        r->width[c] = text_width(s, n);
    } else {
        r->width[c] = n;
    }
    r->cell[c] = s;
    r->len[c] = n;
}

static void
cli_list_cells_fill(struct cli_list_cells *r, const struct integration *ig,
                    int64_t now)
{
    const char *url = ig->base_url;
    if (ig->net.insecure) {
        snprintf(r->url, sizeof r->url, "%s [insecure]", url ? url : "");
        url = r->url;
    }
    cli_list_cell(r, COL_NAME, ig->name);
    cli_list_cell(r, COL_URL, url);
    cli_list_cell(r, COL_AUTH, auth_method_name(ig->auth));
    cli_list_cell(r, COL_TEST, cli_list_test(ig, now, r->test, sizeof r->test));
    cli_list_cell(r, COL_TOKEN,
                  cli_list_token(ig, now, r->token, sizeof r->token));
    cli_list_cell(r, COL_TAGS, ig->tags);
}

static void
cli_list_cells_free(struct cli_list_cells *r)
{
    for (int c = 0; c < COL_COUNT; c++)
        free(r->own[c]);
}

static const char *const cli_list_head[COL_COUNT] = {
    "NAME", "BASE URL", "AUTH", "LAST TEST", "TOKEN", "TAGS"};

/* A row kept for the table: its cells in cli_list_table.text (each
 * NUL-terminated), printed once every row is measured. */
struct cli_list_kept {
    uint32_t off[COL_COUNT], len[COL_COUNT], width[COL_COUNT];
    bool is_default, insecure;
};

/* The table, read in one pass over the listing: the cells are kept
 * (memory about the size of the output), the columns measured as they
 * come, then the rows printed. */
struct cli_list_table {
    int64_t now;
    int ncols; /* the TAGS column only when one has tags */
    size_t width[COL_COUNT];
    struct cli_list_kept *rows;
    size_t n, cap;
    char *text;
    size_t len, text_cap;
    bool nomem;
};

/* A row of `ncols` cells, each but the last padded to its column, built
 * in *line (grown as needed) and written at once. */
static void
cli_list_row_print(FILE *f, char **line, size_t *cap, const char *mark,
                   const char *const *cell, const uint32_t *len,
                   const uint32_t *cellw, const size_t *width, int ncols)
{
    size_t need = 2 + 1;
    for (int c = 0; c < ncols; c++)
        need += len[c] + (c + 1 < ncols ? width[c] + 2 - cellw[c] : 0);
    if (need > *cap) {
        char *grown = realloc(*line, need);
        if (grown == NULL) {
            fputs("(out of memory)\n", f);
            return;
        }
        *line = grown;
        *cap = need;
    }
    char *o = *line;
    memcpy(o, mark, 2);
    o += 2;
    for (int c = 0; c < ncols; c++) {
        memcpy(o, cell[c], len[c]);
        o += len[c];
        if (c + 1 < ncols) {
            size_t pad = width[c] + 2 - cellw[c];
            memset(o, ' ', pad);
            o += pad;
        }
    }
    *o++ = '\n';
    fwrite(*line, 1, (size_t)(o - *line), f);
}

/* Room for `more` bytes of text and one more row. */
static bool
cli_list_room(struct cli_list_table *t, size_t more)
{
    if (t->n == t->cap) {
        size_t want = t->cap ? t->cap * 2 : 64;
        struct cli_list_kept *grown = realloc(t->rows, want * sizeof *grown);
        if (grown == NULL)
            return false;
        t->rows = grown;
        t->cap = want;
    }
    if (t->text_cap - t->len < more) {
        size_t want = t->text_cap ? t->text_cap * 2 : 4096;
        while (want - t->len < more)
            want *= 2;
        char *grown = realloc(t->text, want);
        if (grown == NULL)
            return false;
        t->text = grown;
        t->text_cap = want;
    }
    return true;
}

static void
cli_list_table_row(const struct integration *ig, unsigned pass, void *arg)
{
    struct cli_list_table *t = arg;
    (void)pass;
    if (t->nomem)
        return;
    struct cli_list_cells r;
    cli_list_cells_fill(&r, ig, t->now);
    size_t more = 0;
    for (int c = 0; c < COL_COUNT; c++)
        more += r.len[c] + 1;
    if (more > UINT32_MAX || t->len + more > UINT32_MAX ||
        !cli_list_room(t, more)) {
        t->nomem = true;
        cli_list_cells_free(&r);
        return;
    }
    struct cli_list_kept *k = &t->rows[t->n++];
    k->is_default = ig->is_default;
    k->insecure = ig->net.insecure;
    if (ig->tags != NULL)
        t->ncols = COL_COUNT;
    for (int c = 0; c < COL_COUNT; c++) {
        k->off[c] = (uint32_t)t->len;
        k->len[c] = (uint32_t)r.len[c];
        k->width[c] =
            r.width[c] > UINT32_MAX ? UINT32_MAX : (uint32_t)r.width[c];
        memcpy(t->text + t->len, r.cell[c], r.len[c]);
        t->len += r.len[c];
        t->text[t->len++] = '\0';
        if (r.width[c] > t->width[c])
            t->width[c] = r.width[c];
    }
    cli_list_cells_free(&r);
}

/* The table of every integration, or the hint when there is none. */
static int
cli_list_table(struct cli_ctx *ctx, struct store *st)
{
    struct cli_list_table t = {.now = clock_now(), .ncols = COL_TAGS};
    uint32_t head_len[COL_COUNT];
    for (int c = 0; c < COL_COUNT; c++) {
        head_len[c] = (uint32_t)strlen(cli_list_head[c]);
        t.width[c] = head_len[c];
    }
    struct err e;
    err_clear(&e);
    int ret = 0;
    if (store_list_each(st, 1, cli_list_table_row, &t, &e) != TS_OK)
        ret = cli_fail(ctx, &e);
    else if (t.nomem)
        ret = (fprintf(ctx->errs, "tether: out of memory\n"), 1);
    else if (t.n == 0)
        fprintf(ctx->errs, "No integrations yet. Add one with:\n"
                           "  tether add NAME --host HOST --auth METHOD\n");
    char *line = NULL;
    size_t line_cap = 0;
    if (ret == 0 && t.n > 0) {
        cli_list_row_print(ctx->out, &line, &line_cap, "  ", cli_list_head,
                           head_len, head_len, t.width, t.ncols);
        for (size_t i = 0; i < t.n; i++) {
            const struct cli_list_kept *k = &t.rows[i];
            const char *cell[COL_COUNT];
            for (int c = 0; c < COL_COUNT; c++)
                cell[c] = t.text + k->off[c];
            cli_list_row_print(ctx->out, &line, &line_cap,
                               k->is_default ? "* " : "  ", cell, k->len,
                               k->width, t.width, t.ncols);
        }
        for (size_t i = 0; i < t.n; i++)
            if (t.rows[i].insecure)
                cli_warn(ctx, "TLS verification is off for %s",
                         t.text + t.rows[i].off[COL_NAME]);
    }
    free(line);
    free(t.rows);
    free(t.text);
    return ret;
}

/* The integrations as a JSON array, secrets as "set" / "not set". */
static int
cli_list_json_array(struct cli_ctx *ctx, struct integration **v, size_t n)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr != NULL && i < n; i++) {
        cJSON *obj = model_json_from_integration(v[i], false);
        if (obj == NULL || !cJSON_AddItemToArray(arr, obj)) {
            cJSON_Delete(obj);
            cJSON_Delete(arr);
            arr = NULL;
        }
    }
    return cli_print_json(ctx, arr);
}

static int
cli_list_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    bool json = cli_args_has(a, "json");
    int rc = 0;
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    if (!json)
        return cli_list_table(ctx, st);
    struct integration **v = NULL;
    size_t n = 0;
    struct err e;
    err_clear(&e);
    if (store_list(st, &v, &n, &e) != TS_OK)
        return cli_fail(ctx, &e);
    rc = cli_list_json_array(ctx, v, n);
    store_list_free(v, n);
    return rc;
}

static const struct cli_opt_spec cli_list_opts[] = {
    CLI_FLAG("json", 0,
             "a JSON array, one object per integration, secrets only as set "
             "/ not set"),
    CLI_OPT_END,
};

const struct cli_command cli_cmd_list = {
    .name = "list",
    .args = "[--json]",
    .opts = cli_list_opts,
    .summary = "List the integrations (default marked with *).",
    .help = "Columns: name, base URL, auth method, last connection test and\n"
            "how long ago, OAuth token state, and the tags when one has\n"
            "any. Integrations with TLS\n"
            "verification off are marked [insecure] and warned about.\n",
    .run = cli_list_run,
};

/* A stored string rendered for a terminal, or `none` when empty. */
static const char *
cli_show_str(struct cli_ctx *ctx, const char *s, const char *none)
{
    return s != NULL && s[0] != '\0' ? cli_safe(ctx, s) : none;
}

static const char *
cli_show_secret(const struct secret *s)
{
    return secret_is_set(s) ? "set" : "not set";
}

static void
cli_show_time(FILE *f, const char *label, int64_t t)
{
    char buf[64] = "-";
    time_t tt = (time_t)t;
    struct tm tm;
    if (t != 0 && localtime_r(&tt, &tm) != NULL)
        strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %z", &tm);
    fprintf(f, "%-18s %s\n", label, buf);
}

static void
cli_show_oauth(struct cli_ctx *ctx, FILE *f, const struct integration *ig)
{
    char uri[96], buf[64];
    integration_redirect_uri(ig, 0, uri, sizeof uri);
    const char *token = cli_list_token(ig, clock_now(), buf, sizeof buf);
    fprintf(f, "%-18s %s\n", "Grant:", oauth_grant_name(ig->oauth.grant));
    fprintf(f, "%-18s %s\n",
            "Client ID:", cli_show_str(ctx, ig->oauth.client_id, "-"));
    fprintf(f, "%-18s %s%s\n",
            "Client secret:", cli_show_secret(&ig->oauth.client_secret),
            ig->oauth.secret_required ? " (required by the provider)" : "");
    fprintf(f, "%-18s %s\n",
            "Authorization URL:", cli_show_str(ctx, ig->oauth.auth_url, "-"));
    fprintf(f, "%-18s %s\n",
            "Token URL:", cli_show_str(ctx, ig->oauth.token_url, "-"));
    fprintf(f, "%-18s %s\n",
            "Device URL:", cli_show_str(ctx, ig->oauth.device_url, "-"));
    fprintf(f, "%-18s %s\n", "Revocation URL:",
            cli_show_str(ctx, ig->oauth.revocation_url, "-"));
    fprintf(f, "%-18s %s%s\n",
            "Issuer:", cli_show_str(ctx, ig->oauth.issuer, "-"),
            ig->oauth.iss_required ? " (iss required in responses)" : "");
    fprintf(f, "%-18s %s\n",
            "Scope:", cli_show_str(ctx, ig->oauth.scope, "(provider default)"));
    fprintf(f, "%-18s %s\n",
            "Client auth:", client_auth_name(ig->oauth.client_auth));
    fprintf(f, "%-18s %s\n", "PKCE:", ig->oauth.pkce ? "on" : "off");
    for (size_t i = 0; i < ig->oauth.params.n; i++)
        fprintf(f, "%-18s %s=%s\n",
                "Parameter:", cli_safe(ctx, ig->oauth.params.items[i].key),
                cli_safe(ctx, ig->oauth.params.items[i].value));
    fprintf(f, "%-18s %d\n", "Redirect port:", ig->oauth.redirect_port);
    fprintf(f, "%-18s %s\n", "Redirect URI:", cli_safe(ctx, uri));
    fprintf(f, "%-18s %s\n", "Token:", token);
    if (ig->oauth.tokens.scope != NULL)
        fprintf(f, "%-18s %s\n",
                "Granted scope:", cli_safe(ctx, ig->oauth.tokens.scope));
    if (ig->oauth.tokens.obtained_at != 0)
        cli_show_time(f, "Token obtained:", ig->oauth.tokens.obtained_at);
    if (ig->oauth.tokens.expires_at != 0)
        cli_show_time(f, "Token expires:", ig->oauth.tokens.expires_at);
    char word[256];
    if (ig->oauth.tokens.needs_auth && ig->oauth.tokens.needs_auth_reason)
        fprintf(f, "%-18s %s (run: tether authorize %s)\n", "",
                cli_safe(ctx, ig->oauth.tokens.needs_auth_reason),
                cli_safe(ctx, remedy_shell_word(ig->name, word, sizeof word)));
}

/* The connection test's settings: only those that differ from the
 * default (GET, 200, no body check) besides method and statuses. */
static void
cli_show_test(struct cli_ctx *ctx, FILE *f, const struct integration *ig)
{
    const struct test_spec *t = &ig->test;
    fprintf(f, "%-18s %s\n",
            "Test method:", cli_show_str(ctx, t->method, "GET"));
    if (t->body != NULL)
        fprintf(f, "%-18s %s\n", "Test body:", cli_safe(ctx, t->body));
    fprintf(f, "%-18s %s\n",
            "Test passes on:", cli_show_str(ctx, t->statuses, "200"));
    if (t->expect_pointer != NULL)
        fprintf(f, "%-18s %s = %s\n",
                "Test expects:", cli_safe(ctx, t->expect_pointer),
                cli_show_str(ctx, t->expect_value, "null"));
    if (t->expect_text != NULL)
        fprintf(f, "%-18s \"%s\"\n",
                "Test expects text:", cli_safe(ctx, t->expect_text));
}

/* Extra headers and query parameters; secret values as set / not set. */
static void
cli_show_extras(struct cli_ctx *ctx, FILE *f, const struct integration *ig)
{
    for (size_t i = 0; i < ig->extras.n; i++) {
        const struct extra *x = &ig->extras.items[i];
        bool header = x->kind == EXTRA_HEADER;
        if (x->is_secret)
            fprintf(f, "%-18s %s%s(secret, %s)\n",
                    header ? "Header:" : "Query:", cli_safe(ctx, x->name),
                    header ? ": " : "=", cli_show_secret(&x->secret));
        else
            fprintf(f, "%-18s %s%s%s\n",
                    header ? "Header:" : "Query:", cli_safe(ctx, x->name),
                    header ? ": " : "=",
                    cli_safe(ctx, x->value ? x->value : ""));
    }
}

/* Every field, the stored strings rendered for a terminal: an import or
 * another tool may have put anything there, and the last test's reason
 * quotes a server. */
static void
cli_show_text(struct cli_ctx *ctx, FILE *f, const struct integration *ig)
{
    fprintf(f, "%-18s %s\n", "Name:", cli_safe(ctx, ig->name));
    fprintf(f, "%-18s %s\n",
            "Description:", cli_show_str(ctx, ig->description, "-"));
    fprintf(f, "%-18s %s\n", "Default:", ig->is_default ? "yes" : "no");
    fprintf(f, "%-18s %s\n", "Base URL:", cli_show_str(ctx, ig->base_url, "-"));
    fprintf(f, "%-18s %s\n",
            "Test path:", cli_show_str(ctx, ig->test_path, "/"));
    cli_show_test(ctx, f, ig);
    fprintf(f, "%-18s %s\n", "Tags:", cli_show_str(ctx, ig->tags, "-"));
    fprintf(f, "%-18s %s\n", "Auth method:", auth_method_name(ig->auth));
    switch (ig->auth) {
    case AUTH_API_KEY:
        fprintf(f, "%-18s %s\n",
                "Key name:", cli_show_str(ctx, ig->api_key.header, "-"));
        fprintf(f, "%-18s %s\n",
                "Key prefix:", cli_show_str(ctx, ig->api_key.prefix, "-"));
        fprintf(f, "%-18s %s\n",
                "Key in:", key_placement_name(ig->api_key.placement));
        fprintf(f, "%-18s %s\n", "API key:", cli_show_secret(&ig->api_key.key));
        break;
    case AUTH_BASIC:
    case AUTH_DIGEST:
        fprintf(f, "%-18s %s\n",
                "User:", cli_show_str(ctx, ig->basic.username, "-"));
        fprintf(f, "%-18s %s\n",
                "Password:", cli_show_secret(&ig->basic.password));
        break;
    case AUTH_OAUTH2:
        cli_show_oauth(ctx, f, ig);
        break;
    case AUTH_NONE:
        break;
    }
    cli_show_extras(ctx, f, ig);
    fprintf(f, "%-18s %.3g s\n",
            "Connect timeout:", (double)ig->net.connect_timeout_ms / 1000.0);
    fprintf(f, "%-18s %.3g s\n",
            "Timeout:", (double)ig->net.timeout_ms / 1000.0);
    fprintf(f, "%-18s %s\n",
            "TLS verification:", ig->net.insecure ? "OFF (insecure)" : "on");
    fprintf(f, "%-18s %s\n",
            "CA bundle:", cli_show_str(ctx, ig->net.ca_bundle, "system"));
    fprintf(f, "%-18s %s\n", "Redirects:",
            ig->net.follow_redirects ? "followed (up to 10)" : "not followed");
    fprintf(f, "%-18s %s\n", "Proxy:",
            ig->net.no_proxy
                ? "none"
                : cli_show_str(ctx, ig->net.proxy, "the environment's"));
    if (ig->net.proxy_user != NULL)
        fprintf(f, "%-18s %s, password %s\n",
                "Proxy user:", cli_safe(ctx, ig->net.proxy_user),
                cli_show_secret(&ig->net.proxy_password));
    if (ig->net.client_cert != NULL || ig->net.client_key != NULL) {
        fprintf(f, "%-18s %s\n",
                "Client cert:", cli_show_str(ctx, ig->net.client_cert, "-"));
        fprintf(f, "%-18s %s, passphrase %s\n",
                "Client key:", cli_show_str(ctx, ig->net.client_key, "-"),
                cli_show_secret(&ig->net.client_key_pass));
    }
    if (ig->last_test.at == 0) {
        fprintf(f, "%-18s never\n", "Last test:");
    } else {
        char age[32];
        cli_list_age(ig->last_test.at, clock_now(), age, sizeof age);
        fprintf(f, "%-18s %s, status %ld, %ld ms, %s%s%s\n",
                "Last test:", ig->last_test.pass ? "pass" : "FAIL",
                ig->last_test.status, ig->last_test.time_ms, age,
                ig->last_test.reason ? ": " : "",
                cli_safe(ctx, ig->last_test.reason));
    }
    cli_show_time(f, "Created:", ig->created_at);
    cli_show_time(f, "Updated:", ig->updated_at);
}

static int
cli_show_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    bool json = cli_args_has(a, "json");
    int rc = 0;
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    struct integration *ig = NULL;
    struct err e;
    err_clear(&e);
    if (store_get(st, a->argv[0], 0, &ig, &e) != TS_OK)
        return cli_fail(ctx, &e);
    if (json)
        rc = cli_print_json(ctx, model_json_from_integration(ig, false));
    else
        cli_show_text(ctx, ctx->out, ig);
    if (ig->net.insecure)
        cli_warn(ctx, "TLS verification is off for %s",
                 cli_safe(ctx, ig->name));
    integration_free(ig);
    return rc;
}

static const struct cli_opt_spec cli_show_opts[] = {
    CLI_FLAG("json", 0, "one JSON object, secrets only as set / not set"),
    CLI_OPT_END,
};

const struct cli_command cli_cmd_show = {
    .name = "show",
    .args = "NAME [--json]",
    .min_args = 1,
    .max_args = 1,
    .opts = cli_show_opts,
    .summary = "Show every field of an integration (secrets as set / not set).",
    .help = NULL,
    .run = cli_show_run,
};
