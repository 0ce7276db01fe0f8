/* store_saved.h — the store's saved requests and variables, per
 * integration (named case-insensitively, as store.h does). Each change is
 * one transaction. Secret parts and secret variables are encrypted with
 * the store's key, bound to the integration (its uid) and their place;
 * plain ones are stored as they are. Everything returned is owned by the
 * caller (saved_free, store_saved_list_free, vars_free). */
#ifndef TETHER_STORE_SAVED_H
#define TETHER_STORE_SAVED_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "saved.h"
#include "store.h"
#include "vars.h"

/* Store r (its name checked, unique per integration case-insensitively)
 * under `integration`. An existing request of that name is replaced when
 * `replace`, else TS_EXISTS. Parts marked secret are encrypted (needs the
 * key). Sets r->id and the times. */
tstatus store_saved_put(struct store *st, const char *integration,
                        struct saved_request *r, bool replace, struct err *e);

/* One saved request, secret parts decrypted (TS_KEY when they cannot be).
 * TS_NOT_FOUND names the integration or the request. */
tstatus store_saved_get(struct store *st, const char *integration,
                        const char *name, struct saved_request **out,
                        struct err *e);

/* Every saved request of `integration`, sorted by name. With
 * `with_secrets` secret parts are decrypted; without, their value is ""
 * (their `secret` flag says they are set). */
tstatus store_saved_list(struct store *st, const char *integration,
                         bool with_secrets, struct saved_request ***out,
                         size_t *n, struct err *e);
void store_saved_list_free(struct saved_request **v, size_t n);

/* Rename, copy (secret parts re-encrypted for the copy) and delete a
 * saved request. TS_NOT_FOUND / TS_EXISTS name it. */
tstatus store_saved_rename(struct store *st, const char *integration,
                           const char *old_name, const char *new_name,
                           struct err *e);
tstatus store_saved_copy(struct store *st, const char *integration,
                         const char *src, const char *dst, struct err *e);
tstatus store_saved_remove(struct store *st, const char *integration,
                           const char *name, struct err *e);

/* Set a variable (name checked with vars_check_name), plain or secret
 * (encrypted; needs the key), replacing one of that name. */
tstatus store_var_set(struct store *st, const char *integration,
                      const char *name, const char *value, bool secret,
                      struct err *e);
/* Delete one; TS_NOT_FOUND names it. */
tstatus store_var_remove(struct store *st, const char *integration,
                         const char *name, struct err *e);
/* Append the variables of `integration` to *out, sorted by name. With
 * `with_secrets` secret ones are decrypted (TS_KEY when they cannot be);
 * without, their value is "". */
tstatus store_var_list(struct store *st, const char *integration,
                       bool with_secrets, struct vars *out, struct err *e);

#endif
