/* cli_transfer.c — `tether export` and `tether import`: integrations as
 * JSON (transfer.h), secrets included only when asked for. */
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "cli_cmd.h"
#include "transfer.h"

#define CLI_IMPORT_MAX (256u * 1024 * 1024) /* bytes of JSON */

static int
cli_export_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    bool with_secrets = cli_args_has(a, "with-secrets");
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    char *json = NULL;
    struct err e;
    err_clear(&e);
    if (transfer_export(st, (const char *const *)a->argv, (size_t)a->argc,
                        with_secrets, &json, &e) != TS_OK)
        return cli_fail(ctx, &e);
    if (with_secrets && ctx->stdout_tty)
        cli_warn(ctx, "the export below holds secrets in clear");
    fputs(json, ctx->out);
    sodium_memzero(json, strlen(json));
    free(json);
    return 0;
}

static const struct cli_opt_spec cli_export_opts[] = {
    CLI_FLAG("with-secrets", 0,
             "include API keys, passwords, client secrets and tokens in "
             "clear; keep the output safe"),
    CLI_OPT_END,
};

const struct cli_command cli_cmd_export = {
    .name = "export",
    .args = "[NAME...] [--with-secrets]",
    .max_args = CLI_MANY,
    .opts = cli_export_opts,
    .summary = "Write integrations (all, or the named ones) as JSON.",
    .help = "Without --with-secrets no secret leaves the store: each one is\n"
            "written as \"set\" or \"not set\". Importing such a file\n"
            "fails (exit status 2, naming the integration and the field, and\n"
            "nothing is imported) when an API key, password or client secret\n"
            "in it is \"set\". Export with --with-secrets instead, or put the\n"
            "value in place of \"set\" in the file. A client secret that is\n"
            "optional (not for client credentials) may also be changed to\n"
            "\"not set\" and given after the import with\n"
            "'tether edit NAME --client-secret-stdin'. Tokens written as\n"
            "\"set\" are left out: run 'tether authorize NAME' after the\n"
            "import.\n",
    .run = cli_export_run,
};

/* The whole of a file ("-" = standard input) as a NUL-terminated string. */
static tstatus
cli_import_read(const char *path, char **out, size_t *len, struct err *e)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (f == NULL)
        return err_set(e, errno == ENOENT ? TS_NOT_FOUND : TS_IO, "file",
                       "cannot open %s: %s", path, strerror(errno));
    char *buf = NULL;
    size_t n = 0, cap = 0;
    tstatus st = TS_OK;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *grown = ncap <= CLI_IMPORT_MAX ? malloc(ncap) : NULL;
            if (grown == NULL) {
                st = err_set(e, TS_INVALID, "file",
                             "%s is too large to import (at most %u MiB)", path,
                             CLI_IMPORT_MAX >> 20);
                break;
            }
            if (buf != NULL) {
                memcpy(grown, buf, n);
                sodium_memzero(buf, cap);
                free(buf);
            }
            buf = grown;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                st = err_set(e, TS_IO, "file", "cannot read %s: %s", path,
                             strerror(errno));
            break;
        }
    }
    if (!is_stdin)
        fclose(f);
    if (st != TS_OK) {
        if (buf != NULL) {
            sodium_memzero(buf, cap);
            free(buf);
        }
        return st;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return TS_OK;
}

static int
cli_import_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    /* "-" alone is the file name of standard input, not an option. */
    const char *path = a->argv[0];
    struct err e;
    err_clear(&e);
    char *json = NULL;
    size_t len = 0, count = 0;
    if (cli_import_read(path, &json, &len, &e) != TS_OK)
        return cli_fail(ctx, &e);
    struct store *st = cli_store(ctx);
    int rc = 0;
    if (st == NULL)
        rc = 1;
    else if (transfer_import(st, json, len, &count, &e) != TS_OK)
        rc = cli_fail(ctx, &e);
    else
        fprintf(ctx->out, "Imported %zu integration%s\n", count,
                count == 1 ? "" : "s");
    sodium_memzero(json, len);
    free(json);
    return rc;
}

const struct cli_command cli_cmd_import = {
    .name = "import",
    .args = "FILE|-",
    .min_args = 1,
    .max_args = 1,
    .summary = "Add the integrations of an export: all of them or none.",
    .help = "Every integration in the file is added in one transaction. When\n"
            "a name is taken (or appears twice), or one of them is invalid,\n"
            "nothing is imported and the message lists every conflicting\n"
            "name. - reads standard input.\n",
    .run = cli_import_run,
};
