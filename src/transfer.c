/* transfer.c — see transfer.h. */
#include "transfer.h"

#include <cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "model_json.h"

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
    for (size_t i = 0; ok && i < count; i++) {
        cJSON *o = model_json_from_integration(v[i], with_secrets);
        ok = o != NULL && cJSON_AddItemToArray(arr, o);
        if (!ok)
            cJSON_Delete(o);
    }
    store_list_free(v, count);
    char *text = ok ? jsonout_print(doc) : NULL;
    model_json_wipe(doc);
    cJSON_Delete(doc);
    if (text == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    *json_out = text;
    return TS_OK;
}

/* The integrations of a parsed document, each allocated. */
static tstatus
parse_doc(const cJSON *doc, struct integration ***out, size_t *count,
          struct err *e)
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
    if (v == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    size_t got = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        tstatus rc =
            model_json_to_integration(it, cJSON_IsTrue(clear), &v[got], e);
        if (rc != TS_OK) {
            err_prefix(e, "nothing was imported: integrations[%zu]", got);
            store_list_free(v, got);
            return rc;
        }
        got++;
    }
    *out = v;
    *count = got;
    return TS_OK;
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
    size_t n = 0;
    tstatus rc = parse_doc(doc, &v, &n, e);
    model_json_wipe(doc);
    cJSON_Delete(doc);
    if (rc != TS_OK)
        return rc;
    rc = store_import(st, v, n, e);
    store_list_free(v, n);
    if (rc == TS_OK)
        *imported = n;
    return rc;
}
