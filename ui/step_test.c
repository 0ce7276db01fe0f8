/* step_test.c — step 5, Test Configuration (optional): the URL path a GET
 * is sent to, which must answer 200 — or the method (HEAD, POST with a
 * body), the accepted statuses and the body checks the API needs; Test
 * runs it without freezing the screen (Esc cancels) and shows status,
 * time, the engine's diagnosis and the first lines of the body, in a
 * paragraph that scrolls when it does not fit. Finish without testing
 * skips it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testrun.h"
#include "testspec.h"
#include "validate.h"
#include "wizard.h"

enum {
    TEST_PATH = 1,
    TEST_CUSTOM,
    TEST_METHOD,
    TEST_BODY,
    TEST_STATUS,
    TEST_EXPECT,
    TEST_EXPECT_TEXT,
    TEST_RUN,
    TEST_HEADLINE,
    TEST_DETAILS
};

/* The engine's names of the values (wizard.h). */
static const char *const step_test_names[] = {
    [TEST_PATH] = "test_path",     [TEST_METHOD] = "test_method",
    [TEST_BODY] = "test_body",     [TEST_STATUS] = "test_status",
    [TEST_EXPECT] = "test_expect", [TEST_EXPECT_TEXT] = "test_expect_text",
};

static const char *const step_test_methods[] = {"GET", "HEAD", "POST"};

static struct wizard_fields
step_test_fields(const struct wizard *w)
{
    (void)w;
    return WIZARD_FIELDS(step_test_names);
}

struct step_test {
    struct field path, body, status, expect, expect_text;
    struct dropdown method;
    struct checkbox custom; /* the settings below are shown */
    struct button run;
    struct testrun tr;
    char headline[256];
    char details[2048];
    struct form_scroll scroll; /* of the details */
};

static void *
step_test_create(struct wizard *w)
{
    struct step_test *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    const struct test_spec *ts = &w->ig->test;
    field_init(&t->path, false);
    field_set(&t->path, w->ig->test_path ? w->ig->test_path : "/");
    field_init(&t->body, false);
    field_set(&t->body, ts->body);
    field_init(&t->status, false);
    field_set(&t->status, ts->statuses);
    t->status.placeholder = "200 (or e.g. 200,204 / 2xx / 200-299)";
    field_init(&t->expect, false);
    if (ts->expect_pointer != NULL) {
        char buf[1024];
        snprintf(buf, sizeof buf, "%s=%s", ts->expect_pointer,
                 ts->expect_value ? ts->expect_value : "null");
        field_set(&t->expect, buf);
    }
    t->expect.placeholder = "e.g. /ok=true (blank: no check)";
    field_init(&t->expect_text, false);
    field_set(&t->expect_text, ts->expect_text);
    t->method.labels = step_test_methods;
    t->method.n = 3;
    for (size_t i = 0; ts->method != NULL && i < 3; i++)
        if (strcmp(ts->method, step_test_methods[i]) == 0)
            t->method.sel = i;
    t->custom.on = ts->method || ts->body || ts->statuses ||
                   ts->expect_pointer || ts->expect_text;
    t->run.label = "Test Configuration";
    return t;
}

/* The method chosen. */
static const char *
step_test_method(const struct step_test *t)
{
    return step_test_methods[t->method.sel < 3 ? t->method.sel : 0];
}

static void
step_test_destroy(void *st)
{
    struct step_test *t = st;
    testrun_clear(&t->tr);
    field_free(&t->path);
    field_free(&t->body);
    field_free(&t->status);
    field_free(&t->expect);
    field_free(&t->expect_text);
    free(t);
}

/* The custom settings (TEST_CUSTOM on). */
static void
step_test_build_custom(struct step_test *t, struct wizard *w)
{
    form_add(&w->form, TEST_METHOD, FORM_DROP, "Test Method",
             "GET unless the API needs HEAD or POST (Dropbox: POST).", false,
             &t->method);
    if (t->method.sel == 2)
        form_add(&w->form, TEST_BODY, FORM_FIELD, "Test Body",
                 "Sent with the POST; as application/json when it is JSON.",
                 false, &t->body);
    form_add(&w->form, TEST_STATUS, FORM_FIELD, "Accepted Statuses",
             "Statuses that pass, e.g. 200,204 or 2xx; blank = 200.", false,
             &t->status);
    form_add(&w->form, TEST_EXPECT, FORM_FIELD, "Body Must Have",
             "A JSON Pointer and the value it must equal, e.g. /ok=true for "
             "Slack.",
             false, &t->expect);
    form_add(&w->form, TEST_EXPECT_TEXT, FORM_FIELD, "Body Must Contain",
             "Text the response body must contain; blank = no check.", false,
             &t->expect_text);
}

