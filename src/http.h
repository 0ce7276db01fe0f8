/* http.h — requests through an integration, with its auth applied exactly.
 *
 * Built on curl multi: an http_pool runs any number of requests at once and
 * is driven by http_pool_run() with a timeout, so a screen can keep drawing
 * and cancel; http_send() is the blocking form for the command line. All
 * curl_easy_setopt calls live in http.c. OAuth bearer tokens are applied as
 * they are in the integration; getting and refreshing them is oauth.h's. */
#ifndef TETHER_HTTP_H
#define TETHER_HTTP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "model.h"

#define HTTP_MAX_BODY_DEFAULT (64u * 1024 * 1024)
#define HTTP_MAX_REDIRECTS 10

struct http_response;

/* Where a response body goes while it arrives, for bodies of any size in
 * constant memory. Only the response that ends the request can reach it:
 * the bodies of redirects that are followed never do. `begin` is called
 * once, at the first byte of the body, with the status, status line,
 * headers and content type of `head` filled in (borrowed for the call);
 * it returns true to take this body, false to leave it in memory only
 * (as without a sink). Then `write` gets every byte, in order; false
 * stops the transfer (HTTP_FAIL_OTHER, "could not write"). An empty body
 * reaches neither. The sink and its ctx are borrowed for the request. */
struct http_sink {
    bool (*begin)(void *ctx, const struct http_response *head);
    bool (*write)(void *ctx, const char *data, size_t len);
    void *ctx;
};

/* One part of a multipart/form-data body (libcurl's mime API sends it).
 * A part is a value (data[0..data_len)) or, when `file` is set, the
 * contents of that file, read as the request goes out. */
struct http_part {
    char *name;
    char *data; /* the value; NULL for a file part */
    size_t data_len;
    char *file;     /* path of the file to upload, or NULL */
    char *filename; /* the file name sent; NULL = the base name of file */
    char *type;     /* the part's Content-Type, or NULL (curl's guess) */
};

/* A deep copy of parts[0..n) into *out (NULL when n is 0). False when out
 * of memory (*out NULL). */
bool http_parts_copy(struct http_part **out, const struct http_part *parts,
                     size_t n);

/* Free parts[0..n) and the array; values are wiped first. NULL is fine. */
void http_parts_free(struct http_part *parts, size_t n);

/* Check that every file part names a regular file that can be read; the
 * error names the part and the file. */
tstatus http_parts_check(const struct http_part *parts, size_t n,
                         struct err *e);

/* What a multipart body held, for the history and the screens, never the
 * contents of a file: "multipart/form-data\n" then one line a part,
 * "name=value" or "name=@path (filename F, N bytes, type T)". *out is a
 * new string of *len bytes. False when out of memory. */
bool http_parts_summary(const struct http_part *parts, size_t n, char **out,
                        size_t *len);

/* The reverse of http_parts_summary() for a recalled request: when
 * text[0..len) is such a summary, its parts as rows in curl -F syntax
 * ("value", "@path;filename=F;type=T") appended to *rows, and true; false
 * (rows untouched) when it is not one or out of memory. A value that held
 * line breaks comes back with them. */
bool http_parts_from_summary(const char *text, size_t len,
                             struct kv_list *rows);

/* An application/x-www-form-urlencoded body from key/value rows (each
 * name and value percent-encoded, '&' between). New string or NULL when
 * out of memory. */
char *http_form_encode(const struct kv_list *rows);

/* What the user asked to send. Every pointer is borrowed for the duration of
 * the call (http_pool_add copies what it needs). */
struct http_request {
    const char *method;            /* "GET", "POST", ...; NULL = GET */
    const char *path;              /* joined once onto the base URL */
    const struct kv_list *query;   /* appended, URL-encoded; may be NULL */
    const struct kv_list *headers; /* extra headers; may be NULL */
    const char *body;              /* may be NULL */
    size_t body_len;
    /* A multipart/form-data body instead of `body` when nparts > 0. */
    const struct http_part *parts;
    size_t nparts;
    long connect_timeout_ms; /* 0 = the integration's */
    long timeout_ms;         /* 0 = the integration's */
    size_t max_body;         /* 0 = HTTP_MAX_BODY_DEFAULT */
    bool max_body_hard;      /* beyond max_body: fail TOO_LARGE instead
                                of dropping the rest (truncated) */
    bool no_redirects;       /* report a 3xx instead of following */
    bool follow_redirects;   /* follow even when the integration's
                                follow_redirects is off */
    bool allow_other_host;   /* a full URL in path to another host
                                (auth is then sent there too) */
    bool no_auth;            /* send without the integration's auth */
    atomic_bool *cancel;     /* set to true to cancel; may be NULL */
    /* When set, the final body also goes here as it arrives (max_body
     * still bounds what is kept in memory; max_body_hard does not apply). */
    const struct http_sink *sink;
};

