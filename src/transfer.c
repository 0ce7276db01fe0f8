/* transfer.c — see transfer.h. */
#include "transfer.h"

#include <cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "model_json.h"
#include "saved_json.h"
#include "store_saved.h"

/* The integrations to export: all, or the named ones (each once). */
static tstatus
collect(struct store *st, const char *const *names, size_t n, unsigned flags,
        struct integration ***out, size_t *count, struct err *e)
{
    if (n == 0)
        return store_list_full(st, flags, out, count, e);
    struct integration **v = calloc(n, sizeof *v);
    if (v == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    size_t got = 0;
    for (size_t i = 0; i < n; i++) {
        struct integration *ig;
        tstatus rc = store_get(st, names[i], flags, &ig, e);
        if (rc != TS_OK) {
            store_list_free(v, got);
            return rc;
        }
        bool dup = false;
        for (size_t j = 0; j < got && !dup; j++)
            dup = v[j]->id == ig->id;
        if (dup)
            integration_free(ig);
        else
            v[got++] = ig;
    }
    *out = v;
    *count = got;
    return TS_OK;
}

/* The variables and saved requests of integration `name` into its
 * object o ("variables", "requests"; left out when there are none). */
static tstatus
export_saved(struct store *st, const char *name, bool with_secrets, cJSON *o,
             struct err *e)
{
    struct vars vars = {0};
    struct saved_request **reqs = NULL;
    size_t n = 0;
    tstatus rc = store_var_list(st, name, with_secrets, &vars, e);
    if (rc == TS_OK)
        rc = store_saved_list(st, name, with_secrets, &reqs, &n, e);
    if (rc == TS_OK && vars.n > 0)
        cJSON_AddItemToObject(o, "variables",
                              saved_json_vars(&vars, with_secrets));
    if (rc == TS_OK && n > 0) {
        cJSON *arr = cJSON_AddArrayToObject(o, "requests");
        for (size_t i = 0; arr != NULL && i < n; i++)
            cJSON_AddItemToArray(arr,
                                 saved_json_request(reqs[i], with_secrets));
    }
    vars_free(&vars);
    store_saved_list_free(reqs, n);
    return rc;
}

tstatus
transfer_export(struct store *st, const char *const *names, size_t n,
                bool with_secrets, char **json_out, struct err *e)
{
    struct integration **v = NULL;
    size_t count = 0;
    tstatus rc = collect(st, names, n, with_secrets ? STORE_WITH_SECRETS : 0,
                         &v, &count, e);
    if (rc != TS_OK)
        return rc;
    cJSON *doc = cJSON_CreateObject();
    cJSON *arr = NULL;
    bool ok = doc != NULL &&
              cJSON_AddNumberToObject(doc, "tether_export", TRANSFER_FORMAT) &&
              cJSON_AddBoolToObject(doc, "with_secrets", with_secrets) &&
              (arr = cJSON_AddArrayToObject(doc, "integrations")) != NULL;
    for (size_t i = 0; ok && rc == TS_OK && i < count; i++) {
        cJSON *o = model_json_from_integration(v[i], with_secrets);
        ok = o != NULL && cJSON_AddItemToArray(arr, o);
        if (!ok)
            cJSON_Delete(o);
        else
            rc = export_saved(st, v[i]->name, with_secrets, o, e);
    }
    store_list_free(v, count);
    if (rc != TS_OK) {
        model_json_wipe(doc);
        cJSON_Delete(doc);
        return rc;
    }
    char *text = ok ? jsonout_print(doc) : NULL;
    model_json_wipe(doc);
    cJSON_Delete(doc);
    if (text == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    *json_out = text;
    return TS_OK;
}

/* What an import holds beside each integration. */
struct import_extra {
    struct vars vars;
    struct saved_request **reqs;
    size_t n;
};

static void
extras_free(struct import_extra *x, size_t n)
{
    for (size_t i = 0; x != NULL && i < n; i++) {
        vars_free(&x[i].vars);
        for (size_t j = 0; j < x[i].n; j++)
            saved_free(x[i].reqs[j]);
        free(x[i].reqs);
    }
    free(x);
}

static tstatus
parse_extra(const cJSON *it, struct import_extra *x, struct err *e)
{
    const cJSON *vars = cJSON_GetObjectItemCaseSensitive(it, "variables");
    const cJSON *reqs = cJSON_GetObjectItemCaseSensitive(it, "requests");
    tstatus rc = vars ? saved_json_parse_vars(vars, &x->vars, e) : TS_OK;
    if (rc != TS_OK || reqs == NULL)
        return rc;
    if (!cJSON_IsArray(reqs))
        return err_set(e, TS_INVALID, "requests",
                       "\"requests\" must be an array");
    size_t n = (size_t)cJSON_GetArraySize(reqs);
    if ((x->reqs = calloc(n ? n : 1, sizeof *x->reqs)) == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    const cJSON *r;
    cJSON_ArrayForEach(r, reqs)
    {
        if ((rc = saved_json_parse_request(r, &x->reqs[x->n], e)) != TS_OK)
            return rc;
        x->n++;
    }
    return TS_OK;
}

/* The integrations of a parsed document, each allocated, with their
 * variables and saved requests in *extra (same order). */
static tstatus
parse_doc(const cJSON *doc, struct integration ***out,
          struct import_extra **extra, size_t *count, struct err *e)
{
    if (!cJSON_IsObject(doc))
        return err_set(e, TS_INVALID, NULL,
                       "the import is not a tether export (expected a JSON "
                       "object with \"tether_export\": 1)");
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(doc, "tether_export");
    if (!cJSON_IsNumber(fmt))
        return err_set(e, TS_INVALID, "tether_export",
                       "the import is not a tether export (no "
                       "\"tether_export\": 1)");
    if (fmt->valuedouble != TRANSFER_FORMAT)
        return err_set(e, TS_INVALID, "tether_export",
                       "the import has format %g; this tether reads format "
                       "%d (is it from a newer tether?)",
                       fmt->valuedouble, TRANSFER_FORMAT);
    const cJSON *clear = cJSON_GetObjectItemCaseSensitive(doc, "with_secrets");
    if (clear != NULL && !cJSON_IsBool(clear))
        return err_set(e, TS_INVALID, "with_secrets",
                       "\"with_secrets\" must be true or false");
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, "integrations");
    if (!cJSON_IsArray(arr))
        return err_set(e, TS_INVALID, "integrations",
                       "the import has no \"integrations\" array");
    size_t n = (size_t)cJSON_GetArraySize(arr);
    struct integration **v = calloc(n ? n : 1, sizeof *v);
    struct import_extra *x = calloc(n ? n : 1, sizeof *x);
    if (v == NULL || x == NULL) {
        free(v);
        free(x);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    size_t got = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        tstatus rc =
            model_json_to_integration(it, cJSON_IsTrue(clear), &v[got], e);
        if (rc == TS_OK) {
            rc = parse_extra(it, &x[got], e);
            if (rc != TS_OK)
                integration_free(v[got]);
        }
        if (rc != TS_OK) {
            err_prefix(e, "nothing was imported: integrations[%zu]", got);
            store_list_free(v, got);
            extras_free(x, got + 1);
            return rc;
        }
        got++;
    }
    *out = v;
    *extra = x;
    *count = got;
    return TS_OK;
}

static tstatus
import_extra(struct store *st, const char *name, struct import_extra *x,
             struct err *e)
{
    tstatus rc = TS_OK;
    for (size_t i = 0; rc == TS_OK && i < x->vars.n; i++)
        rc = store_var_set(st, name, x->vars.items[i].name,
                           x->vars.items[i].value, x->vars.items[i].secret, e);
    for (size_t i = 0; rc == TS_OK && i < x->n; i++)
        rc = store_saved_put(st, name, x->reqs[i], false, e);
    if (rc != TS_OK)
        err_prefix(e, "nothing was imported: %s", name);
    return rc;
}

tstatus
transfer_import(struct store *st, const char *json, size_t len,
                size_t *imported, struct err *e)
{
    *imported = 0;
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(json, len, &end, false);
    if (doc == NULL)
        return err_set(e, TS_INVALID, NULL,
                       "the import is not valid JSON (at byte %zu)",
                       end && end >= json ? (size_t)(end - json) : 0);
    struct integration **v = NULL;
    struct import_extra *x = NULL;
    size_t n = 0;
    tstatus rc = parse_doc(doc, &v, &x, &n, e);
    model_json_wipe(doc);
    cJSON_Delete(doc);
    if (rc != TS_OK)
        return rc;
    /* One transaction for the integrations and what they hold. */
    if ((rc = store_batch_begin(st, e)) == TS_OK)
        rc = store_import(st, v, n, e);
    for (size_t i = 0; rc == TS_OK && i < n; i++)
        rc = import_extra(st, v[i]->name, &x[i], e);
    if (rc == TS_OK)
        rc = store_batch_end(st, e);
    else
        store_batch_abort(st);
    store_list_free(v, n);
    extras_free(x, n);
    if (rc == TS_OK)
        *imported = n;
    return rc;
}
