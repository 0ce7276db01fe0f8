/* cli_test.c — `tether test NAME [PATH]` and `tether test --all`: the
 * connection test of one integration, or of every one in parallel. */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_cmd.h"
#include "conntest.h"
#include "testall.h"
#include "text.h"
#include "validate.h"

#define CLI_TEST_FLAGS (STORE_WITH_SECRETS | STORE_SECRETS_TOLERANT)

struct cli_test_opts {
    bool json, all;
    int jobs;
    const char *name, *path;
};

static int
cli_test_args(struct cli_ctx *ctx, const struct cli_args *a,
              struct cli_test_opts *o)
{
    *o = (struct cli_test_opts){.jobs = TESTALL_DEFAULT_JOBS};
    o->json = cli_args_has(a, "json");
    o->all = cli_args_has(a, "all");
    const char *jobs = cli_args_get(a, "jobs");
    if (jobs != NULL) {
        char *end;
        o->jobs = (int)strtol(jobs, &end, 10);
        if (*end != '\0' || o->jobs < 1 || o->jobs > 1000)
            return cli_usage(ctx, &cli_cmd_test,
                             "--jobs: give a number from 1 to 1000");
    }
    int n = a->argc;
    if (o->all && n > 0)
        return cli_usage(ctx, &cli_cmd_test,
                         "--all tests every integration: give no NAME");
    if (!o->all && n > 2)
        return cli_usage(ctx, &cli_cmd_test, "too many arguments");
    if (!o->all && n > 0) { /* none: the default integration */
        o->name = a->argv[0];
        o->path = n == 2 ? a->argv[1] : NULL;
    }
    return 0;
}

/* One result as a JSON object. */
static cJSON *
cli_test_json(const struct integration *ig, const struct conntest_result *r)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    cJSON_AddStringToObject(o, "name", ig->name);
    cJSON_AddBoolToObject(o, "pass", r->pass);
    cJSON_AddNumberToObject(o, "status", (double)r->status);
    if (r->reason_phrase)
        cJSON_AddStringToObject(o, "reason", r->reason_phrase);
    cJSON_AddNumberToObject(o, "time_ms", (double)r->time_ms);
    cJSON_AddNumberToObject(o, "at", (double)r->at);
    if (r->url)
        cJSON_AddStringToObject(o, "url", r->url);
    cJSON_AddBoolToObject(o, "sent", r->sent);
    if (r->failure != HTTP_OK)
        cJSON_AddStringToObject(o, "failure", http_failure_name(r->failure));
    if (r->summary)
        cJSON_AddStringToObject(o, "summary", r->summary);
    if (r->diagnosis)
        cJSON_AddStringToObject(o, "diagnosis", r->diagnosis);
    if (r->www_authenticate)
        cJSON_AddStringToObject(o, "www_authenticate", r->www_authenticate);
    if (r->location)
        cJSON_AddStringToObject(o, "location", r->location);
    if (r->insecure)
        cJSON_AddBoolToObject(o, "insecure", true);
    return o;
}

static void
cli_test_warn_insecure(struct cli_ctx *ctx, const struct integration *ig)
{
    if (ig->net.insecure)
        cli_warn(ctx, "TLS verification is off for %s",
                 cli_safe(ctx, ig->name));
}

/* "200 OK", or for a test without a response what stopped it, whole; the
 * server's words rendered for a terminal. */
static void
cli_test_status(struct cli_ctx *ctx, FILE *f, const struct conntest_result *r)
{
    if (r->status != 0)
        fprintf(f, "%ld %s", r->status, cli_safe(ctx, r->reason_phrase));
    else
        fprintf(f, "%s",
                r->summary ? cli_safe(ctx, r->summary) : "no response");
}

