/* vars.h — variables: "{{name}}" in a request's path, query, headers and
 * body, filled before it is sent.
 *
 * A name is looked up in a struct vars (the integration's variables, plain
 * or secret, added first, then what the user gave: --var k=v on the
 * command line, the answers to a prompt in the pane; the first added
 * wins), except "{{env.X}}", which is the environment variable X. Spaces
 * inside the braces are allowed ("{{ id }}"). A name the set cannot fill
 * is an error naming it: a request is never sent with "{{...}}" left in
 * it. Text that is not a well-formed reference ("{{", "{{a b}}") is kept.
 *
 * Ownership: a struct vars owns copies of names and values (values wiped
 * when freed). */
#ifndef TETHER_VARS_H
#define TETHER_VARS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "model.h"

#define VARS_NAME_MAX 64

struct var {
    char *name;
    char *value;
    bool secret; /* redacted in history and copies */
};

struct vars {
    struct var *items;
    size_t n;
};

/* Check a variable name: 1..VARS_NAME_MAX of letters, digits, '_', '-'
 * and '.', not starting with "env." (those come from the environment). */
tstatus vars_check_name(const char *name, struct err *e);

/* Add name=value unless name is there already (the first added wins).
 * False when out of memory. */
bool vars_add(struct vars *v, const char *name, const char *value, bool secret);

/* The variable called name, or NULL. */
const struct var *vars_find(const struct vars *v, const char *name);

/* Wipe and release every entry; v is empty afterwards. */
void vars_free(struct vars *v);

/* Append to `missing` (each name once, in order of appearance) the names
 * referred to in text[0..len) that neither v nor the environment fill.
 * False when out of memory. */
bool vars_missing(const struct vars *v, const char *text, size_t len,
                  struct kv_list *missing);

/* Fill every reference in text[0..len) (text NULL: nothing to fill).
 * *out is a new NUL-terminated string (*out_len its length, may be NULL
 * for a C string); the value of each secret variable used, and of each
 * environment variable, is appended to `secrets` (may be NULL) so that a
 * sender can redact it. TS_INVALID naming every unknown variable, with
 * *out NULL. */
tstatus vars_fill(const struct vars *v, const char *text, size_t len,
                  char **out, size_t *out_len, struct kv_list *secrets,
                  struct err *e);

/* TS_INVALID naming the variables of `missing` (its keys) and how to set
 * them. */
tstatus vars_fail_missing(const struct kv_list *missing, struct err *e);

/* "a, b and c": the names of `missing` for a message. New string. */
char *vars_names(const struct kv_list *missing);

#endif
