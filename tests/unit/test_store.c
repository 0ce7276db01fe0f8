/* test_store.c — the store: files and modes, schema checks and migrations,
 * integrations (add, get, update, remove, rename, copy, default, import),
 * tokens, test results, history and a locked store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sys/wait.h>

#include "store_fixture.h"
#include "store_sql.h"

static void
test_open_creates_private_files(void **state)
{
    struct fx *f = *state;
    mode_t old = umask(0); /* the modes must not depend on the umask */
    fx_open(f);
    fx_add(f, "Stripe", AUTH_API_KEY, "sk_live_1");
    umask(old);
    char dir[160];
    snprintf(dir, sizeof dir, "%s/data", f->dir);
    assert_int_equal(fx_mode(dir, ""), 0700);
    assert_int_equal(fx_mode(f->db, ""), 0600);
    assert_int_equal(fx_mode(f->db, "-wal"), 0600);
    assert_int_equal(fx_mode(f->db, "-shm"), 0600);
    snprintf(dir, sizeof dir, "%s/config", f->dir);
    assert_int_equal(fx_mode(dir, ""), 0700);
    assert_int_equal(fx_mode(f->key, ""), 0600);
    assert_string_equal(store_path(f->st), f->db);
}

static void
test_open_pragmas(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    store_close(f->st);
    f->st = NULL;
    sqlite3 *h;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &s, NULL),
                     0);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    sqlite3_close(h);
    assert_int_equal(fx_sql_int(f->db, "PRAGMA user_version"),
                     store_sql_steps[store_sql_count - 1].version);
    assert_true(store_sql_count >= 2);
}

/* The store's directory, for a file written before tether opens it. */
static void
make_data_dir(struct fx *f)
{
    char dir[160];
    snprintf(dir, sizeof dir, "%s/data", f->dir);
    assert_int_equal(mkdir(dir, 0700), 0);
}

static void
test_no_key_file_without_secrets(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fx_add(f, "Open data", AUTH_NONE, NULL);
    assert_false(fx_exists(f->key, ""));
}

/* A store made by the first schema alone, as an old tether left it. */
static void
test_migrate_from_v1(void **state)
{
    struct fx *f = *state;
    make_data_dir(f);
    assert_int_equal(store_sql_steps[0].version, 1);
    fx_sql(f->db, store_sql_steps[0].sql);
    fx_sql(
        f->db,
        "PRAGMA user_version = 1;"
        "INSERT INTO integrations (uid, name, name_key, base_url, auth,"
        " oauth_client_id, oauth_token_url, oauth_grant, created_at,"
        " updated_at, is_default) VALUES ('0123456789abcdef0123456789abcdef',"
        " 'Old One', 'old one', 'https://old.example.com', 'oauth2',"
        " 'cid', 'https://old.example.com/token', 'client_credentials',"
        " 100, 200, 1);"
        "INSERT INTO oauth_params VALUES (1, 0, 'audience', 'api');");
    fx_open(f);
    assert_int_equal(fx_sql_int(f->db, "PRAGMA user_version"),
                     store_sql_steps[store_sql_count - 1].version);
    struct integration *ig = NULL;
    struct err e;
    assert_int_equal(store_get(f->st, "OLD ONE", 0, &ig, &e), TS_OK);
    assert_string_equal(ig->name, "Old One");
    assert_string_equal(ig->base_url, "https://old.example.com");
    assert_int_equal(ig->auth, AUTH_OAUTH2);
    assert_int_equal(ig->oauth.grant, GRANT_CLIENT_CREDENTIALS);
    assert_string_equal(ig->oauth.client_id, "cid");
    assert_true(ig->is_default);
    assert_int_equal(ig->created_at, 100);
    assert_int_equal(ig->oauth.params.n, 1);
    assert_string_equal(ig->oauth.params.items[0].key, "audience");
    assert_int_equal(ig->last_test.at, 0);
    assert_false(ig->oauth.tokens.needs_auth);
    /* The version 2 tables work on the migrated store. */
    struct test_result r = {.at = 5, .status = 200, .pass = true};
    assert_int_equal(store_save_test_result(f->st, ig->id, &r, &e), TS_OK);
    struct history_entry h = {.at = 1, .method = "GET", .url = "/x"};
    assert_int_equal(store_history_add(f->st, &h, &e), TS_OK);
    integration_free(ig);
}

/* A migration that fails half way leaves the store at the old version
 * with none of its changes. */
static void
test_migration_is_one_transaction(void **state)
{
    struct fx *f = *state;
    make_data_dir(f);
    fx_sql(f->db, store_sql_steps[0].sql);
    /* Version 2 adds columns, then creates "history": make that fail. */
    fx_sql(f->db, "PRAGMA user_version = 1; CREATE TABLE history (x);");
    struct err e;
    assert_int_equal(fx_open_with(f, NULL, 0, &e), TS_STORE);
    assert_msg_has(e, "schema 2");
    assert_int_equal(fx_sql_int(f->db, "PRAGMA user_version"), 1);
    assert_int_equal(fx_sql_int(f->db, "SELECT count(*) FROM "
                                       "pragma_table_info('integrations') "
                                       "WHERE name = 'token_type'"),
                     0);
}

/* Refused, and the file is byte for byte what it was, with no -wal. */
static void
expect_refused(struct fx *f, const char *words)
{
    size_t before_len, after_len;
    unsigned char *before = fx_slurp(f->db, &before_len);
    struct stat sb;
    assert_int_equal(stat(f->db, &sb), 0);
    bool had_wal = fx_exists(f->db, "-wal");
    struct err e;
    assert_int_equal(fx_open_with(f, NULL, 0, &e), TS_STORE);
    assert_null(f->st);
    assert_msg_has(e, f->db);
    assert_msg_has(e, words);
    assert_msg_has(e, "untouched");
    unsigned char *after = fx_slurp(f->db, &after_len);
    assert_int_equal(before_len, after_len);
    assert_memory_equal(before, after, before_len);
    assert_int_equal(fx_exists(f->db, "-wal"), had_wal);
    free(before);
    free(after);
}

