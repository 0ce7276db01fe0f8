/* cli_request.c — `tether request`: send one request through an
 * integration and print the answer. */
#include <cJSON.h>
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli_body.h"
#include "cli_cmd.h"
#include "cli_request.h"
#include "curlcmd.h"
#include "exchange.h"
#include "history.h"
#include "redact.h"
#include "saved.h"
#include "store_saved.h"
#include "jsonpath.h"
#include "ratelimit.h"
#include "validate.h"

struct cli_req {
    bool json, curl;
    bool no_follow, follow;
    struct http_part *parts;
    size_t nparts;
    struct curlcmd_request imported; /* --from-curl */
    struct cli_body_opts out;        /* -i, --pretty, --raw, -o */
    const char *data;
    long timeout_ms, connect_timeout_ms;
    struct kv_list headers, query;
    char *method, *path;
    char *body;
    size_t body_len;
    struct jsonpath *filter; /* --filter, or NULL */
};

static void
cli_req_free(struct cli_req *r)
{
    kv_list_free(&r->headers);
    kv_list_free(&r->query);
    free(r->method);
    free(r->path);
    http_parts_free(r->parts, r->nparts);
    curlcmd_request_free(&r->imported);
    jsonpath_free(r->filter);
    if (r->body != NULL) {
        sodium_memzero(r->body, r->body_len);
        free(r->body);
    }
}

/* Read all of `f` into *out. */
static bool
cli_req_slurp(FILE *f, char **out, size_t *len)
{
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
    while (buf != NULL && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *g = realloc(buf, cap *= 2);
            if (g == NULL) {
                free(buf);
                buf = NULL;
            } else
                buf = g;
        }
    }
    if (buf == NULL || ferror(f)) {
        free(buf);
        return false;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return true;
}

/* -d DATA, -d @FILE, -d @- (standard input). */
static int
cli_req_body(struct cli_ctx *ctx, struct cli_req *r)
{
    const char *d = r->data;
    if (d[0] != '@') {
        r->body = strdup(d);
        r->body_len = strlen(d);
        return r->body ? 0 : 1;
    }
    FILE *f = strcmp(d, "@-") == 0 ? stdin : fopen(d + 1, "rb");
    if (f == NULL) {
        fprintf(ctx->errs, "tether: data: cannot read %s: %s\n", d + 1,
                strerror(errno));
        return 2;
    }
    bool ok = cli_req_slurp(f, &r->body, &r->body_len);
    if (f != stdin)
        fclose(f);
    if (!ok) {
        fprintf(ctx->errs, "tether: data: cannot read %s\n", d + 1);
        return 2;
    }
    return 0;
}

/* Seconds (decimals allowed) as milliseconds; -1 when not a number > 0. */
static long
cli_req_seconds(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (*end != '\0' || !(v > 0) || v > 86400)
        return -1;
    return (long)(v * 1000 + 0.5);
}

/* One header or query parameter, checked, onto its list. */
static int
cli_req_add_kv(struct cli_ctx *ctx, bool header, const char *arg,
               struct kv_list *list)
{
    struct err e = {0};
    char *k = NULL, *v = NULL;
    if ((header ? validate_header_line(arg, &k, &v, &e)
                : validate_kv("query", arg, &k, &v, &e)) != TS_OK)
        return cli_fail(ctx, &e);
    bool ok = kv_list_add(list, k, v);
    free(k);
    free(v);
    if (!ok) {
        fprintf(ctx->errs, "tether: out of memory\n");
        return 1;
    }
    return 0;
}

/* --timeout and --connect-timeout, when given, as milliseconds. */
static int
cli_req_limit(struct cli_ctx *ctx, const struct cli_args *a, const char *name,
              long *ms)
{
    const char *v = cli_args_get(a, name);
    if (v == NULL)
        return 0;
    if ((*ms = cli_req_seconds(v)) < 0)
        return cli_usage(ctx, &cli_cmd_request,
                         "--%s: give a number of seconds", name);
    return 0;
}

