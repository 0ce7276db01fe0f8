/* step_authorize.c — step 4, Authorize: getting OAuth 2.0 tokens with the
 * engine's flows (oauth.h), driven from the loop so the screen never
 * freezes and Esc cancels.
 *
 * Authorization code: the browser opens on the authorization URL (or, in a
 * remote session with no display, nothing is launched: the URL, the ssh -L
 * command and a field to paste the redirect URL show instead); then
 * "waiting for the browser" with a countdown until the loopback listener
 * or the paste brings the code. Device code: the user code and URL, then
 * polling. Client credentials: one token request. Any other method: no
 * action is needed. Tokens go into the working copy and are saved at
 * Finish with the rest; when the integration is already stored (home
 * screen's `a`) they are saved at once as well, so that leaving with Esc
 * loses nothing. The flows run as one worker (worker.h): the
 * browser and device flows polled from the loop's tick, the requests that
 * block (client credentials, asking for a device code) on its thread; Esc
 * cancels any of them through worker_cancel(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "browser.h"
#include "clock.h"
#include "oauth.h"
#include "plain.h"
#include "qr.h"
#include "store.h"
#include "wizard.h"
#include "worker.h"

enum {
    AUTHZ_NOTE = 1,
    AUTHZ_HELD,
    AUTHZ_BUTTON,
    AUTHZ_URL,
    AUTHZ_PASTE,
    AUTHZ_PASTE_BUTTON,
    AUTHZ_QR_BUTTON,
    AUTHZ_STATUS,
    AUTHZ_RESULT,
};

enum authz_state {
    AUTHZ_IDLE,
    AUTHZ_WAITING,  /* authorization code: browser or paste, polled */
    AUTHZ_ASKING,   /* device code: asking for a user code, on the thread */
    AUTHZ_DEVICE,   /* device code: waiting for the user, polled */
    AUTHZ_FETCHING, /* client credentials: the token request, on the thread */
    AUTHZ_DONE,
};

struct step_authorize {
    enum authz_state state;
    struct worker job;
    const struct integration *ig; /* the wizard's copy, read by the job */
    struct oauth_flow *flow;
    struct oauth_device *device;
    enum oauth_flow_status fs; /* how the polled flow ended */
    tstatus job_status;        /* how the thread's request ended */
    struct oauth_tokens fresh; /* client credentials: what came */
    struct err job_err;
    bool remote; /* no browser launched: URL and paste shown */
    pid_t browser;
    struct button go, qr;
    bool show_qr;
    struct field paste;
    char note[640];
    char held[256];       /* the token held now */
    char placeholder[96]; /* the paste field's: the real redirect URI */
    char url[2048];       /* what to show: URL, ssh hint, user code */
    char status[256];
    char result[1024];
    char paste_msg[512]; /* why a paste was refused */
    bool ok;             /* the last attempt got tokens */
};

static void *
step_authorize_create(struct wizard *w)
{
    struct step_authorize *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NULL;
    field_init(&a->paste, false);
    a->paste.placeholder = a->placeholder; /* filled by build */
    a->qr.label = "Show QR code";
    a->ig = w->ig;
    return a;
}

/* End the flow (its job first, when it still runs) and free it. */
static void
step_authorize_stop(struct step_authorize *a)
{
    worker_stop(&a->job);
    oauth_flow_free(a->flow);
    a->flow = NULL;
    oauth_device_free(a->device);
    a->device = NULL;
    if (a->browser > 0 && browser_reap(a->browser, NULL))
        a->browser = 0;
}

static void
step_authorize_destroy(void *st)
{
    struct step_authorize *a = st;
    step_authorize_stop(a);
    oauth_tokens_clear(&a->fresh);
    field_free(&a->paste);
    free(a);
}

