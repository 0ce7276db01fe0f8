/* report.h — connectivity reports that monitoring reads: the results of a
 * group of connection tests (testall.h) as JUnit XML, TAP or a Prometheus
 * textfile-collector file, written to a stream or atomically to a file.
 *
 * Every string that came from a server or the store (names, tags,
 * diagnoses, reason phrases) is escaped for the format: XML with
 * report_xml_escape(), Prometheus label values and TAP lines with their own
 * quoting, control characters never passed through. */
#ifndef TETHER_REPORT_H
#define TETHER_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "err.h"
#include "testall.h"

enum report_format {
    REPORT_TEXT,       /* the table `tether test --all` prints */
    REPORT_JSON,       /* --json */
    REPORT_JUNIT,      /* JUnit XML, one testcase per integration */
    REPORT_TAP,        /* TAP version 13 */
    REPORT_PROMETHEUS, /* text exposition format, gauges */
};

/* "text", "json", "junit", "tap", "prometheus" (case-insensitive) into *f;
 * false for anything else. */
bool report_format_parse(const char *s, enum report_format *f);

/* s as XML character data or an attribute value: & < > " ' as entities,
 * tab, line feed and carriage return as character references, other
 * control characters (which XML 1.0 cannot hold) as the visible text
 * "\xNN", invalid UTF-8 and U+FFFE/U+FFFF as U+FFFD. NULL gives "".
 * Returns heap memory the caller frees, or NULL when out of memory. */
char *report_xml_escape(const char *s);

/* Write the report of `items` (n results, in the order given) to f in
 * format JUNIT, TAP or PROMETHEUS. Returns TS_OK, TS_NOMEM, or TS_IO when
 * f fails (naming `what`, e.g. the file's path). */
tstatus report_write(FILE *f, enum report_format fmt,
                     const struct testall_item *items, size_t n,
                     const char *what, struct err *e);

/* Writes a whole report to f; returns TS_OK or the error it set. */
typedef tstatus (*report_writer_fn)(FILE *f, void *arg, struct err *e);

/* A report into `path` atomically: `fn` writes it to a temporary file
 * beside it, which is flushed to disk, then renamed over `path` (a reader
 * such as a textfile collector sees the old file or the new one, never
 * half of one). The file gets the mode a new file gets (0666 less the
 * umask). When fn fails, or TS_IO naming the path when the file cannot be
 * written, the old file is left as it was and the temporary one removed. */
tstatus report_save(const char *path, report_writer_fn fn, void *arg,
                    struct err *e);

#endif
