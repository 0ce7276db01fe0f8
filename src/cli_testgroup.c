/* cli_testgroup.c — see cli_testgroup.h. */
#include "cli_testgroup.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ratelimit.h"
#include "text.h"
#include "validate.h"

/* "rate_limit": {"summary": "...", "headers": {"RateLimit-Limit": ...}}. */
static void
cli_test_json_ratelimit(cJSON *o, const struct kv_list *h)
{
    cJSON *rl = cJSON_AddObjectToObject(o, "rate_limit");
    cJSON *hs = rl ? cJSON_AddObjectToObject(rl, "headers") : NULL;
    char *summary = ratelimit_summary(h);
    if (rl != NULL && summary != NULL)
        cJSON_AddStringToObject(rl, "summary", summary);
    free(summary);
    for (size_t i = 0; hs != NULL && i < h->n; i++)
        cJSON_AddStringToObject(hs, h->items[i].key, h->items[i].value);
}

cJSON *
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
    if (r->ratelimit.n > 0)
        cli_test_json_ratelimit(o, &r->ratelimit);
    return o;
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

void
cli_test_items_free(struct testall_item *items, size_t n)
{
    if (items == NULL)
        return;
    testall_items_clear(items, n);
    for (size_t i = 0; i < n; i++)
        integration_free(items[i].ig);
    free(items);
}

/* True when ig has one of the --tag tags (given in any case). */
static bool
cli_test_tagged(const struct integration *ig, const struct cli_test_opts *o)
{
    const char *v;
    for (size_t i = 0; (v = cli_args_value(o->args, "tag", i)); i++) {
        char *tag = NULL;
        struct err e = {0};
        bool has = validate_tag("tag", v, &tag, &e) == TS_OK &&
                   model_tags_has(ig->tags, tag);
        free(tag);
        if (has)
            return true;
    }
    return false;
}

/* The names to load: the ones given, or those of the store's list that
 * the options select (borrowed from `list`). */
static tstatus
cli_test_names(struct integration **list, size_t nlist,
               const struct cli_test_opts *o, const char ***names, size_t *n,
               struct err *e)
{
    size_t cap = o->names != NULL ? (size_t)o->nnames : nlist;
    *names = calloc(cap ? cap : 1, sizeof **names);
    if (*names == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    *n = 0;
    if (o->names != NULL) {
        for (int i = 0; i < o->nnames; i++)
            (*names)[(*n)++] = o->names[i];
        return TS_OK;
    }
    bool by_tag = cli_args_count(o->args, "tag") > 0;
    for (size_t i = 0; i < nlist; i++) {
        if (!by_tag || cli_test_tagged(list[i], o))
            (*names)[(*n)++] = list[i]->name;
    }
    if (by_tag && *n == 0)
        return err_set(e, TS_NOT_FOUND, "tag",
                       "no integration has the tag%s %s (see tether list)",
                       cli_args_count(o->args, "tag") > 1 ? "s" : "",
                       cli_args_get(o->args, "tag"));
    return TS_OK;
}

tstatus
cli_test_select(struct store *st, const struct cli_test_opts *o,
                struct testall_item **out, size_t *n, struct err *e)
{
    struct integration **list = NULL;
    size_t nlist = 0;
    const char **names = NULL;
    tstatus s = TS_OK;
    if (o->names == NULL)
        s = store_list(st, &list, &nlist, e);
    if (s == TS_OK)
        s = cli_test_names(list, nlist, o, &names, n, e);
    struct testall_item *items = NULL;
    if (s == TS_OK && (items = calloc(*n ? *n : 1, sizeof *items)) == NULL)
        s = err_set(e, TS_NOMEM, NULL, "out of memory");
    for (size_t i = 0; s == TS_OK && i < *n; i++)
        s = store_get(st, names[i], CLI_TEST_FLAGS, &items[i].ig, e);
    free(names);
    store_list_free(list, nlist);
    if (s != TS_OK) {
        cli_test_items_free(items, items ? *n : 0);
        return s;
    }
    *out = items;
    return TS_OK;
}

/* What cli_test_output writes, for report_save. */
struct cli_test_out {
    struct cli_ctx *ctx;
    const struct cli_test_opts *o;
    const struct testall_item *items;
    size_t n;
    int rc;
};

static tstatus
cli_test_write(FILE *f, void *arg, struct err *e)
{
    struct cli_test_out *w = arg;
    struct cli_ctx *ctx = w->ctx;
    FILE *saved = ctx->out;
    tstatus s = TS_OK;
    ctx->out = f;
    if (w->o->format == REPORT_JSON) {
        cJSON *doc = cJSON_CreateObject(), *arr = cJSON_CreateArray();
        cJSON_AddNumberToObject(doc, "total", (double)w->n);
        cJSON_AddNumberToObject(doc, "failed",
                                (double)testall_failed(w->items, w->n));
        for (size_t i = 0; i < w->n; i++)
            cJSON_AddItemToArray(
                arr, cli_test_json(w->items[i].ig, &w->items[i].result));
        cJSON_AddItemToObject(doc, "results", arr);
        if (cli_print_json(ctx, doc) != 0)
            s = err_set(e, TS_NOMEM, NULL, "out of memory");
    } else if (w->o->format == REPORT_TEXT) {
        if (w->n == 0)
            fprintf(f, "No integrations to test.\n");
        else
            cli_test_table(ctx, w->items, w->n);
    } else {
        s = report_write(f, w->o->format, w->items, w->n,
                         w->o->report ? w->o->report : "standard output", e);
    }
    ctx->out = saved;
    return s;
}

int
cli_test_output(struct cli_ctx *ctx, const struct cli_test_opts *o,
                const struct testall_item *items, size_t n)
{
    struct cli_test_out w = {.ctx = ctx, .o = o, .items = items, .n = n};
    struct err e = {0};
    tstatus s = o->report != NULL
                    ? report_save(o->report, cli_test_write, &w, &e)
                    : cli_test_write(ctx->out, &w, &e);
    if (o->report == NULL)
        fflush(ctx->out);
    return s == TS_OK ? 0 : cli_fail(ctx, &e);
}

int
cli_test_group(struct cli_ctx *ctx, struct store *st,
               const struct cli_test_opts *o)
{
    struct testall_item *items;
    size_t n;
    struct err e = {0};
    if (cli_test_select(st, o, &items, &n, &e) != TS_OK)
        return cli_fail(ctx, &e);
    for (size_t i = 0; i < n; i++)
        if (items[i].ig->net.insecure)
            cli_warn(ctx, "TLS verification is off for %s",
                     cli_safe(ctx, items[i].ig->name));
    struct cli_test_progress prog = {
        .tty = isatty(fileno(ctx->errs)) ? ctx->errs : NULL};
    tstatus s =
        testall_run(st, items, n, o->jobs, NULL, cli_test_progress, &prog, &e);
    if (prog.tty != NULL)
        fprintf(prog.tty, "\r\033[K");
    testall_sort(items, n);
    int rc = cli_test_output(ctx, o, items, n);
    if (s != TS_OK)
        rc = cli_fail(ctx, &e);
    else if (rc == 0 && testall_failed(items, n) > 0)
        rc = 1;
    cli_test_items_free(items, n);
    return rc;
}
