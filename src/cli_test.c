/* cli_test.c — `tether test`: its command line, and the connection test
 * of one integration; a group (--all, names, --tag) is cli_testgroup.c's,
 * --watch cli_watch.c's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli_testgroup.h"
#include "ratelimit.h"
#include "validate.h"

/* --watch INTERVAL: "30s", "5m", "1h", "500ms" or seconds ("0.5"). */
static bool
cli_test_interval(const char *text, long *ms)
{
    char *end;
    double v = strtod(text, &end);
    double unit = 1000;
    if (end == text || !isfinite(v) || v <= 0)
        return false;
    if (strcmp(end, "ms") == 0)
        unit = 1;
    else if (strcmp(end, "m") == 0)
        unit = 60000;
    else if (strcmp(end, "h") == 0)
        unit = 3600000;
    else if (*end != '\0' && strcmp(end, "s") != 0)
        return false;
    double total = v * unit;
    if (total < 10 || total > 86400000.0 * 7)
        return false;
    *ms = (long)total;
    return true;
}

/* --format and --json, --report and --watch. */
static int
cli_test_outputs(struct cli_ctx *ctx, const struct cli_args *a,
                 struct cli_test_opts *o)
{
    const char *fmt = cli_args_get(a, "format");
    o->format = cli_args_has(a, "json") ? REPORT_JSON : REPORT_TEXT;
    if (fmt != NULL) {
        enum report_format f;
        if (!report_format_parse(fmt, &f))
            return cli_usage(ctx, &cli_cmd_test,
                             "--format: give text, json, junit, tap or "
                             "prometheus");
        if (cli_args_has(a, "json") && f != REPORT_JSON)
            return cli_usage(ctx, &cli_cmd_test,
                             "--json and --format %s: give one of them", fmt);
        o->format = f;
    }
    o->report = cli_args_get(a, "report");
    if (o->report != NULL && o->report[0] == '\0')
        return cli_usage(ctx, &cli_cmd_test, "--report: give a FILE");
    const char *watch = cli_args_get(a, "watch");
    if (watch != NULL && !cli_test_interval(watch, &o->watch_ms))
        return cli_usage(ctx, &cli_cmd_test,
                         "--watch: give an interval such as 30s, 5m or 1h "
                         "(from 10ms to 7 days)");
    if (watch != NULL && o->report == NULL && o->format != REPORT_TEXT)
        return cli_usage(ctx, &cli_cmd_test,
                         "--watch prints changes; a --format goes into a "
                         "file given with -o FILE");
    return 0;
}

static int
cli_test_args(struct cli_ctx *ctx, const struct cli_args *a,
              struct cli_test_opts *o)
{
    *o = (struct cli_test_opts){.jobs = TESTALL_DEFAULT_JOBS, .args = a};
    o->all = cli_args_has(a, "all");
    int rc = cli_test_outputs(ctx, a, o);
    if (rc != 0)
        return rc;
    const char *jobs = cli_args_get(a, "jobs");
    if (jobs != NULL) {
        char *end;
        o->jobs = (int)strtol(jobs, &end, 10);
        if (*end != '\0' || o->jobs < 1 || o->jobs > 1000)
            return cli_usage(ctx, &cli_cmd_test,
                             "--jobs: give a number from 1 to 1000");
    }
    int n = a->argc;
    bool tags = cli_args_count(a, "tag") > 0;
    /* NAME PATH: a PATH starts with '/'; otherwise these are names. */
    bool path = false;
    for (int i = 1; i < n; i++)
        path = path || a->argv[i][0] == '/';
    if ((o->all || tags) && n > 0)
        return cli_usage(ctx, &cli_cmd_test,
                         "--%s selects the integrations: give no NAME",
                         o->all ? "all" : "tag");
    if (o->all && tags)
        return cli_usage(ctx, &cli_cmd_test, "give --all or --tag, not both");
    o->group = o->all || tags || n > 2 || (n == 2 && !path) ||
               o->watch_ms > 0 || o->report != NULL ||
               (o->format != REPORT_TEXT && o->format != REPORT_JSON);
    if (o->group && path)
        return cli_usage(ctx, &cli_cmd_test,
                         "a PATH (which starts with /) tests one NAME, "
                         "without --watch, --report or a report --format");
    if (o->group && n > 0) {
        o->names = a->argv;
        o->nnames = n;
    } else if (!o->group && n > 0) { /* none: the default integration */
        o->name = a->argv[0];
        o->path = path ? a->argv[1] : NULL;
    }
    return 0;
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
    } else if (o->format == REPORT_JSON) {
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
        char *limit = ratelimit_summary(&r.ratelimit);
        if (limit != NULL)
            fprintf(ctx->out, "  rate limit: %s\n", cli_safe(ctx, limit));
        free(limit);
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
    if (o.watch_ms > 0)
        return cli_test_watch(ctx, st, &o);
    return o.group ? cli_test_group(ctx, st, &o) : cli_test_one(ctx, st, &o);
}

static const struct cli_opt_spec cli_test_opts[] = {
    CLI_FLAG("all", 0,
             "test every integration in parallel; prints a table, failures "
             "first, with their diagnoses"),
    CLI_LIST("tag", 0, "TAG",
             "test the integrations with this tag (with several, those "
             "with any of them) in parallel"),
    CLI_VALUE("jobs", 0, "N", "how many at a time in a group (default 16)"),
    CLI_FLAG("json", 0, "print the result(s) as JSON (= --format json)"),
    CLI_VALUE("format", 0, "FORMAT",
              "text (the default), json, junit (JUnit XML: one testcase "
              "per integration, the diagnosis as the failure message), tap "
              "(TAP version 13) or prometheus (a textfile-collector file: "
              "gauges of pass, status, duration and time, labelled with "
              "name and tags)"),
    CLI_VALUE("report", 'o', "FILE",
              "write the output into FILE atomically (a temporary file "
              "renamed over it) instead of standard output"),
    CLI_VALUE("watch", 0, "INTERVAL",
              "test again every INTERVAL (30s, 5m, 1h; ms, s, m, h) until "
              "interrupted, printing only the changes (passed to failed and "
              "back, with the time); OAuth tokens are refreshed as needed; "
              "with --report the file is rewritten each time"),
    CLI_OPT_END,
};

const struct cli_command cli_cmd_test = {
    .name = "test",
    .args = "[NAME [/PATH]] [--json] | NAME... | --all | --tag TAG "
            "[--format F] [-o FILE] [--watch INTERVAL]",
    .max_args = CLI_MANY,
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
        "Several NAMEs, --all or --tag test a group in parallel and print a\n"
        "table, failures first, with their diagnoses (a PATH, which starts\n"
        "with /, tests one integration). --format and -o write reports for\n"
        "monitoring and CI. --watch repeats the tests; Ctrl-C ends it.\n"
        "\n"
        "Exit status: 0 when every test passed, 1 when one failed (with\n"
        "--watch: by the last complete round).\n",
    .run = cli_test_run,
};
