/* fuzz_callback.c — the loopback listener that catches the authorization
 * server's redirect (src/callback.c over libmicrohttpd), fed raw bytes on
 * a real TCP connection to 127.0.0.1, as any local process or a hostile
 * page could send them. One listener (any free port, state "st") serves
 * input after input; once it has taken a callback it is stopped and a new
 * one started.
 *
 * An input is the request bytes as sent; the connection is then shut for
 * writing and the answer read to its end. Promises checked: the listener
 * answers or closes (never hangs); an answer is an HTTP response whose
 * page carries only tether's own tags (whatever the request said is
 * escaped); a taken callback carries a code or an error, and the browser
 * is told it succeeded only when it was taken. (Parameter names match
 * whatever their case or percent-encoding: libmicrohttpd decodes them.) */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "callback.h"
#include "fuzz.h"

#define H "callback"
#define STATE "st"

static struct callback *cb_listener;

static void
cb_stop(void)
{
    callback_stop(cb_listener);
    cb_listener = NULL;
}

static struct callback *
cb_get(void)
{
    if (cb_listener == NULL) {
        struct err e = {0};
        if (callback_start(0, STATE, &cb_listener, &e) != TS_OK)
            fuzz_fail(H, e.msg);
        static bool registered;
        if (!registered && atexit(cb_stop) == 0)
            registered = true;
    }
    return cb_listener;
}

/* Send the request, read the whole answer into buf (at most cap - 1
 * bytes kept, NUL-terminated); its length. */
static size_t
cb_exchange(int port, const uint8_t *data, size_t size, char *buf, size_t cap)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        fuzz_fail(H, "socket");
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int c;
    while ((c = connect(fd, (struct sockaddr *)&sa, sizeof sa)) != 0 &&
           errno == EINTR)
        ;
    if (c != 0 && errno != EISCONN)
        fuzz_fail(H, "cannot connect to the listener");
    for (size_t at = 0; at < size;) {
        ssize_t w = send(fd, data + at, size - at, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break; /* the listener closed early: read what it said */
        at += (size_t)w;
    }
    shutdown(fd, SHUT_WR);
    size_t len = 0;
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        /* libFuzzer's timer interrupts calls: EINTR is retried. */
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int k = poll(&p, 1, 1000);
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (k <= 0 && now.tv_sec - start.tv_sec >= 20)
            fuzz_fail(H, "the listener neither answered nor closed in 20 s");
        if (k <= 0)
            continue;
        char tmp[4096];
        ssize_t r = recv(fd, tmp, sizeof tmp, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        size_t keep = (size_t)r < cap - 1 - len ? (size_t)r : cap - 1 - len;
        memcpy(buf + len, tmp, keep);
        len += keep;
    }
    buf[len] = '\0';
    close(fd);
    return len;
}

/* Every tag of a page is one of the page template's own (or of the fixed
 * error pages of libmicrohttpd, "<html><head><title>Request malformed"
 * ..., which quote nothing of the request). */
static bool
cb_tags_ours(const char *page)
{
    static const char *const tags[] = {"<!DOCTYPE html>",
                                       "<html>",
                                       "</html>",
                                       "<head>",
                                       "</head>",
                                       "<meta charset=\"utf-8\">",
                                       "<title>",
                                       "</title>",
                                       "<body ",
                                       "<body>",
                                       "</body>",
                                       "<h1>",
                                       "</h1>",
                                       "<p>",
                                       "</p>",
                                       "<code>",
                                       "</code>",
                                       "<b>",
                                       "</b>"};
    for (const char *p = strchr(page, '<'); p != NULL; p = strchr(p + 1, '<')) {
        bool ok = false;
        for (size_t i = 0; !ok && i < sizeof tags / sizeof *tags; i++)
            ok = strncmp(p, tags[i], strlen(tags[i])) == 0;
        if (!ok)
            return false;
    }
    return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct callback *cb = cb_get();
    static char answer[65536];
    size_t n =
        cb_exchange(callback_port(cb), data, size, answer, sizeof answer);
    if (n > 0) {
        FUZZ_CHECK(H, strncmp(answer, "HTTP/1.", 7) == 0,
                   "the answer is not an HTTP response");
        const char *page = strstr(answer, "\r\n\r\n");
        if (page != NULL)
            FUZZ_CHECK(H, cb_tags_ours(page + 4),
                       "the page carries a tag tether did not write");
    }
    struct callback_result r;
    if (callback_wait(cb, 0, &r) == CALLBACK_DONE) {
        FUZZ_CHECK(H, r.code != NULL || r.error != NULL,
                   "a taken callback carries neither code nor error");
        FUZZ_CHECK(H, strncmp(answer, "HTTP/1.1 200 ", 13) == 0,
                   "a callback was taken but the browser was told otherwise");
        callback_result_free(&r);
        cb_stop();
    } else {
        FUZZ_CHECK(H, strstr(answer, "tether is authorized") == NULL,
                   "the browser was told of a success tether did not take");
    }
    return 0;
}
