/* step_auth_oauth.c — step 3 for OAuth 2.0: grant type, client, issuer
 * (Discover fills the endpoints from its metadata), endpoints, scope, client
 * authentication style, PKCE, redirect port and extra authorization parameters,
 * with the redirect URI to register shown in an info box and copied with Ctrl-Y
 * (OSC 52). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oauth.h"
#include "step_auth.h"

enum {
    OAUTH_INFO = 1,
    OAUTH_GRANT,
    OAUTH_CLIENT_ID,
    OAUTH_SECRET,
    OAUTH_AUTH_URL,
    OAUTH_DEVICE_URL,
    OAUTH_TOKEN_URL,
    OAUTH_SCOPE,
    OAUTH_BASIC,
    OAUTH_PKCE,
    OAUTH_PORT,
    OAUTH_PARAMS,
    OAUTH_ISSUER,
    OAUTH_DISCOVER,
    OAUTH_REVOKE_URL,
};

/* The engine's names of the values (wizard.h). */
static const char *const step_auth_oauth_names[] = {
    [OAUTH_GRANT] = "grant",           [OAUTH_CLIENT_ID] = "client_id",
    [OAUTH_SECRET] = "client_secret",  [OAUTH_AUTH_URL] = "auth_url",
    [OAUTH_DEVICE_URL] = "device_url", [OAUTH_TOKEN_URL] = "token_url",
    [OAUTH_SCOPE] = "scope",           [OAUTH_BASIC] = "client_auth",
    [OAUTH_PORT] = "redirect_port",    [OAUTH_PARAMS] = "param",
    [OAUTH_ISSUER] = "issuer",         [OAUTH_REVOKE_URL] = "revocation_url",
};

#define GRANT_COUNT 3       /* enum oauth_grant */
#define CLIENT_AUTH_COUNT 3 /* enum client_auth */

struct step_auth_oauth {
    struct dropdown grant;
    const char *grant_labels[GRANT_COUNT];
    struct field client_id, secret, auth_url, device_url, token_url, scope;
    struct field port, params, issuer, revoke_url;
    struct button discover;
    struct oauth_discovery *discovery; /* running Discover, or NULL */
    struct dropdown client_auth;
    const char *client_auth_labels[CLIENT_AUTH_COUNT];
    struct checkbox pkce;
    char info[512];
    char uri[96];
};

static void *
step_auth_oauth_create(struct wizard *w)
{
    struct step_auth_oauth *o = calloc(1, sizeof *o);
    if (o == NULL)
        return NULL;
    const struct integration *ig = w->ig;
    for (int i = 0; i < GRANT_COUNT; i++)
        o->grant_labels[i] = oauth_grant_label((enum oauth_grant)i);
    o->grant.labels = o->grant_labels;
    o->grant.n = GRANT_COUNT;
    o->grant.sel = (size_t)ig->oauth.grant;
    struct field *plain[] = {&o->client_id, &o->auth_url, &o->device_url,
                             &o->token_url, &o->scope,    &o->port,
                             &o->params,    &o->issuer,   &o->revoke_url};
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
        field_init(plain[i], false);
    field_set(&o->client_id, ig->oauth.client_id);
    field_set(&o->auth_url, ig->oauth.auth_url);
    field_set(&o->device_url, ig->oauth.device_url);
    field_set(&o->token_url, ig->oauth.token_url);
    field_set(&o->scope, ig->oauth.scope);
    field_set(&o->issuer, ig->oauth.issuer);
    field_set(&o->revoke_url, ig->oauth.revocation_url);
    o->issuer.placeholder = "https://provider.example (optional)";
    o->revoke_url.placeholder = "blank = tokens are not revoked at logout";
    o->discover.label = "Discover";
    o->auth_url.placeholder = "https://provider.example/authorize";
    o->device_url.placeholder = "https://provider.example/device/code";
    o->token_url.placeholder = "https://provider.example/token";
    o->scope.placeholder = "blank = the provider's default scope";
    o->params.placeholder = "e.g. audience=api prompt=consent";
    step_auth_secret_init(&o->secret, &ig->oauth.client_secret);
    char num[16];
    snprintf(num, sizeof num, "%d", ig->oauth.redirect_port);
    field_set(&o->port, num);
    /* Extra parameters as "key=value" words. */
    size_t len = 1;
    for (size_t i = 0; i < ig->oauth.params.n; i++)
        len += strlen(ig->oauth.params.items[i].key) +
               strlen(ig->oauth.params.items[i].value) + 2;
    char *joined = calloc(1, len);
    if (joined != NULL) {
        for (size_t i = 0; i < ig->oauth.params.n; i++) {
            if (i > 0)
                strcat(joined, " ");
            strcat(joined, ig->oauth.params.items[i].key);
            strcat(joined, "=");
            strcat(joined, ig->oauth.params.items[i].value);
        }
        field_set(&o->params, joined);
        free(joined);
    }
    for (int i = 0; i < CLIENT_AUTH_COUNT; i++)
        o->client_auth_labels[i] = client_auth_label((enum client_auth)i);
    o->client_auth.labels = o->client_auth_labels;
    o->client_auth.n = CLIENT_AUTH_COUNT;
    o->client_auth.sel = (size_t)ig->oauth.client_auth;
    o->pkce.on = ig->oauth.pkce;
    return o;
}

