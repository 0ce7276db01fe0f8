/* testrun.c — see testrun.h. The same steps as conntest_run(), split so
 * that the loop drives the transfer. */
#include "testrun.h"

#include <string.h>

static void
testrun_keep_body(struct testrun *t, const struct http_response *r)
{
    size_t o = 0, lines = 0;
    t->body[0] = '\0';
    if (r->body == NULL)
        return;
    for (size_t i = 0; i < r->body_len && o + 1 < sizeof t->body; i++) {
        unsigned char c = (unsigned char)r->body[i];
        if (c == '\n') {
            if (++lines == 6)
                break;
        } else if (c == '\r') {
            continue;
        } else if (c < 0x20 && c != '\t') {
            c = '?';
        }
        t->body[o++] = (char)c;
    }
    t->body[o] = '\0';
}

/* Record the result when there is somewhere to record it. */
static void
testrun_record(struct testrun *t)
{
    if (t->st != NULL && t->save_result && t->ig->id != 0)
        conntest_record(t->st, t->ig, &t->result, &t->err);
}

tstatus
testrun_start(struct testrun *t, struct store *st, bool save_result,
              struct integration *ig, const char *path)
{
    struct http_request req;
    struct err why;
    testrun_clear(t);
    err_clear(&why);
    err_clear(&t->err);
    t->ig = ig;
    t->st = st;
    t->save_result = save_result;
    clock_gettime(CLOCK_MONOTONIC, &t->started);
    conntest_request(ig, path, NULL, &req);
    tstatus s = exchange_start(st, ig, &req, &t->x, &why);
    if (s == TS_OK) {
        t->running = true;
        return TS_OK;
    }
    if (s == TS_NOMEM) {
        t->err = why;
        return s;
    }
    s = conntest_not_sent(ig, &why, &t->result, &t->err);
    if (s != TS_OK)
        return s;
    t->done = true;
    testrun_record(t);
    return TS_OK;
}

bool
testrun_poll(struct testrun *t, int timeout_ms)
{
    if (!t->running || exchange_run(t->x, timeout_ms))
        return false;
    struct http_response resp;
    struct err why;
    err_clear(&why);
    memset(&resp, 0, sizeof resp);
    exchange_finish(t->x, &resp, &why);
    if (resp.url != NULL) {
        conntest_judge(t->ig, &resp, &t->result, &t->err);
        testrun_keep_body(t, &resp);
    } else {
        conntest_not_sent(t->ig, &why, &t->result, &t->err);
    }
    http_response_free(&resp);
    exchange_free(t->x);
    t->x = NULL;
    t->running = false;
    t->done = true;
    testrun_record(t);
    return true;
}

void
testrun_cancel(struct testrun *t)
{
    if (t->running)
        exchange_cancel(t->x);
}

long
testrun_elapsed_ms(const struct testrun *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - t->started.tv_sec) * 1000 +
           (now.tv_nsec - t->started.tv_nsec) / 1000000;
}

void
testrun_clear(struct testrun *t)
{
    if (t->x != NULL)
        exchange_free(t->x);
    t->x = NULL;
    t->running = false;
    if (t->done)
        conntest_result_free(&t->result);
    memset(&t->result, 0, sizeof t->result);
    t->done = false;
    t->body[0] = '\0';
}
