/* store_lock.c — the token lock of an integration: one byte, at the
 * integration's id, of "<store>.lock" beside the store, held with an open
 * file description lock (F_OFD_SETLK). Such a lock belongs to the open
 * file, not to the process: two threads that each open the file exclude
 * each other as two processes do, and the kernel drops it when its holder
 * closes the file or dies, SIGKILL included. */
#define _GNU_SOURCE /* F_OFD_SETLK */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define STORE_LOCK_SUFFIX ".lock"
#define STORE_LOCK_NAP_MS 10 /* between tries while another holds it */

struct store_lock {
    int fd;
};

static int64_t
lock_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
lock_nap(void)
{
    struct timespec ts = {0, STORE_LOCK_NAP_MS * 1000000L};
    nanosleep(&ts, NULL);
}

/* Try once to lock byte `id` of fd. 1 locked, 0 held by another, -1 error
 * (errno). */
static int
lock_try(int fd, int64_t id)
{
    struct flock fl = {
        .l_type = F_WRLCK,
        .l_whence = SEEK_SET,
        .l_start = (off_t)id,
        .l_len = 1,
    };
    if (fcntl(fd, F_OFD_SETLK, &fl) == 0)
        return 1;
    return errno == EAGAIN || errno == EACCES ? 0 : -1;
}

/* Open (creating it 0600) the lock file of the store, or fail naming it. */
static tstatus
lock_open(struct store *st, int *fd, struct err *e)
{
    size_t len = strlen(st->path) + sizeof STORE_LOCK_SUFFIX;
    char *path = malloc(len);
    if (path == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    snprintf(path, len, "%s%s", st->path, STORE_LOCK_SUFFIX);
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    tstatus rc = TS_OK;
    if (*fd < 0)
        rc = err_set(e, TS_IO, NULL, "cannot open the lock file %s: %s", path,
                     strerror(errno));
    else
        (void)fchmod(*fd, 0600); /* whatever the umask left */
    free(path);
    return rc;
}

long
store_lock_wait_ms(const struct store *st, long holder_ms)
{
    return holder_ms + st->busy_timeout_ms + 1000;
}

tstatus
store_lock_tokens(struct store *st, int64_t id, const char *name,
                  long holder_ms, struct store_lock **out, struct err *e)
{
    *out = NULL;
    if (st->read_only)
        return store_fault_fail(&st->fault, e);
    struct store_lock *l = malloc(sizeof *l);
    if (l == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    tstatus rc = lock_open(st, &l->fd, e);
    if (rc != TS_OK) {
        free(l);
        return rc;
    }
    long wait_ms = store_lock_wait_ms(st, holder_ms);
    int64_t end = lock_now_ms() + wait_ms;
    int got;
    while ((got = lock_try(l->fd, id)) == 0 && lock_now_ms() < end)
        lock_nap();
    if (got == 1) {
        *out = l;
        return TS_OK;
    }
    if (got < 0)
        rc = err_set(e, TS_IO, NULL, "cannot lock the tokens of %s: %s", name,
                     strerror(errno));
    else
        rc = err_set(e, TS_BUSY, NULL,
                     "waited %ld s for another tether to finish renewing "
                     "the tokens of %s; nothing was sent\ntry again; if it "
                     "happens again, look for a tether that hangs "
                     "(fuser %s%s)",
                     (wait_ms + 999) / 1000, name, st->path, STORE_LOCK_SUFFIX);
    close(l->fd);
    free(l);
    return rc;
}

void
store_unlock(struct store_lock *l)
{
    if (l == NULL)
        return;
    close(l->fd); /* drops the lock */
    free(l);
}