static void
step_auth_oauth_destroy(void *st)
{
    struct step_auth_oauth *o = st;
    struct field *all[] = {&o->client_id,  &o->secret,    &o->auth_url,
                           &o->device_url, &o->token_url, &o->scope,
                           &o->port,       &o->params,    &o->issuer,
                           &o->revoke_url};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        field_free(all[i]);
    oauth_discover_free(o->discovery);
    free(o);
}

/* The port typed, or -1 when it is not a number. */
static long
step_auth_oauth_port(const struct step_auth_oauth *o)
{
    char *t = field_get(&o->port);
    long port = -1;
    if (t != NULL && t[0] != '\0') {
        char *end;
        port = strtol(t, &end, 10);
        if (*end != '\0')
            port = -1;
    }
    free(t);
    return port;
}

static void
step_auth_oauth_info(struct step_auth_oauth *o, struct wizard *w)
{
    long port = step_auth_oauth_port(o);
    integration_redirect_uri(w->ig, port > 0 && port < 65536 ? (int)port : 0,
                             o->uri, sizeof o->uri);
    snprintf(o->info, sizeof o->info,
             "Set up an OAuth client with the provider (see its "
             "documentation) and register this redirect URI:\n"
             "%s   (Ctrl-Y copies it)",
             o->uri);
}

static void
step_auth_oauth_add(struct wizard *w, int id, const char *label,
                    const char *help, bool required, struct field *f)
{
    form_add(&w->form, id, FORM_FIELD, label, help, required, f);
}

