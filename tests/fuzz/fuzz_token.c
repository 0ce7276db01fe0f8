/* fuzz_token.c — libFuzzer entry point for token endpoint answers
 * (tests/fuzz/token_harness.h). The suite replays the committed corpus in
 * tests/unit/test_oauth_token.c; to search for new inputs:
 *
 *   clang -std=c17 -D_DEFAULT_SOURCE -g -O1 \
 *       -fsanitize=fuzzer,address,undefined -Isrc tests/fuzz/fuzz_token.c \
 *       $(find src -name '*.c' ! -name main.c) build/check/gen/store_sql.c \
 *       $(pkg-config --cflags --libs ncursesw libcurl libcjson sqlite3 \
 *       libsodium libmicrohttpd) -lm -o build/fuzz_token
 *   build/fuzz_token -max_total_time=300 tests/fuzz/corpus/token
 *
 * and commit the inputs worth keeping (small ones) to that directory. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "token_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bad = token_fuzz_one(data, size);
    if (bad != NULL) {
        fprintf(stderr, "token: %s\n", bad);
        abort();
    }
    return 0;
}
