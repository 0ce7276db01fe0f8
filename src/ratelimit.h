/* ratelimit.h — what a response says of the server's rate limit: the
 * RateLimit-* and RateLimit headers (IETF httpapi draft), the common
 * X-RateLimit-* ones (GitHub, Twitter, ...), and Retry-After. One place
 * decides which headers these are and how they read on one line; the
 * request pane, `tether request --json` and the connection test show
 * them. */
#ifndef TETHER_RATELIMIT_H
#define TETHER_RATELIMIT_H

#include <stdbool.h>

#include "model.h"

/* True when a header of this name is about the rate limit
 * (case-insensitive). */
bool ratelimit_is_header(const char *name);

/* Copy the rate-limit headers of `headers` (a response's, in order) into
 * `out` (appended). False when out of memory. */
bool ratelimit_headers(const struct kv_list *headers, struct kv_list *out);

/* The rate-limit headers on one line, e.g. "7 of 100 requests left,
 * reset 30; retry after 120 s" (RateLimit-* preferred over X-RateLimit-*;
 * values as the server sent them, for the caller to render), or NULL when
 * there are none (or out of memory). The caller frees. */
char *ratelimit_summary(const struct kv_list *headers);

#endif
