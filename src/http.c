/* http.c — requests through an integration over curl multi: queueing,
 * redirects (followed here, so credentials never leave their host),
 * failures in words. Every curl_easy_setopt call of tether is in this file.
 */
#define _GNU_SOURCE /* asprintf */
#include "http_int.h"
#include "remedy.h"

#include <ctype.h>
#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define HTTP_USER_AGENT "tether/0.1"
#define HTTP_REDACTED "[redacted]"

struct http_pool {
    CURLM *multi;
    int max_parallel;
    int running;
    struct http_xfer *queue, *queue_tail; /* not started yet */
    struct http_xfer *active;             /* in the multi handle */
    struct http_xfer *done, *done_tail;   /* waiting for http_pool_take */
};

static int64_t
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
wipe_free(char *s, size_t len)
{
    if (s != NULL) {
        sodium_memzero(s, len);
        free(s);
    }
}

static void
slist_wipe_free(struct curl_slist *l)
{
    for (struct curl_slist *i = l; i != NULL; i = i->next)
        sodium_memzero(i->data, strlen(i->data));
    curl_slist_free_all(l);
}

void
http_response_free(struct http_response *r)
{
    if (r == NULL)
        return;
    free(r->failure_msg);
    free(r->reason);
    free(r->status_line);
    kv_list_free(&r->headers);
    free(r->body);
    free(r->content_type);
    free(r->method);
    free(r->url);
    free(r->effective_url);
    free(r->location);
    free(r->request_headers);
    memset(r, 0, sizeof *r);
}

const char *
http_failure_name(enum http_failure f)
{
    static const char *const names[] = {
        [HTTP_OK] = "ok",
        [HTTP_FAIL_DNS] = "dns",
        [HTTP_FAIL_REFUSED] = "refused",
        [HTTP_FAIL_TIMEOUT] = "timeout",
        [HTTP_FAIL_TLS] = "tls",
        [HTTP_FAIL_REDIRECTS] = "redirects",
        [HTTP_FAIL_TOO_LARGE] = "too_large",
        [HTTP_FAIL_CANCELLED] = "cancelled",
        [HTTP_FAIL_OTHER] = "other",
        [HTTP_FAIL_PROTOCOL] = "protocol",
        [HTTP_FAIL_CLIENT_CERT] = "client_cert",
    };
    if ((size_t)f < sizeof names / sizeof names[0] && names[f] != NULL)
        return names[f];
    return "other";
}

/* ---- one transfer ------------------------------------------------------ */

static void
xfer_free(struct http_xfer *x)
{
    if (x == NULL)
        return;
    if (x->easy != NULL)
        curl_easy_cleanup(x->easy);
    integration_free(x->ig);
    free(x->method);
    free(x->url);
    kv_list_free(&x->headers);
    wipe_free(x->body, x->body_len);
    http_parts_free(x->parts, x->nparts);
    curl_mime_free(x->mime);
    if (x->hop_url != NULL)
        wipe_free(x->hop_url, strlen(x->hop_url));
    slist_wipe_free(x->slist);
    http_buf_free(&x->body_buf);
    http_buf_free(&x->reqhdr);
    http_response_free(&x->resp);
    free(x);
}

static bool
key_in_query(const struct http_xfer *x)
{
    return !x->no_auth && x->ig->auth == AUTH_API_KEY &&
           x->ig->api_key.placement == KEY_IN_QUERY;
}

/* *u with name=value appended, or with name=[redacted] when `shown`;
 * *u is replaced (NULL when out of memory). */
static void
add_secret_query(char **u, const char *name, const char *value, bool shown)
{
    if (*u == NULL)
        return;
    char *next = http_url_add_query(*u, name, shown ? "" : value);
    char *s = next;
    if (next != NULL && shown && asprintf(&s, "%s%s", next, HTTP_REDACTED) < 0)
        s = NULL;
    if (s != next)
        free(next);
    wipe_free(*u, strlen(*u));
    *u = s;
}

/* The URL of this hop with its secret query parameters (the api key in
 * the query, secret extras): their values when sent, "[redacted]" when
 * `shown` to people. NULL when out of memory. */
static char *
hop_url_with_secrets(const struct http_xfer *x, bool shown)
{
    char *u = strdup(x->url);
    if (!x->auth_this_hop)
        return u;
    for (size_t i = 0; i < x->ig->extras.n; i++) {
        const struct extra *e = &x->ig->extras.items[i];
        if (e->kind == EXTRA_QUERY && e->is_secret)
            add_secret_query(&u, e->name,
                             e->secret.value ? e->secret.value : "", shown);
    }
    if (key_in_query(x))
        add_secret_query(&u, x->ig->api_key.header, x->ig->api_key.key.value,
                         shown);
    return u;
}

