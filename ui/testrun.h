/* testrun.h — one connection test driven from the screen loop: started,
 * polled between redraws (exchange_run with a short timeout) and
 * cancellable, so the screen keeps its spinner and Esc works. The result is
 * judged by the engine (conntest_judge); this adds the first lines of the
 * body for the wizard to show. */
#ifndef TETHER_UI_TESTRUN_H
#define TETHER_UI_TESTRUN_H

#include <stdbool.h>
#include <time.h>

#include "conntest.h"
#include "exchange.h"

struct testrun {
    struct exchange *x;
    struct integration *ig; /* borrowed until the run ends */
    struct store *st;       /* NULL: nothing recorded */
    bool save_result;       /* record the result as the last test */
    bool running;
    bool done; /* a result is in `result` */
    struct conntest_result result;
    char body[512]; /* first lines of the response body */
    struct timespec started;
    struct err err; /* when the test could not be judged at all */
};

/* Start testing `path` (NULL: the integration's test path) on `ig`. With a
 * store, the request goes into the history (and renewed OAuth tokens are
 * saved), and when `save_result` the result is recorded as the
 * integration's last test; both only for an integration that is stored
 * (ig->id != 0). Returns TS_OK when the test started or already ended (a
 * test that cannot be sent ends at once with a failed result); errors only
 * for out of memory. */
tstatus testrun_start(struct testrun *t, struct store *st, bool save_result,
                      struct integration *ig, const char *path);

/* Drive it for at most timeout_ms; true when it ended during this call. */
bool testrun_poll(struct testrun *t, int timeout_ms);

/* Cancel a running test (it ends as cancelled at the next poll). */
void testrun_cancel(struct testrun *t);

/* Milliseconds since the start. */
long testrun_elapsed_ms(const struct testrun *t);

/* Stop anything running and free the result. */
void testrun_clear(struct testrun *t);

#endif
