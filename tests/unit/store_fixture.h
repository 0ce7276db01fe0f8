/* store_fixture.h — a private temporary directory per test, with a store
 * path and a key file path inside it, and sample integrations. Included by
 * the store, secret and transfer tests (after cmocka.h). */
#ifndef TETHER_STORE_FIXTURE_H
#define TETHER_STORE_FIXTURE_H

#include <fcntl.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "store.h"

struct fx {
    char dir[64];
    char db[128];  /* dir/data/tether.db: the data directory is missing */
    char key[128]; /* dir/config/key: likewise */
    struct store *st;
};

static inline int
fx_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static inline int
fx_setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/tether-unit.XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->db, sizeof f->db, "%s/data/tether.db", f->dir);
    snprintf(f->key, sizeof f->key, "%s/config/key", f->dir);
    *state = f;
    return 0;
}

static inline int
fx_teardown(void **state)
{
    struct fx *f = *state;
    store_close(f->st);
    nftw(f->dir, fx_rm, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

/* Open (or reopen) the fixture's store with the key file, or with a
 * passphrase when pass is not NULL. Returns the status; e is filled. */
static inline tstatus
fx_open_with(struct fx *f, const char *pass, int busy_ms, struct err *e)
{
    store_close(f->st);
    f->st = NULL;
    struct store_options o = {
        .path = f->db,
        .key_file = f->key,
        .passphrase = pass,
        .busy_timeout_ms = busy_ms,
    };
    err_clear(e);
    return store_open(&o, &f->st, e);
}

static inline void
fx_open(struct fx *f)
{
    struct err e;
    tstatus rc = fx_open_with(f, NULL, 0, &e);
    if (rc != TS_OK)
        fail_msg("store_open: %s", e.msg);
}

/* An integration with the given auth method and plausible settings; the
 * secret (when not NULL) goes into the method's secret field. */
static inline struct integration *
fx_make(const char *name, enum auth_method m, const char *secret)
{
    struct integration *ig = integration_new();
    assert_non_null(ig);
    assert_true(model_set_str(&ig->name, name));
    assert_true(model_set_str(&ig->base_url, "api.example.com/v1"));
    ig->auth = m;
    switch (m) {
    case AUTH_API_KEY:
        assert_true(model_set_str(&ig->api_key.header, "X-API-Key"));
        assert_true(secret_assign(&ig->api_key.key, secret));
        break;
    case AUTH_BASIC:
    case AUTH_DIGEST:
        assert_true(model_set_str(&ig->basic.username, "ada"));
        assert_true(secret_assign(&ig->basic.password, secret));
        break;
    case AUTH_OAUTH2:
        assert_true(model_set_str(&ig->oauth.client_id, "client-1"));
        assert_true(
            model_set_str(&ig->oauth.auth_url, "https://id.example.com/auth"));
        assert_true(model_set_str(&ig->oauth.token_url,
                                  "https://id.example.com/token"));
        if (secret != NULL)
            assert_true(secret_assign(&ig->oauth.client_secret, secret));
        break;
    case AUTH_NONE:
        break;
    }
    return ig;
}

/* Add an integration and free it. */
static inline void
fx_add(struct fx *f, const char *name, enum auth_method m, const char *secret)
{
    struct integration *ig = fx_make(name, m, secret);
    struct err e;
    err_clear(&e);
    tstatus rc = store_add(f->st, ig, &e);
    if (rc != TS_OK)
        fail_msg("store_add %s: %s", name, e.msg);
    integration_free(ig);
}

/* The whole content of a file (NULL, *len 0 when missing). */
static inline unsigned char *
fx_slurp(const char *path, size_t *len)
{
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return NULL;
    unsigned char *buf = NULL;
    size_t cap = 0, n;
    unsigned char chunk[65536];
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        buf = realloc(buf, cap + n);
        assert_non_null(buf);
        memcpy(buf + cap, chunk, n);
        cap += n;
    }
    fclose(fp);
    *len = cap;
    return buf;
}

static inline bool
fx_memmem(const unsigned char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n > 0 && i + n <= len; i++)
        if (hay[i] == (unsigned char)needle[0] &&
            memcmp(hay + i, needle, n) == 0)
            return true;
    return false;
}

/* True when `needle` occurs in the file at path + suffix. */
static inline bool
fx_file_contains(const char *path, const char *suffix, const char *needle)
{
    char p[256];
    snprintf(p, sizeof p, "%s%s", path, suffix);
    size_t len;
    unsigned char *buf = fx_slurp(p, &len);
    bool hit = buf != NULL && fx_memmem(buf, len, needle);
    free(buf);
    return hit;
}

static inline bool
fx_exists(const char *path, const char *suffix)
{
    char p[256];
    snprintf(p, sizeof p, "%s%s", path, suffix);
    return access(p, F_OK) == 0;
}

/* Fold the -wal into the .db file and remove it, as the last plain SQLite
 * connection to close does (tether itself keeps the -wal; see store.c):
 * for tests that look at the .db file alone. */
static inline void
fx_settle(const char *db)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "PRAGMA user_version", NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_close(h), SQLITE_OK);
    assert_false(fx_exists(db, "-wal"));
}

static inline mode_t
fx_mode(const char *path, const char *suffix)
{
    char p[256];
    snprintf(p, sizeof p, "%s%s", path, suffix);
    struct stat sb;
    assert_int_equal(stat(p, &sb), 0);
    return sb.st_mode & 07777;
}

/* Run SQL on the store file through a separate connection. */
static inline void
fx_sql(const char *db, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(h);
}

/* One integer from a query on the store file. */
static inline long long
fx_sql_int(const char *db, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    long long v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    return v;
}

#define assert_msg_has(e, text)                                                \
    do {                                                                       \
        if (strstr((e).msg, (text)) == NULL)                                   \
            fail_msg("message \"%s\" lacks \"%s\"", (e).msg, (text));          \
    } while (0)

#endif
