/* ratelimit.c — see ratelimit.h. */
#define _GNU_SOURCE /* asprintf */
#include "ratelimit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool
ratelimit_is_header(const char *name)
{
    return name != NULL && (strncasecmp(name, "ratelimit", 9) == 0 ||
                            strncasecmp(name, "x-ratelimit-", 12) == 0 ||
                            strcasecmp(name, "retry-after") == 0);
}

bool
ratelimit_headers(const struct kv_list *headers, struct kv_list *out)
{
    for (size_t i = 0; headers != NULL && i < headers->n; i++) {
        const struct kv *h = &headers->items[i];
        if (ratelimit_is_header(h->key) &&
            !kv_list_add(out, h->key, h->value ? h->value : ""))
            return false;
    }
    return true;
}

/* The value of the first header named `a`, else `b` (may be NULL). */
static const char *
ratelimit_get(const struct kv_list *headers, const char *a, const char *b)
{
    for (int pass = 0; pass < 2; pass++) {
        const char *want = pass == 0 ? a : b;
        for (size_t i = 0; want != NULL && i < headers->n; i++)
            if (strcasecmp(headers->items[i].key, want) == 0)
                return headers->items[i].value ? headers->items[i].value : "";
    }
    return NULL;
}

char *
ratelimit_summary(const struct kv_list *headers)
{
    if (headers == NULL)
        return NULL;
    const char *limit =
        ratelimit_get(headers, "RateLimit-Limit", "X-RateLimit-Limit");
    const char *left =
        ratelimit_get(headers, "RateLimit-Remaining", "X-RateLimit-Remaining");
    const char *reset =
        ratelimit_get(headers, "RateLimit-Reset", "X-RateLimit-Reset");
    const char *draft = ratelimit_get(headers, "RateLimit", NULL);
    const char *retry = ratelimit_get(headers, "Retry-After", NULL);
    char part[3][160];
    int n = 0;
    if (left != NULL && limit != NULL)
        snprintf(part[n++], sizeof part[0], "%.60s of %.60s requests left",
                 left, limit);
    else if (left != NULL)
        snprintf(part[n++], sizeof part[0], "%.60s requests left", left);
    else if (limit != NULL)
        snprintf(part[n++], sizeof part[0], "limit %.60s", limit);
    else if (draft != NULL)
        snprintf(part[n++], sizeof part[0], "%.120s", draft);
    if (reset != NULL && n > 0)
        snprintf(part[n - 1] + strlen(part[n - 1]),
                 sizeof part[0] - strlen(part[n - 1]), ", reset %.40s", reset);
    else if (reset != NULL)
        snprintf(part[n++], sizeof part[0], "reset %.60s", reset);
    if (retry != NULL)
        snprintf(part[n++], sizeof part[0], "retry after %.60s%s", retry,
                 strspn(retry, "0123456789") == strlen(retry) ? " s" : "");
    char *out = NULL;
    if (n == 0)
        return NULL;
    if (asprintf(&out, "%s%s%s%s%s", part[0], n > 1 ? "; " : "",
                 n > 1 ? part[1] : "", n > 2 ? "; " : "",
                 n > 2 ? part[2] : "") < 0)
        return NULL;
    return out;
}