static void
test_newer_schema_refused(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fx_add(f, "Stripe", AUTH_NONE, NULL);
    store_close(f->st);
    f->st = NULL;
    fx_sql(f->db, "PRAGMA user_version = 99");
    assert_false(fx_exists(f->db, "-wal"));
    expect_refused(f, "newer version of tether (schema 99; this one knows up "
                      "to");
}

/* A newer tether crashed: its schema change sits in the -wal file only.
 * The check must see it there, and must not checkpoint it into the file. */
static void
test_newer_schema_in_wal_refused(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    store_close(f->st);
    f->st = NULL;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        sqlite3 *h;
        if (sqlite3_open(f->db, &h) != SQLITE_OK ||
            sqlite3_exec(h, "PRAGMA user_version = 42", NULL, NULL, NULL) !=
                SQLITE_OK)
            _exit(1);
        _exit(0); /* no close: the change stays in the -wal */
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_true(fx_exists(f->db, "-wal"));
    expect_refused(f, "(schema 42;");
    assert_true(fx_exists(f->db, "-wal"));
}

static void
test_not_sqlite_refused(void **state)
{
    struct fx *f = *state;
    make_data_dir(f);
    FILE *fp = fopen(f->db, "w");
    assert_non_null(fp);
    for (int i = 0; i < 200; i++)
        fputs("These are my notes, not a database.\n", fp);
    fclose(fp);
    expect_refused(f, "not an SQLite database");
    /* A file shorter than a database header. */
    fp = fopen(f->db, "w");
    fputs("hi\n", fp);
    fclose(fp);
    expect_refused(f, "not an SQLite database");
}

static void
test_foreign_sqlite_refused(void **state)
{
    struct fx *f = *state;
    make_data_dir(f);
    fx_sql(f->db, "CREATE TABLE songs (title TEXT); "
                  "INSERT INTO songs VALUES ('x')");
    expect_refused(f, "not a tether store");
}

/* Overwrite the root page of the integrations table in the file (pages
 * of the schema stay sound, so the store still opens). */
static void
scribble_integrations(struct fx *f)
{
    sqlite3 *h;
    sqlite3_stmt *q;
    fx_settle(f->db);
    assert_int_equal(sqlite3_open_v2(f->db, &h, SQLITE_OPEN_READWRITE, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "SELECT rootpage FROM sqlite_master "
                                        "WHERE name = 'integrations'",
                                        -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    long page = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(h);
    assert_false(fx_exists(f->db, "-wal"));
    assert_true(page > 1);
    FILE *fp = fopen(f->db, "r+b");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, (page - 1) * 4096, SEEK_SET), 0);
    for (int i = 0; i < 4096; i++)
        fputc((i * 7) & 0xff, fp);
    fclose(fp);
}

static void
verify_count(const char *line, void *arg)
{
    assert_non_null(line);
    (*(size_t *)arg)++;
}

/* The rows of each table, for a before/after comparison. */
static const char *const v8_tables[] = {
    "meta",      "integrations", "secrets",        "oauth_params",
    "history",   "extras",       "saved_requests", "saved_request_parts",
    "variables",
};

/* A store at schema 8 with rows in every table that refers to an
 * integration, made from a current store's rows (so that its secrets are
 * real ciphertexts): schema.sql and migrations 002-008, then the rows. */
