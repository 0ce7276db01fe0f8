/* store.c — opening and closing the store, default paths, transactions and
 * SQL error reporting (see store.h, store_int.h). */
#include "store_int.h"

#include <errno.h>
#include <pwd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wctype.h>

#include "clock.h"
#include "secmem.h"
#include "store_fs.h"
#include "text.h"

#define STORE_DEFAULT_BUSY_MS 5000
/* The WAL is checkpointed into the .db file past this many pages (1 MiB
 * of 4 KiB pages). */
#define STORE_WAL_PAGES 256

/* A non-empty environment variable, or NULL. */
static const char *
env(const char *name)
{
    const char *v = getenv(name);
    return v != NULL && v[0] != '\0' ? v : NULL;
}

static char *
join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 1);
    if (s != NULL) {
        memcpy(s, a, la);
        memcpy(s + la, b, lb + 1);
    }
    return s;
}

/* $xdg_var (when absolute) + tail, else $HOME + home_tail. */
static char *
xdg_path(const char *override, const char *xdg_var, const char *tail,
         const char *home_tail)
{
    const char *v = env(override);
    if (v != NULL)
        return strdup(v);
    v = env(xdg_var);
    if (v != NULL && v[0] == '/')
        return join(v, tail);
    const char *home = env("HOME");
    if (home == NULL) {
        struct passwd *pw = getpwuid(getuid());
        home = pw != NULL && pw->pw_dir != NULL && pw->pw_dir[0] != '\0'
                   ? pw->pw_dir
                   : NULL;
    }
    return home != NULL ? join(home, home_tail) : NULL;
}

char *
store_default_path(void)
{
    return xdg_path("TETHER_DB", "XDG_DATA_HOME", "/tether/tether.db",
                    "/.local/share/tether/tether.db");
}

char *
store_default_key_file(void)
{
    return xdg_path("TETHER_KEY_FILE", "XDG_CONFIG_HOME", "/tether/key",
                    "/.config/tether/key");
}

const char *
store_path(const struct store *st)
{
    return st->path;
}

/* At close, fold a WAL grown past STORE_WAL_PAGES into the .db file and
 * empty it. (A checkpoint inside one process lets the WAL start over, but
 * the next process rebuilds the WAL's index and so would copy every frame
 * again: the WAL must be emptied, which needs the store to itself for a
 * moment. When another tether is using it, the next close does it.) */
static void
store_fold_wal(struct store *st)
{
    if (st->read_only)
        return;
    char *wal = join(st->path, "-wal");
    struct stat sb;
    bool big = wal != NULL && stat(wal, &sb) == 0 &&
               sb.st_size > (off_t)STORE_WAL_PAGES * 4096;
    free(wal);
    if (!big)
        return;
    sqlite3_busy_timeout(st->db, 0);
    sqlite3_wal_checkpoint_v2(st->db, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL,
                              NULL);
}

void
store_close(struct store *st)
{
    if (st == NULL)
        return;
    if (st->db != NULL) {
        store_fold_wal(st);
        sqlite3_close_v2(st->db);
    }
    secret_key_free(st->key);
    secmem_free(st->passphrase);
    if (st->utf8 != (locale_t)0)
        freelocale(st->utf8);
    free(st->path);
    free(st->key_file);
    free(st);
}

static bool side_exists(const char *path, const char *suffix);

static tstatus store_savepoint(struct store *st, struct err *e);

