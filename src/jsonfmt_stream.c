/* jsonfmt_stream.c — the pretty-printer fed in chunks.
 *
 * A push parser: each byte moves a state machine that validates as
 * jsonfmt.c's validator does and writes the pretty form at once, so what
 * is held between chunks is the nesting bit stack, the state of the token
 * in progress (an escape, a UTF-8 sequence cut by the end of a chunk: four
 * bytes at most) and an output buffer flushed every JS_FLUSH_AT bytes.
 * Strings, numbers and literals are written while they arrive, never
 * gathered, so neither a long string nor a long body costs memory. The
 * layout is jf_step()'s (jsonfmt_render.c); the only look-ahead it needs,
 * whether a container is empty, is kept as one pending flag. */
#include "jsonfmt.h"
#include "jsonfmt_impl.h"
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JS_FLUSH_AT (64u * 1024)
#define JS_INDENT 2

enum js_tok { TOK_NONE, TOK_STRING, TOK_NUMBER, TOK_LITERAL };
enum js_str { STR_PLAIN, STR_ESCAPE, STR_HEX, STR_UTF8 };
enum js_num { N_MINUS, N_ZERO, N_INT, N_DOT, N_FRAC, N_E, N_ESIGN, N_EXP };

struct jsonfmt_stream {
    unsigned flags;
    jsonfmt_sink sink;
    void *ctx;
    struct jsonfmt_line buf;
    struct jf_out o;
    struct jf_stack st;
    enum jf_state state;
    enum js_tok tok;
    enum js_str str;
    enum js_num num;
    const char *lit; /* the literal being read, and how far */
    size_t lit_i;
    int hex_left;
    unsigned char pend[4]; /* a UTF-8 sequence cut by a chunk's end */
    size_t npend;
    unsigned bom;    /* bytes of a leading byte order mark seen */
    bool started;    /* past the byte order mark */
    bool after_open; /* the last token opened a container */
    bool is_key;
    bool failed, sink_failed;
    /* Where we are, for errors: the offset of the chunk being read, the
     * line, where it began and the UTF-8 continuation bytes since; where
     * the token, escape and UTF-8 sequence in progress began (errors are
     * reported there) and the first byte not consumed after an error. */
    size_t base, line, bol, cont;
    size_t tok_start, esc_start, seq_start, resume;
    struct jsonfmt_error error;
};

/* A stream with no buffer yet. */
static void
js_init(struct jsonfmt_stream *s, unsigned flags, jsonfmt_sink sink, void *ctx)
{
    memset(s, 0, sizeof *s);
    s->flags = flags;
    s->sink = sink;
    s->ctx = ctx;
    s->o =
        (struct jf_out){.line = &s->buf, .color = (flags & JSONFMT_COLOR) != 0};
    s->state = ST_VALUE;
    s->line = 1;
}

tstatus
jsonfmt_stream_new(unsigned flags, jsonfmt_sink sink, void *ctx,
                   struct jsonfmt_stream **out, struct err *e)
{
    struct jsonfmt_stream *s = malloc(sizeof *s);
    if (s != NULL)
        js_init(s, flags, sink, ctx);
    if (s == NULL || !jf_reserve(&s->buf, JS_FLUSH_AT)) {
        free(s);
        return err_set(e, TS_NOMEM, "body", "out of memory formatting JSON");
    }
    *out = s;
    return TS_OK;
}

void
jsonfmt_stream_free(struct jsonfmt_stream *s)
{
    if (s == NULL)
        return;
    jsonfmt_line_free(&s->buf);
    free(s->st.bits);
    free(s);
}

/* ---- Output ---------------------------------------------------------- */

static void
js_flush(struct jsonfmt_stream *s)
{
    if (s->buf.len > 0 && !s->sink_failed &&
        !s->sink(s->ctx, s->buf.text, s->buf.len))
        s->sink_failed = true;
    s->buf.len = 0;
}

static inline void
js_put(struct jsonfmt_stream *s, const char *p, size_t k)
{
    if (k >= JS_FLUSH_AT) {
        /* A long run (a long string): straight to the sink. */
        js_flush(s);
        if (!s->sink_failed && !s->sink(s->ctx, p, k))
            s->sink_failed = true;
        return;
    }
    jf_put(&s->o, p, k);
    if (s->buf.len >= JS_FLUSH_AT)
        js_flush(s);
}

