/* fuzz_json.c — the JSON validator, pretty-printer and line index of the
 * response viewer and `request --pretty` (src/jsonfmt*.c), on a body
 * exactly as a server sent it (not NUL-terminated).
 *
 * An input is one byte of options (bit 0: index as raw lines; the other
 * bits pick a search needle's length), then the body. Promises checked:
 * validation and formatting agree; the pretty text is valid JSON and
 * formats to itself; the index has one entry per pretty line and renders
 * each exactly as the writer wrote it, spans inside the line; invalid or
 * raw bodies index as their own '\n'-separated lines; the error's place is
 * inside the body; a needle taken from the body is found in the line the
 * search names. */
#include <string.h>

#include "fuzz.h"
#include "jsonfmt.h"

#define H "json"

static size_t
count_lines(const char *s, size_t n, bool trailing_newline_ends)
{
    size_t lines = 0;
    for (size_t i = 0; i < n; i++)
        lines += s[i] == '\n';
    if (!trailing_newline_ends || n == 0 || s[n - 1] != '\n')
        lines++;
    return lines;
}

static void
check_index_lines(const struct jsonfmt_index *idx, const char *pretty,
                  size_t plen)
{
    struct jsonfmt_line line = {0};
    struct err e = {0};
    size_t n = jsonfmt_index_count(idx), at = 0;
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(H, jsonfmt_index_line(idx, i, &line, &e) == TS_OK,
                   "an index line cannot be rendered");
        FUZZ_CHECK(H, memchr(line.text, '\n', line.len) == NULL,
                   "an index line holds a newline");
        for (size_t k = 0; k < line.nspans; k++)
            FUZZ_CHECK(H,
                       line.spans[k].start + line.spans[k].len <= line.len &&
                           line.spans[k].kind < JSONFMT_KINDS,
                       "a colour span lies outside its line");
        if (pretty != NULL) {
            const char *nl = memchr(pretty + at, '\n', plen - at);
            FUZZ_CHECK(H, nl != NULL,
                       "the index has more lines than the writer");
            size_t len = (size_t)(nl - (pretty + at));
            FUZZ_CHECK(H,
                       len == line.len && !memcmp(line.text, pretty + at, len),
                       "an index line differs from the writer's line");
            at += len + 1;
        }
    }
    FUZZ_CHECK(H, jsonfmt_index_line(idx, n, &line, &e) == TS_INVALID,
               "a line past the end is rendered");
    jsonfmt_line_free(&line);
}

static void
check_find(const struct jsonfmt_index *idx, const char *body, size_t len,
           size_t nlen)
{
    if (nlen == 0 || nlen > len || memchr(body, '\n', nlen) != NULL)
        return;
    size_t found;
    if (!jsonfmt_index_find(idx, body, nlen, 0, false, false, &found))
        return;
    FUZZ_CHECK(H, found < jsonfmt_index_count(idx),
               "search names a line past the end");
    struct jsonfmt_line line = {0};
    struct err e = {0};
    FUZZ_CHECK(H, jsonfmt_index_line(idx, found, &line, &e) == TS_OK,
               "the line search found cannot be rendered");
    FUZZ_CHECK(H, jsonfmt_memfind(line.text, line.len, body, nlen, false),
               "search names a line without the needle");
    jsonfmt_line_free(&line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned opt = data[0];
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    struct jsonfmt_error je, je2;
    struct err e = {0};

    tstatus valid = jsonfmt_validate(body, len, &je, &e);
    FUZZ_CHECK(H, valid == TS_OK || valid == TS_INVALID,
               "validation failed otherwise than TS_INVALID");
    if (valid == TS_INVALID)
        FUZZ_CHECK(H,
                   je.offset <= len && je.line >= 1 && je.column >= 1 &&
                       je.what[0] != '\0',
                   "the error's place is outside the body");

    char *pretty = NULL;
    size_t plen = 0;
    tstatus fmt = jsonfmt_format(body, len, 0, &pretty, &plen, &je2, &e);
    FUZZ_CHECK(H, fmt == valid, "formatting and validation disagree");
    if (fmt == TS_OK) {
        FUZZ_CHECK(H, plen > 0 && pretty[plen - 1] == '\n' && pretty[plen] == 0,
                   "the pretty text does not end with a newline");
        FUZZ_CHECK(H, jsonfmt_validate(pretty, plen, NULL, &e) == TS_OK,
                   "the pretty text is not valid JSON");
        char *again = NULL;
        size_t alen = 0;
        FUZZ_CHECK(H,
                   jsonfmt_format(pretty, plen, 0, &again, &alen, NULL, &e) ==
                       TS_OK,
                   "the pretty text cannot be formatted");
        FUZZ_CHECK(H, alen == plen && memcmp(again, pretty, plen) == 0,
                   "formatting the pretty text changes it");
        free(again);
        char *colour = NULL;
        size_t clen = 0;
        FUZZ_CHECK(H,
                   jsonfmt_format(body, len, JSONFMT_COLOR, &colour, &clen,
                                  NULL, &e) == TS_OK &&
                       clen >= plen,
                   "formatting in colour fails or loses text");
        free(colour);
    } else {
        FUZZ_CHECK(H, je2.offset == je.offset && je2.line == je.line,
                   "formatting and validation place the error apart");
    }

    unsigned flags = (opt & 1) ? JSONFMT_RAW : 0;
    struct jsonfmt_index *idx = NULL;
    FUZZ_CHECK(H, jsonfmt_index_build(body, len, flags, &idx, &e) == TS_OK,
               "the index cannot be built");
    bool as_json = valid == TS_OK && !(flags & JSONFMT_RAW);
    FUZZ_CHECK(H, jsonfmt_index_is_json(idx) == as_json,
               "the index is JSON for a body that is not (or not for one "
               "that is)");
    const struct jsonfmt_error *ie = jsonfmt_index_error(idx);
    FUZZ_CHECK(H, (ie != NULL) == (valid != TS_OK && !(flags & JSONFMT_RAW)),
               "the index's error disagrees with validation");
    if (ie != NULL)
        FUZZ_CHECK(H, ie->offset == je.offset,
                   "the index and validation place the error apart");
    if (as_json)
        FUZZ_CHECK(H,
                   jsonfmt_index_count(idx) == count_lines(pretty, plen, true),
                   "the index and the writer count lines apart");
    check_index_lines(idx, as_json ? pretty : NULL, plen);
    check_find(idx, body, len, (opt >> 1) & 7);
    jsonfmt_index_free(idx);
    free(pretty);
    return 0;
}