static void
step_test_build(void *st, struct wizard *w)
{
    struct step_test *t = st;
    struct form_item *it;
    /* The settings come first so that the path keeps the focus and Tab
     * goes from it to the Test button. */
    form_add(&w->form, TEST_CUSTOM, FORM_CHECK, "Custom Test",
             "On: choose the method, the statuses that pass and checks of "
             "the body.",
             false, &t->custom);
    if (t->custom.on)
        step_test_build_custom(t, w);
    form_add(&w->form, TEST_PATH, FORM_FIELD, "Test Action URL Path",
             t->custom.on ? "The path the test is sent to. Optional, but "
                            "recommended."
                          : "A path a GET request can be sent to; it must "
                            "answer 200. Optional, but recommended.",
             false, &t->path);
    form_focus(&w->form, TEST_PATH);
    form_add(&w->form, TEST_RUN, FORM_BUTTON, NULL, NULL, false, &t->run);
    if (t->headline[0] != '\0') {
        it = form_add(&w->form, TEST_HEADLINE, FORM_NOTE, NULL, NULL, false,
                      t->headline);
        it->text_colour = testrun_running(&t->tr) ? TC_INFO
                          : t->tr.result.pass     ? TC_OK
                                                  : TC_ERROR;
    }
    if (t->details[0] != '\0') {
        it = form_add(&w->form, TEST_DETAILS, FORM_SCROLL, NULL, NULL, false,
                      t->details);
        if (it != NULL)
            it->scroll = &t->scroll;
    }
}

/* The path typed, normalised; NULL (message shown) when it is refused. */
static char *
step_test_path(struct step_test *t, struct wizard *w)
{
    struct err e;
    err_clear(&e);
    char *typed = field_get(&t->path), *norm = NULL;
    if (typed == NULL)
        return NULL;
    if (validate_path("test_path", typed, &norm, &e) != TS_OK) {
        form_msg(&w->form, TEST_PATH, TC_ERROR, "%s", e.msg);
        norm = NULL;
    } else {
        form_msg(&w->form, TEST_PATH, TC_ERROR, "%s", "");
    }
    free(typed);
    return norm;
}

/* Write the test settings typed into w->ig->test; false (message under
 * the field) when one is refused. */
static bool
step_test_spec(struct step_test *t, struct wizard *w)
{
    struct err e;
    err_clear(&e);
    struct test_spec *ts = &w->ig->test;
    if (!t->custom.on) { /* the reference product's test: GET, 200 */
        test_spec_free(ts);
        return true;
    }
    char *body = field_get(&t->body), *status = field_get(&t->status),
         *expect = field_get(&t->expect), *text = field_get(&t->expect_text);
    char *ptr = NULL, *json = NULL;
    tstatus st = body && status && expect && text
                     ? TS_OK
                     : err_set(&e, TS_NOMEM, NULL, "out of memory");
    if (st == TS_OK)
        st = testspec_statuses_check(status, &e);
    if (st == TS_OK && expect[0] != '\0')
        st = testspec_expect_parse(expect, &ptr, &json, &e);
    if (st == TS_OK) {
        bool post = t->method.sel == 2;
        model_set_str(&ts->method,
                      t->method.sel == 0 ? NULL : step_test_method(t));
        model_set_str(&ts->body, post ? body : NULL);
        model_set_str(&ts->statuses, status);
        model_set_str(&ts->expect_text, text);
        free(ts->expect_pointer);
        free(ts->expect_value);
        ts->expect_pointer = ptr;
        ts->expect_value = json;
        if (t->method.sel == 1 && (ptr != NULL || text[0] != '\0'))
            st = err_set(&e, TS_INVALID, "test_method",
                         "a HEAD request gets no body, so the body checks "
                         "cannot be made: use GET or POST, or clear them");
    } else {
        free(ptr);
        free(json);
    }
    free(body);
    free(status);
    free(expect);
    free(text);
    for (int id = TEST_METHOD; id <= TEST_EXPECT_TEXT; id++)
        form_msg(&w->form, id, TC_ERROR, "%s", "");
    if (st != TS_OK && !wizard_show_err(w, &e))
        form_msg(&w->form, TEST_PATH, TC_ERROR, "%s", e.msg);
    return st == TS_OK;
}

