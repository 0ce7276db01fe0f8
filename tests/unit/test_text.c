/* test_text.c — UTF-8, columns and the renderer of untrusted text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../fuzz/text_harness.h"
#include "text.h"

/* ---- helpers ----------------------------------------------------------- */

static int
dec(const char *s, size_t n, uint32_t *cp)
{
    *cp = 0xdeadbeef;
    return text_decode(s, n, cp);
}

static size_t
width(const char *s)
{
    return text_width(s, strlen(s));
}

/* Render s (n bytes) in one go with flags; compare with want. */
static void
render_is(const char *s, size_t n, unsigned flags, const char *want)
{
    struct text_buf b = TEXT_BUF_INIT;
    assert_true(text_render(&b, s, n, flags));
    assert_non_null(b.data);
    if (strcmp(b.data, want) != 0)
        fail_msg("rendered \"%s\", want \"%s\"", b.data, want);
    assert_int_equal(b.len, strlen(want));
    text_buf_free(&b);
}

#define RENDER_IS(lit, flags, want) render_is(lit, sizeof(lit) - 1, flags, want)

/* Render s fed in the given chunk sizes (0-terminated list). */
static char *
render_chunks(const char *s, size_t n, unsigned flags, const size_t *sizes)
{
    struct text_render r;
    struct text_buf b = TEXT_BUF_INIT;
    text_render_init(&r, flags);
    size_t at = 0;
    for (; *sizes != 0 && at < n; sizes++) {
        size_t k = *sizes < n - at ? *sizes : n - at;
        assert_true(text_render_feed(&r, s + at, k, &b));
        at += k;
    }
    assert_true(text_render_feed(&r, s + at, n - at, &b));
    assert_true(text_render_finish(&r, &b));
    return text_buf_take(&b);
}

/* ---- decoding ---------------------------------------------------------- */