/* The URL of this hop as people may see it: the secret query redacted. */
static char *
display_url(const struct http_xfer *x)
{
    return hop_url_with_secrets(x, true);
}

static long
pick_timeout(long req, long ig, long dflt)
{
    return req > 0 ? req : ig > 0 ? ig : dflt;
}

static struct http_xfer *
xfer_new(const struct integration *ig, const struct http_request *req,
         void *tag, struct err *e)
{
    if (!req->no_auth && http_auth_check(ig, e) != TS_OK)
        return NULL;
    if (http_parts_check(req->parts, req->nparts, e) != TS_OK)
        return NULL;
    char *url = NULL;
    if (http_build_url(ig, req, &url, e) != TS_OK)
        return NULL;
    struct http_xfer *x = calloc(1, sizeof *x);
    if (x == NULL) {
        free(url);
        err_set(e, TS_NOMEM, NULL, "out of memory");
        return NULL;
    }
    x->url = url;
    x->tag = tag;
    x->ig = integration_dup(ig);
    x->method = strdup(req->method && req->method[0] ? req->method : "GET");
    bool ok = x->ig != NULL && x->method != NULL &&
              (req->headers == NULL || kv_list_copy(&x->headers, req->headers));
    if (ok && req->body != NULL) {
        x->body = malloc(req->body_len + 1);
        if ((ok = x->body != NULL)) {
            memcpy(x->body, req->body, req->body_len);
            x->body[req->body_len] = '\0';
            x->body_len = req->body_len;
        }
    }
    if (ok && req->nparts > 0 && req->body == NULL) {
        ok = http_parts_copy(&x->parts, req->parts, req->nparts);
        x->nparts = ok ? req->nparts : 0;
    }
    if (!ok) {
        xfer_free(x);
        err_set(e, TS_NOMEM, NULL, "out of memory");
        return NULL;
    }
    for (char *c = x->method; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    if (!http_url_origin(url, x->origin, sizeof x->origin)) {
        err_set(e, TS_INVALID, "base_url", "cannot parse the URL %s", url);
        xfer_free(x);
        return NULL;
    }
    x->connect_timeout_ms =
        pick_timeout(req->connect_timeout_ms, ig->net.connect_timeout_ms,
                     MODEL_DEFAULT_CONNECT_TIMEOUT_MS);
    x->timeout_ms = pick_timeout(req->timeout_ms, ig->net.timeout_ms,
                                 MODEL_DEFAULT_TIMEOUT_MS);
    x->max_body = req->max_body ? req->max_body : HTTP_MAX_BODY_DEFAULT;
    x->max_body_hard = req->max_body_hard;
    x->no_redirects = req->no_redirects ||
                      (!ig->net.follow_redirects && !req->follow_redirects);
    x->via_proxy = ig->net.proxy != NULL && !ig->net.no_proxy;
    x->no_auth = req->no_auth;
    x->sink = req->sink;
    x->cancel = req->cancel;
    x->auth_this_hop = !req->no_auth;
    x->resp.method = strdup(x->method);
    x->resp.url = display_url(x);
    if (x->resp.method == NULL || x->resp.url == NULL) {
        xfer_free(x);
        err_set(e, TS_NOMEM, NULL, "out of memory");
        return NULL;
    }
    return x;
}

/* Append "Name: value" to *l ("Name;" is curl's way of sending a header
 * with an empty value); the line is wiped. False when out of memory. */
static bool
slist_add_header(struct curl_slist **l, const char *name, const char *value)
{
    char *line;
    if (asprintf(&line, value[0] ? "%s: %s" : "%s;", name, value) < 0)
        return false;
    struct curl_slist *n = curl_slist_append(*l, line);
    wipe_free(line, strlen(line));
    if (n == NULL)
        return false;
    *l = n;
    return true;
}

static bool
caller_has_header(const struct http_xfer *x, const char *name)
{
    for (size_t i = 0; i < x->headers.n; i++) {
        if (strcasecmp(x->headers.items[i].key, name) == 0)
            return true;
    }
    return false;
}

/* The request headers of this hop: the caller's, the integration's extra
 * headers, then the auth header unless the caller gave one of the same
 * name. */
static bool
hop_headers(struct http_xfer *x)
{
    struct curl_slist *l = NULL;
    const char *auth_name =
        x->auth_this_hop ? http_auth_header_name(x->ig) : NULL;
    bool caller_has_auth = false;
    for (size_t i = 0; i < x->headers.n; i++) {
        const struct kv *h = &x->headers.items[i];
        if (!slist_add_header(&l, h->key, h->value))
            goto fail;
        if (auth_name && strcasecmp(h->key, auth_name) == 0)
            caller_has_auth = true;
    }
    /* The integration's extra headers, unless the request or the auth
     * method sends one of the same name; secret ones only where the
     * credentials go. */
    for (size_t i = 0; !x->no_auth && i < x->ig->extras.n; i++) {
        const struct extra *h = &x->ig->extras.items[i];
        if (h->kind != EXTRA_HEADER || (h->is_secret && !x->auth_this_hop) ||
            caller_has_header(x, h->name) ||
            (auth_name && strcasecmp(h->name, auth_name) == 0))
            continue;
        const char *v =
            h->is_secret ? h->secret.value : extra_plain_value(x->ig, h);
        if (!slist_add_header(&l, h->name, v ? v : ""))
            goto fail;
    }
    if (auth_name && !caller_has_auth) {
        char *line = http_auth_header_line(x->ig, NULL);
        struct curl_slist *n = line ? curl_slist_append(l, line) : NULL;
        if (line != NULL)
            wipe_free(line, strlen(line));
        if (n == NULL)
            goto fail;
        l = n;
    }
    struct curl_slist *n = curl_slist_append(l, "Expect:");
    if (n == NULL)
        goto fail;
    x->slist = n;
    return true;
fail:
    slist_wipe_free(l);
    return false;
}

/* This hop's multipart body, built again for every hop (a file is read
 * afresh). False when out of memory. */
static bool
hop_mime(struct http_xfer *x)
{
    curl_mime_free(x->mime);
    if ((x->mime = curl_mime_init(x->easy)) == NULL)
        return false;
    for (size_t i = 0; i < x->nparts; i++) {
        const struct http_part *p = &x->parts[i];
        curl_mimepart *part = curl_mime_addpart(x->mime);
        if (part == NULL || curl_mime_name(part, p->name) != CURLE_OK)
            return false;
        CURLcode rc =
            p->file != NULL
                ? curl_mime_filedata(part, p->file)
                : curl_mime_data(part, p->data ? p->data : "", p->data_len);
        if (rc == CURLE_OK && p->filename != NULL)
            rc = curl_mime_filename(part, p->filename);
        if (rc == CURLE_OK && p->type != NULL)
            rc = curl_mime_type(part, p->type);
        if (rc != CURLE_OK)
            return false;
    }
    return true;
}

static bool
hop_method(struct http_xfer *x)
{
    CURL *c = x->easy;
    bool get = strcmp(x->method, "GET") == 0;
    if (x->nparts > 0) {
        if (!hop_mime(x))
            return false;
        curl_easy_setopt(c, CURLOPT_MIMEPOST, x->mime);
        if (strcmp(x->method, "POST") != 0)
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, x->method);
    } else if (x->body != NULL) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                         (curl_off_t)x->body_len);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, x->body);
        if (strcmp(x->method, "POST") != 0)
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, x->method);
    } else if (get) {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    } else if (strcmp(x->method, "HEAD") == 0) {
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    } else {
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, x->method);
    }
    return true;
}

