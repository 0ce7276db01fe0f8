/* wizard.c — see wizard.h. The step table, the stepper, navigation and the
 * one save at Finish. */
#include "wizard.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "oauth.h"
#include "store.h"

static const struct wizard_step *const wizard_steps[WIZARD_STEPS] = {
    [STEP_CONFIG] = &step_config,   [STEP_METHOD] = &step_method,
    [STEP_DETAILS] = &step_details, [STEP_AUTHORIZE] = &step_authorize,
    [STEP_TEST] = &step_test,
};

static struct wizard_fields
wizard_fields_of(const struct wizard *w, enum wizard_step_id i)
{
    const struct wizard_step *st = wizard_steps[i];
    return st->fields != NULL ? st->fields(w) : (struct wizard_fields){0};
}

/* The step that declares the field named in an engine error, or
 * WIZARD_STEPS when none does. */
static enum wizard_step_id
wizard_step_of_field(const struct wizard *w, const char *field)
{
    for (int i = 0; i < WIZARD_STEPS; i++) {
        struct wizard_fields f = wizard_fields_of(w, (enum wizard_step_id)i);
        for (size_t k = 0; k < f.n; k++)
            if (f.names[k] != NULL && strcmp(f.names[k], field) == 0)
                return (enum wizard_step_id)i;
    }
    return WIZARD_STEPS;
}

static const struct wizard_step *
wizard_cur(const struct wizard *w)
{
    return wizard_steps[w->step];
}

void *
wizard_state(const struct wizard *w)
{
    return w->state[w->step];
}

/* Give the current step's items their engine names. */
static void
wizard_name_items(struct wizard *w)
{
    struct wizard_fields f = wizard_fields_of(w, w->step);
    for (size_t i = 0; i < w->form.n; i++) {
        struct form_item *it = &w->form.items[i];
        if (it->id >= 0 && (size_t)it->id < f.n && it->id < WIZARD_ID_BACK)
            it->field = f.names[it->id];
    }
}

static void
wizard_build(struct wizard *w, bool keep_focus)
{
    int focus = form_focus_id(&w->form);
    form_clear(&w->form);
    w->form.focus = 0;
    w->form.scroll = 0;
    wizard_cur(w)->build(w->state[w->step], w);
    wizard_name_items(w);
    w->back.label = "Back";
    w->next.label = w->step == WIZARD_STEPS - 1 ? "Finish" : "Next";
    if (w->step > 0)
        form_add(&w->form, WIZARD_ID_BACK, FORM_BUTTON, NULL, NULL, false,
                 &w->back);
    struct form_item *it = form_add(&w->form, WIZARD_ID_NEXT, FORM_BUTTON, NULL,
                                    NULL, false, &w->next);
    if (it != NULL)
        it->same_line = w->step > 0;
    if (keep_focus)
        form_focus(&w->form, focus);
}

void
wizard_jump(struct view *v, enum wizard_step_id step)
{
    struct wizard *w = (struct wizard *)v;
    if (step >= WIZARD_STEPS || !w->editing)
        return;
    w->step = step;
    wizard_build(w, false);
}

void
wizard_rebuild(struct wizard *w)
{
    wizard_build(w, true);
}

bool
wizard_refresh_step(struct wizard *w, enum wizard_step_id i)
{
    if (i == w->step)
        return false;
    void *fresh = wizard_steps[i]->create(w);
    if (fresh == NULL)
        return false;
    wizard_steps[i]->destroy(w->state[i]);
    w->state[i] = fresh;
    return true;
}

bool
wizard_show_err(struct wizard *w, const struct err *e)
{
    struct form_item *it =
        e->field[0] ? form_item_named(&w->form, e->field) : NULL;
    if (it == NULL)
        return false;
    form_msg(&w->form, it->id, TC_ERROR, "%s", e->msg);
    form_focus(&w->form, it->id);
    return true;
}

static void
wizard_free(struct view *v)
{
    struct wizard *w = (struct wizard *)v;
    for (int i = 0; i < WIZARD_STEPS; i++)
        if (w->state[i] != NULL)
            wizard_steps[i]->destroy(w->state[i]);
    dialog_close(&w->dialog);
    integration_free(w->ig);
    free(w);
}

