/* store_secrets.c — the store's key (read lazily, checked against the key
 * check value in meta) and its sealed secret rows. */
#include "store_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The key settings kept in meta. */
struct key_meta {
    char kind[16]; /* "file", "passphrase", or "" before any secret */
    unsigned char check[SECRET_CHECK_BYTES];
    size_t check_len; /* 0 = no key check yet */
    unsigned char salt[SECRET_SALT_BYTES];
    size_t salt_len;
    int64_t ops, mem;
};

static void
copy_blob(sqlite3_stmt *s, unsigned char *dst, size_t cap, size_t *len)
{
    size_t n = (size_t)sqlite3_column_bytes(s, 1);
    const void *p = sqlite3_column_blob(s, 1);
    *len = 0;
    if (p != NULL && n <= cap) {
        memcpy(dst, p, n);
        *len = n;
    }
}

static tstatus
meta_read(struct store *st, struct key_meta *m, struct err *e)
{
    memset(m, 0, sizeof *m);
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st, "SELECT key, value FROM meta", &s, e);
    if (rc != TS_OK)
        return rc;
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(s, 0);
        if (k == NULL)
            continue;
        if (strcmp(k, "key_kind") == 0) {
            const char *v = (const char *)sqlite3_column_text(s, 1);
            snprintf(m->kind, sizeof m->kind, "%s", v ? v : "");
        } else if (strcmp(k, "key_check") == 0) {
            copy_blob(s, m->check, sizeof m->check, &m->check_len);
            if (m->check_len == 0) /* damaged: never matches */
                m->check_len = 1;
        } else if (strcmp(k, "kdf_salt") == 0) {
            copy_blob(s, m->salt, sizeof m->salt, &m->salt_len);
        } else if (strcmp(k, "kdf_opslimit") == 0) {
            m->ops = sqlite3_column_int64(s, 1);
        } else if (strcmp(k, "kdf_memlimit") == 0) {
            m->mem = sqlite3_column_int64(s, 1);
        }
    }
    return store_finalize(st, s, r, "cannot read the key settings", e);
}

static tstatus
meta_put(struct store *st, const char *key, const void *blob, size_t len,
         int64_t num, struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st,
                               "INSERT OR REPLACE INTO meta (key, value) "
                               "VALUES (:key, :value)",
                               &s, e);
    if (rc != TS_OK)
        return rc;
    store_bind_text(s, ":key", key);
    if (blob != NULL)
        store_bind_blob(s, ":value", blob, len);
    else
        store_bind_int(s, ":value", num);
    return store_run(st, s, "cannot write the key settings", e);
}

static tstatus
has_secrets(struct store *st, bool *yes, struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc =
        store_prepare(st, "SELECT EXISTS (SELECT 1 FROM secrets)", &s, e);
    if (rc != TS_OK)
        return rc;
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        *yes = sqlite3_column_int(s, 0) != 0;
    else
        rc = store_sql_fail(st, r, "cannot read the secrets", e);
    sqlite3_finalize(s);
    return rc;
}

/* Record kind and key check of a store's first key (same transaction as
 * the first secret). The key stays "fresh" until that commits. */
static tstatus
record_key(struct store *st, const char *kind, struct err *e)
{
    unsigned char check[SECRET_CHECK_BYTES];
    secret_check_make(st->key, check);
    tstatus rc = meta_put(st, "key_kind", kind, strlen(kind), 0, e);
    if (rc == TS_OK)
        rc = meta_put(st, "key_check", check, sizeof check, 0, e);
    st->key_fresh = rc == TS_OK;
    return rc;
}

/* The key from the passphrase: checked against the key check, or (first
 * secret of the store) derived with a new salt and recorded. */
