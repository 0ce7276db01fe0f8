/* testrun.c — see testrun.h. The same steps as conntest_run(), with the
 * first lines of the body kept (secrets masked), on the worker's thread. */
#include "testrun.h"

#include <stdlib.h>
#include <string.h>

#include "redact.h"
#include "text.h"

/* How long the thread waits in curl before looking at the cancel flag. */
#define TESTRUN_SLICE_MS 100
/* The bytes of a body looked at for the lines shown. */
#define TESTRUN_PEEK 4096

/* The first lines of the body as they may be shown: t->ig's secrets
 * masked (an echo endpoint sends them back), rendered for a terminal
 * (text.h), CR before LF dropped, never cut inside a character. */
static void
testrun_keep_body(struct testrun *t, const struct http_response *r)
{
    struct redact_secrets *rs = NULL;
    struct text_buf b = TEXT_BUF_INIT;
    size_t n = r->body_len < TESTRUN_PEEK ? r->body_len : TESTRUN_PEEK;
    char *masked = NULL;
    t->body[0] = '\0';
    if (r->body == NULL || redact_secrets_new(t->ig, &rs, NULL) != TS_OK ||
        (masked = redact_replace(rs, r->body, n, NULL, &n)) == NULL ||
        !text_render(&b, masked, n, TEXT_R_MULTILINE)) {
        redact_secrets_free(rs);
        free(masked);
        text_buf_free(&b);
        return;
    }
    size_t o = 0, lines = 0;
    for (size_t i = 0; i < b.len;) {
        int cols;
        size_t k = text_cluster(b.data + i, b.len - i, &cols);
        if ((b.data[i] == '\n' && ++lines == 6) || o + k >= sizeof t->body)
            break;
        if (b.data[i] != '\r') {
            memcpy(t->body + o, b.data + i, k);
            o += k;
        }
        i += k;
    }
    t->body[o] = '\0';
    redact_secrets_free(rs);
    free(masked);
    text_buf_free(&b);
}

/* The worker: send, judge, record. Only this thread touches t (but `w`)
 * until it returns. */
static void
testrun_job(struct worker *w, void *arg)
{
    struct testrun *t = arg;
    struct http_request req;
    struct http_response resp;
    struct exchange *x = NULL;
    struct err why;
    err_clear(&why);
    memset(&resp, 0, sizeof resp);
    conntest_request(t->ig, t->path, worker_cancel_flag(w), &req);
    tstatus s = exchange_start(t->st, t->ig, &req, &x, &why);
    if (s == TS_NOMEM) {
        t->err = why;
        return;
    }
    if (s == TS_OK) {
        bool stopped = false;
        while (exchange_run(x, TESTRUN_SLICE_MS)) {
            if (worker_cancelled(w) && !stopped) {
                exchange_cancel(x);
                stopped = true;
            }
        }
        err_clear(&why);
        exchange_finish(x, &resp, &why);
        exchange_free(x);
    }
    if (resp.url != NULL) {
        conntest_judge(t->ig, &resp, &t->result, &t->err);
        testrun_keep_body(t, &resp);
    } else {
        conntest_not_sent(t->ig, &why, &t->result, &t->err);
    }
    http_response_free(&resp);
    t->done = true;
    if (t->st != NULL && t->save_result && t->ig->id != 0)
        conntest_record(t->st, t->ig, &t->result, &t->err);
}

tstatus
testrun_start(struct testrun *t, struct store *st, bool save_result,
              struct integration *ig, const char *path)
{
    testrun_clear(t);
    err_clear(&t->err);
    t->ig = ig;
    t->st = st;
    t->save_result = save_result;
    t->path = path != NULL ? strdup(path) : NULL;
    if (path != NULL && t->path == NULL)
        return err_set(&t->err, TS_NOMEM, NULL, "out of memory");
    worker_start(&t->w, testrun_job, NULL, t);
    return TS_OK;
}

bool
testrun_running(const struct testrun *t)
{
    return worker_running(&t->w);
}

bool
testrun_poll(struct testrun *t)
{
    if (!worker_poll(&t->w, 0))
        return false;
    if (!t->done && t->err.status == TS_OK)
        err_set(&t->err, TS_NOMEM, NULL, "out of memory");
    return true;
}

void
testrun_cancel(struct testrun *t)
{
    worker_cancel(&t->w);
}

long
testrun_elapsed_ms(const struct testrun *t)
{
    return worker_elapsed_ms(&t->w);
}

void
testrun_clear(struct testrun *t)
{
    worker_stop(&t->w);
    if (t->done)
        conntest_result_free(&t->result);
    memset(&t->result, 0, sizeof t->result);
    t->done = false;
    t->body[0] = '\0';
    free(t->path);
    t->path = NULL;
}