/* -F NAME=VALUE and -F NAME=@FILE (curl's syntax) as multipart parts. */
static int
cli_req_parts(struct cli_ctx *ctx, const struct cli_args *a, struct cli_req *r)
{
    size_t n = cli_args_count(a, "form");
    if (n == 0)
        return 0;
    if ((r->parts = calloc(n, sizeof *r->parts)) == NULL) {
        fprintf(ctx->errs, "tether: out of memory\n");
        return 1;
    }
    struct err e = {0};
    for (size_t i = 0; i < n; i++) {
        if (curlcmd_form_part(cli_args_value(a, "form", i), &r->parts[i], &e) !=
            TS_OK)
            return cli_fail(ctx, &e);
        r->nparts = i + 1;
    }
    if (http_parts_check(r->parts, r->nparts, &e) != TS_OK)
        return cli_fail(ctx, &e);
    return 0;
}

/* --data-urlencode NAME=VALUE rows as one form-urlencoded body. */
static int
cli_req_urlencoded(struct cli_ctx *ctx, const struct cli_args *a,
                   struct cli_req *r)
{
    struct kv_list rows = {0};
    const char *v;
    int rc = 0;
    for (size_t i = 0; rc == 0 && (v = cli_args_value(a, "data-urlencode", i));
         i++)
        rc = cli_req_add_kv(ctx, false, v, &rows);
    if (rc == 0 && rows.n > 0) {
        if ((r->body = http_form_encode(&rows)) == NULL) {
            fprintf(ctx->errs, "tether: out of memory\n");
            rc = 1;
        } else {
            r->body_len = strlen(r->body);
        }
    }
    kv_list_free(&rows);
    return rc;
}

/* --from-curl: the request comes from a curl command line. */
static int
cli_req_from_curl(struct cli_ctx *ctx, const struct integration *ig,
                  const char *line, struct cli_req *r)
{
    struct curlcmd c;
    struct err e = {0};
    if (curlcmd_parse(line, &c, &e) != TS_OK)
        return cli_fail(ctx, &e);
    tstatus s = curlcmd_to_request(&c, ig, &r->imported, &e);
    curlcmd_free(&c);
    if (s != TS_OK)
        return cli_fail(ctx, &e);
    const char *n = r->imported.notes;
    while (n != NULL && *n) {
        const char *end = strchr(n, '\n');
        size_t len = end ? (size_t)(end - n) : strlen(n);
        fprintf(ctx->errs, "tether: from curl: %.*s\n", (int)len, n);
        n += len + (end != NULL);
    }
    return 0;
}

/* The options of CLI_REQUEST_OUTPUT_OPTS. */
static int
cli_req_out_args(struct cli_ctx *ctx, const struct cli_args *a,
                 struct cli_req *r)
{
    int rc;
    r->out.include = cli_args_has(a, "include");
    r->json = cli_args_has(a, "json");
    r->curl = cli_args_has(a, "curl");
    r->out.pretty = cli_args_has(a, "pretty");
    r->out.raw = cli_args_has(a, "raw");
    r->out.out_file = cli_args_get(a, "output");
    if ((rc = cli_req_limit(ctx, a, "timeout", &r->timeout_ms)) != 0 ||
        (rc = cli_req_limit(ctx, a, "connect-timeout",
                            &r->connect_timeout_ms)) != 0)
        return rc;
    const char *f = cli_args_get(a, "filter");
    if (f != NULL && (r->json || r->out.include || r->out.raw ||
                      r->out.out_file != NULL || r->curl)) {
        fprintf(ctx->errs,
                "tether: --filter prints one value; it goes without --json, "
                "-i, --raw, -o and --curl\n");
        return 2;
    }
    struct err fe = {0};
    if (f != NULL && jsonpath_parse(f, &r->filter, &fe) != TS_OK)
        return cli_fail(ctx, &fe);
    return 0;
}

/* PATH as given: checked now, or, when it holds {{variables}}, once
 * they are filled (saved_fill). */
