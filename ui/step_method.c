/* step_method.c — step 2, Authentication Method: the hostname (or a pasted
 * base URL) checked as typed by validate_base_url, and the method; then
 * the transfer settings: timeout, redirects, proxy, and TLS: the CA
 * bundle and a client certificate, its key and the key's passphrase
 * (validate_pem_file as typed, validate_client_tls on Next). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "presets.h"
#include "step_auth.h"
#include "validate.h"
#include "wizard.h"

enum {
    METHOD_PRESET = 1,
    METHOD_NOTES,
    METHOD_HOST,
    METHOD_AUTH,
    METHOD_TIMEOUT,
    METHOD_FOLLOW,
    METHOD_PROXY,
    METHOD_CA,
    METHOD_CERT,
    METHOD_KEY,
    METHOD_KEY_PASS,
};

/* The engine's names of the values (wizard.h). */
static const char *const step_method_names[] = {
    [METHOD_HOST] = "base_url",   [METHOD_AUTH] = "auth",
    [METHOD_TIMEOUT] = "timeout", [METHOD_PROXY] = "proxy",
    [METHOD_CA] = "ca_bundle",    [METHOD_CERT] = "client_cert",
    [METHOD_KEY] = "client_key",  [METHOD_KEY_PASS] = "client_key_pass",
};

static struct wizard_fields
step_method_fields(const struct wizard *w)
{
    (void)w;
    return WIZARD_FIELDS(step_method_names);
}

#define METHOD_COUNT 5 /* enum auth_method */

struct step_method {
    struct field host;
    struct dropdown auth;
    struct field timeout, proxy;
    struct field ca, cert, key, key_pass;
    struct checkbox follow;
    const char *labels[METHOD_COUNT];
    struct preset_list *presets; /* NULL when none could be loaded */
    struct dropdown preset;
    const char **preset_labels; /* "Custom", then each preset's name */
    char notes[768];
};

/* Offer the provider presets (data/presets.json) when they load. */
static void
step_method_presets(struct step_method *m)
{
    struct err e;
    if (presets_load(NULL, &m->presets, &e) != TS_OK)
        return;
    m->preset_labels = calloc(m->presets->n + 1, sizeof *m->preset_labels);
    if (m->preset_labels == NULL) {
        presets_free(m->presets);
        m->presets = NULL;
        return;
    }
    m->preset_labels[0] = "Custom (fill in everything yourself)";
    for (size_t i = 0; i < m->presets->n; i++)
        m->preset_labels[i + 1] = m->presets->items[i].name;
    m->preset.labels = m->preset_labels;
    m->preset.n = m->presets->n + 1;
}

/* The host as people type it: no scheme when it is the default one. */
static void
step_method_show_host(struct step_method *m, const char *url)
{
    field_set(&m->host,
              url != NULL && strncmp(url, "https://", 8) == 0 ? url + 8 : url);
}

static void *
step_method_create(struct wizard *w)
{
    struct step_method *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    field_init(&m->host, false);
    m->host.placeholder = "e.g. api.example.com";
    step_method_show_host(m, w->ig->base_url);
    if (!w->editing)
        step_method_presets(m);
    for (int i = 0; i < METHOD_COUNT; i++)
        m->labels[i] = auth_method_label((enum auth_method)i);
    m->auth.labels = m->labels;
    m->auth.n = METHOD_COUNT;
    m->auth.sel = (size_t)w->ig->auth;
    field_init(&m->timeout, false);
    field_init(&m->proxy, false);
    m->timeout.max = 8;
    m->proxy.placeholder = "the environment's (http_proxy)";
    char t[32];
    snprintf(t, sizeof t, "%.3g", (double)w->ig->net.timeout_ms / 1000);
    field_set(&m->timeout, t);
    field_set(&m->proxy, w->ig->net.no_proxy ? "none" : w->ig->net.proxy);
    m->follow.on = w->ig->net.follow_redirects;
    field_init(&m->ca, false);
    field_init(&m->cert, false);
    field_init(&m->key, false);
    m->ca.placeholder = "the system's";
    m->cert.placeholder = "none (PEM file path)";
    m->key.placeholder = "none (PEM file path)";
    field_set(&m->ca, w->ig->net.ca_bundle);
    field_set(&m->cert, w->ig->net.client_cert);
    field_set(&m->key, w->ig->net.client_key);
    step_auth_secret_init(&m->key_pass, &w->ig->net.client_key_pass);
    return m;
}

static void
step_method_destroy(void *st)
{
    struct step_method *m = st;
    field_free(&m->host);
    field_free(&m->timeout);
    field_free(&m->proxy);
    field_free(&m->ca);
    field_free(&m->cert);
    field_free(&m->key);
    field_free(&m->key_pass);
    presets_free(m->presets);
    free(m->preset_labels);
    free(m);
}

