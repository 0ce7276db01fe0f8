/* history_request.h — a history entry turned back into a request to send
 * again: what the user asked for, without what the engine added by itself
 * (Host, Content-Length, curl's Accept and tether's User-Agent, the
 * default Content-Type) and without the credentials (the auth header and
 * the api-key query parameter, redacted in the history anyway), which the
 * integration adds again when the request is sent.
 *
 * Ownership: a struct history_request owns its strings and lists; release
 * with history_request_clear(). It keeps no pointer into the entry. */
#ifndef TETHER_HISTORY_REQUEST_H
#define TETHER_HISTORY_REQUEST_H

#include <stddef.h>

#include "err.h"
#include "model.h"
#include "store.h"

struct history_request {
    char *method;           /* as sent ("GET" when the entry has none) */
    char *path;             /* relative to the integration, "/" at least,
                               as it was encoded in the URL */
    struct kv_list query;   /* names and values percent-decoded, in order */
    struct kv_list headers; /* "Name: value" lines the user gave, in order */
    char *body;             /* NULL: none; NUL-terminated past body_len */
    size_t body_len;
};

/* Fill *out from entry h, read against ig, the integration the request is
 * recalled on (NULL: none known; then the path is what follows the host).
 * The path is the URL less ig's base URL when the URL starts with it, else
 * less its scheme and host. Parameters are dropped when they carry the
 * api-key (ig's key in the query) or a redacted value; headers when the
 * engine adds them itself or they carry a redacted value. TS_NOMEM (and
 * *out empty) without memory. */
tstatus history_request_from(const struct history_entry *h,
                             const struct integration *ig,
                             struct history_request *out, struct err *e);

/* Free what out holds and make it empty. */
void history_request_clear(struct history_request *out);

#endif