static void
step_auth_oauth_build(void *st, struct wizard *w)
{
    struct step_auth_oauth *o = st;
    enum oauth_grant g = (enum oauth_grant)o->grant.sel;
    bool code = g == GRANT_AUTHORIZATION_CODE;

    if (code) {
        step_auth_oauth_info(o, w);
        form_add(&w->form, OAUTH_INFO, FORM_INFO, "Redirect URI", NULL, false,
                 o->info);
    }
    form_add(&w->form, OAUTH_GRANT, FORM_DROP, "OAuth Grant Type",
             "The grant type used to request an access token.", true,
             &o->grant);
    step_auth_oauth_add(w, OAUTH_CLIENT_ID, "OAuth Client ID",
                        "The client ID the provider issued.", true,
                        &o->client_id);
    /* A provider may need the secret in the browser flow too (GitHub). */
    bool secret_needed =
        g == GRANT_CLIENT_CREDENTIALS || (code && w->ig->oauth.secret_required);
    step_auth_oauth_add(w, OAUTH_SECRET, "OAuth Client Secret",
                        g == GRANT_CLIENT_CREDENTIALS
                            ? "The client secret (hidden; Ctrl-R reveals it)."
                        : secret_needed
                            ? "The client secret: this provider requires it "
                              "(Ctrl-R reveals it)."
                            : "The client secret; blank for a public client "
                              "(Ctrl-R reveals it).",
                        secret_needed, &o->secret);
    if (code)
        step_auth_oauth_add(w, OAUTH_AUTH_URL, "Authorization URL",
                            "The URL used to request an authorization code.",
                            true, &o->auth_url);
    if (g == GRANT_DEVICE_CODE)
        step_auth_oauth_add(w, OAUTH_DEVICE_URL, "Device Authorization URL",
                            "The URL that hands out device and user codes.",
                            true, &o->device_url);
    step_auth_oauth_add(w, OAUTH_TOKEN_URL, "OAuth Token URL",
                        "The URL used to request an access token.", true,
                        &o->token_url);
    step_auth_oauth_add(w, OAUTH_SCOPE, "OAuth Scope",
                        "The scope to request. Leave blank to use the "
                        "default scope.",
                        false, &o->scope);
    form_add(&w->form, OAUTH_BASIC, FORM_DROP, "Token Client Auth",
             "At the token URL: client ID and secret in a Basic auth "
             "header, in the body, or the TLS client certificate of step 2 "
             "(RFC 8705).",
             false, &o->client_auth);
    if (code) {
        form_add(&w->form, OAUTH_PKCE, FORM_CHECK, "Use PKCE (S256)",
                 "Proof Key for Code Exchange; leave on unless the provider "
                 "refuses it.",
                 false, &o->pkce);
        step_auth_oauth_add(w, OAUTH_PORT, "Redirect Port",
                            "The local port that receives the browser's "
                            "redirect.",
                            true, &o->port);
    }
    if (g != GRANT_CLIENT_CREDENTIALS)
        step_auth_oauth_add(w, OAUTH_PARAMS, "Extra Parameters",
                            "Added to the authorization request, as "
                            "key=value words.",
                            false, &o->params);
    /* Last, so that the fields above keep their places. */
    step_auth_oauth_add(w, OAUTH_REVOKE_URL, "Revocation URL",
                        "Where logout revokes the tokens (RFC 7009); "
                        "optional.",
                        false, &o->revoke_url);
    step_auth_oauth_add(w, OAUTH_ISSUER, "Issuer",
                        "The provider's issuer URL; Discover fills the URLs "
                        "above from its metadata (RFC 8414 / OpenID).",
                        false, &o->issuer);
    form_add(&w->form, OAUTH_DISCOVER, FORM_BUTTON, NULL, NULL, false,
             &o->discover);
}

static void
step_auth_oauth_changed(void *st, struct wizard *w, int id)
{
    struct step_auth_oauth *o = st;
    if (id == OAUTH_GRANT) {
        wizard_rebuild(w);
        return;
    }
    if (id == OAUTH_PORT)
        step_auth_oauth_info(o, w);
    form_msg(&w->form, id, TC_ERROR, "%s", "");
}

/* The authorization code grant is picked: the info box shows the redirect
 * URI to register. */
static bool
step_auth_oauth_code(const void *ctx)
{
    const struct wizard *w = ctx;
    const struct step_auth_oauth *o = step_details_form(w);
    return w->step == STEP_DETAILS && w->ig->auth == AUTH_OAUTH2 && o != NULL &&
           (enum oauth_grant)o->grant.sel == GRANT_AUTHORIZATION_CODE;
}

