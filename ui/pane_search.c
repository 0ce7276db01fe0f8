/* pane_search.c — search in the response viewer. A worker thread renders
 * lines one after another from where the view is and looks for the needle
 * in each, wrapping round once; it reads only the body and its line index,
 * which stay unchanged while it runs (every change to them stops it
 * first: pane_rv_clear). The loop's ticks collect the result, so the
 * screen keeps drawing and Esc cancels a long scan (worker_cancel). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pane_int.h"

/* Lines scanned between looks at the cancel flag. */
#define SEARCH_CHECK_EVERY 4096

static void
pane_search_job(struct worker *w, void *arg)
{
    struct pane_rv *rv = arg;
    struct jsonfmt_line buf = {0};
    char hex[RV_HEX_LINE];
    size_t n = pane_rv_count(rv), i = rv->scan_from;
    rv->search_found = SIZE_MAX;
    for (size_t k = 0; k < n; k++) {
        struct rv_line l;
        if (k % SEARCH_CHECK_EVERY == 0 && worker_cancelled(w))
            break;
        if (pane_rv_line(rv, i, &buf, hex, &l) &&
            jsonfmt_memfind(l.text, l.len, rv->needle, rv->nlen, rv->icase)) {
            rv->search_found = i;
            break;
        }
        i = rv->backward ? (i == 0 ? n - 1 : i - 1) : (i + 1 == n ? 0 : i + 1);
    }
    jsonfmt_line_free(&buf);
}

void
pane_search_start(struct pane_rv *rv, size_t from, bool backward)
{
    size_t n = pane_rv_count(rv);
    worker_stop(&rv->search);
    if (rv->needle == NULL || n == 0)
        return;
    rv->backward = backward;
    rv->scan_from = from % n;
    worker_start(&rv->search, pane_search_job, NULL, rv);
}

bool
pane_search_poll(struct pane_rv *rv)
{
    if (!worker_poll(&rv->search, 0))
        return false;
    rv->match = worker_cancelled(&rv->search) ? SIZE_MAX : rv->search_found;
    if (rv->match != SIZE_MAX) {
        size_t top = rv->top[rv->doc], page = (size_t)rv->page;
        if (rv->match < top || rv->match >= top + page)
            rv->top[rv->doc] = rv->match > page / 3 ? rv->match - page / 3 : 0;
    }
    return true;
}
