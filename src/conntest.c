/* conntest.c — see conntest.h. */
#define _GNU_SOURCE /* asprintf */
#include "conntest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "clock.h"
#include "exchange.h"
#include "http_int.h"
#include "ratelimit.h"
#include "remedy.h"
#include "testspec.h"

void
conntest_result_free(struct conntest_result *r)
{
    if (r == NULL)
        return;
    free(r->reason_phrase);
    free(r->url);
    free(r->summary);
    free(r->diagnosis);
    free(r->www_authenticate);
    free(r->location);
    kv_list_free(&r->ratelimit);
    memset(r, 0, sizeof *r);
}

const char *
conntest_path(const struct integration *ig, const char *path)
{
    if (path != NULL && path[0] != '\0')
        return path;
    if (ig->test_path != NULL && ig->test_path[0] != '\0')
        return ig->test_path;
    return "/";
}

/* A JSON test body says so; other bodies go as curl's form default. */
static char json_name[] = "Content-Type", json_type[] = "application/json";
static struct kv json_kv = {json_name, json_type};
static const struct kv_list json_headers = {&json_kv, 1};

static bool
is_json(const char *text)
{
    cJSON *v = cJSON_Parse(text);
    cJSON_Delete(v);
    return v != NULL;
}

void
conntest_request(const struct integration *ig, const char *path,
                 atomic_bool *cancel, struct http_request *req)
{
    const char *method = ig->test.method ? ig->test.method : "GET";
    bool post = strcmp(method, "POST") == 0;
    const char *body = post ? ig->test.body : NULL;
    *req = (struct http_request){
        .method = method,
        .path = conntest_path(ig, path),
        .body = post ? (body ? body : "") : NULL,
        .body_len = body ? strlen(body) : 0,
        .headers = body && is_json(body) ? &json_headers : NULL,
        .no_redirects = true,
        .max_body = 64 * 1024,
        .cancel = cancel,
    };
}

const char *
conntest_statuses(const struct integration *ig)
{
    const char *s = ig->test.statuses;
    return s != NULL && s[0] != '\0' ? s : "200";
}

static const char *
find_header(const struct http_response *r, const char *name)
{
    for (size_t i = 0; i < r->headers.n; i++) {
        if (strcasecmp(r->headers.items[i].key, name) == 0)
            return r->headers.items[i].value;
    }
    return NULL;
}

/* What to check for a 401, by auth method. */
static char *
hint_401(const struct integration *ig)
{
    char *s = NULL;
    int rc = -1;
    switch (ig->auth) {
    case AUTH_NONE:
        rc = asprintf(&s, "The integration sends no credentials but the "
                          "server wants some: choose an authentication "
                          "method.");
        break;
    case AUTH_API_KEY:
        if (ig->api_key.placement == KEY_IN_QUERY)
            rc = asprintf(&s,
                          "Check the API key and the query parameter name "
                          "(%s).",
                          ig->api_key.header);
        else
            rc = asprintf(&s,
                          "Check the API key, the header name (%s) and the "
                          "prefix (%s).",
                          ig->api_key.header,
                          ig->api_key.prefix ? ig->api_key.prefix : "none");
        break;
    case AUTH_BASIC:
    case AUTH_DIGEST:
        rc = asprintf(&s, "Check the username (%s) and the password.",
                      ig->basic.username ? ig->basic.username : "");
        break;
    case AUTH_OAUTH2:
        rc = asprintf(&s, "The access token was refused: it may have "
                          "expired or been revoked. Authorize again.");
        break;
    }
    return rc < 0 ? NULL : s;
}

/* nginx's answer (400) to a connection with no client certificate, or
 * one its CA list does not accept (ssl_verify_client on). */
static bool
client_cert_refused(const struct http_response *resp)
{
    return resp->body != NULL &&
           (strstr(resp->body, "No required SSL certificate was sent") ||
            strstr(resp->body, "The SSL certificate error"));
}

