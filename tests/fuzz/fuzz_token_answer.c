/* fuzz_token_answer.c — a token endpoint's answer as providers really send
 * it, JSON or form-encoded, chosen by Content-Type and by sniffing
 * (oauth_parse_token_answer; the checks live in tests/fuzz/token_harness.h,
 * which tests/unit/test_oauth_token.c also replays). Corpus:
 * tests/fuzz/corpus/token_answer; see tests/fuzz/fuzz.h for how harnesses
 * are built and run. */
#include "fuzz.h"
#include "token_harness.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bad = token_fuzz_one(data, size);
    if (bad != NULL)
        fuzz_fail("token_answer", bad);
    return 0;
}
