/* cli_store.c — `tether check-store`: the whole store checked on demand,
 * since opening it checks its pages only after a crash. */
#include <stdio.h>

#include "cli_cmd.h"

static void
cli_store_report(const char *line, void *arg)
{
    struct cli_ctx *ctx = arg;
    fprintf(ctx->out, "  %s\n", line);
}

static int
cli_check_store_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    (void)a;
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    struct err e;
    err_clear(&e);
    size_t problems = 0;
    if (store_verify(st, &problems, cli_store_report, ctx, &e) != TS_OK)
        return cli_fail(ctx, &e);
    if (problems > 0) {
        fprintf(ctx->out,
                "The store %s is damaged: %zu problem%s found (above).\n"
                "Restore it from a backup, or export what still reads "
                "(tether export --with-secrets) into a new store.\n",
                store_path(st), problems, problems == 1 ? "" : "s");
        return 1;
    }
    fprintf(ctx->out, "The store %s is sound.\n", store_path(st));
    return 0;
}

const struct cli_command cli_cmd_check_store = {
    .name = "check-store",
    .args = "",
    .min_args = 0,
    .max_args = 0,
    .summary = "Check every page and reference of the store.",
    .help = "Reads the whole store and reports each damaged page, index or\n"
            "reference. Exit status 0 when the store is sound, 1 when it is\n"
            "damaged or cannot be read. (Opening the store checks its pages\n"
            "only beside a -wal without its -shm index; otherwise damage is\n"
            "reported by the first command that reads it.)\n",
    .run = cli_check_store_run,
};
