/* token_harness.h — one fuzz harness for token endpoint answers
 * (oauth_parse_token_answer in src/oauth_token.c: JSON or
 * application/x-www-form-urlencoded, chosen by type and by sniffing),
 * shared by the harness tests/fuzz/fuzz_token_answer.c and the
 * unit test that replays the committed corpus (tests/unit/
 * test_oauth_token.c).
 *
 * An input is: one byte choosing the Content-Type (byte % 4: none, JSON,
 * form, text/plain), one byte choosing the status (byte % 4: 200, 400,
 * 401, 500), then the untrusted body. token_fuzz_one() checks the
 * parser's promises on it and returns NULL, or a static message naming
 * the broken promise. */
#ifndef TETHER_TOKEN_HARNESS_H
#define TETHER_TOKEN_HARNESS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oauth.h"

static const char *
token_fuzz_one(const uint8_t *data, size_t size)
{
    static const char *const types[] = {NULL, "application/json",
                                        "application/x-www-form-urlencoded",
                                        "text/plain"};
    static const long statuses[] = {200, 400, 401, 500};
    if (size < 2)
        return NULL;
    const char *type = types[data[0] % 4];
    long status = statuses[data[1] % 4];
    const char *body = (const char *)data + 2;
    size_t len = size - 2;
    struct oauth_tokens t;
    struct oauth_error oe;
    struct err e;
    err_clear(&e);
    tstatus st =
        oauth_parse_token_answer(status, type, body, len, 1000, &t, &oe, &e);
    const char *bad = NULL;
    if (memchr(oe.error, '\0', sizeof oe.error) == NULL ||
        memchr(oe.description, '\0', sizeof oe.description) == NULL ||
        memchr(oe.uri, '\0', sizeof oe.uri) == NULL)
        bad = "an OAuth error field is not terminated";
    else if (st == TS_OK &&
             (t.access_token.value == NULL || t.access_token.value[0] == '\0'))
        bad = "success without an access token";
    else if (st == TS_OK && t.expires_at != 0 && t.expires_at < 1000)
        bad = "an expiry before the time the token came";
    else if (st == TS_OAUTH && oe.error[0] == '\0')
        bad = "an OAuth error without its code";
    else if (st != TS_OK && st != TS_OAUTH && st != TS_HTTP && st != TS_NOMEM)
        bad = "an unexpected status";
    else if (st != TS_OK && e.msg[0] == '\0')
        bad = "a failure without a message";
    else if (st != TS_OK &&
             (t.access_token.value != NULL || t.refresh_token.value != NULL))
        bad = "a failure that left a token behind";
    oauth_tokens_clear(&t);
    return bad;
}

#endif