static void
make_v8_store(struct fx *f, const char *old)
{
    fx_open(f);
    fx_add(f, "Keyed", AUTH_API_KEY, "sk_live_v8");
    fx_add(f, "Based", AUTH_BASIC, "pw-v8");
    fx_add(f, "Authed", AUTH_OAUTH2, "cs-v8");
    struct history_entry h = {.at = 1, .method = "GET", .url = "/x"};
    struct err e;
    assert_int_equal(store_history_add(f->st, &h, &e), TS_OK);
    store_close(f->st);
    f->st = NULL;
    fx_settle(f->db);
    for (int i = 0; i < store_sql_count && store_sql_steps[i].version <= 8; i++)
        fx_sql(old, store_sql_steps[i].sql);
    char sql[4096];
    snprintf(sql, sizeof sql,
             "PRAGMA user_version = 8; ATTACH '%s' AS cur;"
             "INSERT INTO meta SELECT * FROM cur.meta;"
             "INSERT INTO secrets SELECT * FROM cur.secrets;"
             "INSERT INTO history SELECT * FROM cur.history;",
             f->db);
    fx_sql(old, sql);
    /* The integrations' columns of schema 8: all but the new ones. */
    sqlite3 *h8;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open(old, &h8), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h8,
                                        "SELECT group_concat(name, ', ') FROM "
                                        "pragma_table_info('integrations')",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    char cols[2048];
    snprintf(cols, sizeof cols, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(h8);
    assert_null(strstr(cols, "client_cert"));
    snprintf(sql, sizeof sql,
             "ATTACH '%s' AS cur;"
             "INSERT INTO integrations (%s) SELECT %s FROM cur.integrations;"
             "DETACH cur;"
             "UPDATE integrations SET token_type = 'Bearer', "
             " token_expires_at = 1900000000, token_obtained_at = 5,"
             " test_at = 7, test_status = 200, test_pass = 1,"
             " tags = 'a,b', proxy_user = 'pu' WHERE name = 'Authed';"
             "INSERT INTO oauth_params VALUES (3, 0, 'audience', 'api');"
             "INSERT INTO extras VALUES (1, 0, 'header', 'X-Trace', 'on', 0);"
             "INSERT INTO saved_requests VALUES (1, 2, 'Me', 'me', 'GET', "
             " '/me', 1, 2);"
             "INSERT INTO saved_request_parts VALUES (1, 'query', 0, 'q', "
             " 'v', NULL, NULL);"
             "INSERT INTO variables VALUES (2, 'who', 'ada', NULL, NULL);",
             f->db, cols, cols);
    fx_sql(old, sql);
}

/* Schema 9 rebuilds the integrations table: every child row stays, with
 * its integration, the secrets still decrypt and the store checks clean. */
static void
test_migrate_from_v8_keeps_children(void **state)
{
    struct fx *f = *state;
    char old[160];
    snprintf(old, sizeof old, "%s/data/old.db", f->dir);
    make_v8_store(f, old);
    long long before[sizeof v8_tables / sizeof *v8_tables];
    for (size_t i = 0; i < sizeof v8_tables / sizeof *v8_tables; i++) {
        char q[96];
        snprintf(q, sizeof q, "SELECT count(*) FROM %s", v8_tables[i]);
        before[i] = fx_sql_int(old, q);
        assert_true(before[i] > 0);
    }
    assert_int_equal(rename(old, f->db), 0);
    fx_open(f);
    assert_int_equal(fx_sql_int(f->db, "PRAGMA user_version"),
                     store_sql_steps[store_sql_count - 1].version);
    for (size_t i = 0; i < sizeof v8_tables / sizeof *v8_tables; i++) {
        char q[96];
        snprintf(q, sizeof q, "SELECT count(*) FROM %s", v8_tables[i]);
        if (fx_sql_int(f->db, q) != before[i])
            fail_msg("%s: %lld rows before, %lld after", v8_tables[i],
                     before[i], fx_sql_int(f->db, q));
    }
    assert_int_equal(fx_sql_int(f->db, "SELECT count(*) FROM sqlite_master "
                                       "WHERE name = "
                                       "'integrations_one_default'"),
                     1);
    assert_int_equal(fx_sql_int(f->db, "SELECT count(*) FROM sqlite_master "
                                       "WHERE name = 'integrations_new'"),
                     0);
    size_t problems = 99, seen = 0;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_verify(f->st, &problems, verify_count, &seen, &e),
                     TS_OK);
    assert_int_equal(problems, 0);
    struct integration *ig = NULL;
    assert_int_equal(store_get(f->st, "Authed", STORE_WITH_SECRETS, &ig, &e),
                     TS_OK);
    assert_string_equal(ig->oauth.client_secret.value, "cs-v8");
    assert_string_equal(ig->oauth.tokens.token_type, "Bearer");
    assert_int_equal(ig->oauth.tokens.expires_at, 1900000000);
    assert_int_equal(ig->last_test.status, 200);
    assert_string_equal(ig->tags, "a,b");
    assert_string_equal(ig->net.proxy_user, "pu");
    assert_int_equal(ig->oauth.params.n, 1);
    assert_null(ig->net.client_cert);
    integration_free(ig);
    assert_int_equal(store_get(f->st, "Keyed", STORE_WITH_SECRETS, &ig, &e),
                     TS_OK);
    assert_string_equal(ig->api_key.key.value, "sk_live_v8");
    assert_int_equal(ig->extras.n, 1);
    integration_free(ig);
    /* Foreign keys are on again: removing one takes its rows along. */
    assert_int_equal(store_remove(f->st, "Based", &e), TS_OK);
    assert_int_equal(fx_sql_int(f->db, "SELECT count(*) FROM variables WHERE "
                                       "integration_id = 2"),
                     0);
    assert_int_equal(fx_sql_int(f->db, "SELECT count(*) FROM saved_requests"),
                     0);
    /* The new values are allowed now. */
    fx_add(f, "Digested", AUTH_DIGEST, "pw-d");
}

/* Damage is found where it is read (opening checks pages only after a
 * crash), nothing is written, and store_verify lists it. */
static void
test_corrupt_refused(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    for (int i = 0; i < 40; i++) {
        char name[32];
        snprintf(name, sizeof name, "Integration %d", i);
        fx_add(f, name, AUTH_NONE, NULL);
    }
    size_t problems = 99, seen = 0;
    struct err e;
    err_clear(&e);
    assert_int_equal(store_verify(f->st, &problems, verify_count, &seen, &e),
                     TS_OK);
    assert_int_equal(problems, 0);
    assert_int_equal(seen, 0);
    store_close(f->st);
    f->st = NULL;
    fx_settle(f->db);
    scribble_integrations(f);
    size_t len;
    unsigned char *buf = fx_slurp(f->db, &len);

    if (fx_open_with(f, NULL, 0, &e) != TS_OK)
        fail_msg("store_open: %s", e.msg);
    struct integration **v = NULL;
    size_t n = 0;
    err_clear(&e);
    assert_int_equal(store_list(f->st, &v, &n, &e), TS_STORE);
    assert_msg_has(e, f->db);
    assert_msg_has(e, "damaged");
    err_clear(&e);
    assert_int_equal(store_verify(f->st, &problems, verify_count, &seen, &e),
                     TS_OK);
    assert_true(problems > 0);
    assert_int_equal(seen, problems);
    store_close(f->st);
    f->st = NULL;
    size_t after_len;
    unsigned char *after = fx_slurp(f->db, &after_len);
    assert_int_equal(after_len, len);
    assert_memory_equal(after, buf, len);
    free(after);
    free(buf);
}

/* Beside a stale -wal (one without its -shm index), opening checks the
 * pages. */
static void
test_corrupt_after_crash_refused(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    for (int i = 0; i < 40; i++) {
        char name[32];
        snprintf(name, sizeof name, "Integration %d", i);
        fx_add(f, name, AUTH_NONE, NULL);
    }
    store_close(f->st);
    f->st = NULL;
    scribble_integrations(f);
    /* A process that wrote a little (the same schema version again, so
     * only the header page) and died without closing. */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        sqlite3 *h;
        sqlite3_stmt *q;
        char sql[64];
        if (sqlite3_open(f->db, &h) != SQLITE_OK ||
            sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &q, NULL) !=
                SQLITE_OK ||
            sqlite3_step(q) != SQLITE_ROW)
            _exit(1);
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
                 sqlite3_column_int(q, 0));
        sqlite3_finalize(q);
        if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
            _exit(1);
        _exit(0); /* no close: the change stays in the -wal */
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_true(fx_exists(f->db, "-wal"));
    /* ... and its -wal index is gone too (or the files were copied without
     * it): tether then checks every page before using the store. */
    char shm[256];
    snprintf(shm, sizeof shm, "%s-shm", f->db);
    assert_int_equal(unlink(shm), 0);
    expect_refused(f, "damaged");
}

