/* textview.c — see textview.h. */
#include "textview.h"

#include <string.h>

#include "screen.h"

void
textview_set(struct textview *t, const char *text)
{
    t->text = text;
    t->top = 0;
    t->lines = 0;
    if (text == NULL)
        return;
    for (const char *p = text; *p; p++)
        t->lines += *p == '\n';
    if (text[0] != '\0' && text[strlen(text) - 1] != '\n')
        t->lines++;
}

int
textview_key(struct textview *t, int key)
{
    size_t page = t->page > 1 ? (size_t)t->page - 1 : 1;
    size_t last = t->lines > (size_t)t->page ? t->lines - (size_t)t->page : 0;
    switch (key) {
    case UK_UP:
    case 'k':
        if (t->top > 0)
            t->top--;
        return UI_HANDLED;
    case UK_DOWN:
    case 'j':
        if (t->top < last)
            t->top++;
        return UI_HANDLED;
    case UK_PGUP:
        t->top = t->top > page ? t->top - page : 0;
        return UI_HANDLED;
    case UK_PGDN:
    case ' ':
        t->top = t->top + page < last ? t->top + page : last;
        return UI_HANDLED;
    case UK_HOME:
    case 'g':
        t->top = 0;
        return UI_HANDLED;
    case UK_END:
    case 'G':
        t->top = last;
        return UI_HANDLED;
    default:
        return UI_IGNORED;
    }
}

void
textview_draw(struct textview *t, int y, int x, int w, int h)
{
    char buf[1024];
    t->page = h;
    if (t->text == NULL)
        return;
    const char *p = t->text;
    for (size_t skip = t->top; skip > 0 && *p; p++)
        if (*p == '\n')
            skip--;
    for (int i = 0; i < h && *p; i++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        size_t copy = len < sizeof buf ? len : sizeof buf - 1;
        memcpy(buf, p, copy);
        buf[copy] = '\0';
        screen_text(y + i, x, w, theme_attr(TC_NORMAL), buf);
        p += len + (nl != NULL);
    }
}
