/* report.c — see report.h. */
#define _GNU_SOURCE
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "text.h"

bool
report_format_parse(const char *s, enum report_format *f)
{
    static const struct {
        const char *name;
        enum report_format fmt;
    } names[] = {
        {"text", REPORT_TEXT},
        {"json", REPORT_JSON},
        {"junit", REPORT_JUNIT},
        {"tap", REPORT_TAP},
        {"prometheus", REPORT_PROMETHEUS},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(s, names[i].name) == 0) {
            *f = names[i].fmt;
            return true;
        }
    }
    return false;
}

/* ---- XML --------------------------------------------------------------- */

/* One code point as XML text into b. */
static bool
report_xml_cp(struct text_buf *b, uint32_t cp)
{
    char tmp[16];
    const char *lit = NULL;
    switch (cp) {
    case '&':
        lit = "&amp;";
        break;
    case '<':
        lit = "&lt;";
        break;
    case '>':
        lit = "&gt;";
        break;
    case '"':
        lit = "&quot;";
        break;
    case '\'':
        lit = "&apos;";
        break;
    case '\t':
        lit = "&#9;";
        break;
    case '\n':
        lit = "&#10;";
        break;
    case '\r':
        lit = "&#13;";
        break;
    default:
        break;
    }
    if (lit != NULL)
        return text_buf_add(b, lit, strlen(lit));
    if (text_is_control(cp)) {
        int n = snprintf(tmp, sizeof tmp, cp < 0x80 ? "\\x%02X" : "\\u%04X",
                         (unsigned)cp);
        return text_buf_add(b, tmp, (size_t)n);
    }
    if (cp == 0xFFFE || cp == 0xFFFF)
        cp = TEXT_REPLACEMENT;
    size_t n = text_encode(cp, tmp);
    return text_buf_add(b, tmp, n);
}

char *
report_xml_escape(const char *s)
{
    struct text_buf b;
    text_buf_init(&b);
    bool ok = text_buf_reserve(&b, 1);
    for (size_t i = 0, n = s ? strlen(s) : 0; ok && i < n;) {
        uint32_t cp;
        i += text_decode_lossy(s + i, n - i, &cp);
        ok = report_xml_cp(&b, cp);
    }
    if (!ok) {
        text_buf_free(&b);
        return NULL;
    }
    return text_buf_take(&b);
}

/* Server or store text for a line of a report: controls, line breaks and
 * invisible characters shown escaped (text_render), valid UTF-8, then
 * backslash and double quote escaped with a backslash (Prometheus label
 * values, YAML double-quoted strings), and '#' too when `hash`. */
static char *
report_quoted(const char *s, bool hash)
{
    char *shown = text_render_dup(s ? s : "", s ? strlen(s) : 0, 0);
    if (shown == NULL)
        return NULL;
    struct text_buf b;
    text_buf_init(&b);
    bool ok = text_buf_reserve(&b, 1);
    for (const char *p = shown; ok && *p != '\0'; p++) {
        if (*p == '\\' || *p == '"' || (hash && *p == '#'))
            ok = text_buf_add(&b, "\\", 1);
        if (ok)
            ok = text_buf_add(&b, p, 1);
    }
    free(shown);
    if (!ok) {
        text_buf_free(&b);
        return NULL;
    }
    return text_buf_take(&b);
}

/* Every string a report needs of one result, escaped for its format. */
struct report_row {
    char *name, *tags, *message, *summary, *url;
};

static void
report_row_free(struct report_row *r)
{
    free(r->name);
    free(r->tags);
    free(r->message);
    free(r->summary);
    free(r->url);
}

static bool
report_row_make(struct report_row *r, const struct testall_item *it,
                char *(*esc)(const char *))
{
    const struct conntest_result *res = &it->result;
    r->name = esc(it->ig->name);
    r->tags = esc(it->ig->tags);
    r->message = esc(res->diagnosis ? res->diagnosis : res->summary);
    r->summary = esc(res->summary);
    r->url = esc(res->url);
    return r->name && r->tags && r->message && r->summary && r->url;
}

static char *
report_line_esc(const char *s)
{
    return report_quoted(s, false);
}

static char *
report_tap_esc(const char *s)
{
    return report_quoted(s, true);
}

static double
report_seconds(const struct conntest_result *r)
{
    return (double)r->time_ms / 1000.0;
}

static void
report_junit(FILE *f, const struct testall_item *items, size_t n,
             const struct report_row *rows)
{
    double total = 0;
    int64_t first = 0;
    for (size_t i = 0; i < n; i++) {
        total += report_seconds(&items[i].result);
        if (items[i].result.at != 0 &&
            (first == 0 || items[i].result.at < first))
            first = items[i].result.at;
    }
    char stamp[32] = "1970-01-01T00:00:00";
    time_t t = (time_t)first;
    struct tm tm;
    if (first != 0 && gmtime_r(&t, &tm) != NULL)
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    size_t failed = testall_failed(items, n);
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(f,
            "<testsuites name=\"tether\" tests=\"%zu\" failures=\"%zu\" "
            "errors=\"0\" time=\"%.3f\">\n",
            n, failed, total);
    fprintf(f,
            "  <testsuite name=\"tether connection tests\" tests=\"%zu\" "
            "failures=\"%zu\" errors=\"0\" skipped=\"0\" time=\"%.3f\" "
            "timestamp=\"%s\">\n",
            n, failed, total, stamp);
    for (size_t i = 0; i < n; i++) {
        const struct conntest_result *r = &items[i].result;
        fprintf(f,
                "    <testcase name=\"%s\" classname=\"tether.connection\" "
                "time=\"%.3f\"",
                rows[i].name, report_seconds(r));
        if (r->pass) {
            fprintf(f, "/>\n");
            continue;
        }
        fprintf(f, ">\n      <failure message=\"%s\" type=\"%s\">",
                rows[i].message,
                r->status != 0 ? "status" : http_failure_name(r->failure));
        fprintf(f, "%s&#10;GET %s</failure>\n    </testcase>\n",
                rows[i].summary, rows[i].url);
    }
    fprintf(f, "  </testsuite>\n</testsuites>\n");
}