static tstatus
cli_req_path(const char *path, char **out, struct err *e)
{
    if (strstr(path, "{{") == NULL)
        return validate_path("path", path, out, e);
    size_t n = strlen(path);
    if ((*out = malloc(n + 2)) == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    snprintf(*out, n + 2, "%s%s", path[0] == '/' ? "" : "/", path);
    return TS_OK;
}

static int
cli_req_args(struct cli_ctx *ctx, const struct cli_args *a, struct cli_req *r)
{
    int rc = cli_req_out_args(ctx, a, r);
    if (rc != 0)
        return rc;
    r->data = cli_args_get(a, "data");
    r->no_follow = cli_args_has(a, "no-follow");
    r->follow = cli_args_has(a, "location");
    int bodies = (r->data != NULL) + cli_args_has(a, "form") +
                 cli_args_has(a, "data-urlencode");
    if (bodies > 1)
        return cli_usage(ctx, &cli_cmd_request,
                         "give one kind of body: -d, -F or --data-urlencode");
    if (r->no_follow && r->follow)
        return cli_usage(ctx, &cli_cmd_request,
                         "give either -L or --no-follow, not both");
    bool from_curl = cli_args_has(a, "from-curl");
    if (from_curl && (a->argc > 1 || bodies > 0))
        return cli_usage(ctx, &cli_cmd_request,
                         "--from-curl takes the method, path and body from "
                         "the curl command: give only NAME (and -H, -q, "
                         "output options)");
    if (!from_curl && a->argc < 2)
        return cli_usage(ctx, &cli_cmd_request, "missing %s",
                         a->argc < 1 ? "METHOD and PATH" : "PATH");
    const char *v;
    for (size_t i = 0; (v = cli_args_value(a, "header", i)) != NULL; i++)
        if ((rc = cli_req_add_kv(ctx, true, v, &r->headers)) != 0)
            return rc;
    for (size_t i = 0; (v = cli_args_value(a, "query", i)) != NULL; i++)
        if ((rc = cli_req_add_kv(ctx, false, v, &r->query)) != 0)
            return rc;
    struct err e = {0};
    if (from_curl)
        return 0;
    if ((rc = cli_req_parts(ctx, a, r)) != 0 ||
        (rc = cli_req_urlencoded(ctx, a, r)) != 0)
        return rc;
    /* NAME METHOD PATH, or METHOD PATH through the default integration. */
    char *const *mp = a->argc == 3 ? a->argv + 1 : a->argv;
    if (validate_header_name("method", mp[0], &e) != TS_OK ||
        cli_req_path(mp[1], &r->path, &e) != TS_OK)
        return cli_fail(ctx, &e);
    r->method = strdup(mp[0]);
    for (char *m = r->method; m && *m; m++)
        *m = (char)(*m >= 'a' && *m <= 'z' ? *m - 32 : *m);
    if (r->data != NULL && (rc = cli_req_body(ctx, r)) != 0)
        return rc;
    return r->method ? 0 : 1;
}

/* "rate_limit": {"summary": "...", "headers": {...}} when the server
 * sent rate-limit headers (ratelimit.h). */
static void
cli_req_envelope_ratelimit(cJSON *o, const struct kv_list *headers)
{
    struct kv_list rl = {0};
    if (ratelimit_headers(headers, &rl) && rl.n > 0) {
        cJSON *obj = cJSON_AddObjectToObject(o, "rate_limit");
        cJSON *hs = obj ? cJSON_AddObjectToObject(obj, "headers") : NULL;
        char *summary = ratelimit_summary(&rl);
        if (obj != NULL && summary != NULL)
            cJSON_AddStringToObject(obj, "summary", summary);
        free(summary);
        for (size_t i = 0; hs != NULL && i < rl.n; i++)
            cJSON_AddStringToObject(hs, rl.items[i].key, rl.items[i].value);
    }
    kv_list_free(&rl);
}

static cJSON *
cli_req_envelope(const struct http_response *resp)
{
    cJSON *o = cJSON_CreateObject(), *h = cJSON_CreateArray(),
          *t = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "status", (double)resp->status);
    cJSON_AddStringToObject(o, "reason", resp->reason ? resp->reason : "");
    cJSON_AddStringToObject(o, "url", resp->url);
    cJSON_AddStringToObject(o, "effective_url", resp->effective_url);
    cJSON_AddNumberToObject(o, "redirects", resp->redirects);
    if (resp->credentials_dropped)
        cJSON_AddBoolToObject(o, "credentials_dropped", true);
    for (size_t i = 0; i < resp->headers.n; i++) {
        cJSON *kv = cJSON_CreateObject();
        cJSON_AddStringToObject(kv, "name", resp->headers.items[i].key);
        cJSON_AddStringToObject(kv, "value", resp->headers.items[i].value);
        cJSON_AddItemToArray(h, kv);
    }
    cJSON_AddItemToObject(o, "headers", h);
    cli_req_envelope_ratelimit(o, &resp->headers);
    cJSON_AddNumberToObject(t, "dns_ms", resp->timings.dns_ms);
    cJSON_AddNumberToObject(t, "connect_ms", resp->timings.connect_ms);
    cJSON_AddNumberToObject(t, "tls_ms", resp->timings.tls_ms);
    cJSON_AddNumberToObject(t, "first_byte_ms", resp->timings.first_byte_ms);
    cJSON_AddNumberToObject(t, "total_ms", resp->timings.total_ms);
    cJSON_AddItemToObject(o, "timings", t);
    if (resp->content_type)
        cJSON_AddStringToObject(o, "content_type", resp->content_type);
    cJSON_AddNumberToObject(o, "size", (double)resp->size);
    cJSON_AddBoolToObject(o, "truncated", resp->truncated);
    if (!http_body_is_binary(resp->content_type, resp->body, resp->body_len,
                             false)) {
        cJSON_AddStringToObject(o, "body", resp->body);
    } else {
        /* binary: base64 */
        size_t n = sodium_base64_encoded_len(resp->body_len,
                                             sodium_base64_VARIANT_ORIGINAL);
        char *b = malloc(n);
        if (b != NULL) {
            sodium_bin2base64(b, n, (const unsigned char *)resp->body,
                              resp->body_len, sodium_base64_VARIANT_ORIGINAL);
            cJSON_AddStringToObject(o, "body_base64", b);
            free(b);
        }
    }
    return o;
}