/* "valid until 14:05 (in 59 min)", or "no expiry given". */
static void
step_authorize_expiry(const struct oauth_tokens *t, char *buf, size_t len)
{
    if (t->expires_at == 0) {
        snprintf(buf, len, "the provider gave no expiry");
        return;
    }
    time_t at = (time_t)t->expires_at;
    struct tm tm;
    localtime_r(&at, &tm);
    char hm[16];
    strftime(hm, sizeof hm, "%H:%M", &tm);
    long mins = (long)(at - clock_now()) / 60;
    snprintf(buf, len, "valid until %s (in %ld min)", hm, mins);
}

static void
step_authorize_succeeded(struct step_authorize *a, struct wizard *w)
{
    char exp[96];
    step_authorize_expiry(&w->ig->oauth.tokens, exp, sizeof exp);
    snprintf(a->result, sizeof a->result, "%s Authorized: access token %s%s.",
             theme_glyphs()->tick, exp,
             secret_is_set(&w->ig->oauth.tokens.refresh_token)
                 ? ", refresh token kept"
                 : "");
    a->ok = true;
    a->state = AUTHZ_DONE;
    w->authorized = true;
    step_authorize_stop(a);
    /* Stored already: keep the tokens now, whatever happens to the rest
     * of the edit. Not stored yet: Finish saves them with it. */
    struct err e;
    err_clear(&e);
    if (w->editing && w->ig->id != 0 &&
        store_save_tokens(w->store, w->ig->id, &w->ig->oauth.tokens, &e) ==
            TS_OK) {
        size_t n = strlen(a->result);
        snprintf(a->result + n, sizeof a->result - n, " Tokens saved.");
    } else {
        w->dirty = true;
        if (e.status != TS_OK) {
            size_t n = strlen(a->result);
            snprintf(a->result + n, sizeof a->result - n,
                     " Not saved yet (%s): Finish saves them.", e.msg);
        }
    }
}

/* The token held now, in a few words: "valid 59m", "needs
 * authorization (...)", "none yet". */
static void
step_authorize_held(const struct integration *ig, char *buf, size_t len)
{
    const struct oauth_tokens *t = &ig->oauth.tokens;
    long left = (long)(t->expires_at - (int64_t)time(NULL));
    bool refresh = secret_is_set(&t->refresh_token);
    const char *kept = refresh ? ", refresh token kept" : "";
    if (t->needs_auth)
        snprintf(buf, len, "Token now: needs authorization%s%s%s.",
                 t->needs_auth_reason ? " (" : "",
                 t->needs_auth_reason ? t->needs_auth_reason : "",
                 t->needs_auth_reason ? ")" : "");
    else if (!secret_is_set(&t->access_token))
        snprintf(buf, len, "Token now: none yet%s.",
                 ig->oauth.grant == GRANT_CLIENT_CREDENTIALS
                     ? " (tether fetches one when needed)"
                     : ": needs authorization");
    else if (t->expires_at == 0)
        snprintf(buf, len, "Token now: valid (no expiry given)%s.", kept);
    else if (left <= 0)
        snprintf(buf, len, "Token now: expired, %s.",
                 refresh ? "refreshable" : "needs authorization");
    else if (left < 3600)
        snprintf(buf, len, "Token now: valid %ldm%s.", left / 60, kept);
    else
        snprintf(buf, len, "Token now: valid %ldh %02ldm%s.", left / 3600,
                 left % 3600 / 60, kept);
}

static void
step_authorize_failed(struct step_authorize *a, const struct err *e)
{
    snprintf(a->result, sizeof a->result, "%s %s", theme_glyphs()->cross,
             e->msg);
    a->ok = false;
    a->state = AUTHZ_DONE;
    step_authorize_stop(a);
}

static const char *
step_authorize_button_label(const struct wizard *w)
{
    bool has = secret_is_set(&w->ig->oauth.tokens.access_token);
    switch (w->ig->oauth.grant) {
    case GRANT_CLIENT_CREDENTIALS:
        return has ? "Fetch a New Token" : "Fetch a Token";
    case GRANT_DEVICE_CODE:
        return has ? "Re-Authorize with a Code" : "Authorize with a Code";
    default:
        return has ? "Re-Authorize" : "Authorize";
    }
}

