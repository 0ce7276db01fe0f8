/* saved_json.c — see saved_json.h. */
#include "saved_json.h"

#include <stdlib.h>
#include <string.h>

static cJSON *
part_json(const struct saved_part *p, bool with_secrets)
{
    cJSON *kv = cJSON_CreateObject();
    if (kv == NULL)
        return NULL;
    cJSON_AddStringToObject(kv, "name", p->key);
    if (!p->secret || with_secrets)
        cJSON_AddStringToObject(kv, "value", p->value);
    if (p->secret)
        cJSON_AddBoolToObject(kv, "secret", true);
    return kv;
}

cJSON *
saved_json_request(const struct saved_request *r, bool with_secrets)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    cJSON_AddStringToObject(o, "name", r->name ? r->name : "");
    cJSON_AddStringToObject(o, "method", r->method ? r->method : "GET");
    cJSON_AddStringToObject(o, "path", r->path ? r->path : "/");
    cJSON *q = cJSON_AddArrayToObject(o, "query");
    cJSON *h = cJSON_AddArrayToObject(o, "headers");
    for (size_t i = 0; q != NULL && h != NULL && i < r->n; i++) {
        const struct saved_part *p = &r->parts[i];
        if (p->kind != SAVED_BODY) {
            cJSON_AddItemToArray(p->kind == SAVED_QUERY ? q : h,
                                 part_json(p, with_secrets));
            continue;
        }
        if (!p->secret || with_secrets)
            cJSON_AddStringToObject(o, "body", p->value);
        if (p->secret)
            cJSON_AddBoolToObject(o, "body_secret", true);
    }
    return o;
}

cJSON *
saved_json_vars(const struct vars *v, bool with_secrets)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr != NULL && i < v->n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", v->items[i].name);
        if (!v->items[i].secret || with_secrets)
            cJSON_AddStringToObject(o, "value", v->items[i].value);
        if (v->items[i].secret)
            cJSON_AddBoolToObject(o, "secret", true);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static tstatus
only_known(const cJSON *o, const char *where, const char *const *known,
           struct err *e)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, o)
    {
        bool found = false;
        for (size_t i = 0; known[i] != NULL && !found; i++)
            found = it->string != NULL && strcmp(it->string, known[i]) == 0;
        if (!found)
            return err_set(e, TS_INVALID, where, "%s.%s: unknown field", where,
                           it->string ? it->string : "?");
    }
    return TS_OK;
}

/* A string member (NULL when absent); TS_INVALID when of another type. */
static tstatus
get_str(const cJSON *o, const char *where, const char *key, bool required,
        const char **out, struct err *e)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = NULL;
    if (it == NULL && !required)
        return TS_OK;
    if (!cJSON_IsString(it))
        return err_set(e, TS_INVALID, where, "%s.%s: %s", where, key,
                       it ? "must be a string" : "is missing");
    *out = it->valuestring;
    return TS_OK;
}

static tstatus
get_secret_flag(const cJSON *o, const char *where, const char *key, bool *out,
                struct err *e)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    if (it != NULL && !cJSON_IsBool(it))
        return err_set(e, TS_INVALID, where, "%s.%s: must be true or false",
                       where, key);
    *out = cJSON_IsTrue(it);
    return TS_OK;
}

static tstatus
parse_parts(const cJSON *o, const char *key, enum saved_kind kind,
            struct saved_request *r, struct err *e)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, key);
    if (arr == NULL)
        return TS_OK;
    if (!cJSON_IsArray(arr))
        return err_set(e, TS_INVALID, key, "request.%s: must be an array", key);
    static const char *const known[] = {"name", "value", "secret", NULL};
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        const char *name, *value;
        bool secret;
        tstatus rc;
        if (!cJSON_IsObject(it))
            return err_set(e, TS_INVALID, key,
                           "request.%s: each entry is an object", key);
        if ((rc = only_known(it, key, known, e)) ||
            (rc = get_str(it, key, "name", true, &name, e)) ||
            (rc = get_str(
                 it, key, "value",
                 !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "secret")),
                 &value, e)) ||
            (rc = get_secret_flag(it, key, "secret", &secret, e)))
            return rc;
        if (value == NULL)
            continue; /* a secret the export left out */
        if (!saved_add_part(r, kind, name, value, strlen(value), secret))
            return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    return TS_OK;
}

tstatus
saved_json_parse_request(const cJSON *obj, struct saved_request **out,
                         struct err *e)
{
    *out = NULL;
    static const char *const known[] = {"name",        "method",  "path",
                                        "query",       "headers", "body",
                                        "body_secret", NULL};
    if (!cJSON_IsObject(obj))
        return err_set(e, TS_INVALID, "requests",
                       "each saved request is an object");
    const char *name, *method, *path, *body;
    bool body_secret;
    tstatus rc;
    if ((rc = only_known(obj, "request", known, e)) ||
        (rc = get_str(obj, "request", "name", true, &name, e)) ||
        (rc = get_str(obj, "request", "method", true, &method, e)) ||
        (rc = get_str(obj, "request", "path", true, &path, e)) ||
        (rc = get_str(obj, "request", "body", false, &body, e)) ||
        (rc = get_secret_flag(obj, "request", "body_secret", &body_secret, e)))
        return rc;
    struct saved_request *r = saved_new();
    if (r == NULL || !(r->name = strdup(name)) ||
        !(r->method = strdup(method)) || !(r->path = strdup(path))) {
        saved_free(r);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    if ((rc = parse_parts(obj, "query", SAVED_QUERY, r, e)) == TS_OK &&
        (rc = parse_parts(obj, "headers", SAVED_HEADER, r, e)) == TS_OK &&
        body != NULL &&
        !saved_add_part(r, SAVED_BODY, "", body, strlen(body), body_secret))
        rc = err_set(e, TS_NOMEM, NULL, "out of memory");
    if (rc != TS_OK) {
        saved_free(r);
        return rc;
    }
    *out = r;
    return TS_OK;
}

tstatus
saved_json_parse_vars(const cJSON *arr, struct vars *out, struct err *e)
{
    if (!cJSON_IsArray(arr))
        return err_set(e, TS_INVALID, "variables",
                       "\"variables\" must be an array");
    static const char *const known[] = {"name", "value", "secret", NULL};
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        const char *name, *value;
        bool secret;
        tstatus rc;
        if (!cJSON_IsObject(it))
            return err_set(e, TS_INVALID, "variables",
                           "each variable is an object");
        if ((rc = only_known(it, "variables", known, e)) ||
            (rc = get_str(it, "variables", "name", true, &name, e)) ||
            (rc = get_secret_flag(it, "variables", "secret", &secret, e)) ||
            (rc = get_str(it, "variables", "value", !secret, &value, e)) ||
            (rc = vars_check_name(name, e)))
            return rc;
        if (value != NULL && !vars_add(out, name, value, secret))
            return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    return TS_OK;
}
