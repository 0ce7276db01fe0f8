/* history.h — every request sent through an integration, kept with its
 * secrets redacted: the auth header, the api-key query parameter, and any
 * text equal to one of the integration's secrets (as is, percent-encoded,
 * and for Basic auth the base64 "user:password"), in the URL, the request
 * headers and body, and the response headers and body. Only the first
 * HISTORY_BODY_MAX bytes of a response body are kept. */
#ifndef TETHER_HISTORY_H
#define TETHER_HISTORY_H

#include <stddef.h>

#include "err.h"
#include "http.h"
#include "model.h"
#include "store.h"

#define HISTORY_BODY_MAX (64 * 1024)
/* What a request that streams its body must still keep in memory for the
 * history: HISTORY_BODY_MAX and the margin redacted past the cut (so that
 * a secret across it is still found). */
#define HISTORY_BODY_KEEP (HISTORY_BODY_MAX + 4096)
#define HISTORY_REDACTED "[redacted]"
/* Secrets shorter than this are not searched for in free text (a one- or
 * two-character "secret" would blank out everything); the auth header and
 * query parameter are redacted whatever their length. */
#define HISTORY_MIN_SECRET 3

/* The secrets of one integration, ready to be looked for. */
struct history_secrets;

/* Collect ig's secrets that are in memory (and the base64 "user:password"
 * of Basic auth). Free with history_secrets_free. */
tstatus history_secrets_new(const struct integration *ig,
                            struct history_secrets **out, struct err *e);
void history_secrets_free(struct history_secrets *hs);

/* A new copy of text[0..len) with every spelling of a secret replaced by
 * HISTORY_REDACTED: as is, percent-encoded (any case, in any mix), with
 * '+' for a space, JSON-escaped (\" \/ \uXXXX ...). *out_len (may be NULL)
 * gets its length; the copy is NUL-terminated too. NULL when out of
 * memory. */
char *history_secrets_redact(const struct history_secrets *hs, const char *text,
                             size_t len, size_t *out_len);

/* history_secrets_redact with ig's secrets. */
char *history_redact(const struct integration *ig, const char *text, size_t len,
                     size_t *out_len);

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
