/* testjob.h — "test all" for the home screen: every integration's
 * connection test (testall_run, over one curl multi pool) on a worker
 * thread (worker.h), so the screen keeps drawing its progress and Esc
 * cancels. The loop polls it; the store is used only by the worker until
 * it ends. */
#ifndef TETHER_UI_TESTJOB_H
#define TETHER_UI_TESTJOB_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "testall.h"
#include "worker.h"

struct testjob {
    struct worker w;
    struct store *st;
    atomic_size_t done;   /* tests ended so far */
    atomic_size_t failed; /* of those, failed */
    size_t total;
    atomic_bool *ended; /* per item: its result is filled */
    struct testjob_ix { /* items by integration id, for lookups */
        int64_t id;
        size_t item;
    } * by_id;
    struct testall_item *items;
    size_t n;
    tstatus status; /* of testall_run, valid once it ended */
    struct err err;
};

/* Load every integration (with secrets when the key allows) and start
 * testing them all; results are stored as each one's last test. Returns
 * TS_OK when started; errors when the store cannot be read. A store with
 * no integration starts nothing (total 0, not running). */
tstatus testjob_start(struct testjob *j, struct store *st, struct err *e);

/* True from the start until testjob_poll() reported the end. */
bool testjob_running(const struct testjob *j);

/* From the loop's tick: true once the tests ended; then read status and
 * err, and call testjob_end(). */
bool testjob_poll(struct testjob *j);

/* Ask the worker to cancel what is still running. */
void testjob_cancel(struct testjob *j);

/* True when the tests were cancelled. */
bool testjob_cancelled(const struct testjob *j);

/* The result of the integration with row id `id` once its test ended
 * (as its last test would read: pass, status, time, reason borrowed from
 * the job), for the screen to show each result as it comes. False while
 * it runs or when the job does not test it. */
bool testjob_result(const struct testjob *j, int64_t id,
                    struct test_result *out);

/* Stop the worker if it runs (waiting for it), count the failures into
 * *failed (may be NULL) and free everything. Safe when nothing runs. */
void testjob_end(struct testjob *j, size_t *failed);

#endif
