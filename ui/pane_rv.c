/* pane_rv.c — the response viewer's document: a response becomes a body
 * tab (JSON pretty-printed line by line from a jsonfmt index, other text
 * as is, binary bodies as a hex dump made on demand) and a headers tab,
 * rendered a line at a time, how far the view can scroll, and the
 * integration's secrets to mask in it. Keys are in
 * pane_response.c, drawing in pane_view.c, search in pane_search.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpath.h"
#include "pane_int.h"

void
pane_rv_init(struct pane_rv *rv)
{
    memset(rv, 0, sizeof *rv);
    field_init(&rv->prompt, false);
    field_init(&rv->fprompt, false);
    rv->match = rv->hit = SIZE_MAX;
}

void
pane_rv_search_forget(struct pane_rv *rv)
{
    worker_stop(&rv->search);
    free(rv->hits);
    rv->hits = NULL;
    rv->nhits = 0;
    rv->hit = SIZE_MAX;
    rv->match = SIZE_MAX;
    rv->scanned = false;
}

void
pane_rv_clear(struct pane_rv *rv)
{
    /* The search reads the document: it ends first. */
    pane_rv_search_forget(rv);
    http_response_free(&rv->resp);
    jsonfmt_index_free(rv->filter_idx);
    free(rv->filter_text);
    rv->filter_idx = NULL;
    rv->filter_text = NULL;
    rv->filter_err[0] = '\0';
    jsonfmt_index_free(rv->body_idx);
    jsonfmt_index_free(rv->head_idx);
    free(rv->head_text);
    rv->body_idx = rv->head_idx = NULL;
    rv->head_text = NULL;
    rv->have = rv->binary = false;
    rv->top[0] = rv->top[1] = 0;
    rv->left = 0;
    rv->match = SIZE_MAX;
    rv->doc = RV_BODY;
}

void
pane_rv_secrets_free(struct pane_rv *rv)
{
    redact_secrets_free(rv->secrets);
    rv->secrets = NULL;
}

void
pane_rv_secrets(struct pane_rv *rv, const struct integration *ig)
{
    pane_rv_secrets_free(rv);
    rv->reveal = false;
    if (ig != NULL && redact_secrets_new(ig, &rv->secrets, NULL) != TS_OK)
        rv->secrets = NULL;
}

void
pane_rv_free(struct pane_rv *rv)
{
    pane_rv_clear(rv);
    pane_rv_secrets_free(rv);
    jsonfmt_line_free(&rv->line);
    field_free(&rv->prompt);
    field_free(&rv->fprompt);
    free(rv->filter);
    rv->filter = NULL;
    free(rv->needle);
    rv->needle = NULL;
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
    if (rv->filter != NULL) {
        char *expr = rv->filter;
        rv->filter = NULL;
        pane_rv_filter(rv, expr);
        free(expr);
    }
}

/* The value rv->filter selects, as JSON text into rv->filter_text (and
 * its index), or the reason in rv->filter_err. */
static void
rv_filter_apply(struct pane_rv *rv)
{
    struct err e = {0};
    struct jsonpath *jp = NULL;
    cJSON *doc = NULL;
    const cJSON *v = NULL;
    const struct http_response *r = &rv->resp;
    if (jsonpath_parse(rv->filter, &jp, &e) != TS_OK) {
        snprintf(rv->filter_err, sizeof rv->filter_err, "%s", e.msg);
    } else if (rv->binary || r->failure != HTTP_OK ||
               (doc = cJSON_ParseWithLength(r->body ? r->body : "",
                                            r->body_len)) == NULL) {
        snprintf(rv->filter_err, sizeof rv->filter_err,
                 "the body is not JSON: nothing to filter");
    } else if (jsonpath_eval(jp, doc, &v, &e) != TS_OK) {
        snprintf(rv->filter_err, sizeof rv->filter_err, "%s", e.msg);
    } else if ((rv->filter_text = cJSON_PrintUnformatted(v)) == NULL ||
               jsonfmt_index_build(rv->filter_text, strlen(rv->filter_text), 0,
                                   &rv->filter_idx, &e) != TS_OK) {
        snprintf(rv->filter_err, sizeof rv->filter_err, "out of memory");
        rv->filter_idx = NULL;
    }
    cJSON_Delete(doc);
    jsonpath_free(jp);
}

void
pane_rv_filter(struct pane_rv *rv, const char *expr)
{
    worker_stop(&rv->search); /* it reads the document */
    jsonfmt_index_free(rv->filter_idx);
    free(rv->filter_text);
    rv->filter_idx = NULL;
    rv->filter_text = NULL;
    rv->filter_err[0] = '\0';
    free(rv->filter);
    rv->filter = expr != NULL && expr[0] != '\0' ? strdup(expr) : NULL;
    rv->top[RV_BODY] = 0;
    rv->match = SIZE_MAX;
    if (rv->filter != NULL && rv->have)
        rv_filter_apply(rv);
}

/* Lines in the document shown. */
size_t
pane_rv_count(const struct pane_rv *rv)
{
    if (rv->doc == RV_HEADERS)
        return rv->head_idx ? jsonfmt_index_count(rv->head_idx) : 0;
    if (rv->filter_idx != NULL)
        return jsonfmt_index_count(rv->filter_idx);
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
    if (rv->doc == RV_BODY && rv->binary && rv->filter_idx == NULL) {
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
    const struct jsonfmt_index *idx = rv->doc == RV_HEADERS ? rv->head_idx
                                      : rv->filter_idx      ? rv->filter_idx
                                                            : rv->body_idx;
    if (idx == NULL || jsonfmt_index_line(idx, i, buf, &e) != TS_OK)
        return false;
    *out = (struct rv_line){buf->text, buf->len, buf->spans, buf->nspans};
    return true;
}

bool
pane_rv_get(struct pane_rv *rv, size_t i, struct rv_line *out)
{
    return pane_rv_line(rv, i, &rv->line, rv->hex, out);
}

/* Rows line i takes when wrapped in w columns. */
static int
rv_rows_of(struct pane_rv *rv, size_t i, int w)
{
    struct rv_line l;
    if (!pane_rv_get(rv, i, &l) || w <= 0)
        return 1;
    int cols = 0;
    for (size_t k = 0; k < l.len;) {
        int cw;
        wchar_t wc[SCREEN_CLUSTER_MAX];
        size_t nwc;
        k += screen_cluster(l.text + k, l.len - k, &cw, wc, &nwc);
        cols += cw;
    }
    return cols <= w ? 1 : (cols + w - 1) / w;
}

/* The top line that shows the document's end. */
size_t
pane_rv_last_top(struct pane_rv *rv, int w)
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
