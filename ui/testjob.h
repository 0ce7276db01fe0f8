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
    atomic_size_t done; /* tests ended so far */
    size_t total;
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

/* Stop the worker if it runs (waiting for it), count the failures into
 * *failed (may be NULL) and free everything. Safe when nothing runs. */
void testjob_end(struct testjob *j, size_t *failed);

#endif
