/* test_jsonfmt.c — the JSON validator, writer and line index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jsonfmt.h"
#include <stdbool.h>

/* Format with jsonfmt_format; fails the test on error. */
static char *
fmt(const char *in)
{
    char *out = NULL;
    size_t n = 0;
    struct err e;
    tstatus st = jsonfmt_format(in, strlen(in), 0, &out, &n, NULL, &e);
    if (st != TS_OK)
        fail_msg("format of %s: %s", in, e.msg);
    assert_int_equal(strlen(out), n);
    return out;
}

static void
assert_fmt(const char *in, const char *want)
{
    char *got = fmt(in);
    assert_string_equal(got, want);
    free(got);
}

/* Validation must fail at line:column with a message containing `what`. */
static void
assert_invalid(const char *in, size_t len, size_t line, size_t col,
               const char *what)
{
    struct jsonfmt_error je;
    struct err e;
    tstatus st = jsonfmt_validate(in, len, &je, &e);
    if (st != TS_INVALID)
        fail_msg("accepted as JSON: %.*s", (int)len, in);
    if (je.line != line || je.column != col)
        fail_msg("%.*s: error at %zu:%zu (%s), wanted %zu:%zu", (int)len, in,
                 je.line, je.column, je.what, line, col);
    if (what != NULL && strstr(je.what, what) == NULL)
        fail_msg("%.*s: message '%s' lacks '%s'", (int)len, in, je.what, what);
    assert_string_equal(e.field, "body");
    assert_non_null(strstr(e.msg, "invalid JSON at line"));
}

static void
assert_valid(const char *in)
{
    struct err e;
    if (jsonfmt_validate(in, strlen(in), NULL, &e) != TS_OK)
        fail_msg("refused %s: %s", in, e.msg);
}

/* Every index line, joined with newlines, must equal the writer's output;
 * returns the number of lines. */
static size_t
assert_index_matches_writer(const char *in, size_t len)
{
    char *whole = NULL;
    size_t wlen = 0;
    struct err e;
    assert_int_equal(jsonfmt_format(in, len, 0, &whole, &wlen, NULL, &e),
                     TS_OK);
    struct jsonfmt_index *idx = NULL;
    assert_int_equal(jsonfmt_index_build(in, len, 0, &idx, &e), TS_OK);
    assert_true(jsonfmt_index_is_json(idx));
    assert_null(jsonfmt_index_error(idx));

    struct jsonfmt_line line = {0};
    size_t at = 0, n = jsonfmt_index_count(idx);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(jsonfmt_index_line(idx, i, &line, &e), TS_OK);
        assert_true(at + line.len < wlen);
        if (memcmp(whole + at, line.text, line.len) != 0 ||
            whole[at + line.len] != '\n')
            fail_msg("line %zu differs: index '%s'", i + 1, line.text);
        assert_int_equal(strlen(line.text), line.len);
        at += line.len + 1;
    }
    assert_int_equal(at, wlen);
    jsonfmt_line_free(&line);
    jsonfmt_index_free(idx);
    free(whole);
    return n;
}

/* ---- Tests ----------------------------------------------------------- */

static void
test_basic_layout(void **state)
{
    (void)state;
    assert_fmt("{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"x\"}}",
               "{\n"
               "  \"a\": 1,\n"
               "  \"b\": [\n"
               "    true,\n"
               "    false,\n"
               "    null\n"
               "  ],\n"
               "  \"c\": {\n"
               "    \"d\": \"x\"\n"
               "  }\n"
               "}\n");
    assert_fmt("42", "42\n");
    assert_fmt(" \"only\" ", "\"only\"\n");
    assert_fmt("null", "null\n");
}

static void
test_empty_containers(void **state)
{
    (void)state;
    assert_fmt("{}", "{}\n");
    assert_fmt("[]", "[]\n");
    assert_fmt("[ \n\t ]", "[]\n");
    assert_fmt("{ \r\n }", "{}\n");
    assert_fmt("{\"a\":{},\"b\":[],\"c\":[{}, []]}", "{\n"
                                                     "  \"a\": {},\n"
                                                     "  \"b\": [],\n"
                                                     "  \"c\": [\n"
                                                     "    {},\n"
                                                     "    []\n"
                                                     "  ]\n"
                                                     "}\n");
    assert_fmt("[[[]]]", "[\n  [\n    []\n  ]\n]\n");
}

static void
test_whitespace_variations(void **state)
{
    (void)state;
    const char *want =
        "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": \"c\"\n}\n";
    assert_fmt("{\"a\":[1,2],\"b\":\"c\"}", want);
    assert_fmt("  {  \"a\" :\t[ 1 ,\r\n2 ] ,\n\n \"b\"\t:\"c\"  }\n\n", want);
    assert_fmt("\xef\xbb\xbf{\"a\":[1,2],\"b\":\"c\"}", want); /* BOM */
    /* Already pretty input comes out unchanged. */
    assert_fmt(want, want);
    /* Only JSON white space counts: a form feed or NBSP is refused. */
    assert_invalid("[1,\f2]", 6, 1, 4, "expected a value");
    assert_invalid("[1,\xc2\xa0"
                   "2]",
                   7, 1, 4, "expected a value");
}

