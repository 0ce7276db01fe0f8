/* store_history.c — the request history: entries are appended already
 * redacted by the sender and listed newest first. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* What an entry takes in the store, near enough. */
static size_t
history_entry_bytes(const struct history_entry *h)
{
    size_t n = h->request_body_len + h->response_body_len;
    const char *const texts[] = {h->url, h->request_headers,
                                 h->response_headers, h->error};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        n += texts[i] != NULL ? strlen(texts[i]) : 0;
    return n;
}

/* Delete the entry the query finds (its at and id) and every older one,
 * in the order the history is listed in (none when it finds nothing). */
static tstatus
history_drop_through(struct store *st, const char *query, int64_t bound,
                     struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st, query, &s, e);
    if (rc != TS_OK)
        return rc;
    store_bind_int(s, ":bound", bound);
    int r = sqlite3_step(s);
    bool found = r == SQLITE_ROW;
    int64_t at = found ? sqlite3_column_int64(s, 0) : 0;
    int64_t id = found ? sqlite3_column_int64(s, 1) : 0;
    if ((rc = store_finalize(st, s, r, "cannot trim the history", e)) !=
            TS_OK ||
        !found)
        return rc;
    if ((rc = store_prepare(st,
                            "DELETE FROM history WHERE at < :at OR "
                            "(at = :at AND id <= :id)",
                            &s, e)) != TS_OK)
        return rc;
    store_bind_int(s, ":at", at);
    store_bind_int(s, ":id", id);
    return store_run(st, s, "cannot trim the history", e);
}

/* Keep the newest STORE_HISTORY_KEEP entries, and of those only as many
 * as fit in STORE_HISTORY_BYTES. Both walk the entries' times, ids and
 * sizes in an index, never the entries: the total first, then, only when
 * it is over, the oldest entries up to the excess (the newest that fit
 * stay). */
static tstatus
history_trim(struct store *st, struct err *e)
{
    tstatus rc = history_drop_through(
        st,
        "SELECT at, id FROM history INDEXED BY history_by_size "
        "ORDER BY at DESC, id DESC LIMIT 1 OFFSET :bound",
        STORE_HISTORY_KEEP, e);
    if (rc != TS_OK)
        return rc;
    sqlite3_stmt *s;
    if ((rc = store_prepare(st,
                            "SELECT total(bytes) FROM history "
                            "INDEXED BY history_by_size",
                            &s, e)) != TS_OK)
        return rc;
    int r = sqlite3_step(s);
    double total = r == SQLITE_ROW ? sqlite3_column_double(s, 0) : 0;
    if ((rc = store_finalize(st, s, r, "cannot trim the history", e)) !=
            TS_OK ||
        total <= (double)STORE_HISTORY_BYTES)
        return rc;
    return history_drop_through(
        st,
        "SELECT at, id FROM (SELECT at, id, sum(bytes) OVER (ORDER BY at, "
        "id) AS run FROM history INDEXED BY history_by_size) "
        "WHERE run >= :bound LIMIT 1",
        (int64_t)total - STORE_HISTORY_BYTES, e);
}