static void
step_authorize_build(void *st, struct wizard *w)
{
    struct step_authorize *a = st;
    struct form_item *it;
    if (w->ig->auth != AUTH_OAUTH2) {
        snprintf(a->note, sizeof a->note,
                 "No action is needed for this step: %s sends its "
                 "credentials with every request, so there is nothing to "
                 "authorize.",
                 auth_method_label(w->ig->auth));
        form_add(&w->form, AUTHZ_NOTE, FORM_NOTE, NULL, NULL, false, a->note);
        return;
    }
    switch (w->ig->oauth.grant) {
    case GRANT_CLIENT_CREDENTIALS:
        snprintf(a->note, sizeof a->note,
                 "Client credentials: tether asks the token URL for a token "
                 "with the client ID and secret; no browser is involved.");
        break;
    case GRANT_DEVICE_CODE:
        snprintf(a->note, sizeof a->note,
                 "Device code: you get a short code to enter at the "
                 "provider's page, on any device; tether waits for it.");
        break;
    default:
        if (browser_session_is_remote())
            snprintf(a->note, sizeof a->note,
                     "Authorization code%s, in a remote session: no browser "
                     "opens here. Authorize shows the URL: open it on your "
                     "own machine, then paste here the address the browser "
                     "ends on, or run the ssh -L command shown first and "
                     "the redirect comes back by itself. (The device code "
                     "grant needs no redirect.)",
                     w->ig->oauth.pkce ? " with PKCE" : "");
        else
            snprintf(a->note, sizeof a->note,
                     "Authorization code%s: the provider's login page opens "
                     "in your browser and sends the code back to tether on "
                     "%s.",
                     w->ig->oauth.pkce ? " with PKCE" : "",
                     a->flow ? oauth_flow_redirect_uri(a->flow)
                             : "the loopback redirect URI");
        break;
    }
    /* The redirect URI the flow listens on, else the one step 3 set. */
    if (a->flow != NULL)
        snprintf(a->placeholder, sizeof a->placeholder, "%s?code=...",
                 oauth_flow_redirect_uri(a->flow));
    else
        snprintf(a->placeholder, sizeof a->placeholder,
                 "http://127.0.0.1:%d/callback?code=...",
                 w->ig->oauth.redirect_port > 0 ? w->ig->oauth.redirect_port
                                                : MODEL_DEFAULT_REDIRECT_PORT);
    bool waiting = a->state != AUTHZ_IDLE && a->state != AUTHZ_DONE;
    /* While waiting, what the user must act on gets the room. */
    if (!waiting) {
        form_add(&w->form, AUTHZ_NOTE, FORM_NOTE, NULL, NULL, false, a->note);
        if (a->state == AUTHZ_IDLE) {
            step_authorize_held(w->ig, a->held, sizeof a->held);
            form_add(&w->form, AUTHZ_HELD, FORM_NOTE, NULL, NULL, false,
                     a->held);
        }
        a->go.label = step_authorize_button_label(w);
        form_add(&w->form, AUTHZ_BUTTON, FORM_BUTTON, NULL, NULL, false,
                 &a->go);
    }
    /* The box's title carries the spinner and the countdown. */
    if (a->url[0] != '\0' && waiting)
        form_add(&w->form, AUTHZ_URL, FORM_INFO,
                 a->status[0] ? a->status : "Waiting", NULL, false, a->url);
    if (a->state == AUTHZ_WAITING && a->remote) {
        it = form_add(&w->form, AUTHZ_PASTE, FORM_FIELD, "Redirect URL",
                      "Paste where the browser ended up, then Enter.", false,
                      &a->paste);
        if (a->paste_msg[0] != '\0')
            form_msg(&w->form, AUTHZ_PASTE, TC_ERROR, "%s", a->paste_msg);
        int qc, ql;
        if (qr_size(oauth_flow_url(a->flow), &qc, &ql))
            form_add(&w->form, AUTHZ_QR_BUTTON, FORM_BUTTON, NULL, NULL, false,
                     &a->qr);
    }
    if (a->state == AUTHZ_DONE && a->result[0] != '\0') {
        it = form_add(&w->form, AUTHZ_RESULT, FORM_NOTE, NULL, NULL, false,
                      a->result);
        it->text_colour = a->ok ? TC_OK : TC_ERROR;
    }
    (void)it;
}

