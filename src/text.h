/* text.h — UTF-8, terminal columns and the renderer of untrusted text.
 *
 * The one place where tether decodes UTF-8, measures text in terminal
 * columns and turns untrusted bytes (server responses, files, pastes) into
 * something safe to show on a terminal. Nothing here depends on the locale:
 * text is UTF-8 whatever LC_CTYPE says, and the character tables are
 * generated from the Unicode data files (src/text_table.h, see
 * data/gen-text-table.py), not taken from the C library.
 *
 * Ownership: functions take (pointer, length) pairs and never keep them;
 * strings need no terminating NUL unless the name ends in _str. Output that
 * grows goes into a struct text_buf the caller owns (text_buf_free()
 * releases it). Nothing here allocates otherwise, keeps global state or
 * fails except for memory (buffer forms) and write errors (FILE forms).
 *
 * Columns. text_cp_width() gives a code point's own width: 2 for East Asian
 * Wide and Fullwidth and for Emoji_Presentation characters, 0 for
 * combining and enclosing marks, format characters, default ignorable code
 * points and Hangul medial/final jamo, 0 for control characters (they have
 * no width of their own: the renderer shows them escaped, so measure
 * rendered text), 1 otherwise, East Asian Ambiguous included.
 * Strings are measured by grapheme cluster (text_cluster()), a simplified
 * form of Unicode's extended grapheme clusters: a character together with
 * the marks, variation selectors, emoji modifiers, tags and joiners after
 * it. An emoji cluster is 2 columns: an emoji with U+FE0F (VS16) after it
 * ("🌦️", even though U+1F326 alone is 1), an emoji with a skin-tone
 * modifier, a pair of regional indicators (a flag) and a ZWJ sequence
 * ("👨‍👩‍👧", emoji joined by U+200D) each count as one 2-column
 * cluster, as kitty, WezTerm, foot, iTerm2 and Windows Terminal draw them.
 * Terminals that draw the parts side by side need more room (tmux 3.3 draws ZWJ
 * sequences and flags in 2 columns but a modifier sequence in 4 and "🌦️"
 * in 1; xterm draws each part). An invalid byte counts as 1 column (a terminal
 * draws U+FFFD). Truncation never splits a cluster.
 *
 * The renderer (text_render_*) shows what a terminal would otherwise act on
 * or hide: C0 controls and DEL as \xHH (\n, \t, \r for those three when
 * they are escaped), C1 controls sent as UTF-8 (U+0080..U+009F) as <U+009B>,
 * bytes that are not valid UTF-8 (raw C1 bytes included) as \x9b, the bidi
 * controls (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069), the
 * line and paragraph separators (U+2028, U+2029) and the invisible format
 * and default ignorable characters (U+200B, U+2060..U+2064, U+FEFF, U+00AD,
 * U+3164, ...; text_is_invisible_cp()) as <U+XXXX>. Kept as they are:
 * U+200C ZWNJ and U+200D ZWJ (needed by emoji sequences and by Arabic and
 * Indic scripts; they join or separate glyphs and cannot reorder or hide
 * text), variation selectors, and tag characters inside an emoji tag
 * sequence (after U+1F3F4 WAVING BLACK FLAG; elsewhere they are escaped).
 * Everything else valid is copied byte for byte. */
#ifndef TETHER_TEXT_H
#define TETHER_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- Decoding and encoding ------------------------------------------- */

#define TEXT_INVALID (-1)    /* s[0] does not start a valid sequence */
#define TEXT_INCOMPLETE (-2) /* a valid start, cut by the end of s */
#define TEXT_REPLACEMENT 0xFFFDu

/* Decode the code point at s[0..n) strictly: overlong forms, surrogates
 * (U+D800..U+DFFF), values past U+10FFFF, stray continuation bytes and
 * truncated sequences are refused. Returns the sequence length (1..4) and
 * sets *cp; TEXT_INCOMPLETE when the bytes are a valid beginning that n
 * cuts short (a stream may bring the rest); TEXT_INVALID when s[0] can
 * start no valid sequence (skip that one byte); 0 when n is 0. *cp is set
 * only on success. */
int text_decode(const char *s, size_t n, uint32_t *cp);

/* Decode one code point from s[0..n), never failing: an invalid or cut
 * sequence gives U+FFFD for one byte. Returns the bytes used (1..4), 0 only
 * when n is 0. */
size_t text_decode_lossy(const char *s, size_t n, uint32_t *cp);

/* text_decode_lossy() on a NUL-terminated string: returns 0 (and *cp 0) at
 * the terminating NUL. Reads no byte past the NUL. */
size_t text_decode_str(const char *s, uint32_t *cp);

/* Encode cp as UTF-8 into out (4 bytes at most, no NUL). Returns the bytes
 * written, 0 when cp is a surrogate or past U+10FFFF (nothing written). */
size_t text_encode(uint32_t cp, char out[4]);

/* Whether s[0..n) is entirely valid UTF-8 (as text_decode() judges). */
bool text_valid(const char *s, size_t n);

