/* secret.h — the encryption key and sealed secret values (libsodium).
 *
 * Values are sealed with XChaCha20-Poly1305-IETF under a 32-byte key, a
 * fresh random nonce each time, and associated data naming where the value
 * belongs ("<integration uid>:<field>"), so a ciphertext copied to another
 * row or field fails to open. The key comes from a key file (64 hex digits,
 * mode 0600) or from a passphrase stretched with Argon2id. Key bytes live in
 * sodium_malloc'd (locked, guarded) memory and are wiped when freed.
 * Nothing here touches the store: store_secrets.c decides which key to use. */
#ifndef TETHER_SECRET_H
#define TETHER_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "model.h"

#define SECRET_KEY_BYTES 32
#define SECRET_NONCE_BYTES 24
#define SECRET_TAG_BYTES 16
#define SECRET_SALT_BYTES 16
/* A key check value: nonce followed by the sealed constant. */
#define SECRET_CHECK_BYTES (SECRET_NONCE_BYTES + 16 + SECRET_TAG_BYTES)
/* Room for "<uid>:<field>" associated data. */
#define SECRET_AD_MAX (MODEL_UID_LEN + 1 + MODEL_SECRET_FIELD_MAX)

struct secret_key;

/* Read the key file at `path`. TS_NOT_FOUND when it does not exist, TS_KEY
 * (naming the file) when it is not 64 hex digits or when group or others
 * may read or write it (the message says to chmod 600 it), TS_IO when
 * unreadable. */
tstatus secret_key_read(const char *path, struct secret_key **out,
                        struct err *e);

/* Create a new random key file at `path` (missing parent directories made
 * 0700, the file 0600 whatever the umask) and return its key. The file is
 * written aside and linked into place, so it never exists half written;
 * when another process created it first, that key is read instead. */
tstatus secret_key_create(const char *path, struct secret_key **out,
                          struct err *e);

/* Stretch a passphrase with Argon2id (crypto_pwhash) and the given salt
 * and limits. TS_NOMEM when the KDF cannot get its memory. */
tstatus secret_key_derive(const char *passphrase,
                          const unsigned char salt[SECRET_SALT_BYTES],
                          unsigned long long opslimit, size_t memlimit,
                          struct secret_key **out, struct err *e);

/* The Argon2id limits new stores use (libsodium's "interactive" set). */
unsigned long long secret_kdf_opslimit(void);
size_t secret_kdf_memlimit(void);

/* Wipe and release a key; NULL is allowed. */
void secret_key_free(struct secret_key *k);

/* Fill buf with random bytes (salts, ids). */
void secret_random(void *buf, size_t len);

/* A new random integration uid: MODEL_UID_LEN hex digits. */
void secret_new_uid(char out[MODEL_UID_LEN + 1]);

/* The associated data binding a value to integration `uid` and `field`. */
void secret_ad(const char *uid, const char *field, char out[SECRET_AD_MAX]);

/* Seal len bytes of `plain`: writes a fresh nonce and len +
 * SECRET_TAG_BYTES bytes of ciphertext to ct (caller-provided). */
void secret_seal(const struct secret_key *k, const char *ad, const void *plain,
                 size_t len, unsigned char nonce[SECRET_NONCE_BYTES],
                 unsigned char *ct);

/* Open a sealed value. On success *plain is a new NUL-terminated string in
 * guarded memory (secmem.h) that the caller releases with secmem_free()
 * (which wipes it), or hands to a struct secret. TS_KEY when the value
 * does not authenticate (wrong key, or moved to another row or field),
 * TS_NOMEM when out of memory. */
tstatus secret_open(const struct secret_key *k, const char *ad,
                    const unsigned char *nonce, const unsigned char *ct,
                    size_t ct_len, char **plain, struct err *e);

/* A key check value for `k`: a sealed constant stored with the data, so a
 * wrong key is told apart from a damaged secret. */
void secret_check_make(const struct secret_key *k,
                       unsigned char out[SECRET_CHECK_BYTES]);

/* True when `check` (len bytes) was made with this key. */
bool secret_check_verify(const struct secret_key *k, const unsigned char *check,
                         size_t len);

#endif
