/* utf8.c — see utf8.h. */
#include "utf8.h"

size_t
utf8_decode(const char *s, wchar_t *out)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned c = p[0];
    size_t need;
    unsigned cp;

    if (c < 0x80) {
        *out = (wchar_t)c;
        return c ? 1 : 0;
    } else if ((c & 0xe0) == 0xc0) {
        need = 1, cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
        need = 2, cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
        need = 3, cp = c & 0x07;
    } else {
        *out = 0xfffd;
        return 1;
    }
    for (size_t i = 1; i <= need; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            *out = 0xfffd;
            return 1;
        }
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
        (need == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff)) {
        *out = 0xfffd;
        return 1;
    }
    *out = (wchar_t)cp;
    return need + 1;
}

size_t
utf8_encode(wchar_t wc, char buf[4])
{
    unsigned c = (unsigned)wc;
    if (c < 0x80) {
        buf[0] = (char)c;
        return 1;
    } else if (c < 0x800) {
        buf[0] = (char)(0xc0 | (c >> 6));
        buf[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    } else if (c < 0x10000) {
        buf[0] = (char)(0xe0 | (c >> 12));
        buf[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        buf[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    buf[0] = (char)(0xf0 | (c >> 18));
    buf[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    buf[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    buf[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

int
utf8_cols(wchar_t c)
{
    int w = wcwidth(c);
    return w < 0 ? 1 : w;
}
