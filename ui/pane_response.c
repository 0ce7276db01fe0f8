/* pane_response.c — the response viewer: status, timings, a body tab and a
 * headers tab. JSON bodies are pretty-printed line by line from a jsonfmt
 * index, so only the lines on screen are ever formatted; binary bodies
 * are shown as a hex dump made on demand. Search scans rendered lines a
 * slice at a time from the loop's ticks, so a 50 MB body never freezes
 * the screen. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "history.h"
#include "pane_int.h"
#include "utf8.h"

/* How long one search slice may run, and how many bytes of a body are
 * looked at to decide whether it is binary. */
#define RV_SLICE_MS 25
#define RV_SNIFF (64 * 1024)
#define RV_COPY_MAX (1024 * 1024)
#define RV_HSTEP 8

void
pane_rv_init(struct pane_rv *rv)
{
    memset(rv, 0, sizeof *rv);
    field_init(&rv->prompt, false);
    rv->match = SIZE_MAX;
}

static void
pane_rv_clear(struct pane_rv *rv)
{
    pane_search_stop(rv);
    http_response_free(&rv->resp);
    jsonfmt_index_free(rv->body_idx);
    jsonfmt_index_free(rv->head_idx);
    free(rv->head_text);
    rv->body_idx = rv->head_idx = NULL;
    rv->head_text = NULL;
    rv->have = rv->binary = rv->searching = false;
    rv->top[0] = rv->top[1] = 0;
    rv->left = 0;
    rv->match = SIZE_MAX;
    rv->doc = RV_BODY;
}

static void
rv_secrets_free(struct pane_rv *rv)
{
    for (size_t i = 0; i < rv->nsecrets; i++) {
        sodium_memzero(rv->secrets[i], strlen(rv->secrets[i]));
        free(rv->secrets[i]);
    }
    free(rv->secrets);
    rv->secrets = NULL;
    rv->nsecrets = 0;
}

static void
rv_secret_add(struct pane_rv *rv, char *value)
{
    if (value == NULL)
        return;
    char **v = realloc(rv->secrets, (rv->nsecrets + 1) * sizeof *v);
    if (v == NULL || strlen(value) < HISTORY_MIN_SECRET) {
        if (v != NULL)
            rv->secrets = v;
        sodium_memzero(value, strlen(value));
        free(value);
        return;
    }
    rv->secrets = v;
    rv->secrets[rv->nsecrets++] = value;
}

/* s percent-encoded as in a query string (a new string). */
static char *
rv_percent(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = malloc(strlen(s) * 3 + 1), *o = out;
    if (out == NULL)
        return NULL;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
            (*c >= '0' && *c <= '9') || strchr("-._~", *c) != NULL) {
            *o++ = (char)*c;
        } else {
            *o++ = '%';
            *o++ = hex[*c >> 4];
            *o++ = hex[*c & 15];
        }
    }
    *o = '\0';
    return out;
}

static char *
rv_base64(const char *a, const char *b)
{
    size_t n = strlen(a) + 1 + strlen(b);
    char *raw = malloc(n + 1);
    size_t blen = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
    char *out = malloc(blen);
    if (raw != NULL && out != NULL) {
        snprintf(raw, n + 1, "%s:%s", a, b);
        sodium_bin2base64(out, blen, (const unsigned char *)raw, n,
                          sodium_base64_VARIANT_ORIGINAL);
    } else {
        free(out);
        out = NULL;
    }
    if (raw != NULL)
        sodium_memzero(raw, n);
    free(raw);
    return out;
}

void
pane_rv_secrets(struct pane_rv *rv, struct integration *ig)
{
    struct secret_ref refs[MODEL_SECRET_FIELDS];
    rv_secrets_free(rv);
    rv->reveal = false;
    if (ig == NULL)
        return;
    size_t n = integration_secrets(ig, refs);
    for (size_t i = 0; i < n; i++) {
        const char *v = refs[i].secret->value;
        if (v == NULL || v[0] == '\0')
            continue;
        rv_secret_add(rv, strdup(v));
        char *pct = rv_percent(v);
        if (pct != NULL && strcmp(pct, v) != 0)
            rv_secret_add(rv, pct);
        else
            free(pct);
    }
    if (ig->auth == AUTH_BASIC && ig->basic.username &&
        ig->basic.password.value)
        rv_secret_add(rv, rv_base64(ig->basic.username,
                                    ig->basic.password.value));
}

