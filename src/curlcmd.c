/* curlcmd.c — see curlcmd.h. */
#define _GNU_SOURCE /* strcasestr */
#include "curlcmd.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* The largest file -d @FILE and -F NAME=<FILE read into memory. */
#define CURLCMD_FILE_MAX (64 << 20)

/* ---- words ------------------------------------------------------------- */

/* A growable string. */
struct cc_buf {
    char *p;
    size_t len, cap;
    bool nomem;
};

static void
cc_put(struct cc_buf *b, const char *s, size_t n)
{
    if (b->nomem)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *g = realloc(b->p, cap);
        if (g == NULL) {
            b->nomem = true;
            return;
        }
        b->p = g;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void
cc_putc(struct cc_buf *b, char c)
{
    cc_put(b, &c, 1);
}

static void
cc_wipe(struct cc_buf *b)
{
    if (b->p != NULL)
        sodium_memzero(b->p, b->cap);
    free(b->p);
    *b = (struct cc_buf){0};
}

void
curlcmd_words_free(char **words, size_t n)
{
    if (words == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        if (words[i] != NULL)
            sodium_memzero(words[i], strlen(words[i]));
        free(words[i]);
    }
    free(words);
}

static int
hexval(int c)
{
    return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

/* One $'...' string from p (just after the quote); returns the position
 * after the closing quote, or NULL when it does not end. */
static const char *
ansi_c_quote(const char *p, struct cc_buf *w)
{
    static const char from[] = "abefnrtv\\'\"?",
                      to[] = "\a\b\x1b\f\n\r\t\v\\'\"?";
    while (*p && *p != '\'') {
        if (*p != '\\' || p[1] == '\0') {
            cc_putc(w, *p++);
            continue;
        }
        p++;
        const char *hit = strchr(from, *p);
        if (hit != NULL) {
            cc_putc(w, to[hit - from]);
            p++;
        } else if (*p == 'x' && hexval((unsigned char)p[1]) >= 0) {
            int v = hexval((unsigned char)p[1]);
            p += 2;
            if (hexval((unsigned char)*p) >= 0)
                v = v * 16 + hexval((unsigned char)*p++);
            cc_putc(w, (char)v);
        } else if (*p >= '0' && *p <= '7') {
            int v = 0;
            for (int k = 0; k < 3 && *p >= '0' && *p <= '7'; k++)
                v = v * 8 + (*p++ - '0');
            cc_putc(w, (char)v);
        } else {
            cc_putc(w, '\\');
            cc_putc(w, *p++);
        }
    }
    return *p == '\'' ? p + 1 : NULL;
}

/* Append a finished word to the list. */
static bool
add_word(char ***words, bool **exp, size_t *n, struct cc_buf *w, bool expands)
{
    char **g = realloc(*words, (*n + 2) * sizeof **words);
    if (g == NULL)
        return false;
    *words = g;
    bool *x = realloc(*exp, (*n + 1) * sizeof **exp);
    if (x == NULL)
        return false;
    *exp = x;
    g[*n] = w->p ? w->p : strdup("");
    if (g[*n] == NULL)
        return false;
    x[*n] = expands;
    (*n)++;
    g[*n] = NULL;
    *w = (struct cc_buf){0};
    return true;
}

tstatus
curlcmd_split(const char *line, char ***words, size_t *n, bool **expands,
              struct err *e)
{
    char **v = NULL;
    bool *x = NULL;
    size_t count = 0;
    struct cc_buf w = {0};
    bool in_word = false, exp = false;
    tstatus st = TS_OK;
    const char *p = line;
    while (st == TS_OK && *p) {
        char c = *p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (in_word && !add_word(&v, &x, &count, &w, exp))
                st = err_set(e, TS_NOMEM, NULL, "out of memory");
            in_word = exp = false;
            p++;
        } else if (c == '\\') {
            if (p[1] == '\n' || (p[1] == '\r' && p[2] == '\n')) {
                p += p[1] == '\r' ? 3 : 2; /* a line continuation */
            } else if (p[1] == '\0') {
                p++;
            } else {
                cc_putc(&w, p[1]);
                in_word = true;
                p += 2;
            }
        } else if (c == '\'') {
            const char *end = strchr(p + 1, '\'');
            if (end == NULL)
                st = err_set(e, TS_INVALID, "curl",
                             "a single quote (') is not closed");
            else {
                cc_put(&w, p + 1, (size_t)(end - p - 1));
                in_word = true;
                p = end + 1;
            }
        } else if (c == '$' && p[1] == '\'') {
            if ((p = ansi_c_quote(p + 2, &w)) == NULL)
                st = err_set(e, TS_INVALID, "curl",
                             "a $'...' string is not closed");
            in_word = true;
        } else if (c == '"') {
            p++;
            while (*p && *p != '"') {
                if (*p == '\\' && p[1] && strchr("$`\"\\\n", p[1])) {
                    if (p[1] != '\n')
                        cc_putc(&w, p[1]);
                    p += 2;
                    continue;
                }
                if (*p == '$' || *p == '`')
                    exp = true;
                cc_putc(&w, *p++);
            }
            if (*p != '"')
                st = err_set(e, TS_INVALID, "curl",
                             "a double quote (\") is not closed");
            else
                p++;
            in_word = true;
        } else if (!in_word && c == '#') {
            while (*p && *p != '\n')
                p++;
        } else if (strchr(";|&<>()", c) != NULL) {
            st = err_set(e, TS_INVALID, "curl",
                         "'%c' outside quotes is shell syntax; tether runs no "
                         "shell: paste one curl command, with any URL that "
                         "holds '&' in quotes",
                         c);
        } else {
            if (c == '$' || c == '`')
                exp = true;
            cc_putc(&w, c);
            in_word = true;
            p++;
        }
    }
    if (st == TS_OK && in_word && !add_word(&v, &x, &count, &w, exp))
        st = err_set(e, TS_NOMEM, NULL, "out of memory");
    if (st == TS_OK && w.nomem)
        st = err_set(e, TS_NOMEM, NULL, "out of memory");
    cc_wipe(&w);
    if (st == TS_OK && v == NULL && (v = calloc(1, sizeof *v)) == NULL)
        st = err_set(e, TS_NOMEM, NULL, "out of memory");
    if (st != TS_OK) {
        curlcmd_words_free(v, count);
        free(x);
        return st;
    }
    *words = v;
    *n = count;
    if (expands != NULL)
        *expands = x;
    else
        free(x);
    return TS_OK;
}

/* ---- -F ---------------------------------------------------------------- */

/* Read all of a file (for -d @FILE and -F name=<FILE). */
static tstatus
read_file(const char *what, const char *path, char **out, size_t *len,
          struct err *e)
{
    if (strcmp(path, "-") == 0)
        return err_set(e, TS_INVALID, what,
                       "reading standard input (@-) is not possible here: "
                       "save the data to a file and give @FILE");
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return err_set(e, TS_INVALID, what, "cannot read %s: %s", path,
                       strerror(errno));
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) ||
        sb.st_size > CURLCMD_FILE_MAX) {
        fclose(f);
        return err_set(e, TS_INVALID, what,
                       "%s is not a regular file of at most %d MiB", path,
                       CURLCMD_FILE_MAX >> 20);
    }
    struct cc_buf b = {0};
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        cc_put(&b, chunk, got);
    bool bad = ferror(f);
    fclose(f);
    if (bad || b.nomem) {
        cc_wipe(&b);
        return err_set(e, bad ? TS_INVALID : TS_NOMEM, what,
                       bad ? "cannot read %s" : "out of memory", path);
    }
    if (b.p == NULL && (b.p = strdup("")) == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    *out = b.p;
    *len = b.len;
    return TS_OK;
}

