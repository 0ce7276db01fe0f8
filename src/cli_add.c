/* cli_add.c — `tether add` and `tether edit`. */
#include <stdio.h>
#include <stdlib.h>

#include "cli_cmd.h"
#include "cli_options.h"
#include "presets.h"
#include "validate.h"

/* Warn about settings that weaken the connection's security. */
static void
cli_add_warnings(struct cli_ctx *ctx, const struct integration *ig)
{
    if (ig->net.insecure)
        cli_warn(ctx,
                 "TLS verification is off for %s: anyone on the path can "
                 "read and change its traffic",
                 ig->name);
    if (ig->base_url != NULL && validate_http_warning(ig->base_url))
        cli_warn(ctx, "%s uses plain http: credentials travel unencrypted",
                 ig->name);
}

/* Check the name before any secret is asked for: valid, and not taken.
 * On success *name is the trimmed name. */
static tstatus
cli_add_check_name(struct store *st, const char *given, char **name,
                   struct err *e)
{
    char *trimmed = NULL;
    bool taken = false;
    if (validate_name(given, &trimmed, e) != TS_OK)
        return e->status;
    if (store_name_taken(st, trimmed, 0, &taken, e) != TS_OK) {
        free(trimmed);
        return e->status;
    }
    if (taken) {
        struct integration *other = NULL;
        struct err ignored;
        store_get(st, trimmed, 0, &other, &ignored);
        err_set(e, TS_EXISTS, "name",
                "\"%s\" is taken by the integration \"%s\" (names are "
                "compared without regard to case)",
                trimmed, other != NULL ? other->name : trimmed);
        integration_free(other);
        free(trimmed);
        return TS_EXISTS;
    }
    free(*name);
    *name = trimmed;
    return TS_OK;
}

/* Print the ids of the presets in `list`, comma-separated. */
static void
cli_add_preset_ids(struct cli_ctx *ctx, const struct preset_list *list)
{
    for (size_t i = 0; i < list->n; i++)
        fprintf(ctx->errs, "%s%s", i > 0 ? ", " : "", list->items[i].id);
    fputc('\n', ctx->errs);
}

/* Prefill `ig` from the preset `id`. On success *out is the loaded list
 * (the caller frees it with presets_free) and *preset points into it.
 * A presets file that cannot be loaded or an unknown id is a usage error:
 * it is reported and 2 returned (1 when out of memory). */
static int
cli_add_preset(struct cli_ctx *ctx, const char *id, struct integration *ig,
               struct preset_list **out, const struct preset **preset)
{
    struct preset_list *list = NULL;
    struct err e;
    err_clear(&e);
    if (presets_load(NULL, &list, &e) != TS_OK) {
        cli_fail(ctx, &e);
        return e.status == TS_NOMEM ? 1 : 2;
    }
    const struct preset *p = presets_find(list, id);
    if (p == NULL) {
        fprintf(ctx->errs,
                "tether: preset: no preset \"%s\" in %s; the presets are:\n",
                id, list->path);
        cli_add_preset_ids(ctx, list);
        presets_free(list);
        return 2;
    }
    if (presets_apply(p, ig, &e) != TS_OK) {
        presets_free(list);
        return cli_fail(ctx, &e);
    }
    *out = list;
    *preset = p;
    return 0;
}

