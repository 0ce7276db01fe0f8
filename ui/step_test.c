/* step_test.c — step 5, Test Configuration (optional): the URL path a GET
 * is sent to, which must answer 200. */
#include <stdlib.h>

#include "validate.h"
#include "wizard.h"

enum { TEST_PATH = 1 };

struct step_test {
    struct field path;
};

static void *
step_test_create(struct wizard *w)
{
    struct step_test *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    field_init(&t->path, false);
    field_set(&t->path, w->ig->test_path ? w->ig->test_path : "/");
    return t;
}

static void
step_test_destroy(void *st)
{
    struct step_test *t = st;
    field_free(&t->path);
    free(t);
}

static void
step_test_build(void *st, struct wizard *w)
{
    struct step_test *t = st;
    struct form_item *it =
        form_add(&w->form, TEST_PATH, FORM_FIELD, "Test Action URL Path",
                 "A path a GET request can be sent to; it must answer 200. "
                 "Optional, but recommended.",
                 false, &t->path);
    it->field = "test_path";
}

static void
step_test_changed(void *st, struct wizard *w, int id)
{
    struct step_test *t = st;
    if (id != TEST_PATH)
        return;
    struct err e;
    err_clear(&e);
    char *typed = field_get(&t->path), *norm = NULL;
    if (typed != NULL && validate_path("test_path", typed, &norm, &e) != TS_OK)
        form_msg(&w->form, TEST_PATH, TC_ERROR, "%s", e.msg);
    else
        form_msg(&w->form, TEST_PATH, TC_ERROR, "%s", "");
    free(typed);
    free(norm);
}

static bool
step_test_leave(void *st, struct wizard *w, bool forward)
{
    struct step_test *t = st;
    struct err e;
    err_clear(&e);
    char *typed = field_get(&t->path), *norm = NULL;
    if (typed == NULL)
        return false;
    tstatus rc = validate_path("test_path", typed, &norm, &e);
    free(typed);
    if (rc != TS_OK) {
        if (!forward)
            return true;
        form_msg(&w->form, TEST_PATH, TC_ERROR, "%s", e.msg);
        form_focus(&w->form, TEST_PATH);
        return false;
    }
    free(w->ig->test_path);
    w->ig->test_path = norm;
    return true;
}

const struct wizard_step step_test = {
    .title = "Test Configuration",
    .optional = true,
    .create = step_test_create,
    .destroy = step_test_destroy,
    .build = step_test_build,
    .changed = step_test_changed,
    .leave = step_test_leave,
};
