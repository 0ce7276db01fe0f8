/* jsonfmt_index.c — where each pretty line starts, so a viewer can render
 * any line of a large body on demand, and search in what it shows.
 *
 * The index is sparse: one uint64_t for every JF_STRIDE-th line (its
 * first token's source offset in the low 40 bits, its depth in the high
 * 24; raw lines — invalid JSON, or asked for — store only the offset).
 * The lines between are found by stepping forward from the one before,
 * at most JF_STRIDE - 1 steps, so a body costs about half a byte of index
 * per line while any line is still rendered in constant time. */
#include "jsonfmt.h"
#include "jsonfmt_impl.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JF_OFF_BITS 40
#define JF_OFF_MASK (((uint64_t)1 << JF_OFF_BITS) - 1)
#define JF_DEPTH_MAX (((uint64_t)1 << (64 - JF_OFF_BITS)) - 1)
#define JF_STRIDE 16

struct jsonfmt_index {
    const char *body;
    size_t len;
    uint64_t *lines; /* lines 0, JF_STRIDE, 2 * JF_STRIDE, ... */
    size_t nlines;   /* entries in lines[] */
    size_t n, cap;   /* n: lines in all; cap: room in lines[] */
    bool json;
    bool has_error;
    bool too_big; /* recording stopped: an entry could not hold a line */
    struct jsonfmt_error error;
};

/* Count one more line; keep its entry when it starts a stride. */
static bool
jf_index_push(struct jsonfmt_index *idx, uint64_t entry)
{
    if (idx->n++ % JF_STRIDE != 0)
        return true;
    if (idx->nlines == idx->cap) {
        size_t cap = idx->cap ? idx->cap + idx->cap / 2 : 1024;
        uint64_t *l = realloc(idx->lines, cap * sizeof *l);
        if (l == NULL)
            return false;
        idx->lines = l;
        idx->cap = cap;
    }
    idx->lines[idx->nlines++] = entry;
    return true;
}

/* Where a line starts, and its depth: the index's way to walk lines. */
struct jf_cursor {
    size_t line, off, depth;
};

/* Move c to the next line (c->line must be below idx->n). */
static void
jf_cursor_next(const struct jsonfmt_index *idx, struct jf_cursor *c)
{
    if (idx->json) {
        c->off = jf_step(idx->body, idx->len, c->off, &c->depth, NULL);
    } else {
        const char *nl = memchr(idx->body + c->off, '\n', idx->len - c->off);
        c->off = nl != NULL ? (size_t)(nl - idx->body) + 1 : idx->len;
    }
    c->line++;
}

/* A cursor on line i (below idx->n). */
static struct jf_cursor
jf_cursor_at(const struct jsonfmt_index *idx, size_t i)
{
    uint64_t e = idx->lines[i / JF_STRIDE];
    struct jf_cursor c = {
        .line = i - i % JF_STRIDE,
        .off = (size_t)(e & JF_OFF_MASK),
        .depth = idx->json ? (size_t)(e >> JF_OFF_BITS) : 0,
    };
    while (c.line < i)
        jf_cursor_next(idx, &c);
    return c;
}

/* jf_line_fn for jf_validate_lines(): record a pretty line. Stops at a
 * depth or offset an entry cannot hold (setting too_big) and when out of
 * memory. */
static bool
jf_index_line_cb(void *ctx, size_t pos, size_t depth)
{
    struct jsonfmt_index *idx = ctx;
    if (depth > JF_DEPTH_MAX || (uint64_t)pos > JF_OFF_MASK) {
        idx->too_big = true;
        return false;
    }
    return jf_index_push(idx, (uint64_t)pos | (uint64_t)depth << JF_OFF_BITS);
}

static bool
jf_index_raw(struct jsonfmt_index *idx)
{
    const char *s = idx->body, *end = s + idx->len;
    if (idx->len == 0)
        return true;
    if (!jf_index_push(idx, 0))
        return false;
    for (const char *p = s; (p = memchr(p, '\n', (size_t)(end - p))) != NULL;) {
        p++;
        if (p < end && !jf_index_push(idx, (uint64_t)(p - s)))
            return false;
    }
    return true;
}

tstatus
jsonfmt_index_build(const char *body, size_t len, unsigned flags,
                    struct jsonfmt_index **out, struct err *e)
{
    struct jsonfmt_index *idx = calloc(1, sizeof *idx);
    if (idx == NULL)
        return err_set(e, TS_NOMEM, "body", "out of memory indexing a body");
    idx->body = body;
    idx->len = len;

