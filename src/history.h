/* history.h — every request sent through an integration, kept with its
 * secrets redacted: the auth header, the api-key query parameter, and every
 * spelling of the integration's secrets that redact.h finds, in the URL,
 * the request headers and body, and the response headers and body. Only the
 * first HISTORY_BODY_MAX bytes of a response body are kept. */
#ifndef TETHER_HISTORY_H
#define TETHER_HISTORY_H

#include <stddef.h>

#include "err.h"
#include "http.h"
#include "model.h"
#include "redact.h"
#include "store.h"

#define HISTORY_BODY_MAX (64 * 1024)
/* What a request that streams its body must still keep in memory for the
 * history: HISTORY_BODY_MAX and the margin redacted past the cut (so that
 * a secret across it is still found). */
#define HISTORY_BODY_KEEP (HISTORY_BODY_MAX + 4096)
/* What a redacted value reads as in the history. */
#define HISTORY_REDACTED REDACT_MARK

/* Fill `out` with the redacted record of `req` sent through `ig` and its
 * response. Strings in `out` are owned: release with history_entry_clear.
 */
tstatus history_entry_build(const struct integration *ig,
                            const struct http_request *req,
                            const struct http_response *resp,
                            struct history_entry *out, struct err *e);
void history_entry_clear(struct history_entry *h);

/* Whether the body kept in `h` is a prefix of a longer one: the history
 * keeps HISTORY_BODY_MAX bytes of a body (after redaction) and its full
 * size. (A body of exactly HISTORY_BODY_MAX bytes once redacted, from a
 * longer one whose secrets were longer than "[redacted]", counts as cut
 * too.) */
bool history_body_cut(const struct history_entry *h);

/* Build and append to the store's history. */
tstatus history_record(struct store *st, const struct integration *ig,
                       const struct http_request *req,
                       const struct http_response *resp, struct err *e);

#endif
