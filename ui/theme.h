/* theme.h — colours, attributes and glyphs, decided once at start-up.
 *
 * The colour table (THEME_COLOURS) generates the colour enum and the pair
 * set-up, as ncdu does. With NO_COLOR set, or a terminal without colours,
 * every role falls back to a monochrome attribute. Glyphs are UTF-8 when the
 * locale's codeset is UTF-8 and plain ASCII otherwise. */
#ifndef TETHER_UI_THEME_H
#define TETHER_UI_THEME_H

#include <stdbool.h>

#include <curses.h>

/* role, foreground, background, attribute with colour, attribute without */
#define THEME_COLOURS(X)                                                       \
    X(NORMAL, -1, -1, A_NORMAL, A_NORMAL)                                      \
    X(DIM, COLOR_WHITE, -1, A_DIM, A_DIM)                                      \
    X(TITLE, COLOR_CYAN, -1, A_BOLD, A_BOLD)                                   \
    X(LABEL, -1, -1, A_BOLD, A_BOLD)                                           \
    X(REQUIRED, COLOR_RED, -1, A_BOLD, A_BOLD)                                 \
    X(FIELD, COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_UNDERLINE)                   \
    X(FIELD_FOCUS, COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE)               \
    X(BUTTON, COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_NORMAL)                    \
    X(BUTTON_FOCUS, COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD)       \
    X(SELECTED, COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE)                  \
    X(ERROR, COLOR_RED, -1, A_BOLD, A_BOLD)                                    \
    X(WARNING, COLOR_YELLOW, -1, A_BOLD, A_BOLD)                               \
    X(OK, COLOR_GREEN, -1, A_BOLD, A_BOLD)                                     \
    X(INFO, COLOR_CYAN, -1, A_NORMAL, A_NORMAL)                                \
    X(STEP_DONE, COLOR_GREEN, -1, A_BOLD, A_BOLD)                              \
    X(STEP_CURRENT, COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD)       \
    X(KEYBAR, COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE)                   \
    X(KEYBAR_KEY, COLOR_BLUE, COLOR_WHITE, A_BOLD, A_REVERSE | A_BOLD)         \
    X(BORDER, COLOR_CYAN, -1, A_NORMAL, A_NORMAL)

enum theme_colour {
#define THEME_ENUM(name, fg, bg, attr, mono) TC_##name,
    THEME_COLOURS(THEME_ENUM)
#undef THEME_ENUM
        TC_COUNT
};

/* Line drawing and symbols, UTF-8 or ASCII. */
struct theme_glyphs {
    const char *hline, *vline, *tl, *tr, *bl, *br;
    const char *tick, *cross, *dot, *ring, *arrow_down, *mask, *ellipsis;
    const char *check_on, *check_off, *sep;
    const char *const *spinner;
    int spinner_frames;
};

/* Set up colours (after initscr): honours NO_COLOR and terminals without
 * colour. Decides the glyph set from the locale's codeset. */
void theme_init(void);

/* The curses attribute for a role. */
attr_t theme_attr(enum theme_colour c);

/* The glyph set in use. */
const struct theme_glyphs *theme_glyphs(void);

/* True when the locale is UTF-8 (fancy glyphs in use). */
bool theme_utf8(void);

#endif
