/* test_oauth_flow.c — PKCE, state, the authorization URL and the
 * authorization code flow object (listener, paste-back, timeout, cancel);
 * the token endpoint here is a closed port, so each exchange fails as a
 * transport error after the code was taken. Exchanges with a real
 * authorization server are in tests/oauth/. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "oauth.h"
#include "oauth_int.h"

static int free_port(void);

static struct integration *
flow_ig(void)
{
    struct integration *ig = integration_new();
    assert_non_null(ig);
    model_set_str(&ig->name, "Acme");
    ig->auth = AUTH_OAUTH2;
    model_set_str(&ig->base_url, "https://api.example");
    model_set_str(&ig->oauth.client_id, "cli ent");
    model_set_str(&ig->oauth.auth_url, "https://idp.example/authorize?x=1");
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/token", free_port());
    model_set_str(&ig->oauth.token_url, url);
    model_set_str(&ig->oauth.scope, "openid offline_access");
    secret_assign(&ig->oauth.client_secret, "TOPSECRET");
    kv_list_add(&ig->oauth.params, "audience", "https://api.example");
    kv_list_add(&ig->oauth.params, "prompt", "consent");
    kv_list_add(&ig->oauth.params, "state", "overridden");
    ig->oauth.redirect_port = 0; /* set per test */
    return ig;
}

/* A port that was free a moment ago, chosen at random from 20000 up to the
 * kernel's ephemeral range, as free_port() in tests/lib.sh does: a port of
 * that range could be handed to any outgoing connection on the machine
 * before the test listens on it. */
static int
free_port(void)
{
    int lo = 32768;
    FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
    if (f != NULL) {
        if (fscanf(f, "%d", &lo) != 1)
            lo = 32768;
        fclose(f);
    }
    int port = 0;
    for (int i = 0; port == 0 && i < 100; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        int want = 0;
        if (lo > 21000)
            want = 20000 + (int)randombytes_uniform((uint32_t)(lo - 20000));
        struct sockaddr_in sa = {.sin_family = AF_INET,
                                 .sin_port = htons((uint16_t)want),
                                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
            socklen_t len = sizeof sa;
            getsockname(fd, (struct sockaddr *)&sa, &len);
            port = ntohs(sa.sin_port);
        }
        close(fd);
    }
    return port;
}

/* Poll until the flow is no longer pending (bounded). */
static enum oauth_flow_status
drive(struct oauth_flow *f, struct err *e)
{
    enum oauth_flow_status s;
    int n = 0;
    while ((s = oauth_flow_poll(f, 100, e)) == OAUTH_FLOW_PENDING)
        assert_true(++n < 100);
    return s;
}

static int
http_get(int port, const char *target)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    char req[2048];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\n\r\n", target);
    assert_int_equal(write(fd, req, (size_t)n), n);
    char buf[256] = "";
    ssize_t r = read(fd, buf, sizeof buf - 1);
    buf[r > 0 ? r : 0] = '\0';
    close(fd);
    int status = 0;
    sscanf(buf, "HTTP/1.%*d %d", &status);
    return status;
}

static void
test_pkce_rfc7636_vector(void **state)
{
    (void)state;
    char c[44];
    oauth_pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", c);
    assert_string_equal(c, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

static void
test_random_strings(void **state)
{
    (void)state;
    char a[64], b[64];
    oauth_random_string(a, sizeof a, 32);
    oauth_random_string(b, sizeof b, 32);
    assert_int_equal(strlen(a), 43); /* 256 bits, base64url, no padding */
    assert_string_not_equal(a, b);
    for (const char *p = a; *p; p++)
        assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
                               "qrstuvwxyz0123456789-_",
                               *p));
}

static void
test_authorize_url(void **state)
{
    (void)state;
    struct integration *ig = flow_ig();
    char *url;
    struct err e;
    assert_int_equal(oauth_authorize_url(ig, "http://127.0.0.1:8765/callback",
                                         "ST", "CH", &url, &e),
                     TS_OK);
    assert_string_equal(
        url, "https://idp.example/authorize?x=1&response_type=code&"
             "client_id=cli+ent&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765"
             "%2Fcallback&state=ST&scope=openid+offline_access&"
             "code_challenge=CH&code_challenge_method=S256&audience="
             "https%3A%2F%2Fapi.example&prompt=consent");
    free(url);
    assert_int_equal(oauth_authorize_url(ig, "r", "ST", NULL, &url, &e), TS_OK);
    assert_null(strstr(url, "code_challenge"));
    free(url);
    integration_free(ig);
}

