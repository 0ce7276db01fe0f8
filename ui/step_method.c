/* step_method.c — step 2, Authentication Method: the hostname (or a pasted
 * base URL) checked as typed by validate_base_url, and the method. */
#include <stdlib.h>
#include <string.h>

#include "validate.h"
#include "wizard.h"

enum { METHOD_HOST = 1, METHOD_AUTH };

#define METHOD_COUNT 4 /* enum auth_method */

struct step_method {
    struct field host;
    struct dropdown auth;
    const char *labels[METHOD_COUNT];
};

static void *
step_method_create(struct wizard *w)
{
    struct step_method *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    field_init(&m->host, false);
    m->host.placeholder = "e.g. api.example.com";
    if (w->ig->base_url != NULL) {
        /* Show what people type: no scheme when it is the default one. */
        const char *u = w->ig->base_url;
        field_set(&m->host,
                  strncmp(u, "https://", 8) == 0 ? u + 8 : u);
    }
    for (int i = 0; i < METHOD_COUNT; i++)
        m->labels[i] = auth_method_label((enum auth_method)i);
    m->auth.labels = m->labels;
    m->auth.n = METHOD_COUNT;
    m->auth.sel = (size_t)w->ig->auth;
    return m;
}

static void
step_method_destroy(void *st)
{
    struct step_method *m = st;
    field_free(&m->host);
    free(m);
}

static void
step_method_build(void *st, struct wizard *w)
{
    struct step_method *m = st;
    struct form_item *it;
    it = form_add(&w->form, METHOD_HOST, FORM_FIELD, "Hostname",
                  "The API's hostname without the protocol, e.g. "
                  "api.example.com.",
                  true, &m->host);
    it->field = "base_url";
    it = form_add(&w->form, METHOD_AUTH, FORM_DROP, "Authentication Method",
                  "The method used for authenticating with the API.", true,
                  &m->auth);
    it->field = "auth";
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

static void
step_method_changed(void *st, struct wizard *w, int id)
{
    struct step_method *m = st;
    if (id == METHOD_HOST) {
        char *url = NULL;
        if (step_method_check(m, w, &url))
            free(url);
    }
}

static bool
step_method_leave(void *st, struct wizard *w, bool forward)
{
    struct step_method *m = st;
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
    .create = step_method_create,
    .destroy = step_method_destroy,
    .build = step_method_build,
    .changed = step_method_changed,
    .leave = step_method_leave,
};
