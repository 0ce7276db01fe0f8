/* text.c — see text.h. */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "text_table.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Decoding and encoding ------------------------------------------- */

int
text_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    if (n == 0)
        return 0;
    unsigned c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t k;
    unsigned lo = 0x80, hi = 0xbf;
    uint32_t v;
    if (c < 0xc2) {
        return TEXT_INVALID; /* continuation byte, or overlong C0/C1 */
    } else if (c < 0xe0) {
        k = 2, v = c & 0x1f;
    } else if (c < 0xf0) {
        k = 3, v = c & 0x0f;
        if (c == 0xe0)
            lo = 0xa0; /* overlong */
        else if (c == 0xed)
            hi = 0x9f; /* UTF-16 surrogates */
    } else if (c < 0xf5) {
        k = 4, v = c & 0x07;
        if (c == 0xf0)
            lo = 0x90; /* overlong */
        else if (c == 0xf4)
            hi = 0x8f; /* past U+10FFFF */
    } else {
        return TEXT_INVALID;
    }
    for (size_t i = 1; i < k; i++) {
        if (i >= n)
            return TEXT_INCOMPLETE;
        unsigned b = p[i];
        if (b < lo || b > hi)
            return TEXT_INVALID;
        lo = 0x80, hi = 0xbf;
        v = (v << 6) | (b & 0x3f);
    }
    *cp = v;
    return (int)k;
}

