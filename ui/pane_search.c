/* pane_search.c — search in the response viewer. A thread renders lines
 * one after another from where the view is and looks for the needle in
 * each, wrapping round once; it reads only the body and its line index,
 * which stay unchanged while it runs (every change to them stops it
 * first). The loop's ticks collect the result, so the screen keeps
 * drawing and Esc stops a long scan. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pane_int.h"

/* Lines scanned between looks at the cancel flag. */
#define SEARCH_CHECK_EVERY 4096

static void *
pane_search_thread(void *arg)
{
    struct pane_rv *rv = arg;
    struct jsonfmt_line buf = {0};
    char hex[RV_HEX_LINE];
    size_t n = pane_rv_count(rv), i = rv->scan_from;
    rv->search_found = SIZE_MAX;
    for (size_t k = 0; k < n; k++) {
        struct rv_line l;
        if (k % SEARCH_CHECK_EVERY == 0 && atomic_load(&rv->search_cancel))
            break;
        if (pane_rv_line(rv, i, &buf, hex, &l) &&
            jsonfmt_memfind(l.text, l.len, rv->needle, rv->nlen, rv->icase)) {
            rv->search_found = i;
            break;
        }
        i = rv->backward ? (i == 0 ? n - 1 : i - 1) : (i + 1 == n ? 0 : i + 1);
    }
    jsonfmt_line_free(&buf);
    atomic_store(&rv->search_done, true);
    return NULL;
}

void
pane_search_stop(struct pane_rv *rv)
{
    if (!rv->searching)
        return;
    atomic_store(&rv->search_cancel, true);
    if (!rv->search_inline)
        pthread_join(rv->search_thread, NULL);
    rv->searching = false;
}

void
pane_search_start(struct pane_rv *rv, size_t from, bool backward)
{
    size_t n = pane_rv_count(rv);
    pane_search_stop(rv);
    if (rv->needle == NULL || n == 0)
        return;
    rv->backward = backward;
    rv->scan_from = from % n;
    atomic_store(&rv->search_cancel, false);
    atomic_store(&rv->search_done, false);
    rv->searching = true;
    rv->search_inline = false;
    if (pthread_create(&rv->search_thread, NULL, pane_search_thread, rv) !=
        0) {
        rv->search_inline = true;
        pane_search_thread(rv);
    }
}

bool
pane_search_poll(struct pane_rv *rv)
{
    if (!rv->searching || !atomic_load(&rv->search_done))
        return false;
    if (!rv->search_inline)
        pthread_join(rv->search_thread, NULL);
    rv->searching = false;
    rv->match = rv->search_found;
    if (rv->match != SIZE_MAX) {
        size_t top = rv->top[rv->doc], page = (size_t)rv->page;
        if (rv->match < top || rv->match >= top + page)
            rv->top[rv->doc] = rv->match > page / 3 ? rv->match - page / 3
                                                    : 0;
    }
    return true;
}
