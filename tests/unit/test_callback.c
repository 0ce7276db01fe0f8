/* test_callback.c — the loopback listener, driven with plain HTTP/1.0
 * requests over a socket. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "callback.h"
#include "callback_guard.h"

/* A connected socket to 127.0.0.1:port; its reads give up after 5 s. */
static int
connect_to(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct timeval tv = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    return fd;
}

/* Send one request line to 127.0.0.1:port; return the status code and
 * copy the body (if any) into body. */
static int
request(int port, const char *method, const char *target, char *body,
        size_t body_len)
{
    int fd = connect_to(port);
    char req[1024];
    int n = snprintf(req, sizeof req,
                     "%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                     "Content-Length: 0\r\n\r\n",
                     method, target);
    assert_int_equal(write(fd, req, (size_t)n), n);
    char buf[8192];
    size_t got = 0;
    ssize_t r;
    while (got < sizeof buf - 1 &&
           (r = read(fd, buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t)r;
    buf[got] = '\0';
    close(fd);
    int status = 0;
    sscanf(buf, "HTTP/1.%*d %d", &status);
    if (body != NULL) {
        const char *b = strstr(buf, "\r\n\r\n");
        snprintf(body, body_len, "%s", b ? b + 4 : "");
    }
    return status;
}

static void
test_only_right_callback_accepted(void **state)
{
    (void)state;
    struct err e;
    struct callback *cb;
    assert_int_equal(callback_start(0, "s7ate", &cb, &e), TS_OK);
    int port = callback_port(cb);
    assert_true(port > 0);

    struct callback_result r;
    assert_int_equal(callback_wait(cb, 0, &r), CALLBACK_WAITING);

    assert_int_equal(request(port, "GET", "/other?code=c&state=s7ate", NULL, 0),
                     404);
    assert_int_equal(
        request(port, "GET", "/callback?code=c&state=forged", NULL, 0), 400);
    assert_int_equal(request(port, "GET", "/callback?code=c", NULL, 0), 400);
    assert_int_equal(request(port, "GET", "/callback?state=s7ate", NULL, 0),
                     400);
    assert_int_equal(
        request(port, "POST", "/callback?code=c&state=s7ate", NULL, 0), 405);
    assert_int_equal(callback_wait(cb, 50, &r), CALLBACK_WAITING);
    assert_int_equal(callback_refused(cb), 5);

    char body[4096];
    assert_int_equal(request(port, "GET",
                             "/callback?code=the%20code&state=s7ate", body,
                             sizeof body),
                     200);
    assert_non_null(strstr(body, "close this tab"));
    assert_int_equal(callback_wait(cb, 1000, &r), CALLBACK_DONE);
    assert_string_equal(r.code, "the code");
    assert_null(r.error);
    callback_result_free(&r);

    /* Later callbacks change nothing. */
    assert_int_equal(
        request(port, "GET", "/callback?code=x&state=s7ate", NULL, 0), 410);
    assert_int_equal(callback_wait(cb, 0, &r), CALLBACK_DONE);
    assert_null(r.code);
    callback_stop(cb);
}

static void
test_error_ends_flow(void **state)
{
    (void)state;
    struct err e;
    struct callback *cb;
    assert_int_equal(callback_start(0, "st", &cb, &e), TS_OK);
    char body[4096];
    assert_int_equal(request(callback_port(cb), "GET",
                             "/callback?error=access_denied&error_description="
                             "%3Cb%3Eno%3C%2Fb%3E&state=st",
                             body, sizeof body),
                     200);
    /* The description is shown escaped, never as markup. */
    assert_non_null(strstr(body, "&lt;b&gt;no&lt;/b&gt;"));
    assert_null(strstr(body, "<b>no"));
    struct callback_result r;
    assert_int_equal(callback_wait(cb, 1000, &r), CALLBACK_DONE);
    assert_string_equal(r.error, "access_denied");
    assert_string_equal(r.error_description, "<b>no</b>");
    assert_null(r.code);
    callback_result_free(&r);
    callback_stop(cb);
}

static int64_t
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A connection with a request head begun and never ended. */
static int
open_partial(int port)
{
    int fd = connect_to(port);
    static const char head[] = "GET /callback?state=";
    assert_int_equal(write(fd, head, sizeof head - 1), sizeof head - 1);
    return fd;
}

/* Whether the listener closed fd within timeout_ms. */
static bool
closed_within(int fd, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, timeout_ms) <= 0)
        return false;
    char c;
    ssize_t n = recv(fd, &c, 1, MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

static void
test_trickled_head_cut_at_deadline(void **state)
{
    (void)state;
    struct err e;
    struct callback *cb;
    assert_int_equal(callback_start(0, "st", &cb, &e), TS_OK);
    int port = callback_port(cb);

    /* A byte every 250 ms: an idle timeout would never fire. */
    int64_t start = now_ms();
    int fd = open_partial(port);
    int64_t closed_after = -1;
    while (now_ms() - start < 3 * CALLBACK_GUARD_HEAD_MS) {
        if (closed_within(fd, 250)) {
            closed_after = now_ms() - start;
            break;
        }
        assert_true(send(fd, "a", 1, MSG_NOSIGNAL) == 1);
    }
    close(fd);
    assert_true(closed_after >= CALLBACK_GUARD_HEAD_MS - 50);
    assert_true(closed_after < CALLBACK_GUARD_HEAD_MS + 2000);

    /* And the listener still takes the real callback. */
    assert_int_equal(request(port, "GET", "/callback?code=c&state=st", NULL, 0),
                     200);
    struct callback_result r;
    assert_int_equal(callback_wait(cb, 1000, &r), CALLBACK_DONE);
    callback_result_free(&r);
    callback_stop(cb);
}

static void
test_full_listener_takes_new_connection(void **state)
{
    (void)state;
    struct err e;
    struct callback *cb;
    assert_int_equal(callback_start(0, "st", &cb, &e), TS_OK);
    int port = callback_port(cb);

    enum { N = CALLBACK_GUARD_MAX_CONNS + 20 };
    static int fds[N];
    for (int i = 0; i < N; i++)
        fds[i] = open_partial(port);
    /* Served at once (the socket gives up after 5 s), the oldest
     * unfinished connections closed to make room. */
    assert_int_equal(request(port, "GET", "/callback?code=c&state=st", NULL, 0),
                     200);
    assert_true(closed_within(fds[0], 1000));
    for (int i = 0; i < N; i++)
        close(fds[i]);
    struct callback_result r;
    assert_int_equal(callback_wait(cb, 1000, &r), CALLBACK_DONE);
    assert_string_equal(r.code, "c");
    callback_result_free(&r);
    callback_stop(cb);
}

static void
test_port_taken(void **state)
{
    (void)state;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(listen(fd, 1), 0);
    socklen_t len = sizeof sa;
    getsockname(fd, (struct sockaddr *)&sa, &len);
    int port = ntohs(sa.sin_port);

    struct err e;
    struct callback *cb = NULL;
    assert_int_equal(callback_start(port, "st", &cb, &e), TS_IO);
    assert_null(cb);
    char want[32];
    snprintf(want, sizeof want, "port %d", port);
    assert_non_null(strstr(e.msg, want));
    assert_non_null(strstr(e.msg, "already in use"));
    /* How to choose another port is the flow's to say (it knows the
     * integration). */
    assert_string_equal(e.field, "redirect_port");
    close(fd);
}

static void
test_bound_to_loopback_only(void **state)
{
    (void)state;
    struct err e;
    struct callback *cb;
    assert_int_equal(callback_start(0, "st", &cb, &e), TS_OK);
    /* Another socket may still take the same port on a non-loopback
     * address (0.0.0.0 would clash): the listener holds 127.0.0.1 only. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)callback_port(cb)),
                             .sin_addr.s_addr = htonl(INADDR_ANY)};
    assert_int_not_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    close(fd);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    sa.sin_addr.s_addr = htonl(0x7f000002); /* 127.0.0.2 */
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    close(fd);
    callback_stop(cb);
}

static void
test_bad_arguments(void **state)
{
    (void)state;
    struct err e;
    struct callback *cb;
    assert_int_equal(callback_start(70000, "st", &cb, &e), TS_INVALID);
    assert_int_equal(callback_start(0, "", &cb, &e), TS_INVALID);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_only_right_callback_accepted),
        cmocka_unit_test(test_error_ends_flow),
        cmocka_unit_test(test_trickled_head_cut_at_deadline),
        cmocka_unit_test(test_full_listener_takes_new_connection),
        cmocka_unit_test(test_port_taken),
        cmocka_unit_test(test_bound_to_loopback_only),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
