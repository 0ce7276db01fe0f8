/* conntest.h — the connection test (the wizard's step 5, `tether test`):
 * GET base URL + test path with the integration's auth; it passes only on
 * 200, as in the reference product, unless the integration's test
 * settings (struct test_spec) name another method (HEAD, POST with a
 * body), other accepted statuses or a check of the body; on failure it
 * says why in words a person can act on. Redirects are not followed: a 3xx
 * fails and names where it pointed (no credentials go there). */
#ifndef TETHER_CONNTEST_H
#define TETHER_CONNTEST_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "http.h"
#include "model.h"
#include "store.h"

/* The outcome of one test. Strings are owned (conntest_result_free). */
struct conntest_result {
    bool pass;
    bool sent;           /* false: stopped before sending (no token,
                            no key, bad path, ...) */
    int64_t at;          /* unix seconds when it ran */
    long status;         /* 0 when no response */
    char *reason_phrase; /* "OK", "Not Found", ... or NULL */
    enum http_failure failure;
    long time_ms;
    char *url;              /* the URL tested, secrets redacted */
    char *summary;          /* short reason stored as the last result:
                               "401 Unauthorized: credentials rejected";
                               NULL on pass */
    char *diagnosis;        /* what went wrong and what to do; NULL on
                               pass */
    char *www_authenticate; /* the server's challenge, for a 401 */
    char *location;         /* where a 3xx pointed */
    bool location_other_host;
    bool insecure;            /* TLS verification was off */
    struct kv_list ratelimit; /* the rate-limit headers (ratelimit.h) */
};

void conntest_result_free(struct conntest_result *r);

/* The path a test uses: `path` when given, else the integration's test
 * path, else "/". Borrowed from its arguments. */
const char *conntest_path(const struct integration *ig, const char *path);

/* Fill `req` for a test of `path` (see conntest_path): the test method
 * (GET by default) and body, no redirects. `req` borrows from its
 * arguments. */
void conntest_request(const struct integration *ig, const char *path,
                      atomic_bool *cancel, struct http_request *req);

/* The statuses the test accepts, as written ("200" by default). Borrowed
 * from ig. */
const char *conntest_statuses(const struct integration *ig);

/* Judge a response to conntest_request and fill `out`. Returns TS_OK, or
 * TS_NOMEM. */
tstatus conntest_judge(const struct integration *ig,
                       const struct http_response *resp,
                       struct conntest_result *out, struct err *e);

/* A test that could not be sent (error `why`, e.g. no access token):
 * fills `out` as a failure with that reason. */
tstatus conntest_not_sent(const struct integration *ig, const struct err *why,
                          struct conntest_result *out, struct err *e);

/* Store `r` as the integration's last test result. */
tstatus conntest_record(struct store *st, const struct integration *ig,
                        const struct conntest_result *r, struct err *e);

/* Run the test once through exchange_send (auth prepared, history
 * recorded), store the result when `st` is not NULL, and fill `out`. A
 * failing test is TS_OK with out->pass false; errors are for what stops the
 * test from being judged at all (out of memory, store failures). */
tstatus conntest_run(struct store *st, struct integration *ig, const char *path,
                     atomic_bool *cancel, struct conntest_result *out,
                     struct err *e);

#endif
