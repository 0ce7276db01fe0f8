/* test_store_lock.c — the token lock of an integration: exclusive between
 * two takers in one process (each call its own open file, so threads
 * serialize), between threads, and between processes; per integration;
 * bounded, with a message naming the integration; dropped by the kernel
 * when its holder is killed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <time.h>

#include "store_fixture.h"

static void
open_fast(struct fx *f)
{
    struct err e;
    /* 1 ms busy timeout: a waiter gives up after about 1 s. */
    assert_int_equal(fx_open_with(f, NULL, 1, &e), TS_OK);
}

static int64_t
ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
test_exclusive_and_bounded(void **state)
{
    struct fx *f = *state;
    open_fast(f);
    struct store_lock *a, *b;
    struct err e;
    assert_int_equal(store_lock_tokens(f->st, 7, "Acme", 0, &a, &e), TS_OK);
    int64_t t0 = ms_now();
    assert_int_equal(store_lock_tokens(f->st, 7, "Acme", 0, &b, &e), TS_BUSY);
    int64_t waited = ms_now() - t0;
    assert_null(b);
    assert_true(waited >= store_lock_wait_ms(f->st, 0));
    assert_true(waited < store_lock_wait_ms(f->st, 0) + 2000);
    assert_non_null(strstr(e.msg, "the tokens of Acme; nothing was sent"));
    /* Another integration's lock is free. */
    assert_int_equal(store_lock_tokens(f->st, 8, "Other", 0, &b, &e), TS_OK);
    store_unlock(b);
    store_unlock(a);
    assert_int_equal(store_lock_tokens(f->st, 7, "Acme", 0, &b, &e), TS_OK);
    store_unlock(b);

    char path[160];
    struct stat sb;
    snprintf(path, sizeof path, "%s.lock", f->db);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
}

struct racer {
    struct store *st;
    atomic_int *inside;
    atomic_int *overlaps;
};

/* Take the lock 50 times; count entries that found someone inside. */
static void *
racer_main(void *arg)
{
    struct racer *r = arg;
    for (int i = 0; i < 50; i++) {
        struct store_lock *l;
        struct err e;
        if (store_lock_tokens(r->st, 1, "Acme", 5000, &l, &e) != TS_OK) {
            atomic_fetch_add(r->overlaps, 1000);
            continue;
        }
        if (atomic_fetch_add(r->inside, 1) != 0)
            atomic_fetch_add(r->overlaps, 1);
        struct timespec ts = {0, 200000};
        nanosleep(&ts, NULL);
        atomic_fetch_sub(r->inside, 1);
        store_unlock(l);
    }
    return NULL;
}

static void
test_threads_serialize(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    /* Each thread its own store, as the screens' worker has. */
    struct store *other;
    struct store_options o = {.path = f->db, .key_file = f->key};
    struct err e;
    assert_int_equal(store_open(&o, &other, &e), TS_OK);
    atomic_int inside = 0, overlaps = 0;
    struct racer r1 = {f->st, &inside, &overlaps};
    struct racer r2 = {other, &inside, &overlaps};
    struct racer r3 = {f->st, &inside, &overlaps};
    pthread_t t1, t2, t3;
    assert_int_equal(pthread_create(&t1, NULL, racer_main, &r1), 0);
    assert_int_equal(pthread_create(&t2, NULL, racer_main, &r2), 0);
    assert_int_equal(pthread_create(&t3, NULL, racer_main, &r3), 0);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    pthread_join(t3, NULL);
    assert_int_equal(atomic_load(&overlaps), 0);
    store_close(other);
}

static void
test_killed_holder_releases(void **state)
{
    struct fx *f = *state;
    open_fast(f);
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct store_lock *l;
        struct err e;
        if (store_lock_tokens(f->st, 3, "Acme", 0, &l, &e) != TS_OK)
            _exit(3);
        if (write(ready[1], "x", 1) != 1)
            _exit(4);
        pause();
        _exit(0);
    }
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    struct store_lock *l;
    struct err e;
    /* Held by the child process. */
    assert_int_equal(store_lock_tokens(f->st, 3, "Acme", 0, &l, &e), TS_BUSY);
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    int64_t t0 = ms_now();
    assert_int_equal(store_lock_tokens(f->st, 3, "Acme", 0, &l, &e), TS_OK);
    assert_true(ms_now() - t0 < 500);
    store_unlock(l);
    close(ready[0]);
    close(ready[1]);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_exclusive_and_bounded, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_threads_serialize, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_killed_holder_releases, fx_setup,
                                        fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