/* ---- the jobs (worker.h): they touch only the step's state ------------ */

static bool
step_authorize_poll_code(void *arg, int timeout_ms)
{
    struct step_authorize *a = arg;
    a->fs = oauth_flow_poll(a->flow, timeout_ms, &a->job_err);
    return a->fs != OAUTH_FLOW_PENDING;
}

static void
step_authorize_cancel_code(void *arg)
{
    struct step_authorize *a = arg;
    oauth_flow_cancel(a->flow);
}

static bool
step_authorize_poll_device(void *arg, int timeout_ms)
{
    struct step_authorize *a = arg;
    a->fs = oauth_device_poll(a->device, timeout_ms, &a->job_err);
    return a->fs != OAUTH_FLOW_PENDING;
}

static void
step_authorize_cancel_device(void *arg)
{
    struct step_authorize *a = arg;
    oauth_device_cancel(a->device);
}

static void
step_authorize_ask_job(struct worker *w, void *arg)
{
    struct step_authorize *a = arg;
    a->job_status = oauth_device_start(a->ig, worker_cancel_flag(w), &a->device,
                                       &a->job_err);
}

static void
step_authorize_fetch_job(struct worker *w, void *arg)
{
    struct step_authorize *a = arg;
    a->job_status = oauth_client_credentials(a->ig, worker_cancel_flag(w),
                                             &a->fresh, &a->job_err);
}

/* Start the authorization code flow: browser, or URL + paste. */
static void
step_authorize_code(struct step_authorize *a, struct wizard *w)
{
    struct err e;
    err_clear(&e);
    if (oauth_flow_start(w->ig, NULL, &a->flow, &e) != TS_OK) {
        step_authorize_failed(a, &e);
        return;
    }
    const char *url = oauth_flow_url(a->flow);
    a->remote = browser_session_is_remote();
    if (!a->remote && browser_open(url, &a->browser, &e) != TS_OK)
        a->remote = true; /* no browser: show the URL instead */
    if (a->remote) {
        char hint[256];
        browser_ssh_hint(oauth_flow_port(a->flow), hint, sizeof hint);
        snprintf(a->url, sizeof a->url,
                 "%s\nOn your machine run first: %s\nCtrl-Y copies the URL; "
                 "Ctrl-O shows it alone for the mouse.",
                 url, hint);
        field_set(&a->paste, NULL);
    } else {
        snprintf(a->url, sizeof a->url,
                 "%s\nNo browser? Open the URL yourself; Ctrl-Y copies it, "
                 "Ctrl-O shows it alone.",
                 url);
    }
    a->state = AUTHZ_WAITING;
    worker_start_polled(&a->job, step_authorize_poll_code,
                        step_authorize_cancel_code, a);
}

/* Device code: ask for a user code on the worker's thread. */
static void
step_authorize_device(struct step_authorize *a)
{
    a->state = AUTHZ_ASKING;
    snprintf(a->url, sizeof a->url, "Asking %s for a code...",
             a->ig->oauth.device_url ? a->ig->oauth.device_url
                                     : "the provider");
    worker_start(&a->job, step_authorize_ask_job, NULL, a);
}

