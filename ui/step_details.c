/* step_details.c — step 3, Authentication Details: the form of the method
 * chosen in step 2. Leaving forward checks the whole integration with
 * validate_integration() (on a copy) and shows every problem of the
 * method's fields (validate_auth_each) under its field, the cursor on the
 * first. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "step_auth.h"
#include "validate.h"

enum { DETAILS_NONE_NOTE = 1 };

struct step_details {
    void *forms[3]; /* api key, basic, oauth */
    void *extras;   /* extra headers and query parameters */
};

static const struct step_auth_ops *const step_details_ops[3] = {
    &step_auth_key,
    &step_auth_basic,
    &step_auth_oauth,
};

/* The form of the method in w->ig, -1 for none. */
static int
step_details_index(const struct wizard *w)
{
    switch (w->ig->auth) {
    case AUTH_API_KEY:
        return 0;
    case AUTH_BASIC:
    case AUTH_DIGEST:
        return 1;
    case AUTH_OAUTH2:
        return 2;
    default:
        return -1;
    }
}

void
step_auth_secret_init(struct field *f, const struct secret *s)
{
    field_init(f, true);
    if (s->changed)
        field_set(f, s->value);
    else if (secret_is_set(s))
        field_set_stored(f, true);
}

void
step_auth_secret_apply(const struct field *f, struct secret *s)
{
    if (f->stored)
        return;
    char *v = field_get(f);
    if (v == NULL)
        return;
    secret_assign(s, v);
    sodium_memzero(v, strlen(v));
    free(v);
}

void
step_auth_str_apply(const struct field *f, char **dst)
{
    char *v = field_get(f);
    if (v != NULL)
        model_set_str(dst, v);
    free(v);
}

static void
step_details_destroy(void *st)
{
    struct step_details *d = st;
    for (int i = 0; i < 3; i++)
        if (d->forms[i] != NULL)
            step_details_ops[i]->destroy(d->forms[i]);
    step_extras_destroy(d->extras);
    free(d);
}

static void *
step_details_create(struct wizard *w)
{
    struct step_details *d = calloc(1, sizeof *d);
    if (d == NULL)
        return NULL;
    for (int i = 0; i < 3; i++) {
        d->forms[i] = step_details_ops[i]->create(w);
        if (d->forms[i] == NULL) {
            step_details_destroy(d);
            return NULL;
        }
    }
    if ((d->extras = step_extras_create(w)) == NULL) {
        step_details_destroy(d);
        return NULL;
    }
    return d;
}

static void
step_details_build(void *st, struct wizard *w)
{
    struct step_details *d = st;
    int i = step_details_index(w);
    if (i < 0) {
        form_add(&w->form, DETAILS_NONE_NOTE, FORM_NOTE, NULL, NULL, false,
                 (void *)"No authentication: requests are sent without "
                         "credentials.");
    } else {
        step_details_ops[i]->build(d->forms[i], w);
    }
    step_extras_build(d->extras, w);
}

static void
step_details_changed(void *st, struct wizard *w, int id)
{
    struct step_details *d = st;
    int i = step_details_index(w);
    if (step_extras_changed(d->extras, w, id))
        return;
    if (i >= 0 && step_details_ops[i]->changed != NULL)
        step_details_ops[i]->changed(d->forms[i], w, id);
}

static void
step_details_press(void *st, struct wizard *w, struct screen *s, int id)
{
    struct step_details *d = st;
    int i = step_details_index(w);
    if (step_extras_press(d->extras, w, id))
        return;
    if (i >= 0 && step_details_ops[i]->press != NULL)
        step_details_ops[i]->press(d->forms[i], w, s, id);
}

static bool
step_details_tick(void *st, struct wizard *w, struct screen *s)
{
    struct step_details *d = st;
    int i = step_details_index(w);
    return i >= 0 && step_details_ops[i]->tick != NULL &&
           step_details_ops[i]->tick(d->forms[i], w, s);
}

static bool
step_details_busy(const void *st)
{
    const struct step_details *d = st;
    for (size_t i = 0; i < sizeof d->forms / sizeof d->forms[0]; i++)
        if (step_details_ops[i]->busy != NULL &&
            step_details_ops[i]->busy(d->forms[i]))
            return true;
    return false;
}

void *
step_details_form(const struct wizard *w)
{
    const struct step_details *d = w->state[STEP_DETAILS];
    int i = step_details_index(w);
    return d != NULL && i >= 0 ? d->forms[i] : NULL;
}

/* The names of the method's form. */
static struct wizard_fields
step_details_fields(const struct wizard *w)
{
    int i = step_details_index(w);
    if (i < 0)
        return (struct wizard_fields){0};
    return (struct wizard_fields){step_details_ops[i]->names,
                                  step_details_ops[i]->nnames};
}

static bool
step_details_leave(void *st, struct wizard *w, bool forward)
{
    struct step_details *d = st;
    int i = step_details_index(w);
    if (i >= 0)
        step_details_ops[i]->apply(d->forms[i], w);
    step_extras_apply(d->extras, w);
    if (!forward)
        return true;

    form_clear_msgs(&w->form);
    struct integration *copy = integration_dup(w->ig);
    if (copy == NULL)
        return false;
    struct err e;
    err_clear(&e);
    tstatus st_ = validate_integration(copy, &e);
    if (st_ == TS_OK) {
        integration_free(copy);
        return true;
    }
    /* Every problem of this step at once, each under its field; the
     * cursor on the first in field order. */
    struct err all[16];
    size_t n = validate_auth_each(copy, all, 16);
    integration_free(copy);
    if (n > 16)
        n = 16;
    size_t first = w->form.n;
    for (size_t k = 0; k < n; k++) {
        struct form_item *it = form_item_named(&w->form, all[k].field);
        if (it == NULL)
            continue;
        form_msg(&w->form, it->id, TC_ERROR, "%s", all[k].msg);
        size_t at = (size_t)(it - w->form.items);
        if (at < first)
            first = at;
    }
    if (first < w->form.n) {
        form_focus(&w->form, w->form.items[first].id);
        return false;
    }
    if (!wizard_show_err(w, &e) && w->form.n > 0)
        form_msg(&w->form, w->form.items[0].id, TC_ERROR, "%s", e.msg);
    return false;
}

const struct wizard_step step_details = {
    .title = "Authentication Details",
    .short_title = "Auth Details",
    .fields = step_details_fields,
    .keys = &step_auth_oauth_keys,
    .create = step_details_create,
    .destroy = step_details_destroy,
    .build = step_details_build,
    .changed = step_details_changed,
    .press = step_details_press,
    .leave = step_details_leave,
    .tick = step_details_tick,
    .busy = step_details_busy,
};
