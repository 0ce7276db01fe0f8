/* jsonout.c — see jsonout.h. */
#include "jsonout.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Bytes the escaped form of the code point at s[0..n) takes and, when out
 * is not NULL, the bytes themselves. *used gets the input bytes. */
static size_t
jsonout_one(const char *s, size_t n, size_t *used, char *out)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x7f) {
        *used = 1;
        if (out != NULL)
            out[0] = (char)c;
        return 1;
    }
    uint32_t cp;
    int d = text_decode(s, n, &cp);
    if (d <= 0) {
        *used = 1;
        cp = TEXT_REPLACEMENT;
    } else {
        *used = (size_t)d;
        if (cp != 0x7f && !text_needs_escape_cp(cp)) {
            if (out != NULL)
                memcpy(out, s, (size_t)d);
            return (size_t)d;
        }
    }
    if (cp < 0x10000) {
        if (out != NULL)
            snprintf(out, 7, "\\u%04x", (unsigned)cp);
        return 6;
    }
    uint32_t v = cp - 0x10000;
    if (out != NULL) {
        snprintf(out, 7, "\\u%04x", (unsigned)(0xd800 + (v >> 10)));
        snprintf(out + 6, 7, "\\u%04x", (unsigned)(0xdc00 + (v & 0x3ff)));
    }
    return 12;
}

char *
jsonout_escape(const char *text, size_t n, size_t *out_len)
{
    size_t need = 0, used;
    for (size_t i = 0; i < n; i += used)
        need += jsonout_one(text + i, n - i, &used, NULL);
    char *out = malloc(need + 1);
    if (out == NULL)
        return NULL;
    size_t o = 0;
    char tmp[13];
    for (size_t i = 0; i < n; i += used) {
        size_t k = jsonout_one(text + i, n - i, &used, tmp);
        memcpy(out + o, tmp, k);
        o += k;
    }
    sodium_memzero(tmp, sizeof tmp);
    out[o] = '\0';
    if (out_len != NULL)
        *out_len = o;
    return out;
}

/* Print doc into a buffer of our own, so that no copy of the text (which
 * may hold secrets) is left behind in memory cJSON reallocated and freed.
 * NULL when out of memory. */
static char *
jsonout_raw(const cJSON *doc)
{
    for (size_t len = 16384; len <= ((size_t)1 << 30); len *= 2) {
        char *buf = malloc(len);
        if (buf == NULL)
            return NULL;
        if (cJSON_PrintPreallocated((cJSON *)doc, buf, (int)len, true))
            return buf;
        sodium_memzero(buf, len);
        free(buf);
    }
    return NULL;
}

char *
jsonout_print(const cJSON *doc)
{
    if (doc == NULL)
        return NULL;
    char *raw = jsonout_raw(doc);
    if (raw == NULL)
        return NULL;
    size_t n = strlen(raw);
    char *out = jsonout_escape(raw, n, NULL);
    sodium_memzero(raw, n);
    free(raw);
    return out;
}
