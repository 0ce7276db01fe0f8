/* testall.h — every integration's connection test at once, over one
 * http_pool (curl multi), at most `jobs` at a time: 1,000 integrations
 * whose endpoint answers after 1 s take about 1000/jobs seconds. Results
 * are stored as each integration's last test, and each request sent goes
 * into the history (redacted), as every request does. */
#ifndef TETHER_TESTALL_H
#define TETHER_TESTALL_H

#include <stdatomic.h>
#include <stddef.h>

#include "conntest.h"

#define TESTALL_DEFAULT_JOBS 16

struct testall_item {
    struct integration *ig;        /* borrowed, secrets loaded */
    struct conntest_result result; /* filled by testall_run */
};

/* Called after each test ends (`done` of `total` so far). */
typedef void (*testall_progress_fn)(void *arg, size_t done, size_t total,
                                    const struct testall_item *item);

/* Test every item; each ends with its result filled (a test that could not
 * be sent fails with the reason). When `st` is not NULL, stores each result
 * and records each request in the history. Setting *cancel (may be NULL)
 * cancels what is still running (those fail as cancelled). Errors: out of
 * memory, or the first store failure (the tests still all run). Free
 * results with testall_items_clear. */
tstatus testall_run(struct store *st, struct testall_item *items, size_t n,
                    int jobs, atomic_bool *cancel, testall_progress_fn progress,
                    void *arg, struct err *e);

/* Failures first, then by name (case-insensitive). */
void testall_sort(struct testall_item *items, size_t n);

/* How many failed. */
size_t testall_failed(const struct testall_item *items, size_t n);

/* Free every result (not the integrations). */
void testall_items_clear(struct testall_item *items, size_t n);

#endif
