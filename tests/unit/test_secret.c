/* test_secret.c — sealing values, the key file, passphrases, and what the
 * store does with a wrong, missing or right key: round trips, associated
 * data binding, and no plaintext in the files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>
#include <sodium.h>

#include "secmem.h"
#include "secret.h"
#include "store_fixture.h"

static void
test_seal_open(void **state)
{
    struct fx *f = *state;
    struct secret_key *k, *k2;
    struct err e;
    assert_int_equal(secret_key_read(f->key, &k, &e), TS_NOT_FOUND);
    assert_int_equal(secret_key_create(f->key, &k, &e), TS_OK);
    assert_int_equal(fx_mode(f->key, ""), 0600);
    assert_int_equal(secret_key_read(f->key, &k2, &e), TS_OK);

    const char *plain = "s3cr3t value";
    size_t len = strlen(plain);
    unsigned char nonce[SECRET_NONCE_BYTES], nonce2[SECRET_NONCE_BYTES];
    unsigned char ct[64], ct2[64];
    secret_seal(k, "uid1:api_key", plain, len, nonce, ct);
    secret_seal(k, "uid1:api_key", plain, len, nonce2, ct2);
    assert_memory_not_equal(nonce, nonce2, sizeof nonce); /* fresh nonces */
    assert_false(fx_memmem(ct, len + SECRET_TAG_BYTES, "s3cr3t"));

    char *out = NULL;
    assert_int_equal(secret_open(k2, "uid1:api_key", nonce, ct,
                                 len + SECRET_TAG_BYTES, &out, &e),
                     TS_OK);
    assert_string_equal(out, plain);
    secmem_free(out);
    /* Other associated data (row or field), a flipped bit: refused. */
    assert_int_equal(secret_open(k, "uid2:api_key", nonce, ct,
                                 len + SECRET_TAG_BYTES, &out, &e),
                     TS_KEY);
    assert_int_equal(secret_open(k, "uid1:password", nonce, ct,
                                 len + SECRET_TAG_BYTES, &out, &e),
                     TS_KEY);
    ct[3] ^= 1;
    assert_int_equal(secret_open(k, "uid1:api_key", nonce, ct,
                                 len + SECRET_TAG_BYTES, &out, &e),
                     TS_KEY);
    assert_int_equal(secret_open(k, "uid1:api_key", nonce, ct, 3, &out, &e),
                     TS_KEY);

    unsigned char check[SECRET_CHECK_BYTES];
    secret_check_make(k, check);
    assert_true(secret_check_verify(k2, check, sizeof check));
    secret_key_free(k2);
    /* A second create keeps the first key (never overwritten). */
    assert_int_equal(secret_key_create(f->key, &k2, &e), TS_OK);
    assert_true(secret_check_verify(k2, check, sizeof check));
    secret_key_free(k2);
    unlink(f->key);
    assert_int_equal(secret_key_create(f->key, &k2, &e), TS_OK);
    assert_false(secret_check_verify(k2, check, sizeof check));
    secret_key_free(k2);
    secret_key_free(k);
}

static void
test_key_file_damaged(void **state)
{
    struct fx *f = *state;
    struct secret_key *k;
    struct err e;
    assert_int_equal(secret_key_create(f->key, &k, &e), TS_OK);
    secret_key_free(k);
    FILE *fp = fopen(f->key, "w");
    fputs("not a key\n", fp);
    fclose(fp);
    assert_int_equal(secret_key_read(f->key, &k, &e), TS_KEY);
    assert_msg_has(e, f->key);
    assert_msg_has(e, "64 hexadecimal digits");
}

/* Like ssh's private keys: a key file group or others may read or write
 * is refused, naming the file and the fix; 0600 and 0400 are fine. */
