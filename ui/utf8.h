/* utf8.h — UTF-8 to code points and back, independent of the locale, so
 * text typed and stored as UTF-8 survives a non-UTF-8 terminal locale. */
#ifndef TETHER_UI_UTF8_H
#define TETHER_UI_UTF8_H

#include <stddef.h>
#include <wchar.h>

/* Decode one code point from s (NUL-terminated). Returns the bytes used
 * (at least 1 unless *s is NUL); an invalid byte decodes as U+FFFD. */
size_t utf8_decode(const char *s, wchar_t *out);

/* Encode c into buf (4 bytes at most). Returns the bytes written. */
size_t utf8_encode(wchar_t c, char buf[4]);

/* Columns a code point takes on screen: wcwidth, with non-printables and
 * unknowns as 1 and combining marks as 0. */
int utf8_cols(wchar_t c);

#endif