/* The user code came: show it and poll for the tokens. */
static void
step_authorize_device_wait(struct step_authorize *a)
{
    const char *full = oauth_device_verification_uri_complete(a->device);
    snprintf(a->url, sizeof a->url, "Code: %s\nAt:   %s%s%s",
             oauth_device_user_code(a->device),
             oauth_device_verification_uri(a->device),
             full ? "\nOr open directly: " : "", full ? full : "");
    a->state = AUTHZ_DEVICE;
    worker_start_polled(&a->job, step_authorize_poll_device,
                        step_authorize_cancel_device, a);
}

/* Client credentials: the token request on the worker's thread. */
static void
step_authorize_client(struct step_authorize *a)
{
    a->state = AUTHZ_FETCHING;
    snprintf(a->url, sizeof a->url, "Asking %s for a token...",
             a->ig->oauth.token_url ? a->ig->oauth.token_url : "the provider");
    worker_start(&a->job, step_authorize_fetch_job, NULL, a);
}

static void
step_authorize_paste(struct step_authorize *a, struct wizard *w)
{
    struct err e;
    err_clear(&e);
    char *text = field_get(&a->paste);
    if (text == NULL || a->flow == NULL) {
        free(text);
        return;
    }
    enum oauth_flow_status st = oauth_flow_paste(a->flow, text, &e);
    sodium_memzero(text, strlen(text));
    free(text);
    a->paste_msg[0] = '\0';
    if (st == OAUTH_FLOW_FAILED)
        step_authorize_failed(a, &e);
    else if (e.status != TS_OK)
        snprintf(a->paste_msg, sizeof a->paste_msg, "%s", e.msg);
    (void)w;
}

static void
step_authorize_press(void *st, struct wizard *w, struct screen *s, int id)
{
    struct step_authorize *a = st;
    (void)s;
    if (id == AUTHZ_PASTE_BUTTON) {
        step_authorize_paste(a, w);
    } else if (id == AUTHZ_BUTTON) {
        step_authorize_stop(a);
        a->result[0] = a->url[0] = a->status[0] = a->paste_msg[0] = '\0';
        a->state = AUTHZ_IDLE;
        err_clear(&a->job_err);
        a->ig = w->ig;
        switch (w->ig->oauth.grant) {
        case GRANT_CLIENT_CREDENTIALS:
            step_authorize_client(a);
            break;
        case GRANT_DEVICE_CODE:
            step_authorize_device(a);
            break;
        default:
            step_authorize_code(a, w);
            break;
        }
    } else {
        return;
    }
    wizard_rebuild(w);
}

/* The job ended: tokens, the next phase or the failure. */
static void
step_authorize_ended(struct step_authorize *a, struct wizard *w)
{
    struct err e;
    err_clear(&e);
    switch (a->state) {
    case AUTHZ_WAITING:
        if (a->fs == OAUTH_FLOW_READY &&
            oauth_flow_finish(a->flow, NULL, w->ig, &e) == TS_OK)
            step_authorize_succeeded(a, w);
        else
            step_authorize_failed(a,
                                  a->fs == OAUTH_FLOW_READY ? &e : &a->job_err);
        break;
    case AUTHZ_DEVICE:
        if (a->fs == OAUTH_FLOW_READY &&
            oauth_device_finish(a->device, NULL, w->ig, &e) == TS_OK)
            step_authorize_succeeded(a, w);
        else
            step_authorize_failed(a,
                                  a->fs == OAUTH_FLOW_READY ? &e : &a->job_err);
        break;
    case AUTHZ_ASKING:
        if (a->job_status == TS_OK)
            step_authorize_device_wait(a);
        else
            step_authorize_failed(a, &a->job_err);
        break;
    case AUTHZ_FETCHING:
        if (a->job_status == TS_OK) {
            oauth_tokens_adopt(&w->ig->oauth.tokens, &a->fresh);
            oauth_tokens_clear(&a->fresh);
            step_authorize_succeeded(a, w);
        } else {
            step_authorize_failed(a, &a->job_err);
        }
        break;
    default:
        break;
    }
}

