/* store.h — one SQLite file holding every integration, token, test result
 * and history entry; secrets encrypted with libsodium (see secret.h).
 *
 * Every change is one transaction (BEGIN IMMEDIATE ... COMMIT), so a crash at
 * any moment leaves the old state or the new. Integrations returned to the
 * caller are owned by the caller (integration_free / store_list_free). A
 * store is used from one thread at a time; other processes may use the same
 * file at once (a writer waits up to the busy timeout, then TS_BUSY). */
#ifndef TETHER_STORE_H
#define TETHER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "model.h"

struct store;

struct store_options {
    const char *path;       /* NULL = store_default_path() */
    const char *key_file;   /* NULL = store_default_key_file() */
    const char *passphrase; /* used instead of the key file when set;
                               NULL = $TETHER_PASSPHRASE if set */
    int busy_timeout_ms;    /* 0 = 5000 */
    /* Only the opening thread uses the store: SQLite then takes no lock
     * of its own around each call (SQLITE_OPEN_NOMUTEX). Leave false when
     * other threads (the screens' workers) share it. */
    bool one_thread;
    /* Read the .db file through a memory map (PRAGMA mmap_size): a big
     * store is read without a system call per page. An I/O error while
     * reading then ends the process (SIGBUS) instead of failing the
     * call, so the screens, which must restore the terminal, leave it
     * off. */
    bool map_file;
};

/* Default paths: $TETHER_DB, else $XDG_DATA_HOME/tether/tether.db, else
 * ~/.local/share/tether/tether.db; $TETHER_KEY_FILE, else
 * $XDG_CONFIG_HOME/tether/key, else ~/.config/tether/key. New heap strings,
 * or NULL when no home can be found. */
char *store_default_path(void);
char *store_default_key_file(void);

/* Open (creating directory 0700 and file 0600 when missing) and migrate the
 * schema forward. Refuses, leaving the file untouched: a file that is not
 * SQLite, a store written by a newer tether, one found corrupt (the
 * b-trees are checked only when a -wal shows a crash or another writer;
 * otherwise damage is reported by the first read that meets it). A store that
 * cannot be written is opened read-only (see store_read_only); when it
 * cannot be read either, TS_IO names the cause (full disk, read-only file,
 * directory or file system) and the fix. The key is read
 * lazily, the first time a secret is encrypted or decrypted, so commands that
 * need no secret work without it. *out is freed with store_close(). */
tstatus store_open(const struct store_options *opt, struct store **out,
                   struct err *e);
void store_close(struct store *st);

/* The path the store was opened at (owned by the store). */
const char *store_path(const struct store *st);

/* NULL when the store can be changed. When it cannot be written (its disk
 * is full, or its file, directory or file system is read-only) but can be
 * read, store_open opens it read-only and this is one sentence naming the
 * cause and the fix, for a front end to show after a read; every change
 * then fails with TS_IO, saying the same cause, that nothing was changed
 * and what to do. Owned by the store. */
const char *store_read_only(const struct store *st);

/* Check the whole store: every b-tree page and index (PRAGMA
 * integrity_check) and every reference between rows. report() is called
 * once per problem found, with a line owned by the caller of report();
 * *problems counts them. TS_OK when the checks ran (problems or not). */
tstatus store_verify(struct store *st, size_t *problems,
                     void (*report)(const char *line, void *arg), void *arg,
                     struct err *e);

/* Flags for store_get(). */
#define STORE_WITH_SECRETS 0x1     /* decrypt secrets (needs the key) */
#define STORE_SECRETS_TOLERANT 0x2 /* with 0x1: undecryptable = UNREADABLE */

/* Every integration, sorted by name (case-insensitive), without secret
 * values (their state says whether they are set). */
tstatus store_list(struct store *st, struct integration ***out, size_t *n,
                   struct err *e);
void store_list_free(struct integration **v, size_t n);

/* The first `limit` integrations (0: all) in store_list's order, with only
 * what a listing shows: id, name, description, default flag, base URL,
 * auth method and OAuth grant, TLS verification, tags, the last test, the
 * token's times and needs-authorization flag, and whether the access and
 * refresh tokens are set. No parameters, extras or other secret states,
 * nothing decrypted: one query. *total is the number of integrations in
 * the store, counted in the same snapshot (NULL: not wanted). */
