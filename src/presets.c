/* presets.c — load provider presets from JSON and prefill integrations.
 *
 * The file is read whole (it is small), checked with jsonfmt for a precise
 * syntax error position, parsed with cJSON, and every preset is checked
 * field by field with validate.h, so a bad file is refused as a whole with
 * one message naming the file, the preset and the field. */
#include "presets.h"

#include <cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "jsonfmt.h"
#include "validate.h"

#ifndef TETHER_DATADIR
#define TETHER_DATADIR "/usr/local/share/tether"
#endif

#define PRESETS_FILE_MAX (1L << 20)
#define PRESETS_ID_MAX 32
#define PRESETS_EXE_UP 3 /* directories above the executable to look in */

/* Where the preset being parsed is, for messages. */
struct preset_ctx {
    const char *file;
    size_t index;   /* 0-based */
    const char *id; /* NULL until known */
    struct err *e;
};

static const char *const preset_keys[] = {
    "id",    "name",   "description", "base_url", "auth",  "test_path", "docs",
    "notes", "oauth2", "api_key",     "headers",  "query", "test",      NULL,
};
static const char *const preset_oauth_keys[] = {
    "grant", "auth_url",    "token_url", "device_url",      "scope",
    "pkce",  "client_auth", "params",    "secret_required", NULL,
};
static const char *const preset_test_keys[] = {
    "method", "body", "statuses", "expect", "expect_text", NULL,
};
static const char *const preset_key_keys[] = {"header", "prefix", "in", NULL};

/* ---- Messages -------------------------------------------------------- */

/* Turn the error in c->e (its field and message) into one naming the file,
 * the preset and the field; the error's field becomes "presets". */
static tstatus
preset_wrap(const struct preset_ctx *c)
{
    struct err *e = c->e;
    if (e == NULL)
        return TS_INVALID;
    if (e->status == TS_NOMEM)
        return TS_NOMEM;
    char field[sizeof e->field];
    memcpy(field, e->field, sizeof field);
    if (c->id != NULL)
        err_prefix(e, "%s: preset %zu (\"%s\"): %s", c->file, c->index + 1,
                   c->id, field);
    else
        err_prefix(e, "%s: preset %zu: %s", c->file, c->index + 1, field);
    snprintf(e->field, sizeof e->field, "presets");
    e->status = TS_INVALID;
    return TS_INVALID;
}

static tstatus preset_fail(const struct preset_ctx *c, const char *field,
                           const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static tstatus
preset_fail(const struct preset_ctx *c, const char *field, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    err_set(c->e, TS_INVALID, field, "%s", msg);
    return preset_wrap(c);
}

static tstatus
preset_nomem(struct err *e)
{
    return err_set(e, TS_NOMEM, "presets", "out of memory loading presets");
}

/* ---- Fields ---------------------------------------------------------- */

/* Refuse members of obj not in `allowed`. */
static tstatus
preset_check_keys(const struct preset_ctx *c, const cJSON *obj,
                  const char *const *allowed, const char *where)
{
    for (const cJSON *m = obj->child; m != NULL; m = m->next) {
        size_t i = 0;
        while (allowed[i] != NULL && strcmp(allowed[i], m->string) != 0)
            i++;
        if (allowed[i] == NULL)
            return preset_fail(c, m->string, "unknown field%s%s",
                               where[0] ? " in " : "", where);
    }
    return TS_OK;
}

/* A string member: *out is a copy, or NULL when absent or empty (refused
 * when required). Control characters are refused. */
static tstatus
preset_str(const struct preset_ctx *c, const cJSON *obj, const char *key,
           bool required, char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (v == NULL || cJSON_IsNull(v)) {
        if (required)
            return preset_fail(c, key, "is missing");
        return TS_OK;
    }
    if (!cJSON_IsString(v) || v->valuestring == NULL)
        return preset_fail(c, key, "must be a string");
    if (v->valuestring[0] == '\0') {
        if (required)
            return preset_fail(c, key, "must not be empty");
        return TS_OK;
    }
    if (validate_header_value(key, v->valuestring, c->e) != TS_OK)
        return preset_wrap(c);
    *out = strdup(v->valuestring);
    return *out ? TS_OK : preset_nomem(c->e);
}

/* An absolute http(s) URL member, checked as an OAuth endpoint is. */
static tstatus
preset_url(const struct preset_ctx *c, const cJSON *obj, const char *key,
           bool required, char **out)
{
    tstatus st = preset_str(c, obj, key, required, out);
    if (st != TS_OK || *out == NULL)
        return st;
    if (validate_endpoint_url(key, *out, required, c->e) != TS_OK)
        return preset_wrap(c);
    return TS_OK;
}

static bool
preset_id_ok(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > PRESETS_ID_MAX || id[0] == '-')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= 'a' && id[i] <= 'z') ||
              (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
            return false;
    return true;
}

