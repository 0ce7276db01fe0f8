/* transfer.h — export and import of integrations as one JSON document:
 *
 *   {"tether_export": 1, "with_secrets": false, "integrations": [...]}
 *
 * each element in the format of model_json.h. Without secrets the document
 * carries no secret value at all ("set" / "not set" only). */
#ifndef TETHER_TRANSFER_H
#define TETHER_TRANSFER_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "store.h"

#define TRANSFER_FORMAT 1

/* Export the named integrations (all of them, sorted by name, when n == 0)
 * into *json_out, a new NUL-terminated string the caller frees (after
 * sodium_memzero when with_secrets). An unknown name is TS_NOT_FOUND
 * naming it; with_secrets needs the key (TS_KEY otherwise). A name given
 * twice is exported once. */
tstatus transfer_export(struct store *st, const char *const *names, size_t n,
                        bool with_secrets, char **json_out, struct err *e);

/* Parse a document made by transfer_export (or by hand in that format) and
 * import every integration in it with store_import: all or none. Errors
 * name the integration and the field; name clashes are listed by name.
 * *imported is the number stored (0 on failure). */
tstatus transfer_import(struct store *st, const char *json, size_t len,
                        size_t *imported, struct err *e);

#endif