/* text_decode() with the common two- and three-byte forms first. */
static inline int
decode_fast(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned c = p[0];
    if (c >= 0xc2 && c < 0xe0 && n >= 2 && (p[1] & 0xc0) == 0x80) {
        *cp = ((c & 0x1fu) << 6) | (p[1] & 0x3fu);
        return 2;
    }
    if (c > 0xe0 && c < 0xf0 && c != 0xed && n >= 3 && (p[1] & 0xc0) == 0x80 &&
        (p[2] & 0xc0) == 0x80) {
        *cp = ((c & 0x0fu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
        return 3;
    }
    return text_decode((const char *)p, n, cp);
}

size_t
text_decode_lossy(const char *s, size_t n, uint32_t *cp)
{
    int d = text_decode(s, n, cp);
    if (d > 0)
        return (size_t)d;
    if (n == 0) {
        *cp = 0;
        return 0;
    }
    *cp = TEXT_REPLACEMENT;
    return 1;
}

size_t
text_decode_str(const char *s, uint32_t *cp)
{
    return text_decode_lossy(s, strnlen(s, 4), cp);
}

size_t
text_encode(uint32_t c, char out[4])
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xc0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if ((c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
        return 0;
    if (c < 0x10000) {
        out[0] = (char)(0xe0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        out[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    out[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

/* Skip bytes of s[p..n) below 0x80 eight at a time; returns the offset of
 * the first byte >= 0x80 (or near it: the rest goes byte by byte). */
static size_t
ascii_words(const unsigned char *s, size_t n, size_t p)
{
    while (n - p >= 8) {
        uint64_t x;
        memcpy(&x, s + p, 8);
        if (x & 0x8080808080808080u)
            break;
        p += 8;
    }
    return p;
}

/* Bits 0x80 set in the bytes of x that are below 0x20, 0x7f or above:
 * exact for the lowest such byte (borrows only run upwards from a true
 * match), maybe not for those above it. */
static uint64_t
special_bytes(uint64_t x, bool backslash)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t del = x ^ (ones * 0x7f);
    uint64_t m = ((x - ones * 0x20) & ~x) | ((del - ones) & ~del) | x;
    if (backslash) {
        uint64_t b = x ^ (ones * '\\');
        m |= (b - ones) & ~b;
    }
    return m & high;
}

/* The offset of the first byte at or after p in s[0..n) that is not
 * printable ASCII (nor a backslash when `backslash`), or n. */
static size_t
plain_run(const unsigned char *s, size_t n, size_t p, bool backslash)
{
    while (n - p >= 8) {
        uint64_t x;
        memcpy(&x, s + p, 8);
        uint64_t m = special_bytes(x, backslash);
        if (m != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return p + (size_t)__builtin_ctzll(m) / 8;
#else
            break;
#endif
        }
        p += 8;
    }
    while (p < n && s[p] >= 0x20 && s[p] < 0x7f && !(backslash && s[p] == '\\'))
        p++;
    return p;
}

size_t
text_valid_len(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        i = ascii_words(p, n, i);
        while (i < n && p[i] < 0x80)
            i++;
        if (i >= n)
            break;
        uint32_t cp;
        int d = decode_fast(p + i, n - i, &cp);
        if (d <= 0)
            return i;
        i += (size_t)d;
    }
    return n;
}

bool
text_valid(const char *s, size_t n)
{
    return text_valid_len(s, n) == n;
}

size_t
text_count(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, count = 0;
    while (i < n) {
        size_t j = ascii_words(p, n, i);
        while (j < n && p[j] < 0x80)
            j++;
        count += j - i;
        i = j;
        if (i >= n)
            break;
        uint32_t cp;
        i += text_decode_lossy(s + i, n - i, &cp);
        count++;
    }
    return count;
}

/* ---- Classes of code points ------------------------------------------ */

/* Width and flags of a code point: from text_ranges, 1 and none when it is
 * in no range. */
struct props {
    int width;
    unsigned flags;
};

static struct props
props_of(uint32_t cp)
{
    /* Printable ASCII, but for the digits, '#' and '*' (keycap bases). */
    if (cp >= 0x20 && cp < 0x7f && !(cp >= '0' && cp <= '9') && cp != '#' &&
        cp != '*')
        return (struct props){1, 0};
    /* CJK ideographs and Hangul syllables, without a search. */
    if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7a3))
        return (struct props){2, 0};
    size_t lo = 0, hi = COUNT(text_ranges);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < text_ranges[mid].first)
            hi = mid;
        else if (cp > text_ranges[mid].last)
            lo = mid + 1;
        else
            return (struct props){(int)text_ranges[mid].width,
                                  text_ranges[mid].flags};
    }
    if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return (struct props){0, 0};
    return (struct props){1, 0};
}

int
text_cp_width(uint32_t cp)
{
    return props_of(cp).width;
}

bool
text_is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

bool
text_is_bidi_control(uint32_t cp)
{
    return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

bool
text_is_dangerous_cp(uint32_t cp)
{
    return text_is_control(cp) || text_is_bidi_control(cp) || cp == 0x2028 ||
           cp == 0x2029;
}

bool
text_is_invisible_cp(uint32_t cp)
{
    if (cp < 0xad)
        return false;
    return (props_of(cp).flags & (TEXT_F_INVISIBLE | TEXT_F_TAG)) != 0;
}

bool
text_needs_escape_cp(uint32_t cp)
{
    return text_is_dangerous_cp(cp) || text_is_invisible_cp(cp);
}

static bool
is_tag(uint32_t cp)
{
    return cp >= 0xe0020 && cp <= 0xe007f;
}

/* The kind of text_hidden range cp is in (0 when none). */
static unsigned
hidden_kind(uint32_t cp)
{
    /* Gaps of text_hidden where most text lives: Latin to Greek, CJK to
     * Hangul and the compatibility forms, emoji. */
    if ((cp > 0x9f && cp < 0xad) || (cp > 0xad && cp < 0x34f) ||
        (cp > 0x3164 && cp < 0xfeff) || (cp > 0x1d17a && cp < 0xe0000))
        return 0;
    size_t lo = 0, hi = COUNT(text_hidden);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < text_hidden[mid].first)
            hi = mid;
        else if (cp > text_hidden[mid].last)
            lo = mid + 1;
        else
            return text_hidden[mid].kind;
    }
    return 0;
}

/* Whether the renderer shows cp (>= U+0080, valid) escaped, given the code
 * point before it. */
static bool
render_hides(uint32_t cp, uint32_t prev)
{
    switch (hidden_kind(cp)) {
    case 0:
        return false;
    case 2:
        return !(prev == 0x1f3f4 || is_tag(prev));
    default:
        return true;
    }
}

size_t
text_cp_describe(uint32_t cp, char *buf, size_t size)
{
    const char *name = NULL;
    size_t lo = 0, hi = COUNT(text_names);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < text_names[mid].cp)
            hi = mid;
        else if (cp > text_names[mid].cp)
            lo = mid + 1;
        else {
            name = text_names[mid].name;
            break;
        }
    }
    int k = snprintf(buf, size, "U+%04X%s%s", (unsigned)cp, name ? " " : "",
                     name ? name : "");
    return k < 0 ? 0 : (size_t)k;
}

