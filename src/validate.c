/* validate.c — see validate.h. Every rule about what a user may type lives
 * here, once. */
#include "validate.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "remedy.h"
#include "testspec.h"
#include "text.h"

#define DESCRIPTION_MAX 1000
#define HEADER_NAME_MAX 256
#define HOST_MAX 253
#define LABEL_MAX 63
#define TIMEOUT_MAX_MS (24L * 3600 * 1000)

/* ---- small text helpers ------------------------------------------------ */

static bool
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

/* A trimmed copy of s[0..], or NULL when out of memory. */
static char *
trimmed_copy(const char *s)
{
    if (s == NULL)
        s = "";
    while (is_space((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && is_space((unsigned char)s[n - 1]))
        n--;
    char *out = malloc(n + 1);
    if (out == NULL)
        return NULL;
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

/* "a tab", "a line feed (LF)", ... for a control character in a message. */
static void
control_words(uint32_t cp, char *buf, size_t size)
{
    if (cp == '\r')
        snprintf(buf, size, "a carriage return (CR)");
    else if (cp == '\n')
        snprintf(buf, size, "a line feed (LF)");
    else if (cp == '\t')
        snprintf(buf, size, "a tab");
    else {
        char name[64];
        text_cp_describe(cp, name, sizeof name);
        snprintf(buf, size, "a control character (%s)", name);
    }
}

/* The message for a character that `what` may not contain. */
static tstatus
refuse_char(const char *field, const char *what, const struct text_hit *hit,
            struct err *e)
{
    if (hit->invalid)
        return err_set(e, TS_INVALID, field,
                       "%s is not valid UTF-8 (at byte %zu)", what,
                       hit->off + 1);
    char words[96];
    if (text_is_control(hit->cp)) {
        control_words(hit->cp, words, sizeof words);
        return err_set(e, TS_INVALID, field,
                       "%s contains %s at character %zu; remove it", what,
                       words, hit->pos);
    }
    text_cp_describe(hit->cp, words, sizeof words);
    return err_set(e, TS_INVALID, field,
                   "%s contains %s at character %zu, which %s; remove it", what,
                   words, hit->pos,
                   text_is_bidi_control(hit->cp)
                       ? "changes the order in which text is shown"
                       : "does not show as a character");
}

/* The first character of s[0..n) that text may not hold: with `visible`
 * what text_find_hidden() finds (controls, bidi controls, invisible
 * characters, invalid UTF-8), else invalid UTF-8 and control characters. */
static bool
find_refused(const char *s, size_t n, bool visible, struct text_hit *hit)
{
    if (visible)
        return text_find_hidden(s, n, hit);
    for (size_t i = 0, pos = 1; i < n; pos++) {
        uint32_t cp;
        int d = text_decode(s + i, n - i, &cp);
        if (d <= 0 || text_is_control(cp)) {
            *hit = (struct text_hit){d <= 0 ? (unsigned char)s[i] : cp, pos, i,
                                     d <= 0};
            return true;
        }
        i += (size_t)d;
    }
    return false;
}

/* Check that text is valid UTF-8 without control characters (a tab is
 * allowed when allow_tab). With `visible` (names and descriptions), bidi
 * controls and invisible characters are refused as well. Counts code
 * points into *count when not NULL. */
static tstatus
check_text(const char *field, const char *what, const char *text,
           bool allow_tab, bool visible, size_t *count, struct err *e)
{
    size_t n = strlen(text), at = 0, chars = 0;
    struct text_hit hit;
    while (find_refused(text + at, n - at, visible, &hit)) {
        hit.pos += chars;
        hit.off += at;
        if (hit.invalid || hit.cp != '\t' || !allow_tab)
            return refuse_char(field, what, &hit, e);
        chars = hit.pos; /* an allowed tab: go on after it */
        at = hit.off + 1;
    }
    if (count)
        *count = text_count(text, n);
    return TS_OK;
}

static bool
is_blank(const char *s)
{
    if (s == NULL)
        return true;
    while (*s)
        if (!is_space((unsigned char)*s++))
            return false;
    return true;
}

/* ---- names ------------------------------------------------------------- */

tstatus
validate_name(const char *in, char **out, struct err *e)
{
    char *name = trimmed_copy(in);
    if (name == NULL)
        return err_set(e, TS_NOMEM, "name", "out of memory");
    size_t chars = 0;
    tstatus st = TS_OK;
    if (name[0] == '\0')
        st = err_set(e, TS_INVALID, "name", "a name is required");
    else if ((st =
                  check_text("name", "the name", name, false, true, &chars, e)))
        ;
    else if (chars > MODEL_NAME_MAX)
        st = err_set(e, TS_INVALID, "name",
                     "the name is %zu characters long; at most %d are allowed",
                     chars, MODEL_NAME_MAX);
    else if (strcasecmp(name, "default") == 0)
        st = err_set(e, TS_INVALID, "name",
                     "\"Default\" is reserved (in any spelling); choose "
                     "another name, such as the product you connect to");
    if (st != TS_OK) {
        free(name);
        return st;
    }
    *out = name;
    return TS_OK;
}

/* ---- URLs -------------------------------------------------------------- */

struct url_parts {
    char scheme[8];          /* "http" or "https" */
    char host[HOST_MAX + 3]; /* lower case; IPv6 keeps its brackets */
    long port;               /* 0 = none given */
    const char *path;        /* into the input: from the first '/', or "" */
    size_t path_len;
    const char *query; /* into the input: after '?', or NULL */
};

static tstatus
check_host(const char *field, const char *host, struct err *e)
{
    size_t len = strlen(host);
    if (len == 0)
        return err_set(e, TS_INVALID, field, "the host name is empty");
    if (host[0] == '[') {
        /* An IPv6 literal: hex digits, colons and dots between brackets. */
        if (len < 3 || host[len - 1] != ']')
            return err_set(e, TS_INVALID, field,
                           "the IPv6 address %s is missing its closing ']'",
                           host);
        for (size_t i = 1; i + 1 < len; i++)
            if (!isxdigit((unsigned char)host[i]) && host[i] != ':' &&
                host[i] != '.')
                return err_set(e, TS_INVALID, field,
                               "the IPv6 address %s contains '%c'", host,
                               host[i]);
        return TS_OK;
    }
    if (len > HOST_MAX)
        return err_set(e, TS_INVALID, field,
                       "the host name is %zu characters long; at most %d are "
                       "allowed",
                       len, HOST_MAX);
    size_t label = 0;
    for (size_t i = 0; i <= len; i++) {
        unsigned char c = (unsigned char)host[i];
        if (c == '.' || c == '\0') {
            if (label == 0 && !(c == '\0' && i > 0 && host[i - 1] == '.'))
                return err_set(e, TS_INVALID, field,
                               "the host name \"%s\" has an empty label "
                               "(two dots in a row, or a leading dot)",
                               host);
            if (label > LABEL_MAX)
                return err_set(e, TS_INVALID, field,
                               "a label of the host name \"%s\" is longer "
                               "than %d characters",
                               host, LABEL_MAX);
            if (label > 0 && (host[i - 1] == '-' || host[i - label] == '-'))
                return err_set(e, TS_INVALID, field,
                               "a label of the host name \"%s\" starts or "
                               "ends with '-'",
                               host);
            label = 0;
            continue;
        }
        if (c >= 0x80)
            return err_set(e, TS_INVALID, field,
                           "the host name \"%s\" is not ASCII; enter its "
                           "punycode form (xn--...) instead",
                           host);
        if (!isalnum(c) && c != '-' && c != '_')
            return err_set(e, TS_INVALID, field,
                           "the host name \"%s\" contains '%c', which is not "
                           "allowed in a host name",
                           host, c);
        label++;
    }
    return TS_OK;
}

/* Split an absolute or scheme-less URL. `what` names it in messages. */
static tstatus
url_split(const char *field, const char *in, bool require_scheme,
          bool allow_query, struct url_parts *u, struct err *e)
{
    memset(u, 0, sizeof *u);
    tstatus st = check_text(field, "the URL", in, false, false, NULL, e);
    if (st != TS_OK)
        return st;
    const char *space = strchr(in, ' ');
    if (space != NULL)
        return err_set(e, TS_INVALID, field,
                       "contains a space at character %zu; a URL has none "
                       "(encode it as %%20 in a path)",
                       (size_t)(space - in) + 1);

    const char *rest = in;
    const char *sep = strstr(in, "://");
    if (sep != NULL) {
        size_t n = (size_t)(sep - in);
        if (n == 5 && strncasecmp(in, "https", 5) == 0)
            strcpy(u->scheme, "https");
        else if (n == 4 && strncasecmp(in, "http", 4) == 0)
            strcpy(u->scheme, "http");
        else
            return err_set(e, TS_INVALID, field,
                           "the scheme \"%.*s\" is not supported; use "
                           "https:// (or http:// for a local server)",
                           (int)(n > 16 ? 16 : n), in);
        rest = sep + 3;
    } else if (require_scheme) {
        return err_set(e, TS_INVALID, field,
                       "\"%s\" is not a full URL; it must start with https://",
                       in);
    } else {
        strcpy(u->scheme, "https");
    }

    const char *hash = strchr(rest, '#');
    if (hash != NULL)
        return err_set(e, TS_INVALID, field,
                       "contains a fragment (\"%s\"); remove everything from "
                       "the '#'",
                       hash);
    const char *q = strchr(rest, '?');
    if (q != NULL && !allow_query)
        return err_set(e, TS_INVALID, field,
                       "contains a query string (\"%s\"); a base URL takes "
                       "none: add query parameters to each request",
                       q);
    if (q != NULL)
        u->query = q + 1;

    size_t auth_len = strcspn(rest, "/?");
    const char *at = memchr(rest, '@', auth_len);
    if (at != NULL)
        return err_set(e, TS_INVALID, field,
                       "contains credentials (user:password@); remove them "
                       "and enter them in the authentication details");

    /* Host, then an optional port. */
    const char *host_end;
    const char *colon = NULL;
    if (rest[0] == '[') {
        const char *close = memchr(rest, ']', auth_len);
        host_end = close ? close + 1 : rest + auth_len;
        if (host_end < rest + auth_len) {
            if (*host_end != ':')
                return err_set(e, TS_INVALID, field,
                               "unexpected text after the IPv6 address");
            colon = host_end;
        }
    } else {
        colon = memchr(rest, ':', auth_len);
        host_end = colon ? colon : rest + auth_len;
    }
    size_t host_len = (size_t)(host_end - rest);
    if (host_len >= sizeof u->host)
        return err_set(e, TS_INVALID, field,
                       "the host name is longer than %d characters", HOST_MAX);
    for (size_t i = 0; i < host_len; i++)
        u->host[i] = (char)tolower((unsigned char)rest[i]);
    u->host[host_len] = '\0';
    if ((st = check_host(field, u->host, e)) != TS_OK)
        return st;

    if (colon != NULL) {
        const char *ps = colon + 1, *pe = rest + auth_len;
        if (ps == pe)
            return err_set(e, TS_INVALID, field,
                           "the port after ':' is missing");
        long port = 0;
        for (const char *p = ps; p < pe; p++) {
            if (!isdigit((unsigned char)*p))
                return err_set(e, TS_INVALID, field,
                               "the port \"%.*s\" is not a number",
                               (int)(pe - ps), ps);
            if (port <= 65535)
                port = port * 10 + (*p - '0');
        }
        if (port < 1 || port > 65535)
            return err_set(e, TS_INVALID, field,
                           "the port %.*s is outside 1-65535", (int)(pe - ps),
                           ps);
        u->port = port;
    }

    u->path = rest + auth_len;
    u->path_len = q ? (size_t)(q - u->path) : strlen(u->path);
    return TS_OK;
}

static long
default_port(const char *scheme)
{
    return strcmp(scheme, "https") == 0 ? 443 : 80;
}

tstatus
validate_base_url(const char *in, char **out, struct err *e)
{
    const char *field = "base_url";
    char *text = trimmed_copy(in);
    if (text == NULL)
        return err_set(e, TS_NOMEM, field, "out of memory");
    if (text[0] == '\0') {
        free(text);
        return err_set(e, TS_INVALID, field,
                       "a hostname is required, e.g. api.example.com");
    }
    struct url_parts u;
    tstatus st = url_split(field, text, false, false, &u, e);
    if (st != TS_OK) {
        free(text);
        return st;
    }
    /* Drop trailing slashes from the path. */
    size_t plen = u.path_len;
    while (plen > 0 && u.path[plen - 1] == '/')
        plen--;
    char port[16] = "";
    if (u.port != 0 && u.port != default_port(u.scheme))
        snprintf(port, sizeof port, ":%ld", u.port);
    /* Non-ASCII bytes of the path are percent-encoded, so that the stored
     * form is the one sent and shown, in visible ASCII. */
    size_t elen = plen;
    for (size_t i = 0; i < plen; i++)
        elen += (unsigned char)u.path[i] >= 0x80 ? 2 : 0;
    size_t need =
        strlen(u.scheme) + 3 + strlen(u.host) + strlen(port) + elen + 1;
    char *norm = malloc(need);
    if (norm == NULL) {
        free(text);
        return err_set(e, TS_NOMEM, field, "out of memory");
    }
    int o = snprintf(norm, need, "%s://%s%s", u.scheme, u.host, port);
    for (size_t i = 0; o >= 0 && i < plen; i++) {
        unsigned char c = (unsigned char)u.path[i];
        if (c >= 0x80)
            o += snprintf(norm + o, need - (size_t)o, "%%%02X", c);
        else
            norm[o++] = (char)c;
    }
    norm[o] = '\0';
    free(text);
    *out = norm;
    return TS_OK;
}

tstatus
validate_endpoint_url(const char *field, const char *url, bool required,
                      struct err *e)
{
    if (is_blank(url)) {
        if (required)
            return err_set(e, TS_INVALID, field, "a URL is required");
        return TS_OK;
    }
    struct url_parts u;
    return url_split(field, url, true, true, &u, e);
}

bool
validate_is_loopback_url(const char *url)
{
    struct url_parts u;
    if (url == NULL || url_split("url", url, false, true, &u, NULL) != TS_OK)
        return false;
    return strcmp(u.host, "localhost") == 0 ||
           strncmp(u.host, "127.", 4) == 0 || strcmp(u.host, "[::1]") == 0;
}

bool
validate_http_warning(const char *url)
{
    return url != NULL && strncasecmp(url, "http://", 7) == 0 &&
           !validate_is_loopback_url(url);
}

/* ---- headers and pairs ------------------------------------------------- */

static bool
is_tchar(unsigned char c)
{
    return isalnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

tstatus
validate_header_name(const char *field, const char *name, struct err *e)
{
    if (name == NULL || name[0] == '\0')
        return err_set(e, TS_INVALID, field, "a header name is required");
    size_t len = strlen(name);
    if (len > HEADER_NAME_MAX)
        return err_set(e, TS_INVALID, field,
                       "the header name is %zu characters long; at most %d "
                       "are allowed",
                       len, HEADER_NAME_MAX);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!is_tchar(c)) {
            if (c < 0x20 || c == 0x7F)
                return err_set(e, TS_INVALID, field,
                               "the header name contains a control character "
                               "(CR, LF or similar) at character %zu",
                               i + 1);
            if (c == ' ')
                return err_set(e, TS_INVALID, field,
                               "the header name \"%s\" contains a space; "
                               "header names are single words such as "
                               "X-API-Key",
                               name);
            return err_set(e, TS_INVALID, field,
                           "the header name \"%s\" contains '%c'; only "
                           "letters, digits and !#$%%&'*+-.^_`|~ are allowed",
                           name, c >= 0x80 ? '?' : c);
        }
    }
    return TS_OK;
}

tstatus
validate_header_value(const char *field, const char *value, struct err *e)
{
    if (value == NULL)
        return TS_OK;
    for (size_t i = 0; value[i]; i++) {
        unsigned char c = (unsigned char)value[i];
        if ((c < 0x20 && c != '\t') || c == 0x7F) {
            const char *what = c == '\r'   ? "a carriage return (CR)"
                               : c == '\n' ? "a line feed (LF)"
                                           : "a control character";
            return err_set(e, TS_INVALID, field,
                           "the value contains %s at character %zu; header "
                           "values must be a single line",
                           what, i + 1);
        }
    }
    return TS_OK;
}

tstatus
validate_header_line(const char *line, char **name, char **value, struct err *e)
{
    const char *colon = line ? strchr(line, ':') : NULL;
    if (colon == NULL)
        return err_set(e, TS_INVALID, "header",
                       "\"%s\" is not a header; write it as Name: value",
                       line ? line : "");
    size_t nlen = (size_t)(colon - line);
    char *n = malloc(nlen + 1);
    if (n == NULL)
        return err_set(e, TS_NOMEM, "header", "out of memory");
    memcpy(n, line, nlen);
    n[nlen] = '\0';
    tstatus st = validate_header_name("header", n, e);
    char *v = NULL;
    if (st == TS_OK) {
        v = trimmed_copy(colon + 1);
        if (v == NULL)
            st = err_set(e, TS_NOMEM, "header", "out of memory");
        else
            st = validate_header_value("header", v, e);
    }
    if (st != TS_OK) {
        free(n);
        free(v);
        return st;
    }
    *name = n;
    *value = v;
    return TS_OK;
}

tstatus
validate_kv(const char *field, const char *text, char **key, char **value,
            struct err *e)
{
    const char *eq = text ? strchr(text, '=') : NULL;
    if (eq == NULL || eq == text)
        return err_set(e, TS_INVALID, field,
                       "\"%s\" is not a pair; write it as key=value",
                       text ? text : "");
    tstatus st = check_text(field, "the pair", text, false, false, NULL, e);
    if (st != TS_OK)
        return st;
    size_t klen = (size_t)(eq - text);
    char *k = malloc(klen + 1);
    char *v = strdup(eq + 1);
    if (k == NULL || v == NULL) {
        free(k);
        free(v);
        return err_set(e, TS_NOMEM, field, "out of memory");
    }
    memcpy(k, text, klen);
    k[klen] = '\0';
    *key = k;
    *value = v;
    return TS_OK;
}

tstatus
validate_port(const char *field, long port, struct err *e)
{
    if (port < 1 || port > 65535)
        return err_set(e, TS_INVALID, field, "the port %ld is outside 1-65535",
                       port);
    return TS_OK;
}

tstatus
validate_path(const char *field, const char *path, char **out, struct err *e)
{
    char *p = trimmed_copy(path);
    if (p == NULL)
        return err_set(e, TS_NOMEM, field, "out of memory");
    tstatus st = TS_OK;
    if (strstr(p, "://") != NULL)
        st = err_set(e, TS_INVALID, field,
                     "\"%s\" is a full URL; give a path relative to the base "
                     "URL, such as /users",
                     p);
    else if (strchr(p, ' ') != NULL)
        st = err_set(e, TS_INVALID, field,
                     "the path contains a space; encode it as %%20");
    else if (strchr(p, '#') != NULL)
        st = err_set(e, TS_INVALID, field,
                     "the path contains a fragment ('#'); remove it");
    else
        st = check_text(field, "the path", p, false, false, NULL, e);
    if (st != TS_OK) {
        free(p);
        return st;
    }
    const char *body = p;
    while (*body == '/')
        body++;
    size_t need = strlen(body) + 2;
    char *norm = malloc(need);
    if (norm == NULL) {
        free(p);
        return err_set(e, TS_NOMEM, field, "out of memory");
    }
    snprintf(norm, need, "/%s", body);
    free(p);
    *out = norm;
    return TS_OK;
}

/* ---- TLS files --------------------------------------------------------- */

tstatus
validate_pem_file(const char *field, const char *what, const char *path,
                  struct err *e)
{
    tstatus st = check_text(field, what, path, false, false, NULL, e);
    if (st != TS_OK)
        return st;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return err_set(e, TS_INVALID, field, "%s %s cannot be read: %s", what,
                       path, strerror(errno));
    char line[256];
    bool pem = false;
    for (int i = 0; i < 1000 && !pem && fgets(line, sizeof line, f); i++)
        pem = strncmp(line, "-----BEGIN ", 11) == 0;
    bool failed = ferror(f) != 0;
    int saved = errno;
    fclose(f);
    if (failed)
        return err_set(e, TS_INVALID, field, "%s %s cannot be read: %s", what,
                       path, strerror(saved));
    if (!pem)
        return err_set(e, TS_INVALID, field,
                       "%s %s is not a PEM file (no -----BEGIN line)", what,
                       path);
    return TS_OK;
}

bool
validate_pem_key_encrypted(const char *path)
{
    FILE *f = path != NULL ? fopen(path, "r") : NULL;
    if (f == NULL)
        return false;
    char line[256];
    bool enc = false;
    for (int i = 0; i < 1000 && !enc && fgets(line, sizeof line, f); i++)
        enc = strncmp(line, "-----BEGIN ENCRYPTED PRIVATE KEY-----", 37) == 0 ||
              strncmp(line, "Proc-Type: 4,ENCRYPTED", 22) == 0;
    fclose(f);
    return enc;
}

tstatus
validate_client_tls(const struct integration *ig, struct err *e)
{
    const char *cert = ig->net.client_cert, *key = ig->net.client_key;
    char fix[128];
    tstatus st;
    if (cert != NULL && key == NULL)
        return err_set(e, TS_INVALID, "client_key",
                       "a client certificate needs its private key: %s",
                       remedy_say(fix, sizeof fix, NULL,
                                  "give --client-key FILE",
                                  "fill in Client Key"));
    if (key != NULL && cert == NULL)
        return err_set(e, TS_INVALID, "client_cert",
                       "a client key needs its certificate: %s",
                       remedy_say(fix, sizeof fix, NULL,
                                  "give --client-cert FILE",
                                  "fill in Client Certificate"));
    if (key == NULL && secret_is_set(&ig->net.client_key_pass))
        return err_set(e, TS_INVALID, "client_key_pass",
                       "a key passphrase needs a client key: %s",
                       remedy_say(fix, sizeof fix, NULL,
                                  "give --client-key FILE",
                                  "fill in Client Key, or clear Key "
                                  "Passphrase"));
    if (cert == NULL)
        return TS_OK;
    if ((st = validate_pem_file("client_cert", "the client certificate", cert,
                                e)) ||
        (st = validate_pem_file("client_key", "the client key", key, e)))
        return st;
    return TS_OK;
}

/* ---- a whole integration ------------------------------------------------ */

/* Replace *slot by a normalised copy produced by fn (validate_name style). */
static tstatus
normalise(char **slot, tstatus (*fn)(const char *, char **, struct err *),
          struct err *e)
{
    char *norm = NULL;
    tstatus st = fn(*slot, &norm, e);
    if (st != TS_OK)
        return st;
    free(*slot);
    *slot = norm;
    return TS_OK;
}

static tstatus
check_optional_text(const char *field, const char *what, const char *text,
                    struct err *e)
{
    if (text == NULL)
        return TS_OK;
    return check_text(field, what, text, false, false, NULL, e);
}

static tstatus
require(const char *field, const char *value, const char *what, struct err *e)
{
    if (is_blank(value))
        return err_set(e, TS_INVALID, field, "%s is required", what);
    return TS_OK;
}

/* A secret that is present in memory must still be clean. */
static tstatus
check_secret(const char *field, const struct secret *s, const char *what,
             bool required, struct err *e)
{
    if (required && !secret_is_set(s))
        return err_set(e, TS_INVALID, field, "%s is required", what);
    if (s->value != NULL)
        return validate_header_value(field, s->value, e);
    return TS_OK;
}

/* One check of an auth method's settings: one field (or a group of
 * fields shown as one). The checks of a method run in the order of its
 * fields. */
typedef tstatus (*validate_check)(struct integration *ig, struct err *e);

/* Run checks in order. With all == NULL stop at the first failure and
 * return it; else record every failure into all (up to max, *found
 * counted) and return the first status. */
static tstatus
run_checks(const validate_check *c, size_t n, struct integration *ig,
           struct err *e, struct err *all, size_t max, size_t *found)
{
    tstatus first = TS_OK;
    for (size_t i = 0; i < n; i++) {
        struct err one;
        err_clear(&one);
        tstatus st = c[i](ig, &one);
        if (st == TS_OK)
            continue;
        if (first == TS_OK) {
            first = st;
            if (e != NULL)
                *e = one;
        }
        if (all == NULL)
            return st;
        if (*found < max)
            all[*found] = one;
        (*found)++;
    }
    return first;
}

static tstatus
check_key_header(struct integration *ig, struct err *e)
{
    tstatus st;
    if ((st = require("key_header", ig->api_key.header,
                      ig->api_key.placement == KEY_IN_QUERY
                          ? "a query parameter name"
                          : "an API key header name",
                      e)))
        return st;
    return validate_header_name("key_header", ig->api_key.header, e);
}

static tstatus
check_key_prefix(struct integration *ig, struct err *e)
{
    return validate_header_value("key_prefix", ig->api_key.prefix, e);
}

static tstatus
check_key(struct integration *ig, struct err *e)
{
    return check_secret("api_key", &ig->api_key.key, "an API key", true, e);
}

static const validate_check api_key_checks[] = {check_key_header,
                                                check_key_prefix, check_key};

static tstatus
check_username(struct integration *ig, struct err *e)
{
    tstatus st;
    if ((st = require("username", ig->basic.username, "a username", e)))
        return st;
    if ((st = check_text("username", "the username", ig->basic.username, false,
                         false, NULL, e)))
        return st;
    if (strchr(ig->basic.username, ':') != NULL)
        return err_set(e, TS_INVALID, "username",
                       "the username contains ':', which HTTP Basic and "
                       "Digest authentication cannot carry");
    return TS_OK;
}

static tstatus
check_password(struct integration *ig, struct err *e)
{
    return check_secret("password", &ig->basic.password, "a password", true, e);
}

static const validate_check basic_checks[] = {check_username, check_password};

static tstatus
check_client_id(struct integration *ig, struct err *e)
{
    tstatus st;
    if ((st = require("client_id", ig->oauth.client_id, "a client ID", e)))
        return st;
    return check_text("client_id", "the client ID", ig->oauth.client_id, false,
                      false, NULL, e);
}

static tstatus
check_client_secret(struct integration *ig, struct err *e)
{
    if (ig->oauth.secret_required &&
        ig->oauth.grant == GRANT_AUTHORIZATION_CODE &&
        !secret_is_set(&ig->oauth.client_secret))
        return err_set(e, TS_INVALID, "client_secret",
                       "a client secret is required: this provider's "
                       "authorization code flow needs it, even with PKCE");
    return check_secret("client_secret", &ig->oauth.client_secret,
                        "a client secret",
                        ig->oauth.grant == GRANT_CLIENT_CREDENTIALS &&
                            ig->oauth.client_auth != CLIENT_AUTH_TLS,
                        e);
}

/* RFC 8705 tls_client_auth: the certificate is the client's credential. */
static tstatus
check_client_auth(struct integration *ig, struct err *e)
{
    char fix[128];
    if (ig->oauth.client_auth == CLIENT_AUTH_TLS && ig->net.client_cert == NULL)
        return err_set(e, TS_INVALID, "client_auth",
                       "client authentication tls (RFC 8705) needs a TLS "
                       "client certificate: %s",
                       remedy_say(fix, sizeof fix, NULL,
                                  "give --client-cert FILE and --client-key "
                                  "FILE",
                                  "fill in Client Certificate and Client "
                                  "Key in step 2"));
    return TS_OK;
}

static tstatus
check_token_url(struct integration *ig, struct err *e)
{
    return validate_endpoint_url("token_url", ig->oauth.token_url, true, e);
}

static tstatus
check_auth_url(struct integration *ig, struct err *e)
{
    return validate_endpoint_url("auth_url", ig->oauth.auth_url,
                                 ig->oauth.grant == GRANT_AUTHORIZATION_CODE,
                                 e);
}

static tstatus
check_device_url(struct integration *ig, struct err *e)
{
    return validate_endpoint_url("device_url", ig->oauth.device_url,
                                 ig->oauth.grant == GRANT_DEVICE_CODE, e);
}

static tstatus
check_revocation_url(struct integration *ig, struct err *e)
{
    return validate_endpoint_url("revocation_url", ig->oauth.revocation_url,
                                 false, e);
}

static tstatus
check_issuer(struct integration *ig, struct err *e)
{
    return validate_endpoint_url("issuer", ig->oauth.issuer, false, e);
}

static tstatus
check_scope(struct integration *ig, struct err *e)
{
    return check_optional_text("scope", "the scope", ig->oauth.scope, e);
}

static tstatus
check_params(struct integration *ig, struct err *e)
{
    tstatus st;
    for (size_t i = 0; i < ig->oauth.params.n; i++) {
        const struct kv *kv = &ig->oauth.params.items[i];
        if (is_blank(kv->key))
            return err_set(e, TS_INVALID, "param",
                           "an authorization parameter has no name");
        if ((st = check_text("param", "the parameter", kv->key, false, false,
                             NULL, e)) ||
            (st = check_text("param", "the parameter", kv->value, false, false,
                             NULL, e)))
            return st;
    }
    return TS_OK;
}

static tstatus
check_redirect_port(struct integration *ig, struct err *e)
{
    return validate_port("redirect_port", ig->oauth.redirect_port, e);
}

static const validate_check oauth_checks[] = {
    check_client_id, check_client_secret, check_client_auth,    check_token_url,
    check_auth_url,  check_device_url,    check_revocation_url, check_issuer,
    check_scope,     check_params,        check_redirect_port};

/* The checks of ig's auth method into *c, *n (none for AUTH_NONE). */
static void
auth_checks(const struct integration *ig, const validate_check **c, size_t *n)
{
    *c = NULL;
    *n = 0;
    switch (ig->auth) {
    case AUTH_API_KEY:
        *c = api_key_checks;
        *n = sizeof api_key_checks / sizeof *api_key_checks;
        break;
    case AUTH_BASIC:
    case AUTH_DIGEST:
        *c = basic_checks;
        *n = sizeof basic_checks / sizeof *basic_checks;
        break;
    case AUTH_OAUTH2:
        *c = oauth_checks;
        *n = sizeof oauth_checks / sizeof *oauth_checks;
        break;
    default:
        break;
    }
}

size_t
validate_auth_each(struct integration *ig, struct err *out, size_t max)
{
    const validate_check *c;
    size_t n, found = 0;
    auth_checks(ig, &c, &n);
    run_checks(c, n, ig, NULL, out, max, &found);
    return found;
}

tstatus
validate_extra(enum extra_kind kind, const char *name, const char *value,
               struct err *e)
{
    const char *field = kind == EXTRA_HEADER ? "header" : "query";
    tstatus st;
    if (kind == EXTRA_HEADER) {
        if ((st = validate_header_name(field, name, e)))
            return st;
    } else {
        if (is_blank(name))
            return err_set(e, TS_INVALID, field,
                           "a query parameter name is required");
        if (strlen(name) > MODEL_EXTRA_NAME_MAX)
            return err_set(e, TS_INVALID, field,
                           "the query parameter name is %zu characters "
                           "long; at most %d are allowed",
                           strlen(name), MODEL_EXTRA_NAME_MAX);
        if ((st = check_text(field, "the query parameter name", name, false,
                             false, NULL, e)))
            return st;
    }
    return validate_header_value(field, value, e);
}

/* Every extra clean, named once, and each secret one given a value. */
static tstatus
validate_extras(const struct integration *ig, struct err *e)
{
    tstatus st;
    if (ig->extras.n > MODEL_EXTRAS_MAX)
        return err_set(e, TS_INVALID, "header",
                       "%zu extra headers and query parameters; at most %d "
                       "are allowed",
                       ig->extras.n, MODEL_EXTRAS_MAX);
    for (size_t i = 0; i < ig->extras.n; i++) {
        const struct extra *x = &ig->extras.items[i];
        const char *field = x->kind == EXTRA_HEADER ? "header" : "query";
        if ((st = validate_extra(x->kind, x->name,
                                 x->is_secret ? x->secret.value : x->value, e)))
            return st;
        if (x->is_secret && !secret_is_set(&x->secret))
            return err_set(
                e, TS_INVALID, field, "the secret %s %s has no value",
                x->kind == EXTRA_HEADER ? "header" : "query parameter",
                x->name);
        if (extra_list_find(&ig->extras, x->kind, x->name) != x)
            return err_set(e, TS_INVALID, field, "%s %s is given twice",
                           x->kind == EXTRA_HEADER ? "the header"
                                                   : "the query parameter",
                           x->name);
    }
    return TS_OK;
}

tstatus
validate_test_method(const char *method, char **out, struct err *e)
{
    static const char *const ok[] = {"GET", "HEAD", "POST"};
    for (size_t i = 0; method != NULL && i < sizeof ok / sizeof ok[0]; i++) {
        if (strcasecmp(method, ok[i]) == 0) {
            *out = strdup(ok[i]);
            return *out ? TS_OK : err_set(e, TS_NOMEM, NULL, "out of memory");
        }
    }
    return err_set(e, TS_INVALID, "test_method",
                   "\"%s\" is not a test method; use GET, HEAD or POST",
                   method ? method : "");
}

/* The connection test's settings (struct test_spec). */
static tstatus
validate_test_spec(struct integration *ig, struct err *e)
{
    struct test_spec *t = &ig->test;
    tstatus st;
    if (!is_blank(t->method)) {
        char *norm = NULL;
        if ((st = validate_test_method(t->method, &norm, e)))
            return st;
        free(t->method);
        t->method = norm;
    }
    /* The defaults are kept as none, whoever spelt them out. */
    if (t->method != NULL && strcmp(t->method, "GET") == 0) {
        free(t->method);
        t->method = NULL;
    }
    if (t->statuses != NULL && strcmp(t->statuses, "200") == 0) {
        free(t->statuses);
        t->statuses = NULL;
    }
    if (t->body != NULL && (t->method == NULL || strcmp(t->method, "POST")))
        return err_set(e, TS_INVALID, "test_body",
                       "a test body is sent only with POST: set the test "
                       "method to POST, or leave the body out");
    if (t->method != NULL && strcmp(t->method, "HEAD") == 0 &&
        (t->expect_pointer != NULL || t->expect_text != NULL))
        return err_set(e, TS_INVALID, "test_method",
                       "a HEAD request gets no body, so the body check "
                       "cannot be made: use GET or POST, or drop the check");
    if (t->body != NULL && (st = check_text("test_body", "the test body",
                                            t->body, true, false, NULL, e)))
        return st;
    if ((st = testspec_statuses_check(t->statuses, e)))
        return st;
    if ((st = testspec_pointer_check(t->expect_pointer, e)))
        return st;
    if (t->expect_pointer != NULL) {
        cJSON *v = cJSON_Parse(t->expect_value ? t->expect_value : "");
        cJSON_Delete(v);
        if (v == NULL)
            return err_set(e, TS_INVALID, "test_expect",
                           "the value expected at %s is not JSON",
                           t->expect_pointer);
    }
    return check_optional_text("test_expect_text", "the expected text",
                               t->expect_text, e);
}

static tstatus
validate_timeout(const char *field, long ms, struct err *e)
{
    if (ms < 1 || ms > TIMEOUT_MAX_MS)
        return err_set(e, TS_INVALID, field,
                       "the timeout must be between 1 ms and 24 hours");
    return TS_OK;
}

tstatus
validate_proxy_url(const char *in, char **out, struct err *e)
{
    static const char *const schemes[] = {"http",    "https",  "socks4",
                                          "socks4a", "socks5", "socks5h"};
    if (in == NULL || in[0] == '\0')
        return err_set(e, TS_INVALID, "proxy", "the proxy URL is empty");
    for (const char *p = in; *p; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
            return err_set(e, TS_INVALID, "proxy",
                           "the proxy URL holds a space, a control or a "
                           "non-ASCII character");
    CURLU *u = curl_url();
    if (u == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *user = NULL,
         *query = NULL;
    tstatus st = TS_OK;
    if (curl_url_set(u, CURLUPART_URL, in,
                     CURLU_GUESS_SCHEME | CURLU_NON_SUPPORT_SCHEME) !=
            CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        st = err_set(e, TS_INVALID, "proxy",
                     "\"%s\" is not a proxy URL; write it as "
                     "http://host:port or socks5://host:port",
                     in);
        goto done;
    }
    curl_url_get(u, CURLUPART_PORT, &port, 0);
    curl_url_get(u, CURLUPART_PATH, &path, 0);
    curl_url_get(u, CURLUPART_QUERY, &query, 0);
    curl_url_get(u, CURLUPART_USER, &user, 0);
    size_t i = 0;
    while (i < sizeof schemes / sizeof *schemes &&
           strcasecmp(scheme, schemes[i]) != 0)
        i++;
    if (i == sizeof schemes / sizeof *schemes)
        st = err_set(e, TS_INVALID, "proxy",
                     "the proxy scheme \"%s\" is not one of http, https, "
                     "socks4, socks4a, socks5, socks5h",
                     scheme);
    else if (user != NULL)
        st = err_set(e, TS_INVALID, "proxy",
                     "the proxy URL holds credentials, which would put a "
                     "secret on the command line; give the user name with "
                     "--proxy-user and the password with "
                     "--proxy-password-stdin");
    else if ((path != NULL && strcmp(path, "/") != 0) || query != NULL)
        st = err_set(e, TS_INVALID, "proxy",
                     "a proxy URL has no path or query: write "
                     "scheme://host:port");
    else {
        char *norm = NULL;
        size_t n =
            strlen(scheme) + strlen(host) + (port ? strlen(port) : 0) + 5;
        if ((norm = malloc(n)) == NULL)
            st = err_set(e, TS_NOMEM, NULL, "out of memory");
        else {
            snprintf(norm, n, "%s://%s%s%s", scheme, host, port ? ":" : "",
                     port ? port : "");
            for (char *c = norm; *c && *c != ':'; c++)
                *c = (char)tolower((unsigned char)*c);
            *out = norm;
        }
    }
done:
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_free(path);
    curl_free(query);
    curl_free(user);
    curl_url_cleanup(u);
    return st;
}

tstatus
validate_tag(const char *field, const char *in, char **out, struct err *e)
{
    size_t n = strlen(in);
    if (n == 0 || n > VALIDATE_TAG_MAX)
        return err_set(e, TS_INVALID, field, "a tag is 1 to %d characters long",
                       VALIDATE_TAG_MAX);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (!(isalnum(c) && c < 0x80) && (i == 0 || !strchr("-_.", c)))
            return err_set(e, TS_INVALID, field,
                           "a tag holds letters, digits, '-', '_' and '.', "
                           "and starts with a letter or digit");
    }
    char *t = strdup(in);
    if (t == NULL)
        return err_set(e, TS_NOMEM, field, "out of memory");
    for (char *p = t; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    *out = t;
    return TS_OK;
}

/* Every tag of ig->tags valid, and the list rebuilt sorted and unique. */
static tstatus
validate_tags(struct integration *ig, struct err *e)
{
    if (ig->tags == NULL)
        return TS_OK;
    char *in = strdup(ig->tags), *rebuilt = NULL;
    if (in == NULL)
        return err_set(e, TS_NOMEM, "tags", "out of memory");
    tstatus st = TS_OK;
    for (char *p = in; st == TS_OK && p != NULL && *p != '\0';) {
        char *end = strchr(p, ',');
        if (end != NULL)
            *end = '\0';
        char *tag = NULL;
        if ((st = validate_tag("tags", p, &tag, e)) == TS_OK &&
            !model_tags_add(&rebuilt, tag))
            st = err_set(e, TS_NOMEM, "tags", "out of memory");
        free(tag);
        p = end ? end + 1 : NULL;
    }
    free(in);
    if (st != TS_OK) {
        free(rebuilt);
        return st;
    }
    free(ig->tags);
    ig->tags = rebuilt;
    return TS_OK;
}

tstatus
validate_integration(struct integration *ig, struct err *e)
{
    tstatus st;
    if ((st = validate_tags(ig, e)))
        return st;
    if ((st = normalise(&ig->name, validate_name, e)))
        return st;
    size_t chars = 0;
    if (ig->description != NULL) {
        if ((st = check_text("description", "the description", ig->description,
                             true, true, &chars, e)))
            return st;
        if (chars > DESCRIPTION_MAX)
            return err_set(e, TS_INVALID, "description",
                           "the description is %zu characters long; at most "
                           "%d are allowed",
                           chars, DESCRIPTION_MAX);
    }
    if ((st = normalise(&ig->base_url, validate_base_url, e)))
        return st;
    if (!is_blank(ig->test_path)) {
        char *norm = NULL;
        if ((st = validate_path("test_path", ig->test_path, &norm, e)))
            return st;
        free(ig->test_path);
        ig->test_path = norm;
    }
    if ((st = validate_timeout("connect_timeout", ig->net.connect_timeout_ms,
                               e)) ||
        (st = validate_timeout("timeout", ig->net.timeout_ms, e)))
        return st;
    if ((st = check_optional_text("ca_bundle", "the CA bundle path",
                                  ig->net.ca_bundle, e)))
        return st;
    if (!is_blank(ig->net.proxy)) {
        char *norm = NULL;
        if ((st = validate_proxy_url(ig->net.proxy, &norm, e)))
            return st;
        free(ig->net.proxy);
        ig->net.proxy = norm;
    }
    if ((st = check_optional_text("proxy_user", "the proxy user name",
                                  ig->net.proxy_user, e)))
        return st;
    if (ig->net.proxy_user != NULL && strchr(ig->net.proxy_user, ':'))
        return err_set(e, TS_INVALID, "proxy_user",
                       "the proxy user name holds a ':'; the password is "
                       "given with --proxy-password-stdin");
    if (ig->net.proxy_user == NULL && secret_is_set(&ig->net.proxy_password))
        return err_set(e, TS_INVALID, "proxy_user",
                       "a proxy password needs a proxy user name: give "
                       "--proxy-user NAME");
    if ((st = validate_client_tls(ig, e)) || (st = validate_extras(ig, e)) ||
        (st = validate_test_spec(ig, e)))
        return st;
    if (ig->auth == AUTH_NONE)
        return TS_OK;
    const validate_check *c;
    size_t n;
    auth_checks(ig, &c, &n);
    if (c == NULL)
        return err_set(e, TS_INVALID, "auth", "unknown authentication method");
    return run_checks(c, n, ig, e, NULL, 0, NULL);
}
