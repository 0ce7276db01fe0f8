/* redact.c — see redact.h. Matching walks the text and the secret
 * together, reading each escape at the text's position either as the byte
 * it stands for or as itself, so spellings mix freely. */
#include "redact.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Backtracking steps allowed per position (escapes can be read two ways). */
#define MATCH_BUDGET 4096

struct redact_secrets {
    char **s; /* owned, wiped when freed */
    size_t n, cap;
};

void
redact_secrets_free(struct redact_secrets *hs)
{
    if (hs == NULL)
        return;
    for (size_t i = 0; i < hs->n; i++) {
        sodium_memzero(hs->s[i], strlen(hs->s[i]));
        free(hs->s[i]);
    }
    free(hs->s);
    free(hs);
}

/* Take ownership of s (NULL = out of memory). Too short: dropped. */
static bool
secrets_add(struct redact_secrets *hs, char *s)
{
    if (s == NULL)
        return false;
    if (strlen(s) < REDACT_MIN_SECRET) {
        sodium_memzero(s, strlen(s));
        free(s);
        return true;
    }
    if (hs->n == hs->cap) {
        size_t cap = hs->cap ? hs->cap * 2 : 8;
        char **grown = realloc(hs->s, cap * sizeof *grown);
        if (grown == NULL) {
            sodium_memzero(s, strlen(s));
            free(s);
            return false;
        }
        hs->s = grown;
        hs->cap = cap;
    }
    hs->s[hs->n++] = s;
    return true;
}

static char *
basic_b64(const char *user, const char *pw)
{
    size_t n = strlen(user) + 1 + strlen(pw);
    char *raw = malloc(n + 1);
    size_t blen = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
    char *b = malloc(blen);
    if (raw == NULL || b == NULL) {
        free(raw);
        free(b);
        return NULL;
    }
    snprintf(raw, n + 1, "%s:%s", user, pw);
    sodium_bin2base64(b, blen, (const unsigned char *)raw, n,
                      sodium_base64_VARIANT_ORIGINAL);
    sodium_memzero(raw, n);
    free(raw);
    return b;
}