static tstatus
key_from_passphrase(struct store *st, const struct key_meta *m, struct err *e)
{
    if (m->check_len > 0 && strcmp(m->kind, "passphrase") != 0)
        return err_set(e, TS_KEY, "passphrase",
                       "the secrets in %s are encrypted with a key file, "
                       "not a passphrase: unset TETHER_PASSPHRASE",
                       st->path);
    if (m->check_len > 0) {
        if (m->salt_len != SECRET_SALT_BYTES || m->ops <= 0 || m->mem <= 0)
            return err_set(e, TS_KEY, NULL,
                           "the passphrase settings of the store %s are "
                           "damaged",
                           st->path);
        tstatus rc = secret_key_derive(st->passphrase, m->salt,
                                       (unsigned long long)m->ops,
                                       (size_t)m->mem, &st->key, e);
        if (rc != TS_OK)
            return rc;
        if (!secret_check_verify(st->key, m->check, m->check_len)) {
            secret_key_free(st->key);
            st->key = NULL;
            return err_set(e, TS_KEY, "passphrase",
                           "wrong passphrase for the store %s "
                           "(TETHER_PASSPHRASE)",
                           st->path);
        }
        return TS_OK;
    }
    unsigned char salt[SECRET_SALT_BYTES];
    secret_random(salt, sizeof salt);
    unsigned long long ops = secret_kdf_opslimit();
    size_t mem = secret_kdf_memlimit();
    tstatus rc = secret_key_derive(st->passphrase, salt, ops, mem, &st->key, e);
    if (rc == TS_OK)
        rc = meta_put(st, "kdf_salt", salt, sizeof salt, 0, e);
    if (rc == TS_OK)
        rc = meta_put(st, "kdf_opslimit", NULL, 0, (int64_t)ops, e);
    if (rc == TS_OK)
        rc = meta_put(st, "kdf_memlimit", NULL, 0, (int64_t)mem, e);
    if (rc == TS_OK)
        rc = record_key(st, "passphrase", e);
    return rc;
}

/* The key from the key file: checked against the key check, or (first
 * secret of the store) read or created and recorded. */
static tstatus
key_from_file(struct store *st, const struct key_meta *m, struct err *e)
{
    if (m->check_len > 0 && strcmp(m->kind, "passphrase") == 0)
        return err_set(e, TS_KEY, "passphrase",
                       "the secrets in %s are encrypted with a passphrase: "
                       "set TETHER_PASSPHRASE",
                       st->path);
    if (st->key_file == NULL)
        return err_set(e, TS_KEY, "key_file",
                       "no key file is known: set HOME, TETHER_KEY_FILE or "
                       "TETHER_PASSPHRASE");
    bool stored = m->check_len > 0;
    tstatus rc;
    if (!stored && (rc = has_secrets(st, &stored, e)) != TS_OK)
        return rc;
    rc = secret_key_read(st->key_file, &st->key, e);
    if (rc == TS_NOT_FOUND) {
        if (stored)
            return err_set(e, TS_KEY, "key_file",
                           "the key file %s is missing: the secrets in %s "
                           "were encrypted with it (restore it, or point "
                           "TETHER_KEY_FILE at it)",
                           st->key_file, st->path);
        rc = secret_key_create(st->key_file, &st->key, e);
    }
    if (rc != TS_OK)
        return rc;
    if (m->check_len > 0) {
        if (!secret_check_verify(st->key, m->check, m->check_len)) {
            secret_key_free(st->key);
            st->key = NULL;
            return err_set(e, TS_KEY, "key_file",
                           "the key in %s does not match this store (%s)",
                           st->key_file, st->path);
        }
        return TS_OK;
    }
    return record_key(st, "file", e);
}

tstatus
store_key_ensure(struct store *st, bool for_write, struct err *e)
{
    if (st->key != NULL)
        return TS_OK;
    struct key_meta m;
    tstatus rc = meta_read(st, &m, e);
    if (rc != TS_OK)
        return rc;
    /* Secrets are only ever written with a key check beside them. */
    if (m.check_len == 0 && !for_write)
        return err_set(e, TS_KEY, NULL,
                       "the store %s holds secrets but no key check: it is "
                       "damaged",
                       st->path);
    rc = st->passphrase ? key_from_passphrase(st, &m, e)
                        : key_from_file(st, &m, e);
    if (rc != TS_OK && st->key != NULL) {
        secret_key_free(st->key);
        st->key = NULL;
        st->key_fresh = false;
    }
    return rc;
}