/* Settings of every connection, after the file checks passed. */
static tstatus
configure(struct store *st, struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st, "PRAGMA journal_mode = WAL", &s, e);
    if (rc != TS_OK)
        return rc;
    int r = sqlite3_step(s);
    const char *mode =
        r == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
    bool wal = mode != NULL && strcmp(mode, "wal") == 0;
    sqlite3_finalize(s);
    if (r != SQLITE_ROW)
        return store_sql_fail(st, r, "cannot switch to WAL mode", e);
    if (!wal)
        return err_set(e, TS_STORE, NULL,
                       "the store %s cannot use WAL mode (is it on a "
                       "network file system?)",
                       st->path);
    /* In WAL mode NORMAL keeps every commit atomic through a crash or
     * SIGKILL without syncing on commit; the WAL is synced only when it is
     * checkpointed into the .db file. The WAL (and its -shm index) stays
     * when the store is closed, so a command costs no sync and no
     * checkpoint: closing folds the WAL in once it has grown past
     * STORE_WAL_PAGES pages (see store_fold_wal), and a long-running
     * process checkpoints at the same size. The .db file alone is
     * therefore not the whole store: copy it with its -wal, or back it up
     * with `tether export`. */
    int one = 1;
    sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL, &one);
    sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA wal_autocheckpoint = %d",
             STORE_WAL_PAGES);
    if ((rc = store_exec(st, "PRAGMA synchronous = NORMAL", e)) != TS_OK ||
        (rc = store_exec(st, sql, e)) != TS_OK)
        return rc;
    snprintf(sql, sizeof sql, "PRAGMA journal_size_limit = %d",
             STORE_WAL_PAGES * 4096);
    if ((rc = store_exec(st, sql, e)) != TS_OK)
        return rc;
    return store_exec(st, "PRAGMA foreign_keys = ON", e);
}

/* Open st->path for reading and writing, creating it when missing, check
 * it and bring its schema up to date. */
static tstatus
open_writable(struct store *st, struct err *e)
{
    bool had_wal = false;
    tstatus rc = store_schema_check_file(st->path, &had_wal, e);
    if (rc != TS_OK)
        return rc;
    /* Every tether leaves the -wal and its -shm index behind (see
     * configure); a -wal alone was left by something else — a crash that
     * lost the index, a copy, another program — and earns a check. */
    bool stale_wal = had_wal && !side_exists(st->path, "-shm");
    int r = sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READWRITE, NULL);
    if (r != SQLITE_OK)
        return store_sql_fail(st, r, "cannot open", e);
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, st->busy_timeout_ms);
    /* Until the checks pass, closing must not checkpoint a -wal found
     * here into the file. (Without one, SQLite removes the empty -wal it
     * made for reading when this connection closes.) */
    if (had_wal)
        sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    /* The b-trees are checked only beside a stale -wal; otherwise damage
     * shows as SQLITE_CORRUPT where it is read, and `tether check-store`
     * checks the whole file. */
    if ((rc = store_schema_check_db(st, stale_wal, e)) != TS_OK)
        return rc;
    if ((rc = configure(st, e)) != TS_OK)
        return rc;
    return store_schema_migrate(st, e);
}

/* A "file:" URI naming `path`, with the query `query`. New string. */
static char *
file_uri(const char *path, const char *query)
{
    size_t n = strlen(path);
    char *u = malloc(8 + n * 3 + strlen(query) + 2);
    if (u == NULL)
        return NULL;
    /* "file://" + an absolute path (empty authority), or "file:" + a
     * relative one; every byte but the plainest is %-escaped. */
    char *o = u + sprintf(u, "%s", path[0] == '/' ? "file://" : "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr("/._-~", *p) != NULL)
            *o++ = (char)*p;
        else
            o += sprintf(o, "%%%02X", *p);
    }
    sprintf(o, "?%s", query);
    return u;
}

/* Whether `path` + suffix exists. */
static bool
side_exists(const char *path, const char *suffix)
{
    char *f = join(path, suffix);
    bool yes = f == NULL || store_fs_exists(f); /* no memory: assume so */
    free(f);
    return yes;
}

/* Open the existing store read-only, creating no file. With a -wal (whose
 * committed changes only it holds) SQLite reads through the -shm without
 * writing it; with no -wal the .db file is complete and is read as it is,
 * without locks (nothing could create the -wal a writer needs, but the
 * file is watched: see store_read_check). */
