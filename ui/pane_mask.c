/* pane_mask.c — the integration's secrets as they may appear in a
 * response (an echo endpoint, a debugging API sends them back): as is,
 * percent-encoded, and for Basic auth the base64 "user:password". The
 * viewer masks them unless revealed; they are wiped when dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "history.h"
#include "pane_int.h"

void
pane_rv_secrets_free(struct pane_rv *rv)
{
    for (size_t i = 0; i < rv->nsecrets; i++) {
        sodium_memzero(rv->secrets[i], strlen(rv->secrets[i]));
        free(rv->secrets[i]);
    }
    free(rv->secrets);
    rv->secrets = NULL;
    rv->nsecrets = 0;
}

static void
rv_secret_add(struct pane_rv *rv, char *value)
{
    if (value == NULL)
        return;
    char **v = realloc(rv->secrets, (rv->nsecrets + 1) * sizeof *v);
    if (v == NULL || strlen(value) < HISTORY_MIN_SECRET) {
        if (v != NULL)
            rv->secrets = v;
        sodium_memzero(value, strlen(value));
        free(value);
        return;
    }
    rv->secrets = v;
    rv->secrets[rv->nsecrets++] = value;
}

/* s percent-encoded as in a query string (a new string). */
static char *
rv_percent(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = malloc(strlen(s) * 3 + 1), *o = out;
    if (out == NULL)
        return NULL;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
            (*c >= '0' && *c <= '9') || strchr("-._~", *c) != NULL) {
            *o++ = (char)*c;
        } else {
            *o++ = '%';
            *o++ = hex[*c >> 4];
            *o++ = hex[*c & 15];
        }
    }
    *o = '\0';
    return out;
}

static char *
rv_base64(const char *a, const char *b)
{
    size_t n = strlen(a) + 1 + strlen(b);
    char *raw = malloc(n + 1);
    size_t blen = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
    char *out = malloc(blen);
    if (raw != NULL && out != NULL) {
        snprintf(raw, n + 1, "%s:%s", a, b);
        sodium_bin2base64(out, blen, (const unsigned char *)raw, n,
                          sodium_base64_VARIANT_ORIGINAL);
    } else {
        free(out);
        out = NULL;
    }
    if (raw != NULL)
        sodium_memzero(raw, n);
    free(raw);
    return out;
}

void
pane_rv_secrets(struct pane_rv *rv, struct integration *ig)
{
    pane_rv_secrets_free(rv);
    rv->reveal = false;
    if (ig == NULL)
        return;
    size_t n = 0;
    struct secret_ref *refs = integration_secrets(ig, &n);
    for (size_t i = 0; i < n; i++) {
        const char *v = refs[i].secret->value;
        if (v == NULL || v[0] == '\0')
            continue;
        rv_secret_add(rv, strdup(v));
        char *pct = rv_percent(v);
        if (pct != NULL && strcmp(pct, v) != 0)
            rv_secret_add(rv, pct);
        else
            free(pct);
    }
    free(refs);
    if (ig->auth == AUTH_BASIC && ig->basic.username &&
        ig->basic.password.value)
        rv_secret_add(rv,
                      rv_base64(ig->basic.username, ig->basic.password.value));
}
