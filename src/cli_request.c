/* cli_request.c — `tether request`: send one request through an
 * integration and print the answer. */
#include <cJSON.h>
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli_cmd.h"
#include "exchange.h"
#include "history.h"
#include "jsonfmt.h"
#include "validate.h"

struct cli_req {
    bool include, json, curl, pretty;
    const char *out_file, *data;
    long timeout_ms, connect_timeout_ms;
    struct kv_list headers, query;
    char *method, *path;
    char *body;
    size_t body_len;
};

static void
cli_req_free(struct cli_req *r)
{
    kv_list_free(&r->headers);
    kv_list_free(&r->query);
    free(r->method);
    free(r->path);
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
    r->include = cli_args_has(a, "include");
    r->json = cli_args_has(a, "json");
    r->curl = cli_args_has(a, "curl");
    r->pretty = cli_args_has(a, "pretty");
    r->out_file = cli_args_get(a, "output");
    r->data = cli_args_get(a, "data");
    const char *v;
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
    /* NAME METHOD PATH, or METHOD PATH through the default integration. */
    char *const *mp = a->argc == 3 ? a->argv + 1 : a->argv;
    if (validate_header_name("method", mp[0], &e) != TS_OK ||
        validate_path("path", mp[1], &r->path, &e) != TS_OK)
        return cli_fail(ctx, &e);
    r->method = strdup(mp[0]);
    for (char *m = r->method; m && *m; m++)
        *m = (char)(*m >= 'a' && *m <= 'z' ? *m - 32 : *m);
    if (r->data != NULL && (rc = cli_req_body(ctx, r)) != 0)
        return rc;
    return r->method ? 0 : 1;
}

static bool
cli_req_has_header(const struct kv_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++) {
        if (strcasecmp(l->items[i].key, name) == 0)
            return true;
    }
    return false;
}

/* A body that starts like JSON is sent as JSON unless told otherwise. */
static bool
cli_req_default_type(struct cli_req *r)
{
    if (r->body == NULL || cli_req_has_header(&r->headers, "Content-Type"))
        return true;
    const char *p = r->body;
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    if (*p != '{' && *p != '[')
        return true;
    return kv_list_add(&r->headers, "Content-Type", "application/json");
}

static bool
cli_req_is_json(const struct http_response *resp)
{
    return jsonfmt_looks_like(resp->content_type, resp->body, resp->body_len);
}