void
pane_rv_free(struct pane_rv *rv)
{
    pane_rv_clear(rv);
    rv_secrets_free(rv);
    jsonfmt_line_free(&rv->line);
    field_free(&rv->prompt);
    free(rv->needle);
    rv->needle = NULL;
}

/* True when the first bytes hold a NUL or are not UTF-8. */
static bool
rv_is_binary(const char *p, size_t len)
{
    size_t n = len < RV_SNIFF ? len : RV_SNIFF;
    const unsigned char *s = (const unsigned char *)p;
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t need = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1
                                 : (c & 0xf0) == 0xe0   ? 2
                                 : (c & 0xf8) == 0xf0   ? 3
                                                        : 9;
        if (c == 0 || need == 9)
            return true;
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= n)
                return i + k < len; /* cut by the sniff limit: fine */
            if ((s[i + k] & 0xc0) != 0x80)
                return true;
        }
        i += need + 1;
    }
    return false;
}

/* "Name: value" lines of the response and of the request as sent. */
static char *
rv_headers_text(const struct http_response *r)
{
    size_t len = 256 + (r->request_headers ? strlen(r->request_headers) : 0);
    for (size_t i = 0; i < r->headers.n; i++)
        len += strlen(r->headers.items[i].key) +
               strlen(r->headers.items[i].value) + 3;
    char *t = malloc(len), *o = t;
    if (t == NULL)
        return NULL;
    o += sprintf(o, "Response headers (%zu)\n", r->headers.n);
    for (size_t i = 0; i < r->headers.n; i++)
        o += sprintf(o, "%s: %s\n", r->headers.items[i].key,
                     r->headers.items[i].value);
    o += sprintf(o, "\nRequest headers as sent (credentials redacted)\n%s",
                 r->request_headers ? r->request_headers : "");
    return t;
}

void
pane_rv_index(const struct http_response *r, struct jsonfmt_index **idx,
              bool *binary)
{
    struct err e = {0};
    *idx = NULL;
    *binary = false;
    if (r->failure != HTTP_OK || r->body_len == 0)
        return;
    *binary = rv_is_binary(r->body, r->body_len);
    if (*binary)
        return;
    unsigned flags =
        jsonfmt_looks_like(r->content_type, r->body, r->body_len)
            ? 0
            : JSONFMT_RAW;
    if (jsonfmt_index_build(r->body, r->body_len, flags, idx, &e) != TS_OK)
        *idx = NULL;
}

void
pane_rv_set(struct pane_rv *rv, struct http_response *resp,
            struct jsonfmt_index *idx, bool binary)
{
    struct err e = {0};
    pane_rv_clear(rv);
    rv->resp = *resp;
    memset(resp, 0, sizeof *resp);
    rv->have = true;
    rv->body_idx = idx;
    rv->binary = binary;
    rv->head_text = rv_headers_text(&rv->resp);
    if (rv->head_text != NULL &&
        jsonfmt_index_build(rv->head_text, strlen(rv->head_text),
                            JSONFMT_RAW, &rv->head_idx, &e) != TS_OK)
        rv->head_idx = NULL;
}

/* Lines in the document shown. */
size_t
pane_rv_count(const struct pane_rv *rv)
{
    if (rv->doc == RV_HEADERS)
        return rv->head_idx ? jsonfmt_index_count(rv->head_idx) : 0;
    if (rv->binary)
        return (rv->resp.body_len + 15) / 16;
    return rv->body_idx ? jsonfmt_index_count(rv->body_idx) : 0;
}

/* Render line i of the document shown into *out, using the caller's
 * buffers (the search thread has its own). */