/* Save with one store_add / store_update; back home with it selected. */
static void
wizard_finish(struct wizard *w, struct screen *s)
{
    struct err e;
    err_clear(&e);
    tstatus st = w->editing ? store_update(w->store, w->ig, &e)
                            : store_add(w->store, w->ig, &e);
    if (st != TS_OK) {
        enum wizard_step_id owner = e.field[0] != '\0'
                                        ? wizard_step_of_field(w, e.field)
                                        : WIZARD_STEPS;
        if (owner != WIZARD_STEPS) {
            w->step = owner;
            wizard_build(w, false);
            if (wizard_show_err(w, &e))
                return;
        }
        screen_msg(s, MSG_ERROR, "Not saved: %s", e.msg);
        return;
    }
    /* An update keeps the stored tokens and test result; record those
     * obtained here (a new integration was saved with them). */
    if (w->editing && w->authorized && oauth_save(w->store, w->ig, &e) != TS_OK)
        screen_msg(s, MSG_ERROR, "Saved, but not the tokens: %s", e.msg);
    else if (w->editing && w->tested &&
             store_save_test_result(w->store, w->ig->id, &w->ig->last_test,
                                    &e) != TS_OK)
        screen_msg(s, MSG_ERROR, "Saved, but not the test result: %s", e.msg);
    else
        screen_msg(s, MSG_OK, "Saved \"%s\".", w->ig->name);
    free(s->select_name);
    s->select_name = strdup(w->ig->name);
    screen_pop(s);
}

static void
wizard_go(struct wizard *w, struct screen *s, int dir)
{
    const struct wizard_step *cur = wizard_cur(w);
    if (dir > 0) {
        if (!cur->leave(w->state[w->step], w, true))
            return;
        w->done[w->step] = true;
        if (w->step == WIZARD_STEPS - 1) {
            wizard_finish(w, s);
            return;
        }
        w->step++;
    } else {
        if (w->step == STEP_CONFIG)
            return;
        cur->leave(w->state[w->step], w, false);
        w->step--;
    }
    wizard_build(w, false);
}

static bool
wizard_busy(const struct view *v)
{
    const struct wizard *w = (const struct wizard *)v;
    const struct wizard_step *cur = wizard_cur(w);
    return cur->busy != NULL && cur->busy(w->state[w->step]);
}

/* ---- keys ------------------------------------------------------------- */

static int
wizard_act_next(void *ctx, struct screen *s, int key)
{
    (void)key;
    wizard_go(ctx, s, 1);
    return UI_HANDLED;
}

static int
wizard_act_prev(void *ctx, struct screen *s, int key)
{
    (void)key;
    wizard_go(ctx, s, -1);
    return UI_HANDLED;
}

static int
wizard_act_leave(void *ctx, struct screen *s, int key)
{
    struct wizard *w = ctx;
    (void)key;
    if (!w->dirty) {
        screen_pop(s);
        return UI_HANDLED;
    }
    /* Tokens got for a stored integration are saved already (step 4);
     * for a new one they go with it, and the question says so. */
    const char *text =
        w->editing      ? (w->authorized ? "Leave without saving? The stored "
                                           "integration stays as it was; the "
                                           "tokens just obtained are kept."
                                         : "Leave without saving? The stored "
                                           "integration stays as it was.")
        : w->authorized ? "Leave without saving? Nothing you typed will be "
                          "kept, and the tokens just obtained are lost "
                          "with it: Finish saves them."
                        : "Leave without saving? Nothing you typed will be "
                          "kept.";
    dialog_confirm(&w->dialog, 0, "Discard changes?", "Discard", "%s", text);
    return UI_HANDLED;
}

static bool
wizard_not_first(const void *ctx)
{
    const struct wizard *w = ctx;
    return w->step != STEP_CONFIG;
}

/* The focused item, or NULL. */
static const struct form_item *
wizard_focused(const struct wizard *w)
{
    return w->form.focus < w->form.n ? &w->form.items[w->form.focus] : NULL;
}

/* A secret being typed has the focus (Ctrl-R reveals it). */
static bool
wizard_on_secret(const void *ctx)
{
    const struct form_item *it = wizard_focused(ctx);
    return it != NULL && it->kind == FORM_FIELD && it->w.field->secret &&
           !it->w.field->stored;
}

static const struct ui_binding wizard_bindings[] = {
    {{UK_CTRL('n'), UK_PGDN},
     "^N, PgDn",
     "^N",
     "Next step",
     "the next step (this one is checked first); on the last step it "
     "saves, as Finish",
     KEYS_HIGH,
     wizard_act_next,
     NULL},
    {{UK_CTRL('p'), UK_PGUP},
     "^P, PgUp",
     "^P",
     "Prev step",
     "the previous step (what you typed is kept)",
     KEYS_HIGH,
     wizard_act_prev,
     wizard_not_first},
    {{0},
     "^R",
     NULL,
     "Reveal",
     "reveal or hide the secret being typed",
     KEYS_MID,
     NULL,
     wizard_on_secret},
    {{UK_ESC},
     "Esc",
     NULL,
     "Cancel",
     "leave the wizard (asks before discarding what was typed: nothing is "
     "saved before Finish); in an open drop-down: close it",
     KEYS_ALWAYS,
     wizard_act_leave,
     NULL},
};

