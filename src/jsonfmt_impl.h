/* jsonfmt_impl.h — what the jsonfmt files share; not for other modules.
 *
 * jsonfmt.c validates, jsonfmt_render.c renders one pretty line at a time
 * (the writer loops over it), jsonfmt_index.c records where lines start. */
#ifndef TETHER_JSONFMT_IMPL_H
#define TETHER_JSONFMT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "jsonfmt.h"

/* Where rendered text goes: a growing line (text, and spans when
 * `spans`), with ANSI colours when `color`. `oom` is set when a buffer
 * could not grow; the text is then incomplete. */
struct jf_out {
    struct jsonfmt_line *line;
    bool spans;
    bool color;
    bool oom;
};

enum jf_state {
    ST_VALUE,          /* a value: top level, after ':' or ',' in an array */
    ST_VALUE_OR_CLOSE, /* after '[' */
    ST_KEY_OR_CLOSE,   /* after '{' */
    ST_KEY,            /* after ',' in an object */
    ST_COLON,          /* after a key */
    ST_AFTER,          /* after a value */
};

/* The nesting: one bit a level, 1 = object, 0 = array (heap, freed by
 * its owner). */
struct jf_stack {
    uint64_t *bits;
    size_t words;
    size_t depth;
};

/* Push a level; false when out of memory. */
bool jf_push(struct jf_stack *st, bool object);

/* Whether the innermost level (depth > 0) is an object. */
bool jf_top_is_object(const struct jf_stack *st);

/* What the validator wanted in `state` ("expected ',' or '}'"...). */
const char *jf_expected(enum jf_state state, const struct jf_stack *st);

/* Byte classes inside a string: 0 plain ASCII, 1 quote, 2 backslash, 3
 * control character, 4 a byte of a multi-byte UTF-8 sequence. */
extern const unsigned char jf_str_class[256];

/* The offset of the first byte at or after s[p] that is not plain ASCII
 * string content (class 0 above), or n. */
size_t jf_plain_run(const unsigned char *s, size_t n, size_t p);

/* Told where a pretty line starts (source offset of its first token) and
 * its depth, in order; returns false to stop (the validation then ends
 * with TS_NOMEM). */
typedef bool (*jf_line_fn)(void *ctx, size_t pos, size_t depth);

/* jsonfmt_validate(), also reporting each pretty line to `line` (when not
 * NULL) as the validation goes. */
tstatus jf_validate_lines(const char *body, size_t len, jf_line_fn line,
                          void *ctx, struct jsonfmt_error *je, struct err *e);

/* Offset of the first token: after a UTF-8 byte order mark and white
 * space. */
size_t jf_start(const char *s, size_t n);

/* Render the pretty line whose first token is at s[pos], at nesting
 * `*depth`, appending it (without newline) to o, or only measuring it when
 * o is NULL. The input must be valid JSON. Returns the offset of the next
 * line's first token, or n at the end, and sets *depth to that line's
 * depth. */
size_t jf_step(const char *s, size_t n, size_t pos, size_t *depth,
               struct jf_out *o);

/* Make room for k more bytes of text (plus the NUL); false when out of
 * memory. */
bool jf_reserve(struct jsonfmt_line *l, size_t k);

/* jf_put() when the text has to grow. */
void jf_put_grow(struct jf_out *o, const char *p, size_t k);

/* Append bytes to o's text (no span). The text is not NUL-terminated until
 * jf_finish(). */
static inline void
jf_put(struct jf_out *o, const char *p, size_t k)
{
    struct jsonfmt_line *l = o->line;
    if (l->text_cap - l->len > k) {
        memcpy(l->text + l->len, p, k);
        l->len += k;
    } else {
        jf_put_grow(o, p, k);
    }
}

/* NUL-terminate o's text; false when out of memory at any point. */
bool jf_finish(struct jf_out *o);

#endif
