/* qr.h — a QR code of a URL drawn with half-block characters, for phones
 * when the browser is on another device (libqrencode, when built with it). */
#ifndef TETHER_UI_QR_H
#define TETHER_UI_QR_H

#include <stdbool.h>

/* Columns and lines the code of `text` needs (quiet zone included); false
 * when there is no QR support or the text cannot be encoded. */
bool qr_size(const char *text, int *cols, int *lines);

/* Draw it with its top-left corner at (y, x); false when it cannot. */
bool qr_draw(int y, int x, const char *text);

#endif
