/* callback_guard.h — the thread that runs the loopback listener's
 * libmicrohttpd daemon and keeps any one connection from holding it; for
 * callback.c only.
 *
 * libmicrohttpd's own connection timeout is an idle timeout: every byte
 * that arrives restarts it, so a local process trickling a byte a second on
 * each of its connections could keep them open for ever and fill the
 * connection limit. The guard runs the daemon (started in external polling
 * mode with epoll) from its own thread and watches every connection from
 * the moment it is accepted:
 *   - a connection has CALLBACK_GUARD_HEAD_MS from accept to send its whole
 *     request head, and CALLBACK_GUARD_REST_MS after that to finish (a body
 *     swallowed, a page sent), however slowly bytes keep arriving; then it
 *     is closed;
 *   - at most CALLBACK_GUARD_MAX_CONNS connections are kept; one more
 *     closes the oldest one still without a head, so new connections (the
 *     browser's) are always accepted.
 * There is no limit per client address: every local client, the browser
 * included, comes from 127.0.0.1.
 *
 * Ownership: callback.c creates the guard, passes callback_guard_notify and
 * the guard to MHD_start_daemon, then hands it the daemon with
 * callback_guard_run. callback_guard_stop joins the thread; the daemon is
 * stopped after that (its connections are then reported closed to the
 * guard), and the guard freed last. */
#ifndef TETHER_CALLBACK_GUARD_H
#define TETHER_CALLBACK_GUARD_H

#include <microhttpd.h>

#include "err.h"

#define CALLBACK_GUARD_HEAD_MS 3000
#define CALLBACK_GUARD_REST_MS 3000
#define CALLBACK_GUARD_MAX_CONNS 256
/* The daemon's own limit, a little above ours: connections closed by the
 * guard stay counted by the daemon until its next pass. */
#define CALLBACK_GUARD_DAEMON_LIMIT (CALLBACK_GUARD_MAX_CONNS + 32)

struct callback_guard;

/* A guard with no daemon yet, or NULL when out of memory. */
struct callback_guard *callback_guard_new(void);

/* MHD_OPTION_NOTIFY_CONNECTION callback; cls is the guard. */
void callback_guard_notify(void *cls, struct MHD_Connection *conn,
                           void **socket_context,
                           enum MHD_ConnectionNotificationCode toe);

/* Called by the request handler (in the guard's thread) when conn's
 * request head is complete: the connection gets CALLBACK_GUARD_REST_MS more
 * and counts as one being answered until it closes. Repeated calls for
 * the same connection change nothing. */
void callback_guard_head(struct callback_guard *g, struct MHD_Connection *conn);

/* Start the thread that runs `daemon` (not owned). */
tstatus callback_guard_run(struct callback_guard *g, struct MHD_Daemon *daemon,
                           struct err *e);

/* Let connections being answered finish, for at most drain_ms, then end
 * the thread and return. Does nothing when the thread never started. */
void callback_guard_stop(struct callback_guard *g, int drain_ms);

/* Free the guard, after callback_guard_stop and MHD_stop_daemon. NULL is
 * allowed. */
void callback_guard_free(struct callback_guard *g);

#endif
