/* store_schema.c — what must hold before the store writes anything, and the
 * forward migrations (data/schema.sql, data/migrations/, see store_sql.h). */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_fs.h"
#include "store_sql.h"

#define STORE_APPLICATION_ID 1414814802 /* 'TTHR', set by data/schema.sql */
#define SQLITE_HEADER_BYTES 100

static const char untouched[] =
    "it was left untouched; move it away or choose another store with --db "
    "or TETHER_DB";

int
store_schema_latest(void)
{
    return store_sql_steps[store_sql_count - 1].version;
}

static tstatus
newer(const char *path, long version, struct err *e)
{
    return err_set(e, TS_STORE, NULL,
                   "the store %s was written by a newer version of tether "
                   "(schema %ld; this one knows up to %d); %s",
                   path, version, store_schema_latest(), untouched);
}

static tstatus
foreign(const char *path, struct err *e)
{
    return err_set(e, TS_STORE, NULL,
                   "%s is an SQLite database but not a tether store; %s", path,
                   untouched);
}

static unsigned long
be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
           (unsigned long)p[2] << 8 | (unsigned long)p[3];
}

static bool
wal_exists(const char *path)
{
    size_t n = strlen(path);
    char *wal = malloc(n + 5);
    if (wal == NULL)
        return true; /* assume the worst: defer to the live checks */
    memcpy(wal, path, n);
    memcpy(wal + n, "-wal", 5);
    bool yes = store_fs_exists(wal);
    free(wal);
    return yes;
}

/* The header of the existing file `path`: SQLite, ours, not newer (the
 * version only when no -wal may hold a newer one). */
static tstatus
check_header(const char *path, bool had_wal, struct err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_set(e, TS_IO, "db", "cannot open the store %s: %s", path,
                       strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return err_set(e, TS_STORE, "db", "%s is not a regular file", path);
    }
    unsigned char h[SQLITE_HEADER_BYTES];
    ssize_t n = read(fd, h, sizeof h);
    int saved = errno;
    close(fd);
    if (n < 0)
        return err_set(e, TS_IO, "db", "cannot read the store %s: %s", path,
                       strerror(saved));
    if (n == 0)
        return TS_OK; /* empty: SQLite treats it as a new database */
    if (n < (ssize_t)sizeof h || memcmp(h, "SQLite format 3", 16) != 0)
        return err_set(e, TS_STORE, "db",
                       "%s is not a tether store (not an SQLite database); "
                       "%s",
                       path, untouched);
    /* With a -wal file the header may be stale; check_db decides then. */
    if (had_wal)
        return TS_OK;
    unsigned long version = be32(h + 60), app = be32(h + 68);
    if (version > (unsigned long)store_schema_latest())
        return newer(path, (long)version, e);
    if (version > 0 && app != STORE_APPLICATION_ID)
        return foreign(path, e);
    return TS_OK;
}

tstatus
store_schema_check_file(const char *path, bool *had_wal, struct err *e)
{
    *had_wal = wal_exists(path);
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        /* A new, empty store: exactly 0600 whatever the umask; SQLite
         * gives its -wal and -shm files the same mode. */
        int bad = fchmod(fd, 0600);
        int saved = errno;
        close(fd);
        if (bad != 0)
            return err_set(e, TS_IO, "db", "cannot set the mode of %s: %s",
                           path, strerror(saved));
        return TS_OK;
    }
    if (errno != EEXIST)
        return err_set(e, TS_IO, "db", "cannot create the store %s: %s", path,
                       strerror(errno));
    return check_header(path, *had_wal, e);
}

tstatus
store_schema_check_header(const char *path, struct err *e)
{
    return check_header(path, wal_exists(path), e);
}

/* The first column of the first row of a query, as an integer. */
static tstatus
query_int(struct store *st, const char *sql, int64_t *out, struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st, sql, &s, e);
    if (rc != TS_OK)
        return rc;
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    else
        rc = store_sql_fail(st, r, sql, e);
    sqlite3_finalize(s);
    return rc;
}