tstatus
redact_secrets_new(const struct integration *ig, struct redact_secrets **out,
                   struct err *e)
{
    struct redact_secrets *hs = calloc(1, sizeof *hs);
    bool ok = hs != NULL;
    if (ok && ig != NULL) {
        size_t n = 0;
        struct secret_ref *refs =
            integration_secrets((struct integration *)ig, &n);
        ok = refs != NULL;
        for (size_t i = 0; ok && i < n; i++) {
            const char *v = refs[i].secret->value;
            if (v != NULL && v[0] != '\0')
                ok = secrets_add(hs, strdup(v));
        }
        free(refs);
        if (ok && ig->basic.password.value != NULL &&
            ig->basic.username != NULL)
            ok = secrets_add(
                hs, basic_b64(ig->basic.username, ig->basic.password.value));
        for (size_t i = 0; ok && i < ig->secret_values.n; i++)
            ok = secrets_add(hs, strdup(ig->secret_values.items[i].value));
        if (ok && ig->net.proxy_password.value != NULL &&
            ig->net.proxy_user != NULL)
            ok = secrets_add(hs, basic_b64(ig->net.proxy_user,
                                           ig->net.proxy_password.value));
    }
    if (!ok) {
        redact_secrets_free(hs);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    *out = hs;
    return TS_OK;
}

size_t
redact_secrets_count(const struct redact_secrets *rs)
{
    return rs != NULL ? rs->n : 0;
}

static int
hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Four hex digits at t, or -1. */
static long
hex4(const char *t)
{
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval((unsigned char)t[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* A JSON \uXXXX escape (a surrogate pair read as one) at t. */
static size_t
json_u(const char *t, size_t n, unsigned char out[4], size_t *outn)
{
    long hi = n >= 6 ? hex4(t + 2) : -1;
    if (hi < 0)
        return 0;
    if (hi >= 0xD800 && hi < 0xDC00 && n >= 12 && t[6] == '\\' && t[7] == 'u') {
        long lo = hex4(t + 8);
        if (lo >= 0xDC00 && lo < 0xE000) {
            *outn = text_encode(0x10000 + ((uint32_t)(hi - 0xD800) << 10) +
                                    (uint32_t)(lo - 0xDC00),
                                (char *)out);
            return 12;
        }
    }
    /* A lone surrogate stands for no character: not an escape here. */
    *outn = text_encode((uint32_t)hi, (char *)out);
    return *outn > 0 ? 6 : 0;
}

/* Decode the escape at t (%XX or a JSON escape) into out; returns the text
 * bytes it takes, 0 when t holds no escape. */
static size_t
unescape_unit(const char *t, size_t n, unsigned char out[4], size_t *outn)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    if (t[0] == '%' && n >= 3 && hexval((unsigned char)t[1]) >= 0 &&
        hexval((unsigned char)t[2]) >= 0) {
        out[0] = (unsigned char)(hexval((unsigned char)t[1]) * 16 +
                                 hexval((unsigned char)t[2]));
        *outn = 1;
        return 3;
    }
    if (t[0] != '\\' || n < 2)
        return 0;
    if (t[1] == 'u')
        return json_u(t, n, out, outn);
    const char *c = t[1] ? strchr(from, t[1]) : NULL;
    if (c == NULL)
        return 0;
    out[0] = (unsigned char)to[c - from];
    *outn = 1;
    return 2;
}

/* How many bytes of text t spell secret s[0..sl) in any mix of spellings,
 * or -1. */
static long
fuzzy_match(const char *t, size_t n, const unsigned char *s, size_t sl,
            int *budget)
{
    if (sl == 0)
        return 0;
    if (n == 0 || --*budget < 0)
        return -1;
    unsigned char d[4];
    size_t dn = 0, used = unescape_unit(t, n, d, &dn);
    if (used > 0 && dn <= sl && memcmp(d, s, dn) == 0) {
        long r = fuzzy_match(t + used, n - used, s + dn, sl - dn, budget);
        if (r >= 0)
            return (long)used + r;
    }
    if ((unsigned char)t[0] == s[0] || (t[0] == '+' && s[0] == ' ')) {
        long r = fuzzy_match(t + 1, n - 1, s + 1, sl - 1, budget);
        if (r >= 0)
            return 1 + r;
    }
    /* \u0080..\u00ff may be one byte of UTF-8 that a server read as
     * Latin-1 (header values, for one). */
    if (used == 6 && n >= 6 && t[2] == '0' && t[3] == '0' && s[0] >= 0x80 &&
        hex4(t + 2) == s[0]) {
        long r = fuzzy_match(t + 6, n - 6, s + 1, sl - 1, budget);
        if (r >= 0)
            return 6 + r;
    }
    return -1;
}

/* The longest spelling of any secret at t, or 0. */
static size_t
match_at(const struct redact_secrets *hs, const char *t, size_t n)
{
    long best = 0;
    for (size_t i = 0; i < hs->n; i++) {
        const unsigned char *s = (const unsigned char *)hs->s[i];
        unsigned char c = (unsigned char)t[0];
        if (c != s[0] && c != '%' && c != '\\' && c != '+')
            continue;
        int budget = MATCH_BUDGET;
        long m = fuzzy_match(t, n, s, strlen(hs->s[i]), &budget);
        if (m > best)
            best = m;
    }
    return (size_t)best;
}

size_t
redact_find_spans(const struct redact_secrets *rs, const char *text, size_t len,
                  struct redact_span *spans, size_t max)
{
    size_t k = 0;
    if (rs == NULL || rs->n == 0)
        return 0;
    for (size_t i = 0; i < len && k < max;) {
        size_t m = match_at(rs, text + i, len - i);
        if (m > 0) {
            spans[k++] = (struct redact_span){i, m};
            i += m;
        } else {
            i++;
        }
    }
    return k;
}

char *
redact_replace(const struct redact_secrets *rs, const char *text, size_t len,
               const char *mark, size_t *out_len)
{
    struct text_buf b = TEXT_BUF_INIT;
    struct redact_span sp[64];
    size_t at = 0, ml = strlen(mark ? mark : REDACT_MARK);
    bool ok = text_buf_reserve(&b, len);
    while (ok && at < len) {
        size_t n = redact_find_spans(rs, text + at, len - at, sp, 64);
        size_t end = len - at;
        for (size_t i = 0; ok && i < n; i++) {
            size_t from = i ? sp[i - 1].off + sp[i - 1].len : 0;
            ok = text_buf_add(&b, text + at + from, sp[i].off - from) &&
                 text_buf_add(&b, mark ? mark : REDACT_MARK, ml);
        }
        if (n == 64)
            end = sp[63].off + sp[63].len;
        size_t from = n ? sp[n - 1].off + sp[n - 1].len : 0;
        ok = ok && text_buf_add(&b, text + at + from, end - from);
        at += end;
    }
    if (!ok) {
        text_buf_free(&b);
        return NULL;
    }
    if (out_len != NULL)
        *out_len = b.len;
    return text_buf_take(&b);
}

char *
redact_text(const struct integration *ig, const char *text, size_t len,
            size_t *out_len)
{
    struct redact_secrets *rs;
    if (redact_secrets_new(ig, &rs, NULL) != TS_OK)
        return NULL;
    char *out =
        redact_replace(rs, text ? text : "", text ? len : 0, NULL, out_len);
    redact_secrets_free(rs);
    return out;
}
