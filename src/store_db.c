/* store_db.c — the bottom of the store: SQLite statements, transactions
 * and batches, and SQLite errors turned into tether's (see store_int.h).
 * Everything else in the store is built on these; they call nothing above
 * them. */
#include "store_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <wctype.h>

#include "clock.h"
#include "text.h"

static tstatus store_savepoint(struct store *st, struct err *e);

void
store_key_forget_fresh(struct store *st)
{
    if (st->key_fresh) {
        secret_key_free(st->key);
        st->key = NULL;
        st->key_fresh = false;
    }
}

/* Fill st->fault when the failure rc comes from a full disk or from
 * something that cannot be written; true then. */
static bool
find_fault(struct store *st, int rc)
{
    /* Opened read-only: the cause found then is the one to report. */
    if (st->read_only)
        return st->has_fault && (rc & 0xff) == SQLITE_READONLY;
    int sys = st->db != NULL ? sqlite3_system_errno(st->db) : 0;
    struct store_fault f;
    bool found = false;
    switch (rc & 0xff) {
    case SQLITE_FULL:
        found = store_fault_disk(st->path, sys == EDQUOT ? sys : ENOSPC, &f);
        break;
    case SQLITE_IOERR:
        found = store_fault_disk(st->path, sys, &f) ||
                (sys == EROFS && store_fault_read_only(st->path, &f));
        break;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        found = store_fault_read_only(st->path, &f);
        break;
    default:
        break;
    }
    if (found) {
        st->fault = f;
        st->has_fault = true;
    }
    return found;
}

tstatus
store_sql_fail(struct store *st, int rc, const char *what, struct err *e)
{
    const char *msg =
        st->db != NULL ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
    if (find_fault(st, rc))
        return store_fault_fail(&st->fault, e);
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return err_set(e, TS_BUSY, NULL,
                       "the store %s is busy: another tether is writing to "
                       "it; try again",
                       st->path);
    case SQLITE_NOMEM:
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return err_set(e, TS_STORE, NULL,
                       "the store %s is damaged (%s); `tether check-store` "
                       "lists what is damaged",
                       st->path, msg);
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_IOERR: {
        int sys = st->db != NULL ? sqlite3_system_errno(st->db) : 0;
        return err_set(e, TS_IO, NULL, "the store %s: %s: %s%s%s%s", st->path,
                       what, msg, sys ? " (" : "", sys ? strerror(sys) : "",
                       sys ? ")" : "");
    }
    default:
        return err_set(e, TS_STORE, NULL, "the store %s: %s: %s", st->path,
                       what, msg);
    }
}

tstatus
store_exec(struct store *st, const char *sql, struct err *e)
{
    int r = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    if (r != SQLITE_OK)
        return store_sql_fail(st, r, sql, e);
    return TS_OK;
}

tstatus
store_begin(struct store *st, struct err *e)
{
    if (st->read_only)
        return store_fault_fail(&st->fault, e);
    if (st->batch)
        return store_savepoint(st, e);
    return store_exec(st, "BEGIN IMMEDIATE", e);
}

tstatus
store_begin_read(struct store *st, struct err *e)
{
    if (st->batch)
        return store_savepoint(st, e);
    return store_exec(st, "BEGIN", e);
}

tstatus
store_end_read(struct store *st, tstatus rc, struct err *e)
{
    store_rollback(st); /* read only: nothing to keep */
    return store_read_check(st, rc, e);
}

tstatus
store_read_check(struct store *st, tstatus rc, struct err *e)
{
    if (!st->immutable)
        return rc;
    struct stat now;
    /* Any checkpoint into the file moves its modification time. */
    if (stat(st->path, &now) != 0 || now.st_ino != st->snap.st_ino ||
        now.st_dev != st->snap.st_dev || now.st_size != st->snap.st_size ||
        now.st_mtim.tv_sec != st->snap.st_mtim.tv_sec ||
        now.st_mtim.tv_nsec != st->snap.st_mtim.tv_nsec ||
        now.st_ctim.tv_sec != st->snap.st_ctim.tv_sec ||
        now.st_ctim.tv_nsec != st->snap.st_ctim.tv_nsec)
        return err_set(e, TS_BUSY, NULL,
                       "the store %s changed while tether was reading it "
                       "(without locks, as it cannot be written here); run "
                       "the command again",
                       st->path);
    return rc;
}

tstatus
store_commit(struct store *st, struct err *e)
{
    if (st->batch && st->batch_ops > 0) {
        tstatus rc = store_exec(st, "RELEASE tether_op", e);
        if (rc != TS_OK)
            store_rollback(st);
        else
            st->batch_ops--;
        return rc;
    }
    tstatus rc = store_exec(st, "COMMIT", e);
    if (rc != TS_OK)
        store_rollback(st);
    else
        st->key_fresh = false;
    return rc;
}

