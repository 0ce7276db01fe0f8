/* vars.c — "{{name}}" references: finding them, filling them. */
#include "vars.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

tstatus
vars_check_name(const char *name, struct err *e)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0)
        return err_set(e, TS_INVALID, "variable", "a variable needs a name");
    if (n > VARS_NAME_MAX)
        return err_set(e, TS_INVALID, "variable",
                       "a variable name has at most %d characters",
                       VARS_NAME_MAX);
    for (size_t i = 0; i < n; i++)
        if (!name_char(name[i]))
            return err_set(e, TS_INVALID, "variable",
                           "\"%s\": a variable name holds letters, digits, "
                           "'_', '-' and '.' only",
                           name);
    if (strncmp(name, "env.", 4) == 0)
        return err_set(e, TS_INVALID, "variable",
                       "\"%s\": names starting with \"env.\" are read from "
                       "the environment",
                       name);
    return TS_OK;
}

bool
vars_add(struct vars *v, const char *name, const char *value, bool secret)
{
    if (vars_find(v, name) != NULL)
        return true;
    struct var *g = realloc(v->items, (v->n + 1) * sizeof *g);
    if (g == NULL)
        return false;
    v->items = g;
    struct var *x = &v->items[v->n];
    x->name = strdup(name);
    x->value = strdup(value ? value : "");
    x->secret = secret;
    if (x->name == NULL || x->value == NULL) {
        free(x->name);
        free(x->value);
        return false;
    }
    v->n++;
    return true;
}

const struct var *
vars_find(const struct vars *v, const char *name)
{
    for (size_t i = 0; v != NULL && i < v->n; i++)
        if (strcmp(v->items[i].name, name) == 0)
            return &v->items[i];
    return NULL;
}

void
vars_free(struct vars *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->items[i].name);
        sodium_memzero(v->items[i].value, strlen(v->items[i].value));
        free(v->items[i].value);
    }
    free(v->items);
    v->items = NULL;
    v->n = 0;
}

/* A reference at text[i]: "{{", spaces, a name, spaces, "}}". Fills the
 * name's bounds and returns the length of the whole reference, or 0. */
static size_t
ref_at(const char *text, size_t len, size_t i, size_t *name_off,
       size_t *name_len)
{
    if (i + 1 >= len || text[i] != '{' || text[i + 1] != '{')
        return 0;
    size_t j = i + 2;
    while (j < len && text[j] == ' ')
        j++;
    size_t start = j;
    while (j < len && name_char(text[j]))
        j++;
    size_t end = j;
    while (j < len && text[j] == ' ')
        j++;
    if (end == start || end - start > VARS_NAME_MAX + 4 || j + 1 >= len ||
        text[j] != '}' || text[j + 1] != '}')
        return 0;
    *name_off = start;
    *name_len = end - start;
    return j + 2 - i;
}

/* The value of a reference, or NULL; *secret says whether to redact it. */
static const char *
lookup(const struct vars *v, const char *name, bool *secret)
{
    if (strncmp(name, "env.", 4) == 0) {
        *secret = true;
        return name[4] != '\0' ? getenv(name + 4) : NULL;
    }
    const struct var *x = vars_find(v, name);
    *secret = x != NULL && x->secret;
    return x ? x->value : NULL;
}

static bool
list_has(const struct kv_list *l, const char *key)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].key, key) == 0)
            return true;
    return false;
}

static bool
has_value(const struct kv_list *l, const char *value)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].value, value) == 0)
            return true;
    return false;
}

/* Walk the references of text, calling each(name) in order. */
static bool
walk(const char *text, size_t len,
     bool (*each)(const char *name, size_t off, size_t ref_len, void *arg),
     void *arg)
{
    char name[VARS_NAME_MAX + 8];
    for (size_t i = 0; text != NULL && i < len;) {
        size_t off, n, r = ref_at(text, len, i, &off, &n);
        if (r == 0) {
            i++;
            continue;
        }
        memcpy(name, text + off, n);
        name[n] = '\0';
        if (!each(name, i, r, arg))
            return false;
        i += r;
    }
    return true;
}

