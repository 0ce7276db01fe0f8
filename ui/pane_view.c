/* pane_view.c — drawing the response viewer: status line, timings, tabs
 * and the lines on screen, each rendered on demand with its JSON colours,
 * search matches highlighted and echoed secrets masked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane_int.h"
#include "ratelimit.h"

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

/* One cluster (screen_cluster()) at y, x. */
static void
rv_put(int y, int x, attr_t a, const wchar_t *wc, size_t nwc)
{
    attrset(a);
    mvaddnwstr(y, x, wc, (int)nwc);
    attrset(A_NORMAL);
}

/* Draw a line from column `left` (wrap off) or over up to `rows` rows
 * (wrap on); returns the rows used. Search matches are highlighted. */
static int
rv_draw_line(const struct pane_rv *rv, const struct rv_line *l, int y, int x,
             int w, int rows, bool current)
{
    size_t hit[RV_MAX_HITS];
    size_t nhit = 0;
    for (const char *h = l->text;
         rv->needle != NULL && rv->nlen > 0 && nhit < RV_MAX_HITS;) {
        size_t rest = l->len - (size_t)(h - l->text);
        h = jsonfmt_memfind(h, rest, rv->needle, rv->nlen, rv->icase);
        if (h == NULL)
            break;
        hit[nhit++] = (size_t)(h - l->text);
        h += rv->nlen;
    }
    struct redact_span mask[RV_MAX_HITS];
    size_t nmask = rv->reveal ? 0
                              : redact_find_spans(rv->secrets, l->text, l->len,
                                                  mask, RV_MAX_HITS);
    size_t span = 0, hi = 0;
    int col = 0, row = 0, cx = 0;
    for (size_t i = 0; i < l->len && row < rows;) {
        int cw;
        wchar_t wc[SCREEN_CLUSTER_MAX];
        size_t nwc, n = screen_cluster(l->text + i, l->len - i, &cw, wc, &nwc);
        while (span < l->nspans &&
               l->spans[span].start + l->spans[span].len <= i)
            span++;
        while (hi < nhit && hit[hi] + rv->nlen <= i)
            hi++;
        attr_t a = A_NORMAL;
        if (span < l->nspans && l->spans[span].start <= i)
            a = theme_attr(rv_kind_colour(l->spans[span].kind));
        if (hi < nhit && hit[hi] <= i)
            a = theme_attr(current ? TC_STEP_CURRENT : TC_SELECTED);
        bool masked = false;
        for (size_t k = 0; k < nmask && !masked; k++)
            masked = mask[k].off < i + n && i < mask[k].off + mask[k].len;
        if (masked) {
            wc[0] = '*';
            nwc = 1;
            cw = 1;
            a = theme_attr(TC_WARNING);
        } else if (l->text[i] == '\t') {
            wc[0] = ' '; /* a tab is a column, as it was rendered */
        } else if ((unsigned char)l->text[i] < 0x20 || l->text[i] == 0x7f) {
            wc[0] = '.'; /* a control character */
        }
        if (rv->wrap) {
            if (cx + cw > w) {
                row++;
                cx = 0;
                if (row >= rows)
                    break;
            }
            rv_put(y + row, x + cx, a, wc, nwc);
            cx += cw;
        } else {
            if (col >= rv->left && col - rv->left + cw <= w)
                rv_put(y, x + col - rv->left, a, wc, nwc);
            if (col - rv->left >= w)
                break;
        }
        col += cw;
        i += n;
    }
    return rv->wrap ? row + 1 : 1;
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
                 theme_glyphs()->sep, r->timings.total_ms, theme_glyphs()->sep,
                 size, theme_glyphs()->sep,
                 r->content_type ? r->content_type : "no content type",
                 r->truncated ? "  (cut: only the first 1 GiB is kept)" : "",
                 r->credentials_dropped ? "  (redirected to another host: "
                                          "no credentials sent there)"
                                        : "");
        screen_text(1, x, s->cols - x - 1, theme_attr(TC_NORMAL), buf);
    }
    const struct http_timings *t = &r->timings;
    char tls[32] = "-";
    if (t->tls_ms > 0)
        snprintf(tls, sizeof tls, "%.1f ms", t->tls_ms);
    /* The server's rate limit first: at 80 columns it is what matters. */
    char *limit = r->failure == HTTP_OK ? ratelimit_summary(&r->headers) : NULL;
    snprintf(buf, sizeof buf,
             "%s%s%sDNS %.1f ms  connect %.1f ms  TLS %s  first byte %.1f ms"
             "  total %.1f ms",
             limit ? "rate limit: " : "", limit ? limit : "", limit ? "  " : "",
             t->dns_ms, t->connect_ms, tls, t->first_byte_ms, t->total_ms);
    free(limit);
    if (r->redirects > 0)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "  %d redirect%s",
                 r->redirects, r->redirects == 1 ? "" : "s");
    screen_text(2, 1, s->cols - 2, theme_attr(TC_DIM), buf);
}

