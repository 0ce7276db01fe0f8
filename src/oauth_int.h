/* oauth_int.h — what the oauth_*.c files share among themselves; not for
 * front ends (they use oauth.h). */
#ifndef TETHER_OAUTH_INT_H
#define TETHER_OAUTH_INT_H

#include <stdatomic.h>
#include <stdint.h>

#include "oauth.h"

/* Monotonic milliseconds. */
int64_t oauth_now_ms(void);

/* The decoded value of `name` in a query string ("a=1&b=2", stopping at
 * '#'), or NULL when absent. New string; the caller frees (and wipes it when
 * it is a secret). */
char *oauth_query_get(const char *query, const char *name);

/* The code and PKCE verifier of a READY flow (NULL verifier without PKCE). */
const char *oauth_flow_code(const struct oauth_flow *f);
const char *oauth_flow_verifier(const struct oauth_flow *f);

/* POST a form to `url` (an endpoint of ig's provider) with ig's client
 * authentication and network settings, and parse the answer as a token
 * response into *out. An OAuth error is explained for `stage` (so `e` says
 * what to change) and copied to *oe when not NULL. */
tstatus oauth_token_call(const struct integration *ig, const char *url,
                         const struct kv_list *params, enum oauth_stage stage,
                         atomic_bool *cancel, struct oauth_tokens *out,
                         struct oauth_error *oe, struct err *e);

/* POST a form with ig's client authentication; *status and *body (a new
 * NUL-terminated string, NULL when no response) describe the answer. A
 * transport failure is TS_NET naming the endpoint. */
tstatus oauth_post_form(const struct integration *ig, const char *url,
                        const struct kv_list *params, atomic_bool *cancel,
                        long *status, char **body, size_t *len,
                        struct err *e);

#endif
