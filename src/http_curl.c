/* http_curl.c — a request as an equivalent curl command, secrets replaced
 * by shell variables. */
#define _GNU_SOURCE /* asprintf */
#include "http_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Stands for "the secret of this request's auth method" in text to quote. */
#define AUTH_MARK "\x01"

struct secret_var {
    const char *value;
    const char *var;
};

#define SECRET_VARS_MAX (8 + MODEL_EXTRAS_MAX)
/* Variable names of secret extras: X-Tenant gives $X_TENANT. */
struct extra_vars {
    char names[MODEL_EXTRAS_MAX][72];
};

static void
extra_var_name(const struct extra *x, char *buf, size_t len)
{
    size_t k = 0;
    for (const char *p = x->name; *p && k + 1 < len; p++) {
        char c = *p;
        buf[k++] = c >= 'a' && c <= 'z' ? (char)(c - 32)
                   : (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c
                                                                      : '_';
    }
    buf[k] = '\0';
    if (k == 0 || (buf[0] >= '0' && buf[0] <= '9'))
        snprintf(buf, len, "SECRET_%zu", k);
}

/* The integration's secrets that are in memory, with their variables. */
static size_t
secret_vars(const struct integration *ig, const char *auth_var,
            struct extra_vars *ev, struct secret_var out[SECRET_VARS_MAX])
{
    const struct secret_var all[] = {
        {AUTH_MARK, auth_var},
        {ig->api_key.key.value, "API_KEY"},
        {ig->basic.password.value, "PASSWORD"},
        {ig->oauth.client_secret.value, "CLIENT_SECRET"},
        {ig->oauth.tokens.access_token.value, "ACCESS_TOKEN"},
        {ig->oauth.tokens.refresh_token.value, "REFRESH_TOKEN"},
        {ig->net.proxy_password.value, "PROXY_PASSWORD"},
        {ig->net.client_key_pass.value, "CLIENT_KEY_PASS"},
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (all[i].value != NULL && all[i].value[0] != '\0' && all[i].var)
            out[n++] = all[i];
    }
    for (size_t i = 0; i < ig->extras.n && i < MODEL_EXTRAS_MAX; i++) {
        const struct extra *x = &ig->extras.items[i];
        if (!x->is_secret || x->secret.value == NULL || !x->secret.value[0])
            continue;
        extra_var_name(x, ev->names[i], sizeof ev->names[i]);
        out[n++] = (struct secret_var){x->secret.value, ev->names[i]};
    }
    return n;
}

/* Append the n bytes at `text` quoted for a POSIX shell: literal runs in
 * single quotes, an apostrophe as \', each secret replaced by "$VAR". Reads
 * exactly n bytes; `text` needs no terminating NUL. */
static bool
quote_n(struct http_buf *b, const char *text, size_t n,
        const struct secret_var *sv, size_t nsv)
{
    bool ok = http_buf_str(b, " "), open = false, empty = true;
    const char *end = text + n;
    for (const char *p = text; ok && p < end;) {
        size_t hit = nsv;
        for (size_t i = 0; i < nsv; i++) {
            size_t k = strlen(sv[i].value);
            if (k <= (size_t)(end - p) && memcmp(p, sv[i].value, k) == 0) {
                hit = i;
                break;
            }
        }
        bool literal = hit == nsv && *p != '\'';
        if (open != literal) {
            ok = http_buf_str(b, "'");
            open = literal;
        }
        if (hit < nsv) {
            ok = ok && http_buf_str(b, "\"$") && http_buf_str(b, sv[hit].var) &&
                 http_buf_str(b, "\"");
            p += strlen(sv[hit].value);
        } else if (*p == '\'') {
            ok = ok && http_buf_str(b, "\\'");
            p++;
        } else {
            ok = ok && http_buf_add(b, p++, 1);
        }
        empty = false;
    }
    if (open || empty)
        ok = ok && http_buf_str(b, empty ? "''" : "'");
    return ok;
}

/* quote_n() of a NUL-terminated string. */
static bool
quote(struct http_buf *b, const char *text, const struct secret_var *sv,
      size_t nsv)
{
    return quote_n(b, text, strlen(text), sv, nsv);
}

static const char *
auth_var(const struct integration *ig)
{
    switch (ig->auth) {
    case AUTH_API_KEY:
        return "API_KEY";
    case AUTH_BASIC:
    case AUTH_DIGEST:
        return "PASSWORD";
    case AUTH_OAUTH2:
        return "ACCESS_TOKEN";
    default:
        return NULL;
    }
}

/* A file name for curl's -F: in double quotes (with \\ and \" escaped)
 * when it holds a character -F would read as syntax. */
static bool
add_form_word(struct http_buf *b, const char *w)
{
    if (strpbrk(w, ";,\"") == NULL)
        return http_buf_str(b, w);
    bool ok = http_buf_str(b, "\"");
    for (const char *p = w; ok && *p; p++)
        ok = (*p != '"' && *p != '\\' ? true : http_buf_str(b, "\\")) &&
             http_buf_add(b, p, 1);
    return ok && http_buf_str(b, "\"");
}

/* The parts of a multipart body as curl -F (files) and --form-string
 * (values, which -F would read @ and < in). */
static bool
add_parts(struct http_buf *b, const struct http_request *req,
          const struct secret_var *sv, size_t nsv)
{
    bool ok = true;
    for (size_t i = 0; ok && i < req->nparts; i++) {
        const struct http_part *p = &req->parts[i];
        struct http_buf w = {0};
        ok = http_buf_str(&w, p->name) && http_buf_str(&w, "=");
        if (ok && p->file != NULL) {
            ok = http_buf_str(&w, "@") && add_form_word(&w, p->file);
            if (ok && p->filename != NULL)
                ok = http_buf_str(&w, ";filename=") &&
                     add_form_word(&w, p->filename);
            if (ok && p->type != NULL)
                ok = http_buf_str(&w, ";type=") && http_buf_str(&w, p->type);
        } else if (ok) {
            ok = http_buf_add(&w, p->data ? p->data : "", p->data_len);
        }
        ok = ok &&
             http_buf_str(b, p->file != NULL ? " -F" : " --form-string") &&
             quote_n(b, w.data, w.len, sv, nsv);
        if (w.data != NULL)
            sodium_memzero(w.data, w.len);
        http_buf_free(&w);
    }
    return ok;
}

static bool
add_opt_num(struct http_buf *b, const char *opt, long ms)
{
    char num[64];
    snprintf(num, sizeof num, " %s %.3g", opt, (double)ms / 1000);
    return http_buf_str(b, num);
}

tstatus
http_curl_command(const struct integration *ig, const struct http_request *req,
                  char **out, struct err *e)
{
    const char *nul =
        req->body != NULL ? memchr(req->body, '\0', req->body_len) : NULL;
    if (nul != NULL)
        return err_set(e, TS_INVALID, "body",
                       "the body holds a NUL byte (at byte %zu), which a "
                       "command line cannot carry: save the body to a file "
                       "and give curl --data-binary @FILE",
                       (size_t)(nul - req->body));
    char *url = NULL;
    tstatus st = http_build_url(ig, req, &url, e);
    if (st != TS_OK)
        return st;
    struct secret_var sv[SECRET_VARS_MAX];
    struct extra_vars ev;
    size_t nsv = secret_vars(ig, auth_var(ig), &ev, sv);
    bool auth = !req->no_auth && ig->auth != AUTH_NONE;
    const char *method = req->method && req->method[0] ? req->method : "GET";
    struct http_buf b = {0};
    bool ok = http_buf_str(&b, "curl");
    if (strcmp(method, "GET") != 0 &&
        !(strcmp(method, "POST") == 0 && req->body != NULL))
        ok = ok && http_buf_str(&b, " -X") && quote(&b, method, sv, nsv);
    for (size_t i = 0; ok && req->headers && i < req->headers->n; i++) {
        char *line;
        const struct kv *h = &req->headers->items[i];
        if (asprintf(&line, "%s: %s", h->key, h->value) < 0)
            ok = false;
        else {
            ok = http_buf_str(&b, " -H") && quote(&b, line, sv, nsv);
            free(line);
        }
    }
    /* The integration's extra headers, as http.c sends them. */
    const char *auth_name = auth ? http_auth_header_name(ig) : NULL;
    for (size_t i = 0; ok && !req->no_auth && i < ig->extras.n; i++) {
        const struct extra *x = &ig->extras.items[i];
        bool mine = false;
        for (size_t k = 0; req->headers && k < req->headers->n; k++)
            mine |= strcasecmp(req->headers->items[k].key, x->name) == 0;
        if (x->kind != EXTRA_HEADER || mine ||
            (auth_name && strcasecmp(auth_name, x->name) == 0))
            continue;
        const char *v =
            x->is_secret ? x->secret.value : extra_plain_value(ig, x);
        char *line;
        if (asprintf(&line, "%s: %s", x->name, v ? v : "") < 0) {
            ok = false;
        } else {
            ok = http_buf_str(&b, " -H") && quote(&b, line, sv, nsv);
            free(line);
        }
    }
    if (ok && auth && http_auth_header_name(ig) != NULL) {
        char *line = http_auth_header_line(ig, AUTH_MARK);
        ok = line && http_buf_str(&b, " -H") && quote(&b, line, sv, nsv);
        free(line);
    }
    if (ok && auth && ig->auth == AUTH_DIGEST)
        ok = http_buf_str(&b, " --digest");
    if (ok && auth && auth_method_has_password(ig->auth)) {
        char *user;
        if (asprintf(&user, "%s:%s",
                     ig->basic.username ? ig->basic.username : "",
                     AUTH_MARK) < 0)
            ok = false;
        else {
            ok = http_buf_str(&b, " -u") && quote(&b, user, sv, nsv);
            free(user);
        }
    }
    if (ok && req->body != NULL) {
        ok = http_buf_str(&b, " --data-binary") &&
             quote_n(&b, req->body, req->body_len, sv, nsv);
    } else if (ok && req->nparts > 0) {
        ok = add_parts(&b, req, sv, nsv);
    }
    long cto = req->connect_timeout_ms > 0 ? req->connect_timeout_ms
                                           : ig->net.connect_timeout_ms;
    long to = req->timeout_ms > 0 ? req->timeout_ms : ig->net.timeout_ms;
    ok = ok &&
         add_opt_num(&b, "--connect-timeout",
                     cto > 0 ? cto : MODEL_DEFAULT_CONNECT_TIMEOUT_MS) &&
         add_opt_num(&b, "--max-time", to > 0 ? to : MODEL_DEFAULT_TIMEOUT_MS);
    if (ok && ig->net.ca_bundle != NULL)
        ok = http_buf_str(&b, " --cacert") &&
             quote(&b, ig->net.ca_bundle, sv, nsv);
    if (ok && ig->net.client_cert != NULL)
        ok = http_buf_str(&b, " --cert") &&
             quote(&b, ig->net.client_cert, sv, nsv);
    if (ok && ig->net.client_key != NULL)
        ok = http_buf_str(&b, " --key") &&
             quote(&b, ig->net.client_key, sv, nsv);
    if (ok && ig->net.client_key_pass.value != NULL &&
        ig->net.client_key_pass.value[0] != '\0')
        ok = http_buf_str(&b, " --pass") &&
             quote(&b, ig->net.client_key_pass.value, sv, nsv);
    if (ok && ig->net.insecure)
        ok = http_buf_str(&b, " --insecure");
    if (ok && ig->net.no_proxy)
        ok = http_buf_str(&b, " --noproxy '*'");
    else if (ok && ig->net.proxy != NULL) {
        ok = http_buf_str(&b, " --proxy") && quote(&b, ig->net.proxy, sv, nsv);
        if (ok && ig->net.proxy_user != NULL) {
            char *up = NULL;
            if (asprintf(&up, "%s:%s", ig->net.proxy_user,
                         ig->net.proxy_password.value
                             ? ig->net.proxy_password.value
                             : "") < 0)
                ok = false;
            else {
                ok =
                    http_buf_str(&b, " --proxy-user") && quote(&b, up, sv, nsv);
                sodium_memzero(up, strlen(up));
                free(up);
            }
        }
    }
    /* curl keeps a custom API key header (and a secret extra header) on a
     * redirect to another host; tether does not. Only follow where curl
     * drops the credentials too. */
    bool secret_header = false;
    for (size_t i = 0; !req->no_auth && i < ig->extras.n; i++)
        secret_header |= ig->extras.items[i].is_secret &&
                         ig->extras.items[i].kind == EXTRA_HEADER;
    bool follow = !req->no_redirects &&
                  (ig->net.follow_redirects || req->follow_redirects);
    if (ok && follow && !(auth && ig->auth == AUTH_API_KEY) && !secret_header)
        ok = http_buf_str(&b, " --location --max-redirs 10");
    if (ok && auth && ig->auth == AUTH_API_KEY &&
        ig->api_key.placement == KEY_IN_QUERY) {
        /* The variable must hold the key already percent-encoded. */
        char *full = http_url_add_query(url, ig->api_key.header, "");
        char *marked = NULL;
        if (full == NULL || asprintf(&marked, "%s%s", full, AUTH_MARK) < 0)
            ok = false;
        else
            ok = quote(&b, marked, sv, nsv);
        free(full);
        free(marked);
    } else {
        ok = ok && quote(&b, url, sv, nsv);
    }
    free(url);
    if (!ok) {
        http_buf_free(&b);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    *out = b.data;
    return TS_OK;
}
