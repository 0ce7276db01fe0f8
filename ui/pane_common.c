/* pane_common.c — what every tab of the request pane needs: the picked
 * integration and the tab line. The lowest layer of the pane's files (see
 * pane_int.h): it calls none of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pane_int.h"

/* Kept apart from the pane, which pane_integration() sees as const. */
struct pane_picked {
    struct integration *ig; /* store_get(), no secret values */
};

const struct integration *
pane_integration(const struct pane *p)
{
    if (p->nig == 0)
        return NULL;
    const struct integration *brief = p->igs[p->ig_drop.sel];
    struct pane_picked *k = p->picked;
    if (k == NULL)
        return brief;
    if (k->ig == NULL || k->ig->id != brief->id) {
        integration_free(k->ig);
        k->ig = NULL;
        struct err e = {0};
        if (store_get(p->st, brief->name, 0, &k->ig, &e) != TS_OK ||
            k->ig->id != brief->id) {
            integration_free(k->ig);
            k->ig = NULL;
            return brief;
        }
    }
    return k->ig;
}

bool
pane_picked_init(struct pane *p)
{
    p->picked = calloc(1, sizeof *p->picked);
    return p->picked != NULL;
}

void
pane_picked_free(struct pane *p)
{
    if (p->picked != NULL)
        integration_free(p->picked->ig);
    free(p->picked);
    p->picked = NULL;
}

/* Forget the picked integration read in full: the store may have changed. */
static void
pane_picked_forget(struct pane *p)
{
    if (p->picked != NULL) {
        integration_free(p->picked->ig);
        p->picked->ig = NULL;
    }
}

bool
pane_pick_integration(struct pane *p, const char *name)
{
    for (size_t i = 0; name != NULL && i < p->nig; i++) {
        if (strcasecmp(p->igs[i]->name, name) == 0) {
            p->ig_drop.sel = p->ig_drop.hover = i;
            return true;
        }
    }
    return false;
}

bool
pane_reload_integrations(struct pane *p, struct screen *s)
{
    struct err e = {0};
    struct integration **igs = NULL;
    size_t n = 0;
    if (store_list_brief(p->st, 0, &igs, &n, NULL, &e) != TS_OK) {
        screen_msg(s, MSG_ERROR, "%s", e.msg);
        return false;
    }
    const char **labels = calloc(n ? n : 1, sizeof *labels);
    const struct integration *cur = pane_integration(p);
    char *was = cur != NULL ? strdup(cur->name) : NULL;
    if (labels == NULL || (cur != NULL && was == NULL)) {
        free(labels);
        free(was);
        store_list_free(igs, n);
        screen_msg(s, MSG_ERROR, "out of memory");
        return false;
    }
    for (size_t i = 0; i < n; i++)
        labels[i] = igs[i]->name;
    store_list_free(p->igs, p->nig);
    free(p->ig_labels);
    pane_picked_forget(p);
    p->igs = igs;
    p->nig = n;
    p->ig_labels = labels;
    p->ig_drop.labels = labels;
    p->ig_drop.n = n;
    p->ig_drop.sel = p->ig_drop.hover = 0;
    bool kept = pane_pick_integration(p, was);
    if (!kept)
        for (size_t i = 0; i < n; i++)
            if (igs[i]->is_default)
                p->ig_drop.sel = p->ig_drop.hover = i;
    free(was);
    return !kept;
}

bool
pane_sending(const struct pane *p)
{
    return worker_running(&p->send);
}

void
pane_draw_tabs(const struct pane *p, struct screen *s)
{
    static const char *const names[] = {"Compose", "Response", "History",
                                        "Requests"};
    screen_fill(0, 0, s->cols, theme_attr(TC_KEYBAR));
    int x = screen_text(0, 1, 20, theme_attr(TC_KEYBAR_KEY), "Request pane");
    x += 3;
    for (int i = 0; i < PANE_TABS; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, " %s ", names[i]);
        attr_t a = theme_attr((int)p->tab == i ? TC_STEP_CURRENT : TC_KEYBAR);
        x += screen_text(0, x, 12, a, buf) + 1;
    }
    if (pane_sending(p)) {
        char buf[96];
        snprintf(buf, sizeof buf, "%s %s %.1f s%s", screen_spinner(s),
                 worker_cancelled(&p->send) ? "cancelling" : "sending",
                 worker_elapsed_ms(&p->send) / 1000.0, " (Esc cancels)");
        screen_text(0, x + 2, s->cols - x - 3, theme_attr(TC_KEYBAR), buf);
    }
}
