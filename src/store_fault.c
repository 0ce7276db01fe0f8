/* store_fault.c — why the store cannot be written, said by name: a full
 * disk, a used-up quota, a read-only file system, a .db, -wal or -shm file
 * that is not writable, or a directory where SQLite's files cannot be
 * created (see store_int.h). */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/statvfs.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/fs.h>
#endif

#include "store_fs.h"

/* "rw-r-----" */
static void
mode_text(mode_t m, char out[10])
{
    static const char letters[] = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        out[i] = (m & (0400u >> i)) ? letters[i] : '-';
    out[9] = '\0';
}

/* The directory part of `path` ("." for a bare name). New string or NULL. */
static char *
dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

static const char *
base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

/* Whether the file (or directory) `path` is marked immutable or
 * append-only (chattr +i / +a), which stops even root. */
static bool
marked_immutable(const char *path)
{
#if defined(FS_IOC_GETFLAGS) && defined(FS_IMMUTABLE_FL)
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return false;
    int flags = 0;
    bool yes = ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 &&
               (flags & (FS_IMMUTABLE_FL | FS_APPEND_FL)) != 0;
    close(fd);
    return yes;
#else
    (void)path;
    return false;
#endif
}

static void
read_only_fs(const char *path, struct store_fault *f)
{
    snprintf(f->what, sizeof f->what,
             "the file system holding %s is mounted read-only", path);
    snprintf(f->fix, sizeof f->fix,
             "remount it read-write (or copy the store somewhere writable "
             "and use --db)");
}

/* The file or directory `name` refused writing with `err` (from access). */
static void
not_writable(const char *name, bool is_dir, int err, struct store_fault *f,
             const char *why)
{
    struct stat sb;
    char mode[10] = "?????????";
    bool mine = true;
    char owner[64] = "";
    if (stat(name, &sb) == 0) {
        mode_text(sb.st_mode, mode);
        mine = sb.st_uid == geteuid();
        struct passwd *pw = getpwuid(sb.st_uid);
        if (pw != NULL)
            snprintf(owner, sizeof owner, "%s", pw->pw_name);
        else
            snprintf(owner, sizeof owner, "uid %ld", (long)sb.st_uid);
    }
    const char *kind = is_dir ? "the directory " : "";
    if (err == EPERM || marked_immutable(name)) {
        snprintf(f->what, sizeof f->what,
                 "%s%s cannot be written: it is marked immutable or "
                 "append-only (lsattr shows it)%s",
                 kind, name, why);
        snprintf(f->fix, sizeof f->fix, "clear the mark (chattr -i -a %s)",
                 name);
        return;
    }
    if (mine) {
        snprintf(f->what, sizeof f->what, "%s%s is %s (permissions %s)%s", kind,
                 name, is_dir ? "not writable" : "read-only", mode, why);
        snprintf(f->fix, sizeof f->fix, "make it writable (chmod %s %s)",
                 is_dir ? "700" : "600", name);
    } else {
        snprintf(f->what, sizeof f->what,
                 "%s%s is not writable for you (permissions %s, owner %s)%s",
                 kind, name, mode, owner, why);
        snprintf(f->fix, sizeof f->fix,
                 "ask its owner to let you write it, or use a store of your "
                 "own (--db)");
    }
}

/* Check one existing file; true (f filled) when it cannot be written. */
static bool
check_file(const char *name, struct store_fault *f)
{
    if (faccessat(AT_FDCWD, name, W_OK, AT_EACCESS) == 0)
        return false;
    int err = errno;
    if (err == ENOENT)
        return false; /* gone meanwhile: the directory decides */
    if (err == EROFS)
        read_only_fs(name, f);
    else
        not_writable(name, false, err, f, "");
    return true;
}

bool
store_fault_read_only(const char *path, struct store_fault *f)
{
    char *dir = dir_of(path);
    size_t n = strlen(path);
    char *side = malloc(n + 5);
    if (dir == NULL || side == NULL) {
        free(dir);
        free(side);
        return false; /* out of memory: let SQLite's own error speak */
    }
    bool found = false;
    struct statvfs vfs;
    if (statvfs(dir, &vfs) == 0 && (vfs.f_flag & ST_RDONLY)) {
        read_only_fs(path, f);
        found = true;
    }
    /* The first file that must be created, if any. */
    const char *missing = NULL;
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (size_t i = 0; !found && i < 3; i++) {
        memcpy(side, path, n);
        memcpy(side + n, suffix[i], strlen(suffix[i]) + 1);
        if (!store_fs_exists(side)) {
            if (missing == NULL)
                missing = suffix[i];
            continue;
        }
        found = check_file(side, f);
    }
    if (!found && missing != NULL &&
        faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) != 0) {
        int err = errno;
        char why[200];
        if (missing[0] == '\0')
            snprintf(why, sizeof why, ", so %s cannot be created there",
                     base_of(path));
        else
            snprintf(why, sizeof why,
                     ", so the store's journal (%s%s) cannot be created there",
                     base_of(path), missing);
        if (err == EROFS)
            read_only_fs(path, f);
        else
            not_writable(dir, true, err, f, why);
        found = true;
    }
    free(side);
    free(dir);
    return found;
}

/* "12 KiB free" */
static void
free_text(const char *path, char *out, size_t len)
{
    out[0] = '\0';
    char *dir = dir_of(path);
    struct statvfs vfs;
    if (dir != NULL && statvfs(dir, &vfs) == 0) {
        unsigned long long b =
            (unsigned long long)vfs.f_bavail * (unsigned long long)vfs.f_frsize;
        if (b < 1024)
            snprintf(out, len, " (%llu bytes free)", b);
        else if (b < 1024 * 1024)
            snprintf(out, len, " (%llu KiB free)", b / 1024);
        else
            snprintf(out, len, " (%llu MiB free)", b / (1024 * 1024));
    }
    free(dir);
}

bool
store_fault_disk(const char *path, int sys_errno, struct store_fault *f)
{
    char room[40];
    if (sys_errno == ENOSPC) {
        free_text(path, room, sizeof room);
        snprintf(f->what, sizeof f->what, "the disk holding %s is full%s", path,
                 room);
        snprintf(f->fix, sizeof f->fix, "free some space on it");
        return true;
    }
#ifdef EDQUOT
    if (sys_errno == EDQUOT) {
        snprintf(f->what, sizeof f->what,
                 "your disk quota on the file system holding %s is used up",
                 path);
        snprintf(f->fix, sizeof f->fix,
                 "free some of your space there (or ask for a larger quota)");
        return true;
    }
#endif
    return false;
}

tstatus
store_fault_fail(const struct store_fault *f, struct err *e)
{
    return err_set(e, TS_IO, NULL, "%s; nothing was changed; %s and try again",
                   f->what, f->fix);
}

void
store_fault_note(const struct store_fault *f, char *out, size_t len)
{
    snprintf(out, len,
             "%s: tether can read the store but cannot change it until you %s",
             f->what, f->fix);
}
