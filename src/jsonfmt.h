/* jsonfmt.h — validate and pretty-print JSON without building a tree.
 *
 * One formatter for the response viewer and the command line. Everything
 * but the stream works on a body held in memory, front to back, with
 * bounded state (a bit
 * per nesting level): no tree is built, so a 50 MB body costs the body plus
 * a line index of 8 bytes a line, and nesting a million levels deep costs
 * 128 KiB. Building an index validates in the same pass; the writer
 * validates in a first pass so that it writes nothing for invalid input.
 *
 * The pretty form: two spaces of indentation per level, one value (or key:
 * value) per line, "key": value with one space after the colon, empty
 * containers as {} and [], strings and numbers exactly as written (escapes
 * such as \u00e9 and surrogate pairs are kept), a newline after the last
 * line. Validation follows RFC 8259; a leading UTF-8 byte order mark is
 * ignored. Invalid input is reported by byte offset, line and column (in
 * characters) and what was expected there.
 *
 * Two outputs: jsonfmt_stream (and jsonfmt_write() over it) writes the
 * pretty text as the input arrives, in chunks, with constant memory; a
 * jsonfmt_index renders any single line on demand with colour spans, so a
 * viewer never holds the formatted text. Both lay lines out alike (the
 * tests check that they agree line for line). */
#ifndef TETHER_JSONFMT_H
#define TETHER_JSONFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"

/* What a piece of a rendered line is, for colours. Indentation and the
 * space after a colon carry no span. */
enum jsonfmt_kind {
    JSONFMT_PUNCT,  /* { } [ ] , : */
    JSONFMT_KEY,    /* an object member name, quotes included */
    JSONFMT_STRING, /* a string value, quotes included */
    JSONFMT_NUMBER,
    JSONFMT_LITERAL, /* true false null */
    JSONFMT_KINDS,
};

/* Flags. */
#define JSONFMT_COLOR 0x1u /* jsonfmt_write: ANSI colours around tokens */
#define JSONFMT_RAW 0x2u   /* jsonfmt_index_build: plain lines, no JSON */
/* Writers: for a terminal, every code point of a string that must not
 * reach one raw (text_needs_escape_cp(), and DEL) as \uXXXX: the same
 * JSON, safe to show. */
#define JSONFMT_SAFE 0x4u

/* Where input stopped being JSON. */
struct jsonfmt_error {
    size_t offset; /* byte offset of the offending byte (len at the end) */
    size_t line;   /* 1-based */
    size_t column; /* 1-based, in UTF-8 characters */
    char what[96]; /* e.g. "expected ',' or '}'" */
};

/* A sink for jsonfmt_write: consume len bytes, return false on failure. */
typedef bool (*jsonfmt_sink)(void *ctx, const char *data, size_t len);

/* True when a media type is JSON: application/json or any type ending in
 * +json (case-insensitive, parameters such as charset ignored). NULL is not
 * JSON. */
bool jsonfmt_is_json_type(const char *content_type);

/* True when a body should be shown as JSON: its content type is JSON, or its
 * first non-white-space byte (after a byte order mark) is '{' or '['. Only
 * a guess: jsonfmt_validate() decides. */
bool jsonfmt_looks_like(const char *content_type, const char *body, size_t len);

/* Check that body[0..len) is one JSON text. Returns TS_OK, TS_INVALID (je,
 * when not NULL, says where and what, and e holds "invalid JSON at line L,
 * column C: ..." for field "body") or TS_NOMEM. */
tstatus jsonfmt_validate(const char *body, size_t len, struct jsonfmt_error *je,
                         struct err *e);

/* Pretty-print body to sink in pieces of at most about 64 KiB (a longer
 * string is passed whole). The body is validated first, so on invalid
 * input nothing at all is written and TS_INVALID is returned as by
 * jsonfmt_validate(); the caller may then show the body raw. flags:
 * JSONFMT_COLOR, JSONFMT_SAFE. A sink failure gives TS_IO. */
tstatus jsonfmt_write(const char *body, size_t len, unsigned flags,
                      jsonfmt_sink sink, void *ctx, struct jsonfmt_error *je,
                      struct err *e);

/* jsonfmt_write() to a stdio stream (not flushed). */
tstatus jsonfmt_write_file(const char *body, size_t len, unsigned flags,
                           FILE *f, struct jsonfmt_error *je, struct err *e);

/* jsonfmt_write() into a new NUL-terminated heap string the caller frees
 * (*out is set only on success). */
tstatus jsonfmt_format(const char *body, size_t len, unsigned flags, char **out,
                       size_t *out_len, struct jsonfmt_error *je,
                       struct err *e);

/* ---- Streaming, for bodies of any size ---------------------------- */

/* A pretty-printer fed in chunks, writing the same text as jsonfmt_write()
 * while the bytes arrive: memory stays a few bytes of state, a 64 KiB
 * output buffer and one bit per nesting level, whatever the size of the
 * body or of a string in it. Output is flushed to the sink at the end of
 * every feed, so a slow body shows as it comes. */
struct jsonfmt_stream;