bool
pane_rv_line(const struct pane_rv *rv, size_t i, struct jsonfmt_line *buf,
             char hex[RV_HEX_LINE], struct rv_line *out)
{
    struct err e = {0};
    if (rv->doc == RV_BODY && rv->binary) {
        const unsigned char *b = (const unsigned char *)rv->resp.body + i * 16;
        size_t n = rv->resp.body_len - i * 16;
        if (n > 16)
            n = 16;
        int o = snprintf(hex, RV_HEX_LINE, "%08zx  ", i * 16);
        for (size_t k = 0; k < 16; k++)
            o += k < n ? snprintf(hex + o, RV_HEX_LINE - (size_t)o, "%02x ",
                                  b[k])
                       : snprintf(hex + o, RV_HEX_LINE - (size_t)o, "   ");
        hex[o++] = ' ';
        for (size_t k = 0; k < n; k++)
            hex[o++] = b[k] >= 0x20 && b[k] < 0x7f ? (char)b[k] : '.';
        hex[o] = '\0';
        *out = (struct rv_line){hex, (size_t)o, NULL, 0};
        return true;
    }
    const struct jsonfmt_index *idx =
        rv->doc == RV_HEADERS ? rv->head_idx : rv->body_idx;
    if (idx == NULL || jsonfmt_index_line(idx, i, buf, &e) != TS_OK)
        return false;
    *out = (struct rv_line){buf->text, buf->len, buf->spans, buf->nspans};
    return true;
}

static bool
rv_get(struct pane_rv *rv, size_t i, struct rv_line *out)
{
    return pane_rv_line(rv, i, &rv->line, rv->hex, out);
}

static enum theme_colour
rv_kind_colour(enum jsonfmt_kind k)
{
    switch (k) {
    case JSONFMT_KEY:
        return TC_TITLE;
    case JSONFMT_STRING:
        return TC_OK;
    case JSONFMT_NUMBER:
        return TC_WARNING;
    case JSONFMT_LITERAL:
        return TC_INFO;
    default:
        return TC_NORMAL;
    }
}

#define RV_MAX_HITS 64

/* Draw a line from column `left` (wrap off) or over up to `rows` rows
 * (wrap on); returns the rows used. Search matches are highlighted. */
static int
rv_draw_line(const struct pane_rv *rv, const struct rv_line *l, int y, int x,
             int w, int rows, bool current)
{
    size_t hit[RV_MAX_HITS];
    size_t nhit = 0;
    for (const char *h = l->text; rv->needle != NULL && rv->nlen > 0 &&
                                  nhit < RV_MAX_HITS;) {
        size_t rest = l->len - (size_t)(h - l->text);
        h = jsonfmt_memfind(h, rest, rv->needle, rv->nlen, rv->icase);
        if (h == NULL)
            break;
        hit[nhit++] = (size_t)(h - l->text);
        h += rv->nlen;
    }
    size_t mask[RV_MAX_HITS][2];
    size_t nmask = 0;
    for (size_t k = 0; !rv->reveal && k < rv->nsecrets; k++) {
        size_t slen = strlen(rv->secrets[k]);
        for (const char *h = l->text; nmask < RV_MAX_HITS;) {
            size_t rest = l->len - (size_t)(h - l->text);
            h = jsonfmt_memfind(h, rest, rv->secrets[k], slen, false);
            if (h == NULL)
                break;
            mask[nmask][0] = (size_t)(h - l->text);
            mask[nmask++][1] = (size_t)(h - l->text) + slen;
            h += slen;
        }
    }
    size_t span = 0, hi = 0;
    int col = 0, row = 0, cx = 0;
    for (size_t i = 0; i < l->len && row < rows;) {
        wchar_t c;
        size_t n = utf8_decode(l->text + i, &c);
        if (n == 0) {
            n = 1;
            c = '?';
        }
        int cw = c == '\t' ? 1 : utf8_cols(c);
        while (span < l->nspans && l->spans[span].start + l->spans[span].len <= i)
            span++;
        while (hi < nhit && hit[hi] + rv->nlen <= i)
            hi++;
        attr_t a = A_NORMAL;
        if (span < l->nspans && l->spans[span].start <= i)
            a = theme_attr(rv_kind_colour(l->spans[span].kind));
        if (hi < nhit && hit[hi] <= i)
            a = theme_attr(current ? TC_STEP_CURRENT : TC_SELECTED);
        char ch[8] = {0};
        bool masked = false;
        for (size_t k = 0; k < nmask && !masked; k++)
            masked = mask[k][0] <= i && i < mask[k][1];
        if (masked) {
            ch[0] = '*';
            cw = 1;
            a = theme_attr(TC_WARNING);
        } else if (c == '\t' || c < 0x20 || c == 0x7f) {
            ch[0] = c == '\t' ? ' ' : '.';
        } else {
            memcpy(ch, l->text + i, n < 7 ? n : 7);
        }
        if (rv->wrap) {
            if (cx + cw > w) {
                row++;
                cx = 0;
                if (row >= rows)
                    break;
            }
            screen_text(y + row, x + cx, cw, a, ch);
            cx += cw;
        } else {
            if (col >= rv->left && col - rv->left + cw <= w)
                screen_text(y, x + col - rv->left, cw, a, ch);
            if (col - rv->left >= w)
                break;
        }
        col += cw;
        i += n;
    }
    return rv->wrap ? row + 1 : 1;
}

