/* button.c — see button.h. */
#include "button.h"

#include <stdio.h>

#include "screen.h"

int
button_key(struct button *b, int key)
{
    if (b->disabled || (key != ' ' && key != UK_ENTER))
        return UI_IGNORED;
    return UI_HANDLED | UI_SUBMIT;
}

int
button_width(const struct button *b)
{
    return screen_width(b->label) + 4;
}

int
button_draw(const struct button *b, int y, int x, bool focus)
{
    char buf[128];
    snprintf(buf, sizeof buf, "[ %s ]", b->label);
    attr_t a = b->disabled ? theme_attr(TC_DIM)
                           : theme_attr(focus ? TC_BUTTON_FOCUS : TC_BUTTON);
    return screen_text(y, x, button_width(b), a, buf);
}