/* A neighbour of a joiner that makes it legitimate: visible non-ASCII. */
static bool
joiner_neighbour(uint32_t cp)
{
    return cp >= 0xa0 && !text_is_dangerous_cp(cp) &&
           !text_is_invisible_cp(cp) && cp != 0x200c && cp != 0x200d;
}

bool
text_find_hidden(const char *s, size_t n, struct text_hit *hit)
{
    uint32_t prev = 0;
    size_t pos = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int d = text_decode(s + i, n - i, &cp);
        pos++;
        if (d <= 0) {
            *hit = (struct text_hit){(unsigned char)s[i], pos, i, true};
            return true;
        }
        bool bad = text_is_dangerous_cp(cp);
        if (!bad && cp >= 0xad && text_is_invisible_cp(cp))
            bad = !(is_tag(cp) && (prev == 0x1f3f4 || is_tag(prev)));
        if (!bad && (cp == 0x200c || cp == 0x200d)) {
            uint32_t next = 0;
            if (text_decode(s + i + d, n - i - (size_t)d, &next) <= 0)
                next = 0;
            bad = !joiner_neighbour(prev) || !joiner_neighbour(next);
        }
        if (bad) {
            *hit = (struct text_hit){cp, pos, i, false};
            return true;
        }
        prev = cp;
        i += (size_t)d;
    }
    return false;
}

/* ---- Columns of strings ---------------------------------------------- */

/* text_cluster(), inlined into the string loops below. */
static inline size_t
cluster(const char *s, size_t n, int *cols)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t cp;
    if (n == 0) {
        *cols = 0;
        return 0;
    }
    if (p[0] >= 0x20 && p[0] < 0x7f && (n == 1 || p[1] < 0x80)) {
        *cols = 1;
        return 1;
    }
    int d = decode_fast(p, n, &cp);
    if (d <= 0) {
        *cols = 1;
        return 1;
    }
    if (text_is_control(cp)) {
        *cols = 0;
        return (size_t)d;
    }
    struct props base = props_of(cp);
    bool emoji = (base.flags & TEXT_F_PICT) != 0;
    bool pair = (base.flags & TEXT_F_RI) != 0; /* may take a second RI */
    bool zwj = false, wide = false;
    int w = base.width;
    size_t i = (size_t)d;
    while (i < n) {
        if (p[i] < 0xcc)
            break; /* below U+0300: joins nothing */
        uint32_t c;
        int e = decode_fast(p + i, n - i, &c);
        if (e <= 0 || c < 0x300)
            break;
        struct props q = props_of(c);
        if (zwj && emoji && (q.flags & TEXT_F_PICT)) {
            wide = true; /* a ZWJ sequence: one glyph */
        } else if (pair && (q.flags & TEXT_F_RI)) {
            /* the second regional indicator of a flag */
        } else if ((q.flags & TEXT_F_EXTEND) ||
                   (q.width == 0 &&
                    !(q.flags & (TEXT_F_INVISIBLE | TEXT_F_TAG)) &&
                    !text_is_dangerous_cp(c))) {
            if (c == 0xfe0f && (base.flags & TEXT_F_VS16))
                wide = true; /* emoji presentation */
            else if (emoji)
                wide |= q.width == 2; /* an emoji modifier */
            else
                w += q.width; /* spacing marks */
        } else {
            break;
        }
        pair = false;
        zwj = c == 0x200d;
        i += (size_t)e;
    }
    /* An emoji cluster is one 2-column glyph; VS16 widens another base
     * (a digit of a keycap) by one. */
    if (wide)
        w = emoji ? 2 : w + 1;
    *cols = w;
    return i;
}

