/* wizard.h — the five-step setup wizard, as a view, and what its steps see.
 *
 * The wizard edits a working copy of an integration; nothing reaches the
 * store until Finish, which saves it in one store_add / store_update.
 * Each step is one file with one entry in the step table (wizard.c), in
 * the way tmux keeps one command per file. A step builds its form, checks
 * what is typed through the engine (validate.h, store.h) and writes its
 * values into the working copy when left. */
#ifndef TETHER_UI_WIZARD_H
#define TETHER_UI_WIZARD_H

#include <stdbool.h>

#include "dialog.h"
#include "form.h"
#include "model.h"
#include "screen.h"

#define WIZARD_STEPS 5

/* Form ids at or above this belong to the wizard (navigation buttons). */
#define WIZARD_ID_BACK 900
#define WIZARD_ID_NEXT 901

struct wizard {
    struct view view;
    struct store *store;
    struct integration *ig; /* the working copy */
    bool editing;           /* ig came from the store */
    int step;
    bool done[WIZARD_STEPS];
    void *state[WIZARD_STEPS];
    bool dirty;             /* something was typed: ask before discarding */
    bool tested;            /* ig->last_test holds a test run here */
    bool authorized;        /* ig->oauth.tokens were obtained here */
    struct form form;
    struct button back, next;
    struct dialog dialog;
};

struct wizard_step {
    const char *title;
    bool optional;
    /* Make the step's state, prefilled from w->ig. NULL = out of memory. */
    void *(*create)(struct wizard *w);
    void (*destroy)(void *st);
    /* Add the step's items to w->form (navigation is added after). */
    void (*build)(void *st, struct wizard *w);
    /* A value of item `id` changed: live checks. */
    void (*changed)(void *st, struct wizard *w, int id);
    /* A button of the step was pressed. */
    void (*press)(void *st, struct wizard *w, struct screen *s, int id);
    /* Write the values into w->ig. When `forward`, check them first and
     * return false (messages set, focus on the culprit) to stay. */
    bool (*leave)(void *st, struct wizard *w, bool forward);
    /* Optional: network work, key handling before the form, busy. */
    bool (*tick)(void *st, struct wizard *w, struct screen *s);
    int (*key)(void *st, struct wizard *w, struct screen *s, int key);
    bool (*busy)(const void *st);
    /* Optional: drawn over the form (a QR code). */
    void (*overlay)(void *st, struct wizard *w, struct screen *s);
};

extern const struct wizard_step step_config;
extern const struct wizard_step step_method;
extern const struct wizard_step step_details;
extern const struct wizard_step step_authorize;
extern const struct wizard_step step_test;

/* A wizard for a new integration (name NULL) or to edit `name`. Returns
 * NULL and shows a message when the integration cannot be loaded. */
struct view *wizard_new(struct screen *s, const char *name);

/* Make step i's state afresh from w->ig (after a preset changed it);
 * false when out of memory (the old state is kept). Not for the current
 * step. */
bool wizard_refresh_step(struct wizard *w, int i);

/* Open an editing wizard (from wizard_new) on step `step` (0-based), e.g.
 * Authorize for the home screen's `a`; the earlier steps stay as stored. */
void wizard_jump(struct view *v, int step);

/* Rebuild the current step's form (after a choice changed its fields). */
void wizard_rebuild(struct wizard *w);

/* Show an engine error under the item of the current step named by
 * e->field; returns false when no item has that field name. */
bool wizard_show_err(struct wizard *w, const struct err *e);

#endif