/* Start one; flags: JSONFMT_COLOR, JSONFMT_SAFE. The sink and ctx are
 * borrowed until jsonfmt_stream_free(). TS_NOMEM only. */
tstatus jsonfmt_stream_new(unsigned flags, jsonfmt_sink sink, void *ctx,
                           struct jsonfmt_stream **out, struct err *e);

/* The next chunk p[0..n). TS_OK; TS_INVALID when the text stops being
 * JSON in this chunk: *je (when not NULL) says where, as
 * jsonfmt_validate() does (the start of a literal, an escape or a UTF-8
 * sequence in error), counted from the start of the whole text; e holds
 * "invalid JSON at line L, column C: ...", and *used (when not NULL) is
 * the offset in this chunk where reading stopped. Everything before it
 * has then been written (pretty, with any colour closed), nothing from it
 * on: to lose no byte, the caller writes p[used..n) and what follows as
 * it is. The stream takes no more input after an error. TS_IO when the
 * sink failed, TS_NOMEM. */
tstatus jsonfmt_stream_feed(struct jsonfmt_stream *s, const char *p, size_t n,
                            size_t *used, struct jsonfmt_error *je,
                            struct err *e);

/* The end of the text: the final newline, or TS_INVALID when the text
 * stopped short (an unterminated string, an open container; *je as
 * above, nothing more to write). TS_IO, TS_NOMEM as above. */
tstatus jsonfmt_stream_finish(struct jsonfmt_stream *s,
                              struct jsonfmt_error *je, struct err *e);

void jsonfmt_stream_free(struct jsonfmt_stream *s);

/* The SGR parameters jsonfmt_write uses for a kind ("1;34" for keys ...),
 * for front ends that want the same palette. */
const char *jsonfmt_ansi(enum jsonfmt_kind kind);

/* ---- Line index, for viewers --------------------------------------- */

/* A piece of a rendered line: text[start .. start+len) is of `kind`. */
struct jsonfmt_span {
    size_t start;
    size_t len;
    enum jsonfmt_kind kind;
};

/* One rendered line, reused from call to call (zero-initialise it, free it
 * with jsonfmt_line_free). text is NUL-terminated and holds no newline. */
struct jsonfmt_line {
    char *text;
    size_t len;
    struct jsonfmt_span *spans;
    size_t nspans;
    size_t text_cap, spans_cap; /* private */
};

struct jsonfmt_index;

/* Index the lines of body (which must stay alive and unchanged while the
 * index is used): 8 bytes per pretty-printed line, its source offset and
 * depth. Invalid JSON (or JSONFMT_RAW in flags, for any text) gives an index
 * of the body's own lines instead, split at '\n' with a trailing '\r'
 * dropped, and jsonfmt_index_error() says why it is not JSON. Returns TS_OK
 * with *out set, or TS_NOMEM. Free with jsonfmt_index_free(). */
tstatus jsonfmt_index_build(const char *body, size_t len, unsigned flags,
                            struct jsonfmt_index **out, struct err *e);

/* The number of lines. */
size_t jsonfmt_index_count(const struct jsonfmt_index *idx);

/* True when the lines are pretty-printed JSON, false when raw. */
bool jsonfmt_index_is_json(const struct jsonfmt_index *idx);

/* Why the body is shown raw: the first JSON error, or NULL when the body is
 * JSON or JSONFMT_RAW was asked for. Valid as long as the index. Its line
 * is also the raw line to show (index line - 1), as both split at '\n'. */
const struct jsonfmt_error *
jsonfmt_index_error(const struct jsonfmt_index *idx);

/* Bytes of memory the index holds (not counting the body). */
size_t jsonfmt_index_memory(const struct jsonfmt_index *idx);

/* Render line i (0-based, < count) into *out, with colour spans when JSON
 * (raw lines have none). Identical to line i of jsonfmt_write() without
 * colours. Returns TS_OK, TS_INVALID for i out of range, or TS_NOMEM. */
tstatus jsonfmt_index_line(const struct jsonfmt_index *idx, size_t i,
                           struct jsonfmt_line *out, struct err *e);

/* Search rendered lines for needle (icase: ASCII case-insensitive), from
 * line `from` inclusive towards the end, or towards the start when
 * backward. Sets *found and returns true on a match; false when none (or
 * out of memory). A needle without white space or JSON punctuation is
 * looked for in the body's bytes at memory speed; others cost rendering
 * each line searched. */
bool jsonfmt_index_find(const struct jsonfmt_index *idx, const char *needle,
                        size_t nlen, size_t from, bool backward, bool icase,
                        size_t *found);

/* The first occurrence of needle in hay, or NULL; icase as above. For
 * highlighting matches within a rendered line. */
const char *jsonfmt_memfind(const char *hay, size_t hlen, const char *needle,
                            size_t nlen, bool icase);

/* Release a line's buffers (the struct itself is the caller's). */
void jsonfmt_line_free(struct jsonfmt_line *line);

/* Release an index (the body stays the caller's). NULL is allowed. */
void jsonfmt_index_free(struct jsonfmt_index *idx);

#endif
