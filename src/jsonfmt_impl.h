/* jsonfmt_impl.h — what the jsonfmt files share; not for other modules.
 *
 * jsonfmt.c validates, jsonfmt_render.c renders one pretty line at a time
 * (the writer loops over it), jsonfmt_index.c records where lines start. */
#ifndef TETHER_JSONFMT_IMPL_H
#define TETHER_JSONFMT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
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
