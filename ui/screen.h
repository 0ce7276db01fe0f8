/* screen.h — the one loop that owns the terminal.
 *
 * Views (home, wizard, ...) are full-screen modes with draw/key/tick
 * functions, kept on a small stack; only the top one draws and gets keys.
 * Widgets and views handle keys and return UI_* flags; they never drive the
 * loop. The screen handles resize, "terminal too small", bracketed paste,
 * signals (SIGINT, SIGTERM, SIGHUP end the loop and restore the terminal)
 * and a one-line status message. A view's keys, its key bar and its `?`
 * help come from its key tables (keys.h). */
#ifndef TETHER_UI_SCREEN_H
#define TETHER_UI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>
#include <time.h>

#include <curses.h>

#include "store.h"
#include "theme.h"

#define SCREEN_MIN_COLS 80
#define SCREEN_MIN_ROWS 24

/* Flags returned by every *_key() function. */
enum ui_flags {
    UI_IGNORED = 0,
    UI_HANDLED = 1 << 0, /* the key was used */
    UI_CHANGED = 1 << 1, /* a value changed (run live validation) */
    UI_NEXT = 1 << 2,    /* move the focus forward */
    UI_PREV = 1 << 3,    /* move the focus back */
    UI_SUBMIT = 1 << 4,  /* a button was pressed, a choice confirmed */
    UI_CANCEL = 1 << 5,  /* Esc: close or step out */
    UI_REDRAW = 1 << 6,  /* something changed on screen (from ticks) */
};

/* Keys: characters are their code point; function keys are curses KEY_*
 * codes with UK_FN added so they never clash with characters. */
#define UK_FN 0x1000000
#define UK_CTRL(c) ((c)&0x1f)
enum ui_key {
    UK_ESC = 27,
    UK_TAB = '\t',
    UK_ENTER = '\n',
    UK_UP = UK_FN + KEY_UP,
    UK_DOWN = UK_FN + KEY_DOWN,
    UK_LEFT = UK_FN + KEY_LEFT,
    UK_RIGHT = UK_FN + KEY_RIGHT,
    UK_HOME = UK_FN + KEY_HOME,
    UK_END = UK_FN + KEY_END,
    UK_PGUP = UK_FN + KEY_PPAGE,
    UK_PGDN = UK_FN + KEY_NPAGE,
    UK_BTAB = UK_FN + KEY_BTAB,
    UK_BACKSPACE = UK_FN + KEY_BACKSPACE,
    UK_DELETE = UK_FN + KEY_DC,
    UK_F1 = UK_FN + KEY_F(1),
    UK_F2 = UK_FN + KEY_F(2),
    UK_F3 = UK_FN + KEY_F(3),
    UK_F4 = UK_FN + KEY_F(4),
    UK_F5 = UK_FN + KEY_F(5),
    UK_PASTE = UK_FN + KEY_MAX + 1, /* text in screen_paste() */
};

struct screen;
struct view;
struct keys_page;

/* A full-screen mode. `key` returns UI_* flags; `tick` runs about every
 * 50-250 ms and returns true when the view must be redrawn (drive network
 * work from here); `resume` runs when the view above it closed. */
struct view_ops {
    void (*draw)(struct view *v, struct screen *s);
    int (*key)(struct view *v, struct screen *s, int key);
    bool (*tick)(struct view *v, struct screen *s);   /* may be NULL */
    void (*resume)(struct view *v, struct screen *s); /* may be NULL */
    bool (*busy)(const struct view *v);               /* may be NULL */
    /* May be NULL: true while the view has work left that its next tick
     * does; the loop then ticks as soon as no key is waiting. */
    bool (*pending)(const struct view *v);
    void (*free)(struct view *v);
    /* May be NULL: true while typed keys go into a text field (then `?`
     * is typed there and F1 opens the help). */
    bool (*typing)(const struct view *v);
    /* May be NULL: the keys `?` lists for the view as it is now (keys.h). */
    const struct keys_page *(*help)(const struct view *v);
};

/* Embedded as the first member of every view. */
struct view {
    const struct view_ops *ops;
};

#define SCREEN_MAX_VIEWS 8

enum screen_msg { MSG_INFO, MSG_OK, MSG_ERROR };