/* ---- One preset ------------------------------------------------------ */

static void
preset_clear(struct preset *p)
{
    free(p->id);
    free(p->name);
    free(p->description);
    free(p->docs);
    free(p->notes);
    free(p->base_url);
    free(p->test_path);
    free(p->api_key.header);
    free(p->api_key.prefix);
    free(p->oauth.auth_url);
    free(p->oauth.token_url);
    free(p->oauth.device_url);
    free(p->oauth.scope);
    kv_list_free(&p->oauth.params);
    extra_list_free(&p->extras);
    test_spec_free(&p->test);
    memset(p, 0, sizeof *p);
}

static tstatus
preset_parse_api_key(const struct preset_ctx *c, const cJSON *k,
                     struct preset *p)
{
    tstatus st;
    if (!cJSON_IsObject(k))
        return preset_fail(c, "api_key", "must be an object");
    if ((st = preset_check_keys(c, k, preset_key_keys, "api_key")) ||
        (st = preset_str(c, k, "header", true, &p->api_key.header)) ||
        (st = preset_str(c, k, "prefix", false, &p->api_key.prefix)))
        return st;
    if (validate_header_name("header", p->api_key.header, c->e) != TS_OK)
        return preset_wrap(c);
    char *in = NULL;
    if ((st = preset_str(c, k, "in", false, &in)))
        return st;
    p->api_key.placement = KEY_IN_HEADER;
    bool ok = in == NULL || key_placement_parse(in, &p->api_key.placement);
    free(in);
    if (!ok)
        return preset_fail(c, "in", "must be \"header\" or \"query\"");
    return TS_OK;
}

static tstatus
preset_parse_params(const struct preset_ctx *c, const cJSON *params,
                    struct preset *p)
{
    if (params == NULL)
        return TS_OK;
    if (!cJSON_IsObject(params))
        return preset_fail(c, "params", "must be an object of strings");
    for (const cJSON *m = params->child; m != NULL; m = m->next) {
        if (!cJSON_IsString(m) || m->valuestring == NULL)
            return preset_fail(c, "params", "\"%s\" must be a string",
                               m->string);
        if (m->string[0] == '\0')
            return preset_fail(c, "params", "a parameter has no name");
        if (validate_header_value("params", m->string, c->e) != TS_OK ||
            validate_header_value("params", m->valuestring, c->e) != TS_OK)
            return preset_wrap(c);
        if (!kv_list_add(&p->oauth.params, m->string, m->valuestring))
            return preset_nomem(c->e);
    }
    return TS_OK;
}

