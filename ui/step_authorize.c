/* step_authorize.c — step 4, Authorize. Only the OAuth 2.0 grants have
 * something to do here; every other method needs no action. */
#include <stdio.h>
#include <stdlib.h>

#include "wizard.h"

enum { AUTHORIZE_NOTE = 1 };

struct step_authorize {
    char note[512];
};

static void *
step_authorize_create(struct wizard *w)
{
    (void)w;
    return calloc(1, sizeof(struct step_authorize));
}

static void
step_authorize_destroy(void *st)
{
    free(st);
}

static void
step_authorize_build(void *st, struct wizard *w)
{
    struct step_authorize *a = st;
    if (w->ig->auth != AUTH_OAUTH2)
        snprintf(a->note, sizeof a->note,
                 "No action is needed for this step: %s sends its "
                 "credentials with every request, so there is nothing to "
                 "authorize.",
                 auth_method_label(w->ig->auth));
    else
        snprintf(a->note, sizeof a->note,
                 "Authorizing from the wizard is not available in this "
                 "build; the settings are saved all the same.");
    form_add(&w->form, AUTHORIZE_NOTE, FORM_NOTE, NULL, NULL, false,
             a->note);
}

static bool
step_authorize_leave(void *st, struct wizard *w, bool forward)
{
    (void)st;
    (void)w;
    (void)forward;
    return true;
}

const struct wizard_step step_authorize = {
    .title = "Authorize",
    .create = step_authorize_create,
    .destroy = step_authorize_destroy,
    .build = step_authorize_build,
    .leave = step_authorize_leave,
};
