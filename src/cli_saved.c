/* cli_saved.c — saved requests and variables on the command line:
 * `tether run`, `tether requests`, `tether var`. (`tether request
 * --save` saves one; cli_request.c.) */
#include <cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "cli_cmd.h"
#include "cli_request.h"
#include "saved_json.h"
#include "store_saved.h"
#include "text.h"

static int
cli_run_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    const char *owner = a->argv[0], *via = cli_args_get(a, "via");
    struct err e = {0};
    struct saved_request *sr = NULL;
    struct integration *ig = NULL;
    int rc = 0;
    if (store_saved_get(st, owner, a->argv[1], &sr, &e) != TS_OK ||
        store_get(st, via ? via : owner,
                  STORE_WITH_SECRETS | STORE_SECRETS_TOLERANT, &ig,
                  &e) != TS_OK)
        rc = cli_fail(ctx, &e);
    if (rc == 0)
        rc = cli_request_saved(ctx, st, ig, owner, sr, a);
    integration_free(ig);
    saved_free(sr);
    return rc;
}

static const struct cli_opt_spec cli_run_opts[] = {
    CLI_VALUE("via", 0, "OTHER",
              "send it through the integration OTHER (its base URL and "
              "credentials; its variables first, then NAME's)"),
    CLI_REQUEST_OUTPUT_OPTS,
    CLI_OPT_END,
};

const struct cli_command cli_cmd_run = {
    .name = "run",
    .args = "NAME REQ [--via OTHER] [--var K=V]... [-i] [--json] [--pretty] "
            "[--raw] [-o FILE] [--curl]",
    .min_args = 2,
    .max_args = 2,
    .opts = cli_run_opts,
    .summary = "Send a saved request of an integration.",
    .help = "REQ was saved with `tether request NAME ... --save REQ` or with\n"
            "Ctrl-S in the request pane. Its {{variables}} are filled from\n"
            "the variables of the integration it goes through (tether var),\n"
            "then from NAME's, then from --var K=V; {{env.X}} is the\n"
            "environment variable X. A variable that none of them sets is an\n"
            "error naming it, and nothing is sent. Output and exit status\n"
            "are those of `tether request`.\n",
    .run = cli_run_run,
};

static int
cli_requests_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    struct err e = {0};
    struct saved_request **v = NULL;
    size_t n = 0;
    if (store_saved_list(st, a->argv[0], false, &v, &n, &e) != TS_OK)
        return cli_fail(ctx, &e);
    int rc = 0;
    if (cli_args_has(a, "json")) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < n; i++)
            cJSON_AddItemToArray(arr, saved_json_request(v[i], false));
        rc = cli_print_json(ctx, arr);
    } else if (n == 0) {
        fprintf(ctx->errs,
                "tether: %s has no saved requests (save one with `tether "
                "request %s METHOD PATH --save REQ`)\n",
                cli_safe(ctx, a->argv[0]), cli_safe(ctx, a->argv[0]));
    } else {
        size_t wname = 4, wmethod = 6;
        for (size_t i = 0; i < n; i++) {
            size_t w = text_width_str(cli_safe(ctx, v[i]->name));
            size_t m = text_width_str(cli_safe(ctx, v[i]->method));
            wname = w > wname ? w : wname;
            wmethod = m > wmethod ? m : wmethod;
        }
        cli_put_cell(ctx->out, "NAME", wname + 2);
        cli_put_cell(ctx->out, "METHOD", wmethod + 2);
        fprintf(ctx->out, "PATH\n");
        for (size_t i = 0; i < n; i++) {
            cli_put_cell(ctx->out, cli_safe(ctx, v[i]->name), wname + 2);
            cli_put_cell(ctx->out, cli_safe(ctx, v[i]->method), wmethod + 2);
            fprintf(ctx->out, "%s\n", cli_safe(ctx, v[i]->path));
        }
    }
    store_saved_list_free(v, n);
    return rc;
}

