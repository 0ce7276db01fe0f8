/* step_extras.c — step 3's rows for the extra headers and query
 * parameters sent with every request of the integration, whatever its
 * method: a name, a value and a Secret switch per row (a secret value is
 * masked, kept encrypted and shown as set once stored), buttons to add a
 * header or a query parameter; a row whose name is emptied is removed when
 * the step is left. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "step_auth.h"

/* Form ids: the buttons, then three per row from EXTRAS_ROW0. */
enum {
    EXTRAS_ADD_HEADER = 80,
    EXTRAS_ADD_QUERY,
    EXTRAS_NOTE,
    EXTRAS_ROW0 = 100,
};
#define EXTRAS_ROW_IDS 3 /* name, value, secret */
/* What the form has room for besides a method's items. */
#define EXTRAS_ROWS_SHOWN 8

struct extras_row {
    enum extra_kind kind;
    struct field name, value;
    struct checkbox secret;
    const struct secret *stored; /* the stored secret it shows, or NULL */
};

struct step_extras {
    struct extras_row *rows;
    size_t n;
    struct button add_header, add_query;
    char labels[EXTRAS_ROWS_SHOWN][32];
};

static void
row_value_init(struct extras_row *r, const struct extra *x)
{
    field_init(&r->value, r->secret.on);
    r->stored = NULL;
    if (x == NULL)
        return;
    if (x->is_secret) {
        step_auth_secret_init(&r->value, &x->secret);
        if (r->value.stored)
            r->stored = &x->secret;
    } else {
        field_set(&r->value, x->value);
    }
}

static bool
rows_add(struct step_extras *e, enum extra_kind kind, const struct extra *x)
{
    struct extras_row *grown = realloc(e->rows, (e->n + 1) * sizeof *grown);
    if (grown == NULL)
        return false;
    e->rows = grown;
    struct extras_row *r = &e->rows[e->n++];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->secret.on = x != NULL && x->is_secret;
    field_init(&r->name, false);
    if (x != NULL)
        field_set(&r->name, x->name);
    r->name.placeholder =
        kind == EXTRA_HEADER ? "e.g. Notion-Version" : "e.g. api-version";
    row_value_init(r, x);
    return true;
}

void *
step_extras_create(struct wizard *w)
{
    struct step_extras *e = calloc(1, sizeof *e);
    if (e == NULL)
        return NULL;
    e->add_header.label = "Add Header";
    e->add_query.label = "Add Query Parameter";
    for (size_t i = 0; i < w->ig->extras.n; i++) {
        const struct extra *x = &w->ig->extras.items[i];
        if (!rows_add(e, x->kind, x)) {
            step_extras_destroy(e);
            return NULL;
        }
    }
    return e;
}

void
step_extras_destroy(void *st)
{
    struct step_extras *e = st;
    if (e == NULL)
        return;
    for (size_t i = 0; i < e->n; i++) {
        field_free(&e->rows[i].name);
        field_free(&e->rows[i].value);
    }
    free(e->rows);
    free(e);
}

void
step_extras_build(void *st, struct wizard *w)
{
    struct step_extras *e = st;
    form_add(&w->form, EXTRAS_NOTE, FORM_NOTE, NULL, NULL, false,
             (void *)"Extra headers and query parameters, sent with every "
                     "request and test (a request's own header of the same "
                     "name wins). Empty a name to remove its row.");
    for (size_t i = 0; i < e->n && i < EXTRAS_ROWS_SHOWN; i++) {
        struct extras_row *r = &e->rows[i];
        int id = EXTRAS_ROW0 + (int)i * EXTRAS_ROW_IDS;
        bool header = r->kind == EXTRA_HEADER;
        snprintf(e->labels[i], sizeof e->labels[i], "%s %zu",
                 header ? "Header" : "Query Parameter", i + 1);
        struct form_item *it =
            form_add(&w->form, id, FORM_FIELD, e->labels[i],
                     header ? "The header's name (letters, digits, -)."
                            : "The query parameter's name.",
                     false, &r->name);
        if (it != NULL)
            it->field = header ? "header" : "query";
        form_add(&w->form, id + 1, FORM_FIELD, "Value",
                 r->secret.on ? "Secret: hidden (Ctrl-R reveals it), kept "
                                "encrypted, redacted in the history."
                              : (header ? "Sent as is, e.g. application/json."
                                        : "URL-encoded when sent."),
                 false, &r->value);
        form_add(&w->form, id + 2, FORM_CHECK, "Secret",
                 "On: the value is a credential (encrypted, masked, "
                 "redacted).",
                 false, &r->secret);
    }
    if (e->n < EXTRAS_ROWS_SHOWN) {
        form_add(&w->form, EXTRAS_ADD_HEADER, FORM_BUTTON, NULL, NULL, false,
                 &e->add_header);
        struct form_item *q = form_add(&w->form, EXTRAS_ADD_QUERY, FORM_BUTTON,
                                       NULL, NULL, false, &e->add_query);
        if (q != NULL)
            q->same_line = true;
    }
}

