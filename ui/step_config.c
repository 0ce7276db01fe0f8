/* step_config.c — step 1, Configuration Details: name, description,
 * whether this is the default integration, and its tags. The name is
 * checked as it is typed (validate_name, then store_name_taken), the tags
 * too (validate_tag). */
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "validate.h"
#include "wizard.h"

enum { CONFIG_NAME = 1, CONFIG_DESCRIPTION, CONFIG_DEFAULT, CONFIG_TAGS };

/* The engine's names of the values (wizard.h). */
static const char *const step_config_names[] = {
    [CONFIG_NAME] = "name",
    [CONFIG_DESCRIPTION] = "description",
    [CONFIG_DEFAULT] = "default",
    [CONFIG_TAGS] = "tags",
};

static struct wizard_fields
step_config_fields(const struct wizard *w)
{
    (void)w;
    return WIZARD_FIELDS(step_config_names);
}

struct step_config {
    struct field name, description, tags;
    struct checkbox is_default;
};

static void *
step_config_create(struct wizard *w)
{
    struct step_config *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    field_init(&c->name, false);
    field_init(&c->description, false);
    field_set(&c->name, w->ig->name);
    field_set(&c->description, w->ig->description);
    field_init(&c->tags, false);
    field_set(&c->tags, w->ig->tags);
    c->tags.placeholder = "e.g. customer-a, prod";
    c->name.placeholder = "e.g. Spotify";
    c->is_default.on = w->ig->is_default;
    return c;
}

static void
step_config_destroy(void *st)
{
    struct step_config *c = st;
    field_free(&c->name);
    field_free(&c->description);
    field_free(&c->tags);
    free(c);
}

static void
step_config_build(void *st, struct wizard *w)
{
    struct step_config *c = st;
    form_add(&w->form, CONFIG_NAME, FORM_FIELD, "Name",
             "The name used to refer to this integration configuration.", true,
             &c->name);
    form_add(&w->form, CONFIG_DESCRIPTION, FORM_FIELD, "Description",
             "A short description of the intended use of this integration.",
             false, &c->description);
    form_add(&w->form, CONFIG_DEFAULT, FORM_CHECK, "Is Default",
             "Use this integration when a request or test names none.", false,
             &c->is_default);
    form_add(&w->form, CONFIG_TAGS, FORM_FIELD, "Tags",
             "Groups to test together: tether test --tag customer-a.", false,
             &c->tags);
}

/* The tags typed ("Customer-A, prod" or "a b") as the stored list in
 * *out (NULL for none); false with the message under the field. */
static bool
step_config_check_tags(struct step_config *c, struct wizard *w, char **out)
{
    char *typed = field_get(&c->tags), *list = NULL;
    struct err e;
    err_clear(&e);
    bool ok = typed != NULL;
    for (char *save = NULL, *t = ok ? strtok_r(typed, ", ", &save) : NULL;
         ok && t != NULL; t = strtok_r(NULL, ", ", &save)) {
        char *tag = NULL;
        ok = validate_tag("tags", t, &tag, &e) == TS_OK &&
             model_tags_add(&list, tag);
        free(tag);
    }
    free(typed);
    form_msg(&w->form, CONFIG_TAGS, TC_ERROR, "%s", ok ? "" : e.msg);
    if (!ok) {
        free(list);
        return false;
    }
    *out = list;
    return true;
}

/* Check the name as the store would; the trimmed name in *out on success. */
static bool
step_config_check_name(struct step_config *c, struct wizard *w, char **out)
{
    struct err e;
    err_clear(&e);
    char *typed = field_get(&c->name);
    char *name = NULL;
    bool ok = false;
    if (typed == NULL)
        return false;
    if (validate_name(typed, &name, &e) == TS_OK) {
        bool taken = false;
        if (store_name_taken(w->store, name, w->ig->id, &taken, &e) != TS_OK)
            ;
        else if (taken)
            err_set(&e, TS_EXISTS, "name",
                    "the name \"%s\" is already used by another integration "
                    "(names are compared without regard to case)",
                    name);
        else
            ok = true;
    }
    free(typed);
    if (ok) {
        form_msg(&w->form, CONFIG_NAME, TC_ERROR, "%s", "");
        *out = name;
    } else {
        form_msg(&w->form, CONFIG_NAME, TC_ERROR, "%s", e.msg);
        free(name);
    }
    return ok;
}

static void
step_config_changed(void *st, struct wizard *w, int id)
{
    struct step_config *c = st;
    if (id == CONFIG_NAME) {
        char *name = NULL;
        if (step_config_check_name(c, w, &name))
            free(name);
    } else if (id == CONFIG_TAGS) {
        char *tags = NULL;
        if (step_config_check_tags(c, w, &tags))
            free(tags);
    }
}

static bool
step_config_leave(void *st, struct wizard *w, bool forward)
{
    struct step_config *c = st;
    char *name = NULL;
    if (step_config_check_name(c, w, &name)) {
        free(w->ig->name);
        w->ig->name = name;
    } else if (forward) {
        form_focus(&w->form, CONFIG_NAME);
        return false;
    }
    char *tags = NULL;
    if (step_config_check_tags(c, w, &tags)) {
        free(w->ig->tags);
        w->ig->tags = tags;
    } else if (forward) {
        form_focus(&w->form, CONFIG_TAGS);
        return false;
    }
    char *desc = field_get(&c->description);
    model_set_str(&w->ig->description, desc);
    free(desc);
    w->ig->is_default = c->is_default.on;
    return true;
}

const struct wizard_step step_config = {
    .title = "Configuration Details",
    .short_title = "Configuration",
    .fields = step_config_fields,
    .create = step_config_create,
    .destroy = step_config_destroy,
    .build = step_config_build,
    .changed = step_config_changed,
    .leave = step_config_leave,
};
