/* secret.c — see secret.h. */
#include "secret.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "secmem.h"
#include "store_fs.h"

struct secret_key {
    unsigned char *bytes; /* SECRET_KEY_BYTES, sodium_malloc'd */
};

/* The sealed constant of a key check value, and its associated data. */
static const char check_plain[] = "tether key ok v1";
#define CHECK_PLAIN_LEN (sizeof check_plain - 1)
_Static_assert(SECRET_CHECK_BYTES ==
                   SECRET_NONCE_BYTES + CHECK_PLAIN_LEN + SECRET_TAG_BYTES,
               "SECRET_CHECK_BYTES must fit the key check");
static const char check_ad[] = "tether:key-check";

static tstatus
key_alloc(struct secret_key **out, struct err *e)
{
    if (sodium_init() < 0)
        return err_set(e, TS_KEY, NULL, "libsodium could not start");
    struct secret_key *k = malloc(sizeof *k);
    if (k == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    k->bytes = sodium_malloc(SECRET_KEY_BYTES);
    if (k->bytes == NULL) {
        free(k);
        return err_set(e, TS_NOMEM, NULL, "out of memory for the key");
    }
    *out = k;
    return TS_OK;
}

void
secret_key_free(struct secret_key *k)
{
    if (k == NULL)
        return;
    sodium_free(k->bytes); /* wipes before unmapping */
    free(k);
}

/* Parse the text of a key file: 64 hex digits, surrounding white space
 * allowed. */
static tstatus
key_parse(const char *path, const char *text, size_t len,
          struct secret_key **out, struct err *e)
{
    struct secret_key *k;
    tstatus rc = key_alloc(&k, e);
    if (rc != TS_OK)
        return rc;
    size_t got = 0;
    const char *end = NULL;
    if (sodium_hex2bin(k->bytes, SECRET_KEY_BYTES, text, len, " \t\r\n", &got,
                       &end) != 0 ||
        got != SECRET_KEY_BYTES || end != text + len) {
        secret_key_free(k);
        return err_set(e, TS_KEY, "key_file",
                       "the key file %s is damaged (it should hold 64 "
                       "hexadecimal digits)",
                       path);
    }
    *out = k;
    return TS_OK;
}

tstatus
secret_key_read(const char *path, struct secret_key **out, struct err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return err_set(e, TS_NOT_FOUND, "key_file",
                           "the key file %s does not exist", path);
        return err_set(e, TS_IO, "key_file", "cannot read the key file %s: %s",
                       path, strerror(errno));
    }
    /* Like ssh with a private key: a key others may read or replace is no
     * longer a secret of this user. */
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        int saved = errno;
        close(fd);
        return err_set(e, TS_IO, "key_file", "cannot read the key file %s: %s",
                       path, strerror(saved));
    }
    if (sb.st_mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)) {
        close(fd);
        return err_set(e, TS_KEY, "key_file",
                       "the key file %s is readable or writable by other "
                       "users (mode %04o): it must be private to you; run "
                       "chmod 600 %s",
                       path, (unsigned)(sb.st_mode & 07777), path);
    }
    char buf[160];
    size_t len = 0;
    ssize_t r;
    while (len < sizeof buf &&
           (r = read(fd, buf + len, sizeof buf - len)) != 0) {
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int saved = errno;
            close(fd);
            sodium_memzero(buf, sizeof buf);
            return err_set(e, TS_IO, "key_file",
                           "cannot read the key file %s: %s", path,
                           strerror(saved));
        }
        len += (size_t)r;
    }
    close(fd);
    tstatus rc = key_parse(path, buf, len, out, e);
    sodium_memzero(buf, sizeof buf);
    return rc;
}

/* Write all of buf to fd. */
static bool
write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, buf, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        buf += w;
        len -= (size_t)w;
    }
    return true;
}