static void
test_strings_escapes(void **state)
{
    (void)state;
    /* Escapes are kept exactly as written, in keys and values. */
    assert_fmt(
        "[\"a\\\"b\",\"c\\\\\",\"\\\\\\\"\",\"\\\\\\\\\",\"\\/\\b\\f\\n"
        "\\r\\t\"]",
        "[\n  \"a\\\"b\",\n  \"c\\\\\",\n  \"\\\\\\\"\",\n  \"\\\\\\\\\",\n"
        "  \"\\/\\b\\f\\n\\r\\t\"\n]\n");
    assert_fmt("{\"k\\\"\\\\\":\"v\\\\\",\"x\":\"{[,:]}\"}",
               "{\n  \"k\\\"\\\\\": \"v\\\\\",\n  \"x\": \"{[,:]}\"\n}\n");
    assert_invalid("[\"a\\x\"]", 7, 1, 4, "invalid escape");
    assert_invalid("[\"tab\there\"]", 12, 1, 6, "control character");
    assert_invalid("[\"line\nbreak\"]", 14, 1, 7, "control character");
    assert_invalid("[\"open", 6, 1, 7, "unterminated string");
    assert_invalid("[\"end\\", 6, 1, 7, "unterminated string");
    assert_invalid("['single']", 10, 1, 2, "expected a value");
}

static void
test_unicode(void **state)
{
    (void)state;
    /* \u escapes and surrogate pairs stay as written; raw UTF-8 passes. */
    assert_fmt("{\"e\":\"\\u00e9\",\"smile\":\"\\ud83d\\ude00\",\"raw\":"
               "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\",\"\xc3\xa9\":1}",
               "{\n  \"e\": \"\\u00e9\",\n  \"smile\": \"\\ud83d\\ude00\",\n"
               "  \"raw\": \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\",\n"
               "  \"\xc3\xa9\": 1\n}\n");
    assert_valid("[\"\\u0000\\uFFFF\\uAbCd\"]");
    assert_valid("[\"\\udc00\"]"); /* lone surrogate: grammar allows it */
    assert_invalid("[\"\\u00g9\"]", 10, 1, 3, "4 hex digits");
    assert_invalid("[\"\\u12\"]", 8, 1, 3, "4 hex digits");
    assert_invalid("[\"\xff\"]", 5, 1, 3, "invalid UTF-8");
    assert_invalid("[\"\xc0\xaf\"]", 6, 1, 3, "invalid UTF-8"); /* overlong */
    assert_invalid("[\"\xed\xa0\x80\"]", 7, 1, 3, "invalid UTF-8");
    assert_invalid("[\"\xe2\x82\"]", 6, 1, 3, "invalid UTF-8"); /* cut */
    assert_invalid("[\"\xf4\x90\x80\x80\"]", 8, 1, 3, "invalid UTF-8");
    /* Columns count characters, not bytes. */
    assert_invalid("[\"\xc3\xa9\xc3\xa9\", x]", 11, 1, 8, "expected a value");
}

static void
test_numbers(void **state)
{
    (void)state;
    static const char *const good[] = {
        "0",
        "-0",
        "7",
        "-1",
        "10",
        "1.5",
        "-0.25",
        "1e5",
        "1E+5",
        "1e-05",
        "-1.5e10",
        "0.0e0",
        "123456789012345678901234567890",
        "2.5E-3",
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        char in[64], want[64];
        snprintf(in, sizeof in, "[%s]", good[i]);
        snprintf(want, sizeof want, "[\n  %s\n]\n", good[i]);
        assert_fmt(in, want);
    }
    assert_invalid("01", 2, 1, 2, "leading zeros");
    assert_invalid("[-01]", 5, 1, 4, "leading zeros");
    assert_invalid("1.", 2, 1, 3, "digit after '.'");
    assert_invalid("[1.e5]", 6, 1, 4, "digit after '.'");
    assert_invalid("-", 1, 1, 2, "digit after '-'");
    assert_invalid("[-]", 3, 1, 3, "digit after '-'");
    assert_invalid("+1", 2, 1, 1, "expected a value");
    assert_invalid(".5", 2, 1, 1, "expected a value");
    assert_invalid("1e", 2, 1, 3, "exponent");
    assert_invalid("[1e+]", 5, 1, 5, "exponent");
    assert_invalid("--1", 3, 1, 2, "digit after '-'");
    assert_invalid("0x10", 4, 1, 2, "expected end of input");
    assert_invalid("[NaN]", 5, 1, 2, "expected a value");
    assert_invalid("[Infinity]", 10, 1, 2, "expected a value");
}