static int
cli_test_one(struct cli_ctx *ctx, struct store *st,
             const struct cli_test_opts *o)
{
    struct integration *ig;
    struct err e = {0};
    if (cli_get_or_default(st, o->name, CLI_TEST_FLAGS, &ig, &e) != TS_OK)
        return cli_fail(ctx, &e);
    char *path = NULL;
    if (o->path != NULL && validate_path("path", o->path, &path, &e) != TS_OK) {
        integration_free(ig);
        return cli_fail(ctx, &e);
    }
    cli_test_warn_insecure(ctx, ig);
    struct conntest_result r;
    tstatus s = conntest_run(st, ig, path, NULL, &r, &e);
    free(path);
    int rc;
    if (s != TS_OK && r.summary == NULL) {
        rc = cli_fail(ctx, &e);
    } else if (o->json) {
        rc = cli_print_json(ctx, cli_test_json(ig, &r));
    } else {
        fprintf(ctx->out, "%s %s: ", r.pass ? "PASS" : "FAIL",
                cli_safe(ctx, ig->name));
        cli_test_status(ctx, ctx->out, &r);
        fprintf(ctx->out, ", %ld ms (%s %s)\n", r.time_ms,
                ig->test.method ? cli_safe(ctx, ig->test.method) : "GET",
                cli_safe(ctx, r.url ? r.url : conntest_path(ig, o->path)));
        if (!r.pass)
            fprintf(ctx->out, "  %s\n", cli_safe(ctx, r.diagnosis));
        rc = 0;
    }
    if (s != TS_OK && r.summary != NULL)
        rc = cli_fail(ctx, &e); /* judged, but the store failed */
    else if (rc == 0 && !r.pass)
        rc = 1;
    conntest_result_free(&r);
    integration_free(ig);
    return rc;
}

struct cli_test_progress {
    FILE *tty;
    size_t failed;
};

static void
cli_test_progress(void *arg, size_t done, size_t total,
                  const struct testall_item *it)
{
    struct cli_test_progress *p = arg;
    if (!it->result.pass)
        p->failed++;
    if (p->tty != NULL) {
        fprintf(p->tty, "\rtesting %zu/%zu, %zu failed", done, total,
                p->failed);
        fflush(p->tty);
    }
}

/* The table of results, names padded by display columns (rendered
 * first, so that what is measured is what the terminal shows). */
static void
cli_test_table(struct cli_ctx *ctx, const struct testall_item *items, size_t n)
{
    size_t wname = 4;
    for (size_t i = 0; i < n; i++) {
        size_t w = text_width_str(cli_safe(ctx, items[i].ig->name));
        if (w > wname)
            wname = w;
    }
    fputs("RESULT  ", ctx->out);
    cli_put_cell(ctx->out, "NAME", wname);
    fputs("  STATUS     TIME  REASON\n", ctx->out);
    for (size_t i = 0; i < n; i++) {
        const struct conntest_result *r = &items[i].result;
        char status[16];
        if (r->status != 0)
            snprintf(status, sizeof status, "%ld", r->status);
        else
            snprintf(status, sizeof status, "-");
        fprintf(ctx->out, "%-6s  ", r->pass ? "PASS" : "FAIL");
        cli_put_cell(ctx->out, cli_safe(ctx, items[i].ig->name), wname);
        fprintf(ctx->out, "  %-6s %5ld ms  %s\n", status, r->time_ms,
                r->pass ? "" : cli_safe(ctx, r->summary));
    }
    size_t failed = testall_failed(items, n);
    if (failed > 0) {
        fprintf(ctx->out, "\nDiagnoses:\n");
        for (size_t i = 0; i < n && !items[i].result.pass; i++)
            fprintf(ctx->out, "  %s: %s\n", cli_safe(ctx, items[i].ig->name),
                    cli_safe(ctx, items[i].result.diagnosis));
    }
    fprintf(ctx->out, "\n%zu of %zu failed.\n", failed, n);
}

/* Every integration with its secrets (those that cannot be decrypted are
 * left unreadable, and their tests fail saying so). */