/* Why a request got no usable response. */
enum http_failure {
    HTTP_OK = 0, /* a response arrived (any status) */
    HTTP_FAIL_DNS,
    HTTP_FAIL_REFUSED,
    HTTP_FAIL_TIMEOUT,
    HTTP_FAIL_TLS,
    HTTP_FAIL_REDIRECTS,
    HTTP_FAIL_TOO_LARGE, /* only when the caller asked for a hard limit */
    HTTP_FAIL_CANCELLED,
    HTTP_FAIL_OTHER,
    HTTP_FAIL_PROTOCOL,    /* https:// to a port that speaks plain HTTP */
    HTTP_FAIL_CLIENT_CERT, /* the TLS client certificate: missing, refused
                              or unusable (file, key, passphrase) */
};

/* Milliseconds since the request started when each phase ended, as curl
 * reports them (a phase that did not happen, such as TLS over http, is 0).
 * Over redirects the earlier hops' time is added, so the figures stay on
 * one time line. */
struct http_timings {
    double dns_ms, connect_ms, tls_ms, first_byte_ms, total_ms;
};

/* What came back. Owned by the caller; release with http_response_free. */
struct http_response {
    enum http_failure failure;
    char *failure_msg;      /* a sentence a person can act on */
    long status;            /* 0 when no response */
    char *reason;           /* "OK", "Not Found", ... */
    char *status_line;      /* "HTTP/1.1 200 OK" as received */
    struct kv_list headers; /* final response's headers, in order */
    char *body;             /* NUL-terminated for convenience */
    size_t body_len;        /* bytes kept in body */
    size_t size;            /* bytes received in all */
    bool truncated;         /* more than max_body arrived */
    bool streamed;          /* the body went to the request's sink */
    char *content_type;
    char *method;        /* as sent on the first hop */
    char *url;           /* the URL sent (auth query redacted) */
    char *effective_url; /* after redirects (auth query redacted) */
    char *location;      /* Location of a 3xx not followed, or NULL */
    int redirects;
    bool credentials_dropped; /* a redirect left the host: auth not sent */
    struct http_timings timings;
    char *request_headers; /* as sent, "Name: value\n", auth redacted */
};

void http_response_free(struct http_response *r);

/* A short word for a failure ("dns", "refused", "timeout", "tls",
 * "redirects", "too_large", "cancelled", "other", "protocol",
 * "client_cert"). */
const char *http_failure_name(enum http_failure f);

/* The one decision "is this body binary?" (show a note, hex or base64
 * instead of text), for every face: binary when the content type names
 * binary data (image/, audio/, video/, font/ but not +xml, and
 * application/octet-stream, pdf, zip, gzip and other archives, protobuf,
 * msgpack, cbor, sqlite) or when text_looks_binary() says so of
 * head[0..len). `more`: head is the first part of a body still arriving,
 * so a character cut at its end is not held against it. */
bool http_body_is_binary(const char *content_type, const char *head, size_t len,
                         bool more);

/* Split `url` for a short display: `host` gets the host with the port
 * when the URL names one ("127.0.0.1:8080"), `path` the path with the
 * query ("/me?x=1"), both cut to their buffers. False (buffers "") when
 * the URL does not parse. */
bool http_url_parts(const char *url, char *host, size_t hostlen, char *path,
                    size_t pathlen);

/* Build the URL a request goes to: base URL + path joined with exactly one
 * slash, query appended. Refuses a full URL to another host unless
 * allow_other_host. The api-key query parameter is not included. *out is a
 * new string. */
tstatus http_build_url(const struct integration *ig,
                       const struct http_request *req, char **out,
                       struct err *e);

/* The equivalent curl command line of a request, with every secret
 * replaced by a shell variable ("$API_KEY", "$PASSWORD", "$ACCESS_TOKEN")
 * so that it can be shared and run after exporting the variable. *out is a
 * new string. */
tstatus http_curl_command(const struct integration *ig,
                          const struct http_request *req, char **out,
                          struct err *e);

/* Send one request and wait for it. A transport failure is not an error
 * here: it returns TS_OK with resp->failure set; errors are reserved for
 * what stops the request being made (bad input, out of memory). */
tstatus http_send(const struct integration *ig, const struct http_request *req,
                  struct http_response *resp, struct err *e);

/* Many requests at once over one curl multi handle. */
struct http_pool;
struct http_pool *http_pool_new(void);
void http_pool_free(struct http_pool *p); /* cancels what is still running */

/* Queue a request; `tag` comes back with its result. The integration and
 * request are copied. At most `max_parallel` (http_pool_set_parallel, default
 * 16) run at once; the rest wait their turn. */
tstatus http_pool_add(struct http_pool *p, const struct integration *ig,
                      const struct http_request *req, void *tag, struct err *e);
void http_pool_set_parallel(struct http_pool *p, int n);

/* Drive transfers for at most timeout_ms (0 = do what is ready and return).
 * Returns the number of requests still queued or running. */
int http_pool_run(struct http_pool *p, int timeout_ms);

/* Take one finished request, if any: fills *resp (caller frees) and *tag
 * (when not NULL) and returns true. */
bool http_pool_take(struct http_pool *p, struct http_response *resp,
                    void **tag);

/* Cancel every request in the pool; each is reported with
 * HTTP_FAIL_CANCELLED by http_pool_take. */
void http_pool_cancel_all(struct http_pool *p);

#endif
