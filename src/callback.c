/* callback.c — see callback.h. */
#include "callback.h"
#include "callback_guard.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CALLBACK_DRAIN_MS 1000

struct callback {
    struct MHD_Daemon *daemon;
    struct callback_guard *guard; /* runs the daemon, bounds connections */
    int port;
    char *state;
    int pipe[2]; /* written once when a valid callback arrives */
    pthread_mutex_t lock;
    bool done;  /* a valid callback arrived (under lock) */
    bool taken; /* its result was handed to the caller (under lock) */
    unsigned refused;
    struct callback_result result;
    char *issuer;      /* RFC 9207: the iss expected, or NULL (under lock) */
    bool iss_required; /* a callback without iss is refused (under lock) */
};

static const char page_head[] =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
    "<title>tether</title></head><body style=\"font-family:sans-serif;"
    "margin:3em\"><h1>";

void
callback_result_free(struct callback_result *r)
{
    if (r->code != NULL) {
        sodium_memzero(r->code, strlen(r->code));
        free(r->code);
    }
    free(r->error);
    free(r->error_description);
    free(r->error_uri);
    free(r->iss);
    memset(r, 0, sizeof *r);
}

/* Append s to buf (of size len, holding a string) with <, >, &, " escaped. */
static void
callback_html_append(char *buf, size_t len, const char *s)
{
    size_t n = strlen(buf);
    for (; s != NULL && *s != '\0' && n + 7 < len; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '&':
            rep = "&amp;";
            break;
        case '"':
            rep = "&quot;";
            break;
        }
        if (rep != NULL) {
            memcpy(buf + n, rep, strlen(rep));
            n += strlen(rep);
        } else {
            buf[n++] = *s;
        }
    }
    buf[n] = '\0';
}

/* Send a small HTML page: a title and an (escaped) paragraph. */
static enum MHD_Result
callback_page(struct MHD_Connection *conn, unsigned status, const char *title,
              const char *text, const char *detail)
{
    char page[2048];
    snprintf(page, sizeof page, "%s", page_head);
    callback_html_append(page, sizeof page, title);
    strncat(page, "</h1><p>", sizeof page - strlen(page) - 1);
    callback_html_append(page, sizeof page, text);
    if (detail != NULL) {
        strncat(page, "</p><p><code>", sizeof page - strlen(page) - 1);
        callback_html_append(page, sizeof page, detail);
        strncat(page, "</code>", sizeof page - strlen(page) - 1);
    }
    strncat(page, "</p></body></html>\n", sizeof page - strlen(page) - 1);

    struct MHD_Response *r = MHD_create_response_from_buffer(
        strlen(page), page, MHD_RESPMEM_MUST_COPY);
    if (r == NULL)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "text/html; charset=utf-8");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    /* One request per connection, so that stopping never cuts a page
     * still on its way (see callback_stop). */
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Constant-time comparison of the state sent back with the one expected. */
static bool
callback_state_matches(const struct callback *cb, const char *got)
{
    if (got == NULL || strlen(got) != strlen(cb->state))
        return false;
    return sodium_memcmp(got, cb->state, strlen(got)) == 0;
}

static char *
callback_arg(struct MHD_Connection *conn, const char *name)
{
    const char *v =
        MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
    return v != NULL && v[0] != '\0' ? strdup(v) : NULL;
}

/* Record the first valid callback and wake the waiter. */
static void
callback_accept(struct callback *cb, struct MHD_Connection *conn)
{
    struct callback_result r = {
        .code = callback_arg(conn, "code"),
        .error = callback_arg(conn, "error"),
        .error_description = callback_arg(conn, "error_description"),
        .error_uri = callback_arg(conn, "error_uri"),
        .iss = callback_arg(conn, "iss"),
    };
    cb->result = r;
    cb->done = true;
    ssize_t w;
    do {
        w = write(cb->pipe[1], "x", 1);
    } while (w < 0 && errno == EINTR);
}

