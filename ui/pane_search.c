/* pane_search.c — search in the response viewer. A worker thread renders
 * every line of the document shown and notes the lines holding the needle
 * (rv->hits); it reads only the body and its line index, which stay
 * unchanged while it runs (every change to them stops it first:
 * pane_rv_clear). The loop's ticks collect the result, so the screen keeps
 * drawing and Esc cancels a long scan (worker_cancel). n and N then move
 * through the hits without scanning again: "match k of N". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pane_int.h"

/* Lines scanned between looks at the cancel flag. */
#define SEARCH_CHECK_EVERY 4096

/* Note line i as a hit; false when out of memory. */
static bool
pane_search_note(struct pane_rv *rv, size_t i, size_t *cap)
{
    if (rv->nhits == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        size_t *v = realloc(rv->hits, ncap * sizeof *v);
        if (v == NULL)
            return false;
        rv->hits = v;
        *cap = ncap;
    }
    rv->hits[rv->nhits++] = i;
    return true;
}

static void
pane_search_job(struct worker *w, void *arg)
{
    struct pane_rv *rv = arg;
    struct jsonfmt_line buf = {0};
    char hex[RV_HEX_LINE];
    size_t n = pane_rv_count(rv), cap = 0;
    for (size_t i = 0; i < n; i++) {
        struct rv_line l;
        if (i % SEARCH_CHECK_EVERY == 0 && worker_cancelled(w))
            break;
        if (pane_rv_line(rv, i, &buf, hex, &l) &&
            jsonfmt_memfind(l.text, l.len, rv->needle, rv->nlen, rv->icase) &&
            !pane_search_note(rv, i, &cap))
            break;
    }
    jsonfmt_line_free(&buf);
}

/* Make hit k the match, scrolled into view. */
static void
pane_search_show(struct pane_rv *rv, size_t k)
{
    rv->hit = k;
    rv->match = rv->hits[k];
    size_t top = rv->top[rv->doc], page = (size_t)rv->page;
    if (rv->match < top || rv->match >= top + page)
        rv->top[rv->doc] = rv->match > page / 3 ? rv->match - page / 3 : 0;
}

/* The first hit at or after line `from` (backward: at or before), round
 * the end when there is none; SIZE_MAX when there is no hit. */
static size_t
pane_search_pick(const struct pane_rv *rv, size_t from, bool backward)
{
    if (rv->nhits == 0)
        return SIZE_MAX;
    if (backward) {
        for (size_t k = rv->nhits; k > 0; k--)
            if (rv->hits[k - 1] <= from)
                return k - 1;
        return rv->nhits - 1;
    }
    for (size_t k = 0; k < rv->nhits; k++)
        if (rv->hits[k] >= from)
            return k;
    return 0;
}

void
pane_search_start(struct pane_rv *rv, size_t from, bool backward)
{
    pane_rv_search_forget(rv);
    if (rv->needle == NULL || pane_rv_count(rv) == 0)
        return;
    rv->backward = backward;
    rv->scan_from = from;
    worker_start(&rv->search, pane_search_job, NULL, rv);
}

bool
pane_search_step(struct pane_rv *rv, bool backward)
{
    if (!rv->scanned || rv->nhits == 0)
        return false;
    size_t k = rv->hit;
    if (k == SIZE_MAX)
        k = pane_search_pick(rv, rv->top[rv->doc], backward);
    else if (backward)
        k = k == 0 ? rv->nhits - 1 : k - 1;
    else
        k = k + 1 == rv->nhits ? 0 : k + 1;
    pane_search_show(rv, k);
    return true;
}

bool
pane_search_poll(struct pane_rv *rv)
{
    if (!worker_poll(&rv->search, 0))
        return false;
    if (worker_cancelled(&rv->search)) {
        free(rv->hits);
        rv->hits = NULL;
        rv->nhits = 0;
        return true;
    }
    rv->scanned = true;
    size_t k = pane_search_pick(rv, rv->scan_from, rv->backward);
    if (k != SIZE_MAX)
        pane_search_show(rv, k);
    return true;
}

void
pane_search_said(const struct pane_rv *rv, struct screen *s)
{
    if (worker_cancelled(&rv->search) && !rv->scanned)
        screen_msg(s, MSG_INFO, "Search stopped.");
    else if (rv->hit == SIZE_MAX)
        screen_msg(s, MSG_INFO, "Not found: %s", rv->needle);
    else
        screen_msg(s, MSG_INFO, "Match %zu of %zu: %s (n next, N previous)",
                   rv->hit + 1, rv->nhits, rv->needle);
}
