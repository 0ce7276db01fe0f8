/* step_auth.h — the forms of step 3, one per authentication method
 * (step_auth_key.c, step_auth_basic.c, step_auth_oauth.c), behind the
 * step_details step. All three live for the whole wizard, so switching the
 * method back and forth keeps what was typed. */
#ifndef TETHER_UI_STEP_AUTH_H
#define TETHER_UI_STEP_AUTH_H

#include "wizard.h"

struct step_auth_ops {
    void *(*create)(struct wizard *w);
    void (*destroy)(void *st);
    void (*build)(void *st, struct wizard *w);
    void (*changed)(void *st, struct wizard *w, int id); /* may be NULL */
    void (*press)(void *st, struct wizard *w, struct screen *s, int id);
    /* Write the form's values into w->ig. */
    void (*apply)(void *st, struct wizard *w);
    /* Optional: network work from the loop's tick, and whether it runs
     * (as struct wizard_step's tick and busy). */
    bool (*tick)(void *st, struct wizard *w, struct screen *s);
    bool (*busy)(const void *st);
    /* The engine's names of the form's values (struct wizard_fields). */
    const char *const *names;
    size_t nnames;
};

extern const struct step_auth_ops step_auth_key;
extern const struct step_auth_ops step_auth_basic;
extern const struct step_auth_ops step_auth_oauth;

/* step_extras.c: the rows of extra headers and query parameters shown on
 * step 3 after the method's form, for every method. `changed` and `press`
 * return true when the item was theirs; `apply` writes the rows into
 * w->ig->extras (a row with an empty name is dropped; an unchanged stored
 * secret stays as stored). */
void *step_extras_create(struct wizard *w);
void step_extras_destroy(void *st);
void step_extras_build(void *st, struct wizard *w);
bool step_extras_changed(void *st, struct wizard *w, int id);
bool step_extras_press(void *st, struct wizard *w, int id);
void step_extras_apply(void *st, struct wizard *w);

/* The form state of the method in w->ig (on step 3), or NULL for none. */
void *step_details_form(const struct wizard *w);

/* A secret field for `s`: a stored secret shows as set (Change to edit),
 * a value in memory is filled in. */
void step_auth_secret_init(struct field *f, const struct secret *s);

/* Assign the field to the secret unless it still shows the stored one,
 * so store_update() rewrites only secrets the user changed. */
void step_auth_secret_apply(const struct field *f, struct secret *s);

/* The field's text into *dst (empty clears it). */
void step_auth_str_apply(const struct field *f, char **dst);

#endif