static void
test_literals_and_structure(void **state)
{
    (void)state;
    assert_invalid("[tru]", 5, 1, 2, "expected true");
    assert_invalid("[nul", 4, 1, 2, "expected null");
    assert_invalid("[True]", 6, 1, 2, "expected a value");
    assert_invalid("[1,2,]", 6, 1, 6, "expected a value");
    assert_invalid("{\"a\":1,}", 8, 1, 8, "expected a string key");
    assert_invalid("{a:1}", 5, 1, 2, "expected a string key or '}'");
    assert_invalid("{\"a\" 1}", 7, 1, 6, "expected ':'");
    assert_invalid("{\"a\":1]", 7, 1, 7, "expected ',' or '}'");
    assert_invalid("[1}", 3, 1, 3, "expected ',' or ']'");
    assert_invalid("[1 2]", 5, 1, 4, "expected ',' or ']'");
    assert_invalid("{\"a\":1}x", 8, 1, 8, "expected end of input");
    assert_invalid("{} {}", 5, 1, 4, "expected end of input");
    assert_invalid("", 0, 1, 1, "unexpected end of input, expected a value");
    assert_invalid("  \n ", 4, 2, 2, "unexpected end of input");
    assert_invalid("{\"a\":", 5, 1, 6,
                   "unexpected end of input, expected a "
                   "value");
    assert_invalid("[1,\n[2,\n", 8, 3, 1, "expected a value");
    assert_invalid("{\"a\":[1]", 8, 1, 9, "expected ',' or '}'");
    /* A NUL byte inside the given length is not white space. */
    assert_invalid("[1]\0", 4, 1, 4, "expected end of input");
}

/* Nesting far deeper than any stack would allow. */
static void
test_deep_nesting(void **state)
{
    (void)state;
    const size_t depth = 100000;
    char *doc = malloc(2 * depth + 1);
    assert_non_null(doc);
    memset(doc, '[', depth);
    memset(doc + depth, ']', depth);
    doc[2 * depth] = '\0';

    struct err e;
    assert_int_equal(jsonfmt_validate(doc, 2 * depth, NULL, &e), TS_OK);

    struct jsonfmt_index *idx = NULL;
    assert_int_equal(jsonfmt_index_build(doc, 2 * depth, 0, &idx, &e), TS_OK);
    assert_true(jsonfmt_index_is_json(idx));
    /* depth-1 opening lines, the innermost [], depth-1 closing lines. */
    assert_int_equal(jsonfmt_index_count(idx), 2 * depth - 1);
    struct jsonfmt_line line = {0};
    assert_int_equal(jsonfmt_index_line(idx, depth - 1, &line, &e), TS_OK);
    assert_int_equal(line.len, 2 * (depth - 1) + 2);
    assert_string_equal(line.text + 2 * (depth - 1), "[]");
    assert_int_equal(jsonfmt_index_line(idx, 2 * depth - 2, &line, &e), TS_OK);
    assert_string_equal(line.text, "]");
    jsonfmt_index_free(idx);

    /* Unclosed: an error at the end, not a crash. */
    struct jsonfmt_error je;
    assert_int_equal(jsonfmt_validate(doc, depth, &je, &e), TS_INVALID);
    assert_int_equal(je.offset, depth);
    assert_non_null(strstr(je.what, "expected a value or ']'"));
    /* One bracket too many closed. */
    doc[depth - 1] = ' ';
    assert_int_equal(jsonfmt_validate(doc, 2 * depth, &je, &e), TS_INVALID);
    assert_int_equal(je.offset, 2 * depth - 1);
    assert_non_null(strstr(je.what, "expected end of input"));

    /* Objects nested 2000 deep, written and indexed identically (the
     * writer's indentation grows with the square of the depth). */
    const size_t od = 2000;
    char *obj = malloc(od * 5 + od + 2);
    assert_non_null(obj);
    size_t k = 0;
    for (size_t i = 0; i < od; i++) {
        memcpy(obj + k, "{\"a\":", 5);
        k += 5;
    }
    obj[k++] = '1';
    memset(obj + k, '}', od);
    k += od;
    obj[k] = '\0';
    assert_int_equal(assert_index_matches_writer(obj, k), 2 * od + 1);
    free(obj);
    jsonfmt_line_free(&line);
    free(doc);
}