/* Rows line i takes when wrapped in w columns. */
static int
rv_rows_of(struct pane_rv *rv, size_t i, int w)
{
    struct rv_line l;
    if (!rv_get(rv, i, &l) || w <= 0)
        return 1;
    int cols = 0;
    for (size_t k = 0; k < l.len;) {
        wchar_t c;
        size_t n = utf8_decode(l.text + k, &c);
        cols += n ? utf8_cols(c) : 1;
        k += n ? n : 1;
    }
    return cols <= w ? 1 : (cols + w - 1) / w;
}

/* The top line that shows the document's end. */
static size_t
rv_last_top(struct pane_rv *rv, int w)
{
    size_t n = pane_rv_count(rv), page = rv->page > 0 ? (size_t)rv->page : 1;
    if (!rv->wrap)
        return n > page ? n - page : 0;
    size_t top = n;
    int used = 0;
    while (top > 0) {
        int r = rv_rows_of(rv, top - 1, w);
        if (used + r > rv->page)
            break;
        used += r;
        top--;
    }
    return top < n ? top : (n ? n - 1 : 0);
}

static void
rv_size_text(size_t n, char *buf, size_t len)
{
    if (n < 1024)
        snprintf(buf, len, "%zu B", n);
    else if (n < 1024 * 1024)
        snprintf(buf, len, "%.1f KiB", (double)n / 1024.0);
    else
        snprintf(buf, len, "%.1f MiB", (double)n / (1024.0 * 1024.0));
}

static void
rv_draw_status(const struct pane_rv *rv, struct screen *s)
{
    const struct http_response *r = &rv->resp;
    char buf[512], size[32];
    if (r->failure != HTTP_OK) {
        snprintf(buf, sizeof buf, "%s %s: %s", theme_glyphs()->cross,
                 http_failure_name(r->failure),
                 r->failure_msg ? r->failure_msg : "no response");
        screen_text(1, 1, s->cols - 2, theme_attr(TC_ERROR), buf);
    } else {
        rv_size_text(r->size, size, sizeof size);
        snprintf(buf, sizeof buf, "%ld %s", r->status,
                 r->reason ? r->reason : "");
        enum theme_colour c = r->status < 300   ? TC_OK
                              : r->status < 400 ? TC_WARNING
                                                : TC_ERROR;
        int x = 1 + screen_text(1, 1, 40, theme_attr(c), buf);
        snprintf(buf, sizeof buf, "  %s %.1f ms  %s %s  %s %s%s%s",
                 theme_glyphs()->sep, r->timings.total_ms,
                 theme_glyphs()->sep, size, theme_glyphs()->sep,
                 r->content_type ? r->content_type : "no content type",
                 r->truncated ? "  (truncated: only the first part kept)"
                              : "",
                 r->credentials_dropped ? "  (redirected to another host: "
                                          "no credentials sent there)"
                                        : "");
        screen_text(1, x, s->cols - x - 1, theme_attr(TC_NORMAL), buf);
    }
    const struct http_timings *t = &r->timings;
    snprintf(buf, sizeof buf,
             "DNS %.1f ms  connect %.1f ms  TLS %.1f ms  first byte %.1f ms"
             "  total %.1f ms%s%s",
             t->dns_ms, t->connect_ms, t->tls_ms, t->first_byte_ms,
             t->total_ms, r->redirects ? "  redirects " : "",
             r->redirects ? "yes" : "");
    screen_text(2, 1, s->cols - 2, theme_attr(TC_DIM), buf);
}

