/* http_body.c — what a response body is: text to show, or binary. */
#include "http.h"

#include <string.h>
#include <strings.h>

#include "text.h"

/* Media types that name binary data whatever the bytes look like. */
static bool
binary_type(const char *ct)
{
    static const char *const whole[] = {
        "application/octet-stream", "application/pdf",
        "application/zip",          "application/gzip",
        "application/x-gzip",       "application/x-tar",
        "application/x-bzip2",      "application/x-xz",
        "application/zstd",         "application/x-7z-compressed",
        "application/wasm",         "application/vnd.sqlite3",
        "application/x-sqlite3",    "application/protobuf",
        "application/x-protobuf",   "application/msgpack",
        "application/x-msgpack",    "application/cbor",
    };
    static const char *const top[] = {"image/", "audio/", "video/", "font/"};
    if (ct == NULL)
        return false;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    size_t n = strcspn(ct, "; \t");
    if (n > 4 && strncasecmp(ct + n - 4, "+xml", 4) == 0)
        return false; /* image/svg+xml and the like are text */
    for (size_t i = 0; i < sizeof whole / sizeof *whole; i++) {
        if (strlen(whole[i]) == n && strncasecmp(ct, whole[i], n) == 0)
            return true;
    }
    for (size_t i = 0; i < sizeof top / sizeof *top; i++) {
        size_t k = strlen(top[i]);
        if (n > k && strncasecmp(ct, top[i], k) == 0)
            return true;
    }
    return false;
}

bool
http_body_is_binary(const char *content_type, const char *head, size_t len,
                    bool more)
{
    if (binary_type(content_type))
        return true;
    size_t m = len;
    for (size_t k = 1; more && k <= 3 && k <= len; k++) {
        uint32_t cp;
        if (text_decode(head + len - k, k, &cp) == TEXT_INCOMPLETE) {
            m = len - k; /* a character the next bytes complete */
            break;
        }
    }
    return text_looks_binary(head, m, 0);
}