/* The integration's proxy: its URL and credentials, or none at all. */
static void
hop_proxy(struct http_xfer *x)
{
    CURL *c = x->easy;
    const struct integration *ig = x->ig;
    if (ig->net.no_proxy) {
        curl_easy_setopt(c, CURLOPT_PROXY, "");
        return;
    }
    if (ig->net.proxy == NULL)
        return;
    curl_easy_setopt(c, CURLOPT_PROXY, ig->net.proxy);
    if (ig->net.proxy_user != NULL) {
        curl_easy_setopt(c, CURLOPT_PROXYUSERNAME, ig->net.proxy_user);
        curl_easy_setopt(
            c, CURLOPT_PROXYPASSWORD,
            ig->net.proxy_password.value ? ig->net.proxy_password.value : "");
    }
}

/* The integration's TLS client certificate, on every hop: it proves who
 * the client is and gives nothing away (the key stays here). */
static void
hop_client_cert(struct http_xfer *x)
{
    CURL *c = x->easy;
    const struct integration *ig = x->ig;
    if (ig->net.client_cert == NULL)
        return;
    curl_easy_setopt(c, CURLOPT_SSLCERT, ig->net.client_cert);
    curl_easy_setopt(c, CURLOPT_SSLCERTTYPE, "PEM");
    if (ig->net.client_key != NULL) {
        curl_easy_setopt(c, CURLOPT_SSLKEY, ig->net.client_key);
        curl_easy_setopt(c, CURLOPT_SSLKEYTYPE, "PEM");
    }
    if (ig->net.client_key_pass.value != NULL)
        curl_easy_setopt(c, CURLOPT_KEYPASSWD, ig->net.client_key_pass.value);
}