/* The offset of the first byte of s[0..n) that is not part of valid UTF-8
 * (a sequence cut by the end counts as invalid), or n when all of it is. */
size_t text_valid_len(const char *s, size_t n);

/* Code points in s[0..n), an invalid byte counting as one. For messages
 * that say "at character N" and for column numbers in a line. */
size_t text_count(const char *s, size_t n);

/* ---- Classes of code points ------------------------------------------ */

/* Columns cp takes on a terminal: 0, 1 or 2, as described at the top;
 * control characters, surrogates and values past U+10FFFF are 0. */
int text_cp_width(uint32_t cp);

/* C0 controls (U+0000..U+001F), DEL and C1 controls (U+0080..U+009F). */
bool text_is_control(uint32_t cp);

/* The Unicode bidi controls: U+061C, U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069. */
bool text_is_bidi_control(uint32_t cp);

/* Code points that must never reach a terminal as they are: controls
 * (text_is_control()), bidi controls, U+2028 and U+2029. A JSON printer
 * escapes these as \uXXXX (together with text_is_invisible_cp()). */
bool text_is_dangerous_cp(uint32_t cp);

/* Characters with no glyph that are not controls or bidi controls: format
 * characters and default ignorable code points (U+00AD, U+034F, U+115F,
 * U+180E, U+200B, U+2060..U+2064, U+3164, U+FEFF, U+FFA0, U+E0000..U+E0FFF
 * including the tag characters, ...) except U+200C, U+200D and the variation
 * selectors, which legitimate text needs. The renderer escapes them (tags
 * only outside an emoji tag sequence). */
bool text_is_invisible_cp(uint32_t cp);

/* text_is_dangerous_cp() || text_is_invisible_cp(): what a printer that
 * has no context (a JSON string escaper) should write as \uXXXX. */
bool text_needs_escape_cp(uint32_t cp);

/* Write "U+202E RIGHT-TO-LEFT OVERRIDE" (the name when tether knows it:
 * controls, bidi controls, joiners and the invisible characters; else just
 * "U+XXXX") into buf[0..size), NUL-terminated and cut to fit. Returns the
 * length it needed, like snprintf. */
size_t text_cp_describe(uint32_t cp, char *buf, size_t size);

/* A character a name or description must not contain, found by
 * text_find_hidden(). */
struct text_hit {
    uint32_t cp;  /* the code point, or the byte when invalid */
    size_t pos;   /* 1-based character position (text_count() of before) */
    size_t off;   /* byte offset */
    bool invalid; /* the byte at off is not valid UTF-8 */
};

/* Find the first character of s[0..n) that a name or description must not
 * contain because a reader cannot see it or it changes how the text around
 * it shows: invalid UTF-8, a dangerous code point (controls included: tab
 * and newline too), an invisible one (tags outside an emoji tag sequence),
 * and U+200C / U+200D unless both neighbours are visible non-ASCII
 * characters (as in an emoji ZWJ sequence or Persian text; "ad<ZWJ>min"
 * is refused). Returns true and fills *hit when one is found. */
bool text_find_hidden(const char *s, size_t n, struct text_hit *hit);

/* ---- Columns of strings ---------------------------------------------- */

/* The grapheme cluster at s[0..n) (see the top of this file): returns its
 * length in bytes (0 only when n is 0) and sets *cols to its columns. A
 * control character or an invalid byte is a cluster of its own (0 and 1
 * columns). For drawing text cluster by cluster. */
size_t text_cluster(const char *s, size_t n, int *cols);

/* Columns s[0..n) takes: the sum of its clusters' columns. */
size_t text_width(const char *s, size_t n);

/* text_width() of a NUL-terminated string (NULL is 0). */
size_t text_width_str(const char *s);

/* The longest prefix of s[0..n) that fits in cols columns without
 * splitting a cluster: returns its length in bytes; *used (when not NULL)
 * gets its columns (<= cols; less when a wide cluster does not fit). */
size_t text_truncate(const char *s, size_t n, size_t cols, size_t *used);

/* The shortest prefix of s[0..n) that is at least cols columns wide, for
 * scrolling sideways: returns its length in bytes; *skipped (when not
 * NULL) gets its columns, cols + 1 when a 2-column cluster straddles the
 * edge, less than cols when s is narrower. */
size_t text_skip(const char *s, size_t n, size_t cols, size_t *skipped);

#define TEXT_FIT_ASCII 1u /* ellipsis "~" instead of "…" (non-UTF-8 locale) */
#define TEXT_FIT_PAD 2u   /* pad with spaces to exactly cols columns */

/* The ellipsis text_fit() uses for those flags: "…" or "~" (1 column). */
const char *text_ellipsis(unsigned flags);

/* How to show s[0..n) in cols columns: when it fits, returns false and
 * *keep = n; when it does not, returns true and *keep is the prefix that
 * fits before a 1-column ellipsis (text_truncate() to cols - 1). *keep_cols
 * (when not NULL) gets the prefix's columns. For drawing in place. */
bool text_fit_cut(const char *s, size_t n, size_t cols, size_t *keep,
                  size_t *keep_cols);

