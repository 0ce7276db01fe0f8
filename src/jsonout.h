/* jsonout.h — the one way tether writes a JSON document for output
 * (--json, export).
 *
 * cJSON escapes only what JSON demands (", \ and characters below U+0020).
 * The printer here also writes as \uXXXX what must not reach a terminal or
 * hides in text: DEL, C1 controls (U+0080..U+009F), bidi controls, U+2028,
 * U+2029 and the invisible format characters (text_needs_escape_cp();
 * above U+FFFF as a surrogate pair). A byte that is not valid UTF-8 is
 * written as \ufffd, so the output is always valid UTF-8 JSON. Every other
 * character is copied as it is. Escaping is lossless: a JSON reader gets
 * the same strings back. */
#ifndef TETHER_JSONOUT_H
#define TETHER_JSONOUT_H

#include <cJSON.h>
#include <stddef.h>

/* doc printed (formatted: tabs, one value per line) and escaped as above,
 * as a new NUL-terminated heap string the caller frees; the caller wipes it
 * first when doc holds secrets. No copy of the text is left behind in freed
 * memory (intermediate buffers are wiped). NULL when out of memory. */
char *jsonout_print(const cJSON *doc);

/* The escaping alone: text[0..n) (JSON text as cJSON writes it: strings
 * hold no raw character below U+0020) with the characters above written
 * as \uXXXX, as a new heap string; *out_len (when not NULL) gets its
 * length. NULL when out of memory. */
char *jsonout_escape(const char *text, size_t n, size_t *out_len);

#endif
