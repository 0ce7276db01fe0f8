/* jsonpath.h — the response filter: one value picked out of a JSON
 * document by a JSON Pointer (RFC 6901: "/items/0/id", "" for the whole
 * document, ~1 for '/' and ~0 for '~' in a key) or by a simple path
 * (".items[0].id", "items[0].id", ".[\"odd key\"]", "." for the whole
 * document). `tether request --filter` and the request pane's filter line
 * use it. */
#ifndef TETHER_JSONPATH_H
#define TETHER_JSONPATH_H

#include <cJSON.h>

#include "err.h"

struct jsonpath;

/* Parse `expr` (a pointer when it is empty or starts with '/', else a
 * simple path). TS_INVALID with the position of the problem in `e`
 * (field "filter"); TS_NOMEM. Free with jsonpath_free(). */
tstatus jsonpath_parse(const char *expr, struct jsonpath **out, struct err *e);

void jsonpath_free(struct jsonpath *p);

/* The value `p` selects in `doc` (borrowed from doc). TS_NOT_FOUND when
 * it is not there, the message naming the missing key or index and where
 * ("no key \"id\" in the object at .items[0]", "index 5 is past the end
 * of the array at .items (3 items)", "at .a: a number has no key \"b\""). */
tstatus jsonpath_eval(const struct jsonpath *p, const cJSON *doc,
                      const cJSON **out, struct err *e);

#endif