static tstatus
preset_parse_oauth(const struct preset_ctx *c, const cJSON *o, struct preset *p)
{
    tstatus st;
    char *word = NULL;
    if (!cJSON_IsObject(o))
        return preset_fail(c, "oauth2", "must be an object");
    if ((st = preset_check_keys(c, o, preset_oauth_keys, "oauth2")))
        return st;

    if ((st = preset_str(c, o, "grant", true, &word)))
        return st;
    bool ok = oauth_grant_parse(word, &p->oauth.grant);
    free(word);
    if (!ok)
        return preset_fail(c, "grant",
                           "must be authorization_code, client_credentials "
                           "or device_code");
    if ((st = preset_str(c, o, "client_auth", true, &word)))
        return st;
    ok = client_auth_parse(word, &p->oauth.client_auth);
    free(word);
    if (!ok)
        return preset_fail(c, "client_auth",
                           "must be \"basic\", \"body\" or \"tls\"");

    enum oauth_grant g = p->oauth.grant;
    if ((st = preset_url(c, o, "token_url", true, &p->oauth.token_url)) ||
        (st = preset_url(c, o, "auth_url", g == GRANT_AUTHORIZATION_CODE,
                         &p->oauth.auth_url)) ||
        (st = preset_url(c, o, "device_url", g == GRANT_DEVICE_CODE,
                         &p->oauth.device_url)) ||
        (st = preset_str(c, o, "scope", false, &p->oauth.scope)))
        return st;

    const cJSON *req = cJSON_GetObjectItemCaseSensitive(o, "secret_required");
    if (req != NULL && !cJSON_IsBool(req))
        return preset_fail(c, "secret_required", "must be true or false");
    p->oauth.secret_required = cJSON_IsTrue(req);
    const cJSON *pkce = cJSON_GetObjectItemCaseSensitive(o, "pkce");
    p->oauth.pkce = true;
    if (pkce != NULL) {
        if (!cJSON_IsBool(pkce))
            return preset_fail(c, "pkce", "must be true or false");
        p->oauth.pkce = cJSON_IsTrue(pkce);
    }
    return preset_parse_params(c, cJSON_GetObjectItemCaseSensitive(o, "params"),
                               p);
}

/* "headers" / "query": an object of plain string values. */
static tstatus
preset_parse_extras(const struct preset_ctx *c, const cJSON *obj,
                    enum extra_kind kind, struct preset *p)
{
    const char *key = kind == EXTRA_HEADER ? "headers" : "query";
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (o == NULL)
        return TS_OK;
    if (!cJSON_IsObject(o))
        return preset_fail(c, key, "must be an object of strings");
    for (const cJSON *m = o->child; m != NULL; m = m->next) {
        if (!cJSON_IsString(m) || m->valuestring == NULL)
            return preset_fail(c, key, "\"%s\" must be a string", m->string);
        if (validate_extra(kind, m->string, m->valuestring, c->e) != TS_OK)
            return preset_wrap(c);
        if (!extra_list_set(&p->extras, kind, m->string, m->valuestring, false))
            return preset_nomem(c->e);
    }
    return TS_OK;
}

/* "test": the connection test's settings, checked as the store would. */
static tstatus
preset_parse_test(const struct preset_ctx *c, const cJSON *obj,
                  struct preset *p)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(obj, "test");
    tstatus st;
    if (t == NULL)
        return TS_OK;
    if (!cJSON_IsObject(t))
        return preset_fail(c, "test", "must be an object");
    if ((st = preset_check_keys(c, t, preset_test_keys, "test")) ||
        (st = preset_str(c, t, "method", false, &p->test.method)) ||
        (st = preset_str(c, t, "body", false, &p->test.body)) ||
        (st = preset_str(c, t, "statuses", false, &p->test.statuses)) ||
        (st = preset_str(c, t, "expect_text", false, &p->test.expect_text)))
        return st;
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(t, "expect");
    if (x != NULL) {
        const cJSON *ptr = cJSON_GetObjectItemCaseSensitive(x, "pointer");
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(x, "value");
        if (!cJSON_IsObject(x) || !cJSON_IsString(ptr) || v == NULL)
            return preset_fail(c, "expect",
                               "must be {\"pointer\": \"/...\", "
                               "\"value\": ...}");
        p->test.expect_pointer = strdup(ptr->valuestring);
        p->test.expect_value = cJSON_PrintUnformatted(v);
        if (p->test.expect_pointer == NULL || p->test.expect_value == NULL)
            return preset_nomem(c->e);
    }
    /* The same checks as for a stored integration. */
    struct integration *probe = integration_new();
    if (probe == NULL || !model_set_str(&probe->name, "preset") ||
        !model_set_str(&probe->base_url, p->base_url) ||
        !test_spec_copy(&probe->test, &p->test)) {
        integration_free(probe);
        return preset_nomem(c->e);
    }
    st = validate_integration(probe, c->e);
    if (st == TS_OK) { /* keep the normalised method */
        test_spec_free(&p->test);
        if (!test_spec_copy(&p->test, &probe->test))
            st = preset_nomem(c->e);
    }
    integration_free(probe);
    return st == TS_OK || st == TS_NOMEM ? st : preset_wrap(c);
}