static void
test_decode_valid(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(dec("A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(dec("\x7f", 1, &cp), 1);
    assert_int_equal(cp, 0x7f);
    assert_int_equal(dec("\xc2\x80", 2, &cp), 2);
    assert_int_equal(cp, 0x80);
    assert_int_equal(dec("\xdf\xbf", 2, &cp), 2);
    assert_int_equal(cp, 0x7ff);
    assert_int_equal(dec("\xe0\xa0\x80", 3, &cp), 3);
    assert_int_equal(cp, 0x800);
    assert_int_equal(dec("\xed\x9f\xbf", 3, &cp), 3);
    assert_int_equal(cp, 0xd7ff);
    assert_int_equal(dec("\xee\x80\x80", 3, &cp), 3);
    assert_int_equal(cp, 0xe000);
    assert_int_equal(dec("\xef\xbf\xbf", 3, &cp), 3);
    assert_int_equal(cp, 0xffff);
    assert_int_equal(dec("\xf0\x90\x80\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x10000);
    assert_int_equal(dec("\xf4\x8f\xbf\xbf", 4, &cp), 4);
    assert_int_equal(cp, 0x10ffff);
    assert_int_equal(dec("\xf0\x9f\x8c\xa6", 4, &cp), 4);
    assert_int_equal(cp, 0x1f326);
    /* A NUL is a code point like any other; n = 0 is the end. */
    assert_int_equal(dec("\0", 1, &cp), 1);
    assert_int_equal(cp, 0);
    assert_int_equal(dec("", 0, &cp), 0);
    assert_int_equal(cp, 0xdeadbeef);
}

static void
test_decode_refused(void **state)
{
    (void)state;
    uint32_t cp;
    /* Overlong forms. */
    assert_int_equal(dec("\xc0\x80", 2, &cp), TEXT_INVALID);
    assert_int_equal(dec("\xc1\xbf", 2, &cp), TEXT_INVALID);
    assert_int_equal(dec("\xe0\x80\x80", 3, &cp), TEXT_INVALID);
    assert_int_equal(dec("\xe0\x9f\xbf", 3, &cp), TEXT_INVALID);
    assert_int_equal(dec("\xf0\x80\x80\x80", 4, &cp), TEXT_INVALID);
    assert_int_equal(dec("\xf0\x8f\xbf\xbf", 4, &cp), TEXT_INVALID);
    /* Surrogates. */
    assert_int_equal(dec("\xed\xa0\x80", 3, &cp), TEXT_INVALID);
    assert_int_equal(dec("\xed\xbf\xbf", 3, &cp), TEXT_INVALID);
    /* Past U+10FFFF. */
    assert_int_equal(dec("\xf4\x90\x80\x80", 4, &cp), TEXT_INVALID);
    assert_int_equal(dec("\xf5\x80\x80\x80", 4, &cp), TEXT_INVALID);
    assert_int_equal(dec("\xff", 1, &cp), TEXT_INVALID);
    assert_int_equal(dec("\xfe", 1, &cp), TEXT_INVALID);
    /* Stray continuation bytes, raw C1 bytes. */
    assert_int_equal(dec("\x80", 1, &cp), TEXT_INVALID);
    assert_int_equal(dec("\x9b", 1, &cp), TEXT_INVALID);
    assert_int_equal(dec("\xbf", 1, &cp), TEXT_INVALID);
    /* A lead byte followed by something else. */
    assert_int_equal(dec("\xc3(", 2, &cp), TEXT_INVALID);
    assert_int_equal(dec("\xe2\x82(", 3, &cp), TEXT_INVALID);
    assert_int_equal(dec("\xf0\x9f\x8c(", 4, &cp), TEXT_INVALID);
    assert_int_equal(dec("\xe2\xc3\xa9", 3, &cp), TEXT_INVALID);
    /* Cut by the end: a valid beginning. */
    assert_int_equal(dec("\xc3", 1, &cp), TEXT_INCOMPLETE);
    assert_int_equal(dec("\xe2\x82", 2, &cp), TEXT_INCOMPLETE);
    assert_int_equal(dec("\xf0\x9f\x8c", 3, &cp), TEXT_INCOMPLETE);
    assert_int_equal(dec("\xf0", 1, &cp), TEXT_INCOMPLETE);
    /* ... but a cut overlong or surrogate is refused at once. */
    assert_int_equal(dec("\xe0\x80", 2, &cp), TEXT_INVALID);
    assert_int_equal(dec("\xed\xa0", 2, &cp), TEXT_INVALID);
    assert_int_equal(dec("\xf4\x90", 2, &cp), TEXT_INVALID);
    assert_int_equal(cp, 0xdeadbeef);
}

static void
test_decode_lossy_and_str(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(text_decode_lossy("\xff"
                                       "a",
                                       2, &cp),
                     1);
    assert_int_equal(cp, TEXT_REPLACEMENT);
    assert_int_equal(text_decode_lossy("\xe2\x82", 2, &cp), 1);
    assert_int_equal(cp, TEXT_REPLACEMENT);
    assert_int_equal(text_decode_lossy("\xc3\xa9", 2, &cp), 2);
    assert_int_equal(cp, 0xe9);
    assert_int_equal(text_decode_lossy("", 0, &cp), 0);

    const char *s = "h\xc3\xa9\xe6\x97\xa5\xff";
    uint32_t want[] = {'h', 0xe9, 0x65e5, TEXT_REPLACEMENT};
    size_t lens[] = {1, 2, 3, 1};
    for (size_t i = 0; i < 4; i++) {
        size_t k = text_decode_str(s, &cp);
        assert_int_equal(k, lens[i]);
        assert_int_equal(cp, want[i]);
        s += k;
    }
    assert_int_equal(text_decode_str(s, &cp), 0);
    assert_int_equal(cp, 0);
    /* A sequence cut by the NUL: one replacement byte, then the end. */
    assert_int_equal(text_decode_str("\xe2\x82", &cp), 1);
    assert_int_equal(cp, TEXT_REPLACEMENT);
}

/* Every code point encodes to what decodes back to it, in the shortest
 * form; surrogates and values past U+10FFFF do not encode. */
static void
test_encode_round_trip(void **state)
{
    (void)state;
    char buf[4];
    for (uint32_t c = 0; c <= 0x10ffff; c++) {
        size_t k = text_encode(c, buf);
        if (c >= 0xd800 && c <= 0xdfff) {
            assert_int_equal(k, 0);
            continue;
        }
        size_t want = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        assert_int_equal(k, want);
        uint32_t back;
        assert_int_equal(text_decode(buf, k, &back), (int)k);
        assert_int_equal(back, c);
        /* Every proper prefix is a valid beginning. */
        for (size_t p = 1; p < k; p++)
            assert_int_equal(text_decode(buf, p, &back), TEXT_INCOMPLETE);
    }
    assert_int_equal(text_encode(0x110000, buf), 0);
    assert_int_equal(text_encode(0xffffffff, buf), 0);
}

static void
test_valid_and_count(void **state)
{
    (void)state;
    const char ok[] = "plain ASCII that is longer than eight bytes \xc3\xa9"
                      "\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x91\x8d end";
    assert_true(text_valid(ok, sizeof ok - 1));
    assert_int_equal(text_valid_len(ok, sizeof ok - 1), sizeof ok - 1);
    assert_true(text_valid("", 0));
    const char bad[] = "0123456789abcdef\xed\xa0\x80tail";
    assert_false(text_valid(bad, sizeof bad - 1));
    assert_int_equal(text_valid_len(bad, sizeof bad - 1), 16);
    /* Cut at the end counts as invalid. */
    assert_int_equal(text_valid_len("ab\xe2\x82", 4), 2);

    assert_int_equal(text_count("", 0), 0);
    assert_int_equal(text_count("abc", 3), 3);
    assert_int_equal(text_count(ok, sizeof ok - 1), 53);
    assert_int_equal(text_count("a\xff\xfe"
                                "b",
                                4),
                     4);
    assert_int_equal(text_count("\xe6\x97\xa5\xe6\x9c", 5), 3);
}

/* ---- classes ------------------------------------------------------------ */

static void
test_cp_width(void **state)
{
    (void)state;
    assert_int_equal(text_cp_width('a'), 1);
    assert_int_equal(text_cp_width(0xe9), 1);    /* é */
    assert_int_equal(text_cp_width(0x301), 0);   /* combining acute */
    assert_int_equal(text_cp_width(0x20dd), 0);  /* enclosing circle */
    assert_int_equal(text_cp_width(0x65e5), 2);  /* 日 */
    assert_int_equal(text_cp_width(0x3000), 2);  /* ideographic space */
    assert_int_equal(text_cp_width(0xff21), 2);  /* fullwidth A */
    assert_int_equal(text_cp_width(0xff61), 1);  /* halfwidth 。 */
    assert_int_equal(text_cp_width(0xac00), 2);  /* 가 */
    assert_int_equal(text_cp_width(0x1161), 0);  /* medial jamo */
    assert_int_equal(text_cp_width(0x1f44d), 2); /* 👍 */
    assert_int_equal(text_cp_width(0x1f326), 1); /* 🌦 without VS16 */
    assert_int_equal(text_cp_width(0x2601), 1);  /* ☁ */
    assert_int_equal(text_cp_width(0x231a), 2);  /* ⌚ presentation */
    assert_int_equal(text_cp_width(0xfe0f), 0);
    assert_int_equal(text_cp_width(0x200b), 0);
    assert_int_equal(text_cp_width(0x200d), 0);
    assert_int_equal(text_cp_width(0xad), 0);    /* soft hyphen */
    assert_int_equal(text_cp_width(0x600), 1);   /* Arabic number sign */
    assert_int_equal(text_cp_width(0x2e80), 2);  /* CJK radical */
    assert_int_equal(text_cp_width(0x3fffd), 2); /* plane 3 default W */
    assert_int_equal(text_cp_width(0x20000), 2); /* plane 2 */
    assert_int_equal(text_cp_width(0x00a1), 1);  /* ambiguous: 1 */
    assert_int_equal(text_cp_width(0x1b), 0);    /* controls: none */
    assert_int_equal(text_cp_width(0x7f), 0);
    assert_int_equal(text_cp_width(0x9b), 0);
    assert_int_equal(text_cp_width(0xd800), 0);
    assert_int_equal(text_cp_width(0x110000), 0);
}

static void
test_predicates(void **state)
{
    (void)state;
    uint32_t dangerous[] = {0,      0x1b,   0x7f,   0x80,   0x9b,
                            0x9f,   0x61c,  0x200e, 0x200f, 0x202a,
                            0x202e, 0x2066, 0x2069, 0x2028, 0x2029};
    for (size_t i = 0; i < sizeof dangerous / sizeof *dangerous; i++) {
        assert_true(text_is_dangerous_cp(dangerous[i]));
        assert_true(text_needs_escape_cp(dangerous[i]));
    }
    assert_true(text_is_control(0x85));
    assert_false(text_is_control(0xa0));
    assert_true(text_is_bidi_control(0x202d));
    assert_false(text_is_bidi_control(0x202f));
    uint32_t invisible[] = {0xad,    0x34f,   0x115f, 0x180e, 0x200b,
                            0x2060,  0x2064,  0x3164, 0xfeff, 0xffa0,
                            0xe0001, 0xe0041, 0xe0fff};
    for (size_t i = 0; i < sizeof invisible / sizeof *invisible; i++) {
        if (!text_is_invisible_cp(invisible[i]))
            fail_msg("U+%04X should be invisible", (unsigned)invisible[i]);
        assert_false(text_is_dangerous_cp(invisible[i]));
        assert_true(text_needs_escape_cp(invisible[i]));
    }
    uint32_t fine[] = {'a',     ' ',     0xa0,   0xe9,    0x301,  0x600,
                       0x200c,  0x200d,  0xfe0f, 0xfe0e,  0x180b, 0x65e5,
                       0x1f44d, 0xe0100, 0xfffd, 0x10ffff};
    for (size_t i = 0; i < sizeof fine / sizeof *fine; i++) {
        if (text_needs_escape_cp(fine[i]))
            fail_msg("U+%04X should not need escaping", (unsigned)fine[i]);
    }
}

static void
test_describe(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(text_cp_describe(0x202e, buf, sizeof buf), 29);
    assert_string_equal(buf, "U+202E RIGHT-TO-LEFT OVERRIDE");
    text_cp_describe(0x1b, buf, sizeof buf);
    assert_string_equal(buf, "U+001B ESCAPE");
    text_cp_describe(0x9b, buf, sizeof buf);
    assert_string_equal(buf, "U+009B CONTROL SEQUENCE INTRODUCER");
    text_cp_describe(0x200b, buf, sizeof buf);
    assert_string_equal(buf, "U+200B ZERO WIDTH SPACE");
    text_cp_describe(0x200d, buf, sizeof buf);
    assert_string_equal(buf, "U+200D ZERO WIDTH JOINER");
    text_cp_describe(0x41, buf, sizeof buf);
    assert_string_equal(buf, "U+0041");
    text_cp_describe(0x1f326, buf, sizeof buf);
    assert_string_equal(buf, "U+1F326");
    char small[8];
    assert_int_equal(text_cp_describe(0x202e, small, sizeof small), 29);
    assert_string_equal(small, "U+202E ");
}

static void
hidden_at(const char *s, size_t pos, uint32_t cp, bool invalid)
{
    struct text_hit h;
    if (!text_find_hidden(s, strlen(s), &h))
        fail_msg("nothing found in \"%s\"", s);
    assert_int_equal(h.pos, pos);
    assert_int_equal(h.cp, cp);
    assert_int_equal(h.invalid, invalid);
}

static void
no_hidden(const char *s)
{
    struct text_hit h;
    if (text_find_hidden(s, strlen(s), &h))
        fail_msg("\"%s\": U+%04X found at %zu", s, (unsigned)h.cp, h.pos);
}

static void
test_find_hidden(void **state)
{
    (void)state;
    no_hidden("");
    no_hidden("Weather API");
    no_hidden("caf\xc3\xa9 e\xcc\x81");                /* é, e + U+0301 */
    no_hidden("\xe6\x97\xa5\xe6\x9c\xac");             /* 日本 */
    no_hidden("Weather \xf0\x9f\x8c\xa6\xef\xb8\x8f"); /* 🌦️ */
    no_hidden("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9"); /* 👨‍👩 */
    no_hidden("\xe2\x9d\xa4\xef\xb8\x8f\xe2\x80\x8d\xf0\x9f\x94\xa5");
    no_hidden("\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xae\xd9\x88\xd8\xa7\xd9\x87");
    /* England's flag: U+1F3F4 and tags. */
    no_hidden("\xf0\x9f\x8f\xb4\xf3\xa0\x81\xa7\xf3\xa0\x81\xa2\xf3\xa0\x81"
              "\xa5\xf3\xa0\x81\xae\xf3\xa0\x81\xa7\xf3\xa0\x81\xbf");

    hidden_at("ad\xe2\x80\x8dmin", 3, 0x200d, false);
    hidden_at("ad\xe2\x80\x8cmin", 3, 0x200c, false);
    hidden_at("\xe2\x80\x8d\xf0\x9f\x91\xa9", 1, 0x200d, false);
    hidden_at("\xf0\x9f\x91\xa8\xe2\x80\x8d", 2, 0x200d, false);
    hidden_at("a\xe2\x80\xae"
              "b",
              2, 0x202e, false);
    hidden_at("\xe6\x97\xa5\xe6\x9c\xac\xe2\x80\x8b", 3, 0x200b, false);
    hidden_at("\xef\xbb\xbfname", 1, 0xfeff, false);
    hidden_at("x\xe3\x85\xa4y", 2, 0x3164, false);
    hidden_at("ab\xff", 3, 0xff, true);
    hidden_at("\xc3\xa9\xe2\x82", 2, 0xe2, true);
    hidden_at("a\tb", 2, '\t', false);
    hidden_at("a\xc2\x9b", 2, 0x9b, false);
    hidden_at("a\xe2\x80\xa8", 2, 0x2028, false);
    hidden_at("a\xf3\xa0\x81\xa1", 2, 0xe0061, false); /* a lone tag */

    struct text_hit h;
    assert_true(text_find_hidden("caf\xc3\xa9\xe2\x80\x8b", 8, &h));
    assert_false(h.invalid);
    assert_int_equal(h.off, 5);
    assert_int_equal(h.pos, 5);
}

#define BINARY(lit) text_looks_binary(lit, sizeof(lit) - 1, 0)

static void
test_looks_binary(void **state)
{
    (void)state;
    assert_false(text_looks_binary("", 0, 0));
    assert_false(BINARY("hello\n"));
    assert_false(BINARY("{\"a\": \"h\xc3\xa9\"}\r\n"));
    assert_false(BINARY("\x1b[31mred\x1b[0m\n\tok\f\v"));
    assert_true(BINARY("a\0b"));
    assert_true(BINARY("abc\xff"));
    assert_true(BINARY("\x89PNG\r\n\x1a\n"));
    assert_true(BINARY("\x01\x02\x03 text"));
    /* One control in ten code points is still text; two are not. */
    assert_false(BINARY("abcdefghi\x01"));
    assert_true(BINARY("abcdefgh\x01\x02"));
    assert_true(BINARY("abcdefgh\xc2\x85\x7f"));
    assert_false(BINARY("a longer text body of plain ASCII, \xc3\xa9"));
    /* Only the first `sniff` bytes count... */
    assert_false(text_looks_binary("abcd\xff", 5, 4));
    assert_true(text_looks_binary("abcd\xff", 5, 5));
    /* ... and a sequence cut by the sniff limit is read to its end. */
    assert_false(text_looks_binary("aaa\xc3\xa9", 5, 4));
    assert_true(text_looks_binary("aaa\xc3", 4, 0));
    assert_true(text_looks_binary("aaa\xc3(", 5, 4));
}

/* ---- columns --------------------------------------------------------------
 */

static void
test_width(void **state)
{
    (void)state;
    assert_int_equal(width(""), 0);
    assert_int_equal(width("tether"), 6);
    assert_int_equal(width("caf\xc3\xa9"), 4);
    assert_int_equal(width("e\xcc\x81"), 1);                    /* e + U+0301 */
    assert_int_equal(width("\xe6\x97\xa5\xe6\x9c\xac"), 4);     /* 日本 */
    assert_int_equal(width("\xf0\x9f\x8c\xa6\xef\xb8\x8f"), 2); /* 🌦️ */
    assert_int_equal(width("\xf0\x9f\x8c\xa6"), 1);             /* 🌦 */
    assert_int_equal(width("\xe2\x98\x81\xef\xb8\x8f"), 2);     /* ☁️ */
    assert_int_equal(width("\xe2\x8c\x9a\xef\xb8\x8e"), 2);     /* ⌚︎ */
    assert_int_equal(width("\xf0\x9f\x91\x8d"), 2);             /* 👍 */
    assert_int_equal(width("\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd"),
                     2); /* 👍🏽 */
    /* 👨‍👩‍👧: a ZWJ sequence is one 2-column glyph. */
    assert_int_equal(width("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2"
                           "\x80\x8d\xf0\x9f\x91\xa7"),
                     2);
    /* 🇩🇪 and 🇩🇪🇫🇷: regional indicators pair up. */
    assert_int_equal(width("\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa"), 2);
    assert_int_equal(width("\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa\xf0\x9f\x87\xab"
                           "\xf0\x9f\x87\xb7"),
                     4);
    assert_int_equal(width("1\xef\xb8\x8f\xe2\x83\xa3"),
                     2); /* keycap 1️⃣ */
    assert_int_equal(width("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab"), 2); /* 한 */
    assert_int_equal(width("a\xe2\x80\x8b"
                           "b"),
                     2);                     /* ZWSP */
    assert_int_equal(width("a\x1b[0mb"), 5); /* ESC: 0 */
    assert_int_equal(width("a\xff"
                           "b"),
                     3); /* invalid: 1 */
    assert_int_equal(text_width_str(NULL), 0);
    assert_int_equal(text_width_str("\xe6\x97\xa5x"), 3);
}

static void
test_cluster(void **state)
{
    (void)state;
    int c;
    assert_int_equal(text_cluster("", 0, &c), 0);
    assert_int_equal(c, 0);
    assert_int_equal(text_cluster("ab", 2, &c), 1);
    assert_int_equal(c, 1);
    assert_int_equal(text_cluster("e\xcc\x81x", 4, &c), 3);
    assert_int_equal(c, 1);
    assert_int_equal(text_cluster("e\xcc\x81\xcc\xa7x", 6, &c), 5);
    const char rain[] = "\xf0\x9f\x8c\xa6\xef\xb8\x8fz";
    assert_int_equal(text_cluster(rain, sizeof rain - 1, &c), 7);
    assert_int_equal(c, 2);
    assert_int_equal(text_cluster("\x1b[", 2, &c), 1);
    assert_int_equal(c, 0);
    assert_int_equal(text_cluster("\xff\xcc\x81", 3, &c), 1);
    assert_int_equal(c, 1);
    /* A ZWJ after a letter joins nothing after it. */
    assert_int_equal(text_cluster("a\xe2\x80\x8d\xf0\x9f\x91\xa9", 8, &c), 4);
    assert_int_equal(c, 1);
}

static void
test_truncate_and_skip(void **state)
{
    (void)state;
    const char *jp = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"; /* 日本語 */
    size_t used;
    assert_int_equal(text_truncate(jp, 9, 5, &used), 6);
    assert_int_equal(used, 4);
    assert_int_equal(text_truncate(jp, 9, 6, &used), 9);
    assert_int_equal(used, 6);
    assert_int_equal(text_truncate(jp, 9, 1, &used), 0);
    assert_int_equal(used, 0);
    assert_int_equal(text_truncate("abc", 3, 0, &used), 0);
    /* Never split a base from its marks or VS16. */
    assert_int_equal(text_truncate("e\xcc\x81"
                                   "e\xcc\x81",
                                   6, 1, &used),
                     3);
    assert_int_equal(used, 1);
    const char rain[] = "\xf0\x9f\x8c\xa6\xef\xb8\x8fx";
    assert_int_equal(text_truncate(rain, 8, 1, &used), 0);
    assert_int_equal(text_truncate(rain, 8, 2, &used), 7);
    assert_int_equal(used, 2);
    assert_int_equal(text_truncate(rain, 8, 3, NULL), 8);

    size_t sk;
    assert_int_equal(text_skip(jp, 9, 1, &sk), 3);
    assert_int_equal(sk, 2);
    assert_int_equal(text_skip(jp, 9, 2, &sk), 3);
    assert_int_equal(sk, 2);
    assert_int_equal(text_skip(jp, 9, 0, &sk), 0);
    assert_int_equal(sk, 0);
    assert_int_equal(text_skip("ab", 2, 5, &sk), 2);
    assert_int_equal(sk, 2);
    assert_int_equal(text_skip("e\xcc\x81x", 4, 1, &sk), 3);
}

static void
pad_is(const char *s, size_t cols, const char *want)
{
    struct text_buf b = TEXT_BUF_INIT;
    assert_true(text_pad(&b, s, strlen(s), cols));
    assert_string_equal(b.data, want);
    assert_int_equal(width(b.data), cols);
    text_buf_free(&b);
}

static void
fit_is(const char *s, size_t cols, unsigned flags, const char *want)
{
    struct text_buf b = TEXT_BUF_INIT;
    size_t used = 99;
    assert_true(text_fit(&b, s, strlen(s), cols, flags, &used));
    assert_string_equal(b.data ? b.data : "", want);
    assert_int_equal(used, width(want));
    assert_true(used <= cols);
    if (flags & TEXT_FIT_PAD)
        assert_int_equal(used, cols);
    text_buf_free(&b);
}

static void
test_pad_and_fit(void **state)
{
    (void)state;
    pad_is("abc", 5, "abc  ");
    pad_is("abcdef", 3, "abc");
    pad_is("\xe6\x97\xa5\xe6\x9c\xac", 5, "\xe6\x97\xa5\xe6\x9c\xac ");
    pad_is("\xe6\x97\xa5\xe6\x9c\xac", 3, "\xe6\x97\xa5 ");
    pad_is("e\xcc\x81", 2, "e\xcc\x81 ");
    pad_is("", 2, "  ");
    pad_is("x", 0, "");

    fit_is("hello world", 8, 0, "hello w\xe2\x80\xa6");
    fit_is("hello world", 8, TEXT_FIT_ASCII, "hello w~");
    fit_is("hello", 8, 0, "hello");
    fit_is("hello", 8, TEXT_FIT_PAD, "hello   ");
    fit_is("hello", 5, 0, "hello");
    fit_is("hello!", 5, TEXT_FIT_PAD, "hell\xe2\x80\xa6");
    fit_is("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4, 0,
           "\xe6\x97\xa5\xe2\x80\xa6");
    fit_is("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 5, TEXT_FIT_PAD,
           "\xe6\x97\xa5\xe6\x9c\xac\xe2\x80\xa6");
    fit_is("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4, TEXT_FIT_PAD,
           "\xe6\x97\xa5\xe2\x80\xa6 ");
    fit_is("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 2, TEXT_FIT_ASCII, "~");
    fit_is("ab", 1, 0, "\xe2\x80\xa6");
    fit_is("ab", 0, TEXT_FIT_PAD, "");
    fit_is("x\xf0\x9f\x8c\xa6\xef\xb8\x8fyz", 3, 0, "x\xe2\x80\xa6");
    fit_is("x\xf0\x9f\x8c\xa6\xef\xb8\x8fyz", 4, 0,
           "x\xf0\x9f\x8c\xa6\xef\xb8\x8f\xe2\x80\xa6");

    size_t keep, kc;
    assert_false(text_fit_cut("abc", 3, 3, &keep, &kc));
    assert_int_equal(keep, 3);
    assert_int_equal(kc, 3);
    assert_true(text_fit_cut("abcd", 4, 3, &keep, &kc));
    assert_int_equal(keep, 2);
    assert_int_equal(kc, 2);
    assert_string_equal(text_ellipsis(0), "\xe2\x80\xa6");
    assert_string_equal(text_ellipsis(TEXT_FIT_ASCII), "~");
}

static void
test_buf(void **state)
{
    (void)state;
    struct text_buf b;
    text_buf_init(&b);
    char *s = text_buf_take(&b);
    assert_string_equal(s, "");
    free(s);
    for (int i = 0; i < 1000; i++)
        assert_true(text_buf_add(&b, "abc", 3));
    assert_int_equal(b.len, 3000);
    assert_int_equal(strlen(b.data), 3000);
    s = text_buf_take(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(strlen(s), 3000);
    free(s);
    assert_false(text_buf_reserve(&b, SIZE_MAX));
    text_buf_free(&b);
}

/* ---- the renderer ----------------------------------------------------------
 */

static void
test_render_controls(void **state)
{
    (void)state;
    RENDER_IS("plain text", 0, "plain text");
    RENDER_IS("\x1b", 0, "\\x1b");
    RENDER_IS("\x1b[2J\x1b[31mred", 0, "\\x1b[2J\\x1b[31mred");
    RENDER_IS("\x1b]52;c;aGVsbG8=\x07", 0, "\\x1b]52;c;aGVsbG8=\\x07");
    RENDER_IS("\x1b]52;c;aGVsbG8=\x1b\\", 0, "\\x1b]52;c;aGVsbG8=\\x1b\\");
    RENDER_IS("a\xc2\x9b"
              "2J",
              0, "a<U+009B>2J"); /* C1 CSI as UTF-8 */
    RENDER_IS("a\x9b"
              "2J",
              0, "a\\x9b2J"); /* raw C1 byte */
    RENDER_IS("\xc2\x85\xc2\x80\xc2\x9f", 0, "<U+0085><U+0080><U+009F>");
    RENDER_IS("del\x7f", 0, "del\\x7f");
    RENDER_IS("\x08\x07\x00z", 0, "\\x08\\x07\\x00z");
    RENDER_IS("a\nb\tc\rd", 0, "a\\nb\\tc\\rd");
    RENDER_IS("a\nb\tc", TEXT_R_NEWLINES, "a\nb\\tc");
    RENDER_IS("a\nb\tc", TEXT_R_TABS, "a\\nb\tc");
    RENDER_IS("a\r\nb\rc\n", TEXT_R_MULTILINE, "a\r\nb\\rc\n");
    RENDER_IS("a\r\nb", TEXT_R_NEWLINES, "a\\r\nb");
    RENDER_IS("a\r\nb", 0, "a\\r\\nb");
    RENDER_IS("end\r", TEXT_R_MULTILINE, "end\\r");
}

static void
test_render_unicode(void **state)
{
    (void)state;
    RENDER_IS("abc\xe2\x80\xae"
              "cba",
              0, "abc<U+202E>cba");
    RENDER_IS("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", 0,
              "<U+202A><U+202B><U+202C><U+202D>");
    RENDER_IS("\xe2\x81\xa6\xe2\x81\xa9\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", 0,
              "<U+2066><U+2069><U+200E><U+200F><U+061C>");
    RENDER_IS("a\xe2\x80\x8b"
              "b\xef\xbb\xbf",
              0, "a<U+200B>b<U+FEFF>");
    RENDER_IS("x\xe2\x80\xa8y", 0, "x<U+2028>y");
    RENDER_IS("soft\xc2\xadhyphen", 0, "soft<U+00AD>hyphen");
    /* Kept: letters, marks, CJK, emoji with VS16 and ZWJ sequences. */
    RENDER_IS("caf\xc3\xa9 e\xcc\x81 \xe6\x97\xa5\xe6\x9c\xac", 0,
              "caf\xc3\xa9 e\xcc\x81 \xe6\x97\xa5\xe6\x9c\xac");
    RENDER_IS("\xf0\x9f\x8c\xa6\xef\xb8\x8f \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0"
              "\x9f\x91\xa9",
              0,
              "\xf0\x9f\x8c\xa6\xef\xb8\x8f \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0"
              "\x9f\x91\xa9");
    /* Tags: kept in England's flag, escaped on their own. */
    RENDER_IS("\xf0\x9f\x8f\xb4\xf3\xa0\x81\xa7\xf3\xa0\x81\xbf", 0,
              "\xf0\x9f\x8f\xb4\xf3\xa0\x81\xa7\xf3\xa0\x81\xbf");
    RENDER_IS("a\xf3\xa0\x81\xa7", 0, "a<U+E0067>");
    /* Invalid bytes, one escape each; what follows is read afresh. */
    RENDER_IS("\xe2\x82(", 0, "\\xe2\\x82(");
    RENDER_IS("\xc0\xaf", 0, "\\xc0\\xaf");
    RENDER_IS("\xed\xa0\x80", 0, "\\xed\\xa0\\x80");
    RENDER_IS("\xff\xc3\xa9", 0, "\\xff\xc3\xa9");
    RENDER_IS("cut \xf0\x9f\x8c", 0, "cut \\xf0\\x9f\\x8c");
    /* ASCII-only output. */
    RENDER_IS("caf\xc3\xa9 \xe6\x97\xa5", TEXT_R_ASCII, "caf<U+00E9> <U+65E5>");
    RENDER_IS("\xf0\x9f\x91\x8d\xff", TEXT_R_ASCII, "<U+1F44D>\\xff");
    /* Backslashes doubled only when asked. */
    RENDER_IS("a\\x1b", 0, "a\\x1b");
    RENDER_IS("a\\x1b\x1b", TEXT_R_BACKSLASH, "a\\\\x1b\\x1b");
}

static void
test_render_split(void **state)
{
    (void)state;
    const size_t ones[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
    char *s = render_chunks("\xc3\xa9", 2, 0, ones);
    assert_string_equal(s, "\xc3\xa9");
    free(s);
    s = render_chunks("a\xf0\x9f\x8c\xa6"
                      "b",
                      6, 0, ones);
    assert_string_equal(s, "a\xf0\x9f\x8c\xa6"
                           "b");
    free(s);
    const size_t two[] = {2, 0};
    s = render_chunks("a\xe2\x80\xae"
                      "b",
                      5, 0, two);
    assert_string_equal(s, "a<U+202E>b");
    free(s);
    s = render_chunks("a\xc2\x9b", 3, 0, two);
    assert_string_equal(s, "a<U+009B>");
    free(s);
    s = render_chunks("a\r\nb", 4, TEXT_R_MULTILINE, two);
    assert_string_equal(s, "a\r\nb");
    free(s);
    s = render_chunks("a\rb", 3, TEXT_R_MULTILINE, two);
    assert_string_equal(s, "a\\rb");
    free(s);
    s = render_chunks("a\xe2"
                      "b",
                      3, 0, two);
    assert_string_equal(s, "a\\xe2b");
    free(s);
    /* Tag context carries over a chunk boundary. */
    const size_t four[] = {4, 0};
    s = render_chunks("\xf0\x9f\x8f\xb4\xf3\xa0\x81\xa7", 8, 0, four);
    assert_string_equal(s, "\xf0\x9f\x8f\xb4\xf3\xa0\x81\xa7");
    free(s);

    /* What waits at the end is shown by finish(), and the renderer starts
     * afresh after it. */
    struct text_render r;
    struct text_buf b = TEXT_BUF_INIT;
    text_render_init(&r, TEXT_R_MULTILINE);
    assert_true(text_render_feed(&r, "x\xe2\x82", 3, &b));
    assert_string_equal(b.data, "x");
    assert_true(text_render_finish(&r, &b));
    assert_string_equal(b.data, "x\\xe2\\x82");
    assert_true(text_render_feed(&r, "\xac", 1, &b));
    assert_true(text_render_feed(&r, "\r", 1, &b));
    assert_true(text_render_finish(&r, &b));
    assert_string_equal(b.data, "x\\xe2\\x82\\xac\\r");
    text_buf_free(&b);

    /* Every split of a mixed input into two chunks renders as one go. */
    const char mix[] = "a\xc3\xa9\r\n\x1b[1m\xe2\x80\xae\xf0\x9f\x8c\xa6\xef"
                       "\xb8\x8f\xc2\x9b\x9b\xe2\x82\r\xf0\x9f\x8f\xb4\xf3"
                       "\xa0\x81\xa7z";
    size_t n = sizeof mix - 1;
    struct text_buf whole = TEXT_BUF_INIT;
    assert_true(text_render(&whole, mix, n, TEXT_R_MULTILINE));
    for (size_t cut = 0; cut <= n; cut++) {
        size_t sizes[] = {cut, 0};
        s = render_chunks(mix, n, TEXT_R_MULTILINE, cut ? sizes : ones + 10);
        if (strcmp(s, whole.data) != 0)
            fail_msg("cut at %zu: \"%s\" != \"%s\"", cut, s, whole.data);
        free(s);
    }
    text_buf_free(&whole);
}

static void
test_render_file_and_dup(void **state)
{
    (void)state;
    const char in[] = "ok \x1b]0;title\x07 \xe2\x80\xae\xff\n";
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    assert_non_null(f);
    assert_true(text_render_file(f, in, sizeof in - 1, TEXT_R_NEWLINES));
    struct text_render r;
    text_render_init(&r, 0);
    assert_true(text_render_feed_file(&r, "\xc3", 1, f));
    assert_true(text_render_feed_file(&r, "\xa9\xc3", 2, f));
    assert_true(text_render_finish_file(&r, f));
    fclose(f);
    assert_string_equal(mem,
                        "ok \\x1b]0;title\\x07 <U+202E>\\xff\n\xc3\xa9\\xc3");
    free(mem);

    char *d = text_render_dup("reason\r\n\x1b", 9, 0);
    assert_string_equal(d, "reason\\r\\n\\x1b");
    free(d);
    d = text_render_dup("", 0, 0);
    assert_string_equal(d, "");
    free(d);
}

/* ---- robustness over random inputs -------------------------------------- */

static uint64_t rng_state;

static uint32_t
rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

/* Pieces random inputs are made of: what a hostile body would use. */
static const char *const pieces[] = {
    "a",
    "Z ",
    "\\",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\x1b",
    "\x1b[2J",
    "\x1b]52;c;SGk=\x07",
    "\x7f",
    "\x00",
    "\x9b",
    "\xc2\x9b",
    "\xc2\x85",
    "\xe2\x80\xae",
    "\xe2\x81\xa6",
    "\xe2\x80\x8b",
    "\xe2\x80\x8d",
    "\xe2\x80\xa8",
    "\xef\xbb\xbf",
    "\xc3\xa9",
    "e\xcc\x81",
    "\xe6\x97\xa5",
    "\xf0\x9f\x8c\xa6\xef\xb8\x8f",
    "\xf0\x9f\x8f\xb4",
    "\xf3\xa0\x81\xa7",
    "\xf0\x9f\x91\xa8",
    "\xe2",
    "\xe2\x82",
    "\xf0\x9f",
    "\xed\xa0\x80",
    "\xc0\x80",
    "\xf4\x90\x80\x80",
    "\xff",
};

/* The renderer's promise, checked on its output. */
static void
check_rendered(const char *out, size_t n, unsigned flags, const char *in,
               size_t in_len)
{
    if (!text_valid(out, n))
        fail_msg("output is not valid UTF-8 (input of %zu bytes)", in_len);
    uint32_t prev = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int d = text_decode(out + i, n - i, &cp);
        assert_true(d > 0);
        bool ok = true;
        if (cp < 0x20) {
            ok = (cp == '\n' && (flags & TEXT_R_NEWLINES)) ||
                 (cp == '\t' && (flags & TEXT_R_TABS)) ||
                 (cp == '\r' && (flags & TEXT_R_CRLF) &&
                  (flags & TEXT_R_NEWLINES) && i + 1 < n && out[i + 1] == '\n');
        } else if (cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
                   text_is_dangerous_cp(cp)) {
            ok = false;
        } else if (text_is_invisible_cp(cp)) {
            ok = cp >= 0xe0020 && cp <= 0xe007f &&
                 (prev == 0x1f3f4 || (prev >= 0xe0020 && prev <= 0xe007f));
        } else if ((flags & TEXT_R_ASCII) && cp >= 0x80) {
            ok = false;
        }
        if (!ok) {
            char hex[3 * 64 + 1] = "";
            for (size_t k = 0; k < in_len && k < 64; k++)
                sprintf(hex + 3 * k, "%02x ", (unsigned char)in[k]);
            fail_msg("U+%04X at %zu of the output, flags %u, input %s",
                     (unsigned)cp, i, flags, hex);
        }
        prev = cp;
        i += (size_t)d;
    }
}

static void
test_render_random(void **state)
{
    (void)state;
    rng_state = 0x9e3779b97f4a7c15u;
    const size_t npieces = sizeof pieces / sizeof *pieces;
    char in[1024];
    for (int round = 0; round < 4000; round++) {
        size_t n = 0;
        size_t want = rng() % 40;
        for (size_t k = 0; k < want; k++) {
            const char *p;
            size_t len;
            if (rng() % 4 == 0) {
                in[n++] = (char)(rng() & 0xff); /* any byte at all */
                continue;
            }
            size_t which = rng() % npieces;
            p = pieces[which];
            len = p[0] ? strlen(p) : 1; /* "\x00" is one byte */
            memcpy(in + n, p, len);
            n += len;
        }
        unsigned flags = rng() % 32;

        struct text_buf whole = TEXT_BUF_INIT;
        assert_true(text_render(&whole, in, n, flags));
        check_rendered(whole.data, whole.len, flags, in, n);

        /* Fed in random chunks, the output is the same. */
        size_t sizes[64], ns = 0;
        for (size_t left = n; left > 0 && ns < 63;) {
            size_t k = 1 + rng() % 5;
            sizes[ns++] = k;
            left = k < left ? left - k : 0;
        }
        sizes[ns] = 0;
        char *chunked = render_chunks(in, n, flags, sizes);
        if (strcmp(chunked, whole.data) != 0) {
            char hex[3 * 64 + 1] = "";
            for (size_t k = 0; k < n && k < 64; k++)
                sprintf(hex + 3 * k, "%02x ", (unsigned char)in[k]);
            fail_msg("round %d, flags %u: chunked \"%s\" != \"%s\" for %s",
                     round, flags, chunked, whole.data, hex);
        }
        free(chunked);
        text_buf_free(&whole);

        /* The fuzz harness's checks on the same input. */
        uint8_t fz[2 + sizeof in];
        fz[0] = (uint8_t)flags;
        fz[1] = (uint8_t)rng();
        memcpy(fz + 2, in, n);
        const char *bad = text_fuzz_one(fz, n + 2);
        if (bad != NULL)
            fail_msg("round %d: %s", round, bad);

        /* Columns: a truncated prefix is as wide as it says. */
        for (size_t cols = 0; cols < 12; cols += 3) {
            size_t used;
            size_t k = text_truncate(in, n, cols, &used);
            assert_true(used <= cols);
            assert_true(k <= n);
            assert_int_equal(text_width(in, k), used);
            assert_int_equal(text_width(in, k) + text_width(in + k, n - k),
                             text_width(in, n));
        }
    }
}

/* The strict decoder against first principles on random bytes: what it
 * accepts re-encodes to the same bytes (so no overlong form, surrogate or
 * value past U+10FFFF); what it refuses has no valid encoding as a
 * prefix. */
static void
test_decode_random(void **state)
{
    (void)state;
    rng_state = 0x2545f4914f6cdd1du;
    for (int round = 0; round < 200000; round++) {
        unsigned char b[4];
        uint32_t r = rng();
        memcpy(b, &r, 4);
        if (round % 2)
            b[0] |= 0xc0; /* more lead bytes */
        if (round % 3)
            b[1] = (unsigned char)(0x80 | (b[1] & 0x3f));
        if (round % 5)
            b[2] = (unsigned char)(0x80 | (b[2] & 0x3f));
        size_t n = 1 + rng() % 4;
        uint32_t cp;
        int d = text_decode((const char *)b, n, &cp);
        char enc[4];
        if (d > 0) {
            assert_int_equal(text_encode(cp, enc), (size_t)d);
            assert_memory_equal(enc, b, (size_t)d);
            continue;
        }
        for (size_t k = 1; k <= n; k++) {
            /* Decode the first k bytes naively and re-encode. */
            uint32_t v = k == 1   ? b[0]
                         : k == 2 ? b[0] & 0x1fu
                         : k == 3 ? b[0] & 0x0fu
                                  : b[0] & 0x07u;
            for (size_t i = 1; i < k; i++)
                v = (v << 6) | (b[i] & 0x3fu);
            size_t e = text_encode(v, enc);
            if (e == k && memcmp(enc, b, k) == 0)
                fail_msg("refused bytes starting with a valid encoding");
        }
        if (d == TEXT_INCOMPLETE)
            assert_true(b[0] >= 0xc2 && b[0] <= 0xf4);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_valid),
        cmocka_unit_test(test_decode_refused),
        cmocka_unit_test(test_decode_lossy_and_str),
        cmocka_unit_test(test_encode_round_trip),
        cmocka_unit_test(test_valid_and_count),
        cmocka_unit_test(test_cp_width),
        cmocka_unit_test(test_predicates),
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_find_hidden),
        cmocka_unit_test(test_looks_binary),
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_cluster),
        cmocka_unit_test(test_truncate_and_skip),
        cmocka_unit_test(test_pad_and_fit),
        cmocka_unit_test(test_buf),
        cmocka_unit_test(test_render_controls),
        cmocka_unit_test(test_render_unicode),
        cmocka_unit_test(test_render_split),
        cmocka_unit_test(test_render_file_and_dup),
        cmocka_unit_test(test_render_random),
        cmocka_unit_test(test_decode_random),
    };
    return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