static void
rv_draw_doc_line(struct pane_rv *rv, struct screen *s)
{
    char buf[256];
    int x = 1;
    x += screen_text(3, x, 8, theme_attr(rv->doc == RV_BODY ? TC_STEP_CURRENT
                                                            : TC_DIM),
                     " Body ");
    x += 1 + screen_text(3, x + 1, 10,
                         theme_attr(rv->doc == RV_HEADERS ? TC_STEP_CURRENT
                                                          : TC_DIM),
                         " Headers ");
    size_t n = pane_rv_count(rv);
    const char *kind = rv->doc == RV_HEADERS ? "text"
                       : rv->binary          ? "binary, hex dump"
                       : rv->body_idx && jsonfmt_index_is_json(rv->body_idx)
                           ? "JSON"
                           : "text";
    const struct jsonfmt_error *je =
        rv->doc == RV_BODY && rv->body_idx && !rv->binary
            ? jsonfmt_index_error(rv->body_idx)
            : NULL;
    size_t top = rv->top[rv->doc];
    int len = snprintf(buf, sizeof buf, "  %s  %s lines %zu-%zu of %zu  wrap %s",
                       kind, theme_glyphs()->sep, n ? top + 1 : 0,
                       top + (size_t)rv->page < n ? top + (size_t)rv->page : n,
                       n, rv->wrap ? "on" : "off");
    if (je != NULL && jsonfmt_looks_like(rv->resp.content_type,
                                         rv->resp.body, rv->resp.body_len))
        snprintf(buf + len, sizeof buf - (size_t)len,
                 "  (not valid JSON at line %zu, column %zu: %s; shown as is)",
                 je->line, je->column, je->what);
    screen_text(3, x + 1, s->cols - x - 2, theme_attr(TC_DIM), buf);
}

static const struct keybar_item rv_keys[] = {
    {"/", "Search"}, {"n/N", "Next"}, {"Tab", "Headers"}, {"w", "Wrap"},
    {"s", "Save"},   {"c", "Copy"},   {"C", "Copy curl"}, {"^G", "Resend"},
    {"F3", "History"}, {"Esc", "Compose"},
};

void
pane_rv_draw(struct pane *p, struct screen *s)
{
    struct pane_rv *rv = &p->rv;
    pane_draw_tabs(p, s);
    keybar_draw(s, rv_keys, sizeof rv_keys / sizeof rv_keys[0]);
    if (!rv->have) {
        screen_text(2, 1, s->cols - 2, theme_attr(TC_DIM),
                    "Nothing sent yet: compose a request and press Enter.");
        return;
    }
    int y = 4, h = s->rows - 6, w = s->cols - 2;
    rv->page = h;
    rv_draw_status(rv, s);
    rv_draw_doc_line(rv, s);
    const struct http_response *r = &rv->resp;
    if (rv->doc == RV_BODY && r->failure != HTTP_OK) {
        screen_wrap(y, 1, w, h, theme_attr(TC_ERROR),
                    r->failure_msg ? r->failure_msg : "No response.");
    } else if (rv->doc == RV_BODY && r->body_len == 0) {
        screen_text(y, 1, w, theme_attr(TC_DIM), "(empty body)");
    } else {
        size_t n = pane_rv_count(rv), i = rv->top[rv->doc];
        for (int row = 0; row < h && i < n; i++) {
            struct rv_line l;
            if (!rv_get(rv, i, &l))
                break;
            row += rv_draw_line(rv, &l, y + row, 1, w, h - row,
                                i == rv->match);
        }
    }
    if (rv->prompting) {
        screen_fill(s->rows - 2, 0, s->cols, A_NORMAL);
        screen_text(s->rows - 2, 0, 1, theme_attr(TC_LABEL), "/");
        field_draw(&rv->prompt, s, s->rows - 2, 1, s->cols - 2, true);
    } else if (rv->searching) {
        char buf[128];
        snprintf(buf, sizeof buf, "%s searching for \"%s\"… (Esc stops)",
                 screen_spinner(s), rv->needle);
        screen_text(s->rows - 2, 1, s->cols - 2, theme_attr(TC_INFO), buf);
    }
}

