/* fuzz_text.c — libFuzzer entry point for src/text.c (tests/fuzz/
 * text_harness.h). The suite replays the committed corpus in
 * tests/unit/test_text.c; to search for new inputs:
 *
 *   clang -std=c17 -D_DEFAULT_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined
 * \ -Isrc tests/fuzz/fuzz_text.c src/text.c -o build/fuzz_text build/fuzz_text
 * -max_total_time=300 tests/fuzz/corpus/text
 *
 * and commit the inputs worth keeping (small ones) to that directory. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "text_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bad = text_fuzz_one(data, size);
    if (bad != NULL) {
        fprintf(stderr, "text: %s\n", bad);
        abort();
    }
    return 0;
}