/* Configure the easy handle for the current hop (x->url, x->method,
 * x->auth_this_hop). False when out of memory. */
static bool
hop_setup(struct http_xfer *x)
{
    CURL *c = x->easy;
    curl_easy_reset(c);
    slist_wipe_free(x->slist);
    x->slist = NULL;
    if (x->hop_url != NULL)
        wipe_free(x->hop_url, strlen(x->hop_url));
    x->hop_url = hop_url_with_secrets(x, false);
    if (x->hop_url == NULL || !hop_headers(x))
        return false;
    x->errbuf[0] = '\0';

    long left = x->timeout_ms - (long)(now_ms() - x->started_ms);
    curl_easy_setopt(c, CURLOPT_URL, x->hop_url);
    curl_easy_setopt(c, CURLOPT_PRIVATE, x);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, HTTP_USER_AGENT);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, x->connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, left > 1 ? left : 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, x->slist);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_cb_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, http_cb_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, http_cb_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, x);
    curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, http_cb_debug);
    curl_easy_setopt(c, CURLOPT_DEBUGDATA, x);
    curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
    if (x->ig->net.insecure) {
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (x->ig->net.ca_bundle != NULL)
        curl_easy_setopt(c, CURLOPT_CAINFO, x->ig->net.ca_bundle);
    if (x->auth_this_hop && auth_method_has_password(x->ig->auth)) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH,
                         x->ig->auth == AUTH_DIGEST ? (long)CURLAUTH_DIGEST
                                                    : (long)CURLAUTH_BASIC);
        curl_easy_setopt(c, CURLOPT_USERNAME, x->ig->basic.username);
        curl_easy_setopt(c, CURLOPT_PASSWORD, x->ig->basic.password.value);
    }
    hop_client_cert(x);
    hop_proxy(x);
    return hop_method(x);
}

/* ---- finishing --------------------------------------------------------- */

static void set_failure(struct http_xfer *x, enum http_failure f,
                        const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
set_failure(struct http_xfer *x, enum http_failure f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    free(x->resp.failure_msg);
    if (vasprintf(&x->resp.failure_msg, fmt, ap) < 0)
        x->resp.failure_msg = NULL;
    va_end(ap);
    x->resp.failure = f;
}

/* True when a TLS handshake error says the server answered something that
 * is not TLS, as a plain HTTP server does ("wrong version number" from
 * OpenSSL, "packet length too long" and "record layer failure" from
 * others). */
static bool
http_plain_answer(const char *why)
{
    static const char *const words[] = {"wrong version number",
                                        "packet length too long",
                                        "record layer failure"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strstr(why, words[i]) != NULL)
            return true;
    return false;
}

/* "host" and "port" of the current hop, for messages. */
static void
hop_host(const struct http_xfer *x, char *host, size_t hlen, char *port,
         size_t plen)
{
    CURLU *u = curl_url();
    char *h = NULL, *p = NULL;
    if (u && curl_url_set(u, CURLUPART_URL, x->url, 0) == CURLUE_OK) {
        curl_url_get(u, CURLUPART_HOST, &h, 0);
        curl_url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT);
    }
    snprintf(host, hlen, "%s", h ? h : "?");
    snprintf(port, plen, "%s", p ? p : "?");
    curl_free(h);
    curl_free(p);
    curl_url_cleanup(u);
}

/* The server's TLS alert (OpenSSL's wording) when it wants a client
 * certificate it did not get or cannot accept: 2 when the alert says so,
 * 1 for a bare handshake failure (what a TLS 1.2 server answers then, but
 * also to a cipher it does not share), 0 for anything else. */
static int
client_cert_alert(const char *why)
{
    static const char *const alerts[] = {
        "certificate required",
        "alert bad certificate",
        "alert unknown ca",
        "alert certificate unknown",
    };
    for (size_t i = 0; i < sizeof alerts / sizeof *alerts; i++)
        if (strstr(why, alerts[i]) != NULL)
            return 2;
    return strstr(why, "alert handshake failure") != NULL;
}

/* A failure of the TLS client certificate: it could not be loaded (file,
 * key, passphrase), or the server asked for one and got none or refused
 * it. Says so, naming the certificate and how to set it; false when the
 * failure is something else. */
