/* curlcmd.h — a curl command line, read without a shell.
 *
 * curlcmd_split() cuts a pasted command line into words as a POSIX shell
 * would (quotes, backslashes, line continuations) but expands nothing:
 * a word that would need the shell ($VAR, $(...), `...`, globs are left
 * alone but $ and ` are reported) is marked, so that the caller can
 * refuse it unless it is dropped anyway: curlcmd_parse() refuses such a
 * word anywhere but in -u and a credential header (Authorization, a key or
 * token), which it drops, never sending "$VAR" literally. It reads curl's
 * options from the words into a struct curlcmd: method, URL, headers,
 * body (raw, form-urlencoded or multipart), -u credentials and the
 * transfer options tether knows. Options tether does not know are an
 * error naming them; harmless ones (-s, -v, --compressed) are skipped.
 * curlcmd_to_request() (http_fromcurl.c) then relates the result to an
 * integration.
 *
 * Everything in a struct curlcmd is owned by it; curlcmd_free() wipes the
 * body, the parts, the headers and the user (they may hold credentials). */
#ifndef TETHER_CURLCMD_H
#define TETHER_CURLCMD_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "http.h"
#include "model.h"

/* Split `line` into words. *words is a NULL-terminated array of new
 * strings (free with curlcmd_words_free), *n their count; when `expands`
 * is not NULL, (*expands)[i] is true when word i held an unquoted or
 * double-quoted $ or a backquote (new array). An unterminated quote is an
 * error. */
tstatus curlcmd_split(const char *line, char ***words, size_t *n,
                      bool **expands, struct err *e);
void curlcmd_words_free(char **words, size_t n);

/* curl's -F syntax: "name=value", "name=@path", "name=<path" (the file's
 * contents as the value), each optionally followed by ";type=T" and
 * ";filename=F"; a path or name in double quotes may hold ';'. Fills *out
 * (free with http_parts_free(out, 1) semantics: the caller owns the
 * strings). */
tstatus curlcmd_form_part(const char *arg, struct http_part *out,
                          struct err *e);

struct curlcmd {
    char *method;           /* -X, or what the options imply */
    char *url;              /* the one URL */
    struct kv_list headers; /* -H, -A, -e, -b, in order */
    char *body;             /* -d and friends joined with '&'; NULL = none */
    size_t body_len;
    bool get;                /* -G: the data goes into the query instead */
    struct http_part *parts; /* -F, --form-string */
    size_t nparts;
    char *user;      /* -u USER[:PASSWORD], as given; NULL = none */
    bool follow;     /* -L */
    bool insecure;   /* -k */
    bool digest;     /* --digest: -u is for HTTP Digest */
    long timeout_ms; /* -m; 0 = not given */
    long connect_timeout_ms;
    char *skipped; /* the options skipped, space-separated, or NULL */
    /* Headers dropped because their value needs the shell (a credential
     * header written with $VAR): their names, space-separated, or NULL. */
    char *unexpanded;
};

/* Parse a curl command line (it must start with the word "curl"). */
tstatus curlcmd_parse(const char *line, struct curlcmd *out, struct err *e);

void curlcmd_free(struct curlcmd *c);

/* A parsed curl command as a request through `ig`. `req` points into the
 * other fields. `notes` says, one line each, what was dropped or skipped
 * and why (credentials, -k, -s...); NULL when nothing was. */
struct curlcmd_request {
    struct http_request req;
    char *method, *path;
    struct kv_list query; /* decoded */
    struct kv_list headers;
    char *body;
    size_t body_len;
    struct http_part *parts;
    size_t nparts;
    char *notes;
};

/* Relate `c` to `ig`: the URL must be on the integration's host (scheme,
 * host and port) and under its base path, else TS_INVALID saying so; the
 * path becomes relative to the base URL and the query a list of decoded
 * parameters (-G moves the data there). Credentials are never carried over: -u,
 * Authorization, Proxy-Authorization, the integration's API key header or query
 * parameter and headers named like a key, token or secret are dropped and
 * said in `notes`, as the integration sends its own. Moves the body and
 * parts out of `c`. Free `out` with curlcmd_request_free in every case. */
tstatus curlcmd_to_request(struct curlcmd *c, const struct integration *ig,
                           struct curlcmd_request *out, struct err *e);

void curlcmd_request_free(struct curlcmd_request *r);

#endif