/* One ';'-separated field of a -F value from *pp, unquoting "...". */
static char *
form_field(const char **pp)
{
    const char *p = *pp;
    struct cc_buf b = {0};
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++) {
            if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                p++;
            cc_putc(&b, *p);
        }
        if (*p == '"')
            p++;
    } else {
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        cc_put(&b, p, n);
        p += n;
    }
    *pp = p;
    if (b.nomem) {
        cc_wipe(&b);
        return NULL;
    }
    return b.p ? b.p : strdup("");
}

tstatus
curlcmd_form_part(const char *arg, struct http_part *out, struct err *e)
{
    *out = (struct http_part){0};
    const char *eq = strchr(arg, '=');
    if (eq == NULL || eq == arg)
        return err_set(e, TS_INVALID, "form",
                       "\"%s\" is not NAME=VALUE or NAME=@FILE", arg);
    const char *p = eq + 1;
    char kind = *p == '@' || *p == '<' ? *p++ : 0;
    char *value = NULL;
    bool ok = (out->name = strndup(arg, (size_t)(eq - arg))) != NULL;
    if (ok && kind == 0) {
        /* A plain value: up to ";type=" (curl's rule), else all of it. */
        const char *t = strstr(p, ";type=");
        size_t n = t ? (size_t)(t - p) : strlen(p);
        ok = (value = strndup(p, n)) != NULL;
        p += n;
    } else if (ok) {
        ok = (value = form_field(&p)) != NULL;
    }
    while (ok && *p == ';') {
        p++;
        char **slot = strncmp(p, "type=", 5) == 0       ? &out->type
                      : strncmp(p, "filename=", 9) == 0 ? &out->filename
                                                        : NULL;
        if (slot == NULL) {
            free(value);
            free(out->name);
            free(out->type);
            free(out->filename);
            *out = (struct http_part){0};
            return err_set(e, TS_INVALID, "form",
                           "\"%s\": after ';' only type= and filename= are "
                           "known",
                           arg);
        }
        p = strchr(p, '=') + 1;
        free(*slot);
        ok = (*slot = form_field(&p)) != NULL;
    }
    tstatus st = ok ? TS_OK : err_set(e, TS_NOMEM, NULL, "out of memory");
    if (st == TS_OK && kind == '@') {
        out->file = value;
        value = NULL;
    } else if (st == TS_OK && kind == '<') {
        st = read_file("form", value, &out->data, &out->data_len, e);
    } else if (st == TS_OK) {
        out->data = value;
        out->data_len = strlen(value);
        value = NULL;
    }
    free(value);
    if (st != TS_OK) {
        free(out->name);
        free(out->file);
        free(out->type);
        free(out->filename);
        *out = (struct http_part){0};
    }
    return st;
}

