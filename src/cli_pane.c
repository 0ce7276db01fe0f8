/* cli_pane.c — `tether pane [NAME]`: the request pane on its own. */
#include <stdio.h>
#include <string.h>

#include "cli_cmd.h"

static int
cli_pane_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    if (ctx->ui == NULL || ctx->ui->pane == NULL) {
        fprintf(ctx->errs, "tether: pane: this tether was built without "
                           "its screens\n");
        return 1;
    }
    if (!ctx->stdin_tty || !ctx->stdout_tty) {
        fprintf(ctx->errs, "tether: pane: needs a terminal on standard "
                           "input and output\n");
        return 2;
    }
    ctx->screens = true;
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    const char *name = a->argc == 1 ? a->argv[0] : NULL;
    if (name != NULL) {
        struct integration *ig = NULL;
        struct err e = {0};
        if (store_get(st, name, 0, &ig, &e) != TS_OK)
            return cli_fail(ctx, &e);
        integration_free(ig);
    }
    return ctx->ui->pane(st, name);
}

const struct cli_command cli_cmd_pane = {
    .name = "pane",
    .args = "[NAME]",
    .max_args = 1,
    .summary = "Compose and send requests through any integration, on a "
               "terminal.",
    .help = "Opens the request pane on NAME (default: the default "
            "integration). Pick the\n"
            "integration, method, path, query parameters, headers and body; "
            "Enter sends;\n"
            "read the response with search; recall earlier requests from the "
            "history.\n"
            "The same pane opens with p on the home screen. Keys: see the "
            "README.\n",
    .run = cli_pane_run,
};
