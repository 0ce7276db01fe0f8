/* store_ops.c — the public operations on integrations: list, get, add,
 * update, remove, rename, copy, default, import. Each change is one write
 * transaction, rolled back on any failure. */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate.h"

tstatus
store_list(struct store *st, struct integration ***out, size_t *n,
           struct err *e)
{
    tstatus rc = store_begin_read(st, e);
    if (rc != TS_OK)
        return rc;
    struct integration **v = NULL;
    size_t count = 0;
    rc = store_end_read(st, store_row_all(st, &v, &count, e), e);
    if (rc != TS_OK) {
        store_list_free(v, count);
        return rc;
    }
    *out = v;
    *n = count;
    return TS_OK;
}

/* The number of integrations, within a read transaction. */
static tstatus
count_rows(struct store *st, size_t *total, struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st, "SELECT count(*) FROM integrations", &s, e);
    if (rc != TS_OK)
        return rc;
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        *total = (size_t)sqlite3_column_int64(s, 0);
    return store_finalize(st, s, r, "cannot count the integrations", e);
}

tstatus
store_list_brief(struct store *st, size_t limit, struct integration ***out,
                 size_t *n, size_t *total, struct err *e)
{
    tstatus rc = store_begin_read(st, e);
    if (rc != TS_OK)
        return rc;
    struct integration **v = NULL;
    size_t count = 0;
    rc = store_row_brief(st, limit, &v, &count, e);
    if (rc == TS_OK && total != NULL) {
        *total = count;
        if (limit != 0 && count == limit)
            rc = count_rows(st, total, e);
    }
    rc = store_end_read(st, rc, e);
    if (rc != TS_OK) {
        store_list_free(v, count);
        return rc;
    }
    *out = v;
    *n = count;
    return TS_OK;
}

tstatus
store_list_each(struct store *st, unsigned passes,
                void (*fn)(const struct integration *ig, unsigned pass,
                           void *arg),
                void *arg, struct err *e)
{
    tstatus rc = store_begin_read(st, e);
    if (rc != TS_OK)
        return rc;
    return store_end_read(st, store_row_each(st, passes, fn, arg, e), e);
}

tstatus
store_list_full(struct store *st, unsigned flags, struct integration ***out,
                size_t *n, struct err *e)
{
    tstatus rc = store_begin_read(st, e);
    if (rc != TS_OK)
        return rc;
    struct integration **v = NULL;
    size_t count = 0;
    rc = store_row_all(st, &v, &count, e);
    for (size_t i = 0; rc == TS_OK && flags != 0 && i < count; i++)
        rc = store_secrets_load(st, v[i], flags, e);
    rc = store_end_read(st, rc, e);
    if (rc != TS_OK) {
        store_list_free(v, count);
        return rc;
    }
    *out = v;
    *n = count;
    return TS_OK;
}

