/* saved.c — saved requests as data: building one from a composed request,
 * which parts are secret, filling its variables. */
#include "saved.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "redact.h"
#include "validate.h"

struct saved_request *
saved_new(void)
{
    return calloc(1, sizeof(struct saved_request));
}

static void
wipe_free(char *s, size_t n)
{
    if (s != NULL) {
        sodium_memzero(s, n);
        free(s);
    }
}

void
saved_free(struct saved_request *r)
{
    if (r == NULL)
        return;
    free(r->name);
    free(r->method);
    free(r->path);
    for (size_t i = 0; i < r->n; i++) {
        free(r->parts[i].key);
        wipe_free(r->parts[i].value, r->parts[i].len);
    }
    free(r->parts);
    free(r);
}

bool
saved_add_part(struct saved_request *r, enum saved_kind kind, const char *key,
               const char *value, size_t len, bool secret)
{
    struct saved_part *g = realloc(r->parts, (r->n + 1) * sizeof *g);
    if (g == NULL)
        return false;
    r->parts = g;
    struct saved_part *p = &r->parts[r->n];
    p->kind = kind;
    p->key = strdup(key ? key : "");
    p->value = malloc(len + 1);
    p->len = len;
    p->secret = secret;
    if (p->key == NULL || p->value == NULL) {
        free(p->key);
        free(p->value);
        return false;
    }
    if (len > 0)
        memcpy(p->value, value, len);
    p->value[len] = '\0';
    r->n++;
    return true;
}

static bool
dup_str(char **dst, const char *src)
{
    *dst = src ? strdup(src) : NULL;
    return src == NULL || *dst != NULL;
}

struct saved_request *
saved_dup(const struct saved_request *r)
{
    struct saved_request *d = saved_new();
    if (d == NULL)
        return NULL;
    d->id = r->id;
    d->created_at = r->created_at;
    d->updated_at = r->updated_at;
    bool ok = dup_str(&d->name, r->name) && dup_str(&d->method, r->method) &&
              dup_str(&d->path, r->path);
    for (size_t i = 0; ok && i < r->n; i++) {
        const struct saved_part *p = &r->parts[i];
        ok = saved_add_part(d, p->kind, p->key, p->value, p->len, p->secret);
    }
    if (!ok) {
        saved_free(d);
        return NULL;
    }
    return d;
}

static bool
add_list(struct saved_request *r, enum saved_kind kind, const struct kv_list *l)
{
    for (size_t i = 0; l != NULL && i < l->n; i++) {
        const char *v = l->items[i].value ? l->items[i].value : "";
        if (!saved_add_part(r, kind, l->items[i].key, v, strlen(v), false))
            return false;
    }
    return true;
}

