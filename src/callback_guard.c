/* callback_guard.c — see callback_guard.h. */
#include "callback_guard.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* One accepted connection; the list keeps the order of acceptance. */
struct guard_conn {
    struct guard_conn *prev, *next;
    int fd;
    int64_t deadline_ms; /* closed then, whatever it is doing */
    bool head;           /* its request head arrived */
    bool cut;            /* shut down by the guard, not yet reaped */
};

struct callback_guard {
    struct MHD_Daemon *daemon;
    /* The list and counts are touched only where the daemon runs: the
     * guard's thread, then (after it ended) MHD_stop_daemon's caller. */
    struct guard_conn *first, *last;
    unsigned live;      /* connections not cut */
    unsigned answering; /* connections with a head, still open */
    int wake[2];        /* written by callback_guard_stop */
    pthread_t thread;
    bool running;
    pthread_mutex_t lock; /* for the two fields below */
    bool stopping;
    int64_t stop_at_ms;
};

static int64_t
callback_guard_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct callback_guard *
callback_guard_new(void)
{
    struct callback_guard *g = calloc(1, sizeof *g);
    if (g == NULL)
        return NULL;
    if (pipe(g->wake) != 0) {
        free(g);
        return NULL;
    }
    for (int i = 0; i < 2; i++) {
        fcntl(g->wake[i], F_SETFD, FD_CLOEXEC);
        fcntl(g->wake[i], F_SETFL, O_NONBLOCK);
    }
    pthread_mutex_init(&g->lock, NULL);
    return g;
}

/* Close c: the daemon sees the end of the stream on its next pass and
 * reaps the connection (the descriptor stays the daemon's to close). */
static void
callback_guard_cut(struct callback_guard *g, struct guard_conn *c)
{
    if (c->cut)
        return;
    shutdown(c->fd, SHUT_RDWR);
    c->cut = true;
    g->live--;
}

/* Over the limit: cut the oldest connection still without a head, or
 * failing that the oldest one. */
static void
callback_guard_evict(struct callback_guard *g)
{
    struct guard_conn *victim = NULL;
    for (struct guard_conn *c = g->first; c != NULL; c = c->next) {
        if (c->cut)
            continue;
        if (!c->head) {
            victim = c;
            break;
        }
        if (victim == NULL)
            victim = c;
    }
    if (victim != NULL)
        callback_guard_cut(g, victim);
}

void
callback_guard_notify(void *cls, struct MHD_Connection *conn,
                      void **socket_context,
                      enum MHD_ConnectionNotificationCode toe)
{
    struct callback_guard *g = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        struct guard_conn *c = calloc(1, sizeof *c);
        *socket_context = c;
        if (c == NULL) {
            /* Without a record the guard cannot bound it: refuse it. */
            if (info != NULL)
                shutdown(info->connect_fd, SHUT_RDWR);
            return;
        }
        c->fd = info != NULL ? info->connect_fd : -1;
        c->deadline_ms = callback_guard_now_ms() + CALLBACK_GUARD_HEAD_MS;
        c->prev = g->last;
        if (g->last != NULL)
            g->last->next = c;
        else
            g->first = c;
        g->last = c;
        g->live++;
        while (g->live > CALLBACK_GUARD_MAX_CONNS)
            callback_guard_evict(g);
        return;
    }
    struct guard_conn *c = *socket_context;
    if (c == NULL)
        return;
    if (c->prev != NULL)
        c->prev->next = c->next;
    else
        g->first = c->next;
    if (c->next != NULL)
        c->next->prev = c->prev;
    else
        g->last = c->prev;
    if (!c->cut)
        g->live--;
    if (c->head)
        g->answering--;
    free(c);
    *socket_context = NULL;
}

void
callback_guard_head(struct callback_guard *g, struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct guard_conn *c = info != NULL ? info->socket_context : NULL;
    if (c == NULL || c->head)
        return;
    c->head = true;
    c->deadline_ms = callback_guard_now_ms() + CALLBACK_GUARD_REST_MS;
    g->answering++;
}