tstatus
store_secret_put(struct store *st, int64_t id, const char *uid,
                 const char *field, const char *value, struct err *e)
{
    tstatus rc = store_key_ensure(st, true, e);
    if (rc != TS_OK)
        return rc;
    size_t len = strlen(value);
    unsigned char nonce[SECRET_NONCE_BYTES];
    unsigned char *ct = malloc(len + SECRET_TAG_BYTES);
    if (ct == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    char ad[SECRET_AD_MAX];
    secret_ad(uid, field, ad);
    secret_seal(st->key, ad, value, len, nonce, ct);
    sqlite3_stmt *s;
    rc = store_prepare(st,
                       "INSERT INTO secrets (integration_id, field, nonce, "
                       "ciphertext) VALUES (:id, :field, :nonce, :ct) "
                       "ON CONFLICT (integration_id, field) DO UPDATE SET "
                       "nonce = excluded.nonce, "
                       "ciphertext = excluded.ciphertext",
                       &s, e);
    if (rc == TS_OK) {
        store_bind_int(s, ":id", id);
        store_bind_text(s, ":field", field);
        store_bind_blob(s, ":nonce", nonce, sizeof nonce);
        store_bind_blob(s, ":ct", ct, len + SECRET_TAG_BYTES);
        rc = store_run(st, s, "cannot write a secret", e);
    }
    free(ct);
    return rc;
}

tstatus
store_secret_delete(struct store *st, int64_t id, const char *field,
                    struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st,
                               "DELETE FROM secrets WHERE integration_id = "
                               ":id AND field = :field",
                               &s, e);
    if (rc != TS_OK)
        return rc;
    store_bind_int(s, ":id", id);
    store_bind_text(s, ":field", field);
    return store_run(st, s, "cannot delete a secret", e);
}

static struct secret *
find_secret(struct secret_ref *refs, size_t n, const char *field)
{
    for (size_t i = 0; field != NULL && i < n; i++)
        if (strcmp(refs[i].field, field) == 0)
            return refs[i].secret;
    return NULL;
}

bool
store_secrets_mark_set(struct integration *ig, const char *field)
{
    size_t n = 0;
    struct secret_ref *refs = integration_secrets(ig, &n);
    struct secret *sec = refs != NULL ? find_secret(refs, n, field) : NULL;
    free(refs);
    if (sec == NULL)
        return false; /* a field this tether does not know, or no memory */
    secret_clear(sec);
    sec->state = SECRET_SET;
    return true;
}

/* Decrypt one stored secret into sec (LOADED), or fail with TS_KEY. */
static tstatus
open_one(struct store *st, const struct integration *ig, const char *field,
         sqlite3_stmt *s, struct secret *sec, struct err *e)
{
    tstatus rc = store_key_ensure(st, false, e);
    if (rc != TS_OK)
        return rc;
    const unsigned char *nonce = sqlite3_column_blob(s, 1);
    const unsigned char *ct = sqlite3_column_blob(s, 2);
    size_t ct_len = (size_t)sqlite3_column_bytes(s, 2);
    char ad[SECRET_AD_MAX];
    secret_ad(ig->uid, field, ad);
    if (nonce == NULL || sqlite3_column_bytes(s, 1) != SECRET_NONCE_BYTES ||
        ct == NULL ||
        (rc = secret_open(st->key, ad, nonce, ct, ct_len, &sec->value, e)) ==
            TS_KEY)
        return err_set(e, TS_KEY, field,
                       "the stored %s of \"%s\" cannot be decrypted: it is "
                       "damaged or was moved from another integration",
                       field, ig->name);
    if (rc == TS_OK)
        sec->state = SECRET_LOADED;
    return rc;
}