static int
step_auth_oauth_copy(void *ctx, struct screen *s, int key)
{
    struct wizard *w = ctx;
    struct step_auth_oauth *o = step_details_form(w);
    (void)key;
    step_auth_oauth_info(o, w);
    screen_copy(s, o->uri);
    return UI_HANDLED;
}

/* Discover runs: only Esc (cancel) and the help work. */
static bool
step_auth_oauth_discovering(const void *ctx)
{
    const struct wizard *w = ctx;
    const struct step_auth_oauth *o = step_details_form(w);
    return w->step == STEP_DETAILS && w->ig->auth == AUTH_OAUTH2 && o != NULL &&
           o->discovery != NULL;
}

static int
step_auth_oauth_cancel(void *ctx, struct screen *s, int key)
{
    struct step_auth_oauth *o = step_details_form(ctx);
    (void)s;
    (void)key;
    oauth_discover_cancel(o->discovery);
    return UI_HANDLED;
}

static const struct ui_binding step_auth_oauth_bindings[] = {
    {{UK_ESC},
     "Esc",
     NULL,
     "Cancel Discover",
     "stop reading the issuer's metadata",
     KEYS_ALWAYS,
     step_auth_oauth_cancel,
     step_auth_oauth_discovering},
    {{UK_CTRL('y')},
     "^Y",
     NULL,
     "Copy URI",
     "copy the redirect URI to register to the local clipboard (OSC 52, "
     "works over SSH)",
     KEYS_MID,
     step_auth_oauth_copy,
     step_auth_oauth_code},
};

const struct keys_table step_auth_oauth_keys = KEYS_TABLE(
    "Step 3, OAuth 2.0 authorization code", step_auth_oauth_bindings);

/* Replace the extra parameters with the "key=value" words typed; a word
 * that is not one is kept as a key with an empty value so that
 * validate_integration() names it. */
static void
step_auth_oauth_params(const struct step_auth_oauth *o, struct kv_list *l)
{
    kv_list_free(l);
    char *text = field_get(&o->params);
    if (text == NULL)
        return;
    char *save = NULL;
    for (char *word = strtok_r(text, " \t", &save); word != NULL;
         word = strtok_r(NULL, " \t", &save)) {
        char *eq = strchr(word, '=');
        if (eq != NULL)
            *eq = '\0';
        kv_list_add(l, word, eq ? eq + 1 : "");
    }
    free(text);
}

static void
step_auth_oauth_apply(void *st, struct wizard *w)
{
    struct step_auth_oauth *o = st;
    struct integration *ig = w->ig;
    ig->oauth.grant = (enum oauth_grant)o->grant.sel;
    step_auth_str_apply(&o->client_id, &ig->oauth.client_id);
    step_auth_secret_apply(&o->secret, &ig->oauth.client_secret);
    step_auth_str_apply(&o->auth_url, &ig->oauth.auth_url);
    step_auth_str_apply(&o->device_url, &ig->oauth.device_url);
    step_auth_str_apply(&o->token_url, &ig->oauth.token_url);
    step_auth_str_apply(&o->scope, &ig->oauth.scope);
    step_auth_str_apply(&o->revoke_url, &ig->oauth.revocation_url);
    /* An issuer typed without Discover is not known to send iss. */
    char *issuer = field_get(&o->issuer);
    const char *was = ig->oauth.issuer ? ig->oauth.issuer : "";
    if (issuer == NULL || strcmp(issuer, was) != 0)
        ig->oauth.iss_required = false;
    free(issuer);
    step_auth_str_apply(&o->issuer, &ig->oauth.issuer);
    ig->oauth.client_auth = (enum client_auth)o->client_auth.sel;
    ig->oauth.pkce = o->pkce.on;
    long port = step_auth_oauth_port(o);
    ig->oauth.redirect_port = port > 0 && port <= 65535 ? (int)port : 0;
    step_auth_oauth_params(o, &ig->oauth.params);
}

/* Discover: start fetching the issuer's metadata; the tick drives it
 * while the screen keeps drawing (Esc cancels). */