static void
test_invalid_shown_raw(void **state)
{
    (void)state;
    const char *doc = "{\r\n  \"a\": 1,\r\n  \"b\" 2\r\n}";
    struct jsonfmt_index *idx = NULL;
    struct err e;
    assert_int_equal(jsonfmt_index_build(doc, strlen(doc), 0, &idx, &e), TS_OK);
    assert_false(jsonfmt_index_is_json(idx));
    const struct jsonfmt_error *je = jsonfmt_index_error(idx);
    assert_non_null(je);
    assert_int_equal(je->line, 3);
    assert_int_equal(je->column, 7);
    assert_int_equal(je->offset, 20);
    assert_string_equal(je->what, "expected ':'");
    assert_int_equal(jsonfmt_index_count(idx), 4);
    struct jsonfmt_line line = {0};
    assert_int_equal(jsonfmt_index_line(idx, 2, &line, &e), TS_OK);
    assert_string_equal(line.text, "  \"b\" 2"); /* '\r' dropped, as written */
    assert_int_equal(line.nspans, 0);
    assert_int_equal(jsonfmt_index_line(idx, 3, &line, &e), TS_OK);
    assert_string_equal(line.text, "}");
    assert_int_equal(jsonfmt_index_line(idx, 4, &line, &e), TS_INVALID);
    jsonfmt_index_free(idx);

    /* The writer writes nothing for invalid input. */
    char *out = NULL;
    struct jsonfmt_error werr;
    assert_int_equal(jsonfmt_format(doc, strlen(doc), 0, &out, NULL, &werr, &e),
                     TS_INVALID);
    assert_null(out);
    assert_int_equal(werr.line, 3);
    assert_string_equal(e.msg,
                        "invalid JSON at line 3, column 7: expected ':'");

    /* Plain text, and the raw flag on valid JSON. */
    const char *text = "one\ntwo\n\nfour\n";
    assert_int_equal(
        jsonfmt_index_build(text, strlen(text), JSONFMT_RAW, &idx, &e), TS_OK);
    assert_null(jsonfmt_index_error(idx));
    assert_int_equal(jsonfmt_index_count(idx), 4);
    assert_int_equal(jsonfmt_index_line(idx, 2, &line, &e), TS_OK);
    assert_string_equal(line.text, "");
    assert_int_equal(jsonfmt_index_line(idx, 3, &line, &e), TS_OK);
    assert_string_equal(line.text, "four");
    jsonfmt_index_free(idx);
    assert_int_equal(jsonfmt_index_build("", 0, 0, &idx, &e), TS_OK);
    assert_int_equal(jsonfmt_index_count(idx), 0);
    assert_non_null(jsonfmt_index_error(idx));
    jsonfmt_index_free(idx);
    jsonfmt_line_free(&line);
}

static void
test_index_matches_writer(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "{}",
        "[1]",
        "\"s\"",
        " -1.5e3 ",
        "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"x\"}}",
        "[[[]],{},[{}],{\"k\":[]},[1,[2,[3,{\"x\":{}}]]]]",
        "{\"e\\\"sc\":\"\\\\\",\"u\":\"\\u00e9\\ud83d\\ude00\",\"r\":"
        "\"\xc3\xa9\"}",
        "  {\n\t\"spread\" :\r\n [ 1 ,\n 2 ] , \"o\" : { } }  \n",
        "[{\"id\":1,\"tags\":[\"a\",\"b\"],\"geo\":{\"lat\":-1.5,\"lng\":2e3}},"
        "{\"id\":2,\"tags\":[],\"geo\":null}]",
    };
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
        assert_true(assert_index_matches_writer(docs[i], strlen(docs[i])) > 0);
}

static void
test_spans(void **state)
{
    (void)state;
    const char *doc = "{\"key\":[\"v\",-2,true,{}]}";
    struct jsonfmt_index *idx = NULL;
    struct err e;
    assert_int_equal(jsonfmt_index_build(doc, strlen(doc), 0, &idx, &e), TS_OK);
    struct jsonfmt_line l = {0};
    assert_int_equal(jsonfmt_index_line(idx, 1, &l, &e), TS_OK);
    assert_string_equal(l.text, "  \"key\": [");
    assert_int_equal(l.nspans, 3);
    assert_int_equal(l.spans[0].kind, JSONFMT_KEY);
    assert_int_equal(l.spans[0].start, 2);
    assert_int_equal(l.spans[0].len, 5);
    assert_int_equal(l.spans[1].kind, JSONFMT_PUNCT); /* ':' */
    assert_int_equal(l.spans[1].start, 7);
    assert_int_equal(l.spans[2].kind, JSONFMT_PUNCT); /* '[' */
    assert_int_equal(l.spans[2].start, 9);

    static const enum jsonfmt_kind kinds[] = {JSONFMT_STRING, JSONFMT_NUMBER,
                                              JSONFMT_LITERAL, JSONFMT_PUNCT};
    static const char *const text[] = {"    \"v\",", "    -2,", "    true,",
                                       "    {}"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(jsonfmt_index_line(idx, 2 + i, &l, &e), TS_OK);
        assert_string_equal(l.text, text[i]);
        assert_int_equal(l.spans[0].kind, kinds[i]);
        assert_int_equal(l.spans[0].start, 4);
    }
    jsonfmt_line_free(&l);
    jsonfmt_index_free(idx);
}

/* Remove ANSI SGR sequences in place. */
static void
strip_sgr(char *s)
{
    char *w = s;
    for (char *r = s; *r;) {
        if (r[0] == '\033' && r[1] == '[') {
            r += 2;
            while (*r && *r != 'm')
                r++;
            if (*r)
                r++;
            continue;
        }
        *w++ = *r++;
    }
    *w = '\0';
}

