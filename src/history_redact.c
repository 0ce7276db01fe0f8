/* history_redact.c — finding an integration's secrets in text, however a
 * server or client spelled them: as is, percent-encoded (either case, any
 * mix), form-encoded ('+' for a space), JSON-escaped (\", \/, \uXXXX,
 * and UTF-8 read as Latin-1 then escaped), and for Basic auth the base64 of
 * "user:password". */
#include "history.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fixed secrets, the Basic base64, and up to this many secret extras. */
#define SECRETS_MAX (6 + MODEL_EXTRAS_MAX)
/* Backtracking steps allowed per position (escapes can be read two ways). */
#define MATCH_BUDGET 4096

struct history_secrets {
    char *s[SECRETS_MAX];
    size_t n;
};

void
history_secrets_free(struct history_secrets *hs)
{
    if (hs == NULL)
        return;
    for (size_t i = 0; i < hs->n; i++) {
        sodium_memzero(hs->s[i], strlen(hs->s[i]));
        free(hs->s[i]);
    }
    free(hs);
}

/* Take ownership of s (NULL = out of memory). Too short: dropped. */
static bool
secrets_add(struct history_secrets *hs, char *s)
{
    if (s == NULL)
        return false;
    if (strlen(s) < HISTORY_MIN_SECRET || hs->n == SECRETS_MAX) {
        sodium_memzero(s, strlen(s));
        free(s);
        return true;
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
history_secrets_new(const struct integration *ig, struct history_secrets **out,
                    struct err *e)
{
    const char *values[] = {
        ig->api_key.key.value,
        ig->basic.password.value,
        ig->oauth.client_secret.value,
        ig->oauth.tokens.access_token.value,
        ig->oauth.tokens.refresh_token.value,
    };
    struct history_secrets *hs = calloc(1, sizeof *hs);
    bool ok = hs != NULL;
    for (size_t i = 0; ok && i < sizeof values / sizeof values[0]; i++) {
        if (values[i] != NULL && values[i][0] != '\0')
            ok = secrets_add(hs, strdup(values[i]));
    }
    for (size_t i = 0; ok && i < ig->extras.n; i++) {
        const struct extra *x = &ig->extras.items[i];
        if (x->is_secret && x->secret.value != NULL && x->secret.value[0])
            ok = secrets_add(hs, strdup(x->secret.value));
    }
    if (ok && ig->basic.password.value != NULL && ig->basic.username != NULL)
        ok = secrets_add(
            hs, basic_b64(ig->basic.username, ig->basic.password.value));
    if (!ok) {
        history_secrets_free(hs);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    *out = hs;
    return TS_OK;
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

static size_t
utf8_put(unsigned long cp, unsigned char out[4])
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | cp >> 6);
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | cp >> 12);
        out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | cp >> 18);
    out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
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
            *outn = utf8_put(0x10000 + ((unsigned long)(hi - 0xD800) << 10) +
                                 (unsigned long)(lo - 0xDC00),
                             out);
            return 12;
        }
    }
    *outn = utf8_put((unsigned long)hi, out);
    return 6;
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
match_at(const struct history_secrets *hs, const char *t, size_t n)
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

char *
history_secrets_redact(const struct history_secrets *hs, const char *text,
                       size_t len, size_t *out_len)
{
    size_t rl = strlen(HISTORY_REDACTED), cap = len + 1, o = 0;
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < len;) {
        size_t m = hs->n ? match_at(hs, text + i, len - i) : 0;
        size_t add = m ? rl : 1;
        if (o + add + 1 > cap) {
            cap = 2 * cap + add;
            char *g = realloc(out, cap);
            if (g == NULL) {
                free(out);
                return NULL;
            }
            out = g;
        }
        if (m) {
            memcpy(out + o, HISTORY_REDACTED, rl);
            i += m;
        } else {
            out[o] = text[i++];
        }
        o += add;
    }
    out[o] = '\0';
    if (out_len != NULL)
        *out_len = o;
    return out;
}

char *
history_redact(const struct integration *ig, const char *text, size_t len,
               size_t *out_len)
{
    struct history_secrets *hs;
    if (history_secrets_new(ig, &hs, NULL) != TS_OK)
        return NULL;
    char *out =
        history_secrets_redact(hs, text ? text : "", text ? len : 0, out_len);
    history_secrets_free(hs);
    return out;
}
