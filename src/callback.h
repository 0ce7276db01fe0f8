/* callback.h — the loopback listener that catches the authorization
 * server's redirect back to tether (http://127.0.0.1:PORT/callback).
 *
 * libmicrohttpd, bound to 127.0.0.1 only, serving from its own thread: the
 * caller never blocks on it. It answers only GET /callback carrying the
 * expected state; anything else gets a 4xx page and the listener keeps
 * waiting for the real callback. The first valid callback (a code, or an
 * error= from the server) is kept and reported; later ones get a page saying
 * the sign-in already finished.
 *
 * No local process can hold it off (see callback_guard.h): a connection
 * has a few seconds from accept to send its request head, however slowly
 * it trickles bytes, and a full listener closes its oldest unfinished
 * connection to take a new one. */
#ifndef TETHER_CALLBACK_H
#define TETHER_CALLBACK_H

#include <stdbool.h>

#include "err.h"

struct callback;

/* What the browser brought back. Strings are heap-allocated (NULL when
 * absent) and released with callback_result_free(), which wipes the code. */
struct callback_result {
    char *code;  /* authorization code, on success */
    char *error; /* RFC 6749 4.1.2.1 error code, on failure */
    char *error_description;
    char *error_uri;
    char *iss; /* RFC 9207 issuer identifier, when sent */
};

enum callback_status {
    CALLBACK_WAITING, /* nothing valid has arrived yet */
    CALLBACK_DONE,    /* a callback with the right state arrived */
};

/* Listen on 127.0.0.1:port (0 = any free port) for a callback carrying
 * `state` (copied). A port already in use fails with TS_IO and a message
 * naming the port and how to choose another. Free with callback_stop(). */
tstatus callback_start(int port, const char *state, struct callback **out,
                       struct err *e);

/* Say which issuer the authorization responses must name (RFC 9207):
 * a callback whose iss differs, or that has none when `required`, still
 * ends the wait (the caller refuses it) but its page says it was refused
 * instead of "authorized". NULL: no issuer is known. Copies `issuer`. */
void callback_set_issuer(struct callback *cb, const char *issuer,
                         bool required);

/* The port actually listened on. */
int callback_port(const struct callback *cb);

/* A descriptor that becomes readable once a valid callback arrived, for a
 * caller that waits on several things at once (poll). Owned by the
 * listener; do not read from or close it. */
int callback_fd(const struct callback *cb);

/* Wait at most timeout_ms (0 = just look) for a valid callback. On
 * CALLBACK_DONE the result is moved into *out (the caller frees it) and
 * later calls report CALLBACK_DONE with an empty result. */
enum callback_status callback_wait(struct callback *cb, int timeout_ms,
                                   struct callback_result *out);

/* How many requests were refused (wrong path, method or state) so far. */
unsigned callback_refused(const struct callback *cb);

/* Stop listening (letting pages still being sent finish, for at most a
 * second) and free everything. NULL is allowed. */
void callback_stop(struct callback *cb);

/* Release (and wipe) a result; leaves it empty. */
void callback_result_free(struct callback_result *r);

#endif