static void
test_colour(void **state)
{
    (void)state;
    const char *doc = "{\"k\":[\"s\",1,null]}";
    char *plain = fmt(doc), *col = NULL;
    struct err e;
    assert_int_equal(
        jsonfmt_format(doc, strlen(doc), JSONFMT_COLOR, &col, NULL, NULL, &e),
        TS_OK);
    char want[32];
    snprintf(want, sizeof want, "\033[%sm\"k\"\033[0m",
             jsonfmt_ansi(JSONFMT_KEY));
    assert_non_null(strstr(col, want));
    snprintf(want, sizeof want, "\033[%sm\"s\"\033[0m",
             jsonfmt_ansi(JSONFMT_STRING));
    assert_non_null(strstr(col, want));
    snprintf(want, sizeof want, "\033[%smnull\033[0m",
             jsonfmt_ansi(JSONFMT_LITERAL));
    assert_non_null(strstr(col, want));
    strip_sgr(col);
    assert_string_equal(col, plain);
    free(col);
    free(plain);
}

static void
test_looks_like(void **state)
{
    (void)state;
    assert_true(jsonfmt_is_json_type("application/json"));
    assert_true(jsonfmt_is_json_type("Application/JSON; charset=utf-8"));
    assert_true(jsonfmt_is_json_type("application/problem+json"));
    assert_true(jsonfmt_is_json_type("application/vnd.github.v3+json ;x=y"));
    assert_false(jsonfmt_is_json_type("text/html"));
    assert_false(jsonfmt_is_json_type("application/jsonp"));
    assert_false(jsonfmt_is_json_type("+json"));
    assert_false(jsonfmt_is_json_type(NULL));
    assert_true(jsonfmt_looks_like(NULL, " \n{\"a\":1}", 9));
    assert_true(jsonfmt_looks_like("text/plain", "[1]", 3));
    assert_true(jsonfmt_looks_like("application/json", "oops", 4));
    assert_false(jsonfmt_looks_like("text/plain", "hello", 5));
    assert_false(jsonfmt_looks_like(NULL, "\"str\"", 5));
    assert_false(jsonfmt_looks_like(NULL, "", 0));
}

static bool
failing_sink(void *ctx, const char *data, size_t len)
{
    (void)data;
    (void)len;
    (*(int *)ctx)++;
    return false;
}

static void
test_sink_failure(void **state)
{
    (void)state;
    int calls = 0;
    struct err e;
    assert_int_equal(jsonfmt_write("[1]", 3, 0, failing_sink, &calls, NULL, &e),
                     TS_IO);
    assert_int_equal(calls, 1);
    calls = 0;
    assert_int_equal(jsonfmt_write("[1", 2, 0, failing_sink, &calls, NULL, &e),
                     TS_INVALID);
    assert_int_equal(calls, 0);
}

static void
test_find(void **state)
{
    (void)state;
    const char *doc = "{\"Alpha\":1,\"beta\":[\"x\",\"alpha\"],\"c\":3}";
    struct jsonfmt_index *idx = NULL;
    struct err e;
    assert_int_equal(jsonfmt_index_build(doc, strlen(doc), 0, &idx, &e), TS_OK);
    /* Lines: 0 {, 1 "Alpha": 1, 2 "beta": [, 3 "x", 4 "alpha", 5 ], ... */
    size_t at = 99;
    assert_true(jsonfmt_index_find(idx, "alpha", 5, 0, false, false, &at));
    assert_int_equal(at, 4);
    assert_true(jsonfmt_index_find(idx, "alpha", 5, 0, false, true, &at));
    assert_int_equal(at, 1);
    assert_true(jsonfmt_index_find(idx, "ALPHA", 5, 3, true, true, &at));
    assert_int_equal(at, 1);
    assert_false(jsonfmt_index_find(idx, "alpha", 5, 5, false, false, &at));
    /* The text searched is the rendered one ("key": value). */
    assert_true(jsonfmt_index_find(idx, "\"c\": 3", 6, 0, false, false, &at));
    assert_int_equal(at, 6);
    assert_true(jsonfmt_index_find(idx, "{", 1, 100, true, false, &at));
    assert_int_equal(at, 0);
    assert_false(jsonfmt_index_find(idx, "", 0, 0, false, false, &at));
    jsonfmt_index_free(idx);

    const char *hay = "abcABCabc";
    assert_ptr_equal(jsonfmt_memfind(hay, 9, "ABC", 3, false), hay + 3);
    assert_ptr_equal(jsonfmt_memfind(hay, 9, "bca", 3, true), hay + 1);
    assert_null(jsonfmt_memfind(hay, 9, "abd", 3, true));
    assert_null(jsonfmt_memfind(hay, 2, "abc", 3, false));
}

/* The truth for jsonfmt_index_find: render each line and look. */
static bool
brute_find(const struct jsonfmt_index *idx, const char *needle, size_t from,
           bool backward, bool icase, size_t *found)
{
    size_t n = jsonfmt_index_count(idx);
    struct jsonfmt_line l = {0};
    struct err e;
    bool hit = false;
    if (n == 0)
        return false;
    if (from >= n) {
        if (!backward)
            return false;
        from = n - 1;
    }
    for (size_t i = from;;) {
        assert_int_equal(jsonfmt_index_line(idx, i, &l, &e), TS_OK);
        if (jsonfmt_memfind(l.text, l.len, needle, strlen(needle), icase)) {
            *found = i;
            hit = true;
            break;
        }
        if (backward ? i-- == 0 : ++i >= n)
            break;
    }
    jsonfmt_line_free(&l);
    return hit;
}

