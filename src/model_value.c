/* model_value.c — the values an integration is made of: strings, secrets
 * (in guarded memory, see secmem.h) and key/value lists (see model.h).
 * The bottom of the model: it calls nothing above it. */
#include "model.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "secmem.h"

static void
wipe_str(char **s)
{
    if (*s != NULL) {
        sodium_memzero(*s, strlen(*s));
        free(*s);
        *s = NULL;
    }
}

void
secret_clear(struct secret *s)
{
    secmem_free(s->value);
    s->value = NULL;
    s->state = SECRET_UNSET;
    s->changed = false;
}

bool
secret_assign(struct secret *s, const char *value)
{
    char *copy = NULL;
    if (value != NULL && value[0] != '\0') {
        copy = secmem_strdup(value);
        if (copy == NULL)
            return false;
    }
    secmem_free(s->value);
    s->value = copy;
    s->state = copy ? SECRET_LOADED : SECRET_UNSET;
    s->changed = true;
    return true;
}

bool
secret_is_set(const struct secret *s)
{
    if (s->changed)
        return s->value != NULL;
    return s->state != SECRET_UNSET;
}

void
kv_list_free(struct kv_list *l)
{
    /* Values may be credentials (an Authorization header): wipe them. */
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].key);
        wipe_str(&l->items[i].value);
    }
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

bool
kv_list_add(struct kv_list *l, const char *key, const char *value)
{
    struct kv *grown = realloc(l->items, (l->n + 1) * sizeof *grown);
    if (grown == NULL)
        return false;
    l->items = grown;
    char *k = strdup(key ? key : "");
    char *v = strdup(value ? value : "");
    if (k == NULL || v == NULL) {
        free(k);
        free(v);
        return false;
    }
    l->items[l->n].key = k;
    l->items[l->n].value = v;
    l->n++;
    return true;
}

bool
kv_list_copy(struct kv_list *dst, const struct kv_list *src)
{
    dst->items = NULL;
    dst->n = 0;
    for (size_t i = 0; i < src->n; i++) {
        if (!kv_list_add(dst, src->items[i].key, src->items[i].value)) {
            kv_list_free(dst);
            return false;
        }
    }
    return true;
}

bool
model_set_str(char **dst, const char *src)
{
    char *copy = NULL;
    if (src != NULL && src[0] != '\0') {
        copy = strdup(src);
        if (copy == NULL)
            return false;
    }
    free(*dst);
    *dst = copy;
    return true;
}
