/* testspec.c — see testspec.h. */
#define _GNU_SOURCE /* asprintf, memmem */
#include "testspec.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One item of a status list, [lo, hi]; false when it is not one. */
static bool
status_item(const char *s, size_t n, long *lo, long *hi)
{
    while (n > 0 && isspace((unsigned char)*s))
        s++, n--;
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    if (n == 3 && isdigit((unsigned char)s[0]) &&
        (s[1] == 'x' || s[1] == 'X') && (s[2] == 'x' || s[2] == 'X')) {
        *lo = (s[0] - '0') * 100;
        *hi = *lo + 99;
    } else {
        char buf[16];
        if (n == 0 || n >= sizeof buf)
            return false;
        memcpy(buf, s, n);
        buf[n] = '\0';
        char *end;
        if (!isdigit((unsigned char)buf[0]))
            return false;
        *lo = strtol(buf, &end, 10);
        *hi = *lo;
        if (*end == '-') {
            if (!isdigit((unsigned char)end[1]))
                return false;
            *hi = strtol(end + 1, &end, 10);
        }
        if (*end != '\0')
            return false;
    }
    return *lo >= 100 && *hi <= 599 && *lo <= *hi;
}

tstatus
testspec_statuses_check(const char *list, struct err *e)
{
    if (list == NULL || list[0] == '\0')
        return TS_OK;
    for (const char *p = list;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        long lo, hi;
        if (!status_item(p, n, &lo, &hi))
            return err_set(e, TS_INVALID, "test_status",
                           "\"%.*s\" is not a status, class or range; write "
                           "e.g. 200,204 or 2xx or 200-299 (100 to 599)",
                           (int)n, p);
        if (comma == NULL)
            return TS_OK;
        p = comma + 1;
    }
}

bool
testspec_status_accepted(const char *list, long status)
{
    if (list == NULL || list[0] == '\0')
        return status == 200;
    if (testspec_statuses_check(list, NULL) != TS_OK)
        return false;
    for (const char *p = list;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        long lo, hi;
        if (status_item(p, n, &lo, &hi) && status >= lo && status <= hi)
            return true;
        if (comma == NULL)
            return false;
        p = comma + 1;
    }
}

tstatus
testspec_pointer_check(const char *ptr, struct err *e)
{
    if (ptr == NULL || ptr[0] == '\0')
        return TS_OK;
    if (ptr[0] != '/')
        return err_set(e, TS_INVALID, "test_expect",
                       "\"%s\" is not a JSON Pointer: it must start with '/' "
                       "(e.g. /ok or /data/0/id)",
                       ptr);
    for (const char *p = ptr; *p; p++) {
        if ((unsigned char)*p < 0x20)
            return err_set(e, TS_INVALID, "test_expect",
                           "the JSON Pointer contains a control character");
        if (*p == '~' && p[1] != '0' && p[1] != '1')
            return err_set(e, TS_INVALID, "test_expect",
                           "in the JSON Pointer \"%s\", '~' must be written "
                           "~0 and '/' inside a name ~1",
                           ptr);
    }
    return TS_OK;
}

/* The next reference token of a pointer at *p (after its '/'), unescaped
 * into a new string; *p moves past it. NULL when out of memory. */
static char *
next_token(const char **p)
{
    const char *s = *p + 1;
    size_t n = strcspn(s, "/");
    char *t = malloc(n + 1);
    if (t == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '~' && i + 1 < n && (s[i + 1] == '0' || s[i + 1] == '1')) {
            t[k++] = s[i + 1] == '0' ? '~' : '/';
            i++;
        } else {
            t[k++] = s[i];
        }
    }
    t[k] = '\0';
    *p = s + n;
    return t;
}

static const cJSON *
array_item(const cJSON *arr, const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || n > 9 || (n > 1 && t[0] == '0'))
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)t[i]))
            return NULL;
    return cJSON_GetArrayItem(arr, atoi(t));
}

