/* cli_manage.c — `tether rm`, `rename`, `copy` and `default`. */
#include <getopt.h>
#include <string.h>

#include "cli_cmd.h"

/* Parse a command that takes exactly `want` names and no options (besides
 * --yes for rm, handled by the caller through `yes`). Returns 0 or the exit
 * status of a usage error. */
static int
cli_manage_args(struct cli_ctx *ctx, const struct cli_command *cmd, int argc,
                char **argv, int want, bool *yes)
{
    static const struct option longopts[] = {
        {"yes", no_argument, NULL, 'y'},
        {0},
    };
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, yes ? ":y" : ":", yes ? longopts : NULL,
                            NULL)) != -1) {
        if (c == 'y' && yes != NULL)
            *yes = true;
        else
            return cli_bad_option(ctx, cmd, c, argv);
    }
    int n = argc - optind;
    if (n < want)
        return cli_usage(ctx, cmd, "missing %s",
                         want - n > 1 ? "names" : "a name");
    if (n > want)
        return cli_usage(ctx, cmd, "too many arguments");
    return 0;
}

static int
cli_rm_run(struct cli_ctx *ctx, int argc, char **argv)
{
    bool yes = false;
    int rc = cli_manage_args(ctx, &cli_cmd_rm, argc, argv, 1, &yes);
    if (rc != 0)
        return rc;
    const char *name = argv[optind];
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
    fprintf(ctx->out, "Removed %s\n", cli_safe(ctx, ig->name));
    integration_free(ig);
    return 0;
}

const struct cli_command cli_cmd_rm = {
    .name = "rm",
    .args = "NAME [--yes]",
    .summary = "Remove an integration (asks on a terminal unless --yes).",
    .help = "Options:\n"
            "  --yes, -y   remove without asking; required when standard\n"
            "              input is not a terminal\n",
    .run = cli_rm_run,
};

/* rename and copy: OLD NEW, one store operation, one line of output. */
static int
cli_two_names(struct cli_ctx *ctx, const struct cli_command *cmd, int argc,
              char **argv,
              tstatus (*op)(struct store *, const char *, const char *,
                            struct err *),
              const char *done)
{
    int rc = cli_manage_args(ctx, cmd, argc, argv, 2, NULL);
    if (rc != 0)
        return rc;
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    struct err e;
    err_clear(&e);
    if (op(st, argv[optind], argv[optind + 1], &e) != TS_OK)
        return cli_fail(ctx, &e);
    fprintf(ctx->out, "%s %s to %s\n", done, cli_safe(ctx, argv[optind]),
            cli_safe(ctx, argv[optind + 1]));
    return 0;
}

static int
cli_rename_run(struct cli_ctx *ctx, int argc, char **argv)
{
    return cli_two_names(ctx, &cli_cmd_rename, argc, argv, store_rename,
                         "Renamed");
}

const struct cli_command cli_cmd_rename = {
    .name = "rename",
    .args = "OLD NEW",
    .summary = "Rename an integration (its secrets and tokens stay).",
    .help = NULL,
    .run = cli_rename_run,
};

static int
cli_copy_run(struct cli_ctx *ctx, int argc, char **argv)
{
    return cli_two_names(ctx, &cli_cmd_copy, argc, argv, store_copy,
                         "Copied");
}

const struct cli_command cli_cmd_copy = {
    .name = "copy",
    .args = "SRC NEW",
    .summary = "Another instance of the same configuration under a new name.",
    .help = "The copy has the same settings and secrets; it is never the\n"
            "default, and tokens and test results are not copied.\n",
    .run = cli_copy_run,
};

static int
cli_default_run(struct cli_ctx *ctx, int argc, char **argv)
{
    int rc = cli_manage_args(ctx, &cli_cmd_default, argc, argv, 1, NULL);
    if (rc != 0)
        return rc;
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    struct err e;
    err_clear(&e);
    if (store_set_default(st, argv[optind], &e) != TS_OK)
        return cli_fail(ctx, &e);
    fprintf(ctx->out, "%s is now the default\n", cli_safe(ctx, argv[optind]));
    return 0;
}

const struct cli_command cli_cmd_default = {
    .name = "default",
    .args = "NAME",
    .summary = "Make an integration the default (unmarks the previous one).",
    .help = NULL,
    .run = cli_default_run,
};
