/* qr.c — see qr.h. Two modules per character cell, stacked: the upper and
 * lower halves of a block. */
#include "qr.h"

#include "screen.h"

#ifdef HAVE_QRENCODE
#include <dlfcn.h>
#include <qrencode.h>

#define QR_QUIET 2

/* libqrencode is loaded the first time a code is drawn, not at start: a
 * one-shot command would otherwise pay for its loading and relocation. */
static QRcode *(*qr_encode_fn)(const char *, int, QRecLevel, QRencodeMode, int);
static void (*qr_free_fn)(QRcode *);

static bool
qr_load(void)
{
    static bool tried;
    if (!tried) {
        tried = true;
        void *lib = dlopen(TETHER_QRENCODE_SONAME, RTLD_NOW | RTLD_LOCAL);
        if (lib != NULL) {
            /* POSIX: a function pointer through a void * (dlsym). */
            *(void **)&qr_encode_fn = dlsym(lib, "QRcode_encodeString");
            *(void **)&qr_free_fn = dlsym(lib, "QRcode_free");
            if (qr_encode_fn == NULL || qr_free_fn == NULL) {
                qr_encode_fn = NULL;
                dlclose(lib);
            }
        }
    }
    return qr_encode_fn != NULL;
}

static QRcode *
qr_encode(const char *text)
{
    if (!qr_load())
        return NULL;
    return qr_encode_fn(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
}

static void
qr_release(QRcode *q)
{
    qr_free_fn(q);
}

bool
qr_size(const char *text, int *cols, int *lines)
{
    QRcode *q = qr_encode(text);
    if (q == NULL)
        return false;
    *cols = q->width + 2 * QR_QUIET;
    *lines = (q->width + 2 * QR_QUIET + 1) / 2;
    qr_release(q);
    return true;
}

/* Whether module (r, c) is dark; the quiet zone is light. */
static bool
qr_dark(const QRcode *q, int r, int c)
{
    r -= QR_QUIET;
    c -= QR_QUIET;
    if (r < 0 || c < 0 || r >= q->width || c >= q->width)
        return false;
    return q->data[r * q->width + c] & 1;
}

bool
qr_draw(int y, int x, const char *text)
{
    if (!theme_utf8())
        return false;
    QRcode *q = qr_encode(text);
    if (q == NULL)
        return false;
    int n = q->width + 2 * QR_QUIET;
    /* Light modules are drawn as the foreground so the code reads the
     * same on dark and light terminals: dark modules are blank cells. */
    attrset(A_NORMAL);
    for (int r = 0; r < n; r += 2) {
        move(y + r / 2, x);
        for (int c = 0; c < n; c++) {
            bool top = !qr_dark(q, r, c), bottom = !qr_dark(q, r + 1, c);
            if (r + 1 >= n)
                bottom = false;
            addstr(top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ");
        }
    }
    qr_release(q);
    return true;
}

#else

bool
qr_size(const char *text, int *cols, int *lines)
{
    (void)text;
    (void)cols;
    (void)lines;
    return false;
}

bool
qr_draw(int y, int x, const char *text)
{
    (void)y;
    (void)x;
    (void)text;
    return false;
}

#endif
