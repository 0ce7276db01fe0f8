/* cli_history.c — `tether history [NAME]`: the requests sent, newest
 * first, secrets already redacted when they were recorded. */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_cmd.h"
#include "history.h"
#include "text.h"

static cJSON *
cli_history_json(const struct history_entry *h)
{
    cJSON *o = cJSON_CreateObject(), *t = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)h->id);
    cJSON_AddNumberToObject(o, "at_ms", (double)h->at);
    cJSON_AddStringToObject(o, "integration", h->integration);
    cJSON_AddStringToObject(o, "method", h->method);
    cJSON_AddStringToObject(o, "url", h->url);
    cJSON_AddNumberToObject(o, "status", (double)h->status);
    if (h->error)
        cJSON_AddStringToObject(o, "error", h->error);
    cJSON_AddNumberToObject(t, "dns_ms", h->dns_ms);
    cJSON_AddNumberToObject(t, "connect_ms", h->connect_ms);
    cJSON_AddNumberToObject(t, "tls_ms", h->tls_ms);
    cJSON_AddNumberToObject(t, "first_byte_ms", h->first_byte_ms);
    cJSON_AddNumberToObject(t, "total_ms", h->total_ms);
    cJSON_AddItemToObject(o, "timings", t);
    cJSON_AddStringToObject(o, "request_headers",
                            h->request_headers ? h->request_headers : "");
    if (h->request_body)
        cJSON_AddStringToObject(o, "request_body", h->request_body);
    cJSON_AddStringToObject(o, "response_headers",
                            h->response_headers ? h->response_headers : "");
    cJSON_AddNumberToObject(o, "response_size", (double)h->response_size);
    cJSON_AddNumberToObject(o, "response_body_kept",
                            (double)h->response_body_len);
    cJSON_AddBoolToObject(o, "response_body_cut", history_body_cut(h));
    if (h->response_body)
        cJSON_AddStringToObject(o, "response_body", h->response_body);
    return o;
}

/* One line of an entry: the integration's name padded to `wname` display
 * columns; names and URLs rendered for a terminal. */
static void
cli_history_line(struct cli_ctx *ctx, const struct history_entry *h,
                 size_t wname)
{
    time_t secs = (time_t)(h->at / 1000);
    struct tm tm;
    char when[32], status[16];
    localtime_r(&secs, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    if (h->status)
        snprintf(status, sizeof status, "%ld", h->status);
    else
        snprintf(status, sizeof status, "failed");
    fprintf(ctx->out, "%s  ", when);
    cli_put_cell(ctx->out, cli_safe(ctx, h->integration), wname);
    fprintf(ctx->out, " %-7s %-6s %7.0f ms  %s\n", cli_safe(ctx, h->method),
            status, h->total_ms, cli_safe(ctx, h->url));
}

/* The lines of every entry, the names in one column as wide as the widest
 * (20 at least). */
static void
cli_history_lines(struct cli_ctx *ctx, const struct history_entry *h, size_t n)
{
    size_t wname = 20;
    for (size_t i = 0; i < n; i++) {
        size_t w = text_width_str(cli_safe(ctx, h[i].integration));
        if (w > wname)
            wname = w;
    }
    for (size_t i = 0; i < n; i++)
        cli_history_line(ctx, &h[i], wname);
}

static int
cli_history_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    bool json = cli_args_has(a, "json");
    long limit = 0;
    const char *n_text = cli_args_get(a, "limit");
    if (n_text != NULL) {
        char *end;
        limit = strtol(n_text, &end, 10);
        if (*end != '\0' || limit < 1)
            return cli_usage(ctx, &cli_cmd_history,
                             "--limit: give a number above 0");
    }
    const char *name = a->argc == 1 ? a->argv[0] : NULL;
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    struct history_entry *h;
    size_t n;
    struct err e = {0};
    if (store_history_list(st, name, (size_t)limit, &h, &n, &e) != TS_OK)
        return cli_fail(ctx, &e);
    if (json) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < n; i++)
            cJSON_AddItemToArray(arr, cli_history_json(&h[i]));
        if (cli_print_json(ctx, arr) != 0) {
            store_history_free(h, n);
            return 1;
        }
    } else if (n == 0) {
        fprintf(ctx->out, "No requests in the history%s%s.\n",
                name ? " of " : "", name ? cli_safe(ctx, name) : "");
    } else {
        cli_history_lines(ctx, h, n);
    }
    store_history_free(h, n);
    return 0;
}

static const struct cli_opt_spec cli_history_opts[] = {
    CLI_FLAG("json", 0,
             "everything, as a JSON array (response_size is the full size; "
             "response_body_cut says the body kept is only its first "
             "response_body_kept bytes)"),
    CLI_VALUE("limit", 'n', "N", "only the newest N"),
    CLI_OPT_END,
};

const struct cli_command cli_cmd_history = {
    .name = "history",
    .args = "[NAME] [--json] [--limit N]",
    .max_args = 1,
    .opts = cli_history_opts,
    .summary = "List the requests sent, newest first (secrets redacted).",
    .help =
        "Every request sent through a stored integration (tether request,\n"
        "tether test, the home screen's t and T, the request pane) is kept:\n"
        "time, integration, method, URL, status, timings, request headers\n"
        "and body, response headers, size and the first 64 KiB of the body.\n"
        "The wizard's test step records its request when it edits a stored\n"
        "integration, but not for a new integration, nor after authorizing\n"
        "in that wizard: those are stored only at Finish.\n"
        "The auth header, the API key query parameter and any text equal to\n"
        "one of the integration's secrets are stored as [redacted].\n",
    .run = cli_history_run,
};