static void
test_add_get_update(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    struct integration *ig = fx_make("  Payments  ", AUTH_BASIC, "hunter2");
    assert_true(model_set_str(&ig->description, "the payment API"));
    assert_true(model_set_str(&ig->test_path, "health"));
    struct err e;
    assert_int_equal(store_add(f->st, ig, &e), TS_OK);
    assert_true(ig->id > 0);
    assert_int_equal(strlen(ig->uid), MODEL_UID_LEN);
    assert_false(ig->basic.password.changed);
    char uid[MODEL_UID_LEN + 1];
    memcpy(uid, ig->uid, sizeof uid);
    integration_free(ig);

    assert_int_equal(store_get(f->st, "payments", 0, &ig, &e), TS_OK);
    assert_string_equal(ig->name, "Payments");
    assert_string_equal(ig->uid, uid);
    assert_string_equal(ig->description, "the payment API");
    assert_string_equal(ig->base_url, "https://api.example.com/v1");
    assert_string_equal(ig->test_path, "/health");
    assert_string_equal(ig->basic.username, "ada");
    assert_int_equal(ig->basic.password.state, SECRET_SET);
    assert_null(ig->basic.password.value);
    assert_int_equal(ig->api_key.key.state, SECRET_UNSET);
    assert_true(ig->created_at > 0);

    /* Only what changed is written; the password stays as stored. */
    assert_true(model_set_str(&ig->basic.username, "grace"));
    assert_int_equal(store_update(f->st, ig, &e), TS_OK);
    integration_free(ig);
    assert_int_equal(store_get(f->st, "PAYMENTS", STORE_WITH_SECRETS, &ig, &e),
                     TS_OK);
    assert_string_equal(ig->basic.username, "grace");
    assert_string_equal(ig->basic.password.value, "hunter2");
    assert_true(secret_assign(&ig->basic.password, "correct horse"));
    ig->uid[0] = '\0'; /* the stored uid binds the secrets, not the caller's */
    assert_int_equal(store_update(f->st, ig, &e), TS_OK);
    assert_string_equal(ig->uid, uid);
    integration_free(ig);
    assert_int_equal(store_get(f->st, "Payments", STORE_WITH_SECRETS, &ig, &e),
                     TS_OK);
    assert_string_equal(ig->basic.password.value, "correct horse");

    /* Invalid input is refused by validation, naming the field. */
    assert_true(model_set_str(&ig->base_url, "ftp://x"));
    assert_int_equal(store_update(f->st, ig, &e), TS_INVALID);
    assert_string_equal(e.field, "base_url");
    integration_free(ig);

    assert_int_equal(store_get(f->st, "nope", 0, &ig, &e), TS_NOT_FOUND);
    assert_msg_has(e, "nope");
}

static void
test_update_clears_secret(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fx_add(f, "Svc", AUTH_OAUTH2, "client-secret-1");
    struct integration *ig;
    struct err e;
    assert_int_equal(store_get(f->st, "svc", 0, &ig, &e), TS_OK);
    assert_int_equal(ig->oauth.client_secret.state, SECRET_SET);
    assert_true(secret_assign(&ig->oauth.client_secret, NULL));
    assert_int_equal(store_update(f->st, ig, &e), TS_OK);
    integration_free(ig);
    assert_int_equal(store_get(f->st, "svc", STORE_WITH_SECRETS, &ig, &e),
                     TS_OK);
    assert_int_equal(ig->oauth.client_secret.state, SECRET_UNSET);
    integration_free(ig);
    assert_int_equal(fx_sql_int(f->db, "SELECT count(*) FROM secrets"), 0);
}

static void
test_names_case_insensitive(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fx_add(f, "Stripe", AUTH_NONE, NULL);
    struct integration *ig = fx_make(" STRIPE ", AUTH_NONE, NULL);
    struct err e;
    assert_int_equal(store_add(f->st, ig, &e), TS_EXISTS);
    assert_string_equal(e.field, "name");
    assert_msg_has(e, "\"Stripe\"");
    assert_int_equal(ig->id, 0);
    integration_free(ig);
    /* Non-ASCII letters fold too. */
    fx_add(f, "Überweisung", AUTH_NONE, NULL);
    ig = fx_make("üBERWEISUNG", AUTH_NONE, NULL);
    assert_int_equal(store_add(f->st, ig, &e), TS_EXISTS);
    integration_free(ig);

    bool taken = false;
    assert_int_equal(store_name_taken(f->st, "stripe", 0, &taken, &e), TS_OK);
    assert_true(taken);
    assert_int_equal(store_get(f->st, "stripe", 0, &ig, &e), TS_OK);
    assert_int_equal(store_name_taken(f->st, "stripe", ig->id, &taken, &e),
                     TS_OK);
    assert_false(taken);
    assert_int_equal(store_name_taken(f->st, "other", 0, &taken, &e), TS_OK);
    assert_false(taken);
    integration_free(ig);

    /* The reserved name is refused whatever the spelling. */
    ig = fx_make(" dEfAuLt ", AUTH_NONE, NULL);
    assert_int_equal(store_add(f->st, ig, &e), TS_INVALID);
    assert_string_equal(e.field, "name");
    integration_free(ig);
}