static void
step_auth_oauth_press(void *st, struct wizard *w, struct screen *s, int id)
{
    struct step_auth_oauth *o = st;
    (void)s;
    if (id != OAUTH_DISCOVER || o->discovery != NULL)
        return;
    step_auth_oauth_apply(o, w);
    struct err e;
    err_clear(&e);
    if (w->ig->oauth.issuer == NULL) {
        form_msg(&w->form, OAUTH_ISSUER, TC_ERROR, "%s",
                 "Type the issuer URL first.");
        return;
    }
    if (oauth_discover_start(w->ig, w->ig->oauth.issuer, &o->discovery, &e) !=
        TS_OK) {
        form_msg(&w->form, OAUTH_ISSUER, TC_ERROR, "%s", e.msg);
        return;
    }
    form_msg(&w->form, OAUTH_ISSUER, TC_NORMAL, "%s",
             "Reading the issuer's metadata... (Esc cancels)");
}

/* Fill the fields from what discovery found and say so. */
static void
step_auth_oauth_found(struct step_auth_oauth *o, struct wizard *w,
                      struct oauth_metadata *m)
{
    struct integration *ig = w->ig;
    struct err e;
    err_clear(&e);
    if (oauth_metadata_apply(m, 0, ig, &e) != TS_OK) {
        form_msg(&w->form, OAUTH_ISSUER, TC_ERROR, "%s", e.msg);
        return;
    }
    field_set(&o->issuer, ig->oauth.issuer);
    field_set(&o->auth_url, ig->oauth.auth_url);
    field_set(&o->device_url, ig->oauth.device_url);
    field_set(&o->token_url, ig->oauth.token_url);
    field_set(&o->revoke_url, ig->oauth.revocation_url);
    o->client_auth.sel = (size_t)ig->oauth.client_auth;
    o->pkce.on = ig->oauth.pkce;
    w->dirty = true;
    form_msg(&w->form, OAUTH_ISSUER, TC_OK,
             "Found %s: filled the URLs; client auth %s, PKCE %s%s%s",
             m->source, client_auth_name(ig->oauth.client_auth),
             ig->oauth.pkce ? "on" : "off",
             ig->oauth.revocation_url ? "" : ", no revocation URL",
             m->iss_required ? "; iss checked" : "");
}

static bool
step_auth_oauth_tick(void *st, struct wizard *w, struct screen *s)
{
    struct step_auth_oauth *o = st;
    if (o->discovery == NULL)
        return false;
    tstatus rc;
    struct oauth_metadata m;
    struct err e;
    err_clear(&e);
    if (!oauth_discover_step(o->discovery, 0, &rc, &m, &e)) {
        form_msg(&w->form, OAUTH_ISSUER, TC_NORMAL,
                 "%s Reading the issuer's metadata... (Esc cancels)",
                 screen_spinner(s));
        return true;
    }
    oauth_discover_free(o->discovery);
    o->discovery = NULL;
    if (rc == TS_OK)
        step_auth_oauth_found(o, w, &m);
    else
        form_msg(&w->form, OAUTH_ISSUER, TC_ERROR, "%s", e.msg);
    oauth_metadata_free(&m);
    return true;
}

static bool
step_auth_oauth_busy(const void *st)
{
    return ((const struct step_auth_oauth *)st)->discovery != NULL;
}

const struct step_auth_ops step_auth_oauth = {
    .create = step_auth_oauth_create,
    .destroy = step_auth_oauth_destroy,
    .build = step_auth_oauth_build,
    .changed = step_auth_oauth_changed,
    .press = step_auth_oauth_press,
    .tick = step_auth_oauth_tick,
    .busy = step_auth_oauth_busy,
    .names = step_auth_oauth_names,
    .nnames = sizeof step_auth_oauth_names / sizeof *step_auth_oauth_names,
    .apply = step_auth_oauth_apply,
};
