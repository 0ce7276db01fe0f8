/* cli_testgroup.h — the `tether test` family: its options as read from
 * the command line, and the group test (--all, a list of names, --tag)
 * with its outputs: the table, --json, and the reports of report.h on
 * standard output or atomically in -o FILE. cli_test.c reads the command
 * line and tests one integration; cli_watch.c repeats a group test. */
#ifndef TETHER_CLI_TESTGROUP_H
#define TETHER_CLI_TESTGROUP_H

#include "cli_cmd.h"
#include "conntest.h"
#include "report.h"
#include "testall.h"

#define CLI_TEST_FLAGS (STORE_WITH_SECRETS | STORE_SECRETS_TOLERANT)

/* What a `tether test` command line asked for. Pointers into argv. */
struct cli_test_opts {
    bool all;   /* --all */
    bool group; /* test a group: --all, names, --tag, a report or --watch */
    int jobs;
    const char *name, *path; /* one integration, and its PATH */
    char **names;            /* the names of a group (argv), or NULL */
    int nnames;
    const struct cli_args *args; /* every --tag */
    enum report_format format;   /* --format, --json = json */
    const char *report;          /* -o FILE, or NULL */
    long watch_ms;               /* --watch, 0 = once */
};

/* One result as a JSON object (name, pass, status, ...); NULL when out of
 * memory. */
struct cJSON *cli_test_json(const struct integration *ig,
                            const struct conntest_result *r);

/* The integrations the group options select, with secrets (those that
 * cannot be decrypted are left unreadable, and their tests fail saying
 * so): every one for --all, each name given (an unknown name is
 * TS_NOT_FOUND), or those with any of the --tag tags (TS_NOT_FOUND when
 * none has one). Free with cli_test_items_free(). */
tstatus cli_test_select(struct store *st, const struct cli_test_opts *o,
                        struct testall_item **out, size_t *n, struct err *e);

/* Free the results and the integrations of items, then the array. */
void cli_test_items_free(struct testall_item *items, size_t n);

/* Write the results (sorted already) in o->format: to standard output, or
 * with o->report atomically into that file (nothing on standard output).
 * Returns 0, or prints why and returns the exit status. */
int cli_test_output(struct cli_ctx *ctx, const struct cli_test_opts *o,
                    const struct testall_item *items, size_t n);

/* `tether test` of a group, once: select, test in parallel (progress on a
 * terminal), output. Exit status 0 only when every test passed. */
int cli_test_group(struct cli_ctx *ctx, struct store *st,
                   const struct cli_test_opts *o);

/* `tether test --watch`: see cli_watch.c. */
/* Exit status by the last complete round: 0 when all passed. */
int cli_test_watch(struct cli_ctx *ctx, struct store *st,
                   const struct cli_test_opts *o);

#endif
