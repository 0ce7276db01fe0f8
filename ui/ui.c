/* ui.c — see ui.h. */
#include "ui.h"

#include "home.h"
#include "screen.h"

int
ui_run(struct store *st)
{
    return screen_run(st, home_new);
}
