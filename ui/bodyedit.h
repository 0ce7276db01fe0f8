/* bodyedit.h — a multi-line text editor for request bodies, with live JSON
 * validation that shows where the text stops being JSON.
 *
 * The text is UTF-8 bytes with the cursor at a byte offset on a character
 * boundary. Keys: arrows, Home/End (line), PgUp/PgDn, Ctrl-Home is not
 * needed: Ctrl-A/Ctrl-E go to the line's start/end; Enter breaks the line,
 * Backspace/Delete, Ctrl-K deletes to the end of the line, bracketed paste
 * keeps line breaks. Tab is left to the owner (focus). */
#ifndef TETHER_UI_BODYEDIT_H
#define TETHER_UI_BODYEDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "jsonfmt.h"

struct screen;

/* What the last bodyedit_check() found. */
enum bodyedit_state {
    BODY_EMPTY,   /* nothing to send */
    BODY_TEXT,    /* not checked: the user declared another content type */
    BODY_JSON_OK, /* one valid JSON text */
    BODY_JSON_BAD /* invalid: see error */
};

struct bodyedit {
    char *text; /* NUL-terminated, owned */
    size_t len, cap;
    size_t cur; /* byte offset of the cursor */
    size_t top; /* first line shown */
    int left;   /* first column shown */
    int page;   /* lines shown at the last draw */
    enum bodyedit_state state;
    struct jsonfmt_error error; /* when BODY_JSON_BAD */
};

void bodyedit_init(struct bodyedit *b);
void bodyedit_free(struct bodyedit *b);

/* Replace the text (copied; len bytes). False when out of memory. */
bool bodyedit_set(struct bodyedit *b, const char *text, size_t len);

/* Validate as JSON (as_json) or mark as plain text; sets b->state. */
void bodyedit_check(struct bodyedit *b, bool as_json);

/* Handle a key: UI_HANDLED (| UI_CHANGED when the text changed), or
 * UI_IGNORED for keys it does not use. */
int bodyedit_key(struct bodyedit *b, struct screen *s, int key);

/* Draw h lines at (y, x), w columns, with line numbers; the line and
 * character where JSON breaks are marked. */
void bodyedit_draw(struct bodyedit *b, struct screen *s, int y, int x, int w,
                   int h, bool focus);

/* The keys above, for the help (keys.h). */
struct keys_table;
extern const struct keys_table bodyedit_keys;

#endif
