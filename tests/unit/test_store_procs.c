/* test_store_procs.c — the store under several processes.
 *
 * Crash safety: a child imports a batch of integrations (with secrets) and
 * is killed with SIGKILL at a random moment, over and over on the same
 * store. After each kill the file passes an integrity check, holds all of
 * that batch or none of it, and every stored secret still decrypts.
 * Concurrency: two processes adding at once both succeed (the busy
 * timeout makes one wait) and nothing is lost. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <signal.h>
#include <sodium.h>
#include <sys/wait.h>
#include <time.h>

#include "store_fixture.h"

#define ROUNDS 25
#define BATCH 50

/* In the child: open the store and import batch `round`; exit 0 when it
 * committed. */
static void
child_import(struct fx *f, int round)
{
    struct store *st;
    struct store_options o = {.path = f->db, .key_file = f->key};
    struct err e;
    if (store_open(&o, &st, &e) != TS_OK)
        _exit(3);
    struct integration *v[BATCH];
    for (int i = 0; i < BATCH; i++) {
        char name[32], key[32];
        snprintf(name, sizeof name, "b%d-%d", round, i);
        snprintf(key, sizeof key, "key-%d-%d", round, i);
        v[i] = fx_make(name, AUTH_API_KEY, key);
    }
    tstatus rc = store_import(st, v, BATCH, &e);
    _exit(rc == TS_OK ? 0 : 4);
}

/* Reopen the store and list every integration, secrets decrypted. */
static struct integration **
list_with_secrets(struct fx *f, size_t *n)
{
    fx_open(f);
    struct integration **v;
    struct err e;
    assert_int_equal(store_list_full(f->st, STORE_WITH_SECRETS, &v, n, &e),
                     TS_OK);
    return v;
}

static long long
now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static long long
batch_count(struct fx *f, int round)
{
    char sql[128];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM integrations WHERE name LIKE 'b%d-%%'",
             round);
    return fx_sql_int(f->db, sql);
}

/* Integrity check through a plain connection. */
static void
expect_intact(struct fx *f)
{
    sqlite3 *h;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, NULL), 0);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "ok");
    sqlite3_finalize(s);
    sqlite3_close(h);
}

static void
test_sigkill_during_import(void **state)
{
    struct fx *f = *state;
    /* How long one uninterrupted import takes, to spread the kills. */
    long long t0 = now_us();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        child_import(f, 0);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    long long span = now_us() - t0;
    print_message("# one import: %lld us\n", span);
    assert_int_equal(batch_count(f, 0), BATCH);

    int complete = 0, empty = 0;
    for (int round = 1; round <= ROUNDS; round++) {
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
            child_import(f, round);
        /* Kill anywhere from before the open to after the commit. */
        useconds_t delay = randombytes_uniform((uint32_t)(span * 3 / 2) + 1);
        usleep(delay);
        kill(pid, SIGKILL);
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
            fail_msg("round %d: the import failed (exit %d)", round,
                     WEXITSTATUS(status));
        expect_intact(f);
        long long n = batch_count(f, round);
        if (n != 0 && n != BATCH)
            fail_msg("round %d: %lld of %d integrations stored", round, n,
                     BATCH);
        if (n == BATCH)
            complete++;
        else
            empty++;
    }
    print_message("# %d imports completed, %d killed before commit\n", complete,
                  empty);
    /* Every secret written by a committed import still decrypts. */
    size_t n;
    struct integration **v = list_with_secrets(f, &n);
    assert_int_equal(n % BATCH, 0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(v[i]->api_key.key.state, SECRET_LOADED);
    store_list_free(v, n);
}

/* In the child: add `count` integrations one transaction each. */
static void
child_add(struct fx *f, const char *prefix, int count)
{
    struct store *st;
    struct store_options o = {.path = f->db, .key_file = f->key};
    struct err e;
    if (store_open(&o, &st, &e) != TS_OK) {
        fprintf(stderr, "child %s: %s\n", prefix, e.msg);
        _exit(3);
    }
    for (int i = 0; i < count; i++) {
        char name[32];
        snprintf(name, sizeof name, "%s-%d", prefix, i);
        struct integration *ig = fx_make(name, AUTH_BASIC, name);
        if (store_add(st, ig, &e) != TS_OK) {
            fprintf(stderr, "child %s: %s\n", prefix, e.msg);
            _exit(4);
        }
        integration_free(ig);
    }
    _exit(0);
}

static void
test_two_writers(void **state)
{
    struct fx *f = *state;
    pid_t a = fork();
    if (a == 0)
        child_add(f, "a", 40);
    pid_t b = fork();
    if (b == 0)
        child_add(f, "b", 40);
    int sa, sb;
    assert_int_equal(waitpid(a, &sa, 0), a);
    assert_int_equal(waitpid(b, &sb, 0), b);
    assert_true(WIFEXITED(sa) && WEXITSTATUS(sa) == 0);
    assert_true(WIFEXITED(sb) && WEXITSTATUS(sb) == 0);
    expect_intact(f);
    assert_int_equal(fx_sql_int(f->db, "SELECT count(*) FROM integrations"),
                     80);
    /* Both used the one key file the first of them created. */
    size_t n;
    struct integration **v = list_with_secrets(f, &n);
    assert_int_equal(n, 80);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(v[i]->basic.password.value, v[i]->name);
    store_list_free(v, n);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sigkill_during_import, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_two_writers, fx_setup,
                                        fx_teardown),
    };
    return cmocka_run_group_tests_name("store_procs", tests, NULL, NULL);
}