/* PRAGMA quick_check: the b-trees are sound. */
static tstatus
integrity(struct store *st, struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st, "PRAGMA quick_check(1)", &s, e);
    if (rc != TS_OK)
        return rc;
    int r = sqlite3_step(s);
    if (r != SQLITE_ROW) {
        rc = store_sql_fail(st, r, "integrity check", e);
    } else {
        const char *res = (const char *)sqlite3_column_text(s, 0);
        if (res == NULL || strcmp(res, "ok") != 0)
            rc = err_set(e, TS_STORE, "db", "the store %s is damaged (%s); %s",
                         st->path, res ? res : "integrity check failed",
                         untouched);
    }
    sqlite3_finalize(s);
    return rc;
}

/* One row of integrity_check may hold several problems, one per line,
 * under a "*** in database main ***" heading. */
static void
verify_lines(const char *text, size_t *problems,
             void (*report)(const char *line, void *arg), void *arg)
{
    while (*text != '\0') {
        size_t n = strcspn(text, "\n");
        if (n > 0 && strncmp(text, "*** ", 4) != 0) {
            char buf[256];
            snprintf(buf, sizeof buf, "%.*s", (int)n, text);
            (*problems)++;
            report(buf, arg);
        }
        text += n + (text[n] == '\n');
    }
}

tstatus
store_verify(struct store *st, size_t *problems,
             void (*report)(const char *line, void *arg), void *arg,
             struct err *e)
{
    static const char *const checks[] = {
        "PRAGMA integrity_check",
        "PRAGMA foreign_key_check",
    };
    *problems = 0;
    tstatus rc = store_exec(st, "BEGIN", e);
    for (size_t i = 0; rc == TS_OK && i < sizeof checks / sizeof *checks; i++) {
        sqlite3_stmt *s;
        if ((rc = store_prepare(st, checks[i], &s, e)) != TS_OK)
            break;
        int r;
        while ((r = sqlite3_step(s)) == SQLITE_ROW) {
            const char *line = (const char *)sqlite3_column_text(s, 0);
            if (i == 1) {
                char buf[256];
                snprintf(buf, sizeof buf,
                         "table %s row %lld refers to a missing %s row",
                         line ? line : "?",
                         (long long)sqlite3_column_int64(s, 1),
                         (const char *)sqlite3_column_text(s, 2));
                (*problems)++;
                report(buf, arg);
            } else if (line != NULL && strcmp(line, "ok") != 0) {
                verify_lines(line, problems, report, arg);
            }
        }
        struct err why;
        err_clear(&why);
        rc = store_finalize(st, s, r, "cannot check the store", &why);
        if (rc == TS_STORE &&
            ((r & 0xff) == SQLITE_CORRUPT || (r & 0xff) == SQLITE_NOTADB)) {
            /* A check that cannot read on is one more problem found. */
            (*problems)++;
            report(sqlite3_errstr(r), arg);
            rc = TS_OK;
        } else if (rc != TS_OK && e != NULL) {
            *e = why;
        }
    }
    sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    return rc;
}

static tstatus
check_db(struct store *st, bool verify, struct err *e)
{
    int64_t version = 0, app = 0, objects = 0;
    tstatus rc = query_int(st, "PRAGMA user_version", &version, e);
    if (rc != TS_OK)
        return rc;
    if (version > store_schema_latest())
        return newer(st->path, (long)version, e);
    if ((rc = query_int(st, "PRAGMA application_id", &app, e)) != TS_OK ||
        (rc = query_int(st, "SELECT count(*) FROM sqlite_master", &objects,
                        e)) != TS_OK)
        return rc;
    if (version == 0 ? objects > 0 : app != STORE_APPLICATION_ID)
        return foreign(st->path, e);
    return verify ? integrity(st, e) : TS_OK;
}