tstatus store_list_brief(struct store *st, size_t limit,
                         struct integration ***out, size_t *n, size_t *total,
                         struct err *e);

/* Stream the listing: fn(ig, pass, arg) for every integration, in
 * store_list's order and with store_list_brief's fields, `passes` times
 * over (pass 0, 1, ...) in one snapshot, so that a first pass can measure
 * what the next one prints. ig and its strings are valid only during the
 * call; memory does not grow with the store. */
tstatus store_list_each(struct store *st, unsigned passes,
                        void (*fn)(const struct integration *ig, unsigned pass,
                                   void *arg),
                        void *arg, struct err *e);

/* Like store_list, with secrets per `flags` as for store_get, all read in
 * one consistent snapshot (for export). */
tstatus store_list_full(struct store *st, unsigned flags,
                        struct integration ***out, size_t *n, struct err *e);

/* One integration by name (case-insensitive, trimmed). TS_NOT_FOUND names
 * it. Without flags secrets are only marked SET or UNSET and no key is
 * needed. With STORE_WITH_SECRETS every stored secret is decrypted (state
 * LOADED); a missing or wrong key, or a secret that does not decrypt, fails
 * with TS_KEY naming the key file or the field, unless
 * STORE_SECRETS_TOLERANT is also given: then such secrets are left
 * SECRET_UNREADABLE and the rest is returned. */
tstatus store_get(struct store *st, const char *name, unsigned flags,
                  struct integration **out, struct err *e);

/* The integration marked default; TS_NOT_FOUND when there is none. */
tstatus store_get_default(struct store *st, unsigned flags,
                          struct integration **out, struct err *e);

/* Whether `name` (trimmed, case-insensitive) is used by an integration other
 * than the one with id `except_id` (0 = none). For live validation. */
tstatus store_name_taken(struct store *st, const char *name, int64_t except_id,
                         bool *taken, struct err *e);

/* Validate (validate_integration), then insert with its secrets. Sets ig->id,
 * ig->uid and the times. Marking it default unmarks the previous default.
 * TS_EXISTS when the name is taken. */
tstatus store_add(struct store *st, struct integration *ig, struct err *e);

/* Validate, then write ig over the stored row with id ig->id (TS_NOT_FOUND
 * when gone; TS_EXISTS when renamed onto a taken name). Secrets are written
 * only when their `changed` flag is set (a changed secret with no value is
 * deleted); other secrets stay as stored. Token state and the last test
 * result are not written here (store_save_tokens, store_save_test_result). */
tstatus store_update(struct store *st, struct integration *ig, struct err *e);

/* Delete an integration with its secrets and tokens (history stays).
 * TS_NOT_FOUND names it. */
tstatus store_remove(struct store *st, const char *name, struct err *e);
/* Give an integration a new name (validated, unique case-insensitively;
 * a change of case only is allowed). Its secrets stay readable: they are
 * bound to the integration's uid, not its name. */
tstatus store_rename(struct store *st, const char *old_name,
                     const char *new_name, struct err *e);
/* A second instance of the same configuration under new_name (validated),
 * not default, secrets re-encrypted for its new uid (needs the key when the
 * source has secrets); tokens and test results are not copied. */
tstatus store_copy(struct store *st, const char *src_name, const char *new_name,
                   struct err *e);
/* Make `name` the default, unmarking the previous one. */
tstatus store_set_default(struct store *st, const char *name, struct err *e);

/* Validate each, then insert all of them in one transaction or none;
 * names that clash with stored ones (or with each other) are listed in the
 * message (TS_EXISTS). A validation error names the integration. At most
 * one of them may be the default; it then replaces the stored default. */
tstatus store_import(struct store *st, struct integration **v, size_t n,
                     struct err *e);

/* Replace the stored token state of integration `id`. Each token is
 * written (encrypted) when it has a value, deleted when its state is
 * SECRET_UNSET, and kept as stored otherwise (SET but not loaded), so a
 * refresh that returned no new refresh token can keep the old one. */
tstatus store_save_tokens(struct store *st, int64_t id,
                          const struct oauth_tokens *t, struct err *e);
