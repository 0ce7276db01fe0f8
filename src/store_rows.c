/* store_rows.c — integration rows and their parameters, to and from
 * struct integration. Callers hold the transaction. */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns read into a struct integration, in the order of enum col. */
#define ROW_SELECT                                                             \
    "SELECT id, uid, name, description, is_default, base_url, test_path, "     \
    "auth, key_header, key_prefix, key_placement, basic_username, "            \
    "oauth_grant, oauth_client_id, oauth_auth_url, oauth_token_url, "          \
    "oauth_device_url, oauth_scope, oauth_client_auth, oauth_pkce, "           \
    "oauth_redirect_port, connect_timeout_ms, timeout_ms, insecure, "          \
    "ca_bundle, created_at, updated_at, token_type, token_scope, "             \
    "token_expires_at, token_obtained_at, token_needs_auth, "                  \
    "token_needs_auth_reason, test_at, test_status, test_pass, test_time_ms, " \
    "test_reason, oauth_issuer, oauth_revocation_url, oauth_iss_required, "    \
    "test_method, test_body, test_statuses, test_expect_pointer, "             \
    "test_expect_value, test_expect_text, oauth_secret_required, "             \
    "follow_redirects, proxy, no_proxy, proxy_user, tags, client_cert, "       \
    "client_key "                                                              \
    "FROM integrations "

enum col {
    C_ID,
    C_UID,
    C_NAME,
    C_DESCRIPTION,
    C_IS_DEFAULT,
    C_BASE_URL,
    C_TEST_PATH,
    C_AUTH,
    C_KEY_HEADER,
    C_KEY_PREFIX,
    C_KEY_PLACEMENT,
    C_BASIC_USERNAME,
    C_GRANT,
    C_CLIENT_ID,
    C_AUTH_URL,
    C_TOKEN_URL,
    C_DEVICE_URL,
    C_SCOPE,
    C_CLIENT_AUTH,
    C_PKCE,
    C_REDIRECT_PORT,
    C_CONNECT_TIMEOUT,
    C_TIMEOUT,
    C_INSECURE,
    C_CA_BUNDLE,
    C_CREATED,
    C_UPDATED,
    C_TOKEN_TYPE,
    C_TOKEN_SCOPE,
    C_TOKEN_EXPIRES,
    C_TOKEN_OBTAINED,
    C_NEEDS_AUTH,
    C_NEEDS_AUTH_REASON,
    C_TEST_AT,
    C_TEST_STATUS,
    C_TEST_PASS,
    C_TEST_TIME,
    C_TEST_REASON,
    C_ISSUER,
    C_REVOCATION_URL,
    C_ISS_REQUIRED,
    C_TEST_METHOD,
    C_TEST_BODY,
    C_TEST_STATUSES,
    C_TEST_EXPECT_POINTER,
    C_TEST_EXPECT_VALUE,
    C_TEST_EXPECT_TEXT,
    C_SECRET_REQUIRED,
    C_FOLLOW_REDIRECTS,
    C_PROXY,
    C_NO_PROXY,
    C_PROXY_USER,
    C_TAGS,
    C_CLIENT_CERT,
    C_CLIENT_KEY,
};

static const char *
col_text(sqlite3_stmt *s, enum col c)
{
    return (const char *)sqlite3_column_text(s, (int)c);
}

static int64_t
col_int(sqlite3_stmt *s, enum col c)
{
    return sqlite3_column_int64(s, (int)c);
}

static bool
str_col(char **dst, sqlite3_stmt *s, enum col c)
{
    return model_set_str(dst, col_text(s, c));
}

void
store_list_free(struct integration **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        integration_free(v[i]);
    free(v);
}

