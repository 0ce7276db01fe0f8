/* fuzz.h — what every harness in tests/fuzz/ declares.
 *
 * A harness is one file, fuzz_NAME.c, defining LLVMFuzzerTestOneInput()
 * for one parser of untrusted input. It builds two ways from the same
 * source: with clang -fsanitize=fuzzer,address,undefined as a libFuzzer
 * binary (`make fuzz`, build/fuzz/fuzz_NAME), and with the sanitizer build
 * of the suite as a replay driver (tests/fuzz/replay.c, which supplies
 * main(); build/check/fuzz/fuzz_NAME) that runs it over every file of its
 * committed corpus, tests/fuzz/corpus/NAME/ (tests/fuzz/replay.t).
 *
 * A harness returns 0; a broken promise of the code under test is reported
 * with fuzz_fail(), which prints the harness's name and the promise, and
 * aborts (a crash for libFuzzer, which keeps the input). */
#ifndef TETHER_FUZZ_H
#define TETHER_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report a broken promise and abort. */
static inline void
fuzz_fail(const char *harness, const char *what)
{
    fprintf(stderr, "fuzz_%s: %s\n", harness, what);
    abort();
}

/* Check a promise: fuzz_fail() unless `ok`. */
#define FUZZ_CHECK(harness, ok, what)                                          \
    do {                                                                       \
        if (!(ok))                                                             \
            fuzz_fail(harness, what);                                          \
    } while (0)

#endif