/* ---- options ----------------------------------------------------------- */

enum cc_kind {
    CC_REQUEST,
    CC_HEADER,
    CC_DATA,        /* -d: @FILE read, CR and LF dropped */
    CC_DATA_RAW,    /* no @ */
    CC_DATA_BINARY, /* @FILE read as it is */
    CC_DATA_URLENC,
    CC_JSON,
    CC_FORM,
    CC_FORM_STRING,
    CC_USER,
    CC_GET,
    CC_HEAD,
    CC_LOCATION,
    CC_INSECURE,
    CC_DIGEST,
    CC_MAX_TIME,
    CC_CONNECT_TIMEOUT,
    CC_AGENT,
    CC_REFERER,
    CC_COOKIE,
    CC_URL,
    CC_SKIP,     /* harmless flag: skipped, said */
    CC_SKIP_ARG, /* harmless option with a value: skipped, said */
    CC_REFUSE,   /* meaningful, but not for tether: refused */
};

struct cc_opt {
    const char *name; /* long, without "--" */
    char letter;
    bool arg;
    enum cc_kind kind;
};

static const struct cc_opt cc_opts[] = {
    {"request", 'X', true, CC_REQUEST},
    {"header", 'H', true, CC_HEADER},
    {"data", 'd', true, CC_DATA},
    {"data-ascii", 0, true, CC_DATA},
    {"data-raw", 0, true, CC_DATA_RAW},
    {"data-binary", 0, true, CC_DATA_BINARY},
    {"data-urlencode", 0, true, CC_DATA_URLENC},
    {"json", 0, true, CC_JSON},
    {"form", 'F', true, CC_FORM},
    {"form-string", 0, true, CC_FORM_STRING},
    {"user", 'u', true, CC_USER},
    {"get", 'G', false, CC_GET},
    {"head", 'I', false, CC_HEAD},
    {"location", 'L', false, CC_LOCATION},
    {"insecure", 'k', false, CC_INSECURE},
    {"digest", 0, false, CC_DIGEST},
    {"basic", 0, false, CC_SKIP},
    {"max-time", 'm', true, CC_MAX_TIME},
    {"connect-timeout", 0, true, CC_CONNECT_TIMEOUT},
    {"user-agent", 'A', true, CC_AGENT},
    {"referer", 'e', true, CC_REFERER},
    {"cookie", 'b', true, CC_COOKIE},
    {"url", 0, true, CC_URL},
    {"silent", 's', false, CC_SKIP},
    {"show-error", 'S', false, CC_SKIP},
    {"verbose", 'v', false, CC_SKIP},
    {"include", 'i', false, CC_SKIP},
    {"fail", 'f', false, CC_SKIP},
    {"compressed", 0, false, CC_SKIP},
    {"no-progress-meter", 0, false, CC_SKIP},
    {"progress-bar", '#', false, CC_SKIP},
    {"http1.1", 0, false, CC_SKIP},
    {"http2", 0, false, CC_SKIP},
    {"globoff", 'g', false, CC_SKIP},
    {"max-redirs", 0, true, CC_SKIP_ARG},
    {"output", 'o', true, CC_SKIP_ARG},
    {"proxy", 'x', true, CC_REFUSE},
    {"upload-file", 'T', true, CC_REFUSE},
    {"config", 'K', true, CC_REFUSE},
    {"cert", 'E', true, CC_REFUSE},
    {"key", 0, true, CC_REFUSE},
    {"oauth2-bearer", 0, true, CC_REFUSE},
};