/* The box title while it runs: spinner, what it waits for, time left. */
static void
step_authorize_status(struct step_authorize *a, struct screen *s)
{
    int left;
    switch (a->state) {
    case AUTHZ_WAITING:
        left = oauth_flow_remaining_s(a->flow);
        snprintf(a->status, sizeof a->status,
                 "%s %s %d:%02d left (Esc cancels)", screen_spinner(s),
                 oauth_flow_exchanging(a->flow)
                     ? "Exchanging the code for tokens..."
                     : "Waiting for the browser...",
                 left / 60, left % 60);
        break;
    case AUTHZ_DEVICE:
        left = oauth_device_remaining_s(a->device);
        snprintf(a->status, sizeof a->status,
                 "%s Waiting for the code... %d:%02d left (Esc cancels)",
                 screen_spinner(s), left / 60, left % 60);
        break;
    default:
        snprintf(a->status, sizeof a->status,
                 "%s Asking... %.1f s (Esc "
                 "cancels)",
                 screen_spinner(s), worker_elapsed_ms(&a->job) / 1000.0);
        break;
    }
}

static bool
step_authorize_tick(void *st, struct wizard *w, struct screen *s)
{
    struct step_authorize *a = st;
    if (!worker_running(&a->job))
        return false;
    if (worker_poll(&a->job, 20))
        step_authorize_ended(a, w);
    if (worker_running(&a->job))
        step_authorize_status(a, s);
    wizard_rebuild(w);
    return true;
}

static bool
step_authorize_busy(const void *st)
{
    const struct step_authorize *a = st;
    return worker_running(&a->job);
}

/* While it runs the form still works (the paste field, the QR button);
 * with the QR code shown, any key closes it. */
static int
step_authorize_key(void *st, struct wizard *w, struct screen *s, int key)
{
    struct step_authorize *a = st;
    if (a->show_qr) {
        a->show_qr = false;
        return UI_HANDLED;
    }
    int r = form_key(&w->form, s, key);
    if ((r & UI_SUBMIT) && form_focus_id(&w->form) == AUTHZ_QR_BUTTON)
        a->show_qr = true;
    return UI_HANDLED;
}

/* ---- keys: the context is the wizard ---------------------------------- */

static struct step_authorize *
step_authorize_of(const void *ctx)
{
    const struct wizard *w = ctx;
    return w->step == STEP_AUTHORIZE ? wizard_state(w) : NULL;
}

static bool
step_authorize_running(const void *ctx)
{
    const struct step_authorize *a = step_authorize_of(ctx);
    return a != NULL && !a->show_qr && worker_running(&a->job);
}

static bool
step_authorize_has_url(const void *ctx)
{
    const struct step_authorize *a = step_authorize_of(ctx);
    return step_authorize_running(ctx) &&
           (a->state == AUTHZ_WAITING || a->state == AUTHZ_DEVICE);
}

static bool
step_authorize_on_paste(const void *ctx)
{
    const struct step_authorize *a = step_authorize_of(ctx);
    return step_authorize_running(ctx) && a->state == AUTHZ_WAITING &&
           form_focus_id(&((const struct wizard *)ctx)->form) == AUTHZ_PASTE;
}

static int
step_authorize_act_cancel(void *ctx, struct screen *s, int key)
{
    (void)s;
    (void)key;
    worker_cancel(&step_authorize_of(ctx)->job);
    return UI_HANDLED;
}

static int
step_authorize_act_copy(void *ctx, struct screen *s, int key)
{
    const struct step_authorize *a = step_authorize_of(ctx);
    (void)key;
    const char *u = a->flow     ? oauth_flow_url(a->flow)
                    : a->device ? oauth_device_verification_uri(a->device)
                                : NULL;
    if (u != NULL)
        screen_copy(s, u);
    return UI_HANDLED;
}

