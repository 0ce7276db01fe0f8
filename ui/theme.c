/* theme.c — see theme.h. The state lives in curses itself (whether
 * start_color() ran) and in the locale, so there is nothing to keep here. */
#include "theme.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

struct theme_entry {
    short fg, bg;
    attr_t attr, mono;
};

static const struct theme_entry theme_table[TC_COUNT] = {
#define THEME_ENTRY(name, f, b, a, m) [TC_##name] = {f, b, a, m},
    THEME_COLOURS(THEME_ENTRY)
#undef THEME_ENTRY
};

static const char *const spinner_utf8[] = {"⠋", "⠙", "⠹", "⠸", "⠼",
                                           "⠴", "⠦", "⠧", "⠇", "⠏"};
static const char *const spinner_ascii[] = {"|", "/", "-", "\\"};

static const struct theme_glyphs glyphs_utf8 = {
    "─", "│", "┌", "┐", "└",   "┘",   "✓", "✗",          "●",
    "○", "▾", "•", "…", "[x]", "[ ]", "·", spinner_utf8, 10,
};

/* The pass mark is not `*`, which marks the default integration. */
static const struct theme_glyphs glyphs_ascii = {
    "-", "|", "+", "+",   "+",   "+",   "+", "x",           "o",
    "o", "v", "*", "...", "[x]", "[ ]", "-", spinner_ascii, 4,
};

bool
theme_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

void
theme_init(void)
{
    const char *nc = getenv("NO_COLOR");
    if ((nc != NULL && nc[0] != '\0') || !has_colors())
        return;
    if (start_color() != OK)
        return;
    use_default_colors();
    if (COLOR_PAIRS <= TC_COUNT || COLORS < 8)
        return;
    for (int i = 1; i < TC_COUNT; i++)
        init_pair((short)i, theme_table[i].fg, theme_table[i].bg);
}

attr_t
theme_attr(enum theme_colour c)
{
    if (COLOR_PAIRS <= TC_COUNT || COLORS < 8 || c == TC_NORMAL)
        return theme_table[c].mono;
    return theme_table[c].attr | (attr_t)COLOR_PAIR((int)c);
}

const struct theme_glyphs *
theme_glyphs(void)
{
    return theme_utf8() ? &glyphs_utf8 : &glyphs_ascii;
}