/* --json: the envelope, body included, from memory (at most
 * HTTP_MAX_BODY_DEFAULT of it). */
static int
cli_req_print_envelope(struct cli_ctx *ctx, const struct http_response *resp)
{
    if (cli_print_json(ctx, cli_req_envelope(resp)) != 0)
        return 1;
    if (!resp->truncated)
        return 0;
    fprintf(ctx->errs,
            "tether: the body was cut at %zu bytes of %zu in the envelope "
            "(\"truncated\": true); without --json the whole body is "
            "written\n",
            resp->body_len, resp->size);
    return 1;
}

static void
cli_req_notes(struct cli_ctx *ctx, const struct http_response *resp)
{
    if (resp->failure != HTTP_OK)
        fprintf(ctx->errs, "tether: %s\n", resp->failure_msg);
    if (resp->credentials_dropped)
        fprintf(ctx->errs,
                "tether: note: redirected to another host (%s); the "
                "credentials were not sent there\n",
                resp->effective_url);
}

/* --filter: the body parsed as JSON, the selected value printed as JSON.
 * Returns the exit status. */
static int
cli_req_print_filtered(struct cli_ctx *ctx, const struct cli_req *r,
                       const struct http_response *resp)
{
    struct err e = {0};
    if (resp->truncated) {
        err_set(&e, TS_HTTP, "filter",
                "the body is larger than %zu bytes: too large to filter",
                resp->body_len);
        return cli_fail(ctx, &e);
    }
    const char *end = NULL;
    cJSON *doc =
        cJSON_ParseWithLengthOpts(resp->body, resp->body_len, &end, false);
    if (doc == NULL) {
        err_set(&e, TS_HTTP, "filter",
                "the response body is not JSON (%s, %zu bytes); nothing to "
                "filter",
                resp->content_type ? resp->content_type : "no content type",
                resp->body_len);
        return cli_fail(ctx, &e);
    }
    const cJSON *v;
    int rc;
    if (jsonpath_eval(r->filter, doc, &v, &e) != TS_OK)
        rc = cli_fail(ctx, &e);
    else
        rc = cli_print_json(ctx, cJSON_Duplicate(v, true));
    cJSON_Delete(doc);
    return rc;
}