static bool
client_cert_failure(struct http_xfer *x, CURLcode rc, const char *host,
                    const char *why)
{
    const struct integration *ig = x->ig;
    const char *cert = ig->net.client_cert;
    char fix[256];
    remedy_say(fix, sizeof fix, ig->name,
               "tether edit NAME --client-cert FILE --client-key FILE "
               "[--client-key-pass-stdin]",
               "set Client Certificate, Client Key and Key Passphrase in "
               "step 2");
    if (cert != NULL && (rc == CURLE_SSL_CERTPROBLEM ||
                         (rc == CURLE_SSL_CONNECT_ERROR &&
                          (strstr(why, "private key") != NULL ||
                           strstr(why, "client cert") != NULL)))) {
        set_failure(x, HTTP_FAIL_CLIENT_CERT,
                    "The TLS client certificate %s or its key %s could not "
                    "be used (%s): check that both are PEM files that belong "
                    "together, and the key's passphrase%s; %s.",
                    cert, ig->net.client_key ? ig->net.client_key : cert, why,
                    secret_is_set(&ig->net.client_key_pass) ? ""
                                                            : " (none is set)",
                    fix);
        return true;
    }
    bool tls_error = rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_RECV_ERROR ||
                     rc == CURLE_SEND_ERROR;
    int alert = tls_error ? client_cert_alert(why) : 0;
    if (alert == 0 || (alert == 1 && cert != NULL))
        return false;
    if (cert == NULL && alert == 1)
        set_failure(x, HTTP_FAIL_CLIENT_CERT,
                    "%s refused the TLS handshake (%s): it may ask for a TLS "
                    "client certificate, and this integration has none: %s.",
                    host, why, fix);
    else if (cert == NULL)
        set_failure(x, HTTP_FAIL_CLIENT_CERT,
                    "%s asks for a TLS client certificate and this "
                    "integration has none (%s): %s.",
                    host, why, fix);
    else
        set_failure(x, HTTP_FAIL_CLIENT_CERT,
                    "%s did not accept the TLS client certificate %s (%s): "
                    "check that it is signed by a CA the server trusts and "
                    "has not expired; %s.",
                    host, cert, why, fix);
    return true;
}

static void
map_failure(struct http_xfer *x, CURLcode rc)
{
    char host[256], port[16];
    hop_host(x, host, sizeof host, port, sizeof port);
    const char *why = x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc);
    long os_errno = 0;
    curl_off_t connected = 0;
    curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &os_errno);
    curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &connected);

    if (x->cancelled || rc == CURLE_ABORTED_BY_CALLBACK) {
        set_failure(x, HTTP_FAIL_CANCELLED, "The request was cancelled.");
    } else if (x->too_large) {
        set_failure(x, HTTP_FAIL_TOO_LARGE,
                    "The response body is larger than %zu bytes, the limit "
                    "for this request: reading stopped. Raise the limit or "
                    "ask for less.",
                    x->max_body);
    } else if (x->nomem) {
        set_failure(x, HTTP_FAIL_OTHER, "Out of memory reading the response.");
    } else if (x->sink_failed) {
        set_failure(x, HTTP_FAIL_OTHER,
                    "Could not write the response body: %s.", strerror(errno));
    } else if (rc == CURLE_COULDNT_RESOLVE_HOST) {
        set_failure(x, HTTP_FAIL_DNS,
                    "Could not resolve the host name %s: check the "
                    "hostname for typos, and the DNS or proxy settings of "
                    "this machine.",
                    host);
    } else if (x->via_proxy &&
               (rc == CURLE_COULDNT_RESOLVE_PROXY ||
                rc == CURLE_COULDNT_CONNECT || rc == CURLE_PROXY)) {
        set_failure(x,
                    rc == CURLE_COULDNT_RESOLVE_PROXY ? HTTP_FAIL_DNS
                                                      : HTTP_FAIL_REFUSED,
                    "Could not reach the integration's proxy %s (%s): check "
                    "that it runs there, or change it with tether edit "
                    "--proxy URL (or --no-proxy).",
                    x->ig->net.proxy, why);
    } else if (rc == CURLE_COULDNT_RESOLVE_PROXY) {
        set_failure(x, HTTP_FAIL_DNS,
                    "Could not resolve the proxy's host name (%s): check "
                    "the http_proxy/https_proxy environment variables.",
                    why);
    } else if (rc == CURLE_COULDNT_CONNECT && os_errno == ECONNREFUSED) {
        set_failure(x, HTTP_FAIL_REFUSED,
                    "Connection to %s port %s was refused: nothing listens "
                    "there. Check the host and port in the base URL, and "
                    "that the service is running.",
                    host, port);
    } else if (rc == CURLE_COULDNT_CONNECT) {
        set_failure(x, HTTP_FAIL_REFUSED,
                    "Could not connect to %s port %s (%s): check the "
                    "address, the network and any firewall in between.",
                    host, port, os_errno ? strerror((int)os_errno) : why);
    } else if (rc == CURLE_OPERATION_TIMEDOUT && connected == 0) {
        set_failure(x, HTTP_FAIL_TIMEOUT,
                    "No connection to %s port %s within %.3g s: the host "
                    "may be down or a firewall drops the traffic. Check the "
                    "address, or raise the connect timeout.",
                    host, port, (double)x->connect_timeout_ms / 1000);
    } else if (rc == CURLE_OPERATION_TIMEDOUT) {
        set_failure(x, HTTP_FAIL_TIMEOUT,
                    "No complete response from %s within %.3g s: the "
                    "server is slow or stalled. Try again, raise the "
                    "timeout, or use a lighter path.",
                    host, (double)x->timeout_ms / 1000);
    } else if (rc == CURLE_SSL_CONNECT_ERROR && http_plain_answer(why)) {
        set_failure(x, HTTP_FAIL_PROTOCOL,
                    "%s port %s does not speak TLS (it answered like plain "
                    "HTTP: %s): use http:// in the base URL, or the port "
                    "that serves https (usually 443).",
                    host, port, why);
    } else if (client_cert_failure(x, rc, host, why)) {
        /* said */
    } else if (rc == CURLE_PEER_FAILED_VERIFICATION ||
               rc == CURLE_SSL_CACERT_BADFILE ||
               rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_SSL_CERTPROBLEM ||
               rc == CURLE_SSL_ISSUER_ERROR || rc == CURLE_SSL_CRL_BADFILE ||
               rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH) {
        set_failure(x, HTTP_FAIL_TLS,
                    "TLS verification failed for %s: %s. If the server "
                    "uses a private certificate authority, give its "
                    "certificate as the integration's CA bundle; turn "
                    "verification off only on a network you trust.",
                    host, why);
    } else {
        set_failure(x, HTTP_FAIL_OTHER, "The request to %s failed: %s.", host,
                    why);
    }
}