static void
test_flow_via_listener(void **state)
{
    (void)state;
    struct integration *ig = flow_ig();
    ig->oauth.redirect_port = free_port();
    struct oauth_flow *f;
    struct err e;
    assert_int_equal(oauth_flow_start(ig, NULL, &f, &e), TS_OK);
    assert_int_equal(oauth_flow_port(f), ig->oauth.redirect_port);
    char want[64];
    snprintf(want, sizeof want, "http://127.0.0.1:%d/callback",
             ig->oauth.redirect_port);
    assert_string_equal(oauth_flow_redirect_uri(f), want);

    /* Neither the secret nor the verifier is in the URL; the challenge
     * of the verifier is. */
    const char *url = oauth_flow_url(f);
    assert_null(strstr(url, "TOPSECRET"));
    assert_null(strstr(url, oauth_flow_verifier(f)));
    char ch[44];
    oauth_pkce_challenge(oauth_flow_verifier(f), ch);
    assert_non_null(strstr(url, ch));
    char *st = oauth_query_get(strchr(url, '?') + 1, "state");
    assert_int_equal(strlen(st), 43);

    assert_int_equal(oauth_flow_poll(f, 0, &e), OAUTH_FLOW_PENDING);
    char target[256];
    snprintf(target, sizeof target, "/callback?code=forged&state=nope");
    assert_int_equal(http_get(oauth_flow_port(f), target), 400);
    assert_int_equal(oauth_flow_poll(f, 20, &e), OAUTH_FLOW_PENDING);
    snprintf(target, sizeof target, "/callback?code=C0DE&state=%s", st);
    assert_int_equal(http_get(oauth_flow_port(f), target), 200);
    /* The code is taken and exchanged: the token endpoint is down. */
    assert_int_equal(drive(f, &e), OAUTH_FLOW_FAILED);
    assert_string_equal(oauth_flow_code(f), "C0DE");
    assert_int_equal(e.status, TS_NET);
    assert_non_null(strstr(e.msg, "/token"));
    assert_int_equal(oauth_flow_fd(f), -1);
    free(st);
    oauth_flow_free(f);
    integration_free(ig);
}