static enum MHD_Result
callback_handle(void *cls, struct MHD_Connection *conn, const char *url,
                const char *method, const char *version,
                const char *upload_data, size_t *upload_data_size,
                void **con_cls)
{
    struct callback *cb = cls;
    (void)version;
    (void)upload_data;

    if (*con_cls == NULL) {
        /* The first call for this request: its head is complete. */
        callback_guard_head(cb->guard, conn);
        *con_cls = cb;
    }

    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0) {
        /* Swallow any body, then refuse. */
        if (*upload_data_size != 0) {
            *upload_data_size = 0;
            return MHD_YES;
        }
        pthread_mutex_lock(&cb->lock);
        cb->refused++;
        pthread_mutex_unlock(&cb->lock);
        return callback_page(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "Not here",
                             "tether only accepts GET /callback.", NULL);
    }
    if (strcmp(url, "/callback") != 0) {
        pthread_mutex_lock(&cb->lock);
        cb->refused++;
        pthread_mutex_unlock(&cb->lock);
        return callback_page(conn, MHD_HTTP_NOT_FOUND, "Not here",
                             "tether is waiting for the authorization "
                             "server at /callback only.",
                             NULL);
    }

    const char *state =
        MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "state");
    const char *code =
        MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "code");
    const char *error =
        MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "error");

    pthread_mutex_lock(&cb->lock);
    if (cb->done) {
        pthread_mutex_unlock(&cb->lock);
        return callback_page(conn, MHD_HTTP_GONE, "Already finished",
                             "This sign-in has already finished. You may "
                             "close this tab.",
                             NULL);
    }
    if (!callback_state_matches(cb, state)) {
        cb->refused++;
        pthread_mutex_unlock(&cb->lock);
        return callback_page(conn, MHD_HTTP_BAD_REQUEST, "Wrong request",
                             "The state parameter does not match the "
                             "request tether made, so this callback was "
                             "ignored. tether is still waiting.",
                             NULL);
    }
    if ((code == NULL || code[0] == '\0') &&
        (error == NULL || error[0] == '\0')) {
        cb->refused++;
        pthread_mutex_unlock(&cb->lock);
        return callback_page(conn, MHD_HTTP_BAD_REQUEST, "Wrong request",
                             "The callback carries neither a code nor an "
                             "error. tether is still waiting.",
                             NULL);
    }
    const char *iss =
        MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "iss");
    bool wrong_iss = cb->issuer != NULL && (iss == NULL || iss[0] == '\0'
                                                ? cb->iss_required
                                                : strcmp(iss, cb->issuer) != 0);
    callback_accept(cb, conn);
    pthread_mutex_unlock(&cb->lock);

    if (wrong_iss)
        return callback_page(conn, MHD_HTTP_BAD_REQUEST, "Refused",
                             "This response does not come from the issuer "
                             "this integration uses (RFC 9207), so tether "
                             "refused it. The terminal says more.",
                             NULL);

    if (error != NULL && error[0] != '\0') {
        const char *desc = MHD_lookup_connection_value(
            conn, MHD_GET_ARGUMENT_KIND, "error_description");
        char text[512];
        snprintf(text, sizeof text,
                 "The authorization server answered %s. tether shows the "
                 "details in the terminal. You may close this tab.",
                 error);
        return callback_page(conn, MHD_HTTP_OK, "Authorization failed", text,
                             desc);
    }
    return callback_page(conn, MHD_HTTP_OK, "tether is authorized",
                         "You may close this tab and return to the "
                         "terminal.",
                         NULL);
}

/* Why could 127.0.0.1:port not be listened on? Try it to find out. */
static tstatus
callback_bind_error(const struct sockaddr_in *sa, int port, struct err *e)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int why = 0;
    if (fd >= 0) {
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, (const struct sockaddr *)sa, sizeof *sa) != 0 ||
            listen(fd, 1) != 0)
            why = errno;
        close(fd);
    } else {
        why = errno;
    }
    if (why == EADDRINUSE)
        return err_set(e, TS_IO, "redirect_port",
                       "port %d on 127.0.0.1 is already in use, so tether "
                       "cannot receive the browser's redirect there; free "
                       "it, or use another port",
                       port);
    if (why == EACCES)
        return err_set(e, TS_IO, "redirect_port",
                       "not allowed to listen on port %d of 127.0.0.1; "
                       "choose a port above 1023",
                       port);
    return err_set(e, TS_IO, "redirect_port",
                   "could not listen on 127.0.0.1:%d%s%s", port,
                   why ? ": " : "", why ? strerror(why) : "");
}

tstatus
callback_start(int port, const char *state, struct callback **out,
               struct err *e)
{
    *out = NULL;
    if (port < 0 || port > 65535)
        return err_set(e, TS_INVALID, "redirect_port",
                       "port %d is outside 1-65535", port);
    if (state == NULL || state[0] == '\0')
        return err_set(e, TS_INVALID, "state", "no state to expect");