static void
js_color(struct jsonfmt_stream *s, enum jsonfmt_kind kind)
{
    if (!s->o.color)
        return;
    const char *sgr = jsonfmt_ansi(kind);
    js_put(s, "\033[", 2);
    js_put(s, sgr, strlen(sgr));
    js_put(s, "m", 1);
}

static void
js_uncolor(struct jsonfmt_stream *s)
{
    if (s->o.color)
        js_put(s, "\033[0m", 4);
}

static inline void
js_punct(struct jsonfmt_stream *s, char c)
{
    if (!s->o.color) {
        js_put(s, &c, 1);
        return;
    }
    js_color(s, JSONFMT_PUNCT);
    js_put(s, &c, 1);
    js_uncolor(s);
}

/* A line break and the indentation of `depth`, in pieces so that a deep
 * document does not need a large buffer. */
static inline void
js_newline(struct jsonfmt_stream *s, size_t depth)
{
    static const char nl[] = "\n                                "
                             "                                ";
    size_t k = depth * JS_INDENT;
    if (k < sizeof nl - 1) {
        js_put(s, nl, k + 1);
        return;
    }
    js_put(s, "\n", 1);
    while (k > 0 && !s->o.oom) {
        size_t c = k < sizeof nl - 2 ? k : sizeof nl - 2;
        js_put(s, nl + 1, c);
        k -= c;
    }
}

/* A token other than a closing bracket begins at p[i]. */
static void
js_begin(struct jsonfmt_stream *s, size_t i)
{
    s->tok_start = s->base + i;
    if (s->after_open) {
        s->after_open = false;
        js_newline(s, s->st.depth);
    }
}

/* ---- Errors ---------------------------------------------------------- */

/* Stop with `what`, reported at offset `at` of the whole text (where the
 * token, escape or sequence in error began, as jsonfmt.c's validator
 * reports it), reading stopped at chunk offset i. */
static void
js_fail_at(struct jsonfmt_stream *s, size_t at, size_t i, const char *what,
           bool at_end)
{
    struct jsonfmt_error *je = &s->error;
    s->failed = true;
    s->resume = s->base + i;
    je->offset = at;
    je->line = s->line;
    je->column = je->offset - s->bol - s->cont + 1;
    if (at_end && strncmp(what, "expected ", 9) == 0)
        snprintf(je->what, sizeof je->what, "unexpected end of input, %s",
                 what);
    else
        snprintf(je->what, sizeof je->what, "%s", what);
    /* What was read is not lost: a cut UTF-8 sequence or byte order mark
     * goes out as it came, an open colour is closed. */
    if (s->bom > 0 && s->bom < 3)
        js_put(s, "\xef\xbb\xbf", s->bom);
    js_put(s, (const char *)s->pend, s->npend);
    s->npend = 0;
    if (s->tok != TOK_NONE)
        js_uncolor(s);
    js_flush(s);
}

/* Stop at the byte at chunk offset i (or the end of input) with `what`. */
static void
js_fail(struct jsonfmt_stream *s, size_t i, const char *what, bool at_end)
{
    js_fail_at(s, s->base + i, i, what, at_end);
}

/* ---- Tokens ---------------------------------------------------------- */

/* A complete UTF-8 sequence of a string, checked: as it is, or as \uXXXX
 * (a surrogate pair past U+FFFF) with JSONFMT_SAFE when a terminal must
 * not get it raw. */
static void
js_put_cp(struct jsonfmt_stream *s, const char *p, size_t k, uint32_t cp)
{
    s->cont += k - 1;
    if (!(s->flags & JSONFMT_SAFE) || !text_needs_escape_cp(cp)) {
        js_put(s, p, k);
        return;
    }
    char u[16];
    int n;
    if (cp > 0xffff) {
        cp -= 0x10000;
        n = snprintf(u, sizeof u, "\\u%04x\\u%04x", 0xd800 + (cp >> 10),
                     0xdc00 + (cp & 0x3ff));
    } else {
        n = snprintf(u, sizeof u, "\\u%04x", (unsigned)cp);
    }
    js_put(s, u, (size_t)n);
}

