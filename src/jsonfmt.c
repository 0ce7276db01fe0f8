/* jsonfmt.c — recognising JSON: content types and the validator.
 *
 * The validator is a state machine over the bytes. Nesting is a bit stack
 * (1 = object, 0 = array) on the heap, so depth costs one bit per level and
 * never recursion. Errors are found by offset; line and column are counted
 * only once, when an error is reported. */
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

/* ---- Errors ---------------------------------------------------------- */

static void
jf_locate(const char *s, size_t n, size_t off, struct jsonfmt_error *je)
{
    size_t line = 1, bol = 0;
    if (off > n)
        off = n;
    for (const char *p = s, *end = s + off;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
        line++;
        bol = (size_t)(p - s) + 1;
    }
    size_t col = 1 + text_count(s + bol, off - bol);
    je->offset = off;
    je->line = line;
    je->column = col;
}

/* The first failure, found while scanning: offset and a static message. */
struct jf_fail {
    size_t at;
    const char *what;
};

static size_t
jf_failed(struct jf_fail *f, size_t at, const char *what)
{
    f->at = at;
    f->what = what;
    return SIZE_MAX;
}

/* ---- Scalars --------------------------------------------------------- */

static bool
jf_hex4(const unsigned char *s, size_t n, size_t p)
{
    if (n - p < 4)
        return false;
    for (int i = 0; i < 4; i++) {
        unsigned char c = s[p + (size_t)i];
        if (!((c >= '0' && c <= '9') ||
              ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')))
            return false;
    }
    return true;
}

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

/* s[p] is the opening quote. Returns the offset after the closing one. */
static size_t
jf_scan_string(const unsigned char *s, size_t n, size_t p, struct jf_fail *f)
{
    p++;
    for (;;) {
        p = jf_plain_run(s, n, p);
        if (p >= n)
            return jf_failed(f, n, "unterminated string: expected '\"'");
        switch (jf_str_class[s[p]]) {
        case 1:
            return p + 1;
        case 2:
            if (p + 1 >= n)
                return jf_failed(f, n, "unterminated string: expected '\"'");
            switch (s[p + 1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                p += 2;
                break;
            case 'u':
                if (!jf_hex4(s, n, p + 2))
                    return jf_failed(f, p, "expected 4 hex digits after \\u");
                p += 6;
                break;
            default:
                return jf_failed(f, p,
                                 "invalid escape: expected one of "
                                 "\\\" \\\\ \\/ \\b \\f \\n \\r \\t "
                                 "\\uXXXX");
            }
            break;
        case 3:
            return jf_failed(f, p,
                             "control character in a string "
                             "(must be escaped)");
        default: {
            uint32_t cp;
            int k = text_decode((const char *)s + p, n - p, &cp);
            if (k <= 0)
                return jf_failed(f, p, "invalid UTF-8 in a string");
            p += (size_t)k;
        }
        }
    }
}

static bool
jf_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? starting at s[p]. */
static size_t
jf_scan_number(const unsigned char *s, size_t n, size_t p, struct jf_fail *f)
{
    if (s[p] == '-')
        p++;
    if (p >= n || !jf_digit(s[p]))
        return jf_failed(f, p, "expected a digit after '-'");
    if (s[p] == '0') {
        p++;
        if (p < n && jf_digit(s[p]))
            return jf_failed(f, p,
                             "leading zeros are not allowed in "
                             "numbers");
    } else {
        while (p < n && jf_digit(s[p]))
            p++;
    }
    if (p < n && s[p] == '.') {
        p++;
        if (p >= n || !jf_digit(s[p]))
            return jf_failed(f, p, "expected a digit after '.'");
        while (p < n && jf_digit(s[p]))
            p++;
    }
    if (p < n && (s[p] == 'e' || s[p] == 'E')) {
        p++;
        if (p < n && (s[p] == '+' || s[p] == '-'))
            p++;
        if (p >= n || !jf_digit(s[p]))
            return jf_failed(f, p, "expected a digit in the exponent");
        while (p < n && jf_digit(s[p]))
            p++;
    }
    return p;
}

static size_t
jf_scan_literal(const unsigned char *s, size_t n, size_t p, struct jf_fail *f)
{
    static const char *const words[] = {"true", "false", "null"};
    for (size_t i = 0; i < 3; i++) {
        size_t k = strlen(words[i]);
        if (s[p] != (unsigned char)words[i][0])
            continue;
        if (n - p >= k && memcmp(s + p, words[i], k) == 0)
            return p + k;
        return jf_failed(f, p,
                         s[p] == 't'   ? "invalid literal: expected true"
                         : s[p] == 'f' ? "invalid literal: expected "
                                         "false"
                                       : "invalid literal: expected "
                                         "null");
    }
    return jf_failed(f, p, "expected a value");
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

static size_t
jf_skip_ws(const unsigned char *s, size_t n, size_t p)
{
    while (p < n &&
           (s[p] == ' ' || s[p] == '\n' || s[p] == '\r' || s[p] == '\t'))
        p++;
    return p;
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

/* Run the state machine; returns false with f filled on invalid input, or
 * with f->what NULL when out of memory or when `line` refused. When `line`
 * is not NULL it is told where each pretty line starts, exactly where
 * jf_step() would: the first value, the token after an opening bracket
 * unless it closes it, the token after a comma, and the closing bracket of
 * a non-empty container. */
static bool
jf_run(const unsigned char *s, size_t n, struct jf_fail *f, jf_line_fn line,
       void *ctx)
{
    struct jf_stack st = {0};
    enum jf_state state = ST_VALUE;
    size_t p = jf_start((const char *)s, n);
    bool ok = false, pending = true; /* the next token starts a line */

    f->what = NULL;
    for (;;) {
        p = jf_skip_ws(s, n, p);
        if (p >= n) {
            if (state == ST_AFTER && st.depth == 0) {
                ok = true;
                break;
            }
            jf_failed(f, n, jf_expected(state, &st));
            break;
        }
        unsigned char c = s[p];
        switch (state) {
        case ST_AFTER:
            if (st.depth > 0 && c == ',') {
                state = jf_top_is_object(&st) ? ST_KEY : ST_VALUE;
                pending = true;
                p++;
                continue;
            }
            if (st.depth > 0 && c == (jf_top_is_object(&st) ? '}' : ']')) {
                st.depth--;
                if (line != NULL && !line(ctx, p, st.depth))
                    goto out;
                p++;
                continue;
            }
            jf_failed(f, p, jf_expected(state, &st));
            goto out;
        case ST_COLON:
            if (c != ':') {
                jf_failed(f, p, jf_expected(state, &st));
                goto out;
            }
            state = ST_VALUE;
            p++;
            continue;
        case ST_KEY_OR_CLOSE:
            if (c == '}') {
                st.depth--;
                state = ST_AFTER;
                pending = false;
                p++;
                continue;
            }
            /* fall through */
        case ST_KEY:
            if (c != '"') {
                jf_failed(f, p, jf_expected(state, &st));
                goto out;
            }
            if (line != NULL && !line(ctx, p, st.depth))
                goto out;
            pending = false;
            p = jf_scan_string(s, n, p, f);
            if (p == SIZE_MAX)
                goto out;
            state = ST_COLON;
            continue;
        case ST_VALUE_OR_CLOSE:
            if (c == ']') {
                st.depth--;
                state = ST_AFTER;
                pending = false;
                p++;
                continue;
            }
            /* fall through */
        case ST_VALUE:
            break;
        }
        /* A value. */
        if (pending) {
            if (line != NULL && !line(ctx, p, st.depth))
                goto out;
            pending = false;
        }
        if (c == '{' || c == '[') {
            if (!jf_push(&st, c == '{'))
                goto out; /* f->what stays NULL: out of memory */
            state = c == '{' ? ST_KEY_OR_CLOSE : ST_VALUE_OR_CLOSE;
            pending = true;
            p++;
            continue;
        }
        if (c == '"')
            p = jf_scan_string(s, n, p, f);
        else if (c == '-' || jf_digit(c))
            p = jf_scan_number(s, n, p, f);
        else
            p = jf_scan_literal(s, n, p, f);
        if (p == SIZE_MAX)
            goto out;
        state = ST_AFTER;
    }
out:
    free(st.bits);
    return ok;
}

tstatus
jsonfmt_validate(const char *body, size_t len, struct jsonfmt_error *je,
                 struct err *e)
{
    return jf_validate_lines(body, len, NULL, NULL, je, e);
}

tstatus
jf_validate_lines(const char *body, size_t len, jf_line_fn line, void *ctx,
                  struct jsonfmt_error *je, struct err *e)
{
    struct jf_fail f;
    if (jf_run((const unsigned char *)body, len, &f, line, ctx))
        return TS_OK;
    if (f.what == NULL)
        return err_set(e, TS_NOMEM, "body", "out of memory checking JSON");
    struct jsonfmt_error local;
    if (je == NULL)
        je = &local;
    jf_locate(body, len, f.at, je);
    if (f.at >= len && strncmp(f.what, "expected ", 9) == 0)
        snprintf(je->what, sizeof je->what, "unexpected end of input, %s",
                 f.what);
    else
        snprintf(je->what, sizeof je->what, "%s", f.what);
    return err_set(e, TS_INVALID, "body",
                   "invalid JSON at line %zu, column %zu: %s", je->line,
                   je->column, je->what);
}