static void
test_key_file_mode(void **state)
{
    struct fx *f = *state;
    struct secret_key *k;
    struct err e;
    assert_int_equal(secret_key_create(f->key, &k, &e), TS_OK);
    secret_key_free(k);
    static const mode_t loose[] = {0644, 0640, 0604, 0620, 0602, 0666};
    for (size_t i = 0; i < sizeof loose / sizeof loose[0]; i++) {
        assert_int_equal(chmod(f->key, loose[i]), 0);
        err_clear(&e);
        assert_int_equal(secret_key_read(f->key, &k, &e), TS_KEY);
        assert_string_equal(e.field, "key_file");
        assert_msg_has(e, f->key);
        assert_msg_has(e, "readable or writable by other users");
        char fix[200];
        snprintf(fix, sizeof fix, "chmod 600 %s", f->key);
        assert_msg_has(e, fix);
    }
    assert_int_equal(chmod(f->key, 0400), 0);
    assert_int_equal(secret_key_read(f->key, &k, &e), TS_OK);
    secret_key_free(k);
    assert_int_equal(chmod(f->key, 0600), 0);
    assert_int_equal(secret_key_read(f->key, &k, &e), TS_OK);
    secret_key_free(k);
    /* Through the store: the secret is not read, the message says why. */
    fx_open(f);
    fx_add(f, "Keyed", AUTH_API_KEY, "sk-mode");
    assert_int_equal(chmod(f->key, 0644), 0);
    fx_open(f);
    struct integration *ig;
    assert_int_equal(store_get(f->st, "keyed", STORE_WITH_SECRETS, &ig, &e),
                     TS_KEY);
    assert_msg_has(e, "chmod 600");
    assert_int_equal(chmod(f->key, 0600), 0);
    assert_int_equal(store_get(f->st, "keyed", STORE_WITH_SECRETS, &ig, &e),
                     TS_OK);
    assert_string_equal(ig->api_key.key.value, "sk-mode");
    integration_free(ig);
}

static void
test_passphrase_kdf(void **state)
{
    (void)state;
    unsigned char salt[SECRET_SALT_BYTES] = {1, 2, 3};
    struct secret_key *a, *b, *c;
    struct err e;
    assert_int_equal(secret_key_derive("pass phrase", salt,
                                       secret_kdf_opslimit(),
                                       secret_kdf_memlimit(), &a, &e),
                     TS_OK);
    assert_int_equal(secret_key_derive("pass phrase", salt,
                                       secret_kdf_opslimit(),
                                       secret_kdf_memlimit(), &b, &e),
                     TS_OK);
    assert_int_equal(secret_key_derive("pass phrasE", salt,
                                       secret_kdf_opslimit(),
                                       secret_kdf_memlimit(), &c, &e),
                     TS_OK);
    unsigned char check[SECRET_CHECK_BYTES];
    secret_check_make(a, check);
    assert_true(secret_check_verify(b, check, sizeof check));
    assert_false(secret_check_verify(c, check, sizeof check));
    secret_key_free(a);
    secret_key_free(b);
    secret_key_free(c);
    char uid[MODEL_UID_LEN + 1], uid2[MODEL_UID_LEN + 1];
    secret_new_uid(uid);
    secret_new_uid(uid2);
    assert_int_equal(strlen(uid), MODEL_UID_LEN);
    assert_string_not_equal(uid, uid2);
}

/* A store with three integrations holding these secrets. */
static const char *const secrets[] = {"sk_live_PLAINTEXT_1", "pw-PLAINTEXT-2",
                                      "cs-PLAINTEXT-3"};

static void
fill(struct fx *f)
{
    fx_add(f, "Key", AUTH_API_KEY, secrets[0]);
    fx_add(f, "Basic", AUTH_BASIC, secrets[1]);
    fx_add(f, "OAuth", AUTH_OAUTH2, secrets[2]);
}

static void
expect_secret(struct fx *f, const char *name, const char *value)
{
    struct integration *ig;
    struct err e;
    if (store_get(f->st, name, STORE_WITH_SECRETS, &ig, &e) != TS_OK)
        fail_msg("store_get %s: %s", name, e.msg);
    size_t n = 0;
    struct secret_ref *refs = integration_secrets(ig, &n);
    assert_non_null(refs);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (refs[i].secret->value && strcmp(refs[i].secret->value, value) == 0)
            found = true;
    free(refs);
    assert_true(found);
    integration_free(ig);
}

static void
test_store_round_trip(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fill(f);
    assert_true(fx_exists(f->key, ""));
    fx_open(f); /* reopen: the key is read from the file */
    expect_secret(f, "key", secrets[0]);
    expect_secret(f, "basic", secrets[1]);
    expect_secret(f, "oauth", secrets[2]);
}