/* Plain string bytes p[i..j); with JSONFMT_SAFE a DEL among them becomes
 * \u007f. */
static void
js_put_plain(struct jsonfmt_stream *s, const char *p, size_t i, size_t j)
{
    while ((s->flags & JSONFMT_SAFE) && i < j) {
        const char *del = memchr(p + i, 0x7f, j - i);
        if (del == NULL)
            break;
        js_put(s, p + i, (size_t)(del - p) - i);
        js_put(s, "\\u007f", 6);
        i = (size_t)(del - p) + 1;
    }
    js_put(s, p + i, j - i);
}

static bool
js_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* Inside a string, from p[i]: returns where reading stopped (n, or after
 * the closing quote, or at an error with s->failed set). */
static size_t
js_string(struct jsonfmt_stream *s, const char *p, size_t n, size_t i)
{
    const unsigned char *u = (const unsigned char *)p;
    uint32_t cp;
    while (i < n) {
        unsigned char c = u[i];
        switch (s->str) {
        case STR_ESCAPE:
            if (c == 'u') {
                s->str = STR_HEX;
                s->hex_left = 4;
            } else if (c == '"' || c == '\\' || c == '/' || c == 'b' ||
                       c == 'f' || c == 'n' || c == 'r' || c == 't') {
                s->str = STR_PLAIN;
            } else {
                js_fail_at(s, s->esc_start, i,
                           "invalid escape: expected one of \\\" \\\\ \\/ "
                           "\\b \\f \\n \\r \\t \\uXXXX",
                           false);
                return i;
            }
            js_put(s, p + i, 1);
            i++;
            continue;
        case STR_HEX:
            if (!js_hex(c)) {
                js_fail_at(s, s->esc_start, i,
                           "expected 4 hex digits after \\u", false);
                return i;
            }
            js_put(s, p + i, 1);
            i++;
            if (--s->hex_left == 0)
                s->str = STR_PLAIN;
            continue;
        case STR_UTF8: {
            s->pend[s->npend++] = c;
            int k = text_decode((const char *)s->pend, s->npend, &cp);
            if (k == TEXT_INVALID) {
                s->npend--;
                js_fail_at(s, s->seq_start, i, "invalid UTF-8 in a string",
                           false);
                return i;
            }
            i++;
            if (k > 0) {
                js_put_cp(s, (const char *)s->pend, (size_t)k, cp);
                s->npend = 0;
                s->str = STR_PLAIN;
            }
            continue;
        }
        case STR_PLAIN:
            break;
        }
        size_t j = jf_plain_run(u, n, i);
        js_put_plain(s, p, i, j);
        if ((i = j) >= n)
            break;
        c = u[i];
        switch (jf_str_class[c]) {
        case 1:
            js_put(s, "\"", 1);
            js_uncolor(s);
            s->tok = TOK_NONE;
            s->state = s->is_key ? ST_COLON : ST_AFTER;
            return i + 1;
        case 2:
            js_put(s, "\\", 1);
            s->str = STR_ESCAPE;
            s->esc_start = s->base + i;
            i++;
            break;
        case 3:
            js_fail(s, i, "control character in a string (must be escaped)",
                    false);
            return i;
        default: {
            int k = text_decode(p + i, n - i, &cp);
            if (k == TEXT_INCOMPLETE) {
                s->seq_start = s->base + i;
                memcpy(s->pend, p + i, n - i);
                s->npend = n - i;
                s->str = STR_UTF8;
                return n;
            }
            if (k <= 0) {
                js_fail(s, i, "invalid UTF-8 in a string", false);
                return i;
            }
            js_put_cp(s, p + i, (size_t)k, cp);
            i += (size_t)k;
        }
        }
    }
    return n;
}

static bool
js_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Inside a number, from p[i]: returns where it stopped; the byte that
 * ends a number is left for the structure. */
