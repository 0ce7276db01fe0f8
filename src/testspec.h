/* testspec.h — the connection test's settings as rules: which statuses
 * pass ("200,204", "2xx", "200-299"), where a JSON Pointer (RFC 6901)
 * leads in a response body, and whether a body meets the expectations of
 * an integration's test (struct test_spec in model.h). */
#ifndef TETHER_TESTSPEC_H
#define TETHER_TESTSPEC_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "model.h"

/* Check a list of accepted statuses: items separated by commas (spaces
 * allowed), each a status ("204"), a class ("2xx") or a range
 * ("200-299"), all within 100..599. TS_INVALID naming the bad item. */
tstatus testspec_statuses_check(const char *list, struct err *e);

/* Whether `status` is in `list` (NULL or "" = only 200). A list that does
 * not parse accepts nothing. */
bool testspec_status_accepted(const char *list, long status);

/* Check the syntax of a JSON Pointer: "" (the whole document) or "/a/b",
 * with "~" only as "~0" or "~1". */
tstatus testspec_pointer_check(const char *ptr, struct err *e);

/* The value `ptr` points at in `root` (array indexes in decimal, no
 * leading zeros), or NULL when there is none. Borrowed from root. */
const cJSON *testspec_pointer_get(const cJSON *root, const char *ptr);

/* The expected value as typed (`--test-expect /ok=true`): the text itself
 * when it is JSON, else the text as a JSON string. New string (NULL when
 * out of memory). */
char *testspec_expect_json(const char *text);

/* "POINTER=VALUE" as typed (`--test-expect`, the wizard's field): the
 * pointer checked, the value read by testspec_expect_json. On success
 * *ptr and *json are new strings. TS_INVALID naming "test_expect". */
tstatus testspec_expect_parse(const char *text, char **ptr, char **json,
                              struct err *e);

/* Judge a response body against t's body checks (pointer = value, then
 * the substring). On a failed check *summary and *diagnosis are new
 * strings saying which check failed, with the pointer, the expected and
 * the actual value; both stay NULL when the body passes. TS_NOMEM only. */
tstatus testspec_check_body(const struct test_spec *t, const char *body,
                            size_t len, char **summary, char **diagnosis,
                            struct err *e);

#endif