    bool oom = false;
    if (!(flags & JSONFMT_RAW)) {
        tstatus st = jf_validate_lines(body, len, jf_index_line_cb, idx,
                                       &idx->error, NULL);
        if (st == TS_OK) {
            idx->json = true;
        } else if (idx->too_big) {
            /* Valid so far, but an entry cannot describe it: show it raw. */
            snprintf(idx->error.what, sizeof idx->error.what,
                     "too large or too deeply nested to format");
            idx->error.line = idx->error.column = 1;
            idx->has_error = true;
        } else if (st == TS_NOMEM) {
            oom = true;
        } else {
            idx->has_error = true;
        }
        if (!idx->json)
            idx->n = idx->nlines = 0;
    }
    if (!oom && !idx->json && !jf_index_raw(idx))
        oom = true;
    if (oom) {
        jsonfmt_index_free(idx);
        return err_set(e, TS_NOMEM, "body", "out of memory indexing a body");
    }
    if (idx->nlines > 0 && idx->nlines < idx->cap) {
        uint64_t *l = realloc(idx->lines, idx->nlines * sizeof *l);
        if (l != NULL) {
            idx->lines = l;
            idx->cap = idx->nlines;
        }
    }
    *out = idx;
    return TS_OK;
}

size_t
jsonfmt_index_count(const struct jsonfmt_index *idx)
{
    return idx->n;
}

bool
jsonfmt_index_is_json(const struct jsonfmt_index *idx)
{
    return idx->json;
}

const struct jsonfmt_error *
jsonfmt_index_error(const struct jsonfmt_index *idx)
{
    return idx->has_error ? &idx->error : NULL;
}

size_t
jsonfmt_index_memory(const struct jsonfmt_index *idx)
{
    return sizeof *idx + idx->cap * sizeof *idx->lines;
}

/* Render the line under c into o (which has been emptied) and move c to
 * the next line. */
static void
jf_cursor_render(const struct jsonfmt_index *idx, struct jf_cursor *c,
                 struct jf_out *o)
{
    size_t off = c->off;
    if (idx->json) {
        c->off = jf_step(idx->body, idx->len, off, &c->depth, o);
        c->line++;
        return;
    }
    jf_cursor_next(idx, c);
    size_t end = c->off;
    if (end > off && idx->body[end - 1] == '\n')
        end--;
    if (end > off && idx->body[end - 1] == '\r')
        end--;
    jf_put(o, idx->body + off, end - off);
}

/* Render line i into o (which has been emptied). */
static void
jf_index_render(const struct jsonfmt_index *idx, size_t i, struct jf_out *o)
{
    struct jf_cursor c = jf_cursor_at(idx, i);
    jf_cursor_render(idx, &c, o);
}

tstatus
jsonfmt_index_line(const struct jsonfmt_index *idx, size_t i,
                   struct jsonfmt_line *out, struct err *e)
{
    if (i >= idx->n)
        return err_set(e, TS_INVALID, "line", "no line %zu (there are %zu)",
                       i + 1, idx->n);
    out->len = 0;
    out->nspans = 0;
    struct jf_out o = {.line = out, .spans = true};
    jf_index_render(idx, i, &o);
    if (!jf_finish(&o))
        return err_set(e, TS_NOMEM, "body", "out of memory rendering a line");
    return TS_OK;
}

/* ASCII case-insensitive comparison of n bytes. */
static bool
jf_caseeq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
            return false;
    return true;
}

const char *
jsonfmt_memfind(const char *hay, size_t hlen, const char *needle, size_t nlen,
                bool icase)
{
    if (nlen == 0 || nlen > hlen)
        return nlen == 0 ? hay : NULL;
    const char *last = hay + hlen - nlen; /* the last possible start */
    int first = (unsigned char)needle[0];
    int other = first;
    if (icase) {
        first = tolower(first);
        other = toupper(first);
    }
    /* Candidates are the next occurrences of the first byte in either
     * case; memchr finds them at memory speed. */
    size_t span = (size_t)(last - hay) + 1;
    const char *a = memchr(hay, first, span);
    const char *b = other != first ? memchr(hay, other, span) : NULL;
    while (a != NULL || b != NULL) {
        bool take_a = b == NULL || (a != NULL && a < b);
        const char *p = take_a ? a : b;
        if (icase ? jf_caseeq(p + 1, needle + 1, nlen - 1)
                  : memcmp(p + 1, needle + 1, nlen - 1) == 0)
            return p;
        if (p == last)
            break;
        const char *next =
            memchr(p + 1, take_a ? first : other, (size_t)(last - p));
        if (take_a)
            a = next;
        else
            b = next;
    }
    return NULL;
}