/* The row under s into a new integration (no parameters, no secrets). */
static tstatus
row_read(struct store *st, sqlite3_stmt *s, struct integration **out,
         struct err *e)
{
    struct integration *ig = integration_new();
    if (ig == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    ig->id = col_int(s, C_ID);
    snprintf(ig->uid, sizeof ig->uid, "%s",
             col_text(s, C_UID) ? col_text(s, C_UID) : "");
    ig->is_default = col_int(s, C_IS_DEFAULT) != 0;
    ig->oauth.pkce = col_int(s, C_PKCE) != 0;
    ig->oauth.secret_required = col_int(s, C_SECRET_REQUIRED) != 0;
    ig->oauth.redirect_port = (int)col_int(s, C_REDIRECT_PORT);
    ig->net.connect_timeout_ms = (long)col_int(s, C_CONNECT_TIMEOUT);
    ig->net.timeout_ms = (long)col_int(s, C_TIMEOUT);
    ig->net.insecure = col_int(s, C_INSECURE) != 0;
    ig->net.follow_redirects = col_int(s, C_FOLLOW_REDIRECTS) != 0;
    ig->net.no_proxy = col_int(s, C_NO_PROXY) != 0;
    ig->created_at = col_int(s, C_CREATED);
    ig->updated_at = col_int(s, C_UPDATED);
    struct oauth_tokens *t = &ig->oauth.tokens;
    t->expires_at = col_int(s, C_TOKEN_EXPIRES);
    t->obtained_at = col_int(s, C_TOKEN_OBTAINED);
    t->needs_auth = col_int(s, C_NEEDS_AUTH) != 0;
    ig->last_test.at = col_int(s, C_TEST_AT);
    ig->last_test.status = (long)col_int(s, C_TEST_STATUS);
    ig->last_test.pass = col_int(s, C_TEST_PASS) != 0;
    ig->last_test.time_ms = (long)col_int(s, C_TEST_TIME);
    ig->oauth.iss_required = col_int(s, C_ISS_REQUIRED) != 0;

    bool ok = str_col(&ig->name, s, C_NAME) &&
              str_col(&ig->description, s, C_DESCRIPTION) &&
              str_col(&ig->base_url, s, C_BASE_URL) &&
              str_col(&ig->test_path, s, C_TEST_PATH) &&
              str_col(&ig->tags, s, C_TAGS) &&
              str_col(&ig->api_key.header, s, C_KEY_HEADER) &&
              str_col(&ig->api_key.prefix, s, C_KEY_PREFIX) &&
              str_col(&ig->basic.username, s, C_BASIC_USERNAME) &&
              str_col(&ig->oauth.client_id, s, C_CLIENT_ID) &&
              str_col(&ig->oauth.auth_url, s, C_AUTH_URL) &&
              str_col(&ig->oauth.token_url, s, C_TOKEN_URL) &&
              str_col(&ig->oauth.device_url, s, C_DEVICE_URL) &&
              str_col(&ig->oauth.scope, s, C_SCOPE) &&
              str_col(&ig->net.ca_bundle, s, C_CA_BUNDLE) &&
              str_col(&ig->net.proxy, s, C_PROXY) &&
              str_col(&ig->net.proxy_user, s, C_PROXY_USER) &&
              str_col(&ig->net.client_cert, s, C_CLIENT_CERT) &&
              str_col(&ig->net.client_key, s, C_CLIENT_KEY) &&
              str_col(&t->token_type, s, C_TOKEN_TYPE) &&
              str_col(&t->scope, s, C_TOKEN_SCOPE) &&
              str_col(&t->needs_auth_reason, s, C_NEEDS_AUTH_REASON) &&
              str_col(&ig->last_test.reason, s, C_TEST_REASON) &&
              str_col(&ig->oauth.issuer, s, C_ISSUER) &&
              str_col(&ig->oauth.revocation_url, s, C_REVOCATION_URL) &&
              str_col(&ig->test.method, s, C_TEST_METHOD) &&
              str_col(&ig->test.body, s, C_TEST_BODY) &&
              str_col(&ig->test.statuses, s, C_TEST_STATUSES) &&
              str_col(&ig->test.expect_pointer, s, C_TEST_EXPECT_POINTER) &&
              str_col(&ig->test.expect_value, s, C_TEST_EXPECT_VALUE) &&
              str_col(&ig->test.expect_text, s, C_TEST_EXPECT_TEXT);
    if (!ok) {
        integration_free(ig);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    if (!auth_method_parse(col_text(s, C_AUTH), &ig->auth) ||
        !key_placement_parse(col_text(s, C_KEY_PLACEMENT),
                             &ig->api_key.placement) ||
        !oauth_grant_parse(col_text(s, C_GRANT), &ig->oauth.grant) ||
        !client_auth_parse(col_text(s, C_CLIENT_AUTH),
                           &ig->oauth.client_auth)) {
        err_set(e, TS_STORE, NULL,
                "the stored integration \"%s\" in %s has an unknown setting",
                ig->name ? ig->name : "?", st->path);
        integration_free(ig);
        return TS_STORE;
    }
    *out = ig;
    return TS_OK;
}

/* The integrations of a listing by row id, for the bulk queries below
 * (the listing is in name order). Row ids are dense as a rule, so this is
 * a table indexed by id - base; sorted pairs serve when they are not. */
struct row_index {
    int64_t base;
    size_t span;                /* table: ids base .. base + span - 1 */
    struct integration **table; /* or NULL: use pairs */
    struct row_pair {
        int64_t id;
        struct integration *ig;
    } * pairs;
    size_t n;
};

static int
row_pair_cmp(const void *a, const void *b)
{
    int64_t x = ((const struct row_pair *)a)->id;
    int64_t y = ((const struct row_pair *)b)->id;
    return (x > y) - (x < y);
}

static bool
row_index_build(struct row_index *ix, struct integration **v, size_t n)
{
    memset(ix, 0, sizeof *ix);
    ix->n = n;
    if (n == 0)
        return true;
    int64_t lo = v[0]->id, hi = v[0]->id;
    for (size_t i = 1; i < n; i++) {
        lo = v[i]->id < lo ? v[i]->id : lo;
        hi = v[i]->id > hi ? v[i]->id : hi;
    }
    if ((uint64_t)(hi - lo) < 4 * (uint64_t)n + 64) {
        ix->base = lo;
        ix->span = (size_t)(hi - lo) + 1;
        if ((ix->table = calloc(ix->span, sizeof *ix->table)) == NULL)
            return false;
        for (size_t i = 0; i < n; i++)
            ix->table[v[i]->id - lo] = v[i];
        return true;
    }
    if ((ix->pairs = malloc(n * sizeof *ix->pairs)) == NULL)
        return false;
    for (size_t i = 0; i < n; i++)
        ix->pairs[i] = (struct row_pair){v[i]->id, v[i]};
    qsort(ix->pairs, n, sizeof *ix->pairs, row_pair_cmp);
    return true;
}

static struct integration *
row_index_find(const struct row_index *ix, int64_t id)
{
    if (ix->table != NULL)
        return id >= ix->base && (uint64_t)(id - ix->base) < ix->span
                   ? ix->table[id - ix->base]
                   : NULL;
    struct row_pair key = {.id = id};
    const struct row_pair *hit =
        ix->n ? bsearch(&key, ix->pairs, ix->n, sizeof *ix->pairs, row_pair_cmp)
              : NULL;
    return hit != NULL ? hit->ig : NULL;
}

/* One row of a table of an integration's parts (its id in column 0),
 * added to ig; false when out of memory. */
typedef bool (*child_row_fn)(struct integration *ig, sqlite3_stmt *s);

/* The rows of a child table for `one` integration (select ends in
 * "WHERE integration_id = :id ORDER BY pos"), or (one NULL) for every one
 * in the listing `ix` (all rows, ordered by integration_id, pos): one
 * query either way. */
static tstatus
child_rows(struct store *st, const char *select, const char *what,
           struct integration *one, const struct row_index *ix,
           child_row_fn add, struct err *e)
{
    char sql[256];
    snprintf(sql, sizeof sql, "%s %s", select,
             one != NULL ? "WHERE integration_id = :id ORDER BY pos"
                         : "ORDER BY integration_id, pos");
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st, sql, &s, e);
    if (rc != TS_OK)
        return rc;
    if (one != NULL)
        store_bind_int(s, ":id", one->id);
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        struct integration *ig =
            one != NULL ? one : row_index_find(ix, sqlite3_column_int64(s, 0));
        if (ig != NULL && !add(ig, s)) {
            sqlite3_finalize(s);
            return err_set(e, TS_NOMEM, NULL, "out of memory");
        }
    }
    return store_finalize(st, s, r, what, e);
}

