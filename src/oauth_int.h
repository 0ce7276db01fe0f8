/* oauth_int.h — what the oauth_*.c files share among themselves; not for
 * front ends (they use oauth.h). */
#ifndef TETHER_OAUTH_INT_H
#define TETHER_OAUTH_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "oauth.h"

/* Monotonic milliseconds (oauth_call.c, below the flows that use it). */
int64_t oauth_now_ms(void);

/* (oauth_token.c) The decoded value of `name` in a query string ("a=1&b=2",
 * stopping at
 * '#'), or NULL when absent. New string; the caller frees (and wipes it when
 * it is a secret). */
char *oauth_query_get(const char *query, const char *name);

/* The code and PKCE verifier of a READY flow (NULL verifier without PKCE). */
const char *oauth_flow_code(const struct oauth_flow *f);
const char *oauth_flow_verifier(const struct oauth_flow *f);

/* One request to an endpoint of ig's provider (token, device
 * authorization), with ig's client authentication and network settings,
 * driven a slice at a time. Zero-initialise, start, step until it reports
 * done, free. */
struct http_pool;
struct oauth_call {
    struct http_pool *pool; /* NULL when no request runs */
    char *url;              /* the endpoint, for messages */
    char *content_type;     /* of the last answer, or NULL */
};

/* POST `params` (plus client authentication) to `url`. */
tstatus oauth_call_start(struct oauth_call *c, const struct integration *ig,
                         const char *url, const struct kv_list *params,
                         atomic_bool *cancel, struct err *e);
/* True while a request runs. */
bool oauth_call_busy(const struct oauth_call *c);
/* Make the running request end as cancelled (reported by the next step). */
void oauth_call_cancel(struct oauth_call *c);
/* Drive it for at most timeout_ms (< 0: until it ends). False while it
 * still runs. When it ended: *st is TS_OK with *status and *body (a new
 * string the caller wipes and frees; NULL when empty) and *len, or an error
 * in `e` (TS_NET naming the endpoint, TS_CANCELLED). */
bool oauth_call_step(struct oauth_call *c, int timeout_ms, tstatus *st,
                     long *status, char **body, size_t *len, struct err *e);
/* The same, the answer parsed as a token response into *out (an OAuth
 * error explained for `stage` in `e`, and copied to *oe). */
bool oauth_call_tokens(struct oauth_call *c, const struct integration *ig,
                       enum oauth_stage stage, int timeout_ms, tstatus *st,
                       struct oauth_tokens *out, struct oauth_error *oe,
                       struct err *e);
void oauth_call_free(struct oauth_call *c);

/* Blocking: POST a form to `url` (an endpoint of ig's provider) with ig's
 * client authentication and network settings, and parse the answer as a token
 * response into *out. An OAuth error is explained for `stage` (so `e` says
 * what to change) and copied to *oe when not NULL. */
tstatus oauth_token_call(const struct integration *ig, const char *url,
                         const struct kv_list *params, enum oauth_stage stage,
                         atomic_bool *cancel, struct oauth_tokens *out,
                         struct oauth_error *oe, struct err *e);

/* Blocking: POST a form with ig's client authentication; *status and *body (a
 * new NUL-terminated string, NULL when no response) describe the answer. A
 * transport failure is TS_NET naming the endpoint. */
tstatus oauth_post_form(const struct integration *ig, const char *url,
                        const struct kv_list *params, atomic_bool *cancel,
                        long *status, char **body, size_t *len, struct err *e);

#endif
