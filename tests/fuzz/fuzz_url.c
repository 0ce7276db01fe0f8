/* fuzz_url.c — what users paste as a hostname, base URL, endpoint, path,
 * header line or key=value (src/validate.c), and the URLs tether builds
 * from them (src/http_url.c).
 *
 * An input is up to three NUL-separated strings: A (a hostname or URL, and
 * also a header line, key=value, name), B (a request path), C (a query
 * value). Promises checked: a normalised base URL is http(s), has no
 * trailing slash and normalises to itself; a validated path starts with
 * one slash and validates to itself; a URL built for the wire holds only
 * visible ASCII and starts with the base URL for a relative path; query
 * escaping is undone by unescaping. */
#include <curl/curl.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "http.h"
#include "http_int.h"
#include "validate.h"

#define H "url"

/* The next NUL-terminated piece of data[*at..size), copied. */
static char *
piece(const uint8_t *data, size_t size, size_t *at)
{
    size_t start = *at, end = start;
    while (end < size && data[end] != '\0')
        end++;
    *at = end < size ? end + 1 : end;
    return strndup((const char *)data + start, end - start);
}

static bool
visible_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
            return false;
    return true;
}

static void
check_base_url(const char *a, char **norm)
{
    struct err e = {0};
    char *out = NULL;
    *norm = NULL;
    if (validate_base_url(a, &out, &e) != TS_OK) {
        FUZZ_CHECK(H, e.status == TS_INVALID && e.msg[0] != '\0',
                   "a refused base URL has no message");
        return;
    }
    FUZZ_CHECK(
        H, strncmp(out, "https://", 8) == 0 || strncmp(out, "http://", 7) == 0,
        "a normalised base URL is not http(s)");
    size_t n = strlen(out);
    FUZZ_CHECK(H, out[n - 1] != '/', "a normalised base URL ends in '/'");
    FUZZ_CHECK(H, visible_ascii(out), "a normalised base URL holds blanks");
    char *again = NULL;
    FUZZ_CHECK(H, validate_base_url(out, &again, &e) == TS_OK,
               "a normalised base URL is refused");
    FUZZ_CHECK(H, strcmp(out, again) == 0,
               "normalising a normalised base URL changes it");
    free(again);
    char origin[512];
    (void)http_url_origin(out, origin, sizeof origin);
    (void)validate_is_loopback_url(out);
    (void)validate_http_warning(out);
    *norm = out;
}

static void
check_path(const char *b)
{
    struct err e = {0};
    char *out = NULL;
    if (validate_path("path", b, &out, &e) != TS_OK)
        return;
    FUZZ_CHECK(H, out[0] == '/' && out[1] != '/',
               "a validated path does not start with one slash");
    char *again = NULL;
    FUZZ_CHECK(H, validate_path("path", out, &again, &e) == TS_OK,
               "a validated path is refused");
    FUZZ_CHECK(H, strcmp(out, again) == 0,
               "validating a validated path changes it");
    free(again);
    free(out);
}

static void
check_build(const char *base, const char *path, const char *value)
{
    struct integration *ig = integration_new();
    if (ig == NULL)
        return;
    ig->base_url = strdup(base);
    struct kv_list q = {0};
    if (ig->base_url == NULL || !kv_list_add(&q, "q", value)) {
        kv_list_free(&q);
        integration_free(ig);
        return;
    }
    struct http_request req = {.method = "GET", .path = path, .query = &q};
    char *url = NULL;
    struct err e = {0};
    if (http_build_url(ig, &req, &url, &e) == TS_OK) {
        FUZZ_CHECK(H, visible_ascii(url),
                   "a URL built for the wire holds blanks or controls");
        if (strncasecmp(path, "http://", 7) != 0 &&
            strncasecmp(path, "https://", 8) != 0)
            FUZZ_CHECK(H, strncmp(url, base, strlen(base)) == 0,
                       "a relative path left the base URL");
        char *more = http_url_add_query(url, "k", value);
        char *less = more ? http_url_drop_query(more, "k") : NULL;
        free(more);
        free(less);
        free(url);
    }
    kv_list_free(&q);
    integration_free(ig);
}

static void
check_escape(const char *s)
{
    char *esc = http_url_escape(s);
    if (esc == NULL)
        return;
    FUZZ_CHECK(H, visible_ascii(esc) || s[0] == '\0',
               "escaped text holds blanks or controls");
    int n = 0;
    char *dec = curl_easy_unescape(NULL, esc, 0, &n);
    FUZZ_CHECK(H,
               dec != NULL && (size_t)n == strlen(s) &&
                   memcmp(dec, s, (size_t)n) == 0,
               "unescaping escaped text does not give it back");
    curl_free(dec);
    free(esc);
}

static void
check_lines(const char *a)
{
    struct err e = {0};
    char *k = NULL, *v = NULL, *name = NULL, *again = NULL;
    if (validate_header_line(a, &k, &v, &e) == TS_OK) {
        FUZZ_CHECK(H, validate_header_name("header", k, &e) == TS_OK,
                   "a header line's name is refused on its own");
        FUZZ_CHECK(H, validate_header_value("header", v, &e) == TS_OK,
                   "a header line's value is refused on its own");
        free(k);
        free(v);
    }
    if (validate_kv("param", a, &k, &v, &e) == TS_OK) {
        FUZZ_CHECK(H, k[0] != '\0', "a key=value pair has an empty key");
        free(k);
        free(v);
    }
    if (validate_name(a, &name, &e) == TS_OK) {
        FUZZ_CHECK(H, validate_name(name, &again, &e) == TS_OK,
                   "a validated name is refused");
        FUZZ_CHECK(H, strcmp(name, again) == 0,
                   "validating a validated name changes it");
        free(again);
        free(name);
    }
    (void)validate_endpoint_url("token_url", a, false, &e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t at = 0;
    char *a = piece(data, size, &at);
    char *b = piece(data, size, &at);
    char *c = piece(data, size, &at);
    if (a != NULL && b != NULL && c != NULL) {
        char *base = NULL;
        check_base_url(a, &base);
        check_path(b);
        check_build(base ? base : "https://api.example.com/v1", b, c);
        check_escape(c);
        check_lines(a);
        free(base);
    }
    free(a);
    free(b);
    free(c);
    return 0;
}
