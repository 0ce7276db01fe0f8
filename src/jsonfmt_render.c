/* jsonfmt_render.c — the pretty line renderer, and the writers over the
 * stream.
 *
 * A pretty line is decided by its first token and what follows it, never
 * by what came before: a line starts at the first value, after an opening
 * bracket that is not immediately closed, after a comma, and at the closing
 * bracket of a non-empty container. So one function, jf_step(), renders a
 * line from (source offset, depth) and finds where the next line starts;
 * the index records its positions (the writer, jsonfmt_stream.c, makes
 * the same lines in one pass). */
#include "jsonfmt.h"
#include "jsonfmt_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define JF_INDENT 2

static const char *const jf_sgr[JSONFMT_KINDS] = {
    [JSONFMT_PUNCT] = "1",   [JSONFMT_KEY] = "1;34",   [JSONFMT_STRING] = "32",
    [JSONFMT_NUMBER] = "36", [JSONFMT_LITERAL] = "35",
};

const char *
jsonfmt_ansi(enum jsonfmt_kind kind)
{
    return (unsigned)kind < JSONFMT_KINDS ? jf_sgr[kind] : "0";
}

/* ---- Output ---------------------------------------------------------- */

bool
jf_reserve(struct jsonfmt_line *l, size_t k)
{
    if (l->text_cap - l->len > k)
        return true;
    size_t cap = l->text_cap ? l->text_cap : 256;
    while (cap - l->len <= k) {
        if (cap > SIZE_MAX / 2)
            return false;
        cap *= 2;
    }
    char *t = realloc(l->text, cap);
    if (t == NULL)
        return false;
    l->text = t;
    l->text_cap = cap;
    return true;
}

void
jf_put_grow(struct jf_out *o, const char *p, size_t k)
{
    if (o->oom || !jf_reserve(o->line, k)) {
        o->oom = true;
        return;
    }
    memcpy(o->line->text + o->line->len, p, k);
    o->line->len += k;
}

bool
jf_finish(struct jf_out *o)
{
    if (o->oom || !jf_reserve(o->line, 0))
        return false;
    o->line->text[o->line->len] = '\0';
    return true;
}

static void
jf_span(struct jf_out *o, enum jsonfmt_kind kind, size_t start, size_t len)
{
    struct jsonfmt_line *l = o->line;
    if (l->nspans == l->spans_cap) {
        size_t cap = l->spans_cap ? l->spans_cap * 2 : 16;
        struct jsonfmt_span *sp = realloc(l->spans, cap * sizeof *sp);
        if (sp == NULL) {
            o->oom = true;
            return;
        }
        l->spans = sp;
        l->spans_cap = cap;
    }
    l->spans[l->nspans++] = (struct jsonfmt_span){start, len, kind};
}

/* Inlined: one call per token is most of the writer's time. */
static inline __attribute__((always_inline)) void
jf_token(struct jf_out *o, enum jsonfmt_kind kind, const char *p, size_t k)
{
    if (o == NULL)
        return;
    if (o->color) {
        jf_put(o, "\033[", 2);
        jf_put(o, jf_sgr[kind], strlen(jf_sgr[kind]));
        jf_put(o, "m", 1);
    }
    if (o->spans)
        jf_span(o, kind, o->line->len, k);
    jf_put(o, p, k);
    if (o->color)
        jf_put(o, "\033[0m", 4);
}

static void
jf_indent(struct jf_out *o, size_t depth)
{
    static const char spaces[] = "                                "
                                 "                                ";
    size_t k = depth * JF_INDENT;
    while (k > 0 && !o->oom) {
        size_t c = k < sizeof spaces - 1 ? k : sizeof spaces - 1;
        jf_put(o, spaces, c);
        k -= c;
    }
}

/* ---- The line renderer ----------------------------------------------- */

static size_t
jf_ws(const char *s, size_t n, size_t p)
{
    while (p < n &&
           (s[p] == ' ' || s[p] == '\n' || s[p] == '\r' || s[p] == '\t'))
        p++;
    return p;
}

/* s[p] opens a (valid) string; the offset after its closing quote. */
static size_t
jf_string_end(const char *s, size_t n, size_t p)
{
    p++;
    for (;;) {
        const char *q = memchr(s + p, '"', n - p);
        if (q == NULL)
            return n;
        size_t k = (size_t)(q - s), b = k;
        while (b > p && s[b - 1] == '\\')
            b--;
        if ((k - b) % 2 == 0)
            return k + 1;
        p = k + 1;
    }
}

static bool
jf_scalar_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' ||
           c == '+' || c == '.' || c == 'E';
}

size_t
jf_step(const char *s, size_t n, size_t pos, size_t *depth, struct jf_out *o)
{
    if (o != NULL)
        jf_indent(o, *depth);
    for (;;) {
        char c = s[pos];
        if (c == '{' || c == '[') {
            size_t q = jf_ws(s, n, pos + 1);
            jf_token(o, JSONFMT_PUNCT, s + pos, 1);
            if (q < n && s[q] == (c == '{' ? '}' : ']')) {
                jf_token(o, JSONFMT_PUNCT, s + q, 1);
                pos = q + 1;
                break;
            }
            (*depth)++;
            return q;
        }
        if (c == '}' || c == ']') {
            jf_token(o, JSONFMT_PUNCT, s + pos, 1);
            pos++;
            break;
        }
        size_t end;
        if (c == '"') {
            end = jf_string_end(s, n, pos);
            size_t q = jf_ws(s, n, end);
            if (q < n && s[q] == ':') {
                jf_token(o, JSONFMT_KEY, s + pos, end - pos);
                jf_token(o, JSONFMT_PUNCT, ":", 1);
                if (o != NULL)
                    jf_put(o, " ", 1);
                pos = jf_ws(s, n, q + 1);
                continue;
            }
            jf_token(o, JSONFMT_STRING, s + pos, end - pos);
        } else {
            end = pos;
            while (end < n && jf_scalar_char(s[end]))
                end++;
            jf_token(o,
                     c == '-' || (c >= '0' && c <= '9') ? JSONFMT_NUMBER
                                                        : JSONFMT_LITERAL,
                     s + pos, end - pos);
        }
        pos = end;
        break;
    }
    /* After a value: a comma ends the line, a closing bracket starts the
     * next one a level up. */
    size_t q = jf_ws(s, n, pos);
    if (q >= n)
        return n;
    if (s[q] == ',') {
        jf_token(o, JSONFMT_PUNCT, s + q, 1);
        return jf_ws(s, n, q + 1);
    }
    (*depth)--;
    return q;
}

void
jsonfmt_line_free(struct jsonfmt_line *line)
{
    if (line == NULL)
        return;
    free(line->text);
    free(line->spans);
    memset(line, 0, sizeof *line);
}