static size_t
js_number(struct jsonfmt_stream *s, const char *p, size_t n, size_t i)
{
    size_t from = i;
    const char *bad = NULL;
    for (; i < n && bad == NULL; i++) {
        unsigned char c = (unsigned char)p[i];
        bool d = js_digit(c), e = c == 'e' || c == 'E';
        switch (s->num) {
        case N_MINUS:
            if (!d)
                bad = "expected a digit after '-'";
            s->num = c == '0' ? N_ZERO : N_INT;
            continue;
        case N_ZERO:
            if (d)
                bad = "leading zeros are not allowed in numbers";
            break;
        case N_INT:
            if (d)
                continue;
            break;
        case N_DOT:
            if (!d)
                bad = "expected a digit after '.'";
            s->num = N_FRAC;
            continue;
        case N_FRAC:
            if (d)
                continue;
            if (e) {
                s->num = N_E;
                continue;
            }
            goto end;
        case N_E:
            if (c == '+' || c == '-') {
                s->num = N_ESIGN;
                continue;
            }
            /* fall through */
        case N_ESIGN:
            if (!d)
                bad = "expected a digit in the exponent";
            s->num = N_EXP;
            continue;
        case N_EXP:
            if (d)
                continue;
            goto end;
        }
        /* After the integer part. */
        if (bad != NULL)
            continue;
        if (c == '.') {
            s->num = N_DOT;
            continue;
        }
        if (e) {
            s->num = N_E;
            continue;
        }
        goto end;
    }
    if (bad != NULL) {
        js_put(s, p + from, i - 1 - from);
        js_fail(s, i - 1, bad, false);
        return i - 1;
    }
    js_put(s, p + from, i - from);
    return i;
end:
    js_put(s, p + from, i - from);
    js_uncolor(s);
    s->tok = TOK_NONE;
    s->state = ST_AFTER;
    return i;
}

/* Whether a number may end in its current state. */
static bool
js_number_complete(const struct jsonfmt_stream *s)
{
    return s->num == N_ZERO || s->num == N_INT || s->num == N_FRAC ||
           s->num == N_EXP;
}

static const char *
js_literal_error(const char *lit)
{
    return lit[0] == 't'   ? "invalid literal: expected true"
           : lit[0] == 'f' ? "invalid literal: expected false"
                           : "invalid literal: expected null";
}

/* Inside true, false or null. */
static size_t
js_literal(struct jsonfmt_stream *s, const char *p, size_t n, size_t i)
{
    size_t from = i, len = strlen(s->lit);
    while (i < n && s->lit_i < len) {
        if (p[i] != s->lit[s->lit_i]) {
            js_put(s, p + from, i - from);
            js_fail_at(s, s->tok_start, i, js_literal_error(s->lit), false);
            return i;
        }
        i++;
        s->lit_i++;
    }
    js_put(s, p + from, i - from);
    if (s->lit_i == len) {
        js_uncolor(s);
        s->tok = TOK_NONE;
        s->state = ST_AFTER;
    }
    return i;
}

/* ---- Structure ------------------------------------------------------- */

/* The first byte of a value at p[i]. */
static size_t
js_value(struct jsonfmt_stream *s, const char *p, size_t i)
{
    char c = p[i];
    if (c == '{' || c == '[') {
        js_begin(s, i);
        js_punct(s, c);
        if (!jf_push(&s->st, c == '{')) {
            s->o.oom = true;
            return i;
        }
        s->after_open = true;
        s->state = c == '{' ? ST_KEY_OR_CLOSE : ST_VALUE_OR_CLOSE;
        return i + 1;
    }
    s->is_key = false;
    if (c == '"') {
        js_begin(s, i);
        js_color(s, JSONFMT_STRING);
        js_put(s, "\"", 1);
        s->tok = TOK_STRING;
        s->str = STR_PLAIN;
        return i + 1;
    }
    if (c == '-' || js_digit((unsigned char)c)) {
        js_begin(s, i);
        js_color(s, JSONFMT_NUMBER);
        s->tok = TOK_NUMBER;
        s->num = c == '-' ? N_MINUS : c == '0' ? N_ZERO : N_INT;
        js_put(s, p + i, 1);
        return i + 1;
    }
    if (c == 't' || c == 'f' || c == 'n') {
        js_begin(s, i);
        js_color(s, JSONFMT_LITERAL);
        s->tok = TOK_LITERAL;
        s->lit = c == 't' ? "true" : c == 'f' ? "false" : "null";
        s->lit_i = 0;
        return i;
    }
    js_fail(s, i, jf_expected(s->state, &s->st), false);
    return i;
}