/* The stored token state of integration `id`, read in one snapshot with
 * both tokens decrypted (needs the key), into *out (the caller releases it
 * with oauth_tokens_clear). TS_NOT_FOUND when the row is gone. */
tstatus store_load_tokens(struct store *st, int64_t id,
                          struct oauth_tokens *out, struct err *e);
/* Mark "needs authorization" with a reason, keeping other token fields. */
tstatus store_mark_needs_auth(struct store *st, int64_t id, const char *reason,
                              struct err *e);
/* Forget all tokens of integration `id`. */
tstatus store_clear_tokens(struct store *st, int64_t id, struct err *e);

/* The token lock of a stored integration (store_lock.c). Whoever asks a
 * token endpoint for its tokens holds it from before reading the tokens to
 * use until the answer is committed, so no two processes or threads spend
 * the same refresh token. It is byte `id` of "<store path>.lock" (0600,
 * beside the store) under an open file description lock: every call opens
 * the file anew, so threads of one process exclude each other as
 * processes do, and the kernel releases the lock of a holder that dies. */
struct store_lock;

/* How long store_lock_tokens waits: what a holder may take, its token
 * request (`holder_ms`) and its commit (the busy timeout), plus 1 s. */
long store_lock_wait_ms(const struct store *st, long holder_ms);

/* Take the token lock of integration `id` (called `name` in messages),
 * waiting at most store_lock_wait_ms(st, holder_ms); then TS_BUSY saying
 * that another tether is still renewing NAME's tokens and nothing was
 * sent. A store opened read-only fails with its cause (TS_IO): a token
 * whose answer cannot be saved must not be asked for. *out is released
 * with store_unlock. */
tstatus store_lock_tokens(struct store *st, int64_t id, const char *name,
                          long holder_ms, struct store_lock **out,
                          struct err *e);
/* Release the lock (NULL allowed). */
void store_unlock(struct store_lock *l);

/* Record the latest connection test of integration `id`. */
tstatus store_save_test_result(struct store *st, int64_t id,
                               const struct test_result *r, struct err *e);

/* One sent request, already redacted by the caller (history.h). */
struct history_entry {
    int64_t id;
    int64_t at;        /* unix milliseconds */
    char *integration; /* name at the time */
    char *method;
    char *url;
    long status; /* 0 = no response */
    char *error; /* transport failure, NULL when none */
    double dns_ms, connect_ms, tls_ms, first_byte_ms, total_ms;
    char *request_headers; /* "Name: value\n" lines */
    char *request_body;
    size_t request_body_len;
    char *response_headers;
    int64_t response_size; /* full size, even when only a part is kept */
    char *response_body;   /* first 64 KiB at most */
    size_t response_body_len;
};

/* The history keeps the newest entries only. */
#define STORE_HISTORY_KEEP 1000
/* ... and of those, as many as fit in this many bytes (bodies, headers,
 * URL): 32 MiB. */
#define STORE_HISTORY_BYTES (32 * 1024 * 1024)

/* Group the changes that follow, up to store_batch_end, into one write
 * transaction (one commit instead of one per change; each change still
 * succeeds or fails as a whole). Holds the store's write lock until the
 * end: open a batch only around writes, never around network work. */
tstatus store_batch_begin(struct store *st, struct err *e);
/* Commit the batch (nothing when none is open). */
tstatus store_batch_end(struct store *st, struct err *e);
/* Undo every change of the open batch and close it (nothing when none is
 * open). */
void store_batch_abort(struct store *st);

/* Append an entry, dropping the oldest beyond STORE_HISTORY_KEEP entries
 * or STORE_HISTORY_BYTES in the same transaction; fills h->id. The caller has
 * redacted it already. */
tstatus store_history_add(struct store *st, struct history_entry *h,
                          struct err *e);
/* Newest first; `integration` NULL for all (else matched by name,
 * case-insensitive); limit 0 = no limit. *out is an array of *n entries
 * freed with store_history_free. */
tstatus store_history_list(struct store *st, const char *integration,
                           size_t limit, struct history_entry **out, size_t *n,
                           struct err *e);
void store_history_free(struct history_entry *v, size_t n);

#endif