static void
test_no_plaintext_in_files(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fill(f);
    /* More writes: an update of a secret and tokens. */
    struct integration *ig;
    struct err e;
    assert_int_equal(store_get(f->st, "key", 0, &ig, &e), TS_OK);
    assert_true(secret_assign(&ig->api_key.key, "sk_live_PLAINTEXT_4"));
    assert_int_equal(store_update(f->st, ig, &e), TS_OK);
    integration_free(ig);
    assert_int_equal(store_get(f->st, "oauth", 0, &ig, &e), TS_OK);
    struct oauth_tokens t = {.expires_at = 5};
    assert_true(secret_assign(&t.access_token, "at-PLAINTEXT-5"));
    assert_true(secret_assign(&t.refresh_token, "rt-PLAINTEXT-6"));
    assert_int_equal(store_save_tokens(f->st, ig->id, &t, &e), TS_OK);
    oauth_tokens_clear(&t);
    integration_free(ig);
    assert_int_equal(store_copy(f->st, "basic", "Basic 2", &e), TS_OK);

    const char *all[] = {
        secrets[0],       secrets[1],       secrets[2], "sk_live_PLAINTEXT_4",
        "at-PLAINTEXT-5", "rt-PLAINTEXT-6", "PLAINTEXT"};
    const char *suffixes[] = {"", "-wal", "-shm"};
    assert_true(fx_exists(f->db, "-wal"));
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        for (size_t j = 0; j < 3; j++)
            if (fx_file_contains(f->db, suffixes[j], all[i]))
                fail_msg("%s found in %s%s", all[i], f->db, suffixes[j]);
    /* The test can see plaintext when it is there. */
    assert_true(fx_file_contains(f->db, "-wal", "api.example.com"));
    store_close(f->st);
    f->st = NULL;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        assert_false(fx_file_contains(f->db, "", all[i]));
}

static void
test_ad_binding(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fill(f);
    struct integration *ig = fx_make("Both", AUTH_OAUTH2, "cs-both");
    assert_true(secret_assign(&ig->oauth.tokens.access_token, "at-both"));
    struct err e;
    assert_int_equal(store_add(f->st, ig, &e), TS_OK);
    integration_free(ig);
    store_close(f->st);
    f->st = NULL;
    /* Another row's ciphertext moved onto "Key"'s api_key. */
    fx_sql(f->db, "UPDATE secrets SET (nonce, ciphertext) = (SELECT nonce, "
                  "ciphertext FROM secrets WHERE field = 'password') "
                  "WHERE field = 'api_key'");
    /* Within one row: the client secret relabelled as the access token. */
    fx_sql(f->db, "DELETE FROM secrets WHERE field = 'access_token';"
                  "UPDATE secrets SET field = 'access_token' WHERE field = "
                  "'client_secret' AND integration_id = (SELECT id FROM "
                  "integrations WHERE name = 'Both')");
    fx_open(f);
    assert_int_equal(store_get(f->st, "key", STORE_WITH_SECRETS, &ig, &e),
                     TS_KEY);
    assert_string_equal(e.field, "api_key");
    assert_msg_has(e, "\"Key\"");
    assert_int_equal(store_get(f->st, "both", STORE_WITH_SECRETS, &ig, &e),
                     TS_KEY);
    assert_string_equal(e.field, "access_token");
    /* The untouched ones still decrypt. */
    expect_secret(f, "basic", secrets[1]);
    expect_secret(f, "oauth", secrets[2]);
    assert_int_equal(store_get(f->st, "key",
                               STORE_WITH_SECRETS | STORE_SECRETS_TOLERANT, &ig,
                               &e),
                     TS_OK);
    assert_int_equal(ig->api_key.key.state, SECRET_UNREADABLE);
    assert_null(ig->api_key.key.value);
    integration_free(ig);
}

/* Listing and reading without secrets need no key. */
static void
expect_readable_without_key(struct fx *f)
{
    struct integration **v, *ig;
    size_t n;
    struct err e;
    assert_int_equal(store_list(f->st, &v, &n, &e), TS_OK);
    assert_int_equal(n, 3);
    assert_int_equal(v[1]->api_key.key.state, SECRET_SET);
    store_list_free(v, n);
    assert_int_equal(store_get(f->st, "key", 0, &ig, &e), TS_OK);
    assert_int_equal(ig->api_key.key.state, SECRET_SET);
    integration_free(ig);
    /* Adding without secrets needs no key either. */
    fx_add(f, "Plain", AUTH_NONE, NULL);
    assert_int_equal(store_remove(f->st, "plain", &e), TS_OK);
}

static void
test_wrong_key_file(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fill(f);
    store_close(f->st);
    f->st = NULL;
    unlink(f->key);
    struct secret_key *k;
    struct err e;
    assert_int_equal(secret_key_create(f->key, &k, &e), TS_OK);
    secret_key_free(k);
    fx_open(f);
    expect_readable_without_key(f);
    struct integration *ig;
    assert_int_equal(store_get(f->st, "key", STORE_WITH_SECRETS, &ig, &e),
                     TS_KEY);
    assert_msg_has(e, "the key in");
    assert_msg_has(e, f->key);
    assert_msg_has(e, "does not match this store");
    /* Writing a secret with the wrong key is refused too. */
    ig = fx_make("New", AUTH_API_KEY, "k");
    assert_int_equal(store_add(f->st, ig, &e), TS_KEY);
    integration_free(ig);
    assert_int_equal(store_get(f->st, "key",
                               STORE_WITH_SECRETS | STORE_SECRETS_TOLERANT, &ig,
                               &e),
                     TS_OK);
    assert_int_equal(ig->api_key.key.state, SECRET_UNREADABLE);
    integration_free(ig);
}

