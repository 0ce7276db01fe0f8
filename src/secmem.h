/* secmem.h — guarded memory for decrypted secrets (libsodium).
 *
 * Plaintext secrets (keys, passphrases, passwords, API keys, tokens) live
 * in memory from sodium_malloc(): a region of its own between inaccessible
 * guard pages, marked to be left out of core dumps (MADV_DONTDUMP), locked
 * into RAM when the system allows it (never written to swap) and wiped
 * when freed. Each allocation costs a few pages of address space, so this
 * is for small values, not bodies. Memory from here is released with
 * secmem_free() only, never free(); free() and realloc() must not see it. */
#ifndef TETHER_SECMEM_H
#define TETHER_SECMEM_H

#include <stddef.h>

/* len bytes of guarded memory (contents unspecified), or NULL when out of
 * memory or when libsodium cannot start. Release with secmem_free(). */
void *secmem_alloc(size_t len);

/* A guarded NUL-terminated copy of the first len bytes of s (s need not be
 * terminated), or NULL when out of memory. */
char *secmem_strndup(const char *s, size_t len);

/* A guarded copy of the string s, or NULL when out of memory. */
char *secmem_strdup(const char *s);

/* Wipe and release memory from secmem_alloc(); NULL is allowed. */
void secmem_free(void *p);

#endif
