/* testall.c — see testall.h. */
#include "testall.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exchange.h"
#include "history.h"

struct testall_run {
    struct store *st;
    size_t done, total;
    testall_progress_fn progress;
    void *arg;
    tstatus status; /* first store failure */
    struct err err;
};

/* Keep the first store failure. */
static void
testall_store_failed(struct testall_run *run, const struct err *e)
{
    if (run->status == TS_OK) {
        run->status = e->status;
        run->err = *e;
    }
}

/* A response arrived: it goes into the history like every request sent. */
static void
testall_history(struct testall_run *run, struct testall_item *it,
                const struct http_response *resp)
{
    struct http_request req;
    struct err e = {0};
    if (run->st == NULL)
        return;
    conntest_request(it->ig, NULL, NULL, &req);
    if (history_record(run->st, it->ig, &req, resp, &e) != TS_OK)
        testall_store_failed(run, &e);
}

/* One test ended: store its result, report progress. */
static void
testall_done(struct testall_run *run, struct testall_item *it)
{
    struct err e = {0};
    run->done++;
    if (run->st != NULL && it->ig->id != 0 &&
        conntest_record(run->st, it->ig, &it->result, &e) != TS_OK)
        testall_store_failed(run, &e);
    if (run->progress != NULL)
        run->progress(run->arg, run->done, run->total, it);
}

/* Queue one test, or fail it at once when it cannot be sent. */
static tstatus
testall_queue(struct testall_run *run, struct http_pool *pool,
              struct testall_item *it, atomic_bool *cancel)
{
    struct http_request req;
    struct err why = {0}, e = {0};
    bool renewed;
    memset(&it->result, 0, sizeof it->result);
    conntest_request(it->ig, NULL, cancel, &req);
    if (exchange_prepare_auth(run->st, it->ig, false, &renewed, &why) ==
            TS_OK &&
        http_pool_add(pool, it->ig, &req, it, &why) == TS_OK)
        return TS_OK;
    if (why.status == TS_NOMEM ||
        conntest_not_sent(it->ig, &why, &it->result, &e) != TS_OK)
        return TS_NOMEM;
    testall_done(run, it);
    return TS_OK;
}

tstatus
testall_run(struct store *st, struct testall_item *items, size_t n, int jobs,
            atomic_bool *cancel, testall_progress_fn progress, void *arg,
            struct err *e)
{
    struct testall_run run = {
        .st = st, .total = n, .progress = progress, .arg = arg};
    struct http_pool *pool = http_pool_new();
    if (pool == NULL)
        return err_set(e, TS_NOMEM, NULL, "cannot start libcurl");
    http_pool_set_parallel(pool, jobs > 0 ? jobs : TESTALL_DEFAULT_JOBS);
    tstatus s = TS_OK;
    for (size_t i = 0; i < n && s == TS_OK; i++)
        s = testall_queue(&run, pool, &items[i], cancel);
    bool more = s == TS_OK;
    while (more) {
        more = http_pool_run(pool, 100) > 0;
        struct http_response resp;
        void *tag;
        /* The tests that ended meanwhile are written in one transaction. */
        bool batch = false;
        while (http_pool_take(pool, &resp, &tag)) {
            /* (When no batch can start, each write has its own.) */
            if (!batch && run.st != NULL)
                batch = store_batch_begin(run.st, NULL) == TS_OK;
            struct testall_item *it = tag;
            if (conntest_judge(it->ig, &resp, &it->result, e) != TS_OK)
                s = TS_NOMEM;
            testall_history(&run, it, &resp);
            http_response_free(&resp);
            testall_done(&run, it);
        }
        if (batch) {
            struct err be = {0};
            if (store_batch_end(run.st, &be) != TS_OK)
                testall_store_failed(&run, &be);
        }
    }
    http_pool_free(pool);
    if (s != TS_OK)
        return err_set(e, s, NULL, "out of memory");
    if (run.status != TS_OK) {
        if (e != NULL)
            *e = run.err;
        return run.status;
    }
    return TS_OK;
}

static int
item_cmp(const void *a, const void *b)
{
    const struct testall_item *x = a, *y = b;
    if (x->result.pass != y->result.pass)
        return x->result.pass ? 1 : -1;
    return strcasecmp(x->ig->name ? x->ig->name : "",
                      y->ig->name ? y->ig->name : "");
}

void
testall_sort(struct testall_item *items, size_t n)
{
    if (n > 1)
        qsort(items, n, sizeof *items, item_cmp);
}

size_t
testall_failed(const struct testall_item *items, size_t n)
{
    size_t f = 0;
    for (size_t i = 0; i < n; i++)
        f += !items[i].result.pass;
    return f;
}

void
testall_items_clear(struct testall_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        conntest_result_free(&items[i].result);
}