/* Cut every connection past its deadline; return the milliseconds until
 * the next deadline, or -1 when there is none. */
static int64_t
callback_guard_expire(struct callback_guard *g, int64_t now)
{
    int64_t next = -1;
    for (struct guard_conn *c = g->first; c != NULL; c = c->next) {
        if (c->cut)
            continue;
        if (c->deadline_ms <= now) {
            callback_guard_cut(g, c);
            continue;
        }
        if (next < 0 || c->deadline_ms - now < next)
            next = c->deadline_ms - now;
    }
    return next;
}

/* The smaller of two timeouts in milliseconds, -1 meaning none. */
static int64_t
callback_guard_sooner(int64_t a, int64_t b)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    return a < b ? a : b;
}

static void *
callback_guard_main(void *arg)
{
    struct callback_guard *g = arg;
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(g->daemon, MHD_DAEMON_INFO_EPOLL_FD);
    struct pollfd p[2] = {
        {.fd = info != NULL ? info->epoll_fd : -1, .events = POLLIN},
        {.fd = g->wake[0], .events = POLLIN},
    };
    for (;;) {
        MHD_run(g->daemon);
        int64_t now = callback_guard_now_ms();
        int64_t timeout = callback_guard_expire(g, now);

        pthread_mutex_lock(&g->lock);
        bool stopping = g->stopping;
        int64_t stop_at = g->stop_at_ms;
        pthread_mutex_unlock(&g->lock);
        if (stopping) {
            if (g->answering == 0 || now >= stop_at)
                break;
            timeout = callback_guard_sooner(timeout, stop_at - now);
        }

        MHD_UNSIGNED_LONG_LONG mt;
        if (MHD_get_timeout(g->daemon, &mt) == MHD_YES)
            timeout = callback_guard_sooner(
                timeout, mt > INT32_MAX ? INT32_MAX : (int64_t)mt);
        if (p[0].fd < 0) /* no descriptor to wait on: look often */
            timeout = callback_guard_sooner(timeout, 50);
        if (timeout > INT32_MAX)
            timeout = INT32_MAX;
        int n;
        do {
            n = poll(p, 2, (int)timeout);
        } while (n < 0 && errno == EINTR);
        if (n > 0 && (p[1].revents & POLLIN) != 0) {
            char buf[16];
            while (read(g->wake[0], buf, sizeof buf) > 0)
                ;
        }
    }
    return NULL;
}

tstatus
callback_guard_run(struct callback_guard *g, struct MHD_Daemon *daemon,
                   struct err *e)
{
    g->daemon = daemon;
    int rc = pthread_create(&g->thread, NULL, callback_guard_main, g);
    if (rc != 0)
        return err_set(e, TS_IO, NULL,
                       "could not start the listener's thread: %s",
                       strerror(rc));
    g->running = true;
    return TS_OK;
}

void
callback_guard_stop(struct callback_guard *g, int drain_ms)
{
    if (g == NULL || !g->running)
        return;
    pthread_mutex_lock(&g->lock);
    g->stopping = true;
    g->stop_at_ms = callback_guard_now_ms() + drain_ms;
    pthread_mutex_unlock(&g->lock);
    ssize_t w;
    do {
        w = write(g->wake[1], "x", 1);
    } while (w < 0 && errno == EINTR);
    pthread_join(g->thread, NULL);
    g->running = false;
}

void
callback_guard_free(struct callback_guard *g)
{
    if (g == NULL)
        return;
    /* MHD_stop_daemon reported every connection closed; anything left
     * (a daemon never started) is freed here. */
    while (g->first != NULL) {
        struct guard_conn *c = g->first;
        g->first = c->next;
        free(c);
    }
    close(g->wake[0]);
    close(g->wake[1]);
    pthread_mutex_destroy(&g->lock);
    free(g);
}