static int
cli_add_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct cli_options o;
    cli_options_from_args(a, &o);
    int rc = 0;
    /* A preset always gives the base URL and the auth method. */
    bool preset_given = o.value[CLI_OPT_PRESET] != NULL;
    if (rc == 0 && !preset_given && o.value[CLI_OPT_HOST] == NULL)
        rc = cli_usage(ctx, &cli_cmd_add,
                       "missing --host HOST (or --preset ID)");
    if (rc == 0 && !preset_given && o.value[CLI_OPT_AUTH] == NULL)
        rc = cli_usage(ctx, &cli_cmd_add,
                       "missing --auth none|api-key|basic|digest|oauth2 (or "
                       "--preset ID)");
    if (rc != 0)
        return rc;

    struct integration *ig = integration_new();
    struct store *st = cli_store(ctx);
    struct preset_list *presets = NULL;
    const struct preset *preset = NULL;
    struct err e;
    err_clear(&e);
    if (st == NULL) {
        rc = 1;
    } else if (ig == NULL) {
        err_set(&e, TS_NOMEM, NULL, "out of memory");
        rc = cli_fail(ctx, &e);
    } else if (cli_add_check_name(st, a->argv[0], &ig->name, &e) != TS_OK) {
        rc = cli_fail(ctx, &e);
    }
    if (rc == 0 && preset_given)
        rc =
            cli_add_preset(ctx, o.value[CLI_OPT_PRESET], ig, &presets, &preset);
    if (rc == 0)
        rc = cli_options_apply(ctx, &cli_cmd_add, &o, false, ig);
    if (rc == 0 && store_add(st, ig, &e) != TS_OK)
        rc = cli_fail(ctx, &e);
    if (rc == 0) {
        fprintf(ctx->out, "Added %s (%s, %s)%s\n", cli_safe(ctx, ig->name),
                cli_safe(ctx, ig->base_url), auth_method_name(ig->auth),
                ig->is_default ? ", the default" : "");
        if (preset != NULL && preset->notes != NULL)
            fprintf(ctx->out, "Preset %s: %s\n", cli_safe(ctx, preset->name),
                    cli_safe(ctx, preset->notes));
        cli_add_warnings(ctx, ig);
    }
    presets_free(presets);
    integration_free(ig);
    return rc;
}

const struct cli_command cli_cmd_add = {
    .name = "add",
    .args = "NAME (--preset ID | --host HOST --auth "
            "none|api-key|basic|digest|oauth2) "
            "[options]",
    .min_args = 1,
    .max_args = 1,
    .opts = cli_options_table,
    .summary = "Add an integration.",
    .help = cli_options_help,
    .run = cli_add_run,
};

static int
cli_edit_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct cli_options o;
    cli_options_from_args(a, &o);
    int rc = 0;
    if (o.value[CLI_OPT_PRESET] != NULL)
        rc = cli_usage(ctx, &cli_cmd_edit,
                       "--preset is for add; give the options to change");
    if (rc == 0 && !cli_options_any(&o))
        rc = cli_usage(ctx, &cli_cmd_edit,
                       "nothing to change: give the options to change");
    if (rc != 0)
        return rc;

    struct store *st = cli_store(ctx);
    struct integration *ig = NULL;
    struct err e;
    err_clear(&e);
    if (st == NULL)
        rc = 1;
    else if (store_get(st, a->argv[0], 0, &ig, &e) != TS_OK)
        rc = cli_fail(ctx, &e);
    enum auth_method was = ig != NULL ? ig->auth : AUTH_NONE;
    if (rc == 0)
        rc = cli_options_apply(ctx, &cli_cmd_edit, &o, true, ig);
    if (rc == 0 && store_update(st, ig, &e) != TS_OK)
        rc = cli_fail(ctx, &e);
    /* Tokens of an OAuth configuration that is no longer OAuth. */
    if (rc == 0 && was == AUTH_OAUTH2 && ig->auth != AUTH_OAUTH2 &&
        store_clear_tokens(st, ig->id, &e) != TS_OK)
        rc = cli_fail(ctx, &e);
    if (rc == 0) {
        fprintf(ctx->out, "Updated %s\n", cli_safe(ctx, ig->name));
        cli_add_warnings(ctx, ig);
    }
    integration_free(ig);
    return rc;
}

const struct cli_command cli_cmd_edit = {
    .name = "edit",
    .args = "NAME [options]",
    .min_args = 1,
    .max_args = 1,
    .opts = cli_options_table,
    .summary = "Change an integration; only the options given change.",
    .help = cli_options_help,
    .run = cli_edit_run,
};
