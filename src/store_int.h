/* store_int.h — what the store's files share; not for use outside them.
 *
 *   store_db.c       statements, transactions, batches, SQL errors (the
 *                    bottom: it calls none of the files below)
 *   store.c          open/close, default paths
 *   store_fault.c    why the store cannot be written (full, read-only)
 *   store_schema.c   file checks before writing, migrations
 *   store_secrets.c  the key (lazy), sealed secret rows
 *   store_rows.c     integration rows <-> struct integration
 *   store_ops.c      the public list/get/add/update/... operations
 *   store_tokens.c   OAuth token state and last test results
 *   store_history.c  request history */
#ifndef TETHER_STORE_INT_H
#define TETHER_STORE_INT_H

#include <locale.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "secret.h"
#include "store.h"

/* Why the store cannot be written, in two parts that make both messages:
 * a refused change says "WHAT; nothing was changed; FIX and try again", a
 * read that worked notes "WHAT: ... until you FIX". */
struct store_fault {
    char what[320]; /* "the disk holding /x/tether.db is full (0 bytes free)" */
    char fix[200];  /* "free some space on it" */
};

struct store {
    sqlite3 *db;
    char *path;
    char *key_file;   /* may be NULL when no home is known */
    char *passphrase; /* NULL = key file; guarded (secmem.h), wiped at close */
    int busy_timeout_ms;
    int open_flags; /* SQLITE_OPEN_NOMUTEX or FULLMUTEX (store_options) */
    bool map_file;  /* store_options.map_file */
    struct secret_key *key; /* loaded on first use */
    bool key_fresh;         /* key check written in the open transaction */
    locale_t utf8;          /* for case folding; (locale_t)0 = ASCII only */
    bool has_fault;         /* `fault` says why the store cannot be written */
    struct store_fault fault;
    /* Opened read-only because of `fault`: every change fails with it,
     * and `note` is what store_read_only() returns. */
    bool read_only;
    char note[600];
    /* Read-only without -wal and -shm (they could not be created), so
     * without SQLite's locks: the .db file as it was when opened. Any
     * change to it since fails the read (store_read_check). */
    bool immutable;
    struct stat snap;
    /* Inside store_batch_begin/end: each operation's transaction is a
     * savepoint of the batch's one transaction (`ops` of them open). */
    bool batch;
    int batch_ops;
};

/* --- store_db.c --- */

/* Turn an SQLite result code into an err: TS_BUSY for a locked store,
 * TS_NOMEM, TS_IO naming the cause for a full disk or a file, directory or
 * file system that cannot be written (and then st->fault is filled and
 * st->has_fault set), TS_STORE otherwise ("what" says what was being
 * done). Returns the status. */
tstatus store_sql_fail(struct store *st, int rc, const char *what,
                       struct err *e);

/* BEGIN IMMEDIATE (a write transaction, waiting up to the busy timeout).
 * On a store opened read-only: TS_IO saying why (st->fault). */
tstatus store_begin(struct store *st, struct err *e);
/* BEGIN (a read transaction: one consistent snapshot for several reads). */
tstatus store_begin_read(struct store *st, struct err *e);
/* End a read transaction begun by store_begin_read (roll it back), then
 * store_read_check. Returns rc, or the check's failure. */
tstatus store_end_read(struct store *st, tstatus rc, struct err *e);
/* On a store read without locks (st->immutable): TS_BUSY when the .db
 * file changed since it was opened (what was read may be torn; run the
 * command again). Otherwise returns rc unchanged. */
tstatus store_read_check(struct store *st, tstatus rc, struct err *e);
tstatus store_commit(struct store *st, struct err *e);
/* Roll back the open transaction, if any. */
void store_rollback(struct store *st);
/* End the open write transaction: commit when rc is TS_OK, else roll back
 * and return rc unchanged (e already says why). */
tstatus store_finish(struct store *st, tstatus rc, struct err *e);

/* Prepare a statement; on failure fills e. */
tstatus store_prepare(struct store *st, const char *sql, sqlite3_stmt **out,
                      struct err *e);
/* Finalize s, whose last step returned r: TS_OK when r is SQLITE_DONE or
 * SQLITE_ROW, else the failure (see store_sql_fail). */
tstatus store_finalize(struct store *st, sqlite3_stmt *s, int r,
                       const char *what, struct err *e);
/* Step a statement that returns no row, then finalize it. */
tstatus store_run(struct store *st, sqlite3_stmt *s, const char *what,
                  struct err *e);
/* Run SQL without parameters or results. */
tstatus store_exec(struct store *st, const char *sql, struct err *e);

/* Bind by parameter name (":name"); NULL text binds NULL; a name the
 * statement does not use is ignored. */
void store_bind_text(sqlite3_stmt *s, const char *param, const char *v);
void store_bind_int(sqlite3_stmt *s, const char *param, int64_t v);
void store_bind_blob(sqlite3_stmt *s, const char *param, const void *v,
                     size_t len);
void store_bind_double(sqlite3_stmt *s, const char *param, double v);

/* The uniqueness key of a name: trimmed and case-folded. New heap string,
 * NULL when out of memory. */
char *store_name_key(const struct store *st, const char *name);

/* Now, in unix seconds. */
int64_t store_now(void);

/* After a rollback: drop a key whose key check was never committed. */
void store_key_forget_fresh(struct store *st);

/* --- store_fault.c --- */