static size_t
jf_line_off(const struct jsonfmt_index *idx, size_t i)
{
    return i < idx->n ? jf_cursor_at(idx, i).off : idx->len;
}

/* The line whose source bytes hold offset `at` (not before line 0). */
static size_t
jf_line_at(const struct jsonfmt_index *idx, size_t at)
{
    size_t lo = 0, hi = idx->nlines; /* stride lo starts at or before */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if ((size_t)(idx->lines[mid] & JF_OFF_MASK) <= at)
            lo = mid;
        else
            hi = mid;
    }
    struct jf_cursor c = jf_cursor_at(idx, lo * JF_STRIDE);
    for (;;) {
        struct jf_cursor next = c;
        if (next.line + 1 >= idx->n)
            return c.line;
        jf_cursor_next(idx, &next);
        if (next.off > at)
            return c.line;
        c = next;
    }
}

/* True when a needle's matches in rendered lines are exactly its matches
 * in each line's source bytes (from the line's first token to the next
 * line's), so the search can skip rendering: the pretty form only changes
 * white space and what separates tokens, and copies tokens verbatim, so a
 * needle without white space and structural punctuation can only match
 * inside one token. Raw lines differ from the source only by their line
 * ends. */
static bool
jf_source_searchable(const struct jsonfmt_index *idx, const char *needle,
                     size_t nlen)
{
    const char *stop = idx->json ? " \t\r\n{}[],:" : "\r\n";
    for (size_t i = 0; i < nlen; i++)
        if (memchr(stop, needle[i], strlen(stop)) != NULL)
            return false;
    return true;
}

static bool
jf_find_in_source(const struct jsonfmt_index *idx, const char *needle,
                  size_t nlen, size_t from, bool backward, bool icase,
                  size_t *found)
{
    const char *s = idx->body;
    if (!backward) {
        size_t at = jf_line_off(idx, from);
        const char *hit =
            jsonfmt_memfind(s + at, idx->len - at, needle, nlen, icase);
        if (hit == NULL)
            return false;
        *found = jf_line_at(idx, (size_t)(hit - s));
        return true;
    }
    /* Backward: the last match in the bytes up to the end of line `from`,
     * a stride of lines at a time. */
    size_t end = jf_line_off(idx, from + 1);
    for (size_t b = from / JF_STRIDE;; b--) {
        size_t start = (size_t)(idx->lines[b] & JF_OFF_MASK);
        const char *last = NULL;
        for (const char *p = s + start;
             (p = jsonfmt_memfind(p, (size_t)(s + end - p), needle, nlen,
                                  icase)) != NULL;
             p++)
            last = p;
        if (last != NULL) {
            *found = jf_line_at(idx, (size_t)(last - s));
            return true;
        }
        if (b == 0)
            return false;
        end = start;
    }
}

bool
jsonfmt_index_find(const struct jsonfmt_index *idx, const char *needle,
                   size_t nlen, size_t from, bool backward, bool icase,
                   size_t *found)
{
    if (idx->n == 0 || nlen == 0)
        return false;
    if (from >= idx->n) {
        if (!backward)
            return false;
        from = idx->n - 1;
    }
    if (jf_source_searchable(idx, needle, nlen))
        return jf_find_in_source(idx, needle, nlen, from, backward, icase,
                                 found);

    struct jsonfmt_line line = {0};
    struct jf_out o = {.line = &line};
    bool hit = false;
    struct jf_cursor c = jf_cursor_at(idx, from);
    for (size_t i = from;;) {
        line.len = 0;
        if (backward) /* each line from its stride's start */
            jf_index_render(idx, i, &o);
        else
            jf_cursor_render(idx, &c, &o); /* and on to the next */
        if (o.oom)
            break;
        if (jsonfmt_memfind(line.text, line.len, needle, nlen, icase)) {
            *found = i;
            hit = true;
            break;
        }
        if (backward ? i-- == 0 : ++i >= idx->n)
            break;
    }
    jsonfmt_line_free(&line);
    return hit;
}

void
jsonfmt_index_free(struct jsonfmt_index *idx)
{
    if (idx == NULL)
        return;
    free(idx->lines);
    free(idx);
}