/* The request r describes (pointers into r). */
static struct http_request
cli_req_request(struct cli_req *r)
{
    return (struct http_request){
        .method = r->method,
        .path = r->path,
        .query = &r->query,
        .headers = &r->headers,
        .body = r->body,
        .body_len = r->body_len,
        .parts = r->parts,
        .nparts = r->nparts,
        .timeout_ms = r->timeout_ms,
        .connect_timeout_ms = r->connect_timeout_ms,
        .no_redirects = r->no_follow,
        .follow_redirects = r->follow,
    };
}

/* Send and write the answer. Without --json the body streams through a
 * cli_body (any size; memory keeps the prefix the history stores). */
static int
cli_req_send(struct cli_ctx *ctx, struct store *st, struct integration *ig,
             struct cli_req *r, const struct http_request *filled)
{
    struct http_request req = *filled;
    struct cli_body *out = NULL;
    if (!r->json && r->filter == NULL) {
        if ((out = cli_body_new(ctx, &r->out)) == NULL)
            return 1;
        req.sink = cli_body_sink(out);
        req.max_body = HISTORY_BODY_KEEP;
    }
    if (ig->net.insecure)
        cli_warn(ctx, "TLS verification is off for %s", ig->name);
    struct err e = {0};
    struct http_response resp;
    tstatus s = exchange_send(st, ig, &req, &resp, &e);
    bool got = resp.url != NULL;
    int rc = 0;
    if (r->json)
        rc = got && resp.failure == HTTP_OK ? cli_req_print_envelope(ctx, &resp)
                                            : 1;
    else if (r->filter != NULL)
        rc = got && resp.failure == HTTP_OK
                 ? cli_req_print_filtered(ctx, r, &resp)
                 : 1;
    else
        rc = cli_body_end(out, got ? &resp : NULL);
    if (got) {
        cli_req_notes(ctx, &resp);
        if (resp.failure != HTTP_OK || resp.status >= 400)
            rc = 1;
    }
    cli_body_free(out);
    http_response_free(&resp);
    if (s != TS_OK)
        return cli_fail(ctx, &e);
    return rc;
}

/* Append the variables of integration `name` to v, secret ones decrypted
 * only when sr refers to one of them: a request that uses none is sent
 * without needing the key. */
static tstatus
cli_req_load_vars(struct store *st, const char *name,
                  const struct saved_request *sr, struct vars *v, struct err *e)
{
    struct vars plain = {0}, none = {0};
    struct kv_list used = {0};
    tstatus rc = store_var_list(st, name, false, &plain, e);
    if (rc == TS_OK && !saved_missing(sr, &none, &used))
        rc = err_set(e, TS_NOMEM, NULL, "out of memory");
    bool need = false;
    for (size_t i = 0; i < used.n; i++) {
        const struct var *x = vars_find(&plain, used.items[i].key);
        need = need || (x != NULL && x->secret);
    }
    kv_list_free(&used);
    if (rc == TS_OK && need)
        rc = store_var_list(st, name, true, v, e);
    for (size_t i = 0; rc == TS_OK && !need && i < plain.n; i++)
        if (!plain.items[i].secret &&
            !vars_add(v, plain.items[i].name, plain.items[i].value, false))
            rc = err_set(e, TS_NOMEM, NULL, "out of memory");
    vars_free(&plain);
    return rc;
}

/* The variables for sending through ig a request saved under `owner`
 * (NULL: ig's own): ig's, then the owner's, then --var K=V. */