const cJSON *
testspec_pointer_get(const cJSON *root, const char *ptr)
{
    if (ptr == NULL || testspec_pointer_check(ptr, NULL) != TS_OK)
        return NULL;
    const cJSON *cur = root;
    for (const char *p = ptr; cur != NULL && *p == '/';) {
        char *t = next_token(&p);
        if (t == NULL)
            return NULL;
        if (cJSON_IsObject(cur))
            cur = cJSON_GetObjectItemCaseSensitive(cur, t);
        else if (cJSON_IsArray(cur))
            cur = array_item(cur, t);
        else
            cur = NULL;
        free(t);
    }
    return cur;
}

char *
testspec_expect_json(const char *text)
{
    cJSON *v = cJSON_Parse(text ? text : "");
    if (v == NULL)
        v = cJSON_CreateString(text ? text : "");
    char *out = v ? cJSON_PrintUnformatted(v) : NULL;
    cJSON_Delete(v);
    return out;
}

tstatus
testspec_expect_parse(const char *text, char **ptr, char **json, struct err *e)
{
    const char *eq = text ? strchr(text, '=') : NULL;
    if (eq == NULL)
        return err_set(e, TS_INVALID, "test_expect",
                       "\"%s\" is not POINTER=VALUE; write e.g. /ok=true",
                       text ? text : "");
    char *p = strndup(text, (size_t)(eq - text));
    if (p == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    tstatus st = testspec_pointer_check(p, e);
    char *j = st == TS_OK ? testspec_expect_json(eq + 1) : NULL;
    if (st == TS_OK && j == NULL)
        st = err_set(e, TS_NOMEM, NULL, "out of memory");
    if (st != TS_OK) {
        free(p);
        return st;
    }
    *ptr = p;
    *json = j;
    return TS_OK;
}

/* The pointer check; fills summary/diagnosis on failure. */
static int
check_pointer(const struct test_spec *t, const char *body, size_t len,
              char **summary, char **diagnosis)
{
    cJSON *doc = cJSON_ParseWithLength(body ? body : "", body ? len : 0);
    cJSON *want = cJSON_Parse(t->expect_value ? t->expect_value : "null");
    int rc = 0;
    const char *ptr = t->expect_pointer;
    const char *exp = t->expect_value ? t->expect_value : "null";
    if (doc == NULL) {
        rc = asprintf(summary, "the body is not JSON (%s expected)", ptr);
        if (rc >= 0)
            rc = asprintf(diagnosis,
                          "The test expects %s = %s in a JSON body, but the "
                          "body is not JSON. Check the test path, or check "
                          "for text with --test-expect-text instead.",
                          ptr, exp);
    } else {
        const cJSON *got = testspec_pointer_get(doc, ptr);
        if (got == NULL) {
            rc = asprintf(summary, "%s is missing (expected %s)", ptr, exp);
            if (rc >= 0)
                rc = asprintf(diagnosis,
                              "The test expects %s = %s, but the body has "
                              "nothing at %s.",
                              ptr, exp, ptr);
        } else if (want == NULL || !cJSON_Compare(got, want, true)) {
            char *actual = cJSON_PrintUnformatted(got);
            const char *a = actual ? actual : "?";
            rc = asprintf(summary, "%s is %.80s, expected %s", ptr, a, exp);
            if (rc >= 0)
                rc = asprintf(diagnosis,
                              "The body check failed at %s: expected %s, "
                              "actual %.200s.",
                              ptr, exp, a);
            free(actual);
        }
    }
    cJSON_Delete(doc);
    cJSON_Delete(want);
    return rc;
}

tstatus
testspec_check_body(const struct test_spec *t, const char *body, size_t len,
                    char **summary, char **diagnosis, struct err *e)
{
    *summary = *diagnosis = NULL;
    int rc = 0;
    if (t->expect_pointer != NULL)
        rc = check_pointer(t, body, len, summary, diagnosis);
    if (rc >= 0 && *summary == NULL && t->expect_text != NULL &&
        t->expect_text[0] != '\0' &&
        (body == NULL ||
         memmem(body, len, t->expect_text, strlen(t->expect_text)) == NULL)) {
        rc = asprintf(summary, "the body lacks \"%.60s\"", t->expect_text);
        if (rc >= 0)
            rc = asprintf(diagnosis,
                          "The test expects the body to contain \"%s\", but "
                          "it does not.",
                          t->expect_text);
    }
    if (rc < 0) {
        free(*summary);
        *summary = *diagnosis = NULL;
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    return TS_OK;
}