tstatus
store_schema_check_db(struct store *st, bool verify, struct err *e)
{
    struct err mine;
    err_clear(&mine);
    /* One read transaction, so that every check sees the same snapshot
     * even while another tether is creating or migrating the store. */
    tstatus rc = store_exec(st, "BEGIN", &mine);
    if (rc == TS_OK) {
        rc = check_db(st, verify, &mine);
        sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    }
    /* SQLite refusing to read it means damaged: say nothing was written. */
    if (rc == TS_STORE && strstr(mine.msg, untouched) == NULL)
        return err_set(e, TS_STORE, "db", "%s; %s", mine.msg, untouched);
    if (rc != TS_OK && e != NULL)
        *e = mine;
    return rc;
}

/* PRAGMA foreign_key_check inside the migration's transaction: a step
 * that rebuilt a table must leave every child row with its parent. */
static tstatus
keys_hold(struct store *st, int version, struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st, "PRAGMA foreign_key_check", &s, e);
    if (rc != TS_OK)
        return rc;
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        rc = err_set(e, TS_STORE, NULL,
                     "cannot bring the store to schema %d: table %s row %lld "
                     "would lose its %s row; %s",
                     version, (const char *)sqlite3_column_text(s, 0),
                     (long long)sqlite3_column_int64(s, 1),
                     (const char *)sqlite3_column_text(s, 2), untouched);
    else if (r != SQLITE_DONE)
        rc = store_sql_fail(st, r, "PRAGMA foreign_key_check", e);
    sqlite3_finalize(s);
    return rc;
}

static tstatus
migrate_locked(struct store *st, bool *done, struct err *e)
{
    tstatus rc = store_begin(st, e);
    if (rc != TS_OK) {
        if (st->read_only)
            err_prefix(e, "the store must be brought to schema %d first",
                       store_schema_latest());
        return rc;
    }
    int64_t version;
    if ((rc = query_int(st, "PRAGMA user_version", &version, e)) != TS_OK)
        goto fail;
    if (version >= store_schema_latest()) {
        *done = true;
        store_rollback(st);
        return TS_OK;
    }
    const struct store_sql_step *step = &store_sql_steps[version];
    if (step->version != version + 1) {
        rc = err_set(e, TS_STORE, NULL,
                     "no migration from schema %ld (this tether is broken)",
                     (long)version);
        goto fail;
    }
    int r = sqlite3_exec(st->db, step->sql, NULL, NULL, NULL);
    if (r != SQLITE_OK) {
        rc = store_sql_fail(st, r, step->file, e);
        err_prefix(e, "cannot bring the store to schema %d", step->version);
        goto fail;
    }
    char sql[48];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", step->version);
    if ((rc = store_exec(st, sql, e)) != TS_OK ||
        (rc = keys_hold(st, step->version, e)) != TS_OK)
        goto fail;
    return store_commit(st, e);
fail:
    store_rollback(st);
    return rc;
}

/* One migration step, in its own transaction. *done is set when the store
 * is already current (another tether may have migrated it meanwhile).
 * Foreign keys are off while it runs (the pragma is a no-op inside a
 * transaction, hence here): a step may rebuild the integrations table,
 * and dropping the old one must not cascade to its children. The step
 * checks them itself before it commits. */
static tstatus
migrate_step(struct store *st, bool *done, struct err *e)
{
    tstatus rc = store_exec(st, "PRAGMA foreign_keys = OFF", e);
    if (rc != TS_OK)
        return rc;
    rc = migrate_locked(st, done, e);
    struct err ignored;
    tstatus on =
        store_exec(st, "PRAGMA foreign_keys = ON", rc == TS_OK ? e : &ignored);
    return rc != TS_OK ? rc : on;
}

tstatus
store_schema_migrate(struct store *st, struct err *e)
{
    /* A current store needs no write lock: reading the version is enough,
     * so opening works while another tether holds a write transaction. */
    int64_t version = 0;
    tstatus rc = query_int(st, "PRAGMA user_version", &version, e);
    bool done = rc == TS_OK && version >= store_schema_latest();
    while (!done && rc == TS_OK)
        rc = migrate_step(st, &done, e);
    return rc;
}