/* Fill summary and diagnosis from the status of a response that arrived. */
static int
judge_status(const struct integration *ig, const struct http_response *resp,
             struct conntest_result *out)
{
    long st = resp->status;
    const char *rp = out->reason_phrase ? out->reason_phrase : "";
    char *hint = NULL;
    int rc;
    if (st == 401) {
        hint = hint_401(ig);
        rc = asprintf(&out->summary, "%ld %s: credentials rejected", st, rp);
        if (rc >= 0)
            rc = asprintf(&out->diagnosis,
                          "The server rejected the credentials (401). %s%s%s",
                          hint ? hint : "",
                          out->www_authenticate ? " The server asks for: " : "",
                          out->www_authenticate ? out->www_authenticate : "");
    } else if (st == 403) {
        rc = asprintf(&out->summary, "%ld %s: authenticated but not allowed",
                      st, rp);
        if (rc >= 0)
            rc = asprintf(&out->diagnosis,
                          "The server accepted the credentials but does not "
                          "allow this request (403): they lack a permission "
                          "or scope for %s. Check the account's or key's "
                          "permissions, or test a path it may read.",
                          out->url);
    } else if (st == 404) {
        rc = asprintf(&out->summary, "%ld %s: check the path and base URL", st,
                      rp);
        if (rc >= 0)
            rc = asprintf(&out->diagnosis,
                          "Nothing was found at %s (404). Check the test "
                          "path and the base URL (%s).",
                          out->url, ig->base_url);
    } else if (st >= 300 && st < 400) {
        const char *to = out->location ? out->location : "(no Location)";
        rc = asprintf(&out->summary, "%ld %s: redirected to %s", st, rp, to);
        if (rc >= 0)
            rc = asprintf(
                &out->diagnosis,
                "The server redirected to %s (%ld). The test does not "
                "follow redirects, so no credentials were sent there%s. If "
                "that is the right address, change the base URL or the test "
                "path to it.",
                to, st,
                out->location_other_host ? " (it is another host)" : "");
    } else if (st >= 500) {
        rc = asprintf(&out->summary, "%ld %s: the server failed", st, rp);
        if (rc >= 0)
            rc = asprintf(&out->diagnosis,
                          "The server failed (%ld %s): the problem is on its "
                          "side, not in this configuration. Try again later "
                          "or ask the API's operator.",
                          st, rp);
    } else if (st == 429) {
        const char *ra = find_header(resp, "Retry-After");
        rc = asprintf(&out->summary, "%ld %s: rate limited", st, rp);
        if (rc >= 0)
            rc = asprintf(&out->diagnosis,
                          "The server is limiting the rate of requests "
                          "(429): wait%s%s%s and test again.",
                          ra ? " " : "", ra ? ra : "", ra ? " s" : "");
    } else if (st == 400 && client_cert_refused(resp)) {
        char fix[256];
        remedy_say(fix, sizeof fix, ig->name,
                   "tether edit NAME --client-cert FILE --client-key FILE",
                   "set Client Certificate and Client Key in step 2");
        rc = asprintf(&out->summary, "%ld %s: TLS client certificate %s", st,
                      rp, ig->net.client_cert ? "refused" : "required");
        if (rc >= 0 && ig->net.client_cert == NULL)
            rc = asprintf(&out->diagnosis,
                          "The server requires a TLS client certificate "
                          "and this integration sends none (400). Give it "
                          "the certificate and key the API issued: %s.",
                          fix);
        else if (rc >= 0)
            rc = asprintf(&out->diagnosis,
                          "The server did not accept the TLS client "
                          "certificate %s (400): check that it is signed by "
                          "a CA the server trusts and has not expired: %s.",
                          ig->net.client_cert, fix);
    } else if (st >= 200 && st < 300) {
        const char *want = conntest_statuses(ig);
        rc = asprintf(&out->summary, "%ld %s: the test needs %s", st, rp, want);
        if (rc >= 0)
            rc = asprintf(&out->diagnosis,
                          "The server answered %ld %s, but the test passes "
                          "only on %s: choose a test path that answers %s "
                          "with it, or accept %ld (--test-status).",
                          st, rp, want,
                          ig->test.method ? ig->test.method : "GET", st);
    } else {
        rc = asprintf(&out->summary, "%ld %s: request refused", st, rp);
        if (rc >= 0)
            rc = asprintf(&out->diagnosis,
                          "The server refused the request (%ld %s). Check "
                          "the test path (it must answer GET) and the "
                          "integration's settings.",
                          st, rp);
    }
    free(hint);
    return rc;
}

/* A short name for a transport failure, for the stored summary. */
static const char *
failure_words(enum http_failure f)
{
    switch (f) {
    case HTTP_FAIL_DNS:
        return "host name not found";
    case HTTP_FAIL_REFUSED:
        return "connection refused";
    case HTTP_FAIL_TIMEOUT:
        return "timed out";
    case HTTP_FAIL_TLS:
        return "TLS verification failed";
    case HTTP_FAIL_REDIRECTS:
        return "too many redirects";
    case HTTP_FAIL_TOO_LARGE:
        return "response too large";
    case HTTP_FAIL_CANCELLED:
        return "cancelled";
    case HTTP_FAIL_PROTOCOL:
        return "not TLS: use http:// or the https port";
    case HTTP_FAIL_CLIENT_CERT:
        return "TLS client certificate missing, refused or unusable";
    default:
        return "request failed";
    }
}