static const struct keys_table wizard_table =
    KEYS_TABLE("Wizard", wizard_bindings);

static const struct keys_table *const wizard_help_tables[] = {
    &wizard_table,         &form_keys,
    &dropdown_keys,        &field_keys,
    &step_auth_oauth_keys, &step_authorize_keys,
    &step_test_keys,       &keys_help_table,
};

const struct keys_page wizard_keys_page =
    KEYS_PAGE("wizard", "Wizard", wizard_help_tables);

static const struct keys_page *
wizard_help(const struct view *v)
{
    (void)v;
    return &wizard_keys_page;
}

static bool
wizard_typing(const struct view *v)
{
    const struct wizard *w = (const struct wizard *)v;
    const struct form_item *it = wizard_focused(w);
    return it != NULL && it->kind == FORM_FIELD && !dialog_is_open(&w->dialog);
}

/* The tables for the bar and the dispatch now: the step's own keys, then
 * (unless the step is busy) the form's and the wizard's; the help. */
static size_t
wizard_tables(const struct wizard *w, const struct keys_table **t)
{
    size_t n = 0;
    const struct wizard_step *cur = wizard_cur(w);
    if (cur->keys != NULL)
        t[n++] = cur->keys;
    if (!wizard_busy(&w->view)) {
        t[n++] = &form_keys;
        t[n++] = &wizard_table;
    }
    t[n++] = &keys_help_table;
    return n;
}

static int
wizard_key(struct view *v, struct screen *s, int key)
{
    struct wizard *w = (struct wizard *)v;
    const struct wizard_step *cur = wizard_cur(w);

    if (dialog_is_open(&w->dialog)) {
        int r = dialog_key(&w->dialog, s, key);
        if (r & UI_SUBMIT) {
            dialog_close(&w->dialog);
            screen_msg(s, MSG_INFO, "Discarded; nothing was saved.");
            screen_pop(s);
        } else if (r & UI_CANCEL) {
            dialog_close(&w->dialog);
        }
        return UI_HANDLED;
    }
    const struct keys_table *t[4];
    size_t n = wizard_tables(w, t);
    /* While the step waits on the network only its own keys work (and
     * the help). */
    if (wizard_busy(v)) {
        if (keys_dispatch(t, n, w, s, key) == UI_IGNORED && cur->key != NULL)
            cur->key(w->state[w->step], w, s, key);
        return UI_HANDLED;
    }
    if (cur->keys != NULL) {
        int r = keys_dispatch(&cur->keys, 1, w, s, key);
        if (r != UI_IGNORED)
            return r;
    }
    if (form_modal(&w->form)) {
        int r = form_key(&w->form, s, key);
        if (r & UI_CHANGED) {
            w->dirty = true;
            if (cur->changed != NULL)
                cur->changed(w->state[w->step], w, form_focus_id(&w->form));
        }
        return r;
    }
    int r = keys_dispatch(t, n, w, s, key);
    if (r != UI_IGNORED)
        return r;
    r = form_key(&w->form, s, key);
    int id = form_focus_id(&w->form);
    if (r & UI_CHANGED) {
        w->dirty = true;
        if (cur->changed != NULL)
            cur->changed(w->state[w->step], w, id);
    }
    if (r & UI_SUBMIT) {
        if (id == WIZARD_ID_BACK)
            wizard_go(w, s, -1);
        else if (id == WIZARD_ID_NEXT)
            wizard_go(w, s, 1);
        else if (cur->press != NULL)
            cur->press(w->state[w->step], w, s, id);
    }
    return r;
}

static bool
wizard_tick(struct view *v, struct screen *s)
{
    struct wizard *w = (struct wizard *)v;
    const struct wizard_step *cur = wizard_cur(w);
    return cur->tick != NULL && cur->tick(w->state[w->step], w, s);
}