static void
step_test_changed(void *st, struct wizard *w, int id)
{
    if (id == TEST_PATH)
        free(step_test_path(st, w));
    else if (id == TEST_METHOD || id == TEST_CUSTOM)
        wizard_rebuild(w);
    else if (id == TEST_STATUS || id == TEST_EXPECT)
        step_test_spec(st, w);
}

/* Headline and details from the finished test. */
static void
step_test_describe(struct step_test *t, struct wizard *w)
{
    const struct conntest_result *r = &t->tr.result;
    const struct theme_glyphs *g = theme_glyphs();
    if (r->pass) {
        snprintf(t->headline, sizeof t->headline,
                 "%s Configuration test successful: HTTP %ld %s in %ld ms.",
                 g->tick, r->status, r->reason_phrase ? r->reason_phrase : "",
                 r->time_ms);
        snprintf(t->details, sizeof t->details, "%s %s\n%s",
                 step_test_method(t), r->url ? r->url : "", t->tr.body);
    } else {
        snprintf(t->headline, sizeof t->headline, "%s %s%s", g->cross,
                 r->summary ? r->summary : "The test failed",
                 r->sent ? "" : " (nothing was sent)");
        size_t at = strlen(g->cross) + 1;
        t->headline[at] = (char)toupper((unsigned char)t->headline[at]);
        snprintf(t->details, sizeof t->details, "%s%s%s%s%s%s%s%s%s",
                 r->diagnosis ? r->diagnosis : "",
                 r->www_authenticate ? "\nWWW-Authenticate: " : "",
                 r->www_authenticate ? r->www_authenticate : "",
                 r->url ? "\n" : "", r->url ? step_test_method(t) : "",
                 r->url ? " " : "", r->url ? r->url : "",
                 t->tr.body[0] ? "\n" : "", t->tr.body);
    }
    /* The result goes into the integration, saved at Finish; a test the
     * user cancelled says nothing about the integration. */
    if (r->failure == HTTP_FAIL_CANCELLED)
        return;
    struct test_result *lt = &w->ig->last_test;
    free(lt->reason);
    lt->reason = r->summary ? strdup(r->summary) : NULL;
    lt->at = r->at;
    lt->status = r->status;
    lt->pass = r->pass;
    lt->time_ms = r->time_ms;
    w->tested = true;
    if (r->pass)
        w->done[STEP_TEST] = true;
}

static void
step_test_press(void *st, struct wizard *w, struct screen *s, int id)
{
    struct step_test *t = st;
    if (id != TEST_RUN)
        return;
    char *path = step_test_path(t, w);
    if (path == NULL)
        return;
    free(w->ig->test_path);
    w->ig->test_path = path;
    if (!step_test_spec(t, w))
        return;
    t->details[0] = '\0';
    t->scroll.top = 0;
    /* The request goes into the history when the integration is stored
     * (editing), as every request through a stored integration does; a
     * new one has no history until Finish saves it. The result becomes the
     * last test only at Finish: the wizard may still be cancelled. Tokens
     * obtained in this wizard are not saved before Finish either, so a
     * renewal of them must not reach the store. */
    struct store *store =
        w->editing && w->ig->id != 0 && !w->authorized ? w->store : NULL;
    if (testrun_start(&t->tr, store, false, w->ig, path) != TS_OK) {
        screen_msg(s, MSG_ERROR, "%s", t->tr.err.msg);
        return;
    }
    snprintf(t->headline, sizeof t->headline, "Testing %s %s%s",
             step_test_method(t), w->ig->base_url, path);
    wizard_rebuild(w);
}

