/* jsonpath.c — see jsonpath.h. */
#include "jsonpath.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One step: a key of an object, an index of an array, or (from a JSON
 * Pointer) a token that is either, by what it meets. */
enum jp_kind { JP_KEY, JP_INDEX, JP_TOKEN };

struct jp_step {
    enum jp_kind kind;
    char *key;  /* JP_KEY, JP_TOKEN */
    long index; /* JP_INDEX; JP_TOKEN: -1 unless the token is an index */
};

struct jsonpath {
    struct jp_step *steps;
    size_t n;
};

void
jsonpath_free(struct jsonpath *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n; i++)
        free(p->steps[i].key);
    free(p->steps);
    free(p);
}

static bool
jp_add(struct jsonpath *p, enum jp_kind kind, char *key, long index)
{
    struct jp_step *g = realloc(p->steps, (p->n + 1) * sizeof *g);
    if (g == NULL) {
        free(key);
        return false;
    }
    p->steps = g;
    p->steps[p->n++] = (struct jp_step){kind, key, index};
    return true;
}

/* A decimal index without sign or leading zero ("0", "12"), else -1. */
static long
jp_index(const char *s, size_t n)
{
    if (n == 0 || n > 9 || (n > 1 && s[0] == '0'))
        return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* RFC 6901: "/a/b~1c"; each token unescaped (~0 '~', ~1 '/'). */
static tstatus
jp_parse_pointer(const char *expr, struct jsonpath *p, struct err *e)
{
    const char *s = expr;
    while (*s == '/') {
        s++;
        size_t n = strcspn(s, "/");
        char *key = malloc(n + 1), *w = key;
        if (key == NULL)
            return err_set(e, TS_NOMEM, NULL, "out of memory");
        for (size_t i = 0; i < n; i++) {
            if (s[i] != '~') {
                *w++ = s[i];
                continue;
            }
            if (i + 1 >= n || (s[i + 1] != '0' && s[i + 1] != '1')) {
                free(key);
                return err_set(e, TS_INVALID, "filter",
                               "at character %zu: '~' must be followed by 0 "
                               "or 1 in a JSON Pointer",
                               (size_t)(s + i - expr) + 1);
            }
            *w++ = s[++i] == '0' ? '~' : '/';
        }
        *w = '\0';
        if (!jp_add(p, JP_TOKEN, key, jp_index(key, strlen(key))))
            return err_set(e, TS_NOMEM, NULL, "out of memory");
        s += n;
    }
    return TS_OK;
}

/* ["key"] with \" and \\ inside; s points after '['. */
static tstatus
jp_parse_quoted(const char *expr, const char **sp, struct jsonpath *p,
                struct err *e)
{
    const char *s = *sp + 1; /* after the quote */
    size_t cap = strlen(s) + 1, n = 0;
    char *key = malloc(cap);
    if (key == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    while (*s != '\0' && *s != '"') {
        if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
            s++;
        key[n++] = *s++;
    }
    key[n] = '\0';
    if (s[0] != '"' || s[1] != ']') {
        free(key);
        return err_set(e, TS_INVALID, "filter",
                       "at character %zu: a quoted key ends with \"]",
                       (size_t)(s - expr) + 1);
    }
    *sp = s + 2;
    if (!jp_add(p, JP_KEY, key, -1))
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    return TS_OK;
}

/* .a.b[0]["c d"] — a leading '.' is optional; "." alone is the root. */
static tstatus
jp_parse_simple(const char *expr, struct jsonpath *p, struct err *e)
{
    const char *s = expr;
    if (strcmp(s, ".") == 0)
        return TS_OK;
    bool first = true;
    while (*s != '\0') {
        if (*s == '[') {
            s++;
            if (*s == '"') {
                tstatus st = jp_parse_quoted(expr, &s, p, e);
                if (st != TS_OK)
                    return st;
            } else {
                size_t n = strcspn(s, "]");
                long idx = jp_index(s, n);
                if (idx < 0 || s[n] != ']')
                    return err_set(e, TS_INVALID, "filter",
                                   "at character %zu: give an index such as "
                                   "[0], or a key such as [\"name\"]",
                                   (size_t)(s - expr) + 1);
                if (!jp_add(p, JP_INDEX, NULL, idx))
                    return err_set(e, TS_NOMEM, NULL, "out of memory");
                s += n + 1;
            }
        } else {
            if (*s == '.' && s[1] == '[') { /* .["key"], .[0] */
                s++;
                continue;
            }
            if (*s == '.')
                s++;
            else if (!first)
                return err_set(e, TS_INVALID, "filter",
                               "at character %zu: expected '.' or '['",
                               (size_t)(s - expr) + 1);
            size_t n = strcspn(s, ".[");
            if (n == 0)
                return err_set(e, TS_INVALID, "filter",
                               "at character %zu: a key is missing",
                               (size_t)(s - expr) + 1);
            char *key = strndup(s, n);
            if (key == NULL || !jp_add(p, JP_KEY, key, -1))
                return err_set(e, TS_NOMEM, NULL, "out of memory");
            s += n;
        }
        first = false;
    }
    return TS_OK;
}

tstatus
jsonpath_parse(const char *expr, struct jsonpath **out, struct err *e)
{
    struct jsonpath *p = calloc(1, sizeof *p);
    if (p == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    tstatus st = expr[0] == '\0' || expr[0] == '/'
                     ? jp_parse_pointer(expr, p, e)
                     : jp_parse_simple(expr, p, e);
    if (st != TS_OK) {
        jsonpath_free(p);
        return st;
    }
    *out = p;
    return TS_OK;
}

/* Where the first `n` steps lead, as a simple path: ".items[0]", or "."
 * for the root. */
static void
jp_where(const struct jsonpath *p, size_t n, char *buf, size_t len)
{
    size_t w = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && w < len; i++) {
        const struct jp_step *s = &p->steps[i];
        int k;
        if (s->kind == JP_INDEX ||
            (s->kind == JP_TOKEN && s->index >= 0 && s->key == NULL))
            k = snprintf(buf + w, len - w, "[%ld]", s->index);
        else if (strcspn(s->key, ".[]\"") == strlen(s->key) && s->key[0])
            k = snprintf(buf + w, len - w, ".%s", s->key);
        else
            k = snprintf(buf + w, len - w, "[\"%s\"]", s->key);
        if (k < 0)
            break;
        w += (size_t)k;
    }
    if (buf[0] == '\0')
        snprintf(buf, len, ".");
}

static const char *
jp_type(const cJSON *v)
{
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNull(v))
        return "null";
    return cJSON_IsArray(v) ? "an array" : "an object";
}

tstatus
jsonpath_eval(const struct jsonpath *p, const cJSON *doc, const cJSON **out,
              struct err *e)
{
    const cJSON *v = doc;
    char where[256];
    for (size_t i = 0; i < p->n; i++) {
        const struct jp_step *s = &p->steps[i];
        jp_where(p, i, where, sizeof where);
        const cJSON *next = NULL;
        if (cJSON_IsArray(v) && s->kind != JP_KEY) {
            int size = cJSON_GetArraySize(v);
            if (s->index < 0)
                return err_set(e, TS_NOT_FOUND, "filter",
                               "at %s: an array has no key \"%s\"", where,
                               s->key);
            if (s->index >= size)
                return err_set(e, TS_NOT_FOUND, "filter",
                               "index %ld is past the end of the array at "
                               "%s (%d item%s)",
                               s->index, where, size, size == 1 ? "" : "s");
            next = cJSON_GetArrayItem(v, (int)s->index);
        } else if (cJSON_IsObject(v) && s->kind != JP_INDEX) {
            next = cJSON_GetObjectItemCaseSensitive(v, s->key);
            if (next == NULL)
                return err_set(e, TS_NOT_FOUND, "filter",
                               "no key \"%s\" in the object at %s", s->key,
                               where);
        } else if (s->kind == JP_INDEX) {
            return err_set(e, TS_NOT_FOUND, "filter",
                           "at %s: %s has no index [%ld]", where, jp_type(v),
                           s->index);
        } else {
            return err_set(e, TS_NOT_FOUND, "filter",
                           "at %s: %s has no key \"%s\"", where, jp_type(v),
                           s->key);
        }
        v = next;
    }
    *out = v;
    return TS_OK;
}
