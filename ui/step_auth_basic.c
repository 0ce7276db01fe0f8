/* step_auth_basic.c — step 3 for Basic Authentication and HTTP Digest:
 * username and password (secret), the same fields for both. */
#include <stdlib.h>

#include "step_auth.h"

enum { BASIC_USER = 1, BASIC_PASSWORD };

/* The engine's names of the values (wizard.h). */
static const char *const step_auth_basic_names[] = {
    [BASIC_USER] = "username",
    [BASIC_PASSWORD] = "password",
};

struct step_auth_basic {
    struct field user, password;
};

static void *
step_auth_basic_create(struct wizard *w)
{
    struct step_auth_basic *b = calloc(1, sizeof *b);
    if (b == NULL)
        return NULL;
    field_init(&b->user, false);
    field_set(&b->user, w->ig->basic.username);
    step_auth_secret_init(&b->password, &w->ig->basic.password);
    return b;
}

static void
step_auth_basic_destroy(void *st)
{
    struct step_auth_basic *b = st;
    field_free(&b->user);
    field_free(&b->password);
    free(b);
}

static void
step_auth_basic_build(void *st, struct wizard *w)
{
    struct step_auth_basic *b = st;
    bool digest = w->ig->auth == AUTH_DIGEST;
    form_add(&w->form, BASIC_USER, FORM_FIELD,
             digest ? "Digest Username" : "Basic Auth Username",
             "The username that will be used.", true, &b->user);
    form_add(&w->form, BASIC_PASSWORD, FORM_FIELD,
             digest ? "Digest Password" : "Basic Auth Password",
             "The password that will be used (hidden; Ctrl-R reveals "
             "it).",
             true, &b->password);
}

static void
step_auth_basic_changed(void *st, struct wizard *w, int id)
{
    (void)st;
    form_msg(&w->form, id, TC_ERROR, "%s", "");
}

static void
step_auth_basic_apply(void *st, struct wizard *w)
{
    struct step_auth_basic *b = st;
    step_auth_str_apply(&b->user, &w->ig->basic.username);
    step_auth_secret_apply(&b->password, &w->ig->basic.password);
}

const struct step_auth_ops step_auth_basic = {
    .create = step_auth_basic_create,
    .destroy = step_auth_basic_destroy,
    .build = step_auth_basic_build,
    .names = step_auth_basic_names,
    .nnames = sizeof step_auth_basic_names / sizeof *step_auth_basic_names,
    .changed = step_auth_basic_changed,
    .apply = step_auth_basic_apply,
};