static tstatus
cli_test_load(struct store *st, struct testall_item **out, size_t *n,
              struct err *e)
{
    struct integration **list;
    tstatus s = store_list(st, &list, n, e);
    if (s != TS_OK)
        return s;
    struct testall_item *items = calloc(*n ? *n : 1, sizeof *items);
    if (items == NULL)
        s = err_set(e, TS_NOMEM, NULL, "out of memory");
    for (size_t i = 0; s == TS_OK && i < *n; i++)
        s = store_get(st, list[i]->name, CLI_TEST_FLAGS, &items[i].ig, e);
    store_list_free(list, *n);
    if (s != TS_OK && items != NULL) {
        for (size_t i = 0; i < *n; i++)
            integration_free(items[i].ig);
        free(items);
        return s;
    }
    *out = items;
    return s;
}

static int
cli_test_all(struct cli_ctx *ctx, struct store *st,
             const struct cli_test_opts *o)
{
    struct testall_item *items;
    size_t n;
    struct err e = {0};
    if (cli_test_load(st, &items, &n, &e) != TS_OK)
        return cli_fail(ctx, &e);
    for (size_t i = 0; i < n; i++)
        cli_test_warn_insecure(ctx, items[i].ig);
    struct cli_test_progress prog = {
        .tty = isatty(fileno(ctx->errs)) ? ctx->errs : NULL};
    tstatus s =
        testall_run(st, items, n, o->jobs, NULL, cli_test_progress, &prog, &e);
    if (prog.tty != NULL)
        fprintf(prog.tty, "\r\033[K");
    testall_sort(items, n);
    int rc = 0;
    if (o->json) {
        cJSON *doc = cJSON_CreateObject(), *arr = cJSON_CreateArray();
        cJSON_AddNumberToObject(doc, "total", (double)n);
        cJSON_AddNumberToObject(doc, "failed",
                                (double)testall_failed(items, n));
        for (size_t i = 0; i < n; i++)
            cJSON_AddItemToArray(arr,
                                 cli_test_json(items[i].ig, &items[i].result));
        cJSON_AddItemToObject(doc, "results", arr);
        rc = cli_print_json(ctx, doc);
    } else if (n == 0) {
        fprintf(ctx->out, "No integrations to test.\n");
    } else {
        cli_test_table(ctx, items, n);
    }
    if (s != TS_OK)
        rc = cli_fail(ctx, &e);
    else if (rc == 0 && testall_failed(items, n) > 0)
        rc = 1;
    testall_items_clear(items, n);
    for (size_t i = 0; i < n; i++)
        integration_free(items[i].ig);
    free(items);
    return rc;
}

static int
cli_test_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct cli_test_opts o;
    int rc = cli_test_args(ctx, a, &o);
    if (rc != 0)
        return rc;
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    return o.all ? cli_test_all(ctx, st, &o) : cli_test_one(ctx, st, &o);
}

static const struct cli_opt_spec cli_test_opts[] = {
    CLI_FLAG("all", 0,
             "test every integration in parallel; prints a table, failures "
             "first, with their diagnoses"),
    CLI_VALUE("jobs", 0, "N", "how many at a time with --all (default 16)"),
    CLI_FLAG("json", 0, "print the result(s) as JSON"),
    CLI_OPT_END,
};

const struct cli_command cli_cmd_test = {
    .name = "test",
    .args = "[NAME [PATH]] [--json] | --all [--jobs N] [--json]",
    .max_args = 2,
    .opts = cli_test_opts,
    .summary = "Test the connection: GET base URL + path must answer 200.",
    .help =
        "Sends GET to the base URL + PATH (default: the integration's test\n"
        "path, else /) with the integration's credentials; without NAME,\n"
        "through the default integration. It passes only on 200 OK, unless\n"
        "the integration's test settings (add/edit --test-method,\n"
        "--test-body, --test-status, --test-expect, --test-expect-text) say\n"
        "otherwise; redirects are not followed. Prints PASS or FAIL, the\n"
        "status and the time, and on failure a diagnosis. The result is\n"
        "stored as the integration's last test (see list and show).\n"
        "\n"
        "Exit status: 0 when every test passed, 1 when one failed.\n",
    .run = cli_test_run,
};
