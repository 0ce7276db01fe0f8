/* pane_response.c — the response viewer's state and keys: a response
 * becomes a body tab (JSON pretty-printed line by line from a jsonfmt
 * index, other text as is, binary bodies as a hex dump made on demand) and
 * a headers tab; scrolling, search (pane_search.c), save and copy. Drawing
 * is in pane_view.c, the masking of echoed secrets in pane_mask.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pane_int.h"

/* How many bytes of a body are looked at to decide whether it is binary,
 * the largest body copied to the clipboard, the sideways scroll step. */
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

void
pane_rv_free(struct pane_rv *rv)
{
    pane_rv_clear(rv);
    pane_rv_secrets_free(rv);
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
        size_t need = c < 0x80             ? 0
                      : (c & 0xe0) == 0xc0 ? 1
                      : (c & 0xf0) == 0xe0 ? 2
                      : (c & 0xf8) == 0xf0 ? 3
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
    unsigned flags = jsonfmt_looks_like(r->content_type, r->body, r->body_len)
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
        jsonfmt_index_build(rv->head_text, strlen(rv->head_text), JSONFMT_RAW,
                            &rv->head_idx, &e) != TS_OK)
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
            o += k < n
                     ? snprintf(hex + o, RV_HEX_LINE - (size_t)o, "%02x ", b[k])
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
pane_rv_save(struct pane *p, struct screen *s, const char *path, bool overwrite)
{
    const struct http_response *r = &p->rv.resp;
    if (!overwrite && access(path, F_OK) == 0) {
        snprintf(p->save_path, sizeof p->save_path, "%s", path);
        p->ask = ASK_OVERWRITE;
        dialog_confirm(&p->dlg, ASK_OVERWRITE, "Replace the file?", "Replace",
                       "%s exists. Replace it with the body?", path);
        return;
    }
    FILE *f = fopen(path, "wb");
    bool ok = f != NULL &&
              fwrite(r->body ? r->body : "", 1, r->body_len, f) == r->body_len;
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
        screen_msg(s, MSG_ERROR,
                   "A binary body cannot go to the clipboard: "
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
    size_t last = pane_rv_last_top(rv, s->cols - 2);
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
            size_t from =
                rv->match == SIZE_MAX ? rv->top[rv->doc]
                : back ? (rv->match == 0 ? (n ? n - 1 : 0) : rv->match - 1)
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
            screen_msg(s, MSG_INFO,
                       rv->reveal ? "Secrets are shown. R hides them."
                                  : "Secrets are masked.");
        break;
    default:
        break;
    }
    return UI_HANDLED;
}