/* Whatever way find takes (the source bytes, or rendering), it finds
 * exactly the lines rendering and looking would. */
static void
test_find_matches_rendering(void **state)
{
    (void)state;
    static const char *const ws[] = {"", " ", "\n  ", "\t", "\r\n"};
    size_t cap = 1u << 18, len = 0;
    char *doc = malloc(cap);
    assert_non_null(doc);
    len += (size_t)snprintf(doc, cap, "[");
    for (size_t i = 0; i < 150; i++) {
        const char *a = ws[i % 5], *b = ws[(i / 5) % 5];
        len += (size_t)snprintf(
            doc + len, cap - len,
            "%s%s{%s\"id\"%s:%s%zu%s,\"Name\":%s\"User \\\"%zu\\\" "
            "\xc3\xa9t\xc3\xa9\",\"tags\":[%s]%s,\"ok\":%s,\"n\":%s-%zu.5e-2"
            "%s}",
            i ? "," : "", a, b, a, b, i * 7, b, a, i,
            i % 3 ? "\"x\", \"ID\"" : " ", b, i % 2 ? "true" : "null", a, i, b);
    }
    len += (size_t)snprintf(doc + len, cap - len, "]");

    static const char *const needles[] = {
        "id",        "ID",        "\"id\"", "\"id\": 7", "7,",  "[]",
        "\xc3\xa9t", "User \\\"", "true",   "null",      "x",   "-1",
        "5e-2",      "  ",        "{",      "42",        "\"",  "nothing",
        "\\",        "Name\"",    "],",     "\"id\":",   ":",   "\",",
        "},",        "\"",        "5,",     "\r",        "\"]", "[\"",
        "{\"",       "}]",        "\"\"",   "2}",        "\t",  "\n",
    };
    for (int raw = 0; raw < 2; raw++) {
        struct jsonfmt_index *idx = NULL;
        struct err e;
        /* raw: the same text cut short, so it is shown as it is */
        assert_int_equal(
            jsonfmt_index_build(doc, raw ? len - 1 : len, 0, &idx, &e), TS_OK);
        assert_int_equal(jsonfmt_index_is_json(idx), !raw);
        size_t n = jsonfmt_index_count(idx);
        const size_t starts[] = {0, 1, n / 3, n / 2, n - 1, n + 5};
        for (size_t k = 0; k < sizeof needles / sizeof *needles; k++) {
            for (size_t s = 0; s < sizeof starts / sizeof *starts; s++) {
                for (int mode = 0; mode < 4; mode++) {
                    bool back = mode & 1, icase = mode & 2;
                    size_t want = 0, got = 0;
                    bool w = brute_find(idx, needles[k], starts[s], back, icase,
                                        &want);
                    bool g =
                        jsonfmt_index_find(idx, needles[k], strlen(needles[k]),
                                           starts[s], back, icase, &got);
                    if (w != g || (w && want != got))
                        fail_msg("find '%s' from %zu (%s%s%s): got %d/%zu, "
                                 "wanted %d/%zu",
                                 needles[k], starts[s], back ? "back" : "fwd",
                                 icase ? ", icase" : "", raw ? ", raw" : "", g,
                                 got, w, want);
                }
            }
        }
        jsonfmt_index_free(idx);
    }
    free(doc);
}

/* A generated document of a few megabytes, formatted and indexed. */
static void
test_large_document(void **state)
{
    (void)state;
    size_t cap = 8u << 20, len = 0;
    char *doc = malloc(cap);
    assert_non_null(doc);
    len += (size_t)snprintf(doc, cap, "[");
    size_t items = 0;
    while (len < 4u << 20) {
        len += (size_t)snprintf(
            doc + len, cap - len,
            "%s{\"id\":%zu,\"name\":\"user \\\"%zu\\\" \xc3\xa9\",\"ok\":%s,"
            "\"score\":%zu.%03zue-2,\"tags\":[%s],\"geo\":{\"lat\":-%zu.5,"
            "\"empty\":{}}}",
            items ? "," : "", items, items, items % 2 ? "true" : "null", items,
            items % 1000, items % 3 ? "\"a\",\"b\"" : "", items % 90);
        items++;
    }
    len += (size_t)snprintf(doc + len, cap - len, "]");

    /* Per item: {, id, name, ok, score, tags (4 lines, or 1 when empty),
     * geo {, lat, empty, }, } = 14 or 11; plus the outer brackets. */
    size_t want = 2;
    for (size_t i = 0; i < items; i++)
        want += i % 3 ? 14 : 11;
    assert_int_equal(assert_index_matches_writer(doc, len), want);

    struct jsonfmt_index *idx = NULL;
    struct err e;
    assert_int_equal(jsonfmt_index_build(doc, len, 0, &idx, &e), TS_OK);
    /* Sparse: 8 bytes for every 16th line, far below the body's size. */
    assert_true(jsonfmt_index_memory(idx) <= 8 * (want / 16 + 1) + 256);
    size_t at = 0;
    char needle[64];
    snprintf(needle, sizeof needle, "\"id\": %zu,", items - 1);
    assert_true(
        jsonfmt_index_find(idx, needle, strlen(needle), 0, false, false, &at));
    assert_int_equal(at, want - 1 - (((items - 1) % 3) ? 14 : 11) + 1);
    jsonfmt_index_free(idx);
    free(doc);
}