static int
cli_req_vars(struct cli_ctx *ctx, struct store *st,
             const struct integration *ig, const char *owner,
             const struct saved_request *sr, const struct cli_args *a,
             struct vars *v)
{
    struct err e = {0};
    if (cli_req_load_vars(st, ig->name, sr, v, &e) != TS_OK ||
        (owner != NULL && strcasecmp(owner, ig->name) != 0 &&
         cli_req_load_vars(st, owner, sr, v, &e) != TS_OK))
        return cli_fail(ctx, &e);
    const char *arg;
    for (size_t i = 0; (arg = cli_args_value(a, "var", i)) != NULL; i++) {
        char *k = NULL, *val = NULL;
        tstatus s = validate_kv("var", arg, &k, &val, &e);
        if (s == TS_OK)
            s = vars_check_name(k, &e);
        if (s == TS_OK && vars_find(v, k) != NULL)
            cli_warn(ctx,
                     "--var %s: the integration sets %s already; its value "
                     "is used",
                     cli_safe(ctx, k), cli_safe(ctx, k));
        else if (s == TS_OK && !vars_add(v, k, val, false))
            s = err_set(&e, TS_NOMEM, NULL, "out of memory");
        free(k);
        if (val != NULL)
            sodium_memzero(val, strlen(val));
        free(val);
        if (s != TS_OK)
            return cli_fail(ctx, &e);
    }
    return 0;
}

/* Print the curl command of req, secret variables redacted. */
static int
cli_req_curl(struct cli_ctx *ctx, const struct integration *ig,
             const struct http_request *req)
{
    struct err e = {0};
    char *cmd = NULL;
    if (http_curl_command(ig, req, &cmd, &e) != TS_OK) {
        free(cmd);
        return cli_fail(ctx, &e);
    }
    char *shown = ig->secret_values.n > 0
                      ? redact_text(ig, cmd, strlen(cmd), NULL)
                      : NULL;
    fprintf(ctx->out, "%s\n", shown ? shown : cmd);
    free(shown);
    free(cmd);
    return 0;
}

/* Send sr through ig; `base` (may be NULL) gives what a saved request
 * does not hold: multipart parts and the redirect choice. */
static int
cli_req_send_saved(struct cli_ctx *ctx, struct store *st,
                   struct integration *ig, const char *owner,
                   const struct saved_request *sr, const struct cli_args *a,
                   const struct http_request *base)
{
    struct cli_req r = {0};
    int rc = cli_req_out_args(ctx, a, &r);
    struct vars v = {0};
    if (rc == 0)
        rc = cli_req_vars(ctx, st, ig, owner, sr, a, &v);
    struct saved_filled f = {0};
    struct err e = {0};
    if (rc == 0 && saved_fill(sr, &v, &f, &e) != TS_OK)
        rc = cli_fail(ctx, &e);
    vars_free(&v);
    if (rc == 0 && !saved_filled_give_secrets(&f, ig)) {
        fprintf(ctx->errs, "tether: out of memory\n");
        rc = 1;
    }
    if (rc == 0) {
        f.req.timeout_ms = r.timeout_ms;
        f.req.connect_timeout_ms = r.connect_timeout_ms;
        if (base != NULL) {
            f.req.parts = base->parts;
            f.req.nparts = base->nparts;
            f.req.no_redirects = base->no_redirects;
            f.req.follow_redirects = base->follow_redirects;
        }
        rc = r.curl ? cli_req_curl(ctx, ig, &f.req)
                    : cli_req_send(ctx, st, ig, &r, &f.req);
    }
    saved_filled_clear(&f);
    cli_req_free(&r);
    return rc;
}

/* --save REQ: keep the request as given (references unfilled) under the
 * integration, secret parts encrypted. */
static int
cli_req_save(struct cli_ctx *ctx, struct store *st,
             const struct integration *ig, struct saved_request *sr)
{
    struct err e = {0};
    if (saved_mark_secrets(ig, sr, &e) != TS_OK ||
        store_saved_put(st, ig->name, sr, true, &e) != TS_OK)
        return cli_fail(ctx, &e);
    fprintf(ctx->errs, "tether: saved as \"%s\" of %s\n",
            cli_safe(ctx, sr->name), cli_safe(ctx, ig->name));
    return 0;
}

