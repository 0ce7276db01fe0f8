/* secmem.c — see secmem.h. */
#include "secmem.h"

#include <sodium.h>
#include <string.h>

void *
secmem_alloc(size_t len)
{
    /* sodium_malloc needs the page size that sodium_init() records;
     * sodium_init() is cheap once done and safe to call again. */
    if (sodium_init() < 0)
        return NULL;
    return sodium_malloc(len > 0 ? len : 1);
}

char *
secmem_strndup(const char *s, size_t len)
{
    if (len == (size_t)-1)
        return NULL;
    char *p = secmem_alloc(len + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *
secmem_strdup(const char *s)
{
    return secmem_strndup(s, strlen(s));
}

void
secmem_free(void *p)
{
    if (p != NULL)
        sodium_free(p); /* wipes, then unmaps with its guard pages */
}
