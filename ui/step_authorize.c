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
 * Finish with the rest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "browser.h"
#include "oauth.h"
#include "qr.h"
#include "wizard.h"

enum {
    AUTHZ_NOTE = 1,
    AUTHZ_BUTTON,
    AUTHZ_URL,
    AUTHZ_PASTE,
    AUTHZ_PASTE_BUTTON,
    AUTHZ_QR_BUTTON,
    AUTHZ_STATUS,
    AUTHZ_RESULT,
};

enum authz_state { AUTHZ_IDLE, AUTHZ_WAITING, AUTHZ_DEVICE, AUTHZ_DONE };

struct step_authorize {
    enum authz_state state;
    struct oauth_flow *flow;
    struct oauth_device *device;
    bool remote; /* no browser launched: URL and paste shown */
    pid_t browser;
    struct button go, qr;
    bool show_qr;
    struct field paste;
    char note[512];
    char url[2048]; /* what to show: URL, ssh hint, user code */
    char status[256];
    char result[1024];
    char paste_msg[512]; /* why a paste was refused */
    bool ok;             /* the last attempt got tokens */
};

static void *
step_authorize_create(struct wizard *w)
{
    (void)w;
    struct step_authorize *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NULL;
    field_init(&a->paste, false);
    a->paste.placeholder = "http://127.0.0.1:8765/callback?code=...";
    a->qr.label = "Show QR code";
    return a;
}

static void
step_authorize_stop(struct step_authorize *a)
{
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
    long mins = (long)(at - time(NULL)) / 60;
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
    w->dirty = true;
    step_authorize_stop(a);
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
        snprintf(a->note, sizeof a->note,
                 "Authorization code%s: the provider's login page opens in "
                 "your browser and sends the code back to tether on %s.",
                 w->ig->oauth.pkce ? " with PKCE" : "",
                 a->flow ? oauth_flow_redirect_uri(a->flow)
                         : "the loopback redirect URI");
        break;
    }
    bool waiting = a->state == AUTHZ_WAITING || a->state == AUTHZ_DEVICE;
    /* While waiting, what the user must act on gets the room. */
    if (!waiting) {
        form_add(&w->form, AUTHZ_NOTE, FORM_NOTE, NULL, NULL, false, a->note);
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
                 "%s\nOn your machine run first: %s\nCtrl-Y copies the URL.",
                 url, hint);
        field_set(&a->paste, NULL);
    } else {
        snprintf(a->url, sizeof a->url,
                 "%s\nNo browser? Open the URL yourself; Ctrl-Y copies it.",
                 url);
    }
    a->state = AUTHZ_WAITING;
}

static void
step_authorize_device(struct step_authorize *a, struct wizard *w)
{
    struct err e;
    err_clear(&e);
    if (oauth_device_start(w->ig, NULL, &a->device, &e) != TS_OK) {
        step_authorize_failed(a, &e);
        return;
    }
    const char *full = oauth_device_verification_uri_complete(a->device);
    snprintf(a->url, sizeof a->url, "Code: %s\nAt:   %s%s%s",
             oauth_device_user_code(a->device),
             oauth_device_verification_uri(a->device),
             full ? "\nOr open directly: " : "", full ? full : "");
    a->state = AUTHZ_DEVICE;
}