static double
info_ms(CURL *c, CURLINFO what)
{
    curl_off_t us = 0;
    if (curl_easy_getinfo(c, what, &us) != CURLE_OK)
        return 0;
    return (double)us / 1000.0;
}

/* Add this hop's timings (curl's, since the hop began) on top of the
 * earlier hops. */
static void
hop_timings(struct http_xfer *x)
{
    struct http_timings *t = &x->resp.timings;
    double base = x->prev_hops_ms;
    double v[5] = {
        info_ms(x->easy, CURLINFO_NAMELOOKUP_TIME_T),
        info_ms(x->easy, CURLINFO_CONNECT_TIME_T),
        info_ms(x->easy, CURLINFO_APPCONNECT_TIME_T),
        info_ms(x->easy, CURLINFO_STARTTRANSFER_TIME_T),
        info_ms(x->easy, CURLINFO_TOTAL_TIME_T),
    };
    t->dns_ms = v[0] > 0 ? base + v[0] : 0;
    t->connect_ms = v[1] > 0 ? base + v[1] : 0;
    t->tls_ms = v[2] > 0 ? base + v[2] : 0;
    t->first_byte_ms = v[3] > 0 ? base + v[3] : 0;
    t->total_ms = base + v[4];
    x->prev_hops_ms = t->total_ms;
}

static void
pool_unlink_active(struct http_pool *p, struct http_xfer *x)
{
    for (struct http_xfer **pp = &p->active; *pp; pp = &(*pp)->next) {
        if (*pp == x) {
            *pp = x->next;
            x->next = NULL;
            p->running--;
            curl_multi_remove_handle(p->multi, x->easy);
            return;
        }
    }
}

static void
pool_push_done(struct http_pool *p, struct http_xfer *x)
{
    x->next = NULL;
    if (p->done_tail)
        p->done_tail->next = x;
    else
        p->done = x;
    p->done_tail = x;
}

/* Move the response parts out of the transfer's buffers; the transfer is
 * finished (it must no longer be in the multi handle). */
static void
xfer_finish(struct http_pool *p, struct http_xfer *x)
{
    struct http_response *r = &x->resp;
    r->body = x->body_buf.data ? x->body_buf.data : strdup("");
    r->body_len = x->body_buf.len;
    x->body_buf = (struct http_buf){0};
    r->request_headers = x->reqhdr.data;
    x->reqhdr = (struct http_buf){0};
    free(r->effective_url);
    r->effective_url = display_url(x);
    if (r->failure != HTTP_OK) {
        r->status = 0;
        free(r->reason);
        r->reason = NULL;
        free(r->status_line);
        r->status_line = NULL;
        kv_list_free(&r->headers);
    }
    if (r->failure != HTTP_OK && r->failure_msg == NULL)
        r->failure_msg = strdup("The request failed.");
    if (x->easy != NULL) {
        curl_easy_cleanup(x->easy);
        x->easy = NULL;
    }
    pool_push_done(p, x);
}