/* A growable output buffer. The caller owns the struct and, through it,
 * `data` (heap, NULL until the first append); every append keeps data
 * NUL-terminated past len. Release with text_buf_free() or take data with
 * text_buf_take(). Appends fail only for memory, leaving the buffer as it
 * was. */
struct text_buf {
    char *data;
    size_t len;
    size_t cap;
};
#define TEXT_BUF_INIT                                                          \
    {                                                                          \
        NULL, 0, 0                                                             \
    }

/* Make b empty with no allocation. */
void text_buf_init(struct text_buf *b);

/* Free b's data and make it empty. */
void text_buf_free(struct text_buf *b);

/* Make room for `more` bytes past len (plus the NUL). false: no memory. */
bool text_buf_reserve(struct text_buf *b, size_t more);

/* Append s[0..n). false: no memory. */
bool text_buf_add(struct text_buf *b, const char *s, size_t n);

/* The data as a NUL-terminated heap string the caller frees ("" allocated
 * when empty; NULL only without memory); b is left empty. */
char *text_buf_take(struct text_buf *b);

/* Append s[0..n) cut to cols columns (text_truncate()) and spaces up to
 * exactly cols columns. false: no memory. */
bool text_pad(struct text_buf *out, const char *s, size_t n, size_t cols);

/* Append s[0..n) fitted to cols columns: as it is when it fits, else cut
 * and ended with the ellipsis of `flags` (TEXT_FIT_ASCII) so that the
 * whole is at most cols columns; with TEXT_FIT_PAD, padded with spaces to
 * exactly cols. Measure rendered text: render untrusted text first.
 * *used (when not NULL) gets the columns appended. false: no memory. */
bool text_fit(struct text_buf *out, const char *s, size_t n, size_t cols,
              unsigned flags, size_t *used);

/* ---- Is it text? ----------------------------------------------------- */

/* The one decision "show this body as text, or as binary (hex, base64)".
 * Looks at the first `sniff` bytes of buf[0..len) (all of them when sniff
 * is 0 or >= len). Binary when they hold a NUL byte, bytes that are not
 * valid UTF-8 (a sequence cut by the sniff limit, not by len, is fine), or
 * when more than one code point in ten is a control character other than
 * tab, LF, CR, FF, VT and ESC (C1 controls and DEL count). Text otherwise;
 * an empty body is text. O(sniff). */
bool text_looks_binary(const char *buf, size_t len, size_t sniff);

/* ---- The renderer of untrusted text ---------------------------------- */

#define TEXT_R_NEWLINES 1u   /* keep LF as it is (else "\n") */
#define TEXT_R_TABS 2u       /* keep TAB as it is (else "\t") */
#define TEXT_R_CRLF 4u       /* keep a CR directly before LF (with NEWLINES) */
#define TEXT_R_ASCII 8u      /* every non-ASCII code point as <U+XXXX> */
#define TEXT_R_BACKSLASH 16u /* a backslash as "\\", so escapes are unique */
/* A body of several lines; a one-line field (a reason phrase) uses 0. */
#define TEXT_R_MULTILINE (TEXT_R_NEWLINES | TEXT_R_TABS | TEXT_R_CRLF)

/* State of a renderer fed in chunks: the bytes of a UTF-8 sequence (or a
 * CR waiting for its LF) cut by the end of a chunk wait here for the next.
 * Plain data, no allocation: nothing to free. */
struct text_render {
    unsigned flags;
    unsigned char pend[4]; /* private */
    unsigned char npend;   /* private */
    uint32_t prev;         /* private: the last code point shown */
};

/* Start a renderer with TEXT_R_* flags. */
void text_render_init(struct text_render *r, unsigned flags);

/* Render the next chunk s[0..n) onto out. A sequence cut at the end waits
 * for the next call or text_render_finish(). O(n); output is about n bytes
 * for ordinary text, 4 bytes per invalid input byte at most, 10 per escaped
 * code point. false: no memory (out keeps what was appended). */
bool text_render_feed(struct text_render *r, const char *s, size_t n,
                      struct text_buf *out);

/* End the stream: what waited (a cut sequence, a lone CR) is shown
 * escaped. The renderer can then be used again from scratch. */
bool text_render_finish(struct text_render *r, struct text_buf *out);

/* text_render_feed() and text_render_finish() writing to f instead. false:
 * a write failed (errno as fwrite left it). */
bool text_render_feed_file(struct text_render *r, const char *s, size_t n,
                           FILE *f);
bool text_render_finish_file(struct text_render *r, FILE *f);

/* Render all of s[0..n) with `flags` onto out (init, feed, finish). */
bool text_render(struct text_buf *out, const char *s, size_t n, unsigned flags);

/* Render all of s[0..n) with `flags` to f. false: a write failed. */
bool text_render_file(FILE *f, const char *s, size_t n, unsigned flags);

/* text_render() of s[0..n) as a new heap string the caller frees; NULL
 * without memory. For one-line fields in messages. */
char *text_render_dup(const char *s, size_t n, unsigned flags);

#endif
