/* ui.c — see ui.h. */
#include "ui.h"

#include "home.h"
#include "pane.h"
#include "screen.h"

int
ui_run(struct store *st)
{
    return screen_run(st, home_new);
}

int
ui_pane(struct store *st, const char *integration)
{
    return pane_run(st, integration);
}
