/* textview.h — read-only text that scrolls: help, response bodies. Lines
 * longer than the width are cut. Keys: Up/Down, PgUp/PgDn, Home/End. */
#ifndef TETHER_UI_TEXTVIEW_H
#define TETHER_UI_TEXTVIEW_H

#include <stddef.h>

struct textview {
    const char *text; /* borrowed, NUL-terminated, lines split on '\n' */
    size_t top;       /* first line shown */
    size_t lines;
    int page;
};

void textview_set(struct textview *t, const char *text);

/* Returns UI_HANDLED for scrolling keys, else UI_IGNORED. */
int textview_key(struct textview *t, int key);

void textview_draw(struct textview *t, int y, int x, int w, int h);

#endif