void
store_rollback(struct store *st)
{
    if (st->batch) {
        if (st->batch_ops > 0) {
            sqlite3_exec(st->db, "ROLLBACK TO tether_op; RELEASE tether_op",
                         NULL, NULL, NULL);
            st->batch_ops--;
        }
        return; /* the batch's own transaction stays open */
    }
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    store_key_forget_fresh(st);
}

/* One operation inside a batch: a savepoint it releases or rolls back. */
static tstatus
store_savepoint(struct store *st, struct err *e)
{
    tstatus rc = store_exec(st, "SAVEPOINT tether_op", e);
    if (rc == TS_OK)
        st->batch_ops++;
    return rc;
}

tstatus
store_batch_begin(struct store *st, struct err *e)
{
    if (st->batch)
        return err_set(e, TS_INVALID, NULL, "a batch is already open");
    tstatus rc = store_begin(st, e);
    if (rc == TS_OK) {
        st->batch = true;
        st->batch_ops = 0;
    }
    return rc;
}

tstatus
store_batch_end(struct store *st, struct err *e)
{
    if (!st->batch)
        return TS_OK;
    while (st->batch_ops > 0) /* an operation left open: undo it */
        store_rollback(st);
    st->batch = false;
    return store_commit(st, e);
}

void
store_batch_abort(struct store *st)
{
    if (!st->batch)
        return;
    while (st->batch_ops > 0)
        store_rollback(st);
    st->batch = false;
    store_rollback(st);
}

tstatus
store_finish(struct store *st, tstatus rc, struct err *e)
{
    if (rc == TS_OK)
        return store_commit(st, e);
    store_rollback(st);
    return rc;
}

tstatus
store_prepare(struct store *st, const char *sql, sqlite3_stmt **out,
              struct err *e)
{
    int r = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
    if (r != SQLITE_OK) {
        *out = NULL;
        return store_sql_fail(st, r, "cannot prepare a statement", e);
    }
    return TS_OK;
}

tstatus
store_finalize(struct store *st, sqlite3_stmt *s, int r, const char *what,
               struct err *e)
{
    tstatus rc = TS_OK;
    if (r != SQLITE_DONE && r != SQLITE_ROW)
        rc = store_sql_fail(st, r, what, e);
    sqlite3_finalize(s);
    return rc;
}

tstatus
store_run(struct store *st, sqlite3_stmt *s, const char *what, struct err *e)
{
    return store_finalize(st, s, sqlite3_step(s), what, e);
}

void
store_bind_text(sqlite3_stmt *s, const char *param, const char *v)
{
    int i = sqlite3_bind_parameter_index(s, param);
    if (i == 0)
        return; /* the statement does not use it */
    if (v != NULL)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

void
store_bind_int(sqlite3_stmt *s, const char *param, int64_t v)
{
    int i = sqlite3_bind_parameter_index(s, param);
    if (i != 0)
        sqlite3_bind_int64(s, i, v);
}

void
store_bind_blob(sqlite3_stmt *s, const char *param, const void *v, size_t len)
{
    int i = sqlite3_bind_parameter_index(s, param);
    if (i == 0)
        return;
    if (v != NULL)
        sqlite3_bind_blob64(s, i, v, len, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

void
store_bind_double(sqlite3_stmt *s, const char *param, double v)
{
    int i = sqlite3_bind_parameter_index(s, param);
    if (i != 0)
        sqlite3_bind_double(s, i, v);
}

int64_t
store_now(void)
{
    return clock_now();
}

static bool
is_trim_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

char *
store_name_key(const struct store *st, const char *name)
{
    const unsigned char *s = (const unsigned char *)(name ? name : "");
    size_t n = strlen((const char *)s);
    while (n > 0 && is_trim_space(s[0])) {
        s++;
        n--;
    }
    while (n > 0 && is_trim_space(s[n - 1]))
        n--;
    /* Lower-casing never needs more than 4 bytes per input byte. */
    char *out = malloc(n * 4 + 1);
    if (out == NULL)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        int len = text_decode((const char *)s + i, n - i, &c);
        if (len <= 0) {
            out[o++] = (char)s[i++];
            continue;
        }
        if (st->utf8 != (locale_t)0)
            c = (uint32_t)towlower_l((wint_t)c, st->utf8);
        else if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        size_t k = text_encode(c, out + o);
        if (k == 0) /* towlower gave no valid code point: keep the input */
            memcpy(out + o, s + i, k = (size_t)len);
        o += k;
        i += (size_t)len;
    }
    out[o] = '\0';
    return out;
}