static void
test_missing_key_file(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fill(f);
    unlink(f->key);
    fx_open(f);
    expect_readable_without_key(f);
    struct integration *ig;
    struct err e;
    assert_int_equal(store_get(f->st, "basic", STORE_WITH_SECRETS, &ig, &e),
                     TS_KEY);
    assert_string_equal(e.field, "key_file");
    assert_msg_has(e, f->key);
    assert_msg_has(e, "missing");
    ig = fx_make("New", AUTH_API_KEY, "k");
    assert_int_equal(store_add(f->st, ig, &e), TS_KEY);
    integration_free(ig);
    /* A new key is never made for a store that has secrets. */
    assert_false(fx_exists(f->key, ""));
}

static void
test_passphrase_store(void **state)
{
    struct fx *f = *state;
    struct err e;
    assert_int_equal(fx_open_with(f, "correct horse battery", 0, &e), TS_OK);
    fill(f);
    assert_false(fx_exists(f->key, ""));
    assert_int_equal(fx_open_with(f, "correct horse battery", 0, &e), TS_OK);
    expect_secret(f, "basic", secrets[1]);

    struct integration *ig;
    assert_int_equal(fx_open_with(f, "wrong horse", 0, &e), TS_OK);
    expect_readable_without_key(f);
    assert_int_equal(store_get(f->st, "basic", STORE_WITH_SECRETS, &ig, &e),
                     TS_KEY);
    assert_msg_has(e, "wrong passphrase");
    /* Without the passphrase, the key file is no substitute. */
    assert_int_equal(fx_open_with(f, NULL, 0, &e), TS_OK);
    assert_int_equal(store_get(f->st, "basic", STORE_WITH_SECRETS, &ig, &e),
                     TS_KEY);
    assert_msg_has(e, "TETHER_PASSPHRASE");
    assert_false(fx_exists(f->key, ""));
}

static void
test_key_store_refuses_passphrase(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fill(f);
    struct err e;
    struct integration *ig;
    assert_int_equal(fx_open_with(f, "some passphrase", 0, &e), TS_OK);
    assert_int_equal(store_get(f->st, "key", STORE_WITH_SECRETS, &ig, &e),
                     TS_KEY);
    assert_msg_has(e, "key file");
}

/* A failed first write must not leave a key that the store never
 * recorded: the next write records it properly. */
static void
test_first_key_rolled_back(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    /* Make the second insert of an import fail after the first one wrote
     * the store's first secret (and so its key check). */
    fx_sql(f->db, "CREATE TRIGGER boom BEFORE INSERT ON integrations "
                  "WHEN NEW.name = 'Boom' BEGIN "
                  "SELECT RAISE(ABORT, 'boom'); END");
    struct integration *v[2] = {fx_make("First", AUTH_API_KEY, "k1"),
                                fx_make("Boom", AUTH_NONE, NULL)};
    struct err e;
    assert_int_equal(store_import(f->st, v, 2, &e), TS_STORE);
    integration_free(v[0]);
    integration_free(v[1]);
    assert_int_equal(fx_sql_int(f->db, "SELECT count(*) FROM meta"), 0);
    fx_add(f, "Other", AUTH_API_KEY, "k2");
    assert_int_equal(
        fx_sql_int(f->db, "SELECT count(*) FROM meta WHERE key = 'key_check'"),
        1);
    fx_open(f);
    expect_secret(f, "other", "k2");
}

/* Secrets without the key check beside them: refused, not guessed at. */
static void
test_key_check_missing(void **state)
{
    struct fx *f = *state;
    fx_open(f);
    fill(f);
    fx_sql(f->db, "DELETE FROM meta WHERE key = 'key_check'");
    fx_open(f);
    struct integration *ig;
    struct err e;
    assert_int_equal(store_get(f->st, "key", STORE_WITH_SECRETS, &ig, &e),
                     TS_KEY);
    assert_msg_has(e, "no key check");
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_seal_open),
        T(test_key_file_damaged),
        T(test_key_file_mode),
        T(test_passphrase_kdf),
        T(test_store_round_trip),
        T(test_no_plaintext_in_files),
        T(test_ad_binding),
        T(test_wrong_key_file),
        T(test_missing_key_file),
        T(test_passphrase_store),
        T(test_key_store_refuses_passphrase),
        T(test_first_key_rolled_back),
        T(test_key_check_missing),
    };
    return cmocka_run_group_tests_name("secret", tests, NULL, NULL);
}