static void
report_tap(FILE *f, const struct testall_item *items, size_t n,
           const struct report_row *rows)
{
    fprintf(f, "TAP version 13\n1..%zu\n", n);
    for (size_t i = 0; i < n; i++) {
        const struct conntest_result *r = &items[i].result;
        fprintf(f, "%s %zu - %s\n", r->pass ? "ok" : "not ok", i + 1,
                rows[i].name);
        if (r->pass)
            continue;
        fprintf(f, "  ---\n  message: \"%s\"\n  summary: \"%s\"\n",
                rows[i].message, rows[i].summary);
        fprintf(f, "  status: %ld\n  duration_ms: %ld\n  url: \"%s\"\n  ...\n",
                r->status, r->time_ms, rows[i].url);
    }
}

static void
report_prometheus(FILE *f, const struct testall_item *items, size_t n,
                  const struct report_row *rows)
{
    static const struct {
        const char *name, *help;
    } metrics[] = {
        {"tether_connection_test_pass",
         "1 when the connection test of the integration passed, else 0."},
        {"tether_connection_test_status",
         "HTTP status of the connection test (0: no response)."},
        {"tether_connection_test_duration_seconds",
         "How long the connection test took."},
        {"tether_connection_test_timestamp_seconds",
         "When the connection test ran (unix time)."},
    };
    for (size_t m = 0; m < sizeof metrics / sizeof metrics[0]; m++) {
        fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", metrics[m].name,
                metrics[m].help, metrics[m].name);
        for (size_t i = 0; i < n; i++) {
            const struct conntest_result *r = &items[i].result;
            fprintf(f, "%s{name=\"%s\",tags=\"%s\"} ", metrics[m].name,
                    rows[i].name, rows[i].tags);
            switch (m) {
            case 0:
                fprintf(f, "%d\n", r->pass ? 1 : 0);
                break;
            case 1:
                fprintf(f, "%ld\n", r->status);
                break;
            case 2:
                fprintf(f, "%.3f\n", report_seconds(r));
                break;
            default:
                fprintf(f, "%lld\n", (long long)r->at);
                break;
            }
        }
    }
}

tstatus
report_write(FILE *f, enum report_format fmt, const struct testall_item *items,
             size_t n, const char *what, struct err *e)
{
    if (fmt != REPORT_JUNIT && fmt != REPORT_TAP && fmt != REPORT_PROMETHEUS)
        return err_set(e, TS_INVALID, "format",
                       "report_write writes junit, tap or prometheus");
    struct report_row *rows = calloc(n ? n : 1, sizeof *rows);
    bool ok = rows != NULL;
    char *(*esc)(const char *) = fmt == REPORT_JUNIT ? report_xml_escape
                                 : fmt == REPORT_TAP ? report_tap_esc
                                                     : report_line_esc;
    for (size_t i = 0; ok && i < n; i++)
        ok = report_row_make(&rows[i], &items[i], esc);
    if (ok) {
        if (fmt == REPORT_JUNIT)
            report_junit(f, items, n, rows);
        else if (fmt == REPORT_TAP)
            report_tap(f, items, n, rows);
        else
            report_prometheus(f, items, n, rows);
    }
    for (size_t i = 0; rows != NULL && i < n; i++)
        report_row_free(&rows[i]);
    free(rows);
    if (!ok)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    if (fflush(f) != 0 || ferror(f))
        return err_set(e, TS_IO, NULL, "cannot write %s: %s",
                       what ? what : "the report", strerror(errno));
    return TS_OK;
}

/* ---- atomic file ------------------------------------------------------- */

tstatus
report_save(const char *path, report_writer_fn fn, void *arg, struct err *e)
{
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path + 1) : 0;
    char *tmp;
    if (asprintf(&tmp, "%.*s.%s.tether-XXXXXX", dirlen, path,
                 slash ? slash + 1 : path) < 0)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        tstatus s = err_set(e, TS_IO, "report", "cannot write %s: %s", path,
                            strerror(errno));
        free(tmp);
        return s;
    }
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    FILE *f = fdopen(fd, "w");
    tstatus s = TS_OK;
    if (f == NULL) {
        close(fd);
        s = err_set(e, TS_NOMEM, NULL, "out of memory");
    } else {
        s = fn(f, arg, e);
        bool ok = fflush(f) == 0 && !ferror(f) && fsync(fileno(f)) == 0;
        int saved = errno;
        if (fclose(f) != 0)
            ok = false;
        if (s == TS_OK && !ok)
            s = err_set(e, TS_IO, "report", "cannot write %s: %s", path,
                        strerror(saved));
    }
    if (s == TS_OK && rename(tmp, path) != 0)
        s = err_set(e, TS_IO, "report", "cannot write %s: %s", path,
                    strerror(errno));
    if (s != TS_OK)
        unlink(tmp);
    free(tmp);
    return s;
}
