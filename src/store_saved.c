/* store_saved.c — saved requests and variables of an integration, secret
 * parts sealed with the store's key (associated data: the integration's
 * uid and the part's place, see data/migrations/003-saved-requests.sql). */
#include "store_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secmem.h"
#include "store_saved.h"
#include "validate.h"

static const char *const kind_names[] = {"query", "header", "body"};

/* The integration named `name`: its row id and uid. */
static tstatus
ig_find(struct store *st, const char *name, int64_t *id,
        char uid[MODEL_UID_LEN + 1], struct err *e)
{
    char *key = store_name_key(st, name);
    if (key == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    sqlite3_stmt *s;
    tstatus rc = store_prepare(
        st, "SELECT id, uid FROM integrations WHERE name_key = :key", &s, e);
    if (rc != TS_OK) {
        free(key);
        return rc;
    }
    store_bind_text(s, ":key", key);
    free(key);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        const char *u = (const char *)sqlite3_column_text(s, 1);
        snprintf(uid, MODEL_UID_LEN + 1, "%s", u ? u : "");
    } else if (r == SQLITE_DONE) {
        rc = err_set(e, TS_NOT_FOUND, "name", "no integration is named \"%s\"",
                     name);
    } else {
        rc = store_sql_fail(st, r, "cannot find the integration", e);
    }
    sqlite3_finalize(s);
    return rc;
}

/* Associated data of a part or a variable: "<uid>:<place>". */
static char *
make_ad(const char *uid, const char *place)
{
    size_t n = strlen(uid) + strlen(place) + 2;
    char *ad = malloc(n);
    if (ad != NULL)
        snprintf(ad, n, "%s:%s", uid, place);
    return ad;
}

