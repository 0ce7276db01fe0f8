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
#include "exchange.h"
#include "history.h"
#include "jsonpath.h"
#include "ratelimit.h"
#include "validate.h"

struct cli_req {
    bool json, curl;
    struct cli_body_opts out; /* -i, --pretty, --raw, -o */
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

static int
cli_req_args(struct cli_ctx *ctx, const struct cli_args *a, struct cli_req *r)
{
    int rc;
    r->out.include = cli_args_has(a, "include");
    r->json = cli_args_has(a, "json");
    r->curl = cli_args_has(a, "curl");
    r->out.pretty = cli_args_has(a, "pretty");
    r->out.raw = cli_args_has(a, "raw");
    r->out.out_file = cli_args_get(a, "output");
    r->data = cli_args_get(a, "data");
    const char *v = cli_args_get(a, "filter");
    if (v != NULL && (r->json || r->out.include || r->out.raw ||
                      r->out.out_file != NULL || r->curl))
        return cli_usage(ctx, &cli_cmd_request,
                         "--filter prints one value; it goes without --json, "
                         "-i, --raw, -o and --curl");
    struct err fe = {0};
    if (v != NULL && jsonpath_parse(v, &r->filter, &fe) != TS_OK)
        return cli_fail(ctx, &fe);
    for (size_t i = 0; (v = cli_args_value(a, "header", i)) != NULL; i++)
        if ((rc = cli_req_add_kv(ctx, true, v, &r->headers)) != 0)
            return rc;
    for (size_t i = 0; (v = cli_args_value(a, "query", i)) != NULL; i++)
        if ((rc = cli_req_add_kv(ctx, false, v, &r->query)) != 0)
            return rc;
    if ((rc = cli_req_limit(ctx, a, "timeout", &r->timeout_ms)) != 0 ||
        (rc = cli_req_limit(ctx, a, "connect-timeout",
                            &r->connect_timeout_ms)) != 0)
        return rc;
    struct err e = {0};
    if (validate_header_name("method", a->argv[1], &e) != TS_OK ||
        validate_path("path", a->argv[2], &r->path, &e) != TS_OK)
        return cli_fail(ctx, &e);
    r->method = strdup(a->argv[1]);
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

/* Send and write the answer. Without --json the body streams through a
 * cli_body (any size; memory keeps the prefix the history stores). */
static int
cli_req_send(struct cli_ctx *ctx, struct store *st, struct integration *ig,
             struct cli_req *r)
{
    struct http_request req = {
        .method = r->method,
        .path = r->path,
        .query = &r->query,
        .headers = &r->headers,
        .body = r->body,
        .body_len = r->body_len,
        .timeout_ms = r->timeout_ms,
        .connect_timeout_ms = r->connect_timeout_ms,
    };
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

static int
cli_request_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct cli_req r = {0};
    int rc = cli_req_args(ctx, a, &r);
    /* The exchange's rule, added here already so that --curl shows it. */
    if (rc == 0 && !exchange_add_default_type(&r.headers, r.body, r.body_len)) {
        fprintf(ctx->errs, "tether: out of memory\n");
        rc = 1;
    }
    struct store *st = rc == 0 ? cli_store(ctx) : NULL;
    if (rc == 0 && st == NULL)
        rc = 1;
    struct integration *ig = NULL;
    struct err e = {0};
    if (rc == 0 &&
        store_get(st, a->argv[0], STORE_WITH_SECRETS | STORE_SECRETS_TOLERANT,
                  &ig, &e) != TS_OK)
        rc = cli_fail(ctx, &e);
    if (rc == 0 && r.curl) {
        struct http_request req = {.method = r.method,
                                   .path = r.path,
                                   .query = &r.query,
                                   .headers = &r.headers,
                                   .body = r.body,
                                   .body_len = r.body_len,
                                   .timeout_ms = r.timeout_ms,
                                   .connect_timeout_ms = r.connect_timeout_ms};
        char *cmd = NULL;
        if (http_curl_command(ig, &req, &cmd, &e) != TS_OK)
            rc = cli_fail(ctx, &e);
        else
            fprintf(ctx->out, "%s\n", cmd);
        free(cmd);
    } else if (rc == 0) {
        rc = cli_req_send(ctx, st, ig, &r);
    }
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
    CLI_FLAG("include", 'i', "print the status line and headers first"),
    CLI_FLAG("json", 0,
             "print an envelope: status, headers, timings, the rate-limit "
             "headers, body"),
    CLI_VALUE("filter", 0, "EXPR",
              "print only the value EXPR selects in a JSON body, as JSON: a "
              "JSON Pointer (/items/0/id) or a path (.items[0].id); a value "
              "that is not there is an error naming the missing key"),
    CLI_FLAG("pretty", 0,
             "pretty-print a JSON body even when standard output is not a "
             "terminal"),
    CLI_FLAG("raw", 0, "write the body as received even to a terminal"),
    CLI_VALUE("output", 'o', "FILE",
              "write the body to FILE, as received (replaced once the body is "
              "complete; - is standard output)"),
    CLI_FLAG("curl", 0,
             "print the equivalent curl command, with each secret as a shell "
             "variable ($API_KEY, $PASSWORD, $ACCESS_TOKEN), instead of "
             "sending"),
    CLI_VALUE("timeout", 0, "S",
              "total time limit (default: the integration's, 30 s)"),
    CLI_VALUE("connect-timeout", 0, "S",
              "connection time limit (default 10 s)"),
    CLI_OPT_END,
};

const struct cli_command cli_cmd_request = {
    .name = "request",
    .args = "NAME METHOD PATH [-H 'K: V']... [-q K=V]... [-d DATA|@FILE] "
            "[-i] [--json] [--filter EXPR] [--pretty] [--raw] [-o FILE] "
            "[--curl]",
    .min_args = 3,
    .max_args = 3,
    .opts = cli_request_opts,
    .summary = "Send a request through an integration and print the answer.",
    .help =
        "The integration's credentials are applied; PATH is joined onto\n"
        "its base URL. Redirects are followed (up to 10), but credentials\n"
        "never go to another host.\n"
        "\n"
        "Bodies stream, whatever their size. To a pipe or a file they are\n"
        "written byte for byte. To a terminal, control characters, bidi\n"
        "and invisible characters are shown escaped (\\x1b, <U+202E>), and\n"
        "a binary body is replaced by a note of its size and type. JSON\n"
        "bodies are pretty-printed when standard output is a terminal, or\n"
        "with --pretty; where a body declared JSON (or asked for with\n"
        "--pretty) stops being valid JSON, tether says so on standard error\n"
        "and writes the rest as received.\n"
        "Every request sent is kept in the history (tether history),\n"
        "secrets redacted, with the first 64 KiB of the response body.\n"
        "Exit status: 0 for a response below 400, 1 for 400 and above,\n"
        "when no response came, or when the output is not the whole body\n"
        "(cut, not valid JSON with --pretty, a write failed), 2 for a\n"
        "usage error.\n",
    .run = cli_request_run,
};
