/* test_secmem.c — guarded memory for secrets: the values of the model's
 * secrets, secret_open()'s plaintext, the store's decrypted secrets and its
 * passphrase live in memory that core dumps leave out (VmFlags "dd" in
 * /proc/self/smaps) and that ends at an inaccessible guard page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "secmem.h"
#include "secret.h"
#include "store_fixture.h"
#include "store_int.h"

/* The smaps entry of the mapping holding address p: its permissions
 * ("rw-p") in perms and its VmFlags line in flags. False when none. */
static bool
smaps_of(const void *p, char perms[8], char flags[256])
{
    FILE *f = fopen("/proc/self/smaps", "r");
    assert_non_null(f);
    char line[512];
    bool in = false, found = false;
    uintptr_t a = (uintptr_t)p;
    while (fgets(line, sizeof line, f) != NULL) {
        unsigned long lo, hi;
        char pm[8];
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, pm) == 3 &&
            strchr(line, '-') < strchr(line, ' ')) {
            in = a >= lo && a < hi;
            if (in)
                snprintf(perms, 8, "%s", pm);
            continue;
        }
        if (in && strncmp(line, "VmFlags:", 8) == 0) {
            snprintf(flags, 256, "%s", line + 8);
            found = true;
            break;
        }
    }
    fclose(f);
    return found;
}

/* Asserts that s (a NUL-terminated string) is in guarded memory: left out
 * of core dumps, and the byte after its terminator not accessible. */
static void
assert_guarded(const char *s)
{
    assert_non_null(s);
    char perms[8], flags[256];
    assert_true(smaps_of(s, perms, flags));
    if (strstr(flags, " dd") == NULL)
        fail_msg("%p is dumped in a core (VmFlags:%s)", (const void *)s, flags);
    assert_string_equal(perms, "rw-p");
    assert_true(smaps_of(s + strlen(s) + 1, perms, flags));
    assert_string_equal(perms, "---p"); /* the guard page */
}

static void
test_secmem_strings(void **state)
{
    (void)state;
    char *a = secmem_strdup("hunter2");
    assert_string_equal(a, "hunter2");
    assert_guarded(a);
    char *b = secmem_strndup("abcdef", 3); /* need not be terminated */
    assert_string_equal(b, "abc");
    assert_guarded(b);
    char *c = secmem_strdup("");
    assert_string_equal(c, "");
    secmem_free(a);
    secmem_free(b);
    secmem_free(c);
    secmem_free(NULL);
    /* Heap memory is not guarded: the check above can fail. */
    char *h = strdup("plain");
    char perms[8], flags[256];
    assert_true(smaps_of(h, perms, flags));
    assert_null(strstr(flags, " dd"));
    free(h);
}

static void
test_model_secrets_guarded(void **state)
{
    (void)state;
    struct integration *ig = integration_new();
    assert_true(secret_assign(&ig->api_key.key, "k-1"));
    assert_true(secret_assign(&ig->basic.password, "p-2"));
    assert_true(secret_assign(&ig->oauth.client_secret, "c-3"));
    assert_true(secret_assign(&ig->oauth.tokens.access_token, "a-4"));
    assert_true(secret_assign(&ig->oauth.tokens.refresh_token, "r-5"));
    assert_true(secret_assign(&ig->net.proxy_password, "x-6"));
    assert_true(secret_assign(&ig->net.client_key_pass, "k-7"));
    struct integration *copy = integration_dup(ig);
    assert_non_null(copy);
    size_t n = 0, cn = 0;
    struct secret_ref *refs = integration_secrets(ig, &n);
    struct secret_ref *crefs = integration_secrets(copy, &cn);
    assert_int_equal(cn, n);
    for (size_t i = 0; i < n; i++) {
        assert_guarded(refs[i].secret->value);
        assert_guarded(crefs[i].secret->value);
        assert_ptr_not_equal(refs[i].secret->value, crefs[i].secret->value);
        assert_string_equal(refs[i].secret->value, crefs[i].secret->value);
    }
    /* A new value replaces the old one, guarded as well. */
    assert_true(secret_assign(&ig->basic.password, "p-22"));
    assert_guarded(ig->basic.password.value);
    assert_string_equal(ig->basic.password.value, "p-22");
    oauth_tokens_clear(&ig->oauth.tokens);
    assert_null(ig->oauth.tokens.access_token.value);
    free(refs);
    free(crefs);
    integration_free(ig);
    integration_free(copy);
}

static void
test_secret_open_guarded(void **state)
{
    struct fx *f = *state;
    struct secret_key *k;
    struct err e;
    assert_int_equal(secret_key_create(f->key, &k, &e), TS_OK);
    const char plain[] = "a sealed value";
    unsigned char nonce[SECRET_NONCE_BYTES];
    unsigned char ct[sizeof plain - 1 + SECRET_TAG_BYTES];
    secret_seal(k, "u:f", plain, sizeof plain - 1, nonce, ct);
    char *out = NULL;
    assert_int_equal(secret_open(k, "u:f", nonce, ct, sizeof ct, &out, &e),
                     TS_OK);
    assert_string_equal(out, plain);
    assert_guarded(out);
    secmem_free(out);
    secret_key_free(k);
}

static void
test_store_decrypts_into_guarded(void **state)
{
    struct fx *f = *state;
    struct err e;
    assert_int_equal(fx_open_with(f, "a passphrase", 0, &e), TS_OK);
    assert_guarded(f->st->passphrase);
    fx_add(f, "svc", AUTH_BASIC, "hunter2");
    struct integration *ig;
    assert_int_equal(fx_open_with(f, "a passphrase", 0, &e), TS_OK);
    assert_int_equal(store_get(f->st, "svc", STORE_WITH_SECRETS, &ig, &e),
                     TS_OK);
    assert_string_equal(ig->basic.password.value, "hunter2");
    assert_guarded(ig->basic.password.value);
    integration_free(ig);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_secmem_strings),
        cmocka_unit_test(test_model_secrets_guarded),
        cmocka_unit_test_setup_teardown(test_secret_open_guarded, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_store_decrypts_into_guarded,
                                        fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
