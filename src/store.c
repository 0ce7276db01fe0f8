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
/* The WAL is checkpointed into the .db file past this many pages (256 KiB
 * of 4 KiB pages). Each process rebuilds the WAL's index as it opens the
 * store, reading and summing every frame (about 2 us a frame), while a
 * fold costs two syncs. A request writes 3 to 17 frames; of 32, 64 and
 * 256 pages, 64 gave requests the lowest mean time. */
#define STORE_WAL_PAGES 64
/* How much of the .db file a one-shot command maps (store_options). */
#define STORE_MAP_BYTES "268435456"

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

/* Settings of every connection, after the file checks passed. */
static tstatus
configure(struct store *st, struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st, "PRAGMA journal_mode = WAL", &s, e);
    if (rc != TS_OK)
        return rc;
    /* Two tethers opening a new store at once: while one switches it to
     * WAL, the other's switch is refused at once (SQLite does not wait
     * where waiting could deadlock), so wait here as the busy timeout
     * would. */
    int r;
    for (int waited = 0;; waited += 10) {
        r = sqlite3_step(s);
        if ((r & 0xff) != SQLITE_BUSY || waited >= st->busy_timeout_ms)
            break;
        sqlite3_reset(s);
        sqlite3_sleep(10);
    }
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
    if (st->map_file &&
        (rc = store_exec(st, "PRAGMA mmap_size = " STORE_MAP_BYTES, e)) !=
            TS_OK)
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
    int r = sqlite3_open_v2(st->path, &st->db,
                            SQLITE_OPEN_READWRITE | st->open_flags, NULL);
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
    int r = sqlite3_open_v2(
        uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | st->open_flags,
        NULL);
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
    st->open_flags =
        opt->one_thread ? SQLITE_OPEN_NOMUTEX : SQLITE_OPEN_FULLMUTEX;
    st->map_file = opt->map_file;
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
