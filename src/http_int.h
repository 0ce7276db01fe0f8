/* http_int.h — what http.c, http_url.c, http_auth.c, http_cb.c and
 * http_curl.c share. Not for use outside the http module. */
#ifndef TETHER_HTTP_INT_H
#define TETHER_HTTP_INT_H

#include <curl/curl.h>
#include <stdint.h>

#include "http.h"

/* A growable byte buffer (always NUL-terminated when data != NULL). */
struct http_buf {
    char *data;
    size_t len, cap;
};

/* False when out of memory. */
bool http_buf_add(struct http_buf *b, const char *p, size_t n);
bool http_buf_str(struct http_buf *b, const char *s);
void http_buf_free(struct http_buf *b);

/* One request in a pool, from queued to finished, across its redirects. */
struct http_xfer {
    struct http_pool *pool;
    struct http_xfer *next; /* queue, active or done list */
    CURL *easy;
    void *tag;

    struct integration *ig; /* private copy, secrets wiped on free */
    char *method;           /* this hop's method */
    char *url;              /* this hop's URL, without the key query */
    char origin[300];       /* scheme://host:port the auth belongs to */
    struct kv_list headers; /* the caller's extra headers */
    char *body;
    size_t body_len;
    struct http_part *parts; /* multipart body when nparts > 0 */
    size_t nparts;
    curl_mime *mime; /* this hop's, built from parts */
    bool via_proxy;  /* a proxy of the integration is set */
    long connect_timeout_ms, timeout_ms;
    size_t max_body;
    bool max_body_hard, no_redirects, no_auth;
    const struct http_sink *sink;
    atomic_bool *cancel;

    bool auth_this_hop; /* this hop goes to the auth's origin */
    bool cancelled, too_large, sink_failed, nomem;
    bool hop_began;      /* this hop's body has started arriving */
    int64_t started_ms;  /* monotonic */
    double prev_hops_ms; /* time spent in earlier hops */
    struct curl_slist *slist;
    char *hop_url; /* the URL given to curl (may hold a key) */
    char errbuf[CURL_ERROR_SIZE];
    struct http_buf body_buf, reqhdr;
    struct http_response resp; /* being filled */
};

/* Whether a hop that answered `status` with a Location of `target` is
 * followed (so its body is not the response's). */
bool http_follows(const struct http_xfer *x, long status, const char *target);
/* 301, 302, 303, 307 or 308. */
bool http_is_redirect(long status);

/* Callbacks (http_cb.c); `userdata` is the struct http_xfer. */
size_t http_cb_write(char *p, size_t size, size_t n, void *userdata);
size_t http_cb_header(char *p, size_t size, size_t n, void *userdata);
int http_cb_progress(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                     curl_off_t ultotal, curl_off_t ulnow);
int http_cb_debug(CURL *easy, curl_infotype type, char *data, size_t size,
                  void *userdata);

/* URLs (http_url.c). */
/* "scheme://host:port" of an absolute URL, lower case, port explicit.
 * False when it cannot be parsed. */
bool http_url_origin(const char *url, char *buf, size_t len);
/* Percent-encode everything but RFC 3986 unreserved characters. New
 * string or NULL when out of memory. */
char *http_url_escape(const char *s);
/* `url` with `name=value` appended to its query (value escaped). */
char *http_url_add_query(const char *url, const char *name, const char *value);
/* Whether `query` (may be NULL) has a parameter called `name`. */
bool http_query_has(const struct kv_list *query, const char *name);

/* `url` with every query parameter called `name` removed (new string). */
char *http_url_drop_query(const char *url, const char *name);

/* Auth (http_auth.c). */
/* The secret an auth method needs, or an error saying what is missing. */
tstatus http_auth_check(const struct integration *ig, struct err *e);
/* The name of the header carrying auth ("X-API-Key", "Authorization"), or
 * NULL when the method puts nothing in a header of ours. */
const char *http_auth_header_name(const struct integration *ig);
/* The full header line for api-key (header placement) and oauth2, with the
 * secret or, when `placeholder` is not NULL, the placeholder in its place.
 * NULL when the method has no such header or out of memory. */
char *http_auth_header_line(const struct integration *ig,
                            const char *placeholder);
/* True when `line` ("Name: value") is a header that carries credentials
 * for this integration (Authorization, Proxy-Authorization, the api-key
 * header, a secret extra header). */
bool http_auth_is_secret_header(const struct integration *ig, const char *name,
                                size_t name_len);
/* Whether the query parameter `name` carries credentials: the api-key one
 * (query placement) or a secret extra. */
bool http_auth_is_secret_query(const struct integration *ig, const char *name);

#endif