/* The URL alone on a cleared screen, for a mouse selection (plain.h). */
static int
step_authorize_act_alone(void *ctx, struct screen *s, int key)
{
    const struct step_authorize *a = step_authorize_of(ctx);
    (void)s;
    (void)key;
    const char *u = a->flow     ? oauth_flow_url(a->flow)
                    : a->device ? oauth_device_verification_uri(a->device)
                                : NULL;
    if (u != NULL)
        plain_show(u, "Select the URL above with the mouse; any key goes "
                      "back to tether.");
    return UI_HANDLED;
}

static int
step_authorize_act_paste(void *ctx, struct screen *s, int key)
{
    (void)key;
    step_authorize_press(step_authorize_of(ctx), ctx, s, AUTHZ_PASTE_BUTTON);
    return UI_HANDLED;
}

static const struct ui_binding step_authorize_bindings[] = {
    {{UK_ESC},
     "Esc",
     NULL,
     "Cancel",
     "stop waiting for the browser or the code, or the token request",
     KEYS_ALWAYS,
     step_authorize_act_cancel,
     step_authorize_running},
    {{UK_CTRL('y')},
     "^Y",
     NULL,
     "Copy URL",
     "copy the authorization URL (device code: the verification URL) to the "
     "local clipboard (OSC 52, works over SSH)",
     KEYS_HIGH,
     step_authorize_act_copy,
     step_authorize_has_url},
    {{UK_CTRL('o')},
     "^O",
     NULL,
     "URL alone",
     "show the URL alone on a cleared screen, unwrapped and unboxed, to "
     "select it with the mouse where Ctrl-Y cannot copy; any key returns",
     KEYS_HIGH,
     step_authorize_act_alone,
     step_authorize_has_url},
    {{UK_ENTER},
     "Enter",
     NULL,
     "Use URL",
     "in the Redirect URL field: use the URL pasted there",
     KEYS_MID,
     step_authorize_act_paste,
     step_authorize_on_paste},
    {{0}, "any key", NULL, NULL, "close the QR code", 0, NULL, NULL},
};

const struct keys_table step_authorize_keys =
    KEYS_TABLE("Step 4, Authorize (while waiting)", step_authorize_bindings);

/* The QR code of the authorization URL over the step, when it fits. */
static void
step_authorize_overlay(void *st, struct wizard *w, struct screen *s)
{
    struct step_authorize *a = st;
    (void)w;
    if (!a->show_qr || a->flow == NULL)
        return;
    const char *url = oauth_flow_url(a->flow);
    int qc = 0, ql = 0;
    qr_size(url, &qc, &ql);
    if (qc + 4 > s->cols || ql + 3 > s->rows) {
        char msg[128];
        snprintf(msg, sizeof msg,
                 "The QR code needs a terminal of %dx%d; this one is %dx%d.",
                 qc + 4, ql + 3, s->cols, s->rows);
        int bw = screen_width(msg) + 6;
        int y = s->rows / 2 - 2, x = (s->cols - bw) / 2;
        screen_box(y, x, 5, bw, "QR code");
        screen_text(y + 2, x + 3, bw - 6, theme_attr(TC_WARNING), msg);
        return;
    }
    int y = (s->rows - ql - 2) / 2, x = (s->cols - qc - 4) / 2;
    screen_box(y, x, ql + 2, qc + 4, "Scan to sign in (any key closes)");
    qr_draw(y + 1, x + 2, url);
}

static bool
step_authorize_leave(void *st, struct wizard *w, bool forward)
{
    (void)st;
    (void)w;
    (void)forward;
    return true;
}

const struct wizard_step step_authorize = {
    .title = "Authorize",
    .short_title = "Authorize",
    .create = step_authorize_create,
    .destroy = step_authorize_destroy,
    .build = step_authorize_build,
    .press = step_authorize_press,
    .leave = step_authorize_leave,
    .keys = &step_authorize_keys,
    .tick = step_authorize_tick,
    .key = step_authorize_key,
    .busy = step_authorize_busy,
    .overlay = step_authorize_overlay,
};