/* The next hop of a redirect to `target`; false when it cannot be set up
 * (the transfer is then marked failed). */
static bool
xfer_redirect(struct http_xfer *x, long status, const char *target)
{
    char *next = key_in_query(x)
                     ? http_url_drop_query(target, x->ig->api_key.header)
                     : strdup(target);
    /* A server may echo the secret query parameters back in Location. */
    for (size_t i = 0; next != NULL && i < x->ig->extras.n; i++) {
        const struct extra *q = &x->ig->extras.items[i];
        if (q->kind != EXTRA_QUERY || !q->is_secret)
            continue;
        char *dropped = http_url_drop_query(next, q->name);
        free(next);
        next = dropped;
    }
    char origin[sizeof x->origin];
    if (next == NULL || !http_url_origin(next, origin, sizeof origin)) {
        set_failure(x, HTTP_FAIL_OTHER,
                    "The server redirected to an address tether cannot "
                    "use: %s.",
                    target);
        free(next);
        return false;
    }
    free(x->url);
    x->url = next;
    x->resp.redirects++;
    x->auth_this_hop = !x->no_auth && strcmp(origin, x->origin) == 0;
    if (!x->auth_this_hop && !x->no_auth && x->ig->auth != AUTH_NONE)
        x->resp.credentials_dropped = true;
    if (status == 303 ||
        ((status == 301 || status == 302) && strcmp(x->method, "POST") == 0)) {
        if (strcmp(x->method, "HEAD") != 0) {
            free(x->method);
            x->method = strdup("GET");
            wipe_free(x->body, x->body_len);
            x->body = NULL;
            x->body_len = 0;
            http_parts_free(x->parts, x->nparts);
            x->parts = NULL;
            x->nparts = 0;
        }
    }
    if (x->method == NULL) {
        x->nomem = true;
        set_failure(x, HTTP_FAIL_OTHER, "Out of memory.");
        return false;
    }
    http_buf_free(&x->body_buf);
    x->resp.size = 0;
    x->resp.truncated = false;
    x->hop_began = false;
    if (!hop_setup(x)) {
        set_failure(x, HTTP_FAIL_OTHER, "Out of memory.");
        return false;
    }
    return true;
}

/* One hop ended with `rc`: follow a redirect (returns true: still
 * running) or finish. */
static bool
xfer_hop_done(struct http_pool *p, struct http_xfer *x, CURLcode rc)
{
    struct http_response *r = &x->resp;
    hop_timings(x);
    if (rc != CURLE_OK) {
        map_failure(x, rc);
        pool_unlink_active(p, x);
        xfer_finish(p, x);
        return false;
    }
    char *ct = NULL, *target = NULL;
    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &r->status);
    curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ct);
    curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &target);
    free(r->content_type);
    r->content_type = ct ? strdup(ct) : NULL;
    pool_unlink_active(p, x);
    if (http_is_redirect(r->status) && target != NULL) {
        if (x->no_redirects) {
            r->location =
                key_in_query(x)
                    ? http_url_drop_query(target, x->ig->api_key.header)
                    : strdup(target);
        } else if (r->redirects >= HTTP_MAX_REDIRECTS) {
            set_failure(x, HTTP_FAIL_REDIRECTS,
                        "Stopped after %d redirects (the last to %s): the "
                        "server redirects in a loop. Check the base URL and "
                        "the path.",
                        HTTP_MAX_REDIRECTS, target);
        } else if (xfer_redirect(x, r->status, target)) {
            if (curl_multi_add_handle(p->multi, x->easy) == CURLM_OK) {
                x->next = p->active;
                p->active = x;
                p->running++;
                return true;
            }
            set_failure(x, HTTP_FAIL_OTHER, "Could not follow a redirect.");
        }
    }
    if (x->nomem && r->failure == HTTP_OK)
        set_failure(x, HTTP_FAIL_OTHER, "Out of memory reading the response.");
    xfer_finish(p, x);
    return false;
}

/* ---- the pool ---------------------------------------------------------- */

struct http_pool *
http_pool_new(void)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return NULL;
    struct http_pool *p = calloc(1, sizeof *p);
    if (p == NULL || (p->multi = curl_multi_init()) == NULL) {
        free(p);
        curl_global_cleanup();
        return NULL;
    }
    p->max_parallel = 16;
    return p;
}

void
http_pool_set_parallel(struct http_pool *p, int n)
{
    p->max_parallel = n > 0 ? n : 1;
}

