/* form.h — labelled widgets laid out in rows, with focus and scrolling.
 *
 * Each row: label (required ones marked *) and widget on one line, a
 * one-line help text under it, then a message line when there is an error
 * or warning. Buttons may share a line. The form owns no widget: items
 * point into the step or dialog that built it. Tab/Down and Shift-Tab/Up
 * move the focus; Enter in a text field moves on; other keys go to the
 * focused widget. */
#ifndef TETHER_UI_FORM_H
#define TETHER_UI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "button.h"
#include "checkbox.h"
#include "dropdown.h"
#include "field.h"
#include "theme.h"

struct screen;

enum form_kind {
    FORM_FIELD,
    FORM_CHECK,
    FORM_DROP,
    FORM_BUTTON,
    FORM_NOTE, /* a paragraph of text, not focusable */
    FORM_INFO, /* a framed paragraph, not focusable */
    /* A paragraph that scrolls (struct form_scroll): not focusable; when
     * the form does not fit, it shrinks to what is left (three lines at
     * least) and shows a window of its lines. */
    FORM_SCROLL,
};

/* Where a FORM_SCROLL paragraph is scrolled to; owned by whoever built the
 * form (it outlives rebuilds), updated by form_draw(). */
struct form_scroll {
    int top;   /* first wrapped line shown */
    int page;  /* lines shown at the last draw */
    int lines; /* wrapped lines of the text at the last draw */
};

/* Scroll `sc` for an Up, Down, PgUp, PgDn, Home or End key: true when it
 * was one of them. */
bool form_scroll_key(struct form_scroll *sc, int key);

struct form_item {
    int id;
    enum form_kind kind;
    const char *label;
    const char *help;
    bool required;
    bool same_line;    /* buttons: on the line of the previous button */
    const char *field; /* the engine's name for it (struct err field) */
    enum theme_colour text_colour; /* NOTE text; TC_NORMAL by default */
    struct form_scroll *scroll;    /* SCROLL: its position (borrowed) */
    union {
        struct field *field;
        struct checkbox *check;
        struct dropdown *drop;
        struct button *button;
        const char *text;
    } w;
    char msg[512]; /* shown under the widget when not empty */
    enum theme_colour msg_colour;
};

#define FORM_MAX_ITEMS 64

struct form {
    struct form_item items[FORM_MAX_ITEMS];
    size_t n;
    size_t focus;
    int scroll; /* first line shown */
};

/* Remove every item (the focus index is kept, clamped on the next add). */
void form_clear(struct form *f);

/* Append an item; `w` is the widget (or text for NOTE/INFO/SCROLL, whose
 * item->scroll the caller sets). Returns the
 * item, or NULL when the form is full. */
struct form_item *form_add(struct form *f, int id, enum form_kind kind,
                           const char *label, const char *help, bool required,
                           void *w);

/* The item with this id, or NULL. */
struct form_item *form_item(struct form *f, int id);

/* The item whose engine field name is `field`, or NULL. */
struct form_item *form_item_named(struct form *f, const char *field);

/* Id of the focused item (-1 when none). */
int form_focus_id(const struct form *f);

/* Focus the item with this id, when it is focusable. */
void form_focus(struct form *f, int id);

/* Set (or with fmt "" clear) the message under an item; the first letter
 * is capitalised (engine messages start in lower case). */
void form_msg(struct form *f, int id, enum theme_colour c, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Clear every message. */
void form_clear_msgs(struct form *f);

/* Handle a key: focus movement, else the focused widget. Returns UI_*
 * flags; UI_SUBMIT when a button was pressed (see form_focus_id). */
int form_key(struct form *f, struct screen *s, int key);

/* True while a drop-down of the form is open (it takes every key). */
bool form_modal(const struct form *f);

/* Draw in the area (y, x, w columns, h lines), scrolled so that the focused
 * item shows. */
void form_draw(struct form *f, struct screen *s, int y, int x, int w, int h);

/* The keys form_key() handles, for the help and the key bar (keys.h). */
struct keys_table;
extern const struct keys_table form_keys;

#endif