/* The stepper: numbered nodes joined by lines, titles under them. */
static void
wizard_draw_stepper(struct wizard *w, struct screen *s, int y)
{
    const struct theme_glyphs *g = theme_glyphs();
    int colw = s->cols / WIZARD_STEPS;
    for (int i = 0; i < WIZARD_STEPS; i++) {
        int cx = i * colw + colw / 2;
        char node[16];
        enum theme_colour c;
        if (i == (int)w->step) {
            snprintf(node, sizeof node, " %d ", i + 1);
            c = TC_STEP_CURRENT;
        } else if (w->done[i]) {
            snprintf(node, sizeof node, " %s ", g->tick);
            c = TC_STEP_DONE;
        } else {
            snprintf(node, sizeof node, " %d ", i + 1);
            c = TC_DIM;
        }
        screen_text(y, cx - 1, 3, theme_attr(c), node);
        if (i + 1 < WIZARD_STEPS) {
            attrset(theme_attr(TC_DIM));
            for (int x = cx + 3; x < cx + colw - 2; x++)
                mvaddstr(y, x, g->hline);
            attrset(A_NORMAL);
        }
        const char *title = wizard_steps[i]->title;
        if (screen_width(title) > colw - 1)
            title = wizard_steps[i]->short_title;
        int tw = screen_width(title);
        attr_t a = i == (int)w->step ? theme_attr(TC_LABEL)
                   : w->done[i]      ? theme_attr(TC_NORMAL)
                                     : theme_attr(TC_DIM);
        screen_text(y + 1, cx - tw / 2, colw - 1, a, title);
        if (wizard_steps[i]->optional)
            screen_text(y + 2, cx - 4, 8, theme_attr(TC_DIM), "Optional");
    }
}

static void
wizard_draw(struct view *v, struct screen *s)
{
    struct wizard *w = (struct wizard *)v;
    char title[256];
    if (w->editing)
        snprintf(title, sizeof title, "tether %s Edit integration \"%s\"",
                 theme_glyphs()->sep, w->ig->name ? w->ig->name : "");
    else
        snprintf(title, sizeof title, "tether %s New integration",
                 theme_glyphs()->sep);
    screen_text(0, 1, s->cols - 2, theme_attr(TC_TITLE), title);
    wizard_draw_stepper(w, s, 1);

    const struct wizard_step *cur = wizard_cur(w);
    int x = 2, width = s->cols - 4;
    if (width > 100) {
        x = (s->cols - 100) / 2;
        width = 100;
    }
    char head[128];
    snprintf(head, sizeof head, "%s%s", cur->title,
             cur->optional ? " (optional)" : "");
    screen_text(5, x, width, theme_attr(TC_TITLE) | A_UNDERLINE, head);
    form_draw(&w->form, s, 7, x, width, s->rows - 7 - 3);

    const struct keys_table *t[4];
    size_t n = wizard_tables(w, t);
    keys_bar(s, t, n, w);
    if (cur->overlay != NULL)
        cur->overlay(w->state[w->step], w, s);
    if (dialog_is_open(&w->dialog))
        dialog_draw(&w->dialog, s);
}

static const struct view_ops wizard_ops = {
    .draw = wizard_draw,
    .key = wizard_key,
    .tick = wizard_tick,
    .busy = wizard_busy,
    .free = wizard_free,
    .typing = wizard_typing,
    .help = wizard_help,
};

struct view *
wizard_new(struct screen *s, const char *name)
{
    struct wizard *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->view.ops = &wizard_ops;
    w->store = s->store;
    if (name != NULL) {
        struct err e;
        err_clear(&e);
        /* Secrets are loaded for the connection test; they show as set
         * and are written back only when changed. Without the key the
         * wizard still edits everything else. */
        tstatus st = store_get(s->store, name, STORE_WITH_SECRETS, &w->ig, &e);
        if (st == TS_KEY) {
            screen_msg(s, MSG_ERROR, "Secrets not readable: %s", e.msg);
            st = store_get(s->store, name, 0, &w->ig, &e);
        }
        if (st != TS_OK) {
            screen_msg(s, MSG_ERROR, "%s", e.msg);
            free(w);
            return NULL;
        }
        w->editing = true;
        for (int i = 0; i < WIZARD_STEPS; i++)
            w->done[i] = true;
    } else {
        w->ig = integration_new();
    }
    if (w->ig == NULL) {
        free(w);
        return NULL;
    }
    for (int i = 0; i < WIZARD_STEPS; i++) {
        w->state[i] = wizard_steps[i]->create(w);
        if (w->state[i] == NULL) {
            wizard_free(&w->view);
            return NULL;
        }
    }
    wizard_build(w, false);
    return &w->view;
}
