/* checkbox.c — see checkbox.h. */
#include "checkbox.h"

#include "screen.h"

int
checkbox_key(struct checkbox *c, int key)
{
    if (key != ' ' && key != UK_ENTER)
        return UI_IGNORED;
    c->on = !c->on;
    return UI_HANDLED | UI_CHANGED;
}

int
checkbox_draw(const struct checkbox *c, int y, int x, bool focus)
{
    const struct theme_glyphs *g = theme_glyphs();
    attr_t a = theme_attr(focus ? TC_FIELD_FOCUS : TC_NORMAL) | A_BOLD;
    return screen_text(y, x, 3, a, c->on ? g->check_on : g->check_off);
}