static bool
dup_opt(char **dst, const char *src)
{
    *dst = src ? strdup(src) : NULL;
    return src == NULL || *dst != NULL;
}

static int
body_too_large(struct conntest_result *out)
{
    int rc = asprintf(&out->summary, "the body is too large to check");
    if (rc >= 0)
        rc = asprintf(&out->diagnosis,
                      "The response body is larger than the 64 KiB the "
                      "test reads, so its body check cannot be made: test "
                      "a path with a shorter answer.");
    return rc;
}

tstatus
conntest_judge(const struct integration *ig, const struct http_response *resp,
               struct conntest_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->at = clock_now();
    out->sent = true;
    out->status = resp->status;
    out->failure = resp->failure;
    out->time_ms = (long)(resp->timings.total_ms + 0.5);
    out->insecure = ig->net.insecure;
    bool ok = dup_opt(&out->url, resp->url) &&
              dup_opt(&out->reason_phrase, resp->reason) &&
              ratelimit_headers(&resp->headers, &out->ratelimit);
    if (ok && resp->location != NULL) {
        char a[300], b[300];
        ok = dup_opt(&out->location, resp->location);
        out->location_other_host =
            !http_url_origin(resp->location, a, sizeof a) ||
            !http_url_origin(ig->base_url, b, sizeof b) || strcmp(a, b) != 0;
    }
    if (ok && resp->status == 401)
        ok = dup_opt(&out->www_authenticate,
                     find_header(resp, "WWW-Authenticate"));
    if (ok && resp->failure != HTTP_OK) {
        ok =
            asprintf(&out->summary, "%s", failure_words(resp->failure)) >= 0 &&
            dup_opt(&out->diagnosis, resp->failure_msg ? resp->failure_msg
                                                       : "The request failed.");
    } else if (ok) {
        out->pass = testspec_status_accepted(ig->test.statuses, resp->status);
        if (!out->pass)
            ok = judge_status(ig, resp, out) >= 0;
        else if (resp->truncated &&
                 (ig->test.expect_pointer || ig->test.expect_text))
            ok = body_too_large(out) >= 0;
        else if (testspec_check_body(&ig->test, resp->body, resp->body_len,
                                     &out->summary, &out->diagnosis,
                                     e) != TS_OK)
            return e ? e->status : TS_NOMEM;
        if (out->summary != NULL)
            out->pass = false;
    }
    if (!ok) {
        conntest_result_free(out);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    return TS_OK;
}

tstatus
conntest_not_sent(const struct integration *ig, const struct err *why,
                  struct conntest_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    out->at = clock_now();
    out->failure = HTTP_FAIL_OTHER;
    out->insecure = ig->net.insecure;
    const char *msg = why->msg[0] ? why->msg : "the test could not be sent";
    /* The summary is one line: the message's first; the diagnosis has
     * all of it. */
    int first = (int)strcspn(msg, "\n");
    if (asprintf(&out->summary, "not sent: %.*s", first, msg) < 0 ||
        asprintf(&out->diagnosis, "The test was not sent: %s.", msg) < 0) {
        conntest_result_free(out);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    return TS_OK;
}

tstatus
conntest_record(struct store *st, const struct integration *ig,
                const struct conntest_result *r, struct err *e)
{
    struct test_result tr = {
        .at = r->at,
        .status = r->status,
        .pass = r->pass,
        .time_ms = r->time_ms,
        .reason = r->summary,
    };
    return store_save_test_result(st, ig->id, &tr, e);
}

tstatus
conntest_run(struct store *st, struct integration *ig, const char *path,
             atomic_bool *cancel, struct conntest_result *out, struct err *e)
{
    struct http_request req;
    struct http_response resp;
    struct err why = {0};
    memset(out, 0, sizeof *out);
    conntest_request(ig, path, cancel, &req);
    tstatus sent = exchange_send(st, ig, &req, &resp, &why);
    tstatus s;
    bool went_out = resp.url != NULL;
    if (went_out) {
        /* It went out; a history failure (sent != TS_OK) is reported
         * after the result is stored. */
        s = conntest_judge(ig, &resp, out, e);
        http_response_free(&resp);
    } else if (sent == TS_NOMEM) {
        *e = why;
        return sent;
    } else {
        s = conntest_not_sent(ig, &why, out, e);
    }
    if (s == TS_OK && st != NULL && ig->id != 0)
        s = conntest_record(st, ig, out, e);
    if (s == TS_OK && sent != TS_OK && went_out) {
        if (e != NULL)
            *e = why;
        return sent;
    }
    return s;
}
