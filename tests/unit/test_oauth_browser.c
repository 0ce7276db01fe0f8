/* test_oauth_browser.c — remote-session detection, $BROWSER launching and
 * the ssh -L hint. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "browser.h"

static void
clear_env(void)
{
    unsetenv("SSH_CONNECTION");
    unsetenv("SSH_TTY");
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
}

static void
test_remote_detection(void **state)
{
    (void)state;
    clear_env();
    assert_false(browser_session_is_remote());
    setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22", 1);
    assert_true(browser_session_is_remote());
    setenv("DISPLAY", ":0", 1);
    assert_false(browser_session_is_remote()); /* ssh -X: a display */
    unsetenv("DISPLAY");
    setenv("WAYLAND_DISPLAY", "wayland-0", 1);
    assert_false(browser_session_is_remote());
    clear_env();
    setenv("SSH_TTY", "/dev/pts/3", 1);
    assert_true(browser_session_is_remote());
    setenv("SSH_TTY", "", 1); /* empty counts as unset */
    assert_false(browser_session_is_remote());
    clear_env();
}

/* Wait (polling, bounded) for a started browser to exit. */
static int
reap(pid_t pid)
{
    int status = -2;
    for (int i = 0; i < 500 && !browser_reap(pid, &status); i++) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return status;
}

static void
read_file(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, len - 1, f);
    buf[n] = '\0';
    fclose(f);
}

static void
test_browser_gets_url_as_one_argument(void **state)
{
    (void)state;
    char dir[] = "/tmp/tether-browser-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char script[256], out[256], cmd[600];
    snprintf(script, sizeof script, "%s/b.sh", dir);
    snprintf(out, sizeof out, "%s/argv", dir);
    FILE *f = fopen(script, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\nprintf '%%s|' \"$#\" \"$@\" > %s\n", out);
    fclose(f);
    chmod(script, 0700);

    const char *url = "http://127.0.0.1:1/auth?a=b c&d=$(x);e";
    setenv("BROWSER", script, 1);
    pid_t pid;
    struct err e;
    assert_int_equal(browser_open(url, &pid, &e), TS_OK);
    assert_int_equal(reap(pid), 0);
    char got[1024];
    read_file(out, got, sizeof got);
    char want[1024];
    snprintf(want, sizeof want, "1|%s|", url);
    assert_string_equal(got, want);

    /* A colon list takes its first entry; a %s word is replaced. */
    snprintf(cmd, sizeof cmd, "%s --flag %%s:/nonexistent", script);
    setenv("BROWSER", cmd, 1);
    assert_int_equal(browser_open("http://x/", &pid, &e), TS_OK);
    assert_int_equal(reap(pid), 0);
    read_file(out, got, sizeof got);
    assert_string_equal(got, "2|--flag|http://x/|");

    unlink(out);
    unlink(script);
    rmdir(dir);
    unsetenv("BROWSER");
}

static void
test_missing_browser_reported(void **state)
{
    (void)state;
    setenv("BROWSER", "/nonexistent/tether-no-browser", 1);
    struct err e;
    pid_t pid;
    tstatus st = browser_open("http://x/", &pid, &e);
    if (st == TS_OK) {
        /* Some libcs report exec failure as exit 127 instead. */
        assert_int_equal(reap(pid), 127);
    } else {
        assert_int_equal(st, TS_IO);
        assert_non_null(strstr(e.msg, "/nonexistent/tether-no-browser"));
    }
    unsetenv("BROWSER");
}

static void
test_ssh_hint(void **state)
{
    (void)state;
    setenv("USER", "alice", 1);
    setenv("SSH_CONNECTION", "192.0.2.9 50000 192.0.2.2 2222", 1);
    char buf[512];
    browser_ssh_hint(8765, buf, sizeof buf);
    /* This host's name varies; the rest does not. */
    assert_non_null(strstr(buf, "ssh -L 8765:127.0.0.1:8765 -p 2222 alice@"));
    unsetenv("SSH_CONNECTION");
}

static void
test_ssh_hint_parts(void **state)
{
    (void)state;
    char buf[512];
    /* The server's port when not 22; the fully qualified name first. */
    browser_ssh_hint_from(8765, "192.0.2.9 50000 192.0.2.2 2222", "alice",
                          "vm.example.org", "vm", buf, sizeof buf);
    assert_string_equal(
        buf, "ssh -L 8765:127.0.0.1:8765 -p 2222 alice@vm.example.org");
    /* No FQDN: the address the client reached; port 22 is left out. */
    browser_ssh_hint_from(9000, "192.0.2.9 50000 192.0.2.2 22", "bob", NULL,
                          "vm", buf, sizeof buf);
    assert_string_equal(buf, "ssh -L 9000:127.0.0.1:9000 bob@192.0.2.2");
    browser_ssh_hint_from(9000, "2001:db8::9 50000 2001:db8::2 22", "bob", "",
                          "vm", buf, sizeof buf);
    assert_string_equal(buf, "ssh -L 9000:127.0.0.1:9000 bob@2001:db8::2");
    /* Nothing from SSH: the short name; odd values are not copied. */
    browser_ssh_hint_from(9000, NULL, "bob", NULL, "vm", buf, sizeof buf);
    assert_string_equal(buf, "ssh -L 9000:127.0.0.1:9000 bob@vm");
    browser_ssh_hint_from(9000, "a b $(x) 22;rm", NULL, NULL, NULL, buf,
                          sizeof buf);
    assert_string_equal(buf, "ssh -L 9000:127.0.0.1:9000 USER@HOST");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_remote_detection),
        cmocka_unit_test(test_browser_gets_url_as_one_argument),
        cmocka_unit_test(test_missing_browser_reported),
        cmocka_unit_test(test_ssh_hint),
        cmocka_unit_test(test_ssh_hint_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
