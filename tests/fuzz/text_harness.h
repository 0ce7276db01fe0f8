/* text_harness.h — one fuzz harness for src/text.c, shared by the
 * libFuzzer entry point (tests/fuzz/fuzz_text.c) and the unit test that
 * replays the committed corpus (tests/unit/test_text.c).
 *
 * An input is: one byte of TEXT_R_* flags (low five bits), one byte that
 * sets the chunk size the renderer is fed with (1 + byte % 16), then the
 * untrusted bytes. text_fuzz_one() checks the module's promises on it and
 * returns NULL, or a static message naming the broken promise. */
#ifndef TETHER_TEXT_HARNESS_H
#define TETHER_TEXT_HARNESS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* The renderer's promise on its output `out` for flags: valid UTF-8 (ASCII
 * with TEXT_R_ASCII); no C0 control but LF / TAB when kept and CR directly
 * before LF with TEXT_R_CRLF; no DEL, C1 control, bidi control, line
 * separator or invisible character (tags only right after U+1F3F4 or a
 * tag). */
static const char *
text_fuzz_check_rendered(const char *out, size_t n, unsigned flags)
{
    if (!text_valid(out, n))
        return "rendered output is not valid UTF-8";
    uint32_t prev = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int d = text_decode(out + i, n - i, &cp);
        if (cp < 0x20) {
            bool kept =
                (cp == '\n' && (flags & TEXT_R_NEWLINES)) ||
                (cp == '\t' && (flags & TEXT_R_TABS)) ||
                (cp == '\r' && (flags & TEXT_R_CRLF) &&
                 (flags & TEXT_R_NEWLINES) && i + 1 < n && out[i + 1] == '\n');
            if (!kept)
                return "a control character reached the output";
        } else if (text_is_dangerous_cp(cp)) {
            return "DEL, a C1 or a bidi control reached the output";
        } else if (text_is_invisible_cp(cp)) {
            bool tag = cp >= 0xe0020 && cp <= 0xe007f;
            bool after =
                prev == 0x1f3f4 || (prev >= 0xe0020 && prev <= 0xe007f);
            if (!tag || !after)
                return "an invisible character reached the output";
        } else if ((flags & TEXT_R_ASCII) && cp >= 0x80) {
            return "non-ASCII output in ASCII mode";
        }
        prev = cp;
        i += (size_t)d;
    }
    return NULL;
}

static const char *
text_fuzz_one(const uint8_t *data, size_t size)
{
    if (size < 2)
        return NULL;
    unsigned flags = data[0] & 31u;
    size_t chunk = 1 + data[1] % 16u;
    const char *in = (const char *)data + 2;
    size_t n = size - 2;
    const char *bad = NULL;

    /* The renderer, in one go and fed in chunks: the same safe output. */
    struct text_buf whole = TEXT_BUF_INIT, parts = TEXT_BUF_INIT;
    if (!text_render(&whole, in, n, flags))
        return "out of memory";
    bad = text_fuzz_check_rendered(whole.data, whole.len, flags);
    struct text_render r;
    text_render_init(&r, flags);
    for (size_t at = 0; at < n && bad == NULL; at += chunk) {
        size_t k = n - at < chunk ? n - at : chunk;
        if (!text_render_feed(&r, in + at, k, &parts))
            bad = "out of memory";
    }
    if (bad == NULL && !text_render_finish(&r, &parts))
        bad = "out of memory";
    if (bad == NULL &&
        (parts.len != whole.len ||
         (whole.len > 0 && memcmp(parts.data, whole.data, whole.len))))
        bad = "chunked rendering differs from rendering in one go";

    /* Columns: prefixes cut at clusters add up and fit. */
    size_t total = text_width(in, n);
    for (size_t cols = 0; cols <= 16 && bad == NULL; cols += 4) {
        size_t used, skipped;
        size_t k = text_truncate(in, n, cols, &used);
        if (k > n || used > cols || text_width(in, k) != used ||
            used + text_width(in + k, n - k) != total)
            bad = "text_truncate() and text_width() disagree";
        k = text_skip(in, n, cols, &skipped);
        if (k > n || text_width(in, k) != skipped || (k < n && skipped < cols))
            bad = "text_skip() and text_width() disagree";
    }
    /* The fitted rendered text is at most as wide as asked. */
    for (size_t cols = 0; cols <= 12 && bad == NULL; cols += 3) {
        struct text_buf fit = TEXT_BUF_INIT;
        size_t used;
        unsigned ff = (flags & 1) ? TEXT_FIT_PAD : 0;
        if (!text_fit(&fit, whole.data, whole.len, cols, ff, &used))
            bad = "out of memory";
        else if (used > cols || text_width(fit.data, fit.len) != used ||
                 ((ff & TEXT_FIT_PAD) && used != cols))
            bad = "text_fit() is wider than asked";
        text_buf_free(&fit);
    }

    /* Validation agrees with decoding; the name check finds what the
     * decoder refuses. */
    if (bad == NULL) {
        size_t v = text_valid_len(in, n), i = 0;
        uint32_t cp;
        int d;
        while (i < n && (d = text_decode(in + i, n - i, &cp)) > 0)
            i += (size_t)d;
        if (v != i)
            bad = "text_valid_len() disagrees with text_decode()";
        struct text_hit hit;
        if (bad == NULL && v < n &&
            (!text_find_hidden(in, n, &hit) || hit.off > v))
            bad = "text_find_hidden() missed invalid UTF-8";
        if (bad == NULL && n > 0 && v < n && !text_looks_binary(in, n, 0))
            bad = "invalid UTF-8 does not look binary";
    }
    text_buf_free(&whole);
    text_buf_free(&parts);
    return bad;
}

#endif
