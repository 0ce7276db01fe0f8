/* store_tokens.c — OAuth token state and the last connection test of an
 * integration, each change one transaction. */
#include "store_int.h"

#include <stdio.h>
#include <string.h>

/* Write one token secret per the store_save_tokens rules. */
static tstatus
token_write(struct store *st, int64_t id, const char *uid, const char *field,
            const struct secret *tok, struct err *e)
{
    if (tok->value != NULL)
        return store_secret_put(st, id, uid, field, tok->value, e);
    if (tok->state == SECRET_UNSET)
        return store_secret_delete(st, id, field, e);
    return TS_OK; /* stored, not loaded: keep */
}

tstatus
store_save_tokens(struct store *st, int64_t id, const struct oauth_tokens *t,
                  struct err *e)
{
    tstatus rc = store_begin(st, e);
    if (rc != TS_OK)
        return rc;
    char uid[MODEL_UID_LEN + 1];
    sqlite3_stmt *s = NULL;
    rc = store_row_uid(st, id, uid, e);
    if (rc == TS_OK)
        rc = store_prepare(st,
                           "UPDATE integrations SET token_type = :type, "
                           "token_scope = :scope, token_expires_at = :exp, "
                           "token_obtained_at = :got, token_needs_auth = "
                           ":needs, token_needs_auth_reason = :reason "
                           "WHERE id = :id",
                           &s, e);
    if (rc == TS_OK) {
        store_bind_text(s, ":type", t->token_type);
        store_bind_text(s, ":scope", t->scope);
        store_bind_int(s, ":exp", t->expires_at);
        store_bind_int(s, ":got", t->obtained_at);
        store_bind_int(s, ":needs", t->needs_auth);
        store_bind_text(s, ":reason", t->needs_auth_reason);
        store_bind_int(s, ":id", id);
        rc = store_run(st, s, "cannot save the tokens", e);
    }
    if (rc == TS_OK)
        rc = token_write(st, id, uid, "access_token", &t->access_token, e);
    if (rc == TS_OK)
        rc = token_write(st, id, uid, "refresh_token", &t->refresh_token, e);
    return store_finish(st, rc, e);
}

tstatus
store_load_tokens(struct store *st, int64_t id, struct oauth_tokens *out,
                  struct err *e)
{
    memset(out, 0, sizeof *out);
    tstatus rc = store_begin_read(st, e);
    if (rc != TS_OK)
        return rc;
    struct integration *ig = NULL;
    rc = store_end_read(
        st, store_row_get(st, NULL, id, NULL, STORE_WITH_SECRETS, &ig, e), e);
    if (rc == TS_OK) {
        *out = ig->oauth.tokens;
        memset(&ig->oauth.tokens, 0, sizeof ig->oauth.tokens);
    }
    integration_free(ig);
    return rc;
}

/* Run an UPDATE of row :id in its own transaction; TS_NOT_FOUND when the
 * row is gone. `bind` binds the other parameters. */
static tstatus
update_row(struct store *st, int64_t id, const char *sql,
           void (*bind)(sqlite3_stmt *, const void *), const void *arg,
           struct err *e)
{
    tstatus rc = store_begin(st, e);
    if (rc != TS_OK)
        return rc;
    sqlite3_stmt *s;
    rc = store_prepare(st, sql, &s, e);
    if (rc == TS_OK) {
        store_bind_int(s, ":id", id);
        if (bind != NULL)
            bind(s, arg);
        rc = store_run(st, s, "cannot update the integration", e);
    }
    if (rc == TS_OK && sqlite3_changes(st->db) == 0)
        rc = err_set(e, TS_NOT_FOUND, NULL,
                     "the integration was removed meanwhile");
    return store_finish(st, rc, e);
}

static void
bind_reason(sqlite3_stmt *s, const void *reason)
{
    store_bind_text(s, ":reason", reason);
}

tstatus
store_mark_needs_auth(struct store *st, int64_t id, const char *reason,
                      struct err *e)
{
    return update_row(st, id,
                      "UPDATE integrations SET token_needs_auth = 1, "
                      "token_needs_auth_reason = :reason WHERE id = :id",
                      bind_reason, reason, e);
}

tstatus
store_clear_tokens(struct store *st, int64_t id, struct err *e)
{
    struct oauth_tokens none;
    memset(&none, 0, sizeof none);
    return store_save_tokens(st, id, &none, e);
}

static void
bind_test(sqlite3_stmt *s, const void *arg)
{
    const struct test_result *r = arg;
    store_bind_int(s, ":at", r->at);
    store_bind_int(s, ":status", r->status);
    store_bind_int(s, ":pass", r->pass);
    store_bind_int(s, ":time", r->time_ms);
    store_bind_text(s, ":reason", r->pass ? NULL : r->reason);
}

tstatus
store_save_test_result(struct store *st, int64_t id,
                       const struct test_result *r, struct err *e)
{
    return update_row(st, id,
                      "UPDATE integrations SET test_at = :at, test_status = "
                      ":status, test_pass = :pass, test_time_ms = :time, "
                      "test_reason = :reason WHERE id = :id",
                      bind_test, r, e);
}