static bool
param_row(struct integration *ig, sqlite3_stmt *s)
{
    return kv_list_add(&ig->oauth.params,
                       (const char *)sqlite3_column_text(s, 1),
                       (const char *)sqlite3_column_text(s, 2));
}

static tstatus
params_read(struct store *st, struct integration *one,
            const struct row_index *ix, struct err *e)
{
    return child_rows(st, "SELECT integration_id, key, value FROM oauth_params",
                      "cannot read OAuth parameters", one, ix, param_row, e);
}

static bool
extra_row(struct integration *ig, sqlite3_stmt *s)
{
    enum extra_kind kind;
    const char *name = (const char *)sqlite3_column_text(s, 2);
    bool secret = sqlite3_column_int(s, 4) != 0;
    if (!extra_kind_parse((const char *)sqlite3_column_text(s, 1), &kind) ||
        name == NULL)
        return true; /* a kind this tether does not know */
    if (!extra_list_set(&ig->extras, kind, name,
                        secret ? NULL : (const char *)sqlite3_column_text(s, 3),
                        secret))
        return false;
    /* As stored: no secret known yet, nothing changed. */
    ig->extras.items[ig->extras.n - 1].secret.changed = false;
    return true;
}

static tstatus
extras_read(struct store *st, struct integration *one,
            const struct row_index *ix, struct err *e)
{
    return child_rows(
        st, "SELECT integration_id, kind, name, value, secret FROM extras",
        "cannot read the extra headers", one, ix, extra_row, e);
}

/* Parameters, extras and secrets of a freshly read row. */
static tstatus
row_complete(struct store *st, struct integration *ig, unsigned flags,
             struct err *e)
{
    tstatus rc = params_read(st, ig, NULL, e);
    if (rc == TS_OK)
        rc = extras_read(st, ig, NULL, e);
    if (rc == TS_OK)
        rc = store_secrets_load(st, ig, flags, e);
    return rc;
}