static void
step_authorize_client(struct step_authorize *a, struct wizard *w)
{
    struct err e;
    struct oauth_tokens fresh;
    err_clear(&e);
    memset(&fresh, 0, sizeof fresh);
    if (oauth_client_credentials(w->ig, NULL, &fresh, &e) != TS_OK) {
        step_authorize_failed(a, &e);
        return;
    }
    oauth_tokens_adopt(&w->ig->oauth.tokens, &fresh);
    oauth_tokens_clear(&fresh);
    step_authorize_succeeded(a, w);
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
        switch (w->ig->oauth.grant) {
        case GRANT_CLIENT_CREDENTIALS:
            step_authorize_client(a, w);
            break;
        case GRANT_DEVICE_CODE:
            step_authorize_device(a, w);
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

static bool
step_authorize_tick(void *st, struct wizard *w, struct screen *s)
{
    struct step_authorize *a = st;
    struct err e;
    err_clear(&e);
    enum oauth_flow_status fs;
    int left;
    if (a->state == AUTHZ_WAITING) {
        fs = oauth_flow_poll(a->flow, 20, &e);
        left = a->flow ? oauth_flow_remaining_s(a->flow) : 0;
        if (fs == OAUTH_FLOW_READY &&
            oauth_flow_finish(a->flow, NULL, w->ig, &e) == TS_OK)
            step_authorize_succeeded(a, w);
        else if (fs != OAUTH_FLOW_PENDING)
            step_authorize_failed(a, &e);
        else {
            snprintf(a->status, sizeof a->status,
                     "%s %s %d:%02d left (Esc cancels)", screen_spinner(s),
                     oauth_flow_exchanging(a->flow)
                         ? "Exchanging the code for tokens..."
                         : "Waiting for the browser...",
                     left / 60, left % 60);
        }
    } else if (a->state == AUTHZ_DEVICE) {
        fs = oauth_device_poll(a->device, 20, &e);
        left = a->device ? oauth_device_remaining_s(a->device) : 0;
        if (fs == OAUTH_FLOW_READY &&
            oauth_device_finish(a->device, NULL, w->ig, &e) == TS_OK)
            step_authorize_succeeded(a, w);
        else if (fs != OAUTH_FLOW_PENDING)
            step_authorize_failed(a, &e);
        else {
            snprintf(a->status, sizeof a->status,
                     "%s Waiting for the code... %d:%02d left (Esc cancels)",
                     screen_spinner(s), left / 60, left % 60);
        }
    } else {
        return false;
    }
    wizard_rebuild(w);
    return true;
}

static int
step_authorize_key(void *st, struct wizard *w, struct screen *s, int key)
{
    struct step_authorize *a = st;
    if (a->state != AUTHZ_WAITING && a->state != AUTHZ_DEVICE)
        return UI_IGNORED;
    if (a->show_qr) {
        a->show_qr = false; /* any key closes the code */
        return UI_HANDLED;
    }
    if (key == UK_ESC) {
        if (a->flow != NULL)
            oauth_flow_cancel(a->flow);
        if (a->device != NULL)
            oauth_device_cancel(a->device);
        return UI_HANDLED;
    }
    if (key == UK_CTRL('y')) {
        const char *u = a->flow     ? oauth_flow_url(a->flow)
                        : a->device ? oauth_device_verification_uri(a->device)
                                    : NULL;
        if (u != NULL)
            screen_copy(s, u);
        return UI_HANDLED;
    }
    /* While waiting, the paste field and its button still work; Enter in
     * the field uses what was pasted. */
    if (key == UK_ENTER && form_focus_id(&w->form) == AUTHZ_PASTE) {
        step_authorize_press(a, w, s, AUTHZ_PASTE_BUTTON);
        return UI_HANDLED;
    }
    int r = form_key(&w->form, s, key);
    if ((r & UI_SUBMIT) && form_focus_id(&w->form) == AUTHZ_QR_BUTTON)
        a->show_qr = true;
    return UI_HANDLED;
}

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
step_authorize_busy(const void *st)
{
    const struct step_authorize *a = st;
    return a->state == AUTHZ_WAITING || a->state == AUTHZ_DEVICE;
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
    .create = step_authorize_create,
    .destroy = step_authorize_destroy,
    .build = step_authorize_build,
    .press = step_authorize_press,
    .leave = step_authorize_leave,
    .tick = step_authorize_tick,
    .key = step_authorize_key,
    .busy = step_authorize_busy,
    .overlay = step_authorize_overlay,
};