tstatus
store_secrets_load(struct store *st, struct integration *ig, unsigned flags,
                   struct err *e)
{
    size_t n = 0;
    struct secret_ref *refs = integration_secrets(ig, &n);
    if (refs == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st,
                               "SELECT field, nonce, ciphertext FROM secrets "
                               "WHERE integration_id = :id",
                               &s, e);
    if (rc != TS_OK) {
        free(refs);
        return rc;
    }
    store_bind_int(s, ":id", ig->id);
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        const char *field = (const char *)sqlite3_column_text(s, 0);
        struct secret *sec = find_secret(refs, n, field);
        if (sec == NULL)
            continue; /* a field this tether does not know */
        secret_clear(sec);
        sec->state = SECRET_SET;
        if (!(flags & STORE_WITH_SECRETS))
            continue;
        struct err one;
        err_clear(&one);
        rc = open_one(st, ig, field, s, sec, &one);
        if (rc == TS_KEY && (flags & STORE_SECRETS_TOLERANT)) {
            sec->state = SECRET_UNREADABLE;
            rc = TS_OK;
        }
        if (rc != TS_OK) {
            if (e != NULL)
                *e = one;
            sqlite3_finalize(s);
            free(refs);
            return rc;
        }
    }
    free(refs);
    return store_finalize(st, s, r, "cannot read the secrets", e);
}

/* Delete the stored secrets of extras the integration no longer has (or
 * that are no longer secret). */
static tstatus
prune_extras(struct store *st, int64_t id, struct secret_ref *refs, size_t n,
             struct err *e)
{
    sqlite3_stmt *s;
    tstatus rc = store_prepare(st,
                               "SELECT field FROM secrets WHERE "
                               "integration_id = :id AND (field GLOB "
                               "'header:*' OR field GLOB 'query:*')",
                               &s, e);
    if (rc != TS_OK)
        return rc;
    store_bind_int(s, ":id", id);
    char **gone = NULL;
    size_t ngone = 0;
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        const char *field = (const char *)sqlite3_column_text(s, 0);
        if (field == NULL || find_secret(refs, n, field) != NULL)
            continue;
        char **grown = realloc(gone, (ngone + 1) * sizeof *gone);
        if (grown == NULL || (grown[ngone] = strdup(field)) == NULL) {
            gone = grown ? grown : gone;
            rc = err_set(e, TS_NOMEM, NULL, "out of memory");
            break;
        }
        gone = grown;
        ngone++;
    }
    if (rc == TS_OK)
        rc = store_finalize(st, s, r, "cannot read the secrets", e);
    else
        sqlite3_finalize(s);
    for (size_t i = 0; i < ngone; i++) {
        if (rc == TS_OK)
            rc = store_secret_delete(st, id, gone[i], e);
        free(gone[i]);
    }
    free(gone);
    return rc;
}

static bool
is_token(const char *field)
{
    return strcmp(field, "access_token") == 0 ||
           strcmp(field, "refresh_token") == 0;
}

tstatus
store_secrets_write(struct store *st, struct integration *ig, bool only_changed,
                    bool with_tokens, struct err *e)
{
    size_t n = 0;
    struct secret_ref *refs = integration_secrets(ig, &n);
    if (refs == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    tstatus rc = TS_OK;
    for (size_t i = 0; rc == TS_OK && i < n; i++) {
        const struct secret *sec = refs[i].secret;
        if (!with_tokens && is_token(refs[i].field))
            continue;
        if (only_changed && !sec->changed)
            continue;
        if (sec->value != NULL)
            rc = store_secret_put(st, ig->id, ig->uid, refs[i].field,
                                  sec->value, e);
        else if (only_changed)
            rc = store_secret_delete(st, ig->id, refs[i].field, e);
    }
    if (rc == TS_OK && only_changed)
        rc = prune_extras(st, ig->id, refs, n, e);
    free(refs);
    return rc;
}

void
store_secrets_saved(struct integration *ig)
{
    size_t n = 0;
    struct secret_ref *refs = integration_secrets(ig, &n);
    for (size_t i = 0; refs != NULL && i < n; i++) {
        struct secret *sec = refs[i].secret;
        if (sec->changed)
            sec->state = sec->value ? SECRET_LOADED : SECRET_UNSET;
        sec->changed = false;
    }
    free(refs);
}