tstatus
store_row_get(struct store *st, const char *key, int64_t id, const char *name,
              unsigned flags, struct integration **out, struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st,
                               key ? ROW_SELECT "WHERE name_key = :key"
                                   : ROW_SELECT "WHERE id = :id",
                               &s, e);
    if (rc != TS_OK)
        return rc;
    if (key != NULL)
        store_bind_text(s, ":key", key);
    else
        store_bind_int(s, ":id", id);
    struct integration *ig = NULL;
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        rc = row_read(st, s, &ig, e);
    else if (r == SQLITE_DONE)
        rc = name ? err_set(e, TS_NOT_FOUND, "name",
                            "no integration is named \"%s\"", name)
                  : err_set(e, TS_NOT_FOUND, NULL,
                            "the integration was removed meanwhile");
    else
        rc = store_sql_fail(st, r, "cannot read an integration", e);
    sqlite3_finalize(s);
    if (rc == TS_OK)
        rc = row_complete(st, ig, flags, e);
    if (rc != TS_OK) {
        integration_free(ig);
        return rc;
    }
    *out = ig;
    return TS_OK;
}

/* Which secrets every listed integration holds, in one query; nothing is
 * decrypted. */
static tstatus
secrets_mark_all(struct store *st, const struct row_index *ix, struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc =
        store_prepare(st, "SELECT integration_id, field FROM secrets", &s, e);
    if (rc != TS_OK)
        return rc;
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        struct integration *ig = row_index_find(ix, sqlite3_column_int64(s, 0));
        if (ig != NULL)
            store_secrets_mark_set(ig, (const char *)sqlite3_column_text(s, 1));
    }
    return store_finalize(st, s, r, "cannot read the secrets", e);
}

/* Parameters, extras and secret states of a whole listing: four queries in all,
 * whatever the number of integrations. */
static tstatus
rows_complete(struct store *st, struct integration **v, size_t count,
              struct err *e)
{
    struct row_index ix;
    if (!row_index_build(&ix, v, count)) {
        free(ix.table);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    tstatus rc = params_read(st, NULL, &ix, e);
    if (rc == TS_OK)
        rc = extras_read(st, NULL, &ix, e);
    if (rc == TS_OK)
        rc = secrets_mark_all(st, &ix, e);
    free(ix.table);
    free(ix.pairs);
    return rc;
}

/* Every row of s read by `reader` into a new array (*out, *n); s is
 * finalized. On failure nothing is returned and what was read is freed. */
typedef tstatus (*row_reader)(struct store *, sqlite3_stmt *,
                              struct integration **, struct err *);
static tstatus
rows_collect(struct store *st, sqlite3_stmt *s, row_reader reader,
             struct integration ***out, size_t *n, struct err *e)
{
    struct integration **v = NULL;
    size_t count = 0, cap = 0;
    tstatus rc = TS_OK;
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (count == cap) {
            size_t want = cap ? cap * 2 : 64;
            struct integration **grown = realloc(v, want * sizeof *v);
            if (grown == NULL) {
                rc = err_set(e, TS_NOMEM, NULL, "out of memory");
                break;
            }
            v = grown;
            cap = want;
        }
        if ((rc = reader(st, s, &v[count], e)) != TS_OK)
            break;
        count++;
    }
    sqlite3_finalize(s);
    if (rc == TS_OK && r != SQLITE_DONE)
        rc = store_sql_fail(st, r, "cannot list the integrations", e);
    if (rc != TS_OK) {
        store_list_free(v, count);
        return rc;
    }
    *out = v;
    *n = count;
    return TS_OK;
}

tstatus
store_row_all(struct store *st, struct integration ***out, size_t *n,
              struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st, ROW_SELECT "ORDER BY name_key", &s, e);
    if (rc != TS_OK)
        return rc;
    struct integration **v;
    size_t count;
    if ((rc = rows_collect(st, s, row_read, &v, &count, e)) != TS_OK)
        return rc;
    if ((rc = rows_complete(st, v, count, e)) != TS_OK) {
        store_list_free(v, count);
        return rc;
    }
    *out = v;
    *n = count;
    return TS_OK;
}

/* The columns of a listing (store_row_brief), in the order of enum
 * brief_col: what the home screen and `tether list` show, and whether the
 * OAuth tokens are set (two primary-key lookups, for OAuth rows only). */
#define BRIEF_TOKEN_SET(field)                                                 \
    "CASE WHEN auth = 'oauth2' THEN EXISTS (SELECT 1 FROM secrets WHERE "      \
    "integration_id = i.id AND field = '" field "') ELSE 0 END"
