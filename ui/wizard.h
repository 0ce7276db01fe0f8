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
#include "keys.h"
#include "model.h"
#include "screen.h"

/* The steps, in order; the step table in wizard.c follows it. */
enum wizard_step_id {
    STEP_CONFIG,    /* 1 Configuration Details */
    STEP_METHOD,    /* 2 Authentication Method */
    STEP_DETAILS,   /* 3 Authentication Details */
    STEP_AUTHORIZE, /* 4 Authorize */
    STEP_TEST,      /* 5 Test Configuration */
    WIZARD_STEPS
};

/* Form ids at or above this belong to the wizard (navigation buttons). */
#define WIZARD_ID_BACK 900
#define WIZARD_ID_NEXT 901

struct wizard {
    struct view view;
    struct store *store;
    struct integration *ig; /* the working copy */
    bool editing;           /* ig came from the store */
    enum wizard_step_id step;
    bool done[WIZARD_STEPS];
    void *state[WIZARD_STEPS];
    bool dirty;      /* something was typed: ask before discarding */
    bool tested;     /* ig->last_test holds a test run here */
    bool authorized; /* ig->oauth.tokens were obtained here */
    struct form form;
    struct button back, next;
    struct dialog dialog;
};

/* The engine's names (struct err field) of what a step edits: names[id]
 * is the value of the step's form item `id`, NULL for an item the engine
 * does not check. The wizard gives each item its name after the step's
 * build, and an engine error about a name lands on the step that has it,
 * under its item. */
struct wizard_fields {
    const char *const *names;
    size_t n;
};

#define WIZARD_FIELDS(arr)                                                     \
    ((struct wizard_fields){(arr), sizeof(arr) / sizeof *(arr)})

struct wizard_step {
    const char *title;
    const char *short_title; /* when the title does not fit */
    bool optional;
    /* Optional: the engine's names of the step's values, for the method
     * (or choices) in w->ig now. */
    struct wizard_fields (*fields)(const struct wizard *w);
    /* Optional: the step's own keys (keys.h), dispatched with the wizard
     * as their context before the wizard's; while the step is busy only
     * these, key() and the help work. */
    const struct keys_table *keys;
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
    /* Optional: network work (from the loop's tick), whether it runs,
     * and while it runs the keys the step's table did not take (such as
     * typing into a field). */
    bool (*tick)(void *st, struct wizard *w, struct screen *s);
    bool (*busy)(const void *st);
    int (*key)(void *st, struct wizard *w, struct screen *s, int key);
    /* Optional: drawn over the form (a QR code). */
    void (*overlay)(void *st, struct wizard *w, struct screen *s);
};

extern const struct wizard_step step_config;
extern const struct wizard_step step_method;
extern const struct wizard_step step_details;
extern const struct wizard_step step_authorize;
extern const struct wizard_step step_test;

/* The steps' own keys, for the wizard's help: OAuth 2.0 on step 3 (the
 * only method with keys of its own), step 4 and step 5. */
extern const struct keys_table step_auth_oauth_keys;
extern const struct keys_table step_authorize_keys;
extern const struct keys_table step_test_keys;

/* A wizard for a new integration (name NULL) or to edit `name`. Returns
 * NULL and shows a message when the integration cannot be loaded. */
struct view *wizard_new(struct screen *s, const char *name);

/* Make step i's state afresh from w->ig (after a preset changed it);
 * false when out of memory (the old state is kept). Not for the current
 * step. */
bool wizard_refresh_step(struct wizard *w, enum wizard_step_id i);

/* Open an editing wizard (from wizard_new) on step `step`, e.g.
 * STEP_AUTHORIZE for the home screen's `a`; the earlier steps stay as
 * stored. */
void wizard_jump(struct view *v, enum wizard_step_id step);

/* The state of the current step (for a step's key actions, which get the
 * wizard). */
void *wizard_state(const struct wizard *w);

/* The keys `?` lists in the wizard (keys.h). */
extern const struct keys_page wizard_keys_page;

/* Rebuild the current step's form (after a choice changed its fields). */
void wizard_rebuild(struct wizard *w);

/* Show an engine error under the item of the current step named by
 * e->field (see struct wizard_fields); returns false when no item has
 * that name. */
bool wizard_show_err(struct wizard *w, const struct err *e);

#endif