/* Whether body[0..len) is UTF-8 text without NUL bytes. */
static bool
cli_req_is_text(const char *body, size_t len)
{
    const unsigned char *p = (const unsigned char *)body, *end = p + len;
    while (p < end) {
        size_t n = *p < 0x80             ? 1
                   : (*p & 0xE0) == 0xC0 ? 2
                   : (*p & 0xF0) == 0xE0 ? 3
                   : (*p & 0xF8) == 0xF0 ? 4
                                         : 0;
        if (n == 0 || *p == 0 || (size_t)(end - p) < n)
            return false;
        for (size_t i = 1; i < n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
        }
        p += n;
    }
    return true;
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
    if (cli_req_is_text(resp->body, resp->body_len)) {
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

/* The body: JSON pretty-printed by jsonfmt (streamed, with colours on a
 * terminal unless NO_COLOR is set) when standard output is a terminal or
 * --pretty was given; anything else, and JSON that does not parse, as
 * received. */
static void
cli_req_print_body(struct cli_ctx *ctx, const struct cli_req *r,
                   const struct http_response *resp)
{
    if ((ctx->stdout_tty || r->pretty) && cli_req_is_json(resp)) {
        const char *nc = getenv("NO_COLOR");
        unsigned flags = ctx->stdout_tty && (nc == NULL || nc[0] == '\0')
                             ? JSONFMT_COLOR
                             : 0;
        struct err e = {0};
        if (jsonfmt_write_file(resp->body, resp->body_len, flags, ctx->out,
                               NULL, &e) == TS_OK)
            return;
    }
    fwrite(resp->body, 1, resp->body_len, ctx->out);
    if (ctx->stdout_tty && resp->body_len > 0 &&
        resp->body[resp->body_len - 1] != '\n')
        fputc('\n', ctx->out);
}

static int
cli_req_output(struct cli_ctx *ctx, const struct cli_req *r,
               const struct http_response *resp)
{
    if (resp->failure != HTTP_OK) {
        fprintf(ctx->errs, "tether: %s\n", resp->failure_msg);
        return 1;
    }
    if (r->json) {
        if (cli_print_json(ctx, cli_req_envelope(resp)) != 0)
            return 1;
    } else {
        if (r->include) {
            fprintf(ctx->out, "%s\n",
                    resp->status_line ? resp->status_line : "");
            for (size_t i = 0; i < resp->headers.n; i++)
                fprintf(ctx->out, "%s: %s\n", resp->headers.items[i].key,
                        resp->headers.items[i].value);
            fputc('\n', ctx->out);
        }
        if (r->out_file == NULL)
            cli_req_print_body(ctx, r, resp);
    }
    if (resp->truncated && r->out_file == NULL)
        fprintf(ctx->errs,
                "tether: warning: the body was cut at %zu bytes of %zu\n",
                resp->body_len, resp->size);
    if (resp->credentials_dropped)
        fprintf(ctx->errs,
                "tether: note: redirected to another host (%s); the "
                "credentials were not sent there\n",
                resp->effective_url);
    return resp->status >= 400 ? 1 : 0;
}

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
    struct err e = {0};
    FILE *sink = NULL;
    if (r->out_file != NULL) {
        if ((sink = fopen(r->out_file, "wb")) == NULL) {
            fprintf(ctx->errs, "tether: output: cannot write %s: %s\n",
                    r->out_file, strerror(errno));
            return 1;
        }
        /* The whole body goes to the file; memory keeps what the history
         * keeps. */
        req.sink = sink;
        req.max_body = HISTORY_BODY_MAX;
    }
    if (ig->net.insecure)
        cli_warn(ctx, "TLS verification is off for %s", ig->name);
    struct http_response resp;
    tstatus s = exchange_send(st, ig, &req, &resp, &e);
    if (sink != NULL && fclose(sink) != 0 && s == TS_OK) {
        fprintf(ctx->errs, "tether: output: cannot write %s: %s\n", r->out_file,
                strerror(errno));
        http_response_free(&resp);
        return 1;
    }
    int rc = resp.url != NULL ? cli_req_output(ctx, r, &resp) : 0;
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
    if (rc == 0 && !cli_req_default_type(&r)) {
        fprintf(ctx->errs, "tether: out of memory\n");
        rc = 1;
    }
    struct store *st = rc == 0 ? cli_store(ctx) : NULL;
    if (rc == 0 && st == NULL)
        rc = 1;
    struct integration *ig = NULL;
    struct err e = {0};
    if (rc == 0 &&
        cli_get_or_default(st, a->argc == 3 ? a->argv[0] : NULL,
                           STORE_WITH_SECRETS | STORE_SECRETS_TOLERANT, &ig,
                           &e) != TS_OK)
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
              "A body starting with { or [ is sent as application/json "
              "unless -H gives a Content-Type"),
    CLI_FLAG("include", 'i', "print the status line and headers first"),
    CLI_FLAG("json", 0, "print an envelope: status, headers, timings, body"),
    CLI_FLAG("pretty", 0,
             "pretty-print a JSON body even when standard output is not a "
             "terminal"),
    CLI_VALUE("output", 'o', "FILE", "write the body to FILE"),
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
    .args = "[NAME] METHOD PATH [-H 'K: V']... [-q K=V]... [-d DATA|@FILE] "
            "[-i] [--json] [--pretty] [-o FILE] [--curl]",
    .min_args = 2,
    .max_args = 3,
    .opts = cli_request_opts,
    .summary = "Send a request through an integration and print the answer.",
    .help =
        "The integration's credentials and extra headers and query\n"
        "parameters are applied (without NAME: the default integration's);\n"
        "PATH is joined onto its base URL. Redirects are followed (up to 10), "
        "but credentials\n"
        "never go to another host.\n"
        "\n"
        "JSON bodies are pretty-printed (streamed, any size) when standard\n"
        "output is a terminal, or with --pretty.\n"
        "Every request sent is kept in the history (tether history),\n"
        "secrets redacted.\n"
        "Exit status: 0 for a response below 400, 1 for 400 and above or\n"
        "when no response came, 2 for a usage error.\n",
    .run = cli_request_run,
};