#define BRIEF_SELECT                                                           \
    "SELECT id, name, description, is_default, base_url, auth, "               \
    "oauth_grant, insecure, tags, token_expires_at, token_obtained_at, "       \
    "token_needs_auth, test_at, test_status, test_pass, test_time_ms, "        \
    "test_reason, " BRIEF_TOKEN_SET("access_token") ", " BRIEF_TOKEN_SET(      \
        "refresh_token") " "                                                   \
                         "FROM integrations i ORDER BY name_key LIMIT :limit"

enum brief_col {
    B_ID,
    B_NAME,
    B_DESCRIPTION,
    B_IS_DEFAULT,
    B_BASE_URL,
    B_AUTH,
    B_GRANT,
    B_INSECURE,
    B_TAGS,
    B_TOKEN_EXPIRES,
    B_TOKEN_OBTAINED,
    B_NEEDS_AUTH,
    B_TEST_AT,
    B_TEST_STATUS,
    B_TEST_PASS,
    B_TEST_TIME,
    B_TEST_REASON,
    B_ACCESS_SET,
    B_REFRESH_SET,
};

/* A text column of the listing row under s, borrowed from the statement
 * until its next step; empty is NULL, as str_col makes it. */
static char *
brief_text(sqlite3_stmt *s, enum brief_col c)
{
    char *v = (char *)sqlite3_column_text(s, (int)c);
    return v != NULL && v[0] != '\0' ? v : NULL;
}

/* The listing row under s into ig (from integration_new() or a copy of
 * one), its strings borrowed from the statement. */
static tstatus
brief_fill(struct store *st, sqlite3_stmt *s, struct integration *ig,
           struct err *e)
{
    ig->id = sqlite3_column_int64(s, B_ID);
    ig->is_default = sqlite3_column_int(s, B_IS_DEFAULT) != 0;
    ig->net.insecure = sqlite3_column_int(s, B_INSECURE) != 0;
    struct oauth_tokens *t = &ig->oauth.tokens;
    t->expires_at = sqlite3_column_int64(s, B_TOKEN_EXPIRES);
    t->obtained_at = sqlite3_column_int64(s, B_TOKEN_OBTAINED);
    t->needs_auth = sqlite3_column_int(s, B_NEEDS_AUTH) != 0;
    t->access_token.state =
        sqlite3_column_int(s, B_ACCESS_SET) != 0 ? SECRET_SET : SECRET_UNSET;
    t->refresh_token.state =
        sqlite3_column_int(s, B_REFRESH_SET) != 0 ? SECRET_SET : SECRET_UNSET;
    ig->last_test.at = sqlite3_column_int64(s, B_TEST_AT);
    ig->last_test.status = (long)sqlite3_column_int64(s, B_TEST_STATUS);
    ig->last_test.pass = sqlite3_column_int(s, B_TEST_PASS) != 0;
    ig->last_test.time_ms = (long)sqlite3_column_int64(s, B_TEST_TIME);
    ig->name = brief_text(s, B_NAME);
    ig->description = brief_text(s, B_DESCRIPTION);
    ig->base_url = brief_text(s, B_BASE_URL);
    ig->tags = brief_text(s, B_TAGS);
    ig->last_test.reason = brief_text(s, B_TEST_REASON);
    if (!auth_method_parse((const char *)sqlite3_column_text(s, B_AUTH),
                           &ig->auth) ||
        !oauth_grant_parse((const char *)sqlite3_column_text(s, B_GRANT),
                           &ig->oauth.grant))
        return err_set(
            e, TS_STORE, NULL,
            "the stored integration \"%s\" in %s has an unknown setting",
            ig->name ? ig->name : "?", st->path);
    return TS_OK;
}

/* Own copies of the strings brief_fill() borrowed; false without memory
 * (then they are all still borrowed). */
static bool
brief_own(struct integration *ig)
{
    char **str[] = {&ig->name, &ig->description, &ig->base_url, &ig->tags,
                    &ig->last_test.reason};
    enum { N = sizeof str / sizeof str[0] };
    char *copy[N] = {NULL};
    for (size_t i = 0; i < N; i++) {
        if (*str[i] != NULL && (copy[i] = strdup(*str[i])) == NULL) {
            for (size_t j = 0; j < i; j++)
                free(copy[j]);
            return false;
        }
    }
    for (size_t i = 0; i < N; i++)
        *str[i] = copy[i];
    return true;
}

