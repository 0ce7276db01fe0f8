/* fuzz_text.c — the renderer of untrusted text, columns and validation of
 * src/text.c (the checks live in tests/fuzz/text_harness.h, which the unit
 * test tests/unit/test_text.c also replays). Corpus: tests/fuzz/corpus/text;
 * see tests/fuzz/fuzz.h for how harnesses are built and run. */
#include "fuzz.h"
#include "text_harness.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bad = text_fuzz_one(data, size);
    if (bad != NULL)
        fuzz_fail("text", bad);
    return 0;
}