static tstatus
preset_parse(struct preset_ctx *c, const cJSON *obj, struct preset *p)
{
    tstatus st;
    if (!cJSON_IsObject(obj))
        return preset_fail(c, "preset", "must be an object");
    if ((st = preset_str(c, obj, "id", true, &p->id)))
        return st;
    if (!preset_id_ok(p->id))
        return preset_fail(c, "id",
                           "\"%s\" is not a valid id (1 to %d lower-case "
                           "letters, digits and '-')",
                           p->id, PRESETS_ID_MAX);
    c->id = p->id;
    if ((st = preset_check_keys(c, obj, preset_keys, "")) ||
        (st = preset_str(c, obj, "name", true, &p->name)) ||
        (st = preset_str(c, obj, "description", false, &p->description)) ||
        (st = preset_str(c, obj, "notes", false, &p->notes)) ||
        (st = preset_url(c, obj, "docs", false, &p->docs)))
        return st;

    char *text = NULL;
    if ((st = preset_str(c, obj, "base_url", true, &text)))
        return st;
    st = validate_base_url(text, &p->base_url, c->e);
    free(text);
    if (st != TS_OK)
        return preset_wrap(c);
    if ((st = preset_str(c, obj, "test_path", false, &text)))
        return st;
    if (text != NULL) {
        st = validate_path("test_path", text, &p->test_path, c->e);
        free(text);
        if (st != TS_OK)
            return preset_wrap(c);
    }

    if ((st = preset_str(c, obj, "auth", true, &text)))
        return st;
    bool ok = auth_method_parse(text, &p->auth);
    if (!ok)
        st = preset_fail(c, "auth",
                         "unknown auth method \"%s\" (use none, api-key, "
                         "basic, digest or oauth2)",
                         text);
    free(text);
    if (!ok)
        return st;

    const cJSON *oauth = cJSON_GetObjectItemCaseSensitive(obj, "oauth2");
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(obj, "api_key");
    if (p->auth == AUTH_OAUTH2 && oauth == NULL)
        return preset_fail(c, "oauth2", "is missing (auth is oauth2)");
    if (p->auth != AUTH_OAUTH2 && oauth != NULL)
        return preset_fail(c, "oauth2", "is given but auth is %s",
                           auth_method_name(p->auth));
    if (p->auth == AUTH_API_KEY && key == NULL)
        return preset_fail(c, "api_key", "is missing (auth is api-key)");
    if (p->auth != AUTH_API_KEY && key != NULL)
        return preset_fail(c, "api_key", "is given but auth is %s",
                           auth_method_name(p->auth));
    if ((st = preset_parse_extras(c, obj, EXTRA_HEADER, p)) ||
        (st = preset_parse_extras(c, obj, EXTRA_QUERY, p)) ||
        (st = preset_parse_test(c, obj, p)))
        return st;
    if (oauth != NULL)
        return preset_parse_oauth(c, oauth, p);
    if (key != NULL)
        return preset_parse_api_key(c, key, p);
    return TS_OK;
}