/* The listing row under s into a new integration. */
static tstatus
brief_read(struct store *st, sqlite3_stmt *s, struct integration **out,
           struct err *e)
{
    struct integration *ig = integration_new();
    if (ig == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    tstatus rc = brief_fill(st, s, ig, e);
    if (rc == TS_OK && !brief_own(ig))
        rc = err_set(e, TS_NOMEM, NULL, "out of memory");
    if (rc != TS_OK) {
        /* The strings are borrowed, not ours to free. */
        ig->name = ig->description = ig->base_url = ig->tags = NULL;
        ig->last_test.reason = NULL;
        integration_free(ig);
        return rc;
    }
    *out = ig;
    return TS_OK;
}

tstatus
store_row_each(struct store *st, unsigned passes,
               void (*fn)(const struct integration *ig, unsigned pass,
                          void *arg),
               void *arg, struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st, BRIEF_SELECT, &s, e);
    if (rc != TS_OK)
        return rc;
    store_bind_int(s, ":limit", -1);
    struct integration *blank = integration_new();
    if (blank == NULL) {
        sqlite3_finalize(s);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    int r = SQLITE_DONE;
    for (unsigned pass = 0; rc == TS_OK && pass < passes; pass++) {
        sqlite3_reset(s);
        while (rc == TS_OK && (r = sqlite3_step(s)) == SQLITE_ROW) {
            struct integration ig = *blank; /* no heap strings: a copy */
            if ((rc = brief_fill(st, s, &ig, e)) == TS_OK)
                fn(&ig, pass, arg);
        }
        if (rc == TS_OK && r != SQLITE_DONE)
            rc = store_sql_fail(st, r, "cannot list the integrations", e);
    }
    sqlite3_finalize(s);
    integration_free(blank);
    return rc;
}

tstatus
store_row_brief(struct store *st, size_t limit, struct integration ***out,
                size_t *n, struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st, BRIEF_SELECT, &s, e);
    if (rc != TS_OK)
        return rc;
    store_bind_int(s, ":limit", limit == 0 ? -1 : (int64_t)limit);
    return rows_collect(st, s, brief_read, out, n, e);
}

/* Bind the configuration columns shared by insert and update. */
static void
bind_config(struct store *st, sqlite3_stmt *s, const struct integration *ig,
            const char *key)
{
    (void)st;
    store_bind_text(s, ":name", ig->name);
    store_bind_text(s, ":name_key", key);
    store_bind_text(s, ":description", ig->description);
    store_bind_int(s, ":is_default", ig->is_default);
    store_bind_text(s, ":base_url", ig->base_url);
    store_bind_text(s, ":test_path", ig->test_path);
    store_bind_text(s, ":tags", ig->tags);
    store_bind_text(s, ":auth", auth_method_name(ig->auth));
    store_bind_text(s, ":key_header", ig->api_key.header);
    store_bind_text(s, ":key_prefix", ig->api_key.prefix);
    store_bind_text(s, ":key_placement",
                    key_placement_name(ig->api_key.placement));
    store_bind_text(s, ":basic_username", ig->basic.username);
    store_bind_text(s, ":oauth_grant", oauth_grant_name(ig->oauth.grant));
    store_bind_text(s, ":oauth_client_id", ig->oauth.client_id);
    store_bind_text(s, ":oauth_auth_url", ig->oauth.auth_url);
    store_bind_text(s, ":oauth_token_url", ig->oauth.token_url);
    store_bind_text(s, ":oauth_device_url", ig->oauth.device_url);
    store_bind_text(s, ":oauth_scope", ig->oauth.scope);
    store_bind_text(s, ":oauth_client_auth",
                    client_auth_name(ig->oauth.client_auth));
    store_bind_int(s, ":oauth_pkce", ig->oauth.pkce);
    store_bind_int(s, ":oauth_secret_required", ig->oauth.secret_required);
    store_bind_int(s, ":oauth_redirect_port", ig->oauth.redirect_port);
    store_bind_int(s, ":connect_timeout_ms", ig->net.connect_timeout_ms);
    store_bind_int(s, ":timeout_ms", ig->net.timeout_ms);
    store_bind_int(s, ":insecure", ig->net.insecure);
    store_bind_text(s, ":ca_bundle", ig->net.ca_bundle);
    store_bind_text(s, ":test_method", ig->test.method);
    store_bind_text(s, ":test_body", ig->test.body);
    store_bind_text(s, ":test_statuses", ig->test.statuses);
    store_bind_text(s, ":test_expect_pointer", ig->test.expect_pointer);
    store_bind_text(s, ":test_expect_value", ig->test.expect_value);
    store_bind_text(s, ":test_expect_text", ig->test.expect_text);
    store_bind_int(s, ":follow_redirects", ig->net.follow_redirects);
    store_bind_text(s, ":proxy", ig->net.proxy);
    store_bind_int(s, ":no_proxy", ig->net.no_proxy);
    store_bind_text(s, ":proxy_user", ig->net.proxy_user);
    store_bind_text(s, ":client_cert", ig->net.client_cert);
    store_bind_text(s, ":client_key", ig->net.client_key);
    store_bind_int(s, ":updated_at", ig->updated_at);
    store_bind_text(s, ":oauth_issuer", ig->oauth.issuer);
    store_bind_text(s, ":oauth_revocation_url", ig->oauth.revocation_url);
    store_bind_int(s, ":oauth_iss_required", ig->oauth.iss_required);
}

