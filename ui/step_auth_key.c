/* step_auth_key.c — step 3 for API Key: the key (secret), where it goes
 * (a header or a query parameter), the header or parameter name and an
 * optional preamble such as "Bearer". */
#include <stdlib.h>

#include "step_auth.h"

enum { KEY_VALUE = 1, KEY_PLACEMENT, KEY_HEADER, KEY_PREFIX };

/* The engine's names of the values (wizard.h). */
static const char *const step_auth_key_names[] = {
    [KEY_VALUE] = "api_key",
    [KEY_PLACEMENT] = "key_in",
    [KEY_HEADER] = "key_header",
    [KEY_PREFIX] = "key_prefix",
};

static const char *const step_auth_key_places[] = {
    "Header",
    "Query parameter",
};

struct step_auth_key {
    struct field key, header, prefix;
    struct dropdown placement;
};

static void *
step_auth_key_create(struct wizard *w)
{
    struct step_auth_key *k = calloc(1, sizeof *k);
    if (k == NULL)
        return NULL;
    step_auth_secret_init(&k->key, &w->ig->api_key.key);
    field_init(&k->header, false);
    field_init(&k->prefix, false);
    field_set(&k->header, w->ig->api_key.header);
    field_set(&k->prefix, w->ig->api_key.prefix);
    k->header.placeholder = "e.g. X-API-Key";
    k->prefix.placeholder = "e.g. Bearer (leave blank if not needed)";
    k->placement.labels = step_auth_key_places;
    k->placement.n = 2;
    k->placement.sel = w->ig->api_key.placement == KEY_IN_QUERY ? 1 : 0;
    return k;
}

static void
step_auth_key_destroy(void *st)
{
    struct step_auth_key *k = st;
    field_free(&k->key);
    field_free(&k->header);
    field_free(&k->prefix);
    free(k);
}

static void
step_auth_key_build(void *st, struct wizard *w)
{
    struct step_auth_key *k = st;
    bool query = k->placement.sel == 1;
    form_add(&w->form, KEY_VALUE, FORM_FIELD, "API Key",
             "The key that will be used (hidden; Ctrl-R reveals it).", true,
             &k->key);
    form_add(&w->form, KEY_PLACEMENT, FORM_DROP, "Send the Key In",
             "Whether the key travels in a request header or in the "
             "URL's query.",
             true, &k->placement);
    form_add(&w->form, KEY_HEADER, FORM_FIELD,
             query ? "Query Parameter Name" : "API Key Header Name",
             query ? "The name of the query parameter that carries the "
                     "key, e.g. api_key."
                   : "The name of the header that carries the key, "
                     "e.g. X-API-Key.",
             true, &k->header);
    form_add(&w->form, KEY_PREFIX, FORM_FIELD, "API Key Preamble",
             "A word sent before the key, e.g. \"Bearer\" for "
             "\"Bearer [KEY]\". Leave blank if not needed.",
             false, &k->prefix);
}

static void
step_auth_key_changed(void *st, struct wizard *w, int id)
{
    (void)st;
    if (id == KEY_PLACEMENT)
        wizard_rebuild(w);
    else
        form_msg(&w->form, id, TC_ERROR, "%s", "");
}

static void
step_auth_key_apply(void *st, struct wizard *w)
{
    struct step_auth_key *k = st;
    step_auth_secret_apply(&k->key, &w->ig->api_key.key);
    step_auth_str_apply(&k->header, &w->ig->api_key.header);
    step_auth_str_apply(&k->prefix, &w->ig->api_key.prefix);
    w->ig->api_key.placement =
        k->placement.sel == 1 ? KEY_IN_QUERY : KEY_IN_HEADER;
}

const struct step_auth_ops step_auth_key = {
    .create = step_auth_key_create,
    .destroy = step_auth_key_destroy,
    .build = step_auth_key_build,
    .names = step_auth_key_names,
    .nnames = sizeof step_auth_key_names / sizeof *step_auth_key_names,
    .changed = step_auth_key_changed,
    .apply = step_auth_key_apply,
};
