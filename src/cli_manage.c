/* cli_manage.c — `tether rm`, `rename`, `copy` and `default`. */
#include <string.h>

#include "cli_cmd.h"

static int
cli_rm_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    bool yes = cli_args_has(a, "yes");
    const char *name = a->argv[0];
    if (!yes && !ctx->stdin_tty) {
        fprintf(ctx->errs, "tether rm: standard input is not a terminal, so "
                           "there is no one to confirm; add --yes to remove "
                           "without asking\n");
        return 2;
    }
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    struct integration *ig = NULL;
    struct err e;
    err_clear(&e);
    if (store_get(st, name, 0, &ig, &e) != TS_OK)
        return cli_fail(ctx, &e);
    if (!yes && !cli_confirm(ctx, "Remove integration %s?", ig->name)) {
        fprintf(ctx->errs, "Not removed.\n");
        integration_free(ig);
        return 1;
    }
    if (store_remove(st, ig->name, &e) != TS_OK) {
        integration_free(ig);
        return cli_fail(ctx, &e);
    }
    fprintf(ctx->out, "Removed %s\n", ig->name);
    integration_free(ig);
    return 0;
}

static const struct cli_opt_spec cli_rm_opts[] = {
    CLI_FLAG("yes", 'y',
             "remove without asking; required when standard input is not a "
             "terminal"),
    CLI_OPT_END,
};

const struct cli_command cli_cmd_rm = {
    .name = "rm",
    .args = "NAME [--yes]",
    .min_args = 1,
    .max_args = 1,
    .opts = cli_rm_opts,
    .summary = "Remove an integration (asks on a terminal unless --yes).",
    .help = NULL,
    .run = cli_rm_run,
};

/* rename and copy: OLD NEW, one store operation, one line of output. */
static int
cli_two_names(struct cli_ctx *ctx, const struct cli_args *a,
              tstatus (*op)(struct store *, const char *, const char *,
                            struct err *),
              const char *done)
{
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    struct err e;
    err_clear(&e);
    if (op(st, a->argv[0], a->argv[1], &e) != TS_OK)
        return cli_fail(ctx, &e);
    fprintf(ctx->out, "%s %s to %s\n", done, a->argv[0], a->argv[1]);
    return 0;
}

static int
cli_rename_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    return cli_two_names(ctx, a, store_rename, "Renamed");
}

const struct cli_command cli_cmd_rename = {
    .name = "rename",
    .args = "OLD NEW",
    .min_args = 2,
    .max_args = 2,
    .summary = "Rename an integration (its secrets and tokens stay).",
    .help = NULL,
    .run = cli_rename_run,
};

static int
cli_copy_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    return cli_two_names(ctx, a, store_copy, "Copied");
}

const struct cli_command cli_cmd_copy = {
    .name = "copy",
    .args = "SRC NEW",
    .min_args = 2,
    .max_args = 2,
    .summary = "Another instance of the same configuration under a new name.",
    .help = "The copy has the same settings and secrets; it is never the\n"
            "default, and tokens and test results are not copied.\n",
    .run = cli_copy_run,
};

static int
cli_default_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    struct err e;
    err_clear(&e);
    if (store_set_default(st, a->argv[0], &e) != TS_OK)
        return cli_fail(ctx, &e);
    fprintf(ctx->out, "%s is now the default\n", a->argv[0]);
    return 0;
}

const struct cli_command cli_cmd_default = {
    .name = "default",
    .args = "NAME",
    .min_args = 1,
    .max_args = 1,
    .summary = "Make an integration the default (unmarks the previous one).",
    .help = NULL,
    .run = cli_default_run,
};