/* A closing bracket at p[i] in a container that holds something, or, just
 * after its opening bracket, nothing. */
static size_t
js_close(struct jsonfmt_stream *s, const char *p, size_t i)
{
    if (s->after_open)
        s->after_open = false;
    else
        js_newline(s, s->st.depth - 1);
    js_punct(s, p[i]);
    s->st.depth--;
    s->state = ST_AFTER;
    return i + 1;
}

/* A byte between tokens at p[i] (not white space). */
static size_t
js_structure(struct jsonfmt_stream *s, const char *p, size_t i)
{
    char c = p[i];
    switch (s->state) {
    case ST_AFTER:
        if (s->st.depth > 0 && c == ',') {
            js_punct(s, ',');
            js_newline(s, s->st.depth);
            s->state = jf_top_is_object(&s->st) ? ST_KEY : ST_VALUE;
            return i + 1;
        }
        if (s->st.depth > 0 && c == (jf_top_is_object(&s->st) ? '}' : ']'))
            return js_close(s, p, i);
        break;
    case ST_COLON:
        if (c != ':')
            break;
        js_punct(s, ':');
        js_put(s, " ", 1);
        s->state = ST_VALUE;
        return i + 1;
    case ST_KEY_OR_CLOSE:
        if (c == '}')
            return js_close(s, p, i);
        /* fall through */
    case ST_KEY:
        if (c != '"')
            break;
        js_begin(s, i);
        js_color(s, JSONFMT_KEY);
        js_put(s, "\"", 1);
        s->tok = TOK_STRING;
        s->str = STR_PLAIN;
        s->is_key = true;
        return i + 1;
    case ST_VALUE_OR_CLOSE:
        if (c == ']')
            return js_close(s, p, i);
        /* fall through */
    case ST_VALUE:
        return js_value(s, p, i);
    }
    js_fail(s, i, jf_expected(s->state, &s->st), false);
    return i;
}

/* A leading byte order mark, possibly cut across chunks. */
static size_t
js_bom(struct jsonfmt_stream *s, const char *p, size_t n, size_t i)
{
    static const char bom[] = "\xef\xbb\xbf";
    while (i < n && s->bom < 3) {
        if (p[i] != bom[s->bom]) {
            if (s->bom > 0) {
                js_fail_at(s, 0, i, "expected a value", false);
                return i;
            }
            break;
        }
        s->bom++;
        i++;
    }
    if (s->bom == 3 && !s->started)
        s->cont += 2; /* one character, for columns */
    if (i < n || s->bom == 3)
        s->started = true;
    return i;
}

static tstatus
js_status(struct jsonfmt_stream *s, struct jsonfmt_error *je, struct err *e)
{
    if (s->o.oom)
        return err_set(e, TS_NOMEM, "body", "out of memory formatting JSON");
    if (s->sink_failed)
        return err_set(e, TS_IO, "body", "could not write the formatted JSON");
    if (s->failed) {
        if (je != NULL)
            *je = s->error;
        return err_set(e, TS_INVALID, "body",
                       "invalid JSON at line %zu, column %zu: %s",
                       s->error.line, s->error.column, s->error.what);
    }
    return TS_OK;
}

tstatus
jsonfmt_stream_feed(struct jsonfmt_stream *s, const char *p, size_t n,
                    size_t *used, struct jsonfmt_error *je, struct err *e)
{
    size_t i = 0;
    if (!s->started && !s->failed)
        i = js_bom(s, p, n, i);
    while (i < n && !s->failed && !s->o.oom && !s->sink_failed) {
        switch (s->tok) {
        case TOK_STRING:
            i = js_string(s, p, n, i);
            continue;
        case TOK_NUMBER:
            i = js_number(s, p, n, i);
            continue;
        case TOK_LITERAL:
            i = js_literal(s, p, n, i);
            continue;
        case TOK_NONE:
            break;
        }
        char c = p[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            i++;
        } else if (c == '\n') {
            s->line++;
            s->bol = s->base + i + 1;
            s->cont = 0;
            i++;
        } else {
            i = js_structure(s, p, i);
        }
    }
    if (!s->failed)
        js_flush(s);
    if (used != NULL)
        *used = s->failed && s->resume >= s->base ? s->resume - s->base : i;
    s->base += i;
    return js_status(s, je, e);
}