static void
test_list_sorted(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fx_add(f, "beta", AUTH_NONE, NULL);
    fx_add(f, "Alpha", AUTH_API_KEY, "k");
    fx_add(f, "gamma", AUTH_NONE, NULL);
    struct integration **v;
    size_t n;
    struct err e;
    assert_int_equal(store_list(f->st, &v, &n, &e), TS_OK);
    assert_int_equal(n, 3);
    assert_string_equal(v[0]->name, "Alpha");
    assert_string_equal(v[1]->name, "beta");
    assert_string_equal(v[2]->name, "gamma");
    assert_int_equal(v[0]->api_key.key.state, SECRET_SET);
    assert_null(v[0]->api_key.key.value);
    store_list_free(v, n);
}

static void
test_remove_rename(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fx_add(f, "One", AUTH_API_KEY, "key-one");
    fx_add(f, "Two", AUTH_NONE, NULL);
    struct err e;
    assert_int_equal(store_rename(f->st, "one", "Two", &e), TS_EXISTS);
    assert_int_equal(store_rename(f->st, "one", "Default", &e), TS_INVALID);
    assert_int_equal(store_rename(f->st, "missing", "x", &e), TS_NOT_FOUND);
    assert_int_equal(store_rename(f->st, "one", " Uno ", &e), TS_OK);
    assert_int_equal(store_rename(f->st, "uno", "UNO", &e), TS_OK);
    struct integration *ig;
    assert_int_equal(store_get(f->st, "one", 0, &ig, &e), TS_NOT_FOUND);
    /* Secrets are bound to the uid: still readable after a rename. */
    assert_int_equal(store_get(f->st, "uno", STORE_WITH_SECRETS, &ig, &e),
                     TS_OK);
    assert_string_equal(ig->name, "UNO");
    assert_string_equal(ig->api_key.key.value, "key-one");
    integration_free(ig);

    assert_int_equal(store_remove(f->st, "UNO", &e), TS_OK);
    assert_int_equal(store_remove(f->st, "uno", &e), TS_NOT_FOUND);
    assert_msg_has(e, "uno");
    assert_int_equal(fx_sql_int(f->db, "SELECT count(*) FROM secrets"), 0);
    assert_int_equal(fx_sql_int(f->db, "SELECT count(*) FROM integrations"), 1);
}

/* Names seen by store_list_each, per pass. */
struct each_seen {
    char names[2][4][32];
    size_t n[2];
    bool access[4], refresh[4];
};

static void
each_row(const struct integration *ig, unsigned pass, void *arg)
{
    struct each_seen *w = arg;
    assert_true(pass < 2);
    assert_true(w->n[pass] < 4);
    snprintf(w->names[pass][w->n[pass]], sizeof w->names[0][0], "%s", ig->name);
    if (pass == 0) {
        w->access[w->n[0]] = secret_is_set(&ig->oauth.tokens.access_token);
        w->refresh[w->n[0]] = secret_is_set(&ig->oauth.tokens.refresh_token);
    }
    w->n[pass]++;
}

