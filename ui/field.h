/* field.h — a single-line text field.
 *
 * Holds code points, so cursor movement and deletion work on characters;
 * displays by column width. Keys: Left/Right, Home/End (and Ctrl-A/Ctrl-E),
 * Backspace, Delete (and Ctrl-D), Ctrl-U (clear to start), Ctrl-K (clear to
 * end), Ctrl-W (delete word), bracketed paste (line breaks dropped). A
 * secret field shows a mask unless revealed (Ctrl-R toggles); a "stored"
 * secret shows as set and refuses edits until field_unlock() (Change). */
#ifndef TETHER_UI_FIELD_H
#define TETHER_UI_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct screen;
struct keys_table;

struct field {
    wchar_t *buf;
    size_t len, cap;
    size_t cur;    /* cursor, in code points */
    size_t scroll; /* first code point shown */
    size_t max;    /* most code points accepted, 0 = no limit */
    bool secret;   /* masked unless revealed */
    bool revealed;
    bool stored;             /* secret kept in the store, unchanged so far */
    const char *placeholder; /* shown dim when empty, may be NULL */
};

/* An empty field; secret fields wipe their buffer when changed or freed. */
void field_init(struct field *f, bool secret);
void field_free(struct field *f);

/* Replace the text (UTF-8; invalid bytes become U+FFFD). */
void field_set(struct field *f, const char *utf8);

/* The text as a new UTF-8 string (caller frees; wipe it when secret), or
 * NULL when out of memory. */
char *field_get(const struct field *f);

bool field_empty(const struct field *f);

/* Mark a secret as stored: shown as set, not editable until unlocked. */
void field_set_stored(struct field *f, bool stored);
/* Start changing a stored secret: clears the field and allows edits. */
void field_unlock(struct field *f);

/* Handle a key; returns UI_HANDLED (| UI_CHANGED when the text changed) or
 * UI_IGNORED for keys a field does not use. */
int field_key(struct field *f, struct screen *s, int key);

/* Draw w columns at (y, x); a focused field places the cursor. */
void field_draw(struct field *f, struct screen *s, int y, int x, int w,
                bool focus);

/* The keys above, for the help (keys.h). */
extern const struct keys_table field_keys;

#endif
