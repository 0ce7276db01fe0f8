/* fuzz_curlcmd.c — a pasted curl command line (src/curlcmd.c) and its
 * relation to an integration (src/http_fromcurl.c).
 *
 * The input is the command line. Promises checked: parsing ends with
 * TS_OK, or TS_INVALID / TS_NOMEM and a message; a parsed command has a
 * method and a URL; related to an API-key integration, the request's path
 * starts with a '/', and no header left in it carries credentials
 * (Authorization, Proxy-Authorization, the key header), and a -u is said
 * in the notes. */
#include <string.h>
#include <strings.h>

#include "curlcmd.h"
#include "fuzz.h"

#define H "curlcmd"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = strndup((const char *)data, size);
    if (line == NULL)
        return 0;
    struct curlcmd c;
    struct err e = {0};
    tstatus st = curlcmd_parse(line, &c, &e);
    free(line);
    if (st != TS_OK) {
        FUZZ_CHECK(H, (st == TS_INVALID || st == TS_NOMEM) && e.msg[0],
                   "a refusal says why");
        return 0;
    }
    FUZZ_CHECK(H, c.method != NULL && c.url != NULL,
               "a parsed command has a method and a URL");
    bool had_user = c.user != NULL;
    struct integration *ig = integration_new();
    if (ig == NULL || !model_set_str(&ig->name, "api") ||
        !model_set_str(&ig->base_url, "https://api.example.com/v2") ||
        !model_set_str(&ig->api_key.header, "X-Key")) {
        integration_free(ig);
        curlcmd_free(&c);
        return 0;
    }
    ig->auth = AUTH_API_KEY;
    struct curlcmd_request r;
    memset(&e, 0, sizeof e);
    st = curlcmd_to_request(&c, ig, &r, &e);
    if (st == TS_OK) {
        FUZZ_CHECK(H, r.path != NULL && r.path[0] == '/',
                   "the path starts with a slash");
        for (size_t i = 0; i < r.headers.n; i++) {
            const char *k = r.headers.items[i].key;
            FUZZ_CHECK(H,
                       strcasecmp(k, "Authorization") != 0 &&
                           strcasecmp(k, "Proxy-Authorization") != 0 &&
                           strcasecmp(k, "X-Key") != 0,
                       "no credential header is kept");
        }
        FUZZ_CHECK(H, !had_user || (r.notes && strstr(r.notes, "-u")),
                   "a dropped -u is said");
    } else {
        FUZZ_CHECK(H, (st == TS_INVALID || st == TS_NOMEM) && e.msg[0],
                   "a refusal to relate says why");
    }
    curlcmd_request_free(&r);
    curlcmd_free(&c);
    integration_free(ig);
    return 0;
}