static const struct cc_opt *
find_long(const char *name)
{
    for (size_t i = 0; i < sizeof cc_opts / sizeof *cc_opts; i++)
        if (strcmp(cc_opts[i].name, name) == 0)
            return &cc_opts[i];
    return NULL;
}

static const struct cc_opt *
find_short(char c)
{
    for (size_t i = 0; i < sizeof cc_opts / sizeof *cc_opts; i++)
        if (cc_opts[i].letter == c)
            return &cc_opts[i];
    return NULL;
}

static bool
set_str(char **dst, const char *v)
{
    free(*dst);
    return (*dst = strdup(v)) != NULL;
}

/* Add one piece of data to the body, '&' between pieces (curl's rule). */
static tstatus
add_data(struct curlcmd *c, enum cc_kind kind, const char *v, struct err *e)
{
    char *owned = NULL;
    size_t len = strlen(v);
    tstatus st = TS_OK;
    if ((kind == CC_DATA || kind == CC_DATA_BINARY || kind == CC_JSON) &&
        v[0] == '@') {
        if ((st = read_file("data", v + 1, &owned, &len, e)) != TS_OK)
            return st;
        if (kind == CC_DATA) {
            size_t k = 0;
            for (size_t i = 0; i < len; i++)
                if (owned[i] != '\r' && owned[i] != '\n')
                    owned[k++] = owned[i];
            len = k;
            owned[len] = '\0';
        }
        v = owned;
    } else if (kind == CC_DATA_URLENC) {
        const char *eq = strchr(v, '=');
        if (eq == NULL && strchr(v, '@') != NULL) {
            st = err_set(e, TS_INVALID, "data",
                         "--data-urlencode NAME@FILE is not supported here: "
                         "give NAME=VALUE");
            return st;
        }
        const char *content = eq ? eq + 1 : v;
        size_t nlen = eq && eq > v ? (size_t)(eq - v) : 0;
        char *enc = curl_easy_escape(NULL, content, (int)strlen(content));
        if (enc == NULL || (owned = malloc(nlen + strlen(enc) + 2)) == NULL) {
            curl_free(enc);
            return err_set(e, TS_NOMEM, NULL, "out of memory");
        }
        snprintf(owned, nlen + strlen(enc) + 2, "%.*s%s%s", (int)nlen, v,
                 nlen ? "=" : "", enc);
        curl_free(enc);
        v = owned;
        len = strlen(owned);
    }
    size_t old = c->body ? c->body_len + 1 : 0;
    char *g = realloc(c->body, old + len + 1);
    if (g == NULL)
        st = err_set(e, TS_NOMEM, NULL, "out of memory");
    else {
        if (old)
            g[old - 1] = '&';
        memcpy(g + old, v, len);
        g[old + len] = '\0';
        c->body = g;
        c->body_len = old + len;
    }
    if (owned != NULL) {
        sodium_memzero(owned, len);
        free(owned);
    }
    return st;
}

