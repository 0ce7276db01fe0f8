/* saved_json.h — saved requests and variables as JSON, the one format of
 * `tether requests --json`, `tether var list --json` and export/import:
 *
 *   {"name": "get-user", "method": "GET", "path": "/users/{{id}}",
 *    "query": [{"name": "a", "value": "1"}],
 *    "headers": [{"name": "Authorization", "secret": true}],
 *    "body": "..."}                 (or "body_secret": true)
 *   [{"name": "id", "value": "42"}, {"name": "token", "secret": true}]
 *
 * A secret part or variable carries its "value" only `with_secrets`.
 * Returned trees belong to the caller (cJSON_Delete, after
 * model_json_wipe when they hold secrets). */
#ifndef TETHER_SAVED_JSON_H
#define TETHER_SAVED_JSON_H

#include <cJSON.h>
#include <stdbool.h>

#include "err.h"
#include "saved.h"
#include "vars.h"

/* NULL when out of memory. */
cJSON *saved_json_request(const struct saved_request *r, bool with_secrets);
cJSON *saved_json_vars(const struct vars *v, bool with_secrets);

/* Parse what saved_json_request made. A secret part without a value (an
 * export without secrets) is left out. Strict on types and unknown keys:
 * TS_INVALID naming the field. *out is freed with saved_free. */
tstatus saved_json_parse_request(const cJSON *obj, struct saved_request **out,
                                 struct err *e);
/* Parse what saved_json_vars made, appending to *out; names are checked
 * (vars_check_name); a secret variable without a value is left out. */
tstatus saved_json_parse_vars(const cJSON *arr, struct vars *out,
                              struct err *e);

#endif