/* Look up by name within an open transaction. */
static tstatus
get_by_name(struct store *st, const char *name, unsigned flags,
            struct integration **out, struct err *e)
{
    char *key = store_name_key(st, name);
    if (key == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    tstatus rc = store_row_get(st, key, 0, name, flags, out, e);
    free(key);
    return rc;
}

tstatus
store_get(struct store *st, const char *name, unsigned flags,
          struct integration **out, struct err *e)
{
    tstatus rc = store_begin_read(st, e);
    if (rc != TS_OK)
        return rc;
    struct integration *ig = NULL;
    rc = store_end_read(st, get_by_name(st, name, flags, &ig, e), e);
    if (rc != TS_OK) {
        integration_free(ig);
        return rc;
    }
    *out = ig;
    return TS_OK;
}

tstatus
store_get_default(struct store *st, unsigned flags, struct integration **out,
                  struct err *e)
{
    tstatus rc = store_begin_read(st, e);
    if (rc != TS_OK)
        return rc;
    sqlite3_stmt *s;
    struct integration *ig = NULL;
    if ((rc = store_prepare(st,
                            "SELECT id FROM integrations WHERE is_default = 1",
                            &s, e)) != TS_OK)
        goto out;
    int r = sqlite3_step(s);
    int64_t id = r == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if (r == SQLITE_DONE)
        rc = err_set(e, TS_NOT_FOUND, "default",
                     "no integration is marked default");
    else if (r != SQLITE_ROW)
        rc = store_sql_fail(st, r, "cannot find the default", e);
    else
        rc = store_row_get(st, NULL, id, NULL, flags, &ig, e);
out:
    rc = store_end_read(st, rc, e);
    if (rc != TS_OK) {
        integration_free(ig);
        return rc;
    }
    *out = ig;
    return TS_OK;
}

/* The stored name that `name` clashes with, other than row except_id:
 * *who is a new string, or NULL when the name is free. */
static tstatus
name_holder(struct store *st, const char *name, int64_t except_id, char **who,
            struct err *e)
{
    *who = NULL;
    char *key = store_name_key(st, name);
    if (key == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    tstatus rc = store_row_taken(st, key, except_id, who, e);
    free(key);
    return rc;
}

tstatus
store_name_taken(struct store *st, const char *name, int64_t except_id,
                 bool *taken, struct err *e)
{
    char *who;
    tstatus rc =
        store_read_check(st, name_holder(st, name, except_id, &who, e), e);
    if (rc == TS_OK)
        *taken = who != NULL;
    free(who);
    return rc;
}

/* TS_EXISTS when ig's name is used by another row. */
static tstatus
check_unique(struct store *st, const char *name, int64_t except_id,
             struct err *e)
{
    char *who;
    tstatus rc = name_holder(st, name, except_id, &who, e);
    if (rc == TS_OK && who != NULL)
        rc = err_set(e, TS_EXISTS, "name",
                     "the name \"%s\" is taken: an integration named \"%s\" "
                     "already exists (names are compared without regard to "
                     "case)",
                     name, who);
    free(who);
    return rc;
}

/* Insert a validated integration within the open transaction. */
static tstatus
insert_one(struct store *st, struct integration *ig, struct err *e)
{
    tstatus rc = check_unique(st, ig->name, 0, e);
    if (rc == TS_OK && ig->is_default)
        rc = store_row_clear_default(st, e);
    if (rc == TS_OK)
        rc = store_row_insert(st, ig, e);
    return rc;
}

/* Validate ig, then open a write transaction. */
static tstatus
begin_valid(struct store *st, struct integration *ig, struct err *e)
{
    tstatus rc = validate_integration(ig, e);
    if (rc == TS_OK)
        rc = store_begin(st, e);
    return rc;
}

tstatus
store_add(struct store *st, struct integration *ig, struct err *e)
{
    char uid[sizeof ig->uid];
    memcpy(uid, ig->uid, sizeof uid);
    tstatus rc = begin_valid(st, ig, e);
    if (rc != TS_OK)
        return rc;
    rc = store_finish(st, insert_one(st, ig, e), e);
    if (rc != TS_OK) {
        ig->id = 0;
        memcpy(ig->uid, uid, sizeof uid);
        return rc;
    }
    store_secrets_saved(ig);
    return TS_OK;
}

tstatus
store_update(struct store *st, struct integration *ig, struct err *e)
{
    tstatus rc = begin_valid(st, ig, e);
    if (rc != TS_OK)
        return rc;
    /* Secrets are bound to the stored uid, whatever the caller's says. */
    rc = store_row_uid(st, ig->id, ig->uid, e);
    if (rc == TS_OK)
        rc = check_unique(st, ig->name, ig->id, e);
    if (rc == TS_OK && ig->is_default)
        rc = store_row_clear_default(st, e);
    if (rc == TS_OK)
        rc = store_row_update(st, ig, e);
    if ((rc = store_finish(st, rc, e)) == TS_OK)
        store_secrets_saved(ig);
    return rc;
}

/* Run one statement with :key bound to the folded `name`, requiring that
 * it changed a row (else TS_NOT_FOUND naming the integration). */
static tstatus
change_by_name(struct store *st, const char *sql, const char *name,
               struct err *e)
{
    char *key = store_name_key(st, name);
    if (key == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st, sql, &s, e);
    if (rc == TS_OK) {
        store_bind_text(s, ":key", key);
        store_bind_int(s, ":now", store_now());
        rc = store_run(st, s, "cannot change the integration", e);
    }
    free(key);
    if (rc == TS_OK && sqlite3_changes(st->db) == 0)
        rc = err_set(e, TS_NOT_FOUND, "name", "no integration is named \"%s\"",
                     name);
    return rc;
}

tstatus
store_remove(struct store *st, const char *name, struct err *e)
{
    tstatus rc = store_begin(st, e);
    if (rc != TS_OK)
        return rc;
    rc = change_by_name(st, "DELETE FROM integrations WHERE name_key = :key",
                        name, e);
    return store_finish(st, rc, e);
}

tstatus
store_set_default(struct store *st, const char *name, struct err *e)
{
    tstatus rc = store_begin(st, e);
    if (rc != TS_OK)
        return rc;
    rc = store_row_clear_default(st, e);
    if (rc == TS_OK)
        rc = change_by_name(st,
                            "UPDATE integrations SET is_default = 1, "
                            "updated_at = :now WHERE name_key = :key",
                            name, e);
    return store_finish(st, rc, e);
}

/* Validate new_name into *name (a new string, NULL on failure), then open
 * a write transaction. */
static tstatus
begin_named(struct store *st, const char *new_name, char **name, struct err *e)
{
    *name = NULL;
    tstatus rc = validate_name(new_name, name, e);
    if (rc == TS_OK && (rc = store_begin(st, e)) != TS_OK) {
        free(*name);
        *name = NULL;
    }
    return rc;
}

tstatus
store_rename(struct store *st, const char *old_name, const char *new_name,
             struct err *e)
{
    char *name;
    tstatus rc = begin_named(st, new_name, &name, e);
    if (rc != TS_OK)
        return rc;
    char *key = store_name_key(st, name);
    struct integration *ig = NULL;
    if (key == NULL)
        rc = err_set(e, TS_NOMEM, NULL, "out of memory");
    else
        rc = get_by_name(st, old_name, 0, &ig, e);
    if (rc == TS_OK)
        rc = check_unique(st, name, ig->id, e);
    sqlite3_stmt *s = NULL;
    if (rc == TS_OK)
        rc = store_prepare(st,
                           "UPDATE integrations SET name = :name, name_key = "
                           ":key, updated_at = :now WHERE id = :id",
                           &s, e);
    if (rc == TS_OK) {
        store_bind_text(s, ":name", name);
        store_bind_text(s, ":key", key);
        store_bind_int(s, ":now", store_now());
        store_bind_int(s, ":id", ig->id);
        rc = store_run(st, s, "cannot rename the integration", e);
    }
    integration_free(ig);
    free(key);
    free(name);
    return store_finish(st, rc, e);
}

tstatus
store_copy(struct store *st, const char *src_name, const char *new_name,
           struct err *e)
{
    char *name;
    tstatus rc = begin_named(st, new_name, &name, e);
    if (rc != TS_OK)
        return rc;
    struct integration *ig = NULL;
    rc = get_by_name(st, src_name, STORE_WITH_SECRETS, &ig, e);
    if (rc == TS_OK) {
        free(ig->name);
        ig->name = name;
        name = NULL;
        ig->is_default = false;
        oauth_tokens_clear(&ig->oauth.tokens);
        free(ig->last_test.reason);
        memset(&ig->last_test, 0, sizeof ig->last_test);
        rc = insert_one(st, ig, e);
    }
    integration_free(ig);
    free(name);
    return store_finish(st, rc, e);
}

/* A list of names for a message: "a", "b" and 3 more. */
struct name_list {
    char text[320];
    size_t count, shown;
};

static void
name_list_add(struct name_list *l, const char *name)
{
    size_t used = strlen(l->text);
    if (used + strlen(name) + 8 < sizeof l->text - 24) {
        snprintf(l->text + used, sizeof l->text - used, "%s\"%s\"",
                 l->count ? ", " : "", name);
        l->shown++;
    }
    l->count++;
}

/* "a", "b" and N more */
static void
name_list_end(struct name_list *l)
{
    size_t used = strlen(l->text);
    if (l->count > l->shown)
        snprintf(l->text + used, sizeof l->text - used, " and %zu more",
                 l->count - l->shown);
}

/* TS_EXISTS listing the names of v that clash with stored ones or with
 * another of v. */
static tstatus
import_conflicts(struct store *st, struct integration **v, size_t n,
                 struct err *e)
{
    struct name_list taken = {0}, twice = {0};
    char **keys = calloc(n ? n : 1, sizeof *keys);
    if (keys == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    tstatus rc = TS_OK;
    for (size_t i = 0; i < n && rc == TS_OK; i++) {
        if ((keys[i] = store_name_key(st, v[i]->name)) == NULL) {
            rc = err_set(e, TS_NOMEM, NULL, "out of memory");
            break;
        }
        char *who = NULL;
        rc = store_row_taken(st, keys[i], 0, &who, e);
        if (who != NULL)
            name_list_add(&taken, v[i]->name);
        free(who);
        for (size_t j = 0; j < i; j++) {
            if (strcmp(keys[i], keys[j]) == 0) {
                name_list_add(&twice, v[i]->name);
                break;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
    if (rc != TS_OK || (taken.count == 0 && twice.count == 0))
        return rc;
    name_list_end(&taken);
    name_list_end(&twice);
    if (twice.count == 0)
        return err_set(e, TS_EXISTS, "name",
                       "nothing was imported: these names are already in "
                       "the store: %s",
                       taken.text);
    if (taken.count == 0)
        return err_set(e, TS_EXISTS, "name",
                       "nothing was imported: these names appear more than "
                       "once in the import: %s",
                       twice.text);
    return err_set(e, TS_EXISTS, "name",
                   "nothing was imported: already in the store: %s; more "
                   "than once in the import: %s",
                   taken.text, twice.text);
}

tstatus
store_import(struct store *st, struct integration **v, size_t n, struct err *e)
{
    const char *dflt = NULL;
    for (size_t i = 0; i < n; i++) {
        tstatus rc = validate_integration(v[i], e);
        if (rc != TS_OK) {
            err_prefix(e, "integration %zu (\"%s\")", i + 1,
                       v[i]->name ? v[i]->name : "");
            return rc;
        }
        if (v[i]->is_default && dflt != NULL)
            return err_set(e, TS_INVALID, "default",
                           "nothing was imported: both \"%s\" and \"%s\" "
                           "are marked default",
                           dflt, v[i]->name);
        if (v[i]->is_default)
            dflt = v[i]->name;
    }
    tstatus rc = store_begin(st, e);
    if (rc != TS_OK)
        return rc;
    rc = import_conflicts(st, v, n, e);
    for (size_t i = 0; i < n && rc == TS_OK; i++)
        rc = insert_one(st, v[i], e);
    rc = store_finish(st, rc, e);
    for (size_t i = 0; i < n; i++) {
        if (rc == TS_OK)
            store_secrets_saved(v[i]);
        else
            v[i]->id = 0;
    }
    return rc;
}