    struct callback *cb = calloc(1, sizeof *cb);
    if (cb == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    cb->pipe[0] = cb->pipe[1] = -1;
    pthread_mutex_init(&cb->lock, NULL);
    cb->state = strdup(state);
    if (cb->state == NULL) {
        callback_stop(cb);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    if (pipe(cb->pipe) != 0) {
        tstatus st = err_set(e, TS_IO, NULL, "pipe: %s", strerror(errno));
        callback_stop(cb);
        return st;
    }
    for (int i = 0; i < 2; i++) {
        fcntl(cb->pipe[i], F_SETFD, FD_CLOEXEC);
        fcntl(cb->pipe[i], F_SETFL, O_NONBLOCK);
    }

    cb->guard = callback_guard_new();
    if (cb->guard == NULL) {
        callback_stop(cb);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) != MHD_YES) {
        callback_stop(cb);
        return err_set(e, TS_IO, NULL,
                       "this libmicrohttpd was built without epoll, which "
                       "the loopback listener needs");
    }

    struct sockaddr_in sa = {
        .sin_family = AF_INET,
        .sin_port = htons((uint16_t)port),
        .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
    };
    /* Polled by the guard's thread (see callback_guard.h), which bounds
     * how long any connection may take (the idle timeout is only a
     * backstop); no per-address limit, since the browser comes from
     * 127.0.0.1 like any local process. */
    cb->daemon = MHD_start_daemon(
        MHD_USE_EPOLL, (uint16_t)port, NULL, NULL, callback_handle, cb,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)CALLBACK_GUARD_DAEMON_LIMIT,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)10,
        MHD_OPTION_NOTIFY_CONNECTION, callback_guard_notify, cb->guard,
        MHD_OPTION_END);
    if (cb->daemon == NULL) {
        tstatus st = callback_bind_error(&sa, port, e);
        callback_stop(cb);
        return st;
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(cb->daemon, MHD_DAEMON_INFO_BIND_PORT);
    cb->port = info != NULL && info->port != 0 ? info->port : port;
    tstatus st = callback_guard_run(cb->guard, cb->daemon, e);
    if (st != TS_OK) {
        callback_stop(cb);
        return st;
    }
    *out = cb;
    return TS_OK;
}

int
callback_port(const struct callback *cb)
{
    return cb->port;
}

int
callback_fd(const struct callback *cb)
{
    return cb->pipe[0];
}

unsigned
callback_refused(const struct callback *cb)
{
    struct callback *m = (struct callback *)cb;
    pthread_mutex_lock(&m->lock);
    unsigned n = m->refused;
    pthread_mutex_unlock(&m->lock);
    return n;
}

enum callback_status
callback_wait(struct callback *cb, int timeout_ms, struct callback_result *out)
{
    memset(out, 0, sizeof *out);
    struct pollfd p = {.fd = cb->pipe[0], .events = POLLIN};
    int n;
    do {
        n = poll(&p, 1, timeout_ms < 0 ? 0 : timeout_ms);
    } while (n < 0 && errno == EINTR);

    enum callback_status s = CALLBACK_WAITING;
    pthread_mutex_lock(&cb->lock);
    if (cb->done) {
        s = CALLBACK_DONE;
        if (!cb->taken) {
            *out = cb->result;
            memset(&cb->result, 0, sizeof cb->result);
            cb->taken = true;
        }
    }
    pthread_mutex_unlock(&cb->lock);
    return s;
}

void
callback_set_issuer(struct callback *cb, const char *issuer, bool required)
{
    char *copy = issuer != NULL ? strdup(issuer) : NULL;
    pthread_mutex_lock(&cb->lock);
    free(cb->issuer);
    cb->issuer = copy;
    cb->iss_required = required;
    pthread_mutex_unlock(&cb->lock);
}

void
callback_stop(struct callback *cb)
{
    if (cb == NULL)
        return;
    /* Let pages being sent (the success page above all) finish, for at
     * most CALLBACK_DRAIN_MS, before the daemon closes what is left. */
    callback_guard_stop(cb->guard, CALLBACK_DRAIN_MS);
    if (cb->daemon != NULL)
        MHD_stop_daemon(cb->daemon);
    callback_guard_free(cb->guard);
    if (cb->pipe[0] >= 0)
        close(cb->pipe[0]);
    if (cb->pipe[1] >= 0)
        close(cb->pipe[1]);
    callback_result_free(&cb->result);
    if (cb->state != NULL) {
        sodium_memzero(cb->state, strlen(cb->state));
        free(cb->state);
    }
    free(cb->issuer);
    pthread_mutex_destroy(&cb->lock);
    free(cb);
}