#define CONFIG_COLUMNS                                                         \
    "name, name_key, description, is_default, base_url, test_path, auth, "     \
    "key_header, key_prefix, key_placement, basic_username, oauth_grant, "     \
    "oauth_client_id, oauth_auth_url, oauth_token_url, oauth_device_url, "     \
    "oauth_scope, oauth_client_auth, oauth_pkce, oauth_redirect_port, "        \
    "connect_timeout_ms, timeout_ms, insecure, ca_bundle, updated_at, "        \
    "oauth_issuer, oauth_revocation_url, oauth_iss_required, test_method, "    \
    "test_body, test_statuses, test_expect_pointer, test_expect_value, "       \
    "test_expect_text, oauth_secret_required, follow_redirects, proxy, "       \
    "no_proxy, proxy_user, tags, client_cert, client_key"
#define CONFIG_VALUES                                                          \
    ":name, :name_key, :description, :is_default, :base_url, :test_path, "     \
    ":auth, :key_header, :key_prefix, :key_placement, :basic_username, "       \
    ":oauth_grant, :oauth_client_id, :oauth_auth_url, :oauth_token_url, "      \
    ":oauth_device_url, :oauth_scope, :oauth_client_auth, :oauth_pkce, "       \
    ":oauth_redirect_port, :connect_timeout_ms, :timeout_ms, :insecure, "      \
    ":ca_bundle, :updated_at, :oauth_issuer, :oauth_revocation_url, "          \
    ":oauth_iss_required, :test_method, :test_body, :test_statuses, "          \
    ":test_expect_pointer, :test_expect_value, :test_expect_text, "            \
    ":oauth_secret_required, :follow_redirects, :proxy, :no_proxy, "           \
    ":proxy_user, :tags, :client_cert, :client_key"

static tstatus
params_write(struct store *st, const struct integration *ig, struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(
        st, "DELETE FROM oauth_params WHERE integration_id = :id", &s, e);
    if (rc != TS_OK)
        return rc;
    store_bind_int(s, ":id", ig->id);
    if ((rc = store_run(st, s, "cannot write OAuth parameters", e)) != TS_OK)
        return rc;
    for (size_t i = 0; i < ig->oauth.params.n; i++) {
        rc = store_prepare(st,
                           "INSERT INTO oauth_params (integration_id, pos, "
                           "key, value) VALUES (:id, :pos, :key, :value)",
                           &s, e);
        if (rc != TS_OK)
            return rc;
        store_bind_int(s, ":id", ig->id);
        store_bind_int(s, ":pos", (int64_t)i);
        store_bind_text(s, ":key", ig->oauth.params.items[i].key);
        store_bind_text(s, ":value",
                        ig->oauth.params.items[i].value
                            ? ig->oauth.params.items[i].value
                            : "");
        if ((rc = store_run(st, s, "cannot write OAuth parameters", e)) !=
            TS_OK)
            return rc;
    }
    return TS_OK;
}

static tstatus
extras_write(struct store *st, const struct integration *ig, struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(
        st, "DELETE FROM extras WHERE integration_id = :id", &s, e);
    if (rc != TS_OK)
        return rc;
    store_bind_int(s, ":id", ig->id);
    if ((rc = store_run(st, s, "cannot write the extra headers", e)) != TS_OK)
        return rc;
    for (size_t i = 0; i < ig->extras.n; i++) {
        const struct extra *x = &ig->extras.items[i];
        rc = store_prepare(st,
                           "INSERT INTO extras (integration_id, pos, kind, "
                           "name, value, secret) VALUES (:id, :pos, :kind, "
                           ":name, :value, :secret)",
                           &s, e);
        if (rc != TS_OK)
            return rc;
        store_bind_int(s, ":id", ig->id);
        store_bind_int(s, ":pos", (int64_t)i);
        store_bind_text(s, ":kind", extra_kind_name(x->kind));
        store_bind_text(s, ":name", x->name);
        store_bind_text(s, ":value", x->is_secret ? NULL : x->value);
        store_bind_int(s, ":secret", x->is_secret);
        if ((rc = store_run(st, s, "cannot write the extra headers", e)) !=
            TS_OK)
            return rc;
    }
    return TS_OK;
}

