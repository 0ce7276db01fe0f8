/* fuzz_paste.c — what a user pastes back when the browser cannot reach
 * tether's listener: the whole redirect URL, its query, or a bare code
 * (src/oauth_flow.c: oauth_flow_paste, over oauth_query_get).
 *
 * A real authorization code flow is started (listener on a port below the
 * ephemeral range, token URL on a closed port) and takes input after
 * input while it waits; once a paste ends it (a code taken, an error) a new
 * one is started. In an input, "@S" stands for the flow's state (the
 * fuzzer cannot guess 256 random bits); the input is otherwise pasted as
 * it is, cut at a NUL as a terminal would. Promises checked: a refused
 * paste says why and the flow keeps waiting; a flow only leaves waiting
 * for a paste carrying the right state or a bare code; the query parser
 * gives back what was percent-encoded. */
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "oauth.h"
#include "oauth_int.h"

#define H "paste"

static struct oauth_flow *paste_flow;
static char paste_state[128];
static int paste_port;

static void
paste_stop(void)
{
    oauth_flow_free(paste_flow);
    paste_flow = NULL;
}

static struct oauth_flow *
paste_get(void)
{
    if (paste_flow != NULL)
        return paste_flow;
    struct integration *ig = integration_new();
    if (ig == NULL)
        fuzz_fail(H, "out of memory");
    ig->name = strdup("Fuzz");
    ig->auth = AUTH_OAUTH2;
    ig->oauth.grant = GRANT_AUTHORIZATION_CODE;
    ig->oauth.client_id = strdup("tether-native");
    ig->oauth.auth_url = strdup("http://127.0.0.1:9/auth");
    ig->oauth.token_url = strdup("http://127.0.0.1:9/token");
    ig->oauth.pkce = true;
    /* 10000-19999: below the kernel's ephemeral range and below the ports
     * free_port() of tests/lib.sh hands to other tests' servers (20000
     * up), so never a port another test was just given; the next one when
     * it is taken. */
    struct err e = {0};
    for (int i = 0; paste_flow == NULL && i < 200; i++) {
        int port =
            paste_port ? paste_port : 10000 + (int)((getpid() + i) % 10000);
        struct oauth_flow_options opt = {.port = port, .timeout_s = 3600};
        if (oauth_flow_start(ig, &opt, &paste_flow, &e) == TS_OK)
            paste_port = port;
        else
            paste_port = 0;
    }
    integration_free(ig);
    if (paste_flow == NULL)
        fuzz_fail(H, e.msg);
    char *st =
        oauth_query_get(strchr(oauth_flow_url(paste_flow), '?') + 1, "state");
    if (st == NULL)
        fuzz_fail(H, "the authorization URL carries no state");
    snprintf(paste_state, sizeof paste_state, "%s", st);
    free(st);
    static bool registered;
    if (!registered && atexit(paste_stop) == 0)
        registered = true;
    return paste_flow;
}

/* The input up to a NUL with every "@S" replaced by the state. */
static char *
paste_text(const uint8_t *data, size_t size)
{
    size_t n = strnlen((const char *)data, size), sl = strlen(paste_state);
    char *out = malloc(n * (sl > 2 ? sl : 2) / 2 + sl + 1), *o = out;
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (data[i] == '@' && i + 1 < n && data[i + 1] == 'S') {
            memcpy(o, paste_state, sl);
            o += sl;
            i++;
        } else {
            *o++ = (char)data[i];
        }
    }
    *o = '\0';
    return out;
}

static void
check_query(const char *text)
{
    static const char *const names[] = {"code", "state", "error",
                                        "error_description", "error_uri"};
    const char *q = strchr(text, '?');
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char *v = oauth_query_get(q ? q + 1 : text, names[i]);
        free(v);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct oauth_flow *f = paste_get();
    char *text = paste_text(data, size);
    if (text == NULL)
        return 0;
    check_query(text);
    struct err e = {0};
    enum oauth_flow_status s = oauth_flow_paste(f, text, &e);
    bool stateful = strstr(text, paste_state) != NULL;
    bool url = strchr(text, '?') != NULL || strstr(text, "code=") != NULL ||
               strstr(text, "error=") != NULL;
    if (s == OAUTH_FLOW_PENDING && e.status != TS_OK)
        FUZZ_CHECK(H, e.msg[0] != '\0', "a refused paste says nothing");
    if (s == OAUTH_FLOW_FAILED)
        FUZZ_CHECK(H, e.msg[0] != '\0', "a failed flow says nothing");
    if (url && !stateful)
        FUZZ_CHECK(H, s == OAUTH_FLOW_PENDING && e.status == TS_INVALID,
                   "a pasted URL without the flow's state was taken");
    FUZZ_CHECK(H, s != OAUTH_FLOW_READY,
               "a flow got tokens from a closed token endpoint");
    /* A code was taken (the exchange runs) or the flow ended: start anew. */
    if (e.status == TS_OK || s != OAUTH_FLOW_PENDING)
        paste_stop();
    free(text);
    return 0;
}
