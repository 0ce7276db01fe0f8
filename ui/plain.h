/* plain.h — text alone on the terminal, outside curses, for the mouse.
 *
 * A URL drawn by curses inside a box is cut into rows with borders, so a
 * mouse selection copies a broken URL. plain_show() leaves curses for a
 * moment, clears the screen and writes the text with the terminal's own
 * line wrapping (soft wraps, which terminals join again when the text is
 * selected), waits for any key and gives the screen back to curses. */
#ifndef TETHER_UI_PLAIN_H
#define TETHER_UI_PLAIN_H

/* Show `text` (printable ASCII is written as is; any other byte below
 * 0x20 or 0x7f as '?') from the top left of a cleared screen, then
 * `footer` two lines below; return after one key (the key is used up).
 * The curses screen is redrawn afterwards. */
void plain_show(const char *text, const char *footer);

#endif