tstatus
store_row_insert(struct store *st, struct integration *ig, struct err *e)
{
    char *key = store_name_key(st, ig->name);
    if (key == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    secret_new_uid(ig->uid);
    ig->created_at = ig->updated_at = store_now();
    const struct oauth_tokens *t = &ig->oauth.tokens;
    sqlite3_stmt *s;
    tstatus rc = store_prepare(
        st,
        "INSERT INTO integrations (uid, created_at, token_type, token_scope, "
        "token_expires_at, token_obtained_at, token_needs_auth, "
        "token_needs_auth_reason, test_at, test_status, test_pass, "
        "test_time_ms, test_reason, " CONFIG_COLUMNS ") VALUES (:uid, "
        ":created_at, :token_type, :token_scope, :token_expires_at, "
        ":token_obtained_at, :token_needs_auth, :token_needs_auth_reason, "
        ":test_at, :test_status, :test_pass, :test_time_ms, "
        ":test_reason, " CONFIG_VALUES ")",
        &s, e);
    if (rc == TS_OK) {
        bind_config(st, s, ig, key);
        store_bind_text(s, ":uid", ig->uid);
        store_bind_int(s, ":created_at", ig->created_at);
        store_bind_text(s, ":token_type", t->token_type);
        store_bind_text(s, ":token_scope", t->scope);
        store_bind_int(s, ":token_expires_at", t->expires_at);
        store_bind_int(s, ":token_obtained_at", t->obtained_at);
        store_bind_int(s, ":token_needs_auth", t->needs_auth);
        store_bind_text(s, ":token_needs_auth_reason", t->needs_auth_reason);
        store_bind_int(s, ":test_at", ig->last_test.at);
        store_bind_int(s, ":test_status", ig->last_test.status);
        store_bind_int(s, ":test_pass", ig->last_test.pass);
        store_bind_int(s, ":test_time_ms", ig->last_test.time_ms);
        store_bind_text(s, ":test_reason", ig->last_test.reason);
        rc = store_run(st, s, "cannot add the integration", e);
    }
    free(key);
    if (rc != TS_OK)
        return rc;
    ig->id = sqlite3_last_insert_rowid(st->db);
    if ((rc = params_write(st, ig, e)) != TS_OK ||
        (rc = extras_write(st, ig, e)) != TS_OK)
        return rc;
    return store_secrets_write(st, ig, false, true, e);
}

tstatus
store_row_update(struct store *st, struct integration *ig, struct err *e)
{
    char *key = store_name_key(st, ig->name);
    if (key == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    ig->updated_at = store_now();
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st,
                               "UPDATE integrations SET (" CONFIG_COLUMNS
                               ") = (" CONFIG_VALUES ") "
                               "WHERE id = :id",
                               &s, e);
    if (rc == TS_OK) {
        bind_config(st, s, ig, key);
        store_bind_int(s, ":id", ig->id);
        rc = store_run(st, s, "cannot update the integration", e);
    }
    free(key);
    if (rc != TS_OK)
        return rc;
    if ((rc = params_write(st, ig, e)) != TS_OK ||
        (rc = extras_write(st, ig, e)) != TS_OK)
        return rc;
    return store_secrets_write(st, ig, true, false, e);
}

tstatus
store_row_taken(struct store *st, const char *key, int64_t except_id,
                char **taken, struct err *e)
{
    *taken = NULL;
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st,
                               "SELECT name FROM integrations "
                               "WHERE name_key = :key AND id != :id",
                               &s, e);
    if (rc != TS_OK)
        return rc;
    store_bind_text(s, ":key", key);
    store_bind_int(s, ":id", except_id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        *taken = strdup((const char *)sqlite3_column_text(s, 0));
        if (*taken == NULL)
            rc = err_set(e, TS_NOMEM, NULL, "out of memory");
    } else if (r != SQLITE_DONE) {
        rc = store_sql_fail(st, r, "cannot check the name", e);
    }
    sqlite3_finalize(s);
    return rc;
}

tstatus
store_row_clear_default(struct store *st, struct err *e)
{
    return store_exec(
        st, "UPDATE integrations SET is_default = 0 WHERE is_default = 1", e);
}

tstatus
store_row_uid(struct store *st, int64_t id, char uid[MODEL_UID_LEN + 1],
              struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc =
        store_prepare(st, "SELECT uid FROM integrations WHERE id = :id", &s, e);
    if (rc != TS_OK)
        return rc;
    store_bind_int(s, ":id", id);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        const char *u = (const char *)sqlite3_column_text(s, 0);
        snprintf(uid, MODEL_UID_LEN + 1, "%s", u ? u : "");
    } else if (r == SQLITE_DONE) {
        rc = err_set(e, TS_NOT_FOUND, NULL,
                     "the integration was removed meanwhile");
    } else {
        rc = store_sql_fail(st, r, "cannot find the integration", e);
    }
    sqlite3_finalize(s);
    return rc;
}