int
cli_request_saved(struct cli_ctx *ctx, struct store *st, struct integration *ig,
                  const char *owner, const struct saved_request *sr,
                  const struct cli_args *a)
{
    return cli_req_send_saved(ctx, st, ig, owner, sr, a, NULL);
}

/* Take over what --from-curl read: the command line's -H come after the
 * command's headers, its -L, --no-follow and time limits win. */
static int
cli_req_take_imported(struct cli_ctx *ctx, struct cli_req *r)
{
    struct curlcmd_request *m = &r->imported;
    for (size_t i = 0; i < r->headers.n; i++)
        if (!kv_list_add(&m->headers, r->headers.items[i].key,
                         r->headers.items[i].value)) {
            fprintf(ctx->errs, "tether: out of memory\n");
            return 1;
        }
    kv_list_free(&r->headers);
    r->headers = m->headers;
    m->headers = (struct kv_list){0};
    for (size_t i = 0; i < r->query.n; i++)
        if (!kv_list_add(&m->query, r->query.items[i].key,
                         r->query.items[i].value)) {
            fprintf(ctx->errs, "tether: out of memory\n");
            return 1;
        }
    kv_list_free(&r->query);
    r->query = m->query;
    m->query = (struct kv_list){0};
    r->method = m->method;
    r->path = m->path;
    r->body = m->body;
    r->body_len = m->body_len;
    r->parts = m->parts;
    r->nparts = m->nparts;
    m->method = m->path = m->body = NULL;
    m->parts = NULL;
    m->nparts = 0;
    if (r->timeout_ms == 0)
        r->timeout_ms = m->req.timeout_ms;
    if (r->connect_timeout_ms == 0)
        r->connect_timeout_ms = m->req.connect_timeout_ms;
    if (!r->no_follow)
        r->follow = r->follow || m->req.follow_redirects;
    return 0;
}

static int
cli_request_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct cli_req r = {0};
    int rc = cli_req_args(ctx, a, &r);
    struct store *st = rc == 0 ? cli_store(ctx) : NULL;
    if (rc == 0 && st == NULL)
        rc = 1;
    struct integration *ig = NULL;
    struct err e = {0};
    if (rc == 0 &&
        cli_get_or_default(
            st,
            a->argc == 3 || (a->argc == 1 && cli_args_has(a, "from-curl"))
                ? a->argv[0]
                : NULL,
            STORE_WITH_SECRETS | STORE_SECRETS_TOLERANT, &ig, &e) != TS_OK)
        rc = cli_fail(ctx, &e);
    const char *curl_line = cli_args_get(a, "from-curl");
    if (rc == 0 && curl_line != NULL &&
        (rc = cli_req_from_curl(ctx, ig, curl_line, &r)) == 0)
        rc = cli_req_take_imported(ctx, &r);
    /* The exchange's rule, added here already so that --curl shows it. */
    if (rc == 0 && !exchange_add_default_type(&r.headers, r.body, r.body_len)) {
        fprintf(ctx->errs, "tether: out of memory\n");
        rc = 1;
    }
    struct http_request req = cli_req_request(&r);
    struct saved_request *sr = NULL;
    const char *save = cli_args_get(a, "save");
    if (rc == 0 && save != NULL && r.nparts > 0)
        rc = cli_usage(ctx, &cli_cmd_request,
                       "--save keeps no multipart body: send -F parts "
                       "without --save");
    if (rc == 0 && saved_from_request(save, &req, &sr, &e) != TS_OK)
        rc = cli_fail(ctx, &e);
    if (rc == 0 && save != NULL)
        rc = cli_req_save(ctx, st, ig, sr);
    if (rc == 0)
        rc = cli_req_send_saved(ctx, st, ig, NULL, sr, a, &req);
    saved_free(sr);
    integration_free(ig);
    cli_req_free(&r);
    return rc;
}

