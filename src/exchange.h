/* exchange.h — the one way a request goes out through an integration: the
 * command line's `request` and `test`, the wizard's step 5 and the request
 * pane all call this. It makes the credentials ready (OAuth tokens: see
 * exchange_prepare_auth), sends, retries once after a 401 when the
 * credentials could be renewed, and records every request sent in the
 * history, redacted (history.h).
 *
 * A body sent without a Content-Type header gets the default type of
 * exchange_default_type() here, whichever face sent it.
 *
 * Non-blocking form for screens: exchange_start, then exchange_run with a
 * short timeout between redraws until it returns false, exchange_cancel on
 * Esc, then exchange_finish. exchange_send is the blocking form. */
#ifndef TETHER_EXCHANGE_H
#define TETHER_EXCHANGE_H

#include <stdbool.h>

#include "err.h"
#include "http.h"
#include "model.h"
#include "store.h"

struct exchange;

/* The Content-Type a request with body[0..len) is sent with when it names
 * none: "application/json" when the body's first character other than
 * space, tab, CR and LF is '{' or '[', else
 * "application/x-www-form-urlencoded" (what curl -d sends). A static
 * string. */
const char *exchange_default_type(const char *body, size_t len);

/* Add "Content-Type: exchange_default_type(body)" to headers unless body is
 * NULL or headers has a Content-Type (any case) already. For faces that
 * show the request as it goes out (copy as curl). false: no memory. */
bool exchange_add_default_type(struct kv_list *headers, const char *body,
                               size_t len);

/* Make ig's credentials ready to send. For OAuth this is where tokens are
 * obtained or refreshed (`after_401`: the server refused the current
 * token, so renew it even if it looks valid); *renewed says whether new
 * credentials are in `ig` now (worth one retry). TS_NEEDS_AUTH when the
 * user must authorize first. Other methods: checks the secret is present.
 * `st` may be NULL (nothing is saved then). */
tstatus exchange_prepare_auth(struct store *st, struct integration *ig,
                              bool after_401, bool *renewed, struct err *e);

/* Prepare the auth and start sending `req` (copied) through `ig`. `ig` is
 * borrowed until exchange_free and may be updated (renewed tokens). `st`
 * may be NULL: no history then. Errors are what stops the request from
 * being sent: no credentials (TS_NEEDS_AUTH, TS_INVALID, TS_KEY), a bad
 * path (TS_INVALID), out of memory. */
tstatus exchange_start(struct store *st, struct integration *ig,
                       const struct http_request *req, struct exchange **out,
                       struct err *e);

/* Drive the request for at most timeout_ms. True while it is still
 * running. */
bool exchange_run(struct exchange *x, int timeout_ms);

/* Stop it; the response comes back with HTTP_FAIL_CANCELLED. */
void exchange_cancel(struct exchange *x);

/* After exchange_run returned false: hand over the response (caller frees
 * with http_response_free) and record it in the history. A history failure
 * is returned (the response is still handed over). */
tstatus exchange_finish(struct exchange *x, struct http_response *resp,
                        struct err *e);

void exchange_free(struct exchange *x);

/* Start, run to the end, finish. On TS_OK or a history failure `resp` is
 * filled (free it); on other errors nothing was sent and resp is zeroed. */
tstatus exchange_send(struct store *st, struct integration *ig,
                      const struct http_request *req,
                      struct http_response *resp, struct err *e);

#endif