static void
step_method_build(void *st, struct wizard *w)
{
    struct step_method *m = st;
    if (m->presets != NULL) {
        form_add(&w->form, METHOD_PRESET, FORM_DROP, "Provider Preset",
                 "Prefill the settings of a known API; the credentials stay "
                 "yours to enter.",
                 false, &m->preset);
        if (m->notes[0] != '\0')
            form_add(&w->form, METHOD_NOTES, FORM_NOTE, NULL, NULL, false,
                     m->notes);
    }
    form_add(&w->form, METHOD_HOST, FORM_FIELD, "Hostname",
             "The API's hostname without the protocol, e.g. api.example.com.",
             true, &m->host);
    form_add(&w->form, METHOD_AUTH, FORM_DROP, "Authentication Method",
             "The method used for authenticating with the API.", true,
             &m->auth);
    form_add(&w->form, METHOD_TIMEOUT, FORM_FIELD, "Timeout (seconds)",
             "The total time limit of a request (default 30).", false,
             &m->timeout);
    form_add(&w->form, METHOD_FOLLOW, FORM_CHECK, "Follow Redirects",
             "Follow up to 10 redirects; credentials never go to another "
             "host.",
             false, &m->follow);
    form_add(&w->form, METHOD_PROXY, FORM_FIELD, "Proxy",
             "http://host:port or socks5://host:port; empty: the "
             "environment's; none: no proxy at all. Proxy credentials: "
             "tether edit --proxy-user.",
             false, &m->proxy);
    form_add(&w->form, METHOD_CA, FORM_FIELD, "CA Bundle",
             "CA certificates (PEM) to trust instead of the system's, for "
             "a private certificate authority.",
             false, &m->ca);
    form_add(&w->form, METHOD_CERT, FORM_FIELD, "Client Certificate",
             "A TLS client certificate (PEM file) for APIs that ask for "
             "one; sent to the OAuth endpoints too.",
             false, &m->cert);
    form_add(&w->form, METHOD_KEY, FORM_FIELD, "Client Key",
             "The certificate's private key (PEM file).", false, &m->key);
    form_add(&w->form, METHOD_KEY_PASS, FORM_FIELD, "Key Passphrase",
             "Only for an encrypted key (hidden; Ctrl-R reveals it).", false,
             &m->key_pass);
    /* Most people type a hostname; the preset is one Shift-Tab away. */
    form_focus(&w->form, METHOD_HOST);
}

/* Check the host; on success *out is the normalised base URL. Shows the
 * error, the http warning or the URL requests will go to. */
static bool
step_method_check(struct step_method *m, struct wizard *w, char **out)
{
    struct err e;
    err_clear(&e);
    char *typed = field_get(&m->host);
    char *url = NULL;
    if (typed == NULL)
        return false;
    tstatus st = validate_base_url(typed, &url, &e);
    free(typed);
    if (st != TS_OK) {
        form_msg(&w->form, METHOD_HOST, TC_ERROR, "%s", e.msg);
        return false;
    }
    if (validate_http_warning(url))
        form_msg(&w->form, METHOD_HOST, TC_WARNING,
                 "Warning: plain http to %s: credentials and data travel "
                 "unencrypted.",
                 url + 7);
    else
        form_msg(&w->form, METHOD_HOST, TC_OK, "Requests go to %s", url);
    *out = url;
    return true;
}

/* A PEM file field as typed: the engine's verdict under it. */
static bool
step_method_check_pem(struct step_method *m, struct wizard *w, int id)
{
    static const char *const what[] = {
        [METHOD_CA] = "the CA bundle",
        [METHOD_CERT] = "the client certificate",
        [METHOD_KEY] = "the client key",
    };
    struct field *f = id == METHOD_CA     ? &m->ca
                      : id == METHOD_CERT ? &m->cert
                                          : &m->key;
    char *path = field_get(f);
    struct err e;
    err_clear(&e);
    bool ok = path != NULL && (path[0] == '\0' ||
                               validate_pem_file(step_method_names[id],
                                                 what[id], path, &e) == TS_OK);
    form_msg(&w->form, id, ok ? TC_NORMAL : TC_ERROR, "%s", ok ? "" : e.msg);
    free(path);
    return ok;
}

/* The TLS fields into w->ig, checked by the engine as a whole; a problem
 * is shown under the field it names. */
static bool
step_method_tls(struct step_method *m, struct wizard *w)
{
    static const int ids[] = {METHOD_CA, METHOD_CERT, METHOD_KEY};
    bool ok = true;
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
        ok &= step_method_check_pem(m, w, ids[i]);
    if (!ok)
        return false;
    step_auth_str_apply(&m->ca, &w->ig->net.ca_bundle);
    step_auth_str_apply(&m->cert, &w->ig->net.client_cert);
    step_auth_str_apply(&m->key, &w->ig->net.client_key);
    step_auth_secret_apply(&m->key_pass, &w->ig->net.client_key_pass);
    /* No key, no passphrase (as --client-key '' does). */
    if (w->ig->net.client_key == NULL &&
        secret_is_set(&w->ig->net.client_key_pass) && m->key_pass.stored) {
        secret_assign(&w->ig->net.client_key_pass, NULL);
        field_set_stored(&m->key_pass, false);
    }
    struct err e;
    err_clear(&e);
    if (validate_client_tls(w->ig, &e) == TS_OK) {
        form_msg(&w->form, METHOD_KEY_PASS, TC_NORMAL, "%s", "");
        return true;
    }
    int id = strcmp(e.field, "client_cert") == 0  ? METHOD_CERT
             : strcmp(e.field, "client_key") == 0 ? METHOD_KEY
                                                  : METHOD_KEY_PASS;
    form_msg(&w->form, id, TC_ERROR, "%s", e.msg);
    form_focus(&w->form, id);
    return false;
}