/* ---- The stream: chunks of any size give the writer's text ----------- */

struct acc {
    char *data;
    size_t len, cap;
};

static bool
acc_sink(void *ctx, const char *p, size_t n)
{
    struct acc *a = ctx;
    if (a->len + n + 1 > a->cap) {
        a->cap = (a->len + n + 1) * 2;
        a->data = realloc(a->data, a->cap);
        assert_non_null(a->data);
    }
    memcpy(a->data + a->len, p, n);
    a->len += n;
    a->data[a->len] = '\0';
    return true;
}

/* Feed in[0..len) in chunks of `step` bytes (0: split once at `cut`). On
 * TS_OK *out holds the text; on TS_INVALID it holds the text written and
 * then the rest of the input from the offending byte, as a caller that
 * loses nothing writes it. */
static tstatus
stream_chunks(const char *in, size_t len, unsigned flags, size_t step,
              size_t cut, struct acc *out, struct jsonfmt_error *je)
{
    struct jsonfmt_stream *s = NULL;
    struct err e;
    memset(out, 0, sizeof *out);
    acc_sink(out, "", 0);
    assert_int_equal(jsonfmt_stream_new(flags, acc_sink, out, &s, &e), TS_OK);
    tstatus st = TS_OK;
    for (size_t at = 0; at < len && st == TS_OK;) {
        size_t n = step ? step : at < cut ? cut : len - at;
        if (n > len - at)
            n = len - at;
        size_t used = 0;
        st = jsonfmt_stream_feed(s, in + at, n, &used, je, &e);
        if (st == TS_INVALID) {
            assert_true(used <= n);
            assert_true(je->offset <= at + used);
            acc_sink(out, in + at + used, len - at - used);
        }
        at += n;
    }
    if (st == TS_OK)
        st = jsonfmt_stream_finish(s, je, &e);
    jsonfmt_stream_free(s);
    return st;
}

static void
assert_stream_matches_writer(const char *in, unsigned flags)
{
    size_t len = strlen(in);
    char *whole = NULL;
    struct err e;
    assert_int_equal(jsonfmt_format(in, len, flags, &whole, NULL, NULL, &e),
                     TS_OK);
    struct acc got;
    struct jsonfmt_error je;
    for (size_t step = 1; step <= 7; step++) {
        assert_int_equal(stream_chunks(in, len, flags, step, 0, &got, &je),
                         TS_OK);
        assert_string_equal(got.data, whole);
        free(got.data);
    }
    for (size_t cut = 1; cut < len; cut++) {
        assert_int_equal(stream_chunks(in, len, flags, 0, cut, &got, &je),
                         TS_OK);
        assert_string_equal(got.data, whole);
        free(got.data);
    }
    free(whole);
}

static void
test_stream_chunks(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "{\"a\":1,\"b\":[true,false,null],\"c\":{},\"d\":[],\"e\":{\"f\":[[]]}"
        "}",
        "\xef\xbb\xbf [ -0.5e+10 , 0 , 12.25E-3 , \"\\u00e9\\\"\\\\\" ]",
        "{\"caf\xc3\xa9\": \"\xe2\x82\xac \xf0\x9f\x98\x80 \xe4\xb8\xad\"}",
        "\"top\"",
        " 42 ",
        "[[[[{\"k\":[{}]}]]]]",
        "{\"x\":\"\\ud83d\\ude00\",\"y\":\"tab\\tnl\\n\"}",
    };
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        assert_stream_matches_writer(docs[i], 0);
        assert_stream_matches_writer(docs[i], JSONFMT_COLOR);
    }
}

static void
test_stream_safe(void **state)
{
    (void)state;
    const char *in = "{\"k\xe2\x80\xaey\":\"a\xc2\x9b\x7f\xe2\x81\xa6"
                     "\xf3\xa0\x80\x81 \xf0\x9f\x98\x80 \xc3\xa9\"}";
    struct acc got;
    struct jsonfmt_error je;
    for (size_t step = 1; step <= 4; step++) {
        assert_int_equal(
            stream_chunks(in, strlen(in), JSONFMT_SAFE, step, 0, &got, &je),
            TS_OK);
        assert_string_equal(got.data,
                            "{\n  \"k\\u202ey\": \"a\\u009b\\u007f\\u2066"
                            "\\udb40\\udc01 \xf0\x9f\x98\x80 \xc3\xa9\"\n}\n");
        free(got.data);
    }
}