static tstatus
add_header(struct curlcmd *c, const char *name, const char *value,
           struct err *e)
{
    if (!kv_list_add(&c->headers, name, value))
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    return TS_OK;
}

/* "Name: value" from -H into the header list. */
static tstatus
add_header_line(struct curlcmd *c, const char *line, struct err *e)
{
    const char *colon = strchr(line, ':');
    const char *semi = strchr(line, ';');
    if (colon == NULL && semi != NULL && semi[1] == '\0') {
        /* "Name;" is curl's header with an empty value. */
        char *name = strndup(line, (size_t)(semi - line));
        tstatus st = name ? add_header(c, name, "", e)
                          : err_set(e, TS_NOMEM, NULL, "out of memory");
        free(name);
        return st;
    }
    if (colon == NULL || colon == line)
        return err_set(e, TS_INVALID, "header",
                       "-H \"%s\" is not a \"Name: value\" header", line);
    const char *v = colon + 1;
    while (*v == ' ' || *v == '\t')
        v++;
    if (*v == '\0')
        return TS_OK; /* "Name:" removes a header in curl: nothing to send */
    char *name = strndup(line, (size_t)(colon - line));
    tstatus st = name ? add_header(c, name, v, e)
                      : err_set(e, TS_NOMEM, NULL, "out of memory");
    free(name);
    return st;
}

static tstatus
add_part(struct curlcmd *c, const char *v, bool literal, struct err *e)
{
    struct http_part p = {0};
    tstatus st;
    if (literal) {
        const char *eq = strchr(v, '=');
        if (eq == NULL || eq == v)
            return err_set(e, TS_INVALID, "form", "\"%s\" is not NAME=VALUE",
                           v);
        p.name = strndup(v, (size_t)(eq - v));
        p.data = strdup(eq + 1);
        p.data_len = strlen(eq + 1);
        st = p.name && p.data ? TS_OK
                              : err_set(e, TS_NOMEM, NULL, "out of memory");
    } else {
        st = curlcmd_form_part(v, &p, e);
    }
    struct http_part *g =
        st == TS_OK ? realloc(c->parts, (c->nparts + 1) * sizeof *g) : NULL;
    if (st == TS_OK && g == NULL)
        st = err_set(e, TS_NOMEM, NULL, "out of memory");
    if (st != TS_OK) {
        free(p.name);
        free(p.data);
        free(p.file);
        free(p.type);
        free(p.filename);
        return st;
    }
    c->parts = g;
    c->parts[c->nparts++] = p;
    return TS_OK;
}

static tstatus
parse_seconds(const char *opt, const char *v, long *ms, struct err *e)
{
    char *end;
    double s = strtod(v, &end);
    if (*end != '\0' || !(s > 0) || s > 86400)
        return err_set(e, TS_INVALID, "curl",
                       "%s %s is not a number of seconds", opt, v);
    *ms = (long)(s * 1000 + 0.5);
    return TS_OK;
}