/* A preset was picked: prefill the integration and the later steps. */
static void
step_method_apply_preset(struct step_method *m, struct wizard *w)
{
    m->notes[0] = '\0';
    if (m->preset.sel == 0) {
        wizard_rebuild(w);
        return;
    }
    const struct preset *p = &m->presets->items[m->preset.sel - 1];
    struct err e;
    if (presets_apply(p, w->ig, &e) != TS_OK) {
        form_msg(&w->form, METHOD_PRESET, TC_ERROR, "%s", e.msg);
        return;
    }
    step_method_show_host(m, w->ig->base_url);
    m->auth.sel = (size_t)w->ig->auth;
    for (int i = STEP_DETAILS; i < WIZARD_STEPS; i++)
        wizard_refresh_step(w, (enum wizard_step_id)i);
    snprintf(m->notes, sizeof m->notes, "%s%s%s%s", p->notes ? p->notes : "",
             p->notes && p->docs ? " " : "", p->docs ? "Docs: " : "",
             p->docs ? p->docs : "");
    wizard_rebuild(w);
    char *url = NULL;
    if (step_method_check(m, w, &url))
        free(url);
}

static void
step_method_changed(void *st, struct wizard *w, int id)
{
    struct step_method *m = st;
    if (id == METHOD_PRESET) {
        step_method_apply_preset(m, w);
        return;
    }
    if (id == METHOD_HOST) {
        char *url = NULL;
        if (step_method_check(m, w, &url))
            free(url);
    }
    if (id == METHOD_CA || id == METHOD_CERT || id == METHOD_KEY)
        step_method_check_pem(m, w, id);
}

/* Check the timeout and the proxy and write them into w->ig. */
static bool
step_method_transfer(struct step_method *m, struct wizard *w)
{
    char *t = field_get(&m->timeout), *px = field_get(&m->proxy);
    bool ok = t != NULL && px != NULL;
    form_msg(&w->form, METHOD_TIMEOUT, TC_NORMAL, "%s", "");
    form_msg(&w->form, METHOD_PROXY, TC_NORMAL, "%s", "");
    char *end = NULL;
    double secs = ok && t[0] ? strtod(t, &end) : 30;
    if (ok && t[0] && (*end != '\0' || !(secs > 0) || secs > 86400)) {
        form_msg(&w->form, METHOD_TIMEOUT, TC_ERROR,
                 "Give a number of seconds between 0 and 86400.");
        ok = false;
    }
    char *norm = NULL;
    struct err e;
    err_clear(&e);
    bool none = ok && strcmp(px, "none") == 0;
    if (ok && px[0] && !none && validate_proxy_url(px, &norm, &e) != TS_OK) {
        form_msg(&w->form, METHOD_PROXY, TC_ERROR, "%s", e.msg);
        ok = false;
    }
    if (ok) {
        w->ig->net.timeout_ms = (long)(secs * 1000 + 0.5);
        w->ig->net.follow_redirects = m->follow.on;
        w->ig->net.no_proxy = none;
        free(w->ig->net.proxy);
        w->ig->net.proxy = norm;
        norm = NULL;
    }
    free(norm);
    free(t);
    free(px);
    return ok;
}

static bool
step_method_leave(void *st, struct wizard *w, bool forward)
{
    struct step_method *m = st;
    if (!step_method_transfer(m, w) && forward) {
        form_focus(&w->form, form_item(&w->form, METHOD_PROXY)->msg[0]
                                 ? METHOD_PROXY
                                 : METHOD_TIMEOUT);
        return false;
    }
    if (!step_method_tls(m, w) && forward)
        return false;
    char *url = NULL;
    if (step_method_check(m, w, &url)) {
        free(w->ig->base_url);
        w->ig->base_url = url;
    } else if (forward) {
        form_focus(&w->form, METHOD_HOST);
        return false;
    }
    w->ig->auth = (enum auth_method)m->auth.sel;
    return true;
}

const struct wizard_step step_method = {
    .title = "Authentication Method",
    .short_title = "Auth Method",
    .fields = step_method_fields,
    .create = step_method_create,
    .destroy = step_method_destroy,
    .build = step_method_build,
    .changed = step_method_changed,
    .leave = step_method_leave,
};