tstatus
jsonfmt_stream_finish(struct jsonfmt_stream *s, struct jsonfmt_error *je,
                      struct err *e)
{
    if (!s->failed && !s->o.oom && !s->sink_failed) {
        if (s->tok == TOK_NUMBER && js_number_complete(s)) {
            js_uncolor(s);
            s->tok = TOK_NONE;
            s->state = ST_AFTER;
        }
        if (!s->started && s->bom > 0)
            js_fail_at(s, 0, 0, "expected a value", false);
        else if (s->tok == TOK_STRING && s->str == STR_HEX)
            js_fail_at(s, s->esc_start, 0, "expected 4 hex digits after \\u",
                       false);
        else if (s->tok == TOK_STRING && s->str == STR_UTF8)
            js_fail_at(s, s->seq_start, 0, "invalid UTF-8 in a string", false);
        else if (s->tok == TOK_STRING)
            js_fail(s, 0, "unterminated string: expected '\"'", true);
        else if (s->tok == TOK_NUMBER)
            js_fail(s, 0,
                    s->num == N_MINUS ? "expected a digit after '-'"
                    : s->num == N_DOT ? "expected a digit after '.'"
                                      : "expected a digit in the exponent",
                    true);
        else if (s->tok == TOK_LITERAL)
            js_fail_at(s, s->tok_start, 0, js_literal_error(s->lit), false);
        else if (s->state != ST_AFTER || s->st.depth > 0)
            js_fail(s, 0, jf_expected(s->state, &s->st), true);
        else {
            js_put(s, "\n", 1);
            js_flush(s);
        }
    }
    return js_status(s, je, e);
}

/* ---- The writer: a whole body through the stream --------------------- */

tstatus
jsonfmt_write(const char *body, size_t len, unsigned flags, jsonfmt_sink sink,
              void *ctx, struct jsonfmt_error *je, struct err *e)
{
    tstatus st = jsonfmt_validate(body, len, je, e);
    struct jsonfmt_stream *s = NULL;
    if (st == TS_OK)
        st = jsonfmt_stream_new(flags, sink, ctx, &s, e);
    if (st == TS_OK)
        st = jsonfmt_stream_feed(s, body, len, NULL, je, e);
    if (st == TS_OK)
        st = jsonfmt_stream_finish(s, je, e);
    jsonfmt_stream_free(s);
    return st;
}

static bool
jf_file_sink(void *ctx, const char *data, size_t len)
{
    return fwrite(data, 1, len, ctx) == len;
}

tstatus
jsonfmt_write_file(const char *body, size_t len, unsigned flags, FILE *f,
                   struct jsonfmt_error *je, struct err *e)
{
    return jsonfmt_write(body, len, flags, jf_file_sink, f, je, e);
}

static bool
jf_line_sink(void *ctx, const char *data, size_t len)
{
    struct jf_out o = {.line = ctx};
    jf_put(&o, data, len);
    return !o.oom;
}

tstatus
jsonfmt_format(const char *body, size_t len, unsigned flags, char **out,
               size_t *out_len, struct jsonfmt_error *je, struct err *e)
{
    struct jsonfmt_line acc = {0};
    tstatus st = jsonfmt_write(body, len, flags, jf_line_sink, &acc, je, e);
    if (st == TS_IO)
        st = err_set(e, TS_NOMEM, "body", "out of memory formatting JSON");
    if (st != TS_OK) {
        jsonfmt_line_free(&acc);
        return st;
    }
    struct jf_out o = {.line = &acc};
    if (!jf_finish(&o)) {
        jsonfmt_line_free(&acc);
        return err_set(e, TS_NOMEM, "body", "out of memory formatting JSON");
    }
    *out = acc.text;
    if (out_len != NULL)
        *out_len = acc.len;
    free(acc.spans);
    return TS_OK;
}