/* Append a word to a space-separated list. */
static tstatus
note_word(char **list, const char *word, struct err *e)
{
    size_t old = *list ? strlen(*list) : 0;
    char *g = realloc(*list, old + strlen(word) + 2);
    if (g == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    snprintf(g + old, strlen(word) + 2, "%s%s", old ? " " : "", word);
    *list = g;
    return TS_OK;
}

static tstatus
note_skipped(struct curlcmd *c, const char *opt, struct err *e)
{
    return note_word(&c->skipped, opt, e);
}

/* A -H whose value needs the shell: dropped, its name kept to say so. */
static tstatus
drop_unexpanded(struct curlcmd *c, const char *line, struct err *e)
{
    const char *colon = strchr(line, ':');
    char *name = strndup(line, colon ? (size_t)(colon - line) : strlen(line));
    if (name == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    tstatus st = note_word(&c->unexpanded, name, e);
    free(name);
    return st;
}

/* One option with its value (NULL for a flag); `as` is how it was written. */
static tstatus
apply_opt(struct curlcmd *c, const struct cc_opt *o, const char *as,
          const char *v, struct err *e)
{
    switch (o->kind) {
    case CC_REQUEST:
        return set_str(&c->method, v)
                   ? TS_OK
                   : err_set(e, TS_NOMEM, NULL, "out of memory");
    case CC_HEADER:
        return add_header_line(c, v, e);
    case CC_DATA:
    case CC_DATA_RAW:
    case CC_DATA_BINARY:
    case CC_DATA_URLENC:
        return add_data(c, o->kind, v, e);
    case CC_JSON: {
        tstatus st = add_data(c, o->kind, v, e);
        if (st == TS_OK)
            st = add_header(c, "Content-Type", "application/json", e);
        if (st == TS_OK)
            st = add_header(c, "Accept", "application/json", e);
        return st;
    }
    case CC_FORM:
    case CC_FORM_STRING:
        return add_part(c, v, o->kind == CC_FORM_STRING, e);
    case CC_USER:
        if (c->user != NULL)
            sodium_memzero(c->user, strlen(c->user));
        return set_str(&c->user, v)
                   ? TS_OK
                   : err_set(e, TS_NOMEM, NULL, "out of memory");
    case CC_GET:
        c->get = true;
        return TS_OK;
    case CC_HEAD:
        return set_str(&c->method, "HEAD")
                   ? TS_OK
                   : err_set(e, TS_NOMEM, NULL, "out of memory");
    case CC_LOCATION:
        c->follow = true;
        return TS_OK;
    case CC_INSECURE:
        c->insecure = true;
        return TS_OK;
    case CC_DIGEST:
        c->digest = true;
        return TS_OK;
    case CC_MAX_TIME:
        return parse_seconds(as, v, &c->timeout_ms, e);
    case CC_CONNECT_TIMEOUT:
        return parse_seconds(as, v, &c->connect_timeout_ms, e);
    case CC_AGENT:
        return add_header(c, "User-Agent", v, e);
    case CC_REFERER:
        return add_header(c, "Referer", v, e);
    case CC_COOKIE:
        if (strchr(v, '=') == NULL)
            return err_set(e, TS_INVALID, "curl",
                           "%s %s reads a cookie file, which tether does not: "
                           "give the cookie as -H 'Cookie: name=value'",
                           as, v);
        return add_header(c, "Cookie", v, e);
    case CC_URL:
        if (c->url != NULL)
            return err_set(e, TS_INVALID, "curl",
                           "the command names more than one URL (%s and %s): "
                           "tether sends one request",
                           c->url, v);
        return set_str(&c->url, v)
                   ? TS_OK
                   : err_set(e, TS_NOMEM, NULL, "out of memory");
    case CC_SKIP:
    case CC_SKIP_ARG:
        return note_skipped(c, as, e);
    case CC_REFUSE:
        return err_set(e, TS_INVALID, "curl",
                       "%s is not taken from a curl command: %s", as,
                       o->kind == CC_REFUSE && strcmp(o->name, "proxy") == 0
                           ? "set the integration's proxy (tether edit NAME "
                             "--proxy URL)"
                       : strcmp(o->name, "oauth2-bearer") == 0
                           ? "tokens are the integration's (tether authorize)"
                       : strcmp(o->name, "cert") == 0 ||
                               strcmp(o->name, "key") == 0
                           ? "set the integration's TLS client certificate "
                             "(tether edit NAME --client-cert FILE "
                             "--client-key FILE)"
                           : "remove it and try again");
    }
    return TS_OK;
}

/* The word after an option that needs one. */
static tstatus
need_value(char **w, size_t n, size_t *i, const char *as, const char **v,
           struct err *e)
{
    if (*i + 1 >= n)
        return err_set(e, TS_INVALID, "curl", "%s needs a value", as);
    *v = w[++*i];
    return TS_OK;
}

static tstatus
parse_words(struct curlcmd *c, char **w, size_t n, const bool *exp,
            struct err *e)
{
    tstatus st = TS_OK;
    bool options = true;
    for (size_t i = 1; st == TS_OK && i < n; i++) {
        const char *a = w[i];
        if (options && strcmp(a, "--") == 0) {
            options = false;
        } else if (options && a[0] == '-' && a[1] == '-') {
            const struct cc_opt *o = find_long(a + 2);
            const char *v = NULL;
            if (o == NULL)
                return err_set(e, TS_INVALID, "curl",
                               "%s is an option tether does not take from a "
                               "curl command; remove it and try again",
                               a);
            if (o->arg && (st = need_value(w, n, &i, a, &v, e)) != TS_OK)
                return st;
            if (o->kind == CC_HEADER && exp[i])
                st = drop_unexpanded(c, v, e);
            else
                st = apply_opt(c, o, a, v, e);
        } else if (options && a[0] == '-' && a[1] != '\0') {
            for (const char *p = a + 1; st == TS_OK && *p; p++) {
                char as[3] = {'-', *p, '\0'};
                const struct cc_opt *o = find_short(*p);
                if (o == NULL)
                    return err_set(e, TS_INVALID, "curl",
                                   "%s is an option tether does not take from "
                                   "a curl command; remove it and try again",
                                   as);
                if (!o->arg) {
                    st = apply_opt(c, o, as, NULL, e);
                    continue;
                }
                const char *v = p[1] ? p + 1 : NULL;
                if (v == NULL &&
                    (st = need_value(w, n, &i, as, &v, e)) != TS_OK)
                    return st;
                if (o->kind == CC_HEADER && exp[i])
                    st = drop_unexpanded(c, v, e);
                else
                    st = apply_opt(c, o, as, v, e);
                break;
            }
        } else {
            st = apply_opt(c, find_long("url"), "URL", a, e);
        }
    }
    return st;
}

tstatus
curlcmd_parse(const char *line, struct curlcmd *out, struct err *e)
{
    *out = (struct curlcmd){0};
    char **w = NULL;
    size_t n = 0;
    bool *exp = NULL;
    tstatus st = curlcmd_split(line, &w, &n, &exp, e);
    if (st != TS_OK)
        return st;
    if (n == 0 || strcmp(w[0], "curl") != 0)
        st = err_set(e, TS_INVALID, "curl",
                     "a curl command starts with the word curl");
    for (size_t i = 1; st == TS_OK && i < n; i++) {
        if (!exp[i])
            continue;
        /* Allowed only in the credentials tether drops: the header after
         * -H or the value of -u. */
        const char *prev = w[i - 1];
        bool cred_opt = strcmp(prev, "-u") == 0 || strcmp(prev, "--user") == 0;
        bool auth_hdr =
            (strcmp(prev, "-H") == 0 || strcmp(prev, "--header") == 0) &&
            (strncasecmp(w[i], "authorization:", 14) == 0 ||
             strncasecmp(w[i], "proxy-authorization:", 20) == 0 ||
             strcasestr(w[i], "key:") != NULL ||
             strcasestr(w[i], "token:") != NULL);
        if (!cred_opt && !auth_hdr)
            st = err_set(e, TS_INVALID, "curl",
                         "\"%s\" needs the shell to expand it ($ or `); "
                         "tether runs no shell: write the value itself",
                         w[i]);
    }
    if (st == TS_OK)
        st = parse_words(out, w, n, exp, e);
    if (st == TS_OK && out->url == NULL)
        st = err_set(e, TS_INVALID, "curl", "the curl command has no URL");
    if (st == TS_OK && out->body != NULL && out->nparts > 0)
        st = err_set(e, TS_INVALID, "curl",
                     "the command mixes -d and -F bodies; curl refuses that "
                     "too");
    if (st == TS_OK && out->method == NULL) {
        const char *m = out->get                               ? "GET"
                        : out->body != NULL || out->nparts > 0 ? "POST"
                                                               : "GET";
        if ((out->method = strdup(m)) == NULL)
            st = err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    curlcmd_words_free(w, n);
    free(exp);
    if (st != TS_OK)
        curlcmd_free(out);
    return st;
}

void
curlcmd_free(struct curlcmd *c)
{
    free(c->method);
    free(c->url);
    kv_list_free(&c->headers);
    if (c->body != NULL)
        sodium_memzero(c->body, c->body_len);
    free(c->body);
    http_parts_free(c->parts, c->nparts);
    if (c->user != NULL)
        sodium_memzero(c->user, strlen(c->user));
    free(c->user);
    free(c->skipped);
    free(c->unexpanded);
    *c = (struct curlcmd){0};
}