static tstatus
open_read_only(struct store *st, struct err *e)
{
    tstatus rc = store_schema_check_header(st->path, e);
    if (rc != TS_OK)
        return rc;
    bool wal = side_exists(st->path, "-wal");
    if (!wal && stat(st->path, &st->snap) != 0)
        return err_set(e, TS_IO, "db", "cannot open the store %s: %s", st->path,
                       strerror(errno));
    if (wal && !side_exists(st->path, "-shm"))
        return err_set(e, TS_IO, "db",
                       "%s-wal holds changes that cannot be read without "
                       "%s-shm, which cannot be created",
                       st->path, st->path);
    /* Looked at again after the -wal check: had a writer come between,
     * it changed the file. */
    st->immutable = !wal && !side_exists(st->path, "-wal");
    st->read_only = true; /* from here on, st->fault is the cause */
    char *uri =
        file_uri(st->path, st->immutable ? "immutable=1" : "readonly_shm=1");
    if (uri == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    int r = sqlite3_open_v2(uri, &st->db,
                            SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    free(uri);
    if (r != SQLITE_OK)
        return store_sql_fail(st, r, "cannot open", e);
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, st->busy_timeout_ms);
    if ((rc = store_schema_check_db(st, false, e)) != TS_OK ||
        (rc = store_exec(st, "PRAGMA foreign_keys = ON", e)) != TS_OK ||
        (rc = store_schema_migrate(st, e)) != TS_OK)
        return rc;
    return store_read_check(st, TS_OK, e);
}

tstatus
store_open(const struct store_options *opt, struct store **out, struct err *e)
{
    static const struct store_options none = {0};
    if (opt == NULL)
        opt = &none;
    if (sodium_init() < 0)
        return err_set(e, TS_KEY, NULL, "libsodium could not start");
    struct store *st = calloc(1, sizeof *st);
    if (st == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    tstatus rc = TS_OK;
    st->path = opt->path ? strdup(opt->path) : store_default_path();
    st->key_file =
        opt->key_file ? strdup(opt->key_file) : store_default_key_file();
    const char *pass =
        opt->passphrase ? opt->passphrase : env("TETHER_PASSPHRASE");
    if (pass != NULL && pass[0] != '\0' &&
        (st->passphrase = secmem_strdup(pass)) == NULL) {
        rc = err_set(e, TS_NOMEM, NULL, "out of memory");
        goto fail;
    }
    st->busy_timeout_ms =
        opt->busy_timeout_ms > 0 ? opt->busy_timeout_ms : STORE_DEFAULT_BUSY_MS;
    st->utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (st->path == NULL) {
        rc = err_set(e, TS_IO, "db",
                     "no home directory is known: set HOME or TETHER_DB");
        goto fail;
    }
    if ((rc = store_fs_make_parents(st->path, e)) != TS_OK)
        goto fail;
    /* What stops writing is found before SQLite runs (it would leave
     * -wal and -shm files behind, with the read-only mode of the .db);
     * a full disk only shows when something is written. */
    bool exists = store_fs_exists(st->path);
    st->has_fault = store_fault_read_only(st->path, &st->fault);
    if (!st->has_fault)
        rc = open_writable(st, e);
    if (st->has_fault && exists) {
        /* Reading may still work: every change then says why not. */
        if (st->db != NULL)
            sqlite3_close_v2(st->db);
        st->db = NULL;
        struct err mine;
        err_clear(&mine);
        rc = open_read_only(st, &mine);
        if (rc == TS_OK) {
            store_fault_note(&st->fault, st->note, sizeof st->note);
        } else if (rc == TS_IO || rc == TS_NOMEM) {
            /* Not readable either: the first cause is the one to fix. */
            rc = store_fault_fail(&st->fault, e);
        } else if (e != NULL) {
            *e = mine; /* busy, damaged, newer, changed meanwhile */
        }
    } else if (st->has_fault) {
        rc = store_fault_fail(&st->fault, e);
    }
    if (rc != TS_OK)
        goto fail;
    *out = st;
    return TS_OK;
fail:
    store_close(st);
    return rc;
}

const char *
store_read_only(const struct store *st)
{
    return st->read_only ? st->note : NULL;
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