/* ---- The file -------------------------------------------------------- */

static tstatus
presets_read(const char *path, char **buf, size_t *len, struct err *e)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return err_set(e, errno == ENOENT ? TS_NOT_FOUND : TS_IO, "presets",
                       "%s: %s", path, strerror(errno));
    char *b = malloc((size_t)PRESETS_FILE_MAX + 1);
    if (b == NULL) {
        fclose(f);
        return preset_nomem(e);
    }
    size_t n = fread(b, 1, (size_t)PRESETS_FILE_MAX + 1, f);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad || n > (size_t)PRESETS_FILE_MAX) {
        free(b);
        if (bad)
            return err_set(e, TS_IO, "presets", "%s: could not be read", path);
        return err_set(e, TS_INVALID, "presets",
                       "%s: larger than %ld bytes; not a presets file", path,
                       PRESETS_FILE_MAX);
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return TS_OK;
}

/* Parse the whole document into list (which owns what was parsed so far
 * even on failure). */
static tstatus
presets_parse_doc(const char *path, const cJSON *root, struct preset_list *list,
                  struct err *e)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "presets");
    if (!cJSON_IsObject(root) || !cJSON_IsArray(arr))
        return err_set(e, TS_INVALID, "presets",
                       "%s: expected an object with a \"presets\" array", path);
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "version");
    if (ver != NULL && (!cJSON_IsNumber(ver) || ver->valuedouble != 1))
        return err_set(e, TS_INVALID, "presets",
                       "%s: unsupported version (this tether reads "
                       "version 1)",
                       path);
    int count = cJSON_GetArraySize(arr);
    list->items = calloc(count > 0 ? (size_t)count : 1, sizeof *list->items);
    if (list->items == NULL)
        return preset_nomem(e);

    const cJSON *item;
    cJSON_ArrayForEach(item, arr)
    {
        struct preset_ctx c = {path, list->n, NULL, e};
        struct preset *p = &list->items[list->n++];
        tstatus st = preset_parse(&c, item, p);
        if (st != TS_OK)
            return st;
        for (size_t i = 0; i + 1 < list->n; i++) {
            if (strcmp(list->items[i].id, p->id) == 0)
                return preset_fail(&c, "id", "\"%s\" is also preset %zu", p->id,
                                   i + 1);
            if (strcasecmp(list->items[i].name, p->name) == 0)
                return preset_fail(&c, "name", "\"%s\" is also preset %zu",
                                   p->name, i + 1);
        }
    }
    return TS_OK;
}

tstatus
presets_load(const char *path, struct preset_list **out, struct err *e)
{
    char where[4096];
    tstatus st;
    if (path == NULL) {
        if ((st = presets_default_path(where, sizeof where, e)))
            return st;
        path = where;
    }
    char *buf = NULL;
    size_t len = 0;
    if ((st = presets_read(path, &buf, &len, e)))
        return st;

    struct jsonfmt_error je;
    st = jsonfmt_validate(buf, len, &je, e);
    if (st != TS_OK) {
        free(buf);
        if (st == TS_INVALID)
            err_set(e, TS_INVALID, "presets",
                    "%s: not valid JSON at line %zu, column %zu: %s", path,
                    je.line, je.column, je.what);
        return st;
    }
    cJSON *root = cJSON_ParseWithLength(buf, len);
    free(buf);
    if (root == NULL)
        return err_set(e, TS_INVALID, "presets",
                       "%s: could not be parsed (nested too deeply?)", path);

    struct preset_list *list = calloc(1, sizeof *list);
    if (list == NULL || (list->path = strdup(path)) == NULL) {
        free(list);
        cJSON_Delete(root);
        return preset_nomem(e);
    }
    st = presets_parse_doc(path, root, list, e);
    cJSON_Delete(root);
    if (st != TS_OK) {
        presets_free(list);
        return st;
    }
    *out = list;
    return TS_OK;
}