static bool
step_test_tick(void *st, struct wizard *w, struct screen *s)
{
    struct step_test *t = st;
    if (!testrun_running(&t->tr))
        return false;
    if (testrun_poll(&t->tr)) {
        if (t->tr.err.status != TS_OK)
            screen_msg(s, MSG_ERROR, "%s", t->tr.err.msg);
        step_test_describe(t, w);
    } else {
        char base[200];
        snprintf(base, sizeof base, "%s%s", w->ig->base_url,
                 w->ig->test_path ? w->ig->test_path : "/");
        snprintf(t->headline, sizeof t->headline,
                 "%s Testing %s %s ... %.1f s (Esc cancels)", screen_spinner(s),
                 step_test_method(t), base,
                 testrun_elapsed_ms(&t->tr) / 1000.0);
    }
    wizard_rebuild(w);
    return true;
}

static bool
step_test_busy(const void *st)
{
    return testrun_running(&((const struct step_test *)st)->tr);
}

/* Keys while the test runs; the context is the wizard. */
static bool
step_test_running(const void *ctx)
{
    const struct wizard *w = ctx;
    return w->step == STEP_TEST && step_test_busy(wizard_state(w));
}

static int
step_test_act_cancel(void *ctx, struct screen *s, int key)
{
    struct step_test *t = wizard_state(ctx);
    (void)s;
    (void)key;
    testrun_cancel(&t->tr);
    return UI_HANDLED;
}

/* The result has more lines than show; the arrows scroll it too when
 * the path field does not have the focus. */
static bool
step_test_scrolls(const void *ctx)
{
    const struct wizard *w = ctx;
    if (w->step != STEP_TEST || step_test_busy(wizard_state(w)))
        return false;
    const struct step_test *t = wizard_state(w);
    return t->details[0] != '\0' && t->scroll.lines > t->scroll.page;
}

static bool
step_test_arrows(const void *ctx)
{
    const struct wizard *w = ctx;
    return step_test_scrolls(ctx) && form_focus_id(&w->form) != TEST_PATH;
}

static int
step_test_act_scroll(void *ctx, struct screen *s, int key)
{
    struct step_test *t = wizard_state(ctx);
    (void)s;
    form_scroll_key(&t->scroll, key);
    return UI_HANDLED;
}

static const struct ui_binding step_test_bindings[] = {
    {{UK_PGDN, UK_PGUP},
     "PgDn, PgUp",
     "PgDn",
     "Scroll",
     "scroll the test result a page down or up, when it does not fit "
     "(^N and ^P still change the step)",
     KEYS_HIGH,
     step_test_act_scroll,
     step_test_scrolls},
    {{UK_DOWN, UK_UP, UK_HOME, UK_END},
     "Down, Up, Home, End",
     NULL,
     NULL,
     "scroll the test result a line, or to its start or end (not while "
     "the path is being edited; Tab moves)",
     0,
     step_test_act_scroll,
     step_test_arrows},
    {{UK_ESC},
     "Esc",
     NULL,
     "Cancel the test",
     "cancel the test",
     KEYS_ALWAYS,
     step_test_act_cancel,
     step_test_running},
};

const struct keys_table step_test_keys =
    KEYS_TABLE("Step 5, Test", step_test_bindings);

static bool
step_test_leave(void *st, struct wizard *w, bool forward)
{
    struct step_test *t = st;
    char *path = step_test_path(t, w);
    if (path == NULL) {
        if (forward)
            form_focus(&w->form, TEST_PATH);
        return !forward;
    }
    free(w->ig->test_path);
    w->ig->test_path = path;
    if (!step_test_spec(t, w) && forward)
        return false;
    return true;
}

const struct wizard_step step_test = {
    .title = "Test Configuration",
    .short_title = "Test",
    .fields = step_test_fields,
    .optional = true,
    .create = step_test_create,
    .destroy = step_test_destroy,
    .build = step_test_build,
    .changed = step_test_changed,
    .press = step_test_press,
    .leave = step_test_leave,
    .keys = &step_test_keys,
    .tick = step_test_tick,
    .busy = step_test_busy,
};