/* The single screen state. */
struct screen {
    struct store *store;
    int rows, cols;
    struct view *views[SCREEN_MAX_VIEWS];
    int nviews;
    bool quit;
    int signal;     /* the signal that ended the loop, 0 for none */
    char *paste;    /* last bracketed paste (UTF-8), owned */
    unsigned frame; /* spinner frame, advances with ticks */
    char msg[256];  /* status line text */
    enum screen_msg msg_kind;
    time_t msg_until;
    int cur_y, cur_x;  /* where the cursor goes; -1 = hidden */
    char *select_name; /* name for home to select on resume, owned */
};

/* Start curses, run views until the stack is empty or a signal arrives,
 * restore the terminal. `first` makes the bottom view (NULL = out of
 * memory). Returns 0, 1 when the screen cannot start, or 128 + the signal
 * number that ended it. */
int screen_run(struct store *st, struct view *(*first)(struct screen *s));

/* As screen_run(), handing `arg` to `first` (a view that needs more than
 * the store to start, such as the request pane on a named integration). */
int screen_run_arg(struct store *st,
                   struct view *(*first)(struct screen *s, void *arg),
                   void *arg);

/* Push a view on top (it takes ownership). Frees `v` and returns false when
 * the stack is full. */
bool screen_push(struct screen *s, struct view *v);

/* Close the top view (freed) and resume the one below. */
void screen_pop(struct screen *s);

/* Show a one-line message above the key bar for a few seconds. */
void screen_msg(struct screen *s, enum screen_msg kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Place the terminal cursor (a focused text field calls this while
 * drawing). */
void screen_cursor(struct screen *s, int y, int x);

/* Copy text to the local clipboard with OSC 52 (works over SSH when the
 * terminal allows it). */
void screen_copy(struct screen *s, const char *text);

/* The current spinner glyph. */
const char *screen_spinner(const struct screen *s);

/* Text is cut by grapheme cluster with src/text.h (an emoji sequence or a
 * letter with its marks is one cluster, never split) and measured as
 * curses lays it out: each code point takes text_cp_width() columns, so a
 * sequence takes the columns of its parts side by side (a ZWJ family 6, an
 * emoji with U+FE0F 1), which is also what tmux 3.3 draws; a control
 * character is drawn as '?' in one column, an invalid byte as U+FFFD in
 * one column. */
#define SCREEN_CLUSTER_MAX 16
/* The cluster at s[0..n) as the screens draw it: returns its bytes (0 only
 * when n is 0); *cols gets its columns; wc[0..*nwc) the code points to
 * hand to curses (at most SCREEN_CLUSTER_MAX: a longer cluster is cut). */
size_t screen_cluster(const char *s, size_t n, int *cols,
                      wchar_t wc[SCREEN_CLUSTER_MAX], size_t *nwc);
/* Columns code point cp takes as the screens draw it on its own:
 * text_cp_width(), 1 for a control character. */
int screen_cp_cols(uint32_t cp);

/* Drawing helpers, all clipped to the screen. `w` is the width in columns;
 * text wider than that is cut with an ellipsis. Return columns used. */
int screen_text(int y, int x, int w, attr_t a, const char *utf8);
/* The display width of a UTF-8 string as screen_text() draws it. */
int screen_width(const char *utf8);
/* Fill w columns with spaces in attribute a. */
void screen_fill(int y, int x, int w, attr_t a);
/* A box with a title at (y, x) of h rows and w columns, inside cleared. */
void screen_box(int y, int x, int h, int w, const char *title);
/* Word-wrap `text` into the w x h area; returns the lines used. */
int screen_wrap(int y, int x, int w, int h, attr_t a, const char *text);
/* As screen_wrap(), the first `skip` wrapped lines left out: line skip of
 * the text is drawn at y. Returns the lines drawn. */
int screen_wrap_from(int y, int x, int w, int h, attr_t a, const char *text,
                     int skip);
/* The lines screen_wrap() would use for text in w columns. */
int screen_wrap_count(int w, const char *text);
/* "5s ago", "3m ago", "2h ago", "4d ago" for a unix time; "never" for 0. */
void screen_ago(time_t when, char *buf, size_t len);

#endif