tstatus
store_history_add(struct store *st, struct history_entry *h, struct err *e)
{
    char *key = h->integration ? store_name_key(st, h->integration) : NULL;
    if (h->integration != NULL && key == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    tstatus rc = store_begin(st, e);
    if (rc != TS_OK) {
        free(key);
        return rc;
    }
    sqlite3_stmt *s;
    rc = store_prepare(
        st,
        "INSERT INTO history (at, integration, integration_key, method, url, "
        "status, error, dns_ms, connect_ms, tls_ms, first_byte_ms, total_ms, "
        "request_headers, request_body, response_headers, response_size, "
        "response_body, bytes) VALUES (:at, :ig, :key, :method, :url, "
        ":status, :error, :dns, :connect, :tls, :first, :total, :req_h, "
        ":req_b, :resp_h, :resp_size, :resp_b, :bytes)",
        &s, e);
    if (rc == TS_OK) {
        store_bind_int(s, ":at", h->at);
        store_bind_text(s, ":ig", h->integration);
        store_bind_text(s, ":key", key);
        store_bind_text(s, ":method", h->method ? h->method : "GET");
        store_bind_text(s, ":url", h->url ? h->url : "");
        store_bind_int(s, ":status", h->status);
        store_bind_text(s, ":error", h->error);
        store_bind_double(s, ":dns", h->dns_ms);
        store_bind_double(s, ":connect", h->connect_ms);
        store_bind_double(s, ":tls", h->tls_ms);
        store_bind_double(s, ":first", h->first_byte_ms);
        store_bind_double(s, ":total", h->total_ms);
        store_bind_text(s, ":req_h", h->request_headers);
        store_bind_blob(s, ":req_b", h->request_body, h->request_body_len);
        store_bind_text(s, ":resp_h", h->response_headers);
        store_bind_int(s, ":resp_size", h->response_size);
        store_bind_blob(s, ":resp_b", h->response_body, h->response_body_len);
        store_bind_int(s, ":bytes", (int64_t)history_entry_bytes(h));
        rc = store_run(st, s, "cannot record the request", e);
    }
    free(key);
    if (rc == TS_OK) {
        h->id = sqlite3_last_insert_rowid(st->db);
        rc = history_trim(st, e);
    }
    return store_finish(st, rc, e);
}

static bool
dup_col(char **dst, sqlite3_stmt *s, int col)
{
    const char *v = (const char *)sqlite3_column_text(s, col);
    *dst = NULL;
    return v == NULL || (*dst = strdup(v)) != NULL;
}

/* A blob column as a NUL-terminated heap copy (NULL when NULL). */
static bool
dup_blob(char **dst, size_t *len, sqlite3_stmt *s, int col)
{
    const void *v = sqlite3_column_blob(s, col);
    size_t n = (size_t)sqlite3_column_bytes(s, col);
    *dst = NULL;
    *len = 0;
    if (v == NULL)
        return true;
    if ((*dst = malloc(n + 1)) == NULL)
        return false;
    memcpy(*dst, v, n);
    (*dst)[n] = '\0';
    *len = n;
    return true;
}

static bool
row_entry(sqlite3_stmt *s, struct history_entry *h)
{
    memset(h, 0, sizeof *h);
    h->id = sqlite3_column_int64(s, 0);
    h->at = sqlite3_column_int64(s, 1);
    h->status = (long)sqlite3_column_int64(s, 5);
    h->dns_ms = sqlite3_column_double(s, 7);
    h->connect_ms = sqlite3_column_double(s, 8);
    h->tls_ms = sqlite3_column_double(s, 9);
    h->first_byte_ms = sqlite3_column_double(s, 10);
    h->total_ms = sqlite3_column_double(s, 11);
    h->response_size = sqlite3_column_int64(s, 15);
    /* h is zeroed: on failure the fields not reached stay NULL. */
    return dup_col(&h->integration, s, 2) && dup_col(&h->method, s, 3) &&
           dup_col(&h->url, s, 4) && dup_col(&h->error, s, 6) &&
           dup_col(&h->request_headers, s, 12) &&
           dup_blob(&h->request_body, &h->request_body_len, s, 13) &&
           dup_col(&h->response_headers, s, 14) &&
           dup_blob(&h->response_body, &h->response_body_len, s, 16);
}

tstatus
store_history_list(struct store *st, const char *integration, size_t limit,
                   struct history_entry **out, size_t *n, struct err *e)
{
    char *key = integration ? store_name_key(st, integration) : NULL;
    if (integration != NULL && key == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    sqlite3_stmt *s;
    tstatus rc = store_prepare(
        st,
        "SELECT id, at, integration, method, url, status, error, dns_ms, "
        "connect_ms, tls_ms, first_byte_ms, total_ms, request_headers, "
        "request_body, response_headers, response_size, response_body "
        "FROM history WHERE :key IS NULL OR integration_key = :key "
        "ORDER BY at DESC, id DESC LIMIT :limit",
        &s, e);
    if (rc != TS_OK) {
        free(key);
        return rc;
    }
    store_bind_text(s, ":key", key);
    store_bind_int(s, ":limit", limit > 0 ? (int64_t)limit : -1);
    struct history_entry *v = NULL;
    size_t count = 0;
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        struct history_entry *grown = realloc(v, (count + 1) * sizeof *v);
        if (grown == NULL) {
            rc = err_set(e, TS_NOMEM, NULL, "out of memory");
            break;
        }
        v = grown;
        bool ok = row_entry(s, &v[count]);
        count++;
        if (!ok) {
            rc = err_set(e, TS_NOMEM, NULL, "out of memory");
            break;
        }
    }
    sqlite3_finalize(s);
    free(key);
    if (rc == TS_OK && r != SQLITE_DONE)
        rc = store_sql_fail(st, r, "cannot read the history", e);
    rc = store_read_check(st, rc, e);
    if (rc != TS_OK) {
        store_history_free(v, count);
        return rc;
    }
    *out = v;
    *n = count;
    return TS_OK;
}

void
store_history_free(struct history_entry *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].integration);
        free(v[i].method);
        free(v[i].url);
        free(v[i].error);
        free(v[i].request_headers);
        free(v[i].request_body);
        free(v[i].response_headers);
        free(v[i].response_body);
    }
    free(v);
}