/* The row of form item `id`, and which of its items it is. */
static struct extras_row *
row_of(struct step_extras *e, int id, int *part)
{
    if (id < EXTRAS_ROW0)
        return NULL;
    size_t i = (size_t)(id - EXTRAS_ROW0) / EXTRAS_ROW_IDS;
    *part = (id - EXTRAS_ROW0) % EXTRAS_ROW_IDS;
    return i < e->n ? &e->rows[i] : NULL;
}

bool
step_extras_changed(void *st, struct wizard *w, int id)
{
    struct step_extras *e = st;
    int part;
    struct extras_row *r = row_of(e, id, &part);
    if (r == NULL)
        return false;
    if (part == 2) { /* Secret switched: the value keeps its text */
        char *v = r->value.stored ? NULL : field_get(&r->value);
        field_free(&r->value);
        row_value_init(r, NULL);
        field_set(&r->value, v ? v : "");
        if (v != NULL) {
            sodium_memzero(v, strlen(v));
            free(v);
        }
        wizard_rebuild(w);
        form_focus(&w->form, id);
    } else {
        form_msg(&w->form, id, TC_ERROR, "%s", "");
    }
    return true;
}

bool
step_extras_press(void *st, struct wizard *w, int id)
{
    struct step_extras *e = st;
    if (id != EXTRAS_ADD_HEADER && id != EXTRAS_ADD_QUERY)
        return false;
    if (rows_add(e, id == EXTRAS_ADD_HEADER ? EXTRA_HEADER : EXTRA_QUERY,
                 NULL)) {
        wizard_rebuild(w);
        form_focus(&w->form, EXTRAS_ROW0 + (int)(e->n - 1) * EXTRAS_ROW_IDS);
    }
    return true;
}

void
step_extras_apply(void *st, struct wizard *w)
{
    struct step_extras *e = st;
    struct extra_list list = {0};
    bool ok = true;
    for (size_t i = 0; ok && i < e->n; i++) {
        struct extras_row *r = &e->rows[i];
        char *name = field_get(&r->name);
        if (name == NULL || name[0] == '\0') {
            free(name);
            continue;
        }
        char *v = r->value.stored ? NULL : field_get(&r->value);
        ok = extra_list_set(&list, r->kind, name, v ? v : "", r->secret.on);
        if (ok && r->secret.on) {
            struct secret *s = &list.items[list.n - 1].secret;
            if (r->value.stored && r->stored != NULL) {
                /* Unchanged: keep what is stored (and in memory). */
                secret_clear(s);
                if (r->stored->value != NULL)
                    ok = secret_assign(s, r->stored->value);
                s->state = r->stored->state;
                s->changed = false;
            } else if (v == NULL || v[0] == '\0') {
                secret_clear(s);
                s->changed = true;
            }
        }
        if (v != NULL) {
            sodium_memzero(v, strlen(v));
            free(v);
        }
        free(name);
    }
    if (!ok) {
        extra_list_free(&list);
        return;
    }
    /* The rows now point at the new list's secrets. */
    extra_list_free(&w->ig->extras);
    w->ig->extras = list;
    for (size_t i = 0; i < e->n; i++) {
        struct extras_row *r = &e->rows[i];
        char *name = field_get(&r->name);
        const struct extra *x =
            name ? extra_list_find(&w->ig->extras, r->kind, name) : NULL;
        r->stored = x != NULL && x->is_secret ? &x->secret : NULL;
        free(name);
    }
}
