/* ui.c — see ui.h. */
#include "ui.h"

#include "home.h"
#include "remedy.h"
#include "keys.h"
#include "pane.h"
#include "screen.h"
#include "wizard.h"

int
ui_run(struct store *st)
{
    remedy_use_screens();
    return screen_run(st, home_new);
}

int
ui_pane(struct store *st, const char *integration)
{
    remedy_use_screens();
    return pane_run(st, integration);
}

int
ui_dump_keys(FILE *out)
{
    const struct keys_page *pages[] = {
        &home_keys_page,   &wizard_keys_page, pane_keys_page(0),
        pane_keys_page(1), pane_keys_page(2), pane_keys_page(3),
    };
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++)
        if (pages[i] == NULL || !keys_page_dump(out, pages[i]))
            return 1;
    return fflush(out) == 0 ? 0 : 1;
}