static void
rv_draw_doc_line(struct pane_rv *rv, struct screen *s)
{
    char buf[256];
    int x = 1;
    x += screen_text(3, x, 8,
                     theme_attr(rv->doc == RV_BODY ? TC_STEP_CURRENT : TC_DIM),
                     " Body ");
    x += 1 + screen_text(
                 3, x + 1, 10,
                 theme_attr(rv->doc == RV_HEADERS ? TC_STEP_CURRENT : TC_DIM),
                 " Headers ");
    size_t n = pane_rv_count(rv);
    const char *kind = rv->doc == RV_HEADERS ? "text"
                       : rv->filter_idx      ? "JSON, filtered"
                       : rv->binary          ? "binary, hex dump"
                       : rv->body_idx && jsonfmt_index_is_json(rv->body_idx)
                           ? "JSON"
                           : "text";
    const struct jsonfmt_error *je =
        rv->doc == RV_BODY && rv->body_idx && !rv->binary
            ? jsonfmt_index_error(rv->body_idx)
            : NULL;
    size_t top = rv->top[rv->doc];
    int len =
        snprintf(buf, sizeof buf, "  %s  %s lines %zu-%zu of %zu  wrap %s",
                 kind, theme_glyphs()->sep, n ? top + 1 : 0,
                 top + (size_t)rv->page < n ? top + (size_t)rv->page : n, n,
                 rv->wrap ? "on" : "off");
    if (je != NULL && jsonfmt_looks_like(rv->resp.content_type, rv->resp.body,
                                         rv->resp.body_len))
        snprintf(buf + len, sizeof buf - (size_t)len,
                 "  (not valid JSON at line %zu, column %zu: %s; shown as is)",
                 je->line, je->column, je->what);
    screen_text(3, x + 1, s->cols - x - 2, theme_attr(TC_DIM), buf);
}

/* The filter line above the body: the field while typing, else the
 * expression and what it did. */
static void
rv_draw_filter_line(struct pane_rv *rv, struct screen *s, int y)
{
    int x = 1 + screen_text(y, 1, 8, theme_attr(TC_LABEL), "Filter: ");
    if (rv->filtering) {
        field_draw(&rv->fprompt, s, y, x, s->cols - x - 1, true);
        return;
    }
    x += screen_text(y, x, s->cols - x - 1, theme_attr(TC_NORMAL), rv->filter);
    char buf[300];
    if (rv->filter_err[0] != '\0')
        snprintf(buf, sizeof buf, "  %s %s (the whole body below)",
                 theme_glyphs()->cross, rv->filter_err);
    else
        snprintf(buf, sizeof buf, "  (f changes it, empty clears)");
    screen_text(y, x, s->cols - x - 1,
                theme_attr(rv->filter_err[0] ? TC_ERROR : TC_DIM), buf);
}

void
pane_rv_draw(struct pane *p, struct screen *s)
{
    struct pane_rv *rv = &p->rv;
    pane_draw_tabs(p, s);
    if (!rv->have) {
        screen_text(2, 1, s->cols - 2, theme_attr(TC_DIM),
                    "Nothing sent yet: compose a request and press Enter.");
        return;
    }
    int y = 4, h = s->rows - 6, w = s->cols - 2;
    if (rv->doc == RV_BODY && (rv->filter != NULL || rv->filtering)) {
        rv_draw_filter_line(rv, s, y);
        y++;
        h--;
    }
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
            if (!pane_rv_get(rv, i, &l))
                break;
            row += rv_draw_line(rv, &l, y + row, 1, w, h - row, i == rv->match);
        }
    }
    if (rv->prompting) {
        screen_fill(s->rows - 2, 0, s->cols, A_NORMAL);
        screen_text(s->rows - 2, 0, 1, theme_attr(TC_LABEL), "/");
        field_draw(&rv->prompt, s, s->rows - 2, 1, s->cols - 2, true);
    } else if (worker_running(&rv->search)) {
        char buf[128];
        snprintf(buf, sizeof buf, "%s searching for \"%s\"… (Esc stops)",
                 screen_spinner(s), rv->needle);
        screen_text(s->rows - 2, 1, s->cols - 2, theme_attr(TC_INFO), buf);
    } else if (rv->hit != SIZE_MAX && rv->needle != NULL) {
        char buf[160];
        snprintf(buf, sizeof buf,
                 "match %zu of %zu for \"%s\"  (n next, N "
                 "previous)",
                 rv->hit + 1, rv->nhits, rv->needle);
        screen_text(s->rows - 2, 1, s->cols - 2, theme_attr(TC_DIM), buf);
    }
}
