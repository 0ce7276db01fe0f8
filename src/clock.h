/* clock.h — the wall clock of the engine and the screens.
 *
 * Every time that is stored or shown (when a token was obtained and when it
 * expires, when a connection test ran, "5m ago", "expires in 1h", history
 * times) comes from here, never from time() directly, so that one test
 * hook sets it for the whole program.
 *
 * Test hook: when the environment variable TETHER_TEST_NOW holds a number
 * of Unix seconds, the clock stands still at that second. Tests set it to
 * compare relative times exactly, whatever second the machine is at. It is
 * read at each call; an empty or malformed value is ignored.
 *
 * Durations (timeouts, elapsed times, polling) are not wall-clock times:
 * they use CLOCK_MONOTONIC where they are measured and ignore the hook. */
#ifndef TETHER_CLOCK_H
#define TETHER_CLOCK_H

#include <stdint.h>

/* Now, in Unix seconds (TETHER_TEST_NOW when set). */
int64_t clock_now(void);

/* Now, in Unix milliseconds (TETHER_TEST_NOW * 1000 when set). */
int64_t clock_now_ms(void);

#endif
