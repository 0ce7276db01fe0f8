/* testjob.h — "test all" for the home screen: every integration's
 * connection test (testall_run, over one curl multi pool) on a worker
 * thread, so the screen keeps drawing its progress and Esc cancels. The
 * loop polls it; the store is used only by the worker until it ends. */
#ifndef TETHER_UI_TESTJOB_H
#define TETHER_UI_TESTJOB_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "testall.h"

struct testjob {
    pthread_t thread;
    bool started;
    atomic_bool cancel;
    atomic_bool finished;
    atomic_size_t done;
    size_t total;
    struct testall_item *items;
    size_t n;
    tstatus status;   /* of testall_run, valid once finished */
    struct err err;
};

/* Load every integration (with secrets when the key allows) and start
 * testing them all; results are stored as each one's last test. Returns
 * TS_OK when started; errors when the store cannot be read or the thread
 * cannot start. A store with no integration starts nothing (total 0). */
tstatus testjob_start(struct testjob *j, struct store *st, struct err *e);

/* True once the worker is done (or never started); then testjob_end(). */
bool testjob_finished(const struct testjob *j);

/* Ask the worker to cancel what is still running. */
void testjob_cancel(struct testjob *j);

/* Wait for the worker, count the failures into *failed and free
 * everything. Safe to call when nothing runs. */
void testjob_end(struct testjob *j, size_t *failed);

#endif