/* Whether the store at `path` can be written: its file system, the .db,
 * -wal and -shm files that exist, and the directory when one of them must
 * be created. Fills *f and returns true when something stops writing
 * (checked with the effective uid: root passes permissions, not a
 * read-only mount or an immutable file). */
bool store_fault_read_only(const char *path, struct store_fault *f);
/* When sys_errno (from sqlite3_system_errno) says the disk holding `path`
 * is full (ENOSPC) or the quota is used up (EDQUOT): fill *f, true. */
bool store_fault_disk(const char *path, int sys_errno, struct store_fault *f);
/* A change refused because of f: TS_IO, "WHAT; nothing was changed; FIX
 * and try again". */
tstatus store_fault_fail(const struct store_fault *f, struct err *e);
/* The note of a read that worked despite f, into out[len]. */
void store_fault_note(const struct store_fault *f, char *out, size_t len);

/* --- store_schema.c --- */

/* Make sure `path` is a file we may open: create it (0600) when missing;
 * refuse, touching nothing, a file that is not SQLite, a foreign SQLite
 * database or one written by a newer tether (judged from its header).
 * *had_wal tells whether a -wal file was there. */
tstatus store_schema_check_file(const char *path, bool *had_wal, struct err *e);
/* The same checks of an existing file's header, creating nothing (for a
 * store opened read-only). */
tstatus store_schema_check_header(const char *path, struct err *e);
/* On the open connection, before anything is written: the same checks on
 * the live database (its WAL included), plus PRAGMA quick_check when
 * `verify` (after a crash or beside another writer). */
tstatus store_schema_check_db(struct store *st, bool verify, struct err *e);
/* Apply every migration the store lacks, one transaction each. */
tstatus store_schema_migrate(struct store *st, struct err *e);
/* The schema version this tether writes. */
int store_schema_latest(void);

/* --- store_secrets.c --- */

/* Make sure st->key is loaded. With `for_write` (inside a write
 * transaction), a store holding no encrypted data yet may create the key
 * file and records its key check; otherwise the key must exist and match. */
tstatus store_key_ensure(struct store *st, bool for_write, struct err *e);
/* Encrypt and write (insert or replace) one secret of integration id/uid. */
tstatus store_secret_put(struct store *st, int64_t id, const char *uid,
                         const char *field, const char *value, struct err *e);
tstatus store_secret_delete(struct store *st, int64_t id, const char *field,
                            struct err *e);
/* Fill the secret states of ig (stored = SET); with STORE_WITH_SECRETS
 * also decrypt them (see store_get for STORE_SECRETS_TOLERANT). */
tstatus store_secrets_load(struct store *st, struct integration *ig,
                           unsigned flags, struct err *e);
/* Write ig's secrets: all that have a value (only_changed false), or only
 * changed ones, deleting changed-to-empty ones. Tokens only when
 * with_tokens. Afterwards the written secrets are no longer "changed". */
tstatus store_secrets_write(struct store *st, struct integration *ig,
                            bool only_changed, bool with_tokens, struct err *e);

/* After a commit: the written secrets are no longer "changed". */
void store_secrets_saved(struct integration *ig);

/* Mark the secret `field` of ig as stored (SET, no value), as a listing
 * does without decrypting. False when tether does not know the field. */
bool store_secrets_mark_set(struct integration *ig, const char *field);

/* --- store_rows.c --- */

/* Load the integration whose name key is `key` (or whose id is `id` when
 * key is NULL), with parameters and secrets per flags. TS_NOT_FOUND (with
 * `name` in the message) when there is none. */
tstatus store_row_get(struct store *st, const char *key, int64_t id,
                      const char *name, unsigned flags,
                      struct integration **out, struct err *e);
/* Every integration ordered by name key, without secret values. */
tstatus store_row_all(struct store *st, struct integration ***out, size_t *n,
                      struct err *e);
/* The first `limit` integrations (0: all) ordered by name key, with only
 * the fields a listing shows (see store_list_brief). */
tstatus store_row_brief(struct store *st, size_t limit,
                        struct integration ***out, size_t *n, struct err *e);
/* fn for every integration in store_row_brief's order and with its
 * fields, `passes` times over; see store_list_each. */
tstatus store_row_each(struct store *st, unsigned passes,
                       void (*fn)(const struct integration *ig, unsigned pass,
                                  void *arg),
                       void *arg, struct err *e);
/* Insert ig as a new row (new uid, times now; tokens and test result as
 * in ig) with parameters and secrets. Inside a write transaction. */
tstatus store_row_insert(struct store *st, struct integration *ig,
                         struct err *e);
/* Write ig's configuration over row ig->id, with parameters and changed
 * secrets (not tokens, not the test result). */
tstatus store_row_update(struct store *st, struct integration *ig,
                         struct err *e);
/* The stored name using name key `key`, other than row except_id:
 * *taken is a new string, or NULL when the key is free. */
tstatus store_row_taken(struct store *st, const char *key, int64_t except_id,
                        char **taken, struct err *e);
/* Unmark the current default. */
tstatus store_row_clear_default(struct store *st, struct err *e);
/* The uid of row `id` (what its secrets are bound to); TS_NOT_FOUND when
 * the row is gone. */
tstatus store_row_uid(struct store *st, int64_t id, char uid[MODEL_UID_LEN + 1],
                      struct err *e);

#endif
