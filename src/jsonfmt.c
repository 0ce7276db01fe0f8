/* jsonfmt.c — recognising JSON: content types, and what the validator
 * (jsonfmt_stream.c's state machine, run without output) shares with the
 * line renderer: the byte classes of strings, the run of plain string
 * bytes, the nesting bit stack (1 = object, 0 = array, one bit a level on
 * the heap: depth never costs recursion) and the messages. */
#include "jsonfmt.h"
#include "jsonfmt_impl.h"
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const unsigned char jf_str_class[256] = {
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, /* 0x00 */
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, /* 0x10 */
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x30 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, /* 0x50 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x60 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x70 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0x80 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0x90 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0xa0 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0xb0 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0xc0 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0xd0 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0xe0 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0xf0 */
};

bool
jsonfmt_is_json_type(const char *ct)
{
    if (ct == NULL)
        return false;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    size_t n = strcspn(ct, ";");
    while (n > 0 && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
        n--;
    if (n == 16 && strncasecmp(ct, "application/json", 16) == 0)
        return true;
    const char *slash = memchr(ct, '/', n);
    return slash != NULL && n - (size_t)(slash - ct) > 5 &&
           strncasecmp(ct + n - 5, "+json", 5) == 0;
}

size_t
jf_start(const char *s, size_t n)
{
    size_t p = 0;
    if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
        p = 3;
    while (p < n &&
           (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r'))
        p++;
    return p;
}

bool
jsonfmt_looks_like(const char *content_type, const char *body, size_t len)
{
    if (jsonfmt_is_json_type(content_type))
        return true;
    size_t p = jf_start(body, len);
    return p < len && (body[p] == '{' || body[p] == '[');
}

/* ---- Strings --------------------------------------------------------- */

/* Skip plain ASCII string bytes from s[p]: eight at a time while none of
 * them is a quote, a backslash, a control character or non-ASCII. In the
 * word where one is, the lowest flagged byte is exact (borrows only run
 * upwards from a true match), so on little-endian machines it is found
 * without a byte loop. */
size_t
jf_plain_run(const unsigned char *s, size_t n, size_t p)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    while (n - p >= 8) {
        uint64_t x;
        memcpy(&x, s + p, 8);
        uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
        uint64_t special = (((x - ones * 0x20) & ~x) | ((q - ones) & ~q) |
                            ((b - ones) & ~b) | x) &
                           high;
        if (special != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return p + (size_t)__builtin_ctzll(special) / 8;
#else
            break;
#endif
        }
        p += 8;
    }
    while (p < n && jf_str_class[s[p]] == 0)
        p++;
    return p;
}

/* ---- Structure ------------------------------------------------------- */

bool
jf_push(struct jf_stack *st, bool object)
{
    size_t w = st->depth / 64;
    if (w >= st->words) {
        size_t words = st->words ? st->words * 2 : 16;
        uint64_t *b = realloc(st->bits, words * sizeof *b);
        if (b == NULL)
            return false;
        st->bits = b;
        st->words = words;
    }
    uint64_t bit = (uint64_t)1 << (st->depth % 64);
    if (object)
        st->bits[w] |= bit;
    else
        st->bits[w] &= ~bit;
    st->depth++;
    return true;
}

bool
jf_top_is_object(const struct jf_stack *st)
{
    size_t d = st->depth - 1;
    return (st->bits[d / 64] >> (d % 64)) & 1;
}

const char *
jf_expected(enum jf_state state, const struct jf_stack *st)
{
    switch (state) {
    case ST_VALUE:
        return "expected a value";
    case ST_VALUE_OR_CLOSE:
        return "expected a value or ']'";
    case ST_KEY_OR_CLOSE:
        return "expected a string key or '}'";
    case ST_KEY:
        return "expected a string key";
    case ST_COLON:
        return "expected ':'";
    case ST_AFTER:
        break;
    }
    if (st->depth == 0)
        return "expected end of input";
    return jf_top_is_object(st) ? "expected ',' or '}'" : "expected ',' or ']'";
}

tstatus
jsonfmt_validate(const char *body, size_t len, struct jsonfmt_error *je,
                 struct err *e)
{
    return jf_validate_lines(body, len, NULL, NULL, je, e);
}