struct missing_ctx {
    const struct vars *v;
    struct kv_list *missing;
};

static bool
missing_one(const char *name, size_t off, size_t ref_len, void *arg)
{
    (void)off;
    (void)ref_len;
    struct missing_ctx *m = arg;
    bool secret;
    if (lookup(m->v, name, &secret) != NULL || list_has(m->missing, name))
        return true;
    return kv_list_add(m->missing, name, "");
}

bool
vars_missing(const struct vars *v, const char *text, size_t len,
             struct kv_list *missing)
{
    struct missing_ctx m = {v, missing};
    return walk(text, len, missing_one, &m);
}

char *
vars_names(const struct kv_list *missing)
{
    size_t cap = 1;
    for (size_t i = 0; i < missing->n; i++)
        cap += strlen(missing->items[i].key) + 8;
    char *s = malloc(cap);
    if (s == NULL)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0; i < missing->n; i++) {
        if (i > 0)
            strcat(s, i + 1 == missing->n ? " and " : ", ");
        strcat(s, missing->items[i].key);
    }
    return s;
}

tstatus
vars_fail_missing(const struct kv_list *missing, struct err *e)
{
    char *names = vars_names(missing);
    bool env = false;
    for (size_t i = 0; i < missing->n; i++)
        env = env || strncmp(missing->items[i].key, "env.", 4) == 0;
    tstatus rc = err_set(
        e, TS_INVALID, "variable",
        "%s %s%s not set: set %s with `tether var INTEGRATION set K V` or "
        "--var K=V%s; nothing was sent",
        missing->n == 1 ? "the variable" : "the variables", names ? names : "?",
        missing->n == 1 ? " is" : " are", missing->n == 1 ? "it" : "them",
        env ? " (env.X is the environment variable X)" : "");
    free(names);
    return rc;
}

struct fill_ctx {
    const struct vars *v;
    const char *text;
    size_t done; /* text copied up to here */
    char *out;
    size_t n, cap;
    struct kv_list *secrets;
    bool ok;
};

static bool
fill_put(struct fill_ctx *f, const char *s, size_t n)
{
    if (f->n + n + 1 > f->cap) {
        size_t cap = (f->n + n + 1) * 2;
        char *g = realloc(f->out, cap);
        if (g == NULL)
            return f->ok = false;
        f->out = g;
        f->cap = cap;
    }
    memcpy(f->out + f->n, s, n);
    f->n += n;
    f->out[f->n] = '\0';
    return true;
}

static bool
fill_one(const char *name, size_t off, size_t ref_len, void *arg)
{
    struct fill_ctx *f = arg;
    bool secret;
    const char *val = lookup(f->v, name, &secret);
    if (val == NULL)
        val = "";
    if (!fill_put(f, f->text + f->done, off - f->done) ||
        !fill_put(f, val, strlen(val)))
        return false;
    f->done = off + ref_len;
    if (secret && val[0] != '\0' && f->secrets != NULL &&
        !has_value(f->secrets, val) && !kv_list_add(f->secrets, "", val))
        return f->ok = false;
    return true;
}

tstatus
vars_fill(const struct vars *v, const char *text, size_t len, char **out,
          size_t *out_len, struct kv_list *secrets, struct err *e)
{
    *out = NULL;
    if (text == NULL)
        len = 0;
    struct kv_list missing = {0};
    if (!vars_missing(v, text, len, &missing)) {
        kv_list_free(&missing);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    if (missing.n > 0) {
        tstatus rc = vars_fail_missing(&missing, e);
        kv_list_free(&missing);
        return rc;
    }
    kv_list_free(&missing);
    struct fill_ctx f = {.v = v, .text = text, .secrets = secrets, .ok = true};
    if (!fill_put(&f, "", 0) || !walk(text, len, fill_one, &f) ||
        !fill_put(&f, text ? text + f.done : "", len - f.done)) {
        if (f.out != NULL)
            sodium_memzero(f.out, f.n);
        free(f.out);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    *out = f.out;
    if (out_len != NULL)
        *out_len = f.n;
    return TS_OK;
}