tstatus
http_pool_add(struct http_pool *p, const struct integration *ig,
              const struct http_request *req, void *tag, struct err *e)
{
    struct http_xfer *x = xfer_new(ig, req, tag, e);
    if (x == NULL)
        return e ? e->status : TS_INVALID;
    x->pool = p;
    if (p->queue_tail)
        p->queue_tail->next = x;
    else
        p->queue = x;
    p->queue_tail = x;
    return TS_OK;
}

static bool
xfer_wants_cancel(const struct http_xfer *x)
{
    return x->cancelled || (x->cancel != NULL && atomic_load(x->cancel));
}

static void
xfer_cancel(struct http_pool *p, struct http_xfer *x, bool active)
{
    x->cancelled = true;
    if (active)
        pool_unlink_active(p, x);
    set_failure(x, HTTP_FAIL_CANCELLED, "The request was cancelled.");
    xfer_finish(p, x);
}

static void
pool_start_queued(struct http_pool *p)
{
    while (p->queue != NULL && p->running < p->max_parallel) {
        struct http_xfer *x = p->queue;
        p->queue = x->next;
        if (p->queue == NULL)
            p->queue_tail = NULL;
        x->next = NULL;
        if (xfer_wants_cancel(x)) {
            xfer_cancel(p, x, false);
            continue;
        }
        x->started_ms = now_ms();
        x->easy = curl_easy_init();
        if (x->easy == NULL || !hop_setup(x) ||
            curl_multi_add_handle(p->multi, x->easy) != CURLM_OK) {
            set_failure(x, HTTP_FAIL_OTHER,
                        "Could not start the request (out of memory).");
            xfer_finish(p, x);
            continue;
        }
        x->next = p->active;
        p->active = x;
        p->running++;
    }
}

static void
pool_check_cancels(struct http_pool *p)
{
    struct http_xfer *x = p->active;
    while (x != NULL) {
        struct http_xfer *next = x->next;
        if (xfer_wants_cancel(x))
            xfer_cancel(p, x, true);
        x = next;
    }
}

static void
pool_collect(struct http_pool *p)
{
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(p->multi, &left)) != NULL) {
        if (m->msg != CURLMSG_DONE)
            continue;
        char *priv = NULL;
        CURLcode rc = m->data.result;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
        if (priv != NULL)
            xfer_hop_done(p, (struct http_xfer *)priv, rc);
    }
}

static void
pool_step(struct http_pool *p)
{
    int still = 0;
    curl_multi_perform(p->multi, &still);
    pool_collect(p);
    pool_check_cancels(p);
    pool_start_queued(p);
}

static int
pool_pending(const struct http_pool *p)
{
    int n = p->running;
    for (const struct http_xfer *x = p->queue; x; x = x->next)
        n++;
    return n;
}

int
http_pool_run(struct http_pool *p, int timeout_ms)
{
    pool_check_cancels(p);
    pool_start_queued(p);
    pool_step(p);
    if (p->running > 0 && timeout_ms > 0) {
        curl_multi_poll(p->multi, NULL, 0, timeout_ms, NULL);
        pool_step(p);
    }
    return pool_pending(p);
}

bool
http_pool_take(struct http_pool *p, struct http_response *resp, void **tag)
{
    struct http_xfer *x = p->done;
    if (x == NULL)
        return false;
    p->done = x->next;
    if (p->done == NULL)
        p->done_tail = NULL;
    *resp = x->resp;
    memset(&x->resp, 0, sizeof x->resp);
    if (tag != NULL)
        *tag = x->tag;
    xfer_free(x);
    return true;
}

void
http_pool_cancel_all(struct http_pool *p)
{
    while (p->active != NULL)
        xfer_cancel(p, p->active, true);
    while (p->queue != NULL) {
        struct http_xfer *x = p->queue;
        p->queue = x->next;
        xfer_cancel(p, x, false);
    }
    p->queue_tail = NULL;
}

void
http_pool_free(struct http_pool *p)
{
    if (p == NULL)
        return;
    http_pool_cancel_all(p);
    while (p->done != NULL) {
        struct http_xfer *x = p->done;
        p->done = x->next;
        xfer_free(x);
    }
    curl_multi_cleanup(p->multi);
    free(p);
    curl_global_cleanup();
}

tstatus
http_send(const struct integration *ig, const struct http_request *req,
          struct http_response *resp, struct err *e)
{
    memset(resp, 0, sizeof *resp);
    struct http_pool *p = http_pool_new();
    if (p == NULL)
        return err_set(e, TS_NOMEM, NULL, "cannot start libcurl");
    tstatus st = http_pool_add(p, ig, req, NULL, e);
    if (st == TS_OK) {
        while (http_pool_run(p, 100) > 0)
            ;
        http_pool_take(p, resp, NULL);
    }
    http_pool_free(p);
    return st;
}