static const struct cli_opt_spec cli_request_opts[] = {
    CLI_LIST("header", 'H', "'K: V'", "add a header"),
    CLI_LIST("query", 'q', "K=V", "add a query parameter, URL-encoded"),
    CLI_VALUE("data", 'd', "DATA",
              "send DATA as the body; @FILE reads a file, @- standard input. "
              "Without a Content-Type header, a body starting with { or [ is "
              "sent as application/json, any other as "
              "application/x-www-form-urlencoded"),
    CLI_VALUE("save", 0, "REQ",
              "also keep the request under the integration as REQ "
              "(replacing one of that name), {{variables}} unfilled; "
              "credentials in it are stored encrypted"),
    CLI_LIST("form", 'F', "K=V|K=@FILE",
             "add a part to a multipart/form-data body, as curl -F: K=@FILE "
             "uploads a file, K=<FILE sends its contents as the value; "
             "append ;type=T or ;filename=F"),
    CLI_LIST("data-urlencode", 0, "K=V",
             "add a row to an application/x-www-form-urlencoded body (K and "
             "V percent-encoded, rows joined with &)"),
    CLI_VALUE("from-curl", 0, "'curl ...'",
              "take the method, URL, headers and body from a curl command "
              "line (read without a shell); the URL must be on the "
              "integration's host and is made relative to its base URL; "
              "credentials in it (-u, Authorization, API key headers) are "
              "dropped and said, the integration's own are sent"),
    CLI_FLAG("location", 'L',
             "follow redirects even when the integration does not"),
    CLI_FLAG("no-follow", 0,
             "do not follow redirects: report the 3xx and its Location"),
    CLI_REQUEST_OUTPUT_OPTS,
    CLI_OPT_END,
};

const struct cli_command cli_cmd_request = {
    .name = "request",
    .args =
        "[NAME] METHOD PATH [-H 'K: V']... [-q K=V]... [-d DATA|@FILE | "
        "-F K=V|K=@FILE... | --data-urlencode K=V...] [-L|--no-follow] "
        "[--var K=V]... [--save REQ] [-i] [--json] [--filter EXPR] [--pretty] "
        "[--raw] "
        "[-o FILE] [--curl]; [NAME] --from-curl 'curl ...'",
    .min_args = 0,
    .max_args = 3,
    .opts = cli_request_opts,
    .summary = "Send a request through an integration and print the answer.",
    .help =
        "The integration's credentials and extra headers and query\n"
        "parameters are applied (without NAME: the default integration's);\n"
        "PATH is joined onto its base URL. Redirects are followed (up to\n"
        "10) unless the integration says not to (--follow-redirects no) or\n"
        "--no-follow is given, but credentials never go to another host.\n"
        "A multipart body (-F) is built by libcurl; the history keeps its\n"
        "part names, values and file names and sizes, never the files.\n"
        "\n"
        "Bodies stream, whatever their size. To a pipe or a file they are\n"
        "written byte for byte. To a terminal, control characters, bidi\n"
        "and invisible characters are shown escaped (\\x1b, <U+202E>), and\n"
        "a binary body is replaced by a note of its size and type. JSON\n"
        "bodies are pretty-printed when standard output is a terminal, or\n"
        "with --pretty; where a body declared JSON (or asked for with\n"
        "--pretty) stops being valid JSON, tether says so on standard error\n"
        "and writes the rest as received.\n"
        "{{NAME}} in PATH, -q, -H and -d is filled from the integration's\n"
        "variables (tether var), then --var K=V; {{env.X}} is the\n"
        "environment variable X. One that nothing sets is an error, and\n"
        "nothing is sent. --save REQ keeps the request, references\n"
        "unfilled, for tether run.\n"
        "Every request sent is kept in the history (tether history),\n"
        "secrets redacted, with the first 64 KiB of the response body.\n"
        "Exit status: 0 for a response below 400, 1 for 400 and above,\n"
        "when no response came, or when the output is not the whole body\n"
        "(cut, not valid JSON with --pretty, a write failed), 2 for a\n"
        "usage error.\n",
    .run = cli_request_run,
};