static void
rv_prompt_done(struct pane *p, struct screen *s)
{
    struct pane_rv *rv = &p->rv;
    char *text = field_get(&rv->prompt);
    rv->prompting = false;
    if (text == NULL || text[0] == '\0') {
        free(text);
        return;
    }
    pane_search_stop(rv);
    free(rv->needle);
    rv->needle = text;
    rv->nlen = strlen(text);
    rv->icase = true;
    for (const char *c = text; *c; c++) {
        if (*c >= 'A' && *c <= 'Z')
            rv->icase = false; /* smart case */
    }
    rv->match = SIZE_MAX;
    pane_search_start(rv, rv->top[rv->doc], false);
    (void)s;
}

void
pane_rv_save(struct pane *p, struct screen *s, const char *path,
             bool overwrite)
{
    const struct http_response *r = &p->rv.resp;
    if (!overwrite && access(path, F_OK) == 0) {
        snprintf(p->save_path, sizeof p->save_path, "%s", path);
        p->ask = ASK_OVERWRITE;
        dialog_confirm(&p->dlg, ASK_OVERWRITE, "Replace the file?",
                       "Replace", "%s exists. Replace it with the body?",
                       path);
        return;
    }
    FILE *f = fopen(path, "wb");
    bool ok = f != NULL &&
              fwrite(r->body ? r->body : "", 1, r->body_len, f) ==
                  r->body_len;
    if (f != NULL && fclose(f) != 0)
        ok = false;
    if (ok)
        screen_msg(s, MSG_OK, "Saved %zu bytes to %s.", r->body_len, path);
    else
        screen_msg(s, MSG_ERROR, "Cannot save to %s: %s.", path,
                   strerror(errno));
}

/* Copy the request last sent as a curl command, secrets as variables. */
static void
rv_copy_curl(struct pane *p, struct screen *s)
{
    struct integration *ig = NULL;
    struct err e = {0};
    char *cmd = NULL;
    const struct pane_sent *ps = &p->sent;
    if (ps->integration == NULL) {
        screen_msg(s, MSG_ERROR, "Nothing sent yet.");
        return;
    }
    struct http_request req = {
        .method = ps->method,
        .path = ps->path,
        .query = &ps->query,
        .headers = &ps->headers,
        .body = ps->body,
        .body_len = ps->body_len,
        .timeout_ms = ps->timeout_ms,
    };
    if (store_get(p->st, ps->integration, 0, &ig, &e) != TS_OK ||
        http_curl_command(ig, &req, &cmd, &e) != TS_OK) {
        screen_msg(s, MSG_ERROR, "%s", e.msg);
    } else {
        screen_copy(s, cmd);
        screen_msg(s, MSG_OK,
                   "Copied the request as a curl command (secrets as "
                   "$VARIABLES) through OSC 52.");
    }
    free(cmd);
    integration_free(ig);
}

static void
rv_copy_body(struct pane_rv *rv, struct screen *s)
{
    const struct http_response *r = &rv->resp;
    if (r->body_len == 0)
        screen_msg(s, MSG_ERROR, "The body is empty.");
    else if (rv->binary)
        screen_msg(s, MSG_ERROR, "A binary body cannot go to the clipboard: "
                                 "save it with s.");
    else if (r->body_len > RV_COPY_MAX)
        screen_msg(s, MSG_ERROR,
                   "The body is too large for the clipboard (%zu bytes): "
                   "save it with s.",
                   r->body_len);
    else
        screen_copy(s, r->body);
}

