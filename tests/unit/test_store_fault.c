/* test_store_fault.c — a store that cannot be written: opened read-only,
 * its changes refused naming the cause, and a store read without SQLite's
 * locks (its directory cannot hold a -wal) noticing when the file changes
 * under it. The disk-full and permission cases on real file systems are in
 * tests/store/faults.t. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <errno.h>
#include <sys/ioctl.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/fs.h>
#endif

#include "store_fixture.h"
#include "store_int.h"

/* Make `dir` unwritable (on = true) or writable again: chmod as a user,
 * the immutable mark as root (whom permissions do not stop). */
static bool
lock_dir(const char *dir, bool on)
{
    if (geteuid() != 0)
        return chmod(dir, on ? 0500 : 0700) == 0;
#if defined(FS_IOC_GETFLAGS) && defined(FS_IMMUTABLE_FL)
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    int flags = 0;
    bool ok = ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    if (ok) {
        flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
        ok = ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
    close(fd);
    return ok;
#else
    return false;
#endif
}

static int
fx_teardown_unlocked(void **state)
{
    struct fx *f = *state;
    char dir[160];
    snprintf(dir, sizeof dir, "%s/data", f->dir);
    lock_dir(dir, false);
    return fx_teardown(state);
}

static void
test_read_only_directory(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fx_add(f, "Stripe", AUTH_NONE, NULL);
    store_close(f->st);
    f->st = NULL;
    /* tether keeps its -wal, and a directory that is read-only then
     * stops nothing: the case is a store whose -wal was folded in. */
    fx_settle(f->db);
    char dir[160];
    snprintf(dir, sizeof dir, "%s/data", f->dir);
    assert_true(lock_dir(dir, true));

    struct err e;
    assert_int_equal(fx_open_with(f, NULL, 0, &e), TS_OK);
    const char *note = store_read_only(f->st);
    assert_non_null(note);
    assert_non_null(strstr(note, dir));
    assert_non_null(strstr(note, "cannot change it until you"));

    struct integration **v;
    size_t n;
    assert_int_equal(store_list(f->st, &v, &n, &e), TS_OK);
    assert_int_equal(n, 1);
    assert_string_equal(v[0]->name, "Stripe");
    store_list_free(v, n);

    struct integration *ig = fx_make("Twilio", AUTH_NONE, NULL);
    assert_int_equal(store_add(f->st, ig, &e), TS_IO);
    integration_free(ig);
    assert_msg_has(e, dir);
    assert_msg_has(e, "; nothing was changed; ");
    assert_msg_has(e, "and try again");
    assert_int_equal(store_remove(f->st, "Stripe", &e), TS_IO);
    assert_int_equal(store_get(f->st, "Stripe", 0, &ig, &e), TS_OK);
    integration_free(ig);
    assert_false(fx_exists(f->db, "-wal"));

    /* Another program changes the file (here, only its time): what a
     * read without locks sees may be torn, so the read fails. */
    struct timespec later[2] = {{.tv_sec = 1000000000}, {.tv_sec = 1000000000}};
    assert_int_equal(utimensat(AT_FDCWD, f->db, later, 0), 0);
    assert_int_equal(store_list(f->st, &v, &n, &e), TS_BUSY);
    assert_msg_has(e, "changed while tether was reading it");
    assert_int_equal(store_get(f->st, "Stripe", 0, &ig, &e), TS_BUSY);

    /* Opened again, it reads the file as it is now. */
    assert_int_equal(fx_open_with(f, NULL, 0, &e), TS_OK);
    assert_int_equal(store_get(f->st, "Stripe", 0, &ig, &e), TS_OK);
    integration_free(ig);
    assert_true(lock_dir(dir, false));
}

static void
test_disk_messages(void **state)
{
    (void)state;
    struct store_fault f;
    assert_true(store_fault_disk("/x/tether.db", ENOSPC, &f));
    assert_non_null(strstr(f.what, "the disk holding /x/tether.db is full"));
    assert_string_equal(f.fix, "free some space on it");
#ifdef EDQUOT
    assert_true(store_fault_disk("/x/tether.db", EDQUOT, &f));
    assert_non_null(strstr(f.what, "quota"));
#endif
    assert_false(store_fault_disk("/x/tether.db", EIO, &f));
    struct err e;
    assert_true(store_fault_disk("/x/tether.db", ENOSPC, &f));
    assert_int_equal(store_fault_fail(&f, &e), TS_IO);
    assert_non_null(strstr(e.msg, "; nothing was changed; free some space on "
                                  "it and try again"));
}

int
main(void)
{
    struct CMUnitTest tests[2];
    size_t n = 0;
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_disk_messages);
    /* The directory must be made unwritable for real; where that is not
     * permitted the test is left out and said to be skipped. */
    char probe[] = "/tmp/tether-unit.XXXXXX";
    bool can = mkdtemp(probe) != NULL && lock_dir(probe, true);
    lock_dir(probe, false);
    rmdir(probe);
    if (can)
        tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(
            test_read_only_directory, fx_setup, fx_teardown_unlocked);
    else
        printf("# skip: test_read_only_directory: cannot make a directory "
               "unwritable here (%s)\n",
               geteuid() == 0 ? "chattr +i refused" : "chmod refused");
    return _cmocka_run_group_tests("store_fault", tests, n, NULL, NULL);
}
