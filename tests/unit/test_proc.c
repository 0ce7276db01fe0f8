/* test_proc.c — children started by tether: no secret in their
 * environment, no inherited descriptor, statuses collected; and the
 * process's own protection of its memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "proc.h"

static void
test_env_is_secret(void **state)
{
    (void)state;
    assert_true(proc_env_is_secret("TETHER_PASSPHRASE=x"));
    assert_true(proc_env_is_secret("TETHER_PASSPHRASE="));
    assert_true(proc_env_is_secret("TETHER_PASSPHRASE"));
    assert_true(proc_env_is_secret("TETHER_KEY_FILE=/k"));
    assert_true(proc_env_is_secret("TETHER_KEY=abc"));
    assert_false(proc_env_is_secret("TETHER_DB=/db"));
    assert_false(proc_env_is_secret("TETHER_PASSPHRASE_HINT=x"));
    assert_false(proc_env_is_secret("MY_TETHER_PASSPHRASE=x"));
    assert_false(proc_env_is_secret("PATH=/bin"));
    assert_false(proc_env_is_secret("X=TETHER_PASSPHRASE"));
}

static void
test_child_env_filters(void **state)
{
    (void)state;
    char *env[] = {"A=1",         "TETHER_PASSPHRASE=p",
                   "B=2",         "TETHER_KEY_FILE=k",
                   "TETHER_DB=d", NULL};
    char **out = proc_child_env(env);
    assert_non_null(out);
    assert_string_equal(out[0], "A=1");
    assert_string_equal(out[1], "B=2");
    assert_string_equal(out[2], "TETHER_DB=d");
    assert_null(out[3]);
    free(out);
    char *none[] = {NULL};
    out = proc_child_env(none);
    assert_non_null(out);
    assert_null(out[0]);
    free(out);
}

static char *
slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void
test_spawn_without_secrets(void **state)
{
    (void)state;
    char dir[] = "/tmp/tether-proc-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char out[128], cmd[512];
    snprintf(out, sizeof out, "%s/env", dir);
    setenv("TETHER_PASSPHRASE", "sEcReT-pass-01", 1);
    setenv("TETHER_KEY_FILE", "/somewhere/key", 1);
    setenv("PROC_TEST_MARK", "seen", 1);
    /* A descriptor tether has open, not close-on-exec: not the child's. */
    int fd = open("/dev/null", O_RDONLY);
    assert_true(fd > 2);
    snprintf(cmd, sizeof cmd,
             "if [ -e /proc/$$/fd/%d ]; then echo open; else echo closed; fi "
             "> %s.fds; env > %s; exit 7",
             fd, out, out);
    char *argv[] = {"sh", "-c", cmd, NULL};
    pid_t pid;
    struct err e;
    assert_int_equal(
        proc_spawn("the test shell", argv, PROC_NEW_PGROUP, &pid, &e), TS_OK);
    assert_int_equal(proc_wait(pid), 7);
    const char *got = slurp(out);
    assert_non_null(strstr(got, "PROC_TEST_MARK=seen\n"));
    assert_null(strstr(got, "TETHER_PASSPHRASE"));
    assert_null(strstr(got, "sEcReT-pass-01"));
    assert_null(strstr(got, "TETHER_KEY"));
    char fds[160];
    snprintf(fds, sizeof fds, "%s.fds", out);
    assert_string_equal(slurp(fds), "closed\n");
    unlink(fds);
    /* tether's own environment is untouched. */
    assert_string_equal(getenv("TETHER_PASSPHRASE"), "sEcReT-pass-01");
    close(fd);
    unlink(out);
    rmdir(dir);
    unsetenv("TETHER_PASSPHRASE");
    unsetenv("TETHER_KEY_FILE");
    unsetenv("PROC_TEST_MARK");
}

static void
test_spawn_failure_and_reap(void **state)
{
    (void)state;
    char *argv[] = {"/nonexistent/tether-no-program", NULL};
    pid_t pid;
    struct err e;
    tstatus st = proc_spawn("the editor", argv, PROC_STDIO_NULL, &pid, &e);
    if (st == TS_OK) {
        assert_int_equal(proc_wait(pid), 127); /* reported by the child */
    } else {
        assert_int_equal(st, TS_IO);
        assert_int_equal(pid, -1);
        assert_non_null(strstr(e.msg, "the editor"));
        assert_non_null(strstr(e.msg, "/nonexistent/tether-no-program"));
    }
    char *kill_self[] = {"sh", "-c", "kill -TERM $$", NULL};
    assert_int_equal(proc_spawn("sh", kill_self, PROC_STDIO_NULL, &pid, &e),
                     TS_OK);
    assert_int_equal(proc_wait(pid), 128 + 15);
    assert_true(proc_reap(-1, NULL));
    assert_int_equal(proc_wait(-1), -1);
}

/* Last: it changes this process for good. */
static void
test_protect_memory(void **state)
{
    (void)state;
    setenv(PROC_ALLOW_CORE_VAR, "1", 1);
    struct rlimit before, now;
    assert_int_equal(getrlimit(RLIMIT_CORE, &before), 0);
    int dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
    assert_false(proc_protect_memory()); /* allowed: nothing changes */
    assert_int_equal(getrlimit(RLIMIT_CORE, &now), 0);
    assert_true(now.rlim_cur == before.rlim_cur);
    assert_true(now.rlim_max == before.rlim_max);
    assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), dumpable);
    setenv(PROC_ALLOW_CORE_VAR, "0", 1); /* "0" does not allow */
    assert_true(proc_protect_memory());
    assert_int_equal(getrlimit(RLIMIT_CORE, &now), 0);
    assert_true(now.rlim_cur == 0 && now.rlim_max == 0);
    assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
    unsetenv(PROC_ALLOW_CORE_VAR);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_env_is_secret),
        cmocka_unit_test(test_child_env_filters),
        cmocka_unit_test(test_spawn_without_secrets),
        cmocka_unit_test(test_spawn_failure_and_reap),
        cmocka_unit_test(test_protect_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
