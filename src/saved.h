/* saved.h — a saved request: a named, reusable request of one integration
 * (method, path, query parameters, headers, body), any part of which may
 * hold {{variables}} (vars.h). It is sent through its own integration or
 * through another one. The store keeps it (store_saved.h); a part that
 * carries credentials is kept encrypted (saved_mark_secrets).
 *
 * Ownership: every string belongs to the struct; saved_free wipes the
 * values and releases everything. */
#ifndef TETHER_SAVED_H
#define TETHER_SAVED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "http.h"
#include "model.h"
#include "vars.h"

enum saved_kind { SAVED_QUERY, SAVED_HEADER, SAVED_BODY };

struct saved_part {
    enum saved_kind kind;
    char *key;   /* parameter or header name; "" for the body */
    char *value; /* NUL-terminated; len bytes (a body may hold NULs) */
    size_t len;
    bool secret; /* stored encrypted */
};

struct saved_request {
    int64_t id;
    char *name;
    char *method; /* upper case */
    char *path;   /* relative to the base URL, may hold {{variables}} */
    struct saved_part *parts; /* query and headers in order, then the body */
    size_t n;
    int64_t created_at, updated_at; /* unix seconds */
};

/* A new empty request (NULL when out of memory). */
struct saved_request *saved_new(void);
/* Wipe and free (NULL is fine). */
void saved_free(struct saved_request *r);
/* Deep copy, or NULL when out of memory. */
struct saved_request *saved_dup(const struct saved_request *r);

/* Append a part (copies key and value[0..len)). False when out of memory. */
bool saved_add_part(struct saved_request *r, enum saved_kind kind,
                    const char *key, const char *value, size_t len,
                    bool secret);

/* Build a saved request named `name` from a request as composed (the
 * path, query, headers and body are copied as they are, references
 * included). The name is checked (validate_name rules); NULL leaves the
 * request unnamed (to fill and send it at once). *out is freed with
 * saved_free. */
tstatus saved_from_request(const char *name, const struct http_request *req,
                           struct saved_request **out, struct err *e);

/* The one rule for which parts are kept encrypted: an Authorization,
 * Proxy-Authorization or Cookie header, ig's api-key header, and any part
 * whose value holds one of ig's secrets (redact.h; ig may be NULL). Parts
 * already marked stay marked. */
tstatus saved_mark_secrets(const struct integration *ig,
                           struct saved_request *r, struct err *e);

/* The names of the variables r refers to that v and the environment do
 * not fill, appended to `missing` (see vars_missing). False: no memory. */
bool saved_missing(const struct saved_request *r, const struct vars *v,
                   struct kv_list *missing);

/* A saved request with its variables filled, ready to send. */
struct saved_filled {
    char *method;
    char *path;
    struct kv_list query, headers;
    char *body; /* NULL: none */
    size_t body_len;
    /* The values of secret and environment variables used: hand them to
     * the integration (secret_values) before sending so that the history
     * and copies redact them. */
    struct kv_list secrets;
    struct http_request req; /* points into the fields above only */
};

/* Fill r's variables from v (vars_fill: an unknown variable is
 * TS_INVALID naming every one) and check the result (path, header names
 * and values). *out is cleared with saved_filled_clear in every case. */
tstatus saved_fill(const struct saved_request *r, const struct vars *v,
                   struct saved_filled *out, struct err *e);
void saved_filled_clear(struct saved_filled *f);

/* Move f->secrets onto ig->secret_values (appending). False: no memory. */
bool saved_filled_give_secrets(struct saved_filled *f, struct integration *ig);

#endif