/* Bind :value, or :nonce and :ct sealed for `place` when secret. */
static tstatus
bind_sealed(struct store *st, sqlite3_stmt *s, const char *uid,
            const char *place, const char *value, size_t len, bool secret,
            bool text, struct err *e)
{
    if (!secret) {
        if (text)
            store_bind_text(s, ":value", value);
        else
            store_bind_blob(s, ":value", value, len);
        return TS_OK;
    }
    tstatus rc = store_key_ensure(st, true, e);
    if (rc != TS_OK)
        return rc;
    unsigned char nonce[SECRET_NONCE_BYTES];
    unsigned char *ct = malloc(len + SECRET_TAG_BYTES);
    char *ad = make_ad(uid, place);
    if (ct == NULL || ad == NULL) {
        free(ct);
        free(ad);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    secret_seal(st->key, ad, value, len, nonce, ct);
    store_bind_blob(s, ":nonce", nonce, sizeof nonce);
    store_bind_blob(s, ":ct", ct, len + SECRET_TAG_BYTES);
    free(ct);
    free(ad);
    return TS_OK;
}

/* Columns col (value), col+1 (nonce), col+2 (ciphertext): the plain value
 * or the opened one, as a new heap string (*len bytes). *secret says
 * which. Without `open` a secret reads as "". */
static tstatus
read_sealed(struct store *st, sqlite3_stmt *s, int col, const char *uid,
            const char *place, bool open, char **out, size_t *len, bool *secret,
            struct err *e)
{
    *secret = sqlite3_column_type(s, col) == SQLITE_NULL;
    const void *v = "";
    size_t n = 0;
    char *plain = NULL;
    if (!*secret) {
        v = sqlite3_column_blob(s, col);
        n = (size_t)sqlite3_column_bytes(s, col);
    } else if (open) {
        tstatus rc = store_key_ensure(st, false, e);
        if (rc != TS_OK)
            return rc;
        const unsigned char *nonce = sqlite3_column_blob(s, col + 1);
        const unsigned char *ct = sqlite3_column_blob(s, col + 2);
        size_t ct_len = (size_t)sqlite3_column_bytes(s, col + 2);
        char *ad = make_ad(uid, place);
        if (ad == NULL)
            return err_set(e, TS_NOMEM, NULL, "out of memory");
        rc = nonce && sqlite3_column_bytes(s, col + 1) == SECRET_NONCE_BYTES &&
                     ct
                 ? secret_open(st->key, ad, nonce, ct, ct_len, &plain, e)
                 : TS_KEY;
        free(ad);
        if (rc == TS_KEY)
            return err_set(e, TS_KEY, place,
                           "the stored %s cannot be decrypted: it is damaged "
                           "or was moved from another integration",
                           place);
        if (rc != TS_OK)
            return rc;
        v = plain;
        n = ct_len - SECRET_TAG_BYTES;
    }
    *out = malloc(n + 1);
    if (*out != NULL) {
        if (n > 0)
            memcpy(*out, v, n);
        (*out)[n] = '\0';
    }
    *len = n;
    if (plain != NULL)
        secmem_free(plain);
    return *out ? TS_OK : err_set(e, TS_NOMEM, NULL, "out of memory");
}

static void
part_place(char *buf, size_t len, int64_t req_id, enum saved_kind k, size_t pos)
{
    snprintf(buf, len, "req%lld:%s%zu", (long long)req_id, kind_names[k], pos);
}

/* Write r's parts under request row `req_id`. */
static tstatus
parts_write(struct store *st, const char *uid, int64_t req_id,
            const struct saved_request *r, struct err *e)
{
    size_t pos[3] = {0, 0, 0};
    for (size_t i = 0; i < r->n; i++) {
        const struct saved_part *p = &r->parts[i];
        char place[64];
        part_place(place, sizeof place, req_id, p->kind, pos[p->kind]);
        sqlite3_stmt *s;
        tstatus rc = store_prepare(
            st,
            "INSERT INTO saved_request_parts (request_id, kind, pos, key, "
            "value, nonce, ciphertext) VALUES (:id, :kind, :pos, :key, "
            ":value, :nonce, :ct)",
            &s, e);
        if (rc != TS_OK)
            return rc;
        store_bind_int(s, ":id", req_id);
        store_bind_text(s, ":kind", kind_names[p->kind]);
        store_bind_int(s, ":pos", (int64_t)pos[p->kind]++);
        store_bind_text(s, ":key", p->key);
        rc = bind_sealed(st, s, uid, place, p->value, p->len, p->secret, false,
                         e);
        if (rc != TS_OK) {
            sqlite3_finalize(s);
            return rc;
        }
        if ((rc = store_run(st, s, "cannot write a saved request", e)) != TS_OK)
            return rc;
    }
    return TS_OK;
}

static enum saved_kind
kind_parse(const char *k)
{
    if (k != NULL && strcmp(k, "header") == 0)
        return SAVED_HEADER;
    if (k != NULL && strcmp(k, "body") == 0)
        return SAVED_BODY;
    return SAVED_QUERY;
}

/* Read the parts of r (r->id set): query, headers, body. */
static tstatus
parts_read(struct store *st, const char *uid, struct saved_request *r,
           bool open, struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(
        st,
        "SELECT kind, pos, key, value, nonce, ciphertext FROM "
        "saved_request_parts WHERE request_id = :id ORDER BY CASE kind WHEN "
        "'query' THEN 0 WHEN 'header' THEN 1 ELSE 2 END, pos",
        &s, e);
    if (rc != TS_OK)
        return rc;
    store_bind_int(s, ":id", r->id);
    int q;
    while ((q = sqlite3_step(s)) == SQLITE_ROW) {
        enum saved_kind k = kind_parse((const char *)sqlite3_column_text(s, 0));
        char place[64];
        part_place(place, sizeof place, r->id, k,
                   (size_t)sqlite3_column_int64(s, 1));
        const char *key = (const char *)sqlite3_column_text(s, 2);
        char *v = NULL;
        size_t len;
        bool secret;
        rc = read_sealed(st, s, 3, uid, place, open, &v, &len, &secret, e);
        if (rc == TS_OK && !saved_add_part(r, k, key, v, len, secret))
            rc = err_set(e, TS_NOMEM, NULL, "out of memory");
        if (v != NULL) {
            sodium_memzero(v, len);
            free(v);
        }
        if (rc != TS_OK) {
            sqlite3_finalize(s);
            return rc;
        }
    }
    return store_finalize(st, s, q, "cannot read a saved request", e);
}

#define REQ_COLS "id, name, method, path, created_at, updated_at"

static tstatus
req_row(sqlite3_stmt *s, struct saved_request **out, struct err *e)
{
    struct saved_request *r = saved_new();
    const char *name = (const char *)sqlite3_column_text(s, 1);
    const char *method = (const char *)sqlite3_column_text(s, 2);
    const char *path = (const char *)sqlite3_column_text(s, 3);
    if (r == NULL || !(r->name = strdup(name ? name : "")) ||
        !(r->method = strdup(method ? method : "GET")) ||
        !(r->path = strdup(path ? path : "/"))) {
        saved_free(r);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    r->id = sqlite3_column_int64(s, 0);
    r->created_at = sqlite3_column_int64(s, 4);
    r->updated_at = sqlite3_column_int64(s, 5);
    *out = r;
    return TS_OK;
}

/* The request row `name` of integration row ig_id, without its parts. */
static tstatus
req_find(struct store *st, int64_t ig_id, const char *ig_name, const char *name,
         struct saved_request **out, struct err *e)
{
    *out = NULL;
    char *key = store_name_key(st, name);
    if (key == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st,
                               "SELECT " REQ_COLS " FROM saved_requests "
                               "WHERE integration_id = :ig AND name_key = :key",
                               &s, e);
    if (rc == TS_OK) {
        store_bind_int(s, ":ig", ig_id);
        store_bind_text(s, ":key", key);
        int r = sqlite3_step(s);
        if (r == SQLITE_ROW)
            rc = req_row(s, out, e);
        else if (r == SQLITE_DONE)
            rc = err_set(e, TS_NOT_FOUND, "request",
                         "\"%s\" has no saved request named \"%s\" (see "
                         "tether requests %s)",
                         ig_name, name, ig_name);
        else
            rc = store_sql_fail(st, r, "cannot read a saved request", e);
        sqlite3_finalize(s);
    }
    free(key);
    return rc;
}

/* Insert r as a new row of ig_id (no check of the name's use). */
static tstatus
req_insert(struct store *st, int64_t ig_id, const char *uid,
           struct saved_request *r, struct err *e)
{
    char *key = store_name_key(st, r->name);
    if (key == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    int64_t now = store_now();
    if (r->created_at == 0)
        r->created_at = now;
    r->updated_at = now;
    sqlite3_stmt *s;
    tstatus rc = store_prepare(
        st,
        "INSERT INTO saved_requests (integration_id, name, name_key, method, "
        "path, created_at, updated_at) VALUES (:ig, :name, :key, :method, "
        ":path, :created, :updated)",
        &s, e);
    if (rc == TS_OK) {
        store_bind_int(s, ":ig", ig_id);
        store_bind_text(s, ":name", r->name);
        store_bind_text(s, ":key", key);
        store_bind_text(s, ":method", r->method ? r->method : "GET");
        store_bind_text(s, ":path", r->path ? r->path : "/");
        store_bind_int(s, ":created", r->created_at);
        store_bind_int(s, ":updated", r->updated_at);
        rc = store_run(st, s, "cannot write a saved request", e);
    }
    free(key);
    if (rc == TS_OK) {
        r->id = sqlite3_last_insert_rowid(st->db);
        rc = parts_write(st, uid, r->id, r, e);
    }
    return rc;
}

static tstatus
req_delete(struct store *st, int64_t id, struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc =
        store_prepare(st, "DELETE FROM saved_requests WHERE id = :id", &s, e);
    if (rc != TS_OK)
        return rc;
    store_bind_int(s, ":id", id);
    return store_run(st, s, "cannot delete a saved request", e);
}

static tstatus
check_request(struct saved_request *r, struct err *e)
{
    char *clean = NULL;
    tstatus rc = validate_name(r->name, &clean, e);
    if (rc != TS_OK) {
        err_prefix(e, "request name");
        return rc;
    }
    free(r->name);
    r->name = clean;
    if (r->method == NULL ||
        validate_header_name("method", r->method, e) != TS_OK)
        return err_set(e, TS_INVALID, "method", "\"%s\" is not an HTTP method",
                       r->method ? r->method : "");
    if (r->path == NULL || r->path[0] == '\0')
        return err_set(e, TS_INVALID, "path", "a saved request needs a path");
    return TS_OK;
}

tstatus
store_saved_put(struct store *st, const char *integration,
                struct saved_request *r, bool replace, struct err *e)
{
    tstatus rc = check_request(r, e);
    if (rc != TS_OK || (rc = store_begin(st, e)) != TS_OK)
        return rc;
    int64_t ig_id;
    char uid[MODEL_UID_LEN + 1];
    struct saved_request *old = NULL;
    rc = ig_find(st, integration, &ig_id, uid, e);
    if (rc == TS_OK) {
        struct err ignore = {0};
        if (req_find(st, ig_id, integration, r->name, &old, &ignore) == TS_OK &&
            !replace)
            rc = err_set(e, TS_EXISTS, "request",
                         "\"%s\" has a saved request named \"%s\" already",
                         integration, old->name);
    }
    if (rc == TS_OK && old != NULL) {
        r->created_at = old->created_at;
        rc = req_delete(st, old->id, e);
    }
    if (rc == TS_OK)
        rc = req_insert(st, ig_id, uid, r, e);
    saved_free(old);
    return store_finish(st, rc, e);
}

tstatus
store_saved_get(struct store *st, const char *integration, const char *name,
                struct saved_request **out, struct err *e)
{
    *out = NULL;
    tstatus rc = store_begin_read(st, e);
    if (rc != TS_OK)
        return rc;
    int64_t ig_id;
    char uid[MODEL_UID_LEN + 1];
    rc = ig_find(st, integration, &ig_id, uid, e);
    if (rc == TS_OK)
        rc = req_find(st, ig_id, integration, name, out, e);
    if (rc == TS_OK)
        rc = parts_read(st, uid, *out, true, e);
    rc = store_end_read(st, rc, e);
    if (rc != TS_OK) {
        saved_free(*out);
        *out = NULL;
    }
    return rc;
}

void
store_saved_list_free(struct saved_request **v, size_t n)
{
    for (size_t i = 0; v != NULL && i < n; i++)
        saved_free(v[i]);
    free(v);
}

tstatus
store_saved_list(struct store *st, const char *integration, bool with_secrets,
                 struct saved_request ***out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    tstatus rc = store_begin_read(st, e);
    if (rc != TS_OK)
        return rc;
    int64_t ig_id;
    char uid[MODEL_UID_LEN + 1];
    sqlite3_stmt *s = NULL;
    rc = ig_find(st, integration, &ig_id, uid, e);
    if (rc == TS_OK)
        rc = store_prepare(st,
                           "SELECT " REQ_COLS " FROM saved_requests WHERE "
                           "integration_id = :ig ORDER BY name_key",
                           &s, e);
    struct saved_request **v = NULL;
    size_t count = 0;
    if (rc == TS_OK) {
        store_bind_int(s, ":ig", ig_id);
        int q;
        while (rc == TS_OK && (q = sqlite3_step(s)) == SQLITE_ROW) {
            struct saved_request **g = realloc(v, (count + 1) * sizeof *g);
            if (g == NULL) {
                rc = err_set(e, TS_NOMEM, NULL, "out of memory");
                break;
            }
            v = g;
            if ((rc = req_row(s, &v[count], e)) == TS_OK)
                count++;
        }
        if (rc == TS_OK)
            rc = store_finalize(st, s, q, "cannot list saved requests", e);
        else
            sqlite3_finalize(s);
    }
    for (size_t i = 0; rc == TS_OK && i < count; i++)
        rc = parts_read(st, uid, v[i], with_secrets, e);
    rc = store_end_read(st, rc, e);
    if (rc != TS_OK) {
        store_saved_list_free(v, count);
        return rc;
    }
    *out = v;
    *n = count;
    return TS_OK;
}

tstatus
store_saved_rename(struct store *st, const char *integration,
                   const char *old_name, const char *new_name, struct err *e)
{
    char *clean = NULL;
    tstatus rc = validate_name(new_name, &clean, e);
    if (rc != TS_OK)
        return rc;
    char *key = store_name_key(st, clean);
    if (key == NULL || (rc = store_begin(st, e)) != TS_OK) {
        free(clean);
        free(key);
        return key ? rc : err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    int64_t ig_id;
    char uid[MODEL_UID_LEN + 1];
    struct saved_request *r = NULL, *other = NULL;
    rc = ig_find(st, integration, &ig_id, uid, e);
    if (rc == TS_OK)
        rc = req_find(st, ig_id, integration, old_name, &r, e);
    struct err ignore = {0};
    if (rc == TS_OK &&
        req_find(st, ig_id, integration, clean, &other, &ignore) == TS_OK &&
        other->id != r->id)
        rc = err_set(e, TS_EXISTS, "request",
                     "\"%s\" has a saved request named \"%s\" already",
                     integration, other->name);
    sqlite3_stmt *s;
    if (rc == TS_OK)
        rc = store_prepare(st,
                           "UPDATE saved_requests SET name = :name, name_key "
                           "= :key, updated_at = :now WHERE id = :id",
                           &s, e);
    if (rc == TS_OK) {
        store_bind_text(s, ":name", clean);
        store_bind_text(s, ":key", key);
        store_bind_int(s, ":now", store_now());
        store_bind_int(s, ":id", r->id);
        rc = store_run(st, s, "cannot rename a saved request", e);
    }
    saved_free(r);
    saved_free(other);
    free(clean);
    free(key);
    return store_finish(st, rc, e);
}

tstatus
store_saved_copy(struct store *st, const char *integration, const char *src,
                 const char *dst, struct err *e)
{
    struct saved_request *r = NULL;
    tstatus rc = store_saved_get(st, integration, src, &r, e);
    if (rc != TS_OK)
        return rc;
    free(r->name);
    r->name = strdup(dst);
    r->created_at = 0;
    rc = r->name ? store_saved_put(st, integration, r, false, e)
                 : err_set(e, TS_NOMEM, NULL, "out of memory");
    saved_free(r);
    return rc;
}

tstatus
store_saved_remove(struct store *st, const char *integration, const char *name,
                   struct err *e)
{
    tstatus rc = store_begin(st, e);
    if (rc != TS_OK)
        return rc;
    int64_t ig_id;
    char uid[MODEL_UID_LEN + 1];
    struct saved_request *r = NULL;
    rc = ig_find(st, integration, &ig_id, uid, e);
    if (rc == TS_OK)
        rc = req_find(st, ig_id, integration, name, &r, e);
    if (rc == TS_OK)
        rc = req_delete(st, r->id, e);
    saved_free(r);
    return store_finish(st, rc, e);
}

tstatus
store_var_set(struct store *st, const char *integration, const char *name,
              const char *value, bool secret, struct err *e)
{
    tstatus rc = vars_check_name(name, e);
    if (rc == TS_OK && !secret)
        rc = validate_header_value("value", value ? value : "", e);
    if (rc != TS_OK || (rc = store_begin(st, e)) != TS_OK)
        return rc;
    int64_t ig_id;
    char uid[MODEL_UID_LEN + 1];
    rc = ig_find(st, integration, &ig_id, uid, e);
    sqlite3_stmt *s = NULL;
    if (rc == TS_OK)
        rc = store_prepare(st,
                           "INSERT OR REPLACE INTO variables (integration_id, "
                           "name, value, nonce, ciphertext) VALUES (:ig, "
                           ":name, :value, :nonce, :ct)",
                           &s, e);
    if (rc == TS_OK) {
        char place[VARS_NAME_MAX + 8];
        snprintf(place, sizeof place, "var:%s", name);
        store_bind_int(s, ":ig", ig_id);
        store_bind_text(s, ":name", name);
        const char *v = value ? value : "";
        rc = bind_sealed(st, s, uid, place, v, strlen(v), secret, true, e);
        if (rc == TS_OK)
            rc = store_run(st, s, "cannot write a variable", e);
        else
            sqlite3_finalize(s);
    }
    return store_finish(st, rc, e);
}

tstatus
store_var_remove(struct store *st, const char *integration, const char *name,
                 struct err *e)
{
    tstatus rc = store_begin(st, e);
    if (rc != TS_OK)
        return rc;
    int64_t ig_id;
    char uid[MODEL_UID_LEN + 1];
    rc = ig_find(st, integration, &ig_id, uid, e);
    sqlite3_stmt *s;
    if (rc == TS_OK)
        rc = store_prepare(st,
                           "DELETE FROM variables WHERE integration_id = :ig "
                           "AND name = :name",
                           &s, e);
    if (rc == TS_OK) {
        store_bind_int(s, ":ig", ig_id);
        store_bind_text(s, ":name", name);
        rc = store_run(st, s, "cannot delete a variable", e);
    }
    if (rc == TS_OK && sqlite3_changes(st->db) == 0)
        rc = err_set(e, TS_NOT_FOUND, "variable",
                     "\"%s\" has no variable named \"%s\"", integration, name);
    return store_finish(st, rc, e);
}

tstatus
store_var_list(struct store *st, const char *integration, bool with_secrets,
               struct vars *out, struct err *e)
{
    tstatus rc = store_begin_read(st, e);
    if (rc != TS_OK)
        return rc;
    int64_t ig_id;
    char uid[MODEL_UID_LEN + 1];
    rc = ig_find(st, integration, &ig_id, uid, e);
    sqlite3_stmt *s = NULL;
    if (rc == TS_OK)
        rc = store_prepare(st,
                           "SELECT name, value, nonce, ciphertext FROM "
                           "variables WHERE integration_id = :ig ORDER BY "
                           "name",
                           &s, e);
    if (rc == TS_OK) {
        store_bind_int(s, ":ig", ig_id);
        int q;
        while (rc == TS_OK && (q = sqlite3_step(s)) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(s, 0);
            char place[VARS_NAME_MAX + 8];
            snprintf(place, sizeof place, "var:%s", name ? name : "");
            char *v = NULL;
            size_t len;
            bool secret;
            rc = read_sealed(st, s, 1, uid, place, with_secrets, &v, &len,
                             &secret, e);
            if (rc == TS_OK && !vars_add(out, name ? name : "", v, secret))
                rc = err_set(e, TS_NOMEM, NULL, "out of memory");
            if (v != NULL) {
                sodium_memzero(v, len);
                free(v);
            }
        }
        if (rc == TS_OK)
            rc = store_finalize(st, s, q, "cannot read the variables", e);
        else
            sqlite3_finalize(s);
    }
    return store_end_read(st, rc, e);
}
