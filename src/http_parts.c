/* http_parts.c — request bodies built from rows: multipart parts (copies,
 * checks, the summary the history keeps) and form-urlencoded bodies. */
#define _GNU_SOURCE /* asprintf */
#include "http_int.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool
dup_opt(char **dst, const char *src)
{
    *dst = NULL;
    return src == NULL || (*dst = strdup(src)) != NULL;
}

bool
http_parts_copy(struct http_part **out, const struct http_part *parts, size_t n)
{
    *out = NULL;
    if (n == 0)
        return true;
    struct http_part *v = calloc(n, sizeof *v);
    if (v == NULL)
        return false;
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        const struct http_part *p = &parts[i];
        ok = dup_opt(&v[i].name, p->name) && dup_opt(&v[i].file, p->file) &&
             dup_opt(&v[i].filename, p->filename) &&
             dup_opt(&v[i].type, p->type);
        if (ok && p->data != NULL) {
            v[i].data = malloc(p->data_len + 1);
            if ((ok = v[i].data != NULL)) {
                memcpy(v[i].data, p->data, p->data_len);
                v[i].data[p->data_len] = '\0';
                v[i].data_len = p->data_len;
            }
        }
    }
    if (!ok) {
        http_parts_free(v, n);
        return false;
    }
    *out = v;
    return true;
}

void
http_parts_free(struct http_part *parts, size_t n)
{
    if (parts == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        free(parts[i].name);
        if (parts[i].data != NULL) {
            sodium_memzero(parts[i].data, parts[i].data_len);
            free(parts[i].data);
        }
        free(parts[i].file);
        free(parts[i].filename);
        free(parts[i].type);
    }
    free(parts);
}

tstatus
http_parts_check(const struct http_part *parts, size_t n, struct err *e)
{
    for (size_t i = 0; i < n; i++) {
        const struct http_part *p = &parts[i];
        if (p->name == NULL || p->name[0] == '\0')
            return err_set(e, TS_INVALID, "form",
                           "part %zu of the form has no name", i + 1);
        if (p->file == NULL)
            continue;
        struct stat sb;
        if (stat(p->file, &sb) != 0 || access(p->file, R_OK) != 0)
            return err_set(e, TS_INVALID, "form",
                           "the file %s of the part \"%s\" cannot be read: "
                           "%s",
                           p->file, p->name, strerror(errno));
        if (!S_ISREG(sb.st_mode))
            return err_set(e, TS_INVALID, "form",
                           "%s (the part \"%s\") is not a regular file",
                           p->file, p->name);
    }
    return TS_OK;
}

/* The base name of a path (the part after the last '/'). */
static const char *
base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

bool
http_parts_summary(const struct http_part *parts, size_t n, char **out,
                   size_t *len)
{
    struct http_buf b = {0};
    bool ok = http_buf_str(&b, "multipart/form-data\n");
    for (size_t i = 0; ok && i < n; i++) {
        const struct http_part *p = &parts[i];
        ok = http_buf_str(&b, p->name ? p->name : "") && http_buf_str(&b, "=");
        if (ok && p->file == NULL) {
            ok = http_buf_add(&b, p->data ? p->data : "", p->data_len);
        } else if (ok) {
            struct stat sb;
            char *line = NULL;
            long long size =
                stat(p->file, &sb) == 0 ? (long long)sb.st_size : -1;
            char sz[32];
            if (size >= 0)
                snprintf(sz, sizeof sz, "%lld bytes", size);
            else
                snprintf(sz, sizeof sz, "size unknown");
            ok = asprintf(&line, "@%s (filename %s, %s%s%s)", p->file,
                          p->filename ? p->filename : base_name(p->file), sz,
                          p->type ? ", type " : "",
                          p->type ? p->type : "") >= 0 &&
                 http_buf_str(&b, line);
            free(line);
        }
        if (ok && p->file == NULL && p->type != NULL)
            ok = http_buf_str(&b, " (type ") && http_buf_str(&b, p->type) &&
                 http_buf_str(&b, ")");
        ok = ok && http_buf_str(&b, "\n");
    }
    if (!ok) {
        http_buf_free(&b);
        return false;
    }
    *out = b.data;
    *len = b.len;
    return true;
}

/* One summary line "name=@PATH (filename F, ..., type T)" as a row. */
static bool
file_row(struct kv_list *rows, const char *name, const char *rest)
{
    const char *meta = strstr(rest, " (filename ");
    if (meta == NULL)
        return kv_list_add(rows, name, rest);
    const char *last;
    while ((last = strstr(meta + 1, " (filename ")) != NULL)
        meta = last;
    const char *fn = meta + strlen(" (filename ");
    const char *comma = strstr(fn, ", ");
    const char *type = strstr(fn, ", type ");
    struct http_buf b = {0};
    bool ok = http_buf_add(&b, rest, (size_t)(meta - rest)) &&
              http_buf_str(&b, ";filename=") &&
              http_buf_add(&b, fn, comma ? (size_t)(comma - fn) : strlen(fn));
    if (ok && type != NULL) {
        const char *t = type + strlen(", type ");
        size_t tl = strlen(t);
        if (tl > 0 && t[tl - 1] == ')')
            tl--;
        ok = http_buf_str(&b, ";type=") && http_buf_add(&b, t, tl);
    }
    ok = ok && kv_list_add(rows, name, b.data);
    http_buf_free(&b);
    return ok;
}

bool
http_parts_from_summary(const char *text, size_t len, struct kv_list *rows)
{
    static const char head[] = "multipart/form-data\n";
    if (text == NULL || len < sizeof head - 1 ||
        memcmp(text, head, sizeof head - 1) != 0 || memchr(text, 0, len))
        return false;
    struct kv_list got = {0};
    bool ok = true;
    const char *p = text + sizeof head - 1, *end = text + len;
    while (ok && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char *line = strndup(p, n);
        char *eq = line ? strchr(line, '=') : NULL;
        if (line == NULL) {
            ok = false;
        } else if (eq == NULL || eq == line) {
            /* The next line of a value that held a line break. */
            if (got.n > 0) {
                struct kv *last = &got.items[got.n - 1];
                char *v = NULL;
                ok = asprintf(&v, "%s\n%s", last->value, line) >= 0;
                if (ok) {
                    free(last->value);
                    last->value = v;
                }
            }
        } else {
            *eq = '\0';
            ok = eq[1] == '@' ? file_row(&got, line, eq + 1)
                              : kv_list_add(&got, line, eq + 1);
        }
        free(line);
        p += n + 1;
    }
    for (size_t i = 0; ok && i < got.n; i++)
        ok = kv_list_add(rows, got.items[i].key, got.items[i].value);
    kv_list_free(&got);
    return ok;
}

char *
http_form_encode(const struct kv_list *rows)
{
    struct http_buf b = {0};
    bool ok = http_buf_str(&b, "");
    for (size_t i = 0; ok && rows != NULL && i < rows->n; i++) {
        char *k = http_url_escape(rows->items[i].key);
        char *v =
            http_url_escape(rows->items[i].value ? rows->items[i].value : "");
        ok = k && v && (i == 0 || http_buf_str(&b, "&")) &&
             http_buf_str(&b, k) && http_buf_str(&b, "=") &&
             http_buf_str(&b, v);
        free(k);
        if (v != NULL)
            sodium_memzero(v, strlen(v));
        free(v);
    }
    if (!ok) {
        if (b.data != NULL)
            sodium_memzero(b.data, b.len);
        http_buf_free(&b);
        return NULL;
    }
    return b.data;
}
