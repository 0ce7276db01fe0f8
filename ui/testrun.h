/* testrun.h — one connection test for the screens, on a worker thread
 * (worker.h) so the screen keeps its spinner and Esc cancels: the request
 * goes through exchange.h (auth prepared, history recorded) and the result
 * is judged by the engine (conntest_judge); this adds the first lines of
 * the body for the wizard to show, the integration's secrets masked
 * (redact.h) and rendered for a terminal (text.h). The loop polls it from its
 * tick. */
#ifndef TETHER_UI_TESTRUN_H
#define TETHER_UI_TESTRUN_H

#include <stdbool.h>

#include "conntest.h"
#include "exchange.h"
#include "worker.h"

struct testrun {
    struct worker w;
    struct integration *ig; /* borrowed until the run ends */
    struct store *st;       /* NULL: nothing recorded */
    bool save_result;       /* record the result as the last test */
    char *path;             /* NULL: the integration's test path */
    bool done;              /* a result is in `result` */
    struct conntest_result result;
    char body[512]; /* first lines of the body, secrets masked, rendered */
    struct err err; /* when the test could not be judged at all */
};

/* Start testing `path` (NULL: the integration's test path) on `ig`, which
 * the test borrows (and may update: renewed tokens) until it ends; neither
 * is touched by the caller meanwhile, nor the store. With a store, the
 * request goes into the history (and renewed OAuth tokens are saved), and
 * when `save_result` the result is recorded as the integration's last
 * test; both only for an integration that is stored (ig->id != 0).
 * Returns TS_OK when it started (a test that cannot be sent ends at once
 * with a failed result, reported by the next poll); TS_NOMEM. */
tstatus testrun_start(struct testrun *t, struct store *st, bool save_result,
                      struct integration *ig, const char *path);

/* True from the start until testrun_poll() reported the end. */
bool testrun_running(const struct testrun *t);

/* From the loop's tick: true when the test ended (then `result`, `body`
 * and `err` are set and `done` is true). */
bool testrun_poll(struct testrun *t);

/* Cancel a running test: it ends as cancelled, reported by a poll. */
void testrun_cancel(struct testrun *t);

/* Milliseconds since the start. */
long testrun_elapsed_ms(const struct testrun *t);

/* Stop anything running (waiting for it) and free the result. */
void testrun_clear(struct testrun *t);

#endif