tstatus
secret_key_create(const char *path, struct secret_key **out, struct err *e)
{
    tstatus rc = store_fs_make_parents(path, e);
    if (rc != TS_OK)
        return rc;
    struct secret_key *k;
    if ((rc = key_alloc(&k, e)) != TS_OK)
        return rc;
    randombytes_buf(k->bytes, SECRET_KEY_BYTES);

    char hex[SECRET_KEY_BYTES * 2 + 2];
    sodium_bin2hex(hex, sizeof hex, k->bytes, SECRET_KEY_BYTES);
    size_t hexlen = strlen(hex);
    hex[hexlen++] = '\n';

    /* Write aside, then link into place: link() never replaces a file, so
     * a key another process made first wins and ours is dropped. */
    size_t tlen = strlen(path) + 32;
    char *tmp = malloc(tlen);
    if (tmp == NULL) {
        rc = err_set(e, TS_NOMEM, NULL, "out of memory");
        goto out;
    }
    char rnd[9];
    unsigned char rb[4];
    randombytes_buf(rb, sizeof rb);
    sodium_bin2hex(rnd, sizeof rnd, rb, sizeof rb);
    snprintf(tmp, tlen, "%s.new-%s", path, rnd);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = err_set(e, TS_IO, "key_file", "cannot create the key file %s: %s",
                     path, strerror(errno));
        goto out;
    }
    bool ok =
        fchmod(fd, 0600) == 0 && write_all(fd, hex, hexlen) && fsync(fd) == 0;
    int saved = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        unlink(tmp);
        rc = err_set(e, TS_IO, "key_file", "cannot write the key file %s: %s",
                     path, strerror(saved));
        goto out;
    }
    if (link(tmp, path) != 0) {
        saved = errno;
        unlink(tmp);
        if (saved == EEXIST) {
            secret_key_free(k);
            k = NULL;
            rc = secret_key_read(path, out, e);
            goto out;
        }
        rc = err_set(e, TS_IO, "key_file", "cannot create the key file %s: %s",
                     path, strerror(saved));
        goto out;
    }
    unlink(tmp);
    *out = k;
    k = NULL;
out:
    sodium_memzero(hex, sizeof hex);
    free(tmp);
    secret_key_free(k);
    return rc;
}

unsigned long long
secret_kdf_opslimit(void)
{
    return crypto_pwhash_OPSLIMIT_INTERACTIVE;
}

size_t
secret_kdf_memlimit(void)
{
    return crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

tstatus
secret_key_derive(const char *passphrase,
                  const unsigned char salt[SECRET_SALT_BYTES],
                  unsigned long long opslimit, size_t memlimit,
                  struct secret_key **out, struct err *e)
{
    struct secret_key *k;
    tstatus rc = key_alloc(&k, e);
    if (rc != TS_OK)
        return rc;
    if (crypto_pwhash(k->bytes, SECRET_KEY_BYTES, passphrase,
                      strlen(passphrase), salt, opslimit, memlimit,
                      crypto_pwhash_ALG_ARGON2ID13) != 0) {
        secret_key_free(k);
        return err_set(e, TS_NOMEM, NULL,
                       "not enough memory to derive the key from the "
                       "passphrase (Argon2id needs %zu MiB)",
                       memlimit >> 20);
    }
    *out = k;
    return TS_OK;
}

void
secret_random(void *buf, size_t len)
{
    randombytes_buf(buf, len);
}

void
secret_new_uid(char out[MODEL_UID_LEN + 1])
{
    unsigned char raw[MODEL_UID_LEN / 2];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, MODEL_UID_LEN + 1, raw, sizeof raw);
}

void
secret_ad(const char *uid, const char *field, char out[SECRET_AD_MAX])
{
    snprintf(out, SECRET_AD_MAX, "%s:%s", uid, field);
}

void
secret_seal(const struct secret_key *k, const char *ad, const void *plain,
            size_t len, unsigned char nonce[SECRET_NONCE_BYTES],
            unsigned char *ct)
{
    randombytes_buf(nonce, SECRET_NONCE_BYTES);
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        ct, NULL, plain, len, (const unsigned char *)ad, strlen(ad), NULL,
        nonce, k->bytes);
}

tstatus
secret_open(const struct secret_key *k, const char *ad,
            const unsigned char *nonce, const unsigned char *ct, size_t ct_len,
            char **plain, struct err *e)
{
    if (ct_len < SECRET_TAG_BYTES)
        return err_set(e, TS_KEY, NULL, "a stored secret is damaged");
    size_t len = ct_len - SECRET_TAG_BYTES;
    char *p = secmem_alloc(len + 1);
    if (p == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            (unsigned char *)p, NULL, NULL, ct, ct_len,
            (const unsigned char *)ad, strlen(ad), nonce, k->bytes) != 0) {
        secmem_free(p);
        return err_set(e, TS_KEY, NULL,
                       "a stored secret does not decrypt with this key");
    }
    p[len] = '\0';
    *plain = p;
    return TS_OK;
}

void
secret_check_make(const struct secret_key *k,
                  unsigned char out[SECRET_CHECK_BYTES])
{
    secret_seal(k, check_ad, check_plain, CHECK_PLAIN_LEN, out,
                out + SECRET_NONCE_BYTES);
}

bool
secret_check_verify(const struct secret_key *k, const unsigned char *check,
                    size_t len)
{
    if (len != SECRET_CHECK_BYTES)
        return false;
    unsigned char plain[CHECK_PLAIN_LEN];
    bool ok = crypto_aead_xchacha20poly1305_ietf_decrypt(
                  plain, NULL, NULL, check + SECRET_NONCE_BYTES,
                  len - SECRET_NONCE_BYTES, (const unsigned char *)check_ad,
                  strlen(check_ad), check, k->bytes) == 0 &&
              memcmp(plain, check_plain, sizeof plain) == 0;
    return ok;
}