/* Invalid input, in chunks of every size: the validator's error (offset,
 * line, column, message), and nothing lost: the output without white
 * space is the input without white space. */
static void
test_stream_invalid(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t line;
        const char *what;
    } cases[] = {
        {"{\"a\": [1, 2, {\"b\": \"x\"}], \"c\": tru, \"d\": 4}", 1,
         "expected true"},
        {"[1,\n2,\n\"ok\xc3(\"]", 3, "invalid UTF-8"},
        {"[1,2", 1, "unexpected end of input"},
        {"{\"a\":01}", 1, "leading zeros"},
        {"[\"\\q\"]", 1, "invalid escape"},
        {"[1] 2", 1, "expected end of input"},
        {"\xef\xbb", 1, "expected a value"},
        {"[1.]", 1, "digit after '.'"},
        {"[\"a\x01\"]", 1, "control character"},
        {"[\"\\u12x4\"]", 1, "hex digits"},
        {"[\"\\u12", 1, "hex digits"},
        {"[\"\xe2\x82", 1, "invalid UTF-8"},
        {"[tru", 1, "expected true"},
        {"[-", 1, "digit after '-'"},
        {"{\"a\" 1}", 1, "expected ':'"},
        {"\xef\xbb\xbf\xef", 1, "expected a value"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *in = cases[i].in;
        size_t len = strlen(in);
        for (size_t step = 1; step <= len; step++) {
            struct acc got;
            struct jsonfmt_error je;
            assert_int_equal(stream_chunks(in, len, 0, step, 0, &got, &je),
                             TS_INVALID);
            struct jsonfmt_error want;
            struct err e;
            assert_int_equal(jsonfmt_validate(in, len, &want, &e), TS_INVALID);
            if (je.line != cases[i].line ||
                strstr(je.what, cases[i].what) == NULL ||
                je.offset != want.offset || je.column != want.column ||
                strcmp(je.what, want.what) != 0)
                fail_msg(
                    "%s in chunks of %zu: %zu:%zu %s; validator %zu:%zu %s", in,
                    step, je.line, je.column, je.what, want.line, want.column,
                    want.what);
            char a[128], b[128];
            size_t na = 0, nb = 0;
            /* A whole byte order mark is dropped, as the pretty form
             * does. */
            size_t from = strncmp(in, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
            for (size_t k = from; k < len; k++)
                if (!strchr(" \n", in[k]))
                    a[na++] = in[k];
            for (size_t k = 0; k < got.len; k++)
                if (!strchr(" \n", got.data[k]))
                    b[nb++] = got.data[k];
            a[na] = b[nb] = '\0';
            assert_string_equal(b, a);
            free(got.data);
        }
    }
}

/* A 4 MiB string in 1000-byte chunks goes out in pieces: the stream's
 * buffer never holds it. */
struct biggest {
    size_t max, total;
};

static bool
biggest_sink(void *ctx, const char *p, size_t n)
{
    struct biggest *b = ctx;
    (void)p;
    b->max = n > b->max ? n : b->max;
    b->total += n;
    return true;
}

static void
test_stream_long_string(void **state)
{
    (void)state;
    size_t n = 4u << 20;
    char *doc = malloc(n + 4);
    assert_non_null(doc);
    doc[0] = '[';
    doc[1] = '"';
    memset(doc + 2, 'x', n);
    memcpy(doc + 2 + n, "\"]", 2);
    struct jsonfmt_stream *s = NULL;
    struct biggest b = {0};
    struct err e;
    assert_int_equal(jsonfmt_stream_new(0, biggest_sink, &b, &s, &e), TS_OK);
    for (size_t at = 0; at < n + 4; at += 1000) {
        size_t k = n + 4 - at < 1000 ? n + 4 - at : 1000;
        assert_int_equal(jsonfmt_stream_feed(s, doc + at, k, NULL, NULL, &e),
                         TS_OK);
    }
    assert_int_equal(jsonfmt_stream_finish(s, NULL, &e), TS_OK);
    jsonfmt_stream_free(s);
    assert_int_equal(
        b.total, n + 9); /* [, newline, 2 spaces, quotes, newline, ], newline */
    assert_true(b.max <= 64 * 1024 + 16);
    free(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_layout),
        cmocka_unit_test(test_empty_containers),
        cmocka_unit_test(test_whitespace_variations),
        cmocka_unit_test(test_strings_escapes),
        cmocka_unit_test(test_unicode),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_literals_and_structure),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_invalid_shown_raw),
        cmocka_unit_test(test_index_matches_writer),
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_colour),
        cmocka_unit_test(test_looks_like),
        cmocka_unit_test(test_sink_failure),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_find_matches_rendering),
        cmocka_unit_test(test_large_document),
        cmocka_unit_test(test_stream_chunks),
        cmocka_unit_test(test_stream_safe),
        cmocka_unit_test(test_stream_invalid),
        cmocka_unit_test(test_stream_long_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
