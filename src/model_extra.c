/* model_extra.c — an integration's extra headers and query parameters, and
 * its connection test settings (see model.h). */
#define _GNU_SOURCE /* asprintf */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"

const char *
extra_kind_name(enum extra_kind k)
{
    return k == EXTRA_QUERY ? "query" : "header";
}

bool
extra_kind_parse(const char *s, enum extra_kind *out)
{
    if (s != NULL && strcasecmp(s, "header") == 0)
        *out = EXTRA_HEADER;
    else if (s != NULL && strcasecmp(s, "query") == 0)
        *out = EXTRA_QUERY;
    else
        return false;
    return true;
}

static bool
same_name(enum extra_kind kind, const char *a, const char *b)
{
    return kind == EXTRA_HEADER ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

static void
extra_clear(struct extra *x)
{
    free(x->name);
    if (x->value != NULL) {
        sodium_memzero(x->value, strlen(x->value));
        free(x->value);
    }
    secret_clear(&x->secret);
    free(x->field);
    memset(x, 0, sizeof *x);
}

struct extra *
extra_list_find(const struct extra_list *l, enum extra_kind kind,
                const char *name)
{
    for (size_t i = 0; name != NULL && i < l->n; i++) {
        if (l->items[i].kind == kind && same_name(kind, l->items[i].name, name))
            return &l->items[i];
    }
    return NULL;
}

/* Fill a zeroed extra; false when out of memory (x left cleared). */
static bool
extra_fill(struct extra *x, enum extra_kind kind, const char *name,
           const char *value, bool is_secret)
{
    x->kind = kind;
    x->is_secret = is_secret;
    x->name = strdup(name);
    bool ok = x->name != NULL &&
              asprintf(&x->field, "%s:%s", extra_kind_name(kind), name) >= 0;
    if (!ok)
        x->field = NULL;
    if (ok && !is_secret)
        ok = (x->value = strdup(value ? value : "")) != NULL;
    if (ok && is_secret) {
        ok = secret_assign(&x->secret, value);
    }
    if (!ok)
        extra_clear(x);
    return ok;
}

bool
extra_list_set(struct extra_list *l, enum extra_kind kind, const char *name,
               const char *value, bool is_secret)
{
    struct extra fresh = {0};
    if (!extra_fill(&fresh, kind, name, value, is_secret))
        return false;
    struct extra *old = extra_list_find(l, kind, name);
    if (old != NULL) {
        extra_clear(old);
        *old = fresh;
        return true;
    }
    struct extra *grown = realloc(l->items, (l->n + 1) * sizeof *grown);
    if (grown == NULL) {
        extra_clear(&fresh);
        return false;
    }
    l->items = grown;
    l->items[l->n++] = fresh;
    return true;
}

bool
extra_list_remove(struct extra_list *l, enum extra_kind kind, const char *name)
{
    struct extra *x = extra_list_find(l, kind, name);
    if (x == NULL)
        return false;
    size_t i = (size_t)(x - l->items);
    extra_clear(x);
    memmove(&l->items[i], &l->items[i + 1], (l->n - i - 1) * sizeof *x);
    l->n--;
    return true;
}

const char *
extra_plain_value(const struct integration *ig, const struct extra *x)
{
    const char *v = x->value ? x->value : "";
    if (strcmp(v, MODEL_CLIENT_ID_REF) == 0 && ig->oauth.client_id != NULL)
        return ig->oauth.client_id;
    return v;
}

void
extra_list_free(struct extra_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        extra_clear(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

bool
extra_list_copy(struct extra_list *dst, const struct extra_list *src)
{
    dst->items = NULL;
    dst->n = 0;
    if (src->n == 0)
        return true;
    dst->items = calloc(src->n, sizeof *dst->items);
    if (dst->items == NULL)
        return false;
    for (size_t i = 0; i < src->n; i++) {
        const struct extra *s = &src->items[i];
        struct extra *d = &dst->items[i];
        dst->n = i + 1;
        if (!extra_fill(d, s->kind, s->name, s->is_secret ? NULL : s->value,
                        s->is_secret)) {
            extra_list_free(dst);
            return false;
        }
        if (s->is_secret) {
            secret_clear(&d->secret);
            if (s->secret.value != NULL &&
                !secret_assign(&d->secret, s->secret.value)) {
                extra_list_free(dst);
                return false;
            }
            d->secret.state = s->secret.state;
            d->secret.changed = s->secret.changed;
        }
    }
    return true;
}

void
test_spec_free(struct test_spec *t)
{
    free(t->method);
    free(t->body);
    free(t->statuses);
    free(t->expect_pointer);
    free(t->expect_value);
    free(t->expect_text);
    memset(t, 0, sizeof *t);
}

bool
test_spec_copy(struct test_spec *dst, const struct test_spec *src)
{
    memset(dst, 0, sizeof *dst);
    bool ok = model_set_str(&dst->method, src->method) &&
              model_set_str(&dst->body, src->body) &&
              model_set_str(&dst->statuses, src->statuses) &&
              model_set_str(&dst->expect_pointer, src->expect_pointer) &&
              model_set_str(&dst->expect_value, src->expect_value) &&
              model_set_str(&dst->expect_text, src->expect_text);
    if (!ok)
        test_spec_free(dst);
    return ok;
}