tstatus
saved_from_request(const char *name, const struct http_request *req,
                   struct saved_request **out, struct err *e)
{
    *out = NULL;
    char *clean = NULL;
    tstatus rc = name ? validate_name(name, &clean, e) : TS_OK;
    if (rc != TS_OK)
        return rc;
    struct saved_request *r = saved_new();
    bool ok = r != NULL;
    if (ok) {
        r->name = clean;
        clean = NULL;
        ok = dup_str(&r->method, req->method ? req->method : "GET") &&
             dup_str(&r->path, req->path ? req->path : "/") &&
             add_list(r, SAVED_QUERY, req->query) &&
             add_list(r, SAVED_HEADER, req->headers) &&
             (req->body == NULL || saved_add_part(r, SAVED_BODY, "", req->body,
                                                  req->body_len, false));
    }
    free(clean);
    if (!ok) {
        saved_free(r);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    for (char *m = r->method; *m; m++)
        if (*m >= 'a' && *m <= 'z')
            *m = (char)(*m - 32);
    *out = r;
    return TS_OK;
}

static bool
secret_header(const struct integration *ig, const char *name)
{
    static const char *const always[] = {"Authorization", "Proxy-Authorization",
                                         "Cookie"};
    for (size_t i = 0; i < sizeof always / sizeof always[0]; i++)
        if (strcasecmp(name, always[i]) == 0)
            return true;
    return ig != NULL && ig->auth == AUTH_API_KEY && ig->api_key.header &&
           strcasecmp(name, ig->api_key.header) == 0;
}

tstatus
saved_mark_secrets(const struct integration *ig, struct saved_request *r,
                   struct err *e)
{
    struct redact_secrets *rs = NULL;
    tstatus rc = redact_secrets_new(ig, &rs, e);
    if (rc != TS_OK)
        return rc;
    for (size_t i = 0; i < r->n; i++) {
        struct saved_part *p = &r->parts[i];
        struct redact_span sp;
        if ((p->kind == SAVED_HEADER && secret_header(ig, p->key)) ||
            redact_find_spans(rs, p->value, p->len, &sp, 1) > 0 ||
            redact_find_spans(rs, p->key, strlen(p->key), &sp, 1) > 0)
            p->secret = true;
    }
    redact_secrets_free(rs);
    return TS_OK;
}

bool
saved_missing(const struct saved_request *r, const struct vars *v,
              struct kv_list *missing)
{
    bool ok = vars_missing(v, r->path, strlen(r->path), missing);
    for (size_t i = 0; ok && i < r->n; i++)
        ok = vars_missing(v, r->parts[i].key, strlen(r->parts[i].key),
                          missing) &&
             vars_missing(v, r->parts[i].value, r->parts[i].len, missing);
    return ok;
}

void
saved_filled_clear(struct saved_filled *f)
{
    free(f->method);
    free(f->path);
    kv_list_free(&f->query);
    kv_list_free(&f->headers);
    wipe_free(f->body, f->body_len);
    kv_list_free(&f->secrets);
    memset(f, 0, sizeof *f);
}

/* Fill one query parameter or header onto its list. */
static tstatus
fill_kv(const struct saved_part *p, const struct vars *v, struct kv_list *l,
        struct kv_list *secrets, struct err *e)
{
    char *k = NULL, *val = NULL;
    tstatus rc = vars_fill(v, p->key, strlen(p->key), &k, NULL, secrets, e);
    if (rc == TS_OK)
        rc = vars_fill(v, p->value, p->len, &val, NULL, secrets, e);
    if (rc == TS_OK && p->kind == SAVED_HEADER &&
        (rc = validate_header_name("header", k, e)) == TS_OK)
        rc = validate_header_value(k, val, e);
    if (rc == TS_OK && !kv_list_add(l, k, val))
        rc = err_set(e, TS_NOMEM, NULL, "out of memory");
    free(k);
    wipe_free(val, val ? strlen(val) : 0);
    return rc;
}

tstatus
saved_fill(const struct saved_request *r, const struct vars *v,
           struct saved_filled *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    /* Name every unknown variable at once, not the first one only. */
    struct kv_list missing = {0};
    if (!saved_missing(r, v, &missing)) {
        kv_list_free(&missing);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    if (missing.n > 0) {
        tstatus rc = vars_fail_missing(&missing, e);
        kv_list_free(&missing);
        return rc;
    }
    kv_list_free(&missing);
    char *path = NULL;
    tstatus rc =
        vars_fill(v, r->path, strlen(r->path), &path, NULL, &out->secrets, e);
    if (rc == TS_OK)
        rc = validate_path("path", path, &out->path, e);
    free(path);
    for (size_t i = 0; rc == TS_OK && i < r->n; i++) {
        const struct saved_part *p = &r->parts[i];
        if (p->kind == SAVED_BODY) {
            wipe_free(out->body, out->body_len);
            out->body = NULL;
            rc = vars_fill(v, p->value, p->len, &out->body, &out->body_len,
                           &out->secrets, e);
        } else {
            rc = fill_kv(p, v,
                         p->kind == SAVED_QUERY ? &out->query : &out->headers,
                         &out->secrets, e);
        }
    }
    if (rc == TS_OK && !(out->method = strdup(r->method ? r->method : "GET")))
        rc = err_set(e, TS_NOMEM, NULL, "out of memory");
    if (rc != TS_OK) {
        saved_filled_clear(out);
        return rc;
    }
    out->req = (struct http_request){
        .method = out->method,
        .path = out->path,
        .query = &out->query,
        .headers = &out->headers,
        .body = out->body,
        .body_len = out->body_len,
    };
    return TS_OK;
}

bool
saved_filled_give_secrets(struct saved_filled *f, struct integration *ig)
{
    for (size_t i = 0; i < f->secrets.n; i++)
        if (!kv_list_add(&ig->secret_values, "", f->secrets.items[i].value))
            return false;
    return true;
}