/* ---- Finding the file ------------------------------------------------ */

static bool
presets_readable(const char *path)
{
    return access(path, R_OK) == 0;
}

tstatus
presets_default_path(char *buf, size_t len, struct err *e)
{
    const char *env = getenv("TETHER_PRESETS");
    if (env != NULL && env[0] != '\0') {
        snprintf(buf, len, "%s", env);
        return TS_OK;
    }
    snprintf(buf, len, "%s/presets.json", TETHER_DATADIR);
    if (presets_readable(buf))
        return TS_OK;

    char dir[4096];
    ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
    if (n > 0) {
        dir[n] = '\0';
        for (int up = 0; up <= PRESETS_EXE_UP; up++) {
            char *slash = strrchr(dir, '/');
            if (slash == NULL)
                break;
            *slash = '\0';
            if ((size_t)snprintf(buf, len, "%s/data/presets.json", dir) < len &&
                presets_readable(buf))
                return TS_OK;
        }
    }
    return err_set(e, TS_NOT_FOUND, "presets",
                   "no presets file found (looked at $TETHER_PRESETS, %s/"
                   "presets.json and data/presets.json near the program)",
                   TETHER_DATADIR);
}

/* ---- Using presets --------------------------------------------------- */

const struct preset *
presets_find(const struct preset_list *list, const char *id_or_name)
{
    if (list == NULL || id_or_name == NULL)
        return NULL;
    for (size_t i = 0; i < list->n; i++)
        if (strcasecmp(list->items[i].id, id_or_name) == 0)
            return &list->items[i];
    for (size_t i = 0; i < list->n; i++)
        if (strcasecmp(list->items[i].name, id_or_name) == 0)
            return &list->items[i];
    return NULL;
}

tstatus
presets_apply(const struct preset *p, struct integration *ig, struct err *e)
{
    bool ok = model_set_str(&ig->base_url, p->base_url) &&
              model_set_str(&ig->test_path, p->test_path);
    if (ok && (ig->description == NULL || ig->description[0] == '\0'))
        ok = model_set_str(&ig->description, p->description);
    ig->auth = p->auth;
    switch (p->auth) {
    case AUTH_API_KEY:
        ok = ok && model_set_str(&ig->api_key.header, p->api_key.header) &&
             model_set_str(&ig->api_key.prefix, p->api_key.prefix);
        ig->api_key.placement = p->api_key.placement;
        break;
    case AUTH_OAUTH2:
        ig->oauth.grant = p->oauth.grant;
        ig->oauth.client_auth = p->oauth.client_auth;
        ig->oauth.pkce = p->oauth.pkce;
        ig->oauth.secret_required = p->oauth.secret_required;
        ok = ok && model_set_str(&ig->oauth.auth_url, p->oauth.auth_url) &&
             model_set_str(&ig->oauth.token_url, p->oauth.token_url) &&
             model_set_str(&ig->oauth.device_url, p->oauth.device_url) &&
             model_set_str(&ig->oauth.scope, p->oauth.scope);
        if (ok) {
            kv_list_free(&ig->oauth.params);
            ok = kv_list_copy(&ig->oauth.params, &p->oauth.params);
        }
        break;
    case AUTH_NONE:
    case AUTH_BASIC:
    case AUTH_DIGEST:
        break;
    }
    if (ok) {
        extra_list_free(&ig->extras);
        test_spec_free(&ig->test);
        ok = extra_list_copy(&ig->extras, &p->extras) &&
             test_spec_copy(&ig->test, &p->test);
    }
    if (!ok)
        return err_set(e, TS_NOMEM, NULL, "out of memory applying a preset");
    return TS_OK;
}

void
presets_free(struct preset_list *list)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < list->n; i++)
        preset_clear(&list->items[i]);
    free(list->items);
    free(list->path);
    free(list);
}