static void
test_flow_paste(void **state)
{
    (void)state;
    struct integration *ig = flow_ig();
    ig->oauth.redirect_port = free_port();
    ig->oauth.pkce = false;
    struct oauth_flow *f;
    struct err e;
    assert_int_equal(oauth_flow_start(ig, NULL, &f, &e), TS_OK);
    assert_null(oauth_flow_verifier(f));
    assert_null(strstr(oauth_flow_url(f), "code_challenge"));
    char *st = oauth_query_get(strchr(oauth_flow_url(f), '?') + 1, "state");

    err_clear(&e);
    assert_int_equal(oauth_flow_paste(f, "what?", &e), OAUTH_FLOW_PENDING);
    assert_int_equal(e.status, TS_INVALID);
    err_clear(&e);
    assert_int_equal(oauth_flow_paste(f, "hello world", &e),
                     OAUTH_FLOW_PENDING);
    assert_int_equal(e.status, TS_INVALID);
    assert_int_equal(
        oauth_flow_paste(f, "http://127.0.0.1:1/callback?code=X&state=bad", &e),
        OAUTH_FLOW_PENDING);
    assert_non_null(strstr(e.msg, "wrong state"));

    char text[512];
    snprintf(text, sizeof text,
             "  %s?code=P%%2BQ&state=%s&iss=http%%3A%%2F%%2Fidp\n",
             oauth_flow_redirect_uri(f), st);
    err_clear(&e);
    assert_int_equal(oauth_flow_paste(f, text, &e), OAUTH_FLOW_PENDING);
    assert_int_equal(e.status, TS_OK);
    assert_string_equal(oauth_flow_code(f), "P+Q");
    /* The listener is gone once a code is in hand. */
    assert_int_equal(oauth_flow_fd(f), -1);
    assert_int_equal(drive(f, &e), OAUTH_FLOW_FAILED);
    assert_int_equal(e.status, TS_NET);
    oauth_flow_free(f);

    /* A bare code. */
    assert_int_equal(oauth_flow_start(ig, NULL, &f, &e), TS_OK);
    err_clear(&e);
    assert_int_equal(oauth_flow_paste(f, "abc-123_XYZ.~\n", &e),
                     OAUTH_FLOW_PENDING);
    assert_int_equal(e.status, TS_OK);
    assert_string_equal(oauth_flow_code(f), "abc-123_XYZ.~");
    oauth_flow_free(f);

    /* A pasted error ends the flow. */
    assert_int_equal(oauth_flow_start(ig, NULL, &f, &e), TS_OK);
    free(st);
    st = oauth_query_get(strchr(oauth_flow_url(f), '?') + 1, "state");
    snprintf(text, sizeof text,
             "http://127.0.0.1/callback?error=access_denied&"
             "error_description=End-User+aborted&state=%s",
             st);
    assert_int_equal(oauth_flow_paste(f, text, &e), OAUTH_FLOW_FAILED);
    assert_int_equal(e.status, TS_OAUTH);
    assert_non_null(strstr(e.msg, "the request was denied in the browser"));
    assert_non_null(strstr(e.msg, "End-User aborted"));
    err_clear(&e);
    assert_int_equal(oauth_flow_poll(f, 0, &e), OAUTH_FLOW_FAILED);
    assert_int_equal(e.status, TS_OAUTH);
    oauth_flow_free(f);
    free(st);
    integration_free(ig);
}

static void
test_flow_timeout_and_cancel(void **state)
{
    (void)state;
    struct integration *ig = flow_ig();
    ig->oauth.redirect_port = free_port();
    struct oauth_flow_options opt = {.timeout_s = 1};
    struct oauth_flow *f;
    struct err e;
    assert_int_equal(oauth_flow_start(ig, &opt, &f, &e), TS_OK);
    enum oauth_flow_status s;
    int polls = 0;
    while ((s = oauth_flow_poll(f, 100, &e)) == OAUTH_FLOW_PENDING)
        assert_true(++polls < 50);
    assert_int_equal(s, OAUTH_FLOW_FAILED);
    assert_non_null(strstr(e.msg, "no answer from the browser within 1 s"));
    oauth_flow_free(f);

    assert_int_equal(oauth_flow_start(ig, NULL, &f, &e), TS_OK);
    oauth_flow_cancel(f);
    assert_int_equal(oauth_flow_poll(f, 1000, &e), OAUTH_FLOW_FAILED);
    assert_int_equal(e.status, TS_CANCELLED);
    oauth_flow_free(f);

    /* --port overrides the integration's port; a taken port is named. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(fd, (struct sockaddr *)&sa, sizeof sa);
    listen(fd, 1);
    socklen_t len = sizeof sa;
    getsockname(fd, (struct sockaddr *)&sa, &len);
    opt.port = ntohs(sa.sin_port);
    assert_int_equal(oauth_flow_start(ig, &opt, &f, &e), TS_IO);
    assert_non_null(strstr(e.msg, "already in use"));
    close(fd);
    integration_free(ig);
}

static void
test_flow_needs_code_grant(void **state)
{
    (void)state;
    struct integration *ig = flow_ig();
    ig->oauth.grant = GRANT_CLIENT_CREDENTIALS;
    struct oauth_flow *f;
    struct err e;
    assert_int_equal(oauth_flow_start(ig, NULL, &f, &e), TS_INVALID);
    integration_free(ig);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pkce_rfc7636_vector),
        cmocka_unit_test(test_random_strings),
        cmocka_unit_test(test_authorize_url),
        cmocka_unit_test(test_flow_via_listener),
        cmocka_unit_test(test_flow_paste),
        cmocka_unit_test(test_flow_timeout_and_cancel),
        cmocka_unit_test(test_flow_needs_code_grant),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
