/* redact.h — where an integration's secrets are in a piece of text.
 *
 * The one rule for "which bytes are a secret": the integration's API key,
 * password, client secret and tokens, and for Basic auth the base64 of
 * "user:password" (so "Authorization: Basic ..." and "Bearer <token>" are
 * found through their values), however a server or client spelled them: as
 * is, percent-encoded (either case, any mix), form-encoded ('+' for a
 * space), JSON-escaped (\", \/, \uXXXX with surrogate pairs, and UTF-8
 * read as Latin-1 then escaped). History redacts what it keeps with it,
 * the screens mask what they show and copy, the command line what it
 * prints.
 *
 * Ownership: a struct redact_secrets holds copies of the values, wiped
 * when freed; it does not refer to the integration after
 * redact_secrets_new() returns. Text is (pointer, length), never kept. */
#ifndef TETHER_REDACT_H
#define TETHER_REDACT_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "model.h"

/* What redact_replace() puts in place of a secret in kept text. */
#define REDACT_MARK "[redacted]"
/* Secrets shorter than this are not searched for in free text (a one- or
 * two-character "secret" would blank out everything); the auth header and
 * query parameter the engine adds are redacted whatever their length. */
#define REDACT_MIN_SECRET 3

/* The secrets of one integration, ready to be looked for. */
struct redact_secrets;

/* Collect ig's secrets that are in memory (values not loaded are not
 * looked for), and the values in ig->secret_values. ig may be NULL: nothing is
 * found. Free with redact_secrets_free(). */
tstatus redact_secrets_new(const struct integration *ig,
                           struct redact_secrets **out, struct err *e);

/* Wipe and free (NULL is fine). */
void redact_secrets_free(struct redact_secrets *rs);

/* How many values rs looks for (0: no text ever holds a secret). */
size_t redact_secrets_count(const struct redact_secrets *rs);

/* A secret in a text: bytes [off, off + len). */
struct redact_span {
    size_t off;
    size_t len;
};

/* The spans of rs's secrets in text[0..len), in order, not overlapping,
 * each the longest spelling starting at its offset. Fills up to max
 * entries of spans and returns how many it filled (max: there may be
 * more; look again from the end of the last). rs NULL: none. */
size_t redact_find_spans(const struct redact_secrets *rs, const char *text,
                         size_t len, struct redact_span *spans, size_t max);

/* A new copy of text[0..len) with every span redact_find_spans() finds
 * replaced by `mark` (REDACT_MARK when NULL). *out_len (may be NULL) gets
 * its length; the copy is NUL-terminated too. NULL when out of memory. */
char *redact_replace(const struct redact_secrets *rs, const char *text,
                     size_t len, const char *mark, size_t *out_len);

/* redact_replace() with ig's secrets and REDACT_MARK (text NULL: ""). */
char *redact_text(const struct integration *ig, const char *text, size_t len,
                  size_t *out_len);

#endif
