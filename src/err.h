/* err.h — errors travel as a status plus a human message.
 *
 * Every engine function that can fail takes a `struct err *` last and returns
 * a `tstatus`. On failure it fills the err with the status, the field the
 * problem concerns (empty when none) and one sentence a person can act on.
 * Nothing in the engine prints or exits; front ends decide what to show. */
#ifndef TETHER_ERR_H
#define TETHER_ERR_H

#include <stddef.h>

typedef enum tstatus {
    TS_OK = 0,
    TS_INVALID,    /* bad input; front ends exit 2 */
    TS_NOT_FOUND,  /* no such integration, file, ... */
    TS_EXISTS,     /* a name is already taken */
    TS_BUSY,       /* the store stayed locked past the busy timeout */
    TS_STORE,      /* SQLite failure, corrupt or foreign file, newer schema */
    TS_KEY,        /* encryption key missing or wrong */
    TS_IO,         /* files, sockets, processes */
    TS_NET,        /* transport failure talking to a server */
    TS_HTTP,       /* a server answered, but not as required */
    TS_OAUTH,      /* the authorization server refused */
    TS_NEEDS_AUTH, /* OAuth tokens missing or revoked: run authorize */
    TS_CANCELLED,  /* the user cancelled */
    TS_NOMEM,
} tstatus;

struct err {
    tstatus status;
    char field[48]; /* e.g. "name", "base_url", "key_header"; may be "" */
    char msg[512];
};

/* Fill `e` (when not NULL) and return `st`. `field` may be NULL. */
tstatus err_set(struct err *e, tstatus st, const char *field, const char *fmt,
                ...) __attribute__((format(printf, 4, 5)));

/* Reset `e` to TS_OK with empty field and message. */
void err_clear(struct err *e);

/* Prefix the existing message with "context: " (keeps status and field). */
void err_prefix(struct err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Process exit status for a status: 0 ok, 2 invalid input, 1 otherwise. */
int err_exit_code(tstatus st);

/* A short stable word for a status ("invalid", "busy", ...), for --json. */
const char *err_status_name(tstatus st);

#endif