static int
rv_scroll_key(struct pane_rv *rv, struct screen *s, int key)
{
    size_t *top = &rv->top[rv->doc];
    size_t page = rv->page > 1 ? (size_t)rv->page - 1 : 1;
    size_t last = rv_last_top(rv, s->cols - 2);
    switch (key) {
    case UK_UP:
    case 'k':
        if (*top > 0)
            (*top)--;
        return UI_HANDLED;
    case UK_DOWN:
    case 'j':
        if (*top < last)
            (*top)++;
        return UI_HANDLED;
    case UK_PGUP:
        *top = *top > page ? *top - page : 0;
        return UI_HANDLED;
    case UK_PGDN:
    case ' ':
        *top = *top + page < last ? *top + page : last;
        return UI_HANDLED;
    case UK_HOME:
    case 'g':
        *top = 0;
        rv->left = 0;
        return UI_HANDLED;
    case UK_END:
    case 'G':
        *top = last;
        return UI_HANDLED;
    case UK_LEFT:
        rv->left = rv->left > RV_HSTEP ? rv->left - RV_HSTEP : 0;
        return UI_HANDLED;
    case UK_RIGHT:
        if (!rv->wrap)
            rv->left += RV_HSTEP;
        return UI_HANDLED;
    default:
        return UI_IGNORED;
    }
}

static int
rv_prompt_key(struct pane *p, struct screen *s, int key)
{
    struct pane_rv *rv = &p->rv;
    if (key == UK_ESC) {
        rv->prompting = false;
        return UI_HANDLED;
    }
    if (key == UK_ENTER) {
        rv_prompt_done(p, s);
        return UI_HANDLED;
    }
    field_key(&rv->prompt, s, key);
    return UI_HANDLED;
}

int
pane_rv_key(struct pane *p, struct screen *s, int key)
{
    struct pane_rv *rv = &p->rv;
    if (rv->prompting)
        return rv_prompt_key(p, s, key);
    if (rv->searching && key == UK_ESC) {
        pane_search_stop(rv);
        screen_msg(s, MSG_INFO, "Search stopped.");
        return UI_HANDLED;
    }
    if (key == UK_ESC || key == 'e')
        return UI_CANCEL;
    if (key == UK_CTRL('g') || key == UK_FN + KEY_F(5)) {
        pane_send(p, s, false);
        return UI_HANDLED;
    }
    if (!rv->have)
        return UI_HANDLED;
    if (rv_scroll_key(rv, s, key) != UI_IGNORED)
        return UI_HANDLED;
    switch (key) {
    case UK_TAB:
    case UK_BTAB:
        pane_search_stop(rv);
        rv->doc = rv->doc == RV_BODY ? RV_HEADERS : RV_BODY;
        rv->match = SIZE_MAX;
        break;
    case 'w':
        rv->wrap = !rv->wrap;
        rv->left = 0;
        break;
    case '/':
        rv->prompting = true;
        field_set(&rv->prompt, NULL);
        break;
    case 'n':
    case 'N':
        if (rv->needle == NULL) {
            screen_msg(s, MSG_INFO, "Search first with /.");
            break;
        }
        {
            bool back = key == 'N';
            size_t n = pane_rv_count(rv);
            size_t from = rv->match == SIZE_MAX ? rv->top[rv->doc]
                          : back ? (rv->match == 0 ? (n ? n - 1 : 0)
                                                   : rv->match - 1)
                                 : rv->match + 1;
            pane_search_start(rv, from, back);
        }
        break;
    case 's':
        p->ask = ASK_SAVE;
        dialog_prompt(&p->dlg, ASK_SAVE, "Save the body",
                      "File to write the response body to (as received):",
                      rv->binary ? "response.bin"
                      : rv->body_idx && jsonfmt_index_is_json(rv->body_idx)
                          ? "response.json"
                          : "response.txt");
        break;
    case 'c':
        rv_copy_body(rv, s);
        break;
    case 'C':
        rv_copy_curl(p, s);
        break;
    case 'R':
        rv->reveal = !rv->reveal;
        if (rv->nsecrets > 0)
            screen_msg(s, MSG_INFO, rv->reveal
                                        ? "Secrets are shown. R hides them."
                                        : "Secrets are masked.");
        break;
    default:
        break;
    }
    return UI_HANDLED;
}