size_t
text_cluster(const char *s, size_t n, int *cols)
{
    return cluster(s, n, cols);
}

size_t
text_width(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        /* A run of printable ASCII is as wide as it is long, but for its
         * last byte, which marks after it may join. */
        size_t j = plain_run(p, n, i, false);
        if (j > i + 1) {
            w += j - i - 1;
            i = j - 1;
        }
        int c;
        i += cluster(s + i, n - i, &c);
        w += (size_t)c;
    }
    return w;
}

size_t
text_width_str(const char *s)
{
    return s ? text_width(s, strlen(s)) : 0;
}

size_t
text_truncate(const char *s, size_t n, size_t cols, size_t *used)
{
    size_t i = 0, w = 0;
    while (i < n) {
        int c;
        size_t k = cluster(s + i, n - i, &c);
        if (w + (size_t)c > cols)
            break;
        w += (size_t)c;
        i += k;
    }
    if (used != NULL)
        *used = w;
    return i;
}

size_t
text_skip(const char *s, size_t n, size_t cols, size_t *skipped)
{
    size_t i = 0, w = 0;
    while (i < n && w < cols) {
        int c;
        i += cluster(s + i, n - i, &c);
        w += (size_t)c;
    }
    if (skipped != NULL)
        *skipped = w;
    return i;
}

const char *
text_ellipsis(unsigned flags)
{
    return (flags & TEXT_FIT_ASCII) ? "~" : "\u2026";
}

bool
text_fit_cut(const char *s, size_t n, size_t cols, size_t *keep,
             size_t *keep_cols)
{
    size_t used;
    size_t k = text_truncate(s, n, cols, &used);
    bool cut = k < n;
    if (cut)
        k = cols == 0 ? 0 : text_truncate(s, n, cols - 1, &used);
    *keep = k;
    if (keep_cols != NULL)
        *keep_cols = used;
    return cut;
}

/* ---- The output buffer ----------------------------------------------- */