static void
test_list_brief(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fx_add(f, "beta", AUTH_NONE, NULL);
    fx_add(f, "Alpha", AUTH_API_KEY, "k");
    struct integration *ig = fx_make("gamma", AUTH_OAUTH2, "cs");
    assert_true(model_set_str(&ig->description, "third"));
    assert_true(model_set_str(&ig->tags, "prod"));
    ig->is_default = true;
    struct err e;
    assert_int_equal(store_add(f->st, ig, &e), TS_OK);
    struct oauth_tokens t = {.expires_at = 99, .obtained_at = 9};
    assert_true(secret_assign(&t.access_token, "at-1"));
    assert_int_equal(store_save_tokens(f->st, ig->id, &t, &e), TS_OK);
    oauth_tokens_clear(&t);
    struct test_result r = {.at = 7, .status = 500, .reason = "HTTP 500"};
    assert_int_equal(store_save_test_result(f->st, ig->id, &r, &e), TS_OK);
    integration_free(ig);

    struct integration **v;
    size_t n, total = 0;
    assert_int_equal(store_list_brief(f->st, 0, &v, &n, &total, &e), TS_OK);
    assert_int_equal(n, 3);
    assert_int_equal(total, 3);
    assert_string_equal(v[0]->name, "Alpha");
    assert_string_equal(v[1]->name, "beta");
    assert_string_equal(v[2]->name, "gamma");
    assert_int_equal(v[0]->auth, AUTH_API_KEY);
    assert_string_equal(v[2]->description, "third");
    assert_string_equal(v[2]->tags, "prod");
    assert_string_equal(v[2]->base_url, "https://api.example.com/v1");
    assert_true(v[2]->is_default);
    assert_int_equal(v[2]->last_test.status, 500);
    assert_string_equal(v[2]->last_test.reason, "HTTP 500");
    assert_int_equal(v[2]->oauth.tokens.expires_at, 99);
    assert_int_equal(v[2]->oauth.tokens.access_token.state, SECRET_SET);
    assert_null(v[2]->oauth.tokens.access_token.value);
    assert_int_equal(v[2]->oauth.tokens.refresh_token.state, SECRET_UNSET);
    /* Only what a listing shows: no other secret states, no child rows. */
    assert_int_equal(v[0]->api_key.key.state, SECRET_UNSET);
    assert_null(v[2]->oauth.client_id);
    store_list_free(v, n);

    assert_int_equal(store_list_brief(f->st, 2, &v, &n, &total, &e), TS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(total, 3);
    assert_string_equal(v[1]->name, "beta");
    store_list_free(v, n);

    struct each_seen w;
    memset(&w, 0, sizeof w);
    assert_int_equal(store_list_each(f->st, 2, each_row, &w, &e), TS_OK);
    assert_int_equal(w.n[0], 3);
    assert_int_equal(w.n[1], 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(w.names[0][i], w.names[1][i]);
    assert_string_equal(w.names[0][2], "gamma");
    assert_false(w.access[0]);
    assert_true(w.access[2]);
    assert_false(w.refresh[2]);
}

static void
test_copy(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    struct integration *ig = fx_make("Source", AUTH_OAUTH2, "cs-123");
    ig->is_default = true;
    assert_true(kv_list_add(&ig->oauth.params, "audience", "api://x"));
    struct err e;
    assert_int_equal(store_add(f->st, ig, &e), TS_OK);
    struct oauth_tokens t = {.expires_at = 99, .obtained_at = 9};
    assert_true(secret_assign(&t.access_token, "at-1"));
    assert_true(secret_assign(&t.refresh_token, "rt-1"));
    assert_int_equal(store_save_tokens(f->st, ig->id, &t, &e), TS_OK);
    oauth_tokens_clear(&t);
    struct test_result r = {.at = 7, .status = 200, .pass = true};
    assert_int_equal(store_save_test_result(f->st, ig->id, &r, &e), TS_OK);
    integration_free(ig);

    assert_int_equal(store_copy(f->st, "source", "source", &e), TS_EXISTS);
    assert_int_equal(store_copy(f->st, "nothing", "x", &e), TS_NOT_FOUND);
    assert_int_equal(store_copy(f->st, "source", "Copy", &e), TS_OK);
    struct integration *src, *cp;
    assert_int_equal(store_get(f->st, "source", STORE_WITH_SECRETS, &src, &e),
                     TS_OK);
    assert_int_equal(store_get(f->st, "copy", STORE_WITH_SECRETS, &cp, &e),
                     TS_OK);
    assert_string_not_equal(src->uid, cp->uid);
    assert_true(src->is_default);
    assert_false(cp->is_default);
    assert_string_equal(cp->oauth.client_id, "client-1");
    assert_string_equal(cp->oauth.client_secret.value, "cs-123");
    assert_int_equal(cp->oauth.params.n, 1);
    assert_string_equal(cp->oauth.params.items[0].value, "api://x");
    assert_int_equal(cp->oauth.tokens.access_token.state, SECRET_UNSET);
    assert_int_equal(cp->oauth.tokens.expires_at, 0);
    assert_int_equal(cp->last_test.at, 0);
    assert_string_equal(src->oauth.tokens.access_token.value, "at-1");
    integration_free(src);
    integration_free(cp);
}

static long long
count_defaults(struct fx *f)
{
    return fx_sql_int(f->db,
                      "SELECT count(*) FROM integrations WHERE is_default");
}

static void
test_default_exactly_one(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    struct err e;
    struct integration *ig;
    assert_int_equal(store_get_default(f->st, 0, &ig, &e), TS_NOT_FOUND);
    ig = fx_make("A", AUTH_NONE, NULL);
    ig->is_default = true;
    assert_int_equal(store_add(f->st, ig, &e), TS_OK);
    integration_free(ig);
    ig = fx_make("B", AUTH_NONE, NULL);
    ig->is_default = true;
    assert_int_equal(store_add(f->st, ig, &e), TS_OK);
    integration_free(ig);
    assert_int_equal(count_defaults(f), 1);
    assert_int_equal(store_get_default(f->st, 0, &ig, &e), TS_OK);
    assert_string_equal(ig->name, "B");
    integration_free(ig);

    assert_int_equal(store_set_default(f->st, "a", &e), TS_OK);
    assert_int_equal(count_defaults(f), 1);
    assert_int_equal(store_get_default(f->st, 0, &ig, &e), TS_OK);
    assert_string_equal(ig->name, "A");
    integration_free(ig);
    assert_int_equal(store_set_default(f->st, "zzz", &e), TS_NOT_FOUND);
    assert_int_equal(count_defaults(f), 1); /* rolled back */

    assert_int_equal(store_get(f->st, "b", 0, &ig, &e), TS_OK);
    ig->is_default = true;
    assert_int_equal(store_update(f->st, ig, &e), TS_OK);
    integration_free(ig);
    assert_int_equal(count_defaults(f), 1);
    assert_int_equal(store_get_default(f->st, 0, &ig, &e), TS_OK);
    assert_string_equal(ig->name, "B");
    integration_free(ig);
}

static void
test_import_all_or_nothing(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fx_add(f, "Existing", AUTH_NONE, NULL);
    struct integration *v[4] = {
        fx_make("Fresh", AUTH_API_KEY, "k1"),
        fx_make("EXISTING", AUTH_NONE, NULL),
        fx_make("Twin", AUTH_NONE, NULL),
        fx_make("twin ", AUTH_NONE, NULL),
    };
    struct err e;
    assert_int_equal(store_import(f->st, v, 4, &e), TS_EXISTS);
    assert_msg_has(e, "\"EXISTING\"");
    assert_msg_has(e, "more than once in the import: \"twin\""); /* trimmed */
    assert_null(strstr(e.msg, "Fresh"));
    assert_int_equal(fx_sql_int(f->db, "SELECT count(*) FROM integrations"), 1);
    assert_int_equal(fx_sql_int(f->db, "SELECT count(*) FROM secrets"), 0);

    /* An invalid one spoils the batch too, and is named. */
    assert_true(model_set_str(&v[1]->name, "Other"));
    assert_true(model_set_str(&v[3]->name, "Third"));
    assert_true(model_set_str(&v[2]->base_url, "http://a b"));
    assert_int_equal(store_import(f->st, v, 4, &e), TS_INVALID);
    assert_msg_has(e, "Twin");
    assert_true(model_set_str(&v[2]->base_url, "twin.example.com"));

    v[0]->is_default = v[2]->is_default = true;
    assert_int_equal(store_import(f->st, v, 4, &e), TS_INVALID);
    v[0]->is_default = false;
    assert_int_equal(store_import(f->st, v, 4, &e), TS_OK);
    assert_int_equal(fx_sql_int(f->db, "SELECT count(*) FROM integrations"), 5);
    assert_int_equal(count_defaults(f), 1);
    struct integration *ig;
    assert_int_equal(store_get(f->st, "fresh", STORE_WITH_SECRETS, &ig, &e),
                     TS_OK);
    assert_string_equal(ig->api_key.key.value, "k1");
    integration_free(ig);
    for (int i = 0; i < 4; i++)
        integration_free(v[i]);
}

static void
test_tokens(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fx_add(f, "OA", AUTH_OAUTH2, "cs");
    struct integration *ig;
    struct err e;
    assert_int_equal(store_get(f->st, "oa", 0, &ig, &e), TS_OK);
    int64_t id = ig->id;
    integration_free(ig);

    struct oauth_tokens t = {.expires_at = 1000, .obtained_at = 900};
    assert_true(secret_assign(&t.access_token, "access-AAA"));
    assert_true(secret_assign(&t.refresh_token, "refresh-RRR"));
    assert_true(model_set_str(&t.token_type, "bearer"));
    assert_true(model_set_str(&t.scope, "read write"));
    assert_int_equal(store_save_tokens(f->st, id, &t, &e), TS_OK);
    oauth_tokens_clear(&t);
    assert_int_equal(store_get(f->st, "oa", STORE_WITH_SECRETS, &ig, &e),
                     TS_OK);
    assert_string_equal(ig->oauth.tokens.access_token.value, "access-AAA");
    assert_string_equal(ig->oauth.tokens.refresh_token.value, "refresh-RRR");
    assert_string_equal(ig->oauth.tokens.token_type, "bearer");
    assert_string_equal(ig->oauth.tokens.scope, "read write");
    assert_int_equal(ig->oauth.tokens.expires_at, 1000);
    assert_int_equal(ig->oauth.tokens.obtained_at, 900);
    integration_free(ig);

    /* A refresh without a new refresh token keeps the stored one. */
    t.expires_at = 2000;
    t.obtained_at = 1900;
    assert_true(secret_assign(&t.access_token, "access-BBB"));
    t.refresh_token.state = SECRET_SET;
    assert_int_equal(store_save_tokens(f->st, id, &t, &e), TS_OK);
    oauth_tokens_clear(&t);
    assert_int_equal(store_mark_needs_auth(f->st, id, "invalid_grant", &e),
                     TS_OK);
    assert_int_equal(store_get(f->st, "oa", STORE_WITH_SECRETS, &ig, &e),
                     TS_OK);
    assert_string_equal(ig->oauth.tokens.access_token.value, "access-BBB");
    assert_string_equal(ig->oauth.tokens.refresh_token.value, "refresh-RRR");
    assert_true(ig->oauth.tokens.needs_auth);
    assert_string_equal(ig->oauth.tokens.needs_auth_reason, "invalid_grant");
    assert_int_equal(ig->oauth.tokens.expires_at, 2000);
    /* store_update leaves the tokens alone. */
    assert_int_equal(store_update(f->st, ig, &e), TS_OK);
    integration_free(ig);
    assert_int_equal(store_clear_tokens(f->st, id, &e), TS_OK);
    assert_int_equal(store_get(f->st, "oa", STORE_WITH_SECRETS, &ig, &e),
                     TS_OK);
    assert_int_equal(ig->oauth.tokens.access_token.state, SECRET_UNSET);
    assert_int_equal(ig->oauth.tokens.refresh_token.state, SECRET_UNSET);
    assert_false(ig->oauth.tokens.needs_auth);
    assert_int_equal(ig->oauth.tokens.expires_at, 0);
    assert_string_equal(ig->oauth.client_secret.value, "cs");
    integration_free(ig);

    assert_int_equal(store_mark_needs_auth(f->st, 999, "x", &e), TS_NOT_FOUND);
    assert_int_equal(store_save_tokens(f->st, 999, &t, &e), TS_NOT_FOUND);
}

static void
test_test_result(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fx_add(f, "T", AUTH_NONE, NULL);
    struct integration *ig;
    struct err e;
    assert_int_equal(store_get(f->st, "t", 0, &ig, &e), TS_OK);
    struct test_result r = {.at = 1234,
                            .status = 503,
                            .pass = false,
                            .time_ms = 42,
                            .reason = "the server said 503"};
    assert_int_equal(store_save_test_result(f->st, ig->id, &r, &e), TS_OK);
    int64_t id = ig->id;
    integration_free(ig);
    assert_int_equal(store_get(f->st, "t", 0, &ig, &e), TS_OK);
    assert_int_equal(ig->last_test.at, 1234);
    assert_int_equal(ig->last_test.status, 503);
    assert_false(ig->last_test.pass);
    assert_int_equal(ig->last_test.time_ms, 42);
    assert_string_equal(ig->last_test.reason, "the server said 503");
    integration_free(ig);
    r = (struct test_result){.at = 2000, .status = 200, .pass = true};
    assert_int_equal(store_save_test_result(f->st, id, &r, &e), TS_OK);
    assert_int_equal(store_get(f->st, "t", 0, &ig, &e), TS_OK);
    assert_true(ig->last_test.pass);
    assert_null(ig->last_test.reason);
    integration_free(ig);
    assert_int_equal(store_save_test_result(f->st, id + 5, &r, &e),
                     TS_NOT_FOUND);
}

static void
test_history(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    struct err e;
    const char *names[] = {"Stripe", "GitHub", "stripe", NULL};
    for (int i = 0; i < 4; i++) {
        struct history_entry h = {
            .at = 1000 + i,
            .integration = (char *)names[i],
            .method = "POST",
            .url = "https://api.example.com/x",
            .status = 200 + i,
            .total_ms = 1.5 * i,
            .request_headers = "Authorization: [redacted]\n",
            .request_body = "{\"a\":1}",
            .request_body_len = 7,
            .response_body = "bin\0ary",
            .response_body_len = 7,
            .response_size = 100000,
        };
        assert_int_equal(store_history_add(f->st, &h, &e), TS_OK);
        assert_true(h.id > 0);
    }
    struct history_entry *v;
    size_t n;
    assert_int_equal(store_history_list(f->st, NULL, 0, &v, &n, &e), TS_OK);
    assert_int_equal(n, 4);
    assert_int_equal(v[0].at, 1003);
    assert_null(v[0].integration);
    assert_int_equal(v[3].at, 1000);
    assert_string_equal(v[3].method, "POST");
    assert_int_equal(v[3].response_body_len, 7);
    assert_memory_equal(v[3].response_body, "bin\0ary", 7);
    assert_int_equal(v[3].response_size, 100000);
    assert_string_equal(v[3].request_headers, "Authorization: [redacted]\n");
    store_history_free(v, n);

    assert_int_equal(store_history_list(f->st, "STRIPE", 0, &v, &n, &e), TS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].at, 1002);
    assert_int_equal(v[0].status, 202);
    assert_true(v[0].total_ms > 2.99 && v[0].total_ms < 3.01);
    assert_string_equal(v[1].integration, "Stripe");
    store_history_free(v, n);

    assert_int_equal(store_history_list(f->st, NULL, 2, &v, &n, &e), TS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(v[1].at, 1002);
    store_history_free(v, n);
    assert_int_equal(store_history_list(f->st, "none", 0, &v, &n, &e), TS_OK);
    assert_int_equal(n, 0);
    store_history_free(v, n);

    /* Only the newest STORE_HISTORY_KEEP entries stay. */
    fx_sql(f->db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                  "FROM n WHERE i < 1200) INSERT INTO history (at, method, "
                  "url) SELECT i, 'GET', '/old' FROM n");
    struct history_entry h = {.at = 5000, .method = "GET", .url = "/new"};
    assert_int_equal(store_history_add(f->st, &h, &e), TS_OK);
    assert_int_equal(store_history_list(f->st, NULL, 0, &v, &n, &e), TS_OK);
    assert_int_equal(n, STORE_HISTORY_KEEP);
    assert_string_equal(v[0].url, "/new");
    /* 4 + 1200 + 1 entries: the 205 oldest (at 1..205) went. */
    assert_int_equal(v[n - 1].at, 206);
    store_history_free(v, n);

    /* And only as many of the newest as fit in STORE_HISTORY_BYTES. */
    size_t big = 1024 * 1024;
    char *body = malloc(big);
    assert_non_null(body);
    memset(body, 'x', big);
    for (int i = 0; i < 40; i++) {
        struct history_entry b = {.at = 6000 + i,
                                  .method = "GET",
                                  .url = "/big",
                                  .response_body = body,
                                  .response_body_len = big};
        assert_int_equal(store_history_add(f->st, &b, &e), TS_OK);
    }
    free(body);
    assert_int_equal(store_history_list(f->st, NULL, 0, &v, &n, &e), TS_OK);
    /* 31 of 1 MiB and a little fit in 32 MiB; nothing older stays. */
    assert_int_equal(n, 31);
    assert_int_equal(v[0].at, 6039);
    assert_int_equal(v[n - 1].at, 6009);
    store_history_free(v, n);
}

static void
test_busy(void **state)
{
    struct fx *f = *state;
    struct err e;
    assert_int_equal(fx_open_with(f, NULL, 200, &e), TS_OK);
    fx_add(f, "Before", AUTH_NONE, NULL);
    sqlite3 *other;
    assert_int_equal(sqlite3_open(f->db, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL),
                     SQLITE_OK);
    struct integration *ig = fx_make("During", AUTH_NONE, NULL);
    assert_int_equal(store_add(f->st, ig, &e), TS_BUSY);
    assert_msg_has(e, "is busy: another tether is writing to it; try again");
    assert_msg_has(e, f->db);
    /* Reading still works while another writes. */
    struct integration **v;
    size_t n;
    assert_int_equal(store_list(f->st, &v, &n, &e), TS_OK);
    assert_int_equal(n, 1);
    store_list_free(v, n);
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    assert_int_equal(store_add(f->st, ig, &e), TS_OK);
    integration_free(ig);
}

/* The default store and key file are `db` and `key`. */
static void
expect_default_paths(const char *db, const char *key)
{
    char *p = store_default_path(), *k = store_default_key_file();
    assert_string_equal(p, db);
    assert_string_equal(k, key);
    free(p);
    free(k);
}

static void
test_default_paths(void **state)
{
    (void)state;
    setenv("HOME", "/home/ada", 1);
    unsetenv("TETHER_DB");
    unsetenv("TETHER_KEY_FILE");
    unsetenv("XDG_DATA_HOME");
    unsetenv("XDG_CONFIG_HOME");
    expect_default_paths("/home/ada/.local/share/tether/tether.db",
                         "/home/ada/.config/tether/key");
    setenv("XDG_DATA_HOME", "/xdg/data", 1);
    setenv("XDG_CONFIG_HOME", "/xdg/config", 1);
    expect_default_paths("/xdg/data/tether/tether.db",
                         "/xdg/config/tether/key");
    setenv("TETHER_DB", "/elsewhere/t.db", 1);
    setenv("TETHER_KEY_FILE", "/elsewhere/key", 1);
    expect_default_paths("/elsewhere/t.db", "/elsewhere/key");
    unsetenv("TETHER_DB");
    unsetenv("TETHER_KEY_FILE");
    unsetenv("XDG_DATA_HOME");
    unsetenv("XDG_CONFIG_HOME");
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_open_creates_private_files),
        T(test_list_brief),
        T(test_open_pragmas),
        T(test_no_key_file_without_secrets),
        T(test_migrate_from_v1),
        T(test_migrate_from_v8_keeps_children),
        T(test_migration_is_one_transaction),
        T(test_newer_schema_refused),
        T(test_newer_schema_in_wal_refused),
        T(test_not_sqlite_refused),
        T(test_foreign_sqlite_refused),
        T(test_corrupt_refused),
        T(test_corrupt_after_crash_refused),
        T(test_add_get_update),
        T(test_update_clears_secret),
        T(test_names_case_insensitive),
        T(test_list_sorted),
        T(test_remove_rename),
        T(test_copy),
        T(test_default_exactly_one),
        T(test_import_all_or_nothing),
        T(test_tokens),
        T(test_test_result),
        T(test_history),
        T(test_busy),
        T(test_default_paths),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