static const struct cli_opt_spec cli_requests_opts[] = {
    CLI_FLAG("json", 0,
             "print them as JSON: name, method, path, query, headers, body "
             "(secret parts as \"secret\": true, without their value)"),
    CLI_OPT_END,
};

const struct cli_command cli_cmd_requests = {
    .name = "requests",
    .args = "NAME [--json]",
    .min_args = 1,
    .max_args = 1,
    .opts = cli_requests_opts,
    .summary = "List the saved requests of an integration.",
    .help = "Parts that carry credentials (Authorization, Cookie, the API\n"
            "key header, or a value holding one of the integration's\n"
            "secrets) are stored encrypted and never printed.\n",
    .run = cli_requests_run,
};

static int
cli_var_list(struct cli_ctx *ctx, struct store *st, const char *name, bool json)
{
    struct vars v = {0};
    struct err e = {0};
    if (store_var_list(st, name, false, &v, &e) != TS_OK)
        return cli_fail(ctx, &e);
    int rc = 0;
    if (json) {
        rc = cli_print_json(ctx, saved_json_vars(&v, false));
    } else {
        for (size_t i = 0; i < v.n; i++)
            fprintf(ctx->out, "%s = %s\n", cli_safe(ctx, v.items[i].name),
                    v.items[i].secret ? "(secret)"
                                      : cli_safe(ctx, v.items[i].value));
    }
    vars_free(&v);
    return rc;
}

static int
cli_var_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *name = a->argv[0], *action = a->argv[1];
    const char *k = a->argc > 2 ? a->argv[2] : NULL;
    const char *val = a->argc > 3 ? a->argv[3] : NULL;
    bool set = strcmp(action, "set") == 0,
         secret = strcmp(action, "set-secret") == 0,
         rm = strcmp(action, "rm") == 0, list = strcmp(action, "list") == 0;
    if (!set && !secret && !rm && !list)
        return cli_usage(ctx, &cli_cmd_var,
                         "unknown action '%s' (set, set-secret, rm, list)",
                         cli_safe(ctx, action));
    int want = set ? 4 : list ? 2 : 3;
    if (a->argc != want)
        return cli_usage(ctx, &cli_cmd_var, "%s takes %s", action,
                         set      ? "a name and a value"
                         : list   ? "nothing more"
                         : secret ? "a name (the value is read from standard "
                                    "input or a prompt)"
                                  : "a name");
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    if (list)
        return cli_var_list(ctx, st, name, cli_args_has(a, "json"));
    struct err e = {0};
    tstatus s;
    if (rm) {
        s = store_var_remove(st, name, k, &e);
    } else if (set) {
        s = store_var_set(st, name, k, val, false, &e);
    } else {
        char *value = NULL;
        if ((s = vars_check_name(k, &e)) == TS_OK &&
            (s = cli_read_secret(ctx, "Value: ", true, &value, &e)) == TS_OK)
            s = store_var_set(st, name, k, value, true, &e);
        if (value != NULL) {
            sodium_memzero(value, strlen(value));
            free(value);
        }
    }
    return s == TS_OK ? 0 : cli_fail(ctx, &e);
}

static const struct cli_opt_spec cli_var_opts[] = {
    CLI_FLAG("json", 0,
             "with list: print them as JSON (secret ones without their "
             "value)"),
    CLI_OPT_END,
};

const struct cli_command cli_cmd_var = {
    .name = "var",
    .args = "NAME set K V | set-secret K | rm K | list [--json]",
    .min_args = 2,
    .max_args = 4,
    .opts = cli_var_opts,
    .summary = "Set, remove or list the variables of an integration.",
    .help = "A variable K fills {{K}} in the path, query, headers and body\n"
            "of a request sent through the integration (tether request,\n"
            "tether run, the request pane). set-secret reads the value from\n"
            "standard input (one line) or, on a terminal, from a prompt\n"
            "without echo; it is stored encrypted, and redacted in the\n"
            "history and in copies. Names hold letters, digits, '_', '-'\n"
            "and '.'; {{env.X}} is always the environment variable X.\n",
    .run = cli_var_run,
};