void
text_buf_init(struct text_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void
text_buf_free(struct text_buf *b)
{
    free(b->data);
    text_buf_init(b);
}

bool
text_buf_reserve(struct text_buf *b, size_t more)
{
    if (more >= SIZE_MAX - b->len - 1)
        return false;
    size_t need = b->len + more + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *d = realloc(b->data, cap);
    if (d == NULL)
        return false;
    d[b->len] = '\0';
    b->data = d;
    b->cap = cap;
    return true;
}

bool
text_buf_add(struct text_buf *b, const char *s, size_t n)
{
    if (!text_buf_reserve(b, n))
        return false;
    if (n > 0)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

char *
text_buf_take(struct text_buf *b)
{
    if (b->data == NULL && !text_buf_reserve(b, 0))
        return NULL;
    char *d = b->data;
    d[b->len] = '\0';
    text_buf_init(b);
    return d;
}

static bool
add_spaces(struct text_buf *b, size_t n)
{
    if (!text_buf_reserve(b, n))
        return false;
    memset(b->data + b->len, ' ', n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool
text_pad(struct text_buf *out, const char *s, size_t n, size_t cols)
{
    size_t used;
    size_t k = text_truncate(s, n, cols, &used);
    if (!text_buf_reserve(out, k + cols - used))
        return false;
    text_buf_add(out, s, k);
    return add_spaces(out, cols - used);
}

bool
text_fit(struct text_buf *out, const char *s, size_t n, size_t cols,
         unsigned flags, size_t *used)
{
    size_t keep, w;
    bool cut = text_fit_cut(s, n, cols, &keep, &w);
    const char *ell = text_ellipsis(flags);
    size_t elen = cut && cols > 0 ? strlen(ell) : 0;
    size_t pad = (flags & TEXT_FIT_PAD) ? cols - w - (elen ? 1 : 0) : 0;
    if (!text_buf_reserve(out, keep + elen + pad))
        return false;
    text_buf_add(out, s, keep);
    text_buf_add(out, ell, elen);
    add_spaces(out, pad);
    if (used != NULL)
        *used = w + (elen ? 1 : 0) + pad;
    return true;
}

/* ---- Is it text? ----------------------------------------------------- */

bool
text_looks_binary(const char *buf, size_t len, size_t sniff)
{
    const unsigned char *s = (const unsigned char *)buf;
    size_t m = sniff == 0 || sniff >= len ? len : sniff;
    size_t cps = 0, controls = 0;
    for (size_t i = 0; i < m;) {
        unsigned c = s[i];
        if (c >= 0x20 && c < 0x7f) {
            size_t j = plain_run(s, m, i + 1, false);
            cps += j - i;
            i = j;
            continue;
        }
        if (c < 0x80) {
            if (c == 0)
                return true;
            if (!(c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
                  c == '\v' || c == 0x1b))
                controls++;
            cps++;
            i++;
            continue;
        }
        uint32_t cp;
        int d = decode_fast(s + i, len - i, &cp);
        if (d <= 0)
            return true;
        controls += cp <= 0x9f;
        cps++;
        i += (size_t)d;
    }
    return controls * 10 > cps;
}

/* ---- The renderer ---------------------------------------------------- */

/* Where rendered text goes: a buffer or a file. `ok` turns false at the
 * first failure; later writes are skipped. */
struct sink {
    struct text_buf *buf;
    FILE *file;
    bool ok;
};

static void
sink_put(struct sink *k, const void *s, size_t n)
{
    if (!k->ok || n == 0)
        return;
    if (k->buf != NULL)
        k->ok = text_buf_add(k->buf, s, n);
    else
        k->ok = fwrite(s, 1, n, k->file) == n;
}

static const char hexdigits[] = "0123456789abcdef";

/* A byte shown as \xHH (\n, \t, \r, \\ for those). */
static void
put_byte_escape(struct sink *k, unsigned char c)
{
    char e[4] = {'\\', 'x', hexdigits[c >> 4], hexdigits[c & 15]};
    switch (c) {
    case '\n':
        sink_put(k, "\\n", 2);
        return;
    case '\t':
        sink_put(k, "\\t", 2);
        return;
    case '\r':
        sink_put(k, "\\r", 2);
        return;
    case '\\':
        sink_put(k, "\\\\", 2);
        return;
    default:
        sink_put(k, e, 4);
    }
}

/* A code point shown as <U+XXXX>. */
static void
put_cp_escape(struct sink *k, uint32_t cp)
{
    char e[16];
    int n = snprintf(e, sizeof e, "<U+%04X>", (unsigned)cp);
    sink_put(k, e, (size_t)n);
}

/* Render the characters of s[0..n) that start before `stop` (one may end
 * past it). Returns the offset reached: >= stop, or, when !final, the start
 * of what needs bytes past n (a cut sequence, a CR before the end). */
static size_t
render_core(struct text_render *r, struct sink *k, const unsigned char *s,
            size_t n, size_t stop, bool final)
{
    const unsigned f = r->flags;
    const bool backslash = (f & TEXT_R_BACKSLASH) != 0;
    size_t i = 0, run = 0; /* s[run..i) is to be copied as it is */
    while (i < stop && k->ok) {
        unsigned c = s[i];
        if (c >= 0x20 && c < 0x7f && !(backslash && c == '\\')) {
            i = plain_run(s, stop, i + 1, backslash);
            r->prev = s[i - 1];
            continue;
        }
        if (c < 0x80) {
            if ((c == '\n' && (f & TEXT_R_NEWLINES)) ||
                (c == '\t' && (f & TEXT_R_TABS))) {
                r->prev = c;
                i++;
                continue;
            }
            if (c == '\r' && (f & TEXT_R_CRLF) && (f & TEXT_R_NEWLINES)) {
                if (i + 1 < n && s[i + 1] == '\n') {
                    r->prev = '\n';
                    i += 2;
                    continue;
                }
                if (i + 1 >= n && !final) {
                    sink_put(k, s + run, i - run);
                    return i;
                }
            }
            sink_put(k, s + run, i - run);
            put_byte_escape(k, (unsigned char)c);
            r->prev = c;
            run = ++i;
            continue;
        }
        uint32_t cp;
        int d = decode_fast(s + i, n - i, &cp);
        if (d == TEXT_INCOMPLETE && !final) {
            sink_put(k, s + run, i - run);
            return i;
        }
        if (d <= 0) {
            sink_put(k, s + run, i - run);
            put_byte_escape(k, (unsigned char)c);
            r->prev = TEXT_REPLACEMENT;
            run = ++i;
            continue;
        }
        if ((f & TEXT_R_ASCII) || render_hides(cp, r->prev)) {
            sink_put(k, s + run, i - run);
            put_cp_escape(k, cp);
            run = i + (size_t)d;
            cp = TEXT_REPLACEMENT; /* an escaped tag starts no sequence */
        }
        r->prev = cp;
        i += (size_t)d;
    }
    sink_put(k, s + run, i - run);
    return i;
}

static bool
render_feed(struct text_render *r, const char *s, size_t n, struct sink *k)
{
    const unsigned char *p = (const unsigned char *)s;
    if (r->npend > 0 && n > 0) {
        unsigned char tmp[8];
        size_t np = r->npend, take = n < 4 ? n : 4;
        memcpy(tmp, r->pend, np);
        memcpy(tmp + np, p, take);
        r->npend = 0;
        size_t at = render_core(r, k, tmp, np + take, np, false);
        if (at < np) {
            /* Still cut: all of s was taken into tmp. */
            r->npend = (unsigned char)(np + take - at);
            memcpy(r->pend, tmp + at, r->npend);
            return k->ok;
        }
        p += at - np;
        n -= at - np;
    }
    size_t at = render_core(r, k, p, n, n, false);
    if (at < n) {
        r->npend = (unsigned char)(n - at);
        memcpy(r->pend, p + at, r->npend);
    }
    return k->ok;
}

static bool
render_finish(struct text_render *r, struct sink *k)
{
    if (r->npend > 0)
        render_core(r, k, r->pend, r->npend, r->npend, true);
    text_render_init(r, r->flags);
    return k->ok;
}

void
text_render_init(struct text_render *r, unsigned flags)
{
    memset(r, 0, sizeof *r);
    r->flags = flags;
}

bool
text_render_feed(struct text_render *r, const char *s, size_t n,
                 struct text_buf *out)
{
    struct sink k = {out, NULL, true};
    /* Most text renders to as many bytes as it has: one allocation. */
    if (!text_buf_reserve(out, n + 16))
        return false;
    return render_feed(r, s, n, &k);
}

bool
text_render_finish(struct text_render *r, struct text_buf *out)
{
    struct sink k = {out, NULL, true};
    return render_finish(r, &k);
}

bool
text_render_feed_file(struct text_render *r, const char *s, size_t n, FILE *f)
{
    struct sink k = {NULL, f, true};
    return render_feed(r, s, n, &k);
}

bool
text_render_finish_file(struct text_render *r, FILE *f)
{
    struct sink k = {NULL, f, true};
    return render_finish(r, &k);
}

bool
text_render(struct text_buf *out, const char *s, size_t n, unsigned flags)
{
    struct text_render r;
    text_render_init(&r, flags);
    bool ok = text_render_feed(&r, s, n, out);
    return text_render_finish(&r, out) && ok;
}

bool
text_render_file(FILE *f, const char *s, size_t n, unsigned flags)
{
    struct text_render r;
    text_render_init(&r, flags);
    bool ok = text_render_feed_file(&r, s, n, f);
    return text_render_finish_file(&r, f) && ok;
}

char *
text_render_dup(const char *s, size_t n, unsigned flags)
{
    struct text_buf b = TEXT_BUF_INIT;
    if (!text_render(&b, s, n, flags)) {
        text_buf_free(&b);
        return NULL;
    }
    return text_buf_take(&b);
}
