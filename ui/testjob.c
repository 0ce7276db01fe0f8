/* testjob.c — see testjob.h. */
#include "testjob.h"

#include <stdlib.h>
#include <string.h>

static void
testjob_progress(void *arg, size_t done, size_t total,
                 const struct testall_item *item)
{
    struct testjob *j = arg;
    (void)total;
    if (!item->result.pass)
        atomic_fetch_add(&j->failed, 1);
    /* The result is complete: the loop may read it once `ended` says so. */
    atomic_store(&j->ended[item - j->items], true);
    atomic_store(&j->done, done);
}

static int
testjob_ix_cmp(const void *a, const void *b)
{
    int64_t x = ((const struct testjob_ix *)a)->id;
    int64_t y = ((const struct testjob_ix *)b)->id;
    return (x > y) - (x < y);
}

bool
testjob_result(const struct testjob *j, int64_t id, struct test_result *out)
{
    if (j->by_id == NULL || id == 0)
        return false;
    struct testjob_ix key = {.id = id};
    const struct testjob_ix *hit =
        bsearch(&key, j->by_id, j->n, sizeof *j->by_id, testjob_ix_cmp);
    if (hit == NULL || !atomic_load(&j->ended[hit->item]))
        return false;
    const struct conntest_result *r = &j->items[hit->item].result;
    *out = (struct test_result){.at = r->at,
                                .status = r->status,
                                .pass = r->pass,
                                .time_ms = r->time_ms,
                                .reason = r->summary};
    return true;
}

static void
testjob_main(struct worker *w, void *arg)
{
    struct testjob *j = arg;
    j->status = testall_run(j->st, j->items, j->n, 0, worker_cancel_flag(w),
                            testjob_progress, j, &j->err);
}

static void
testjob_free_items(struct testjob *j)
{
    testall_items_clear(j->items, j->n);
    for (size_t i = 0; i < j->n; i++)
        integration_free(j->items[i].ig);
    free(j->items);
    free(j->ended);
    free(j->by_id);
    j->items = NULL;
    j->ended = NULL;
    j->by_id = NULL;
    j->n = 0;
}

tstatus
testjob_start(struct testjob *j, struct store *st, struct err *e)
{
    struct integration **list = NULL;
    size_t n = 0;
    memset(j, 0, sizeof *j);
    j->st = st;
    if (store_list(st, &list, &n, e) != TS_OK)
        return e->status;
    j->items = calloc(n + 1, sizeof *j->items);
    if (j->items == NULL) {
        store_list_free(list, n);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    /* Secrets when they can be read; without them a test fails with the
     * engine's reason instead of not running. */
    for (size_t i = 0; i < n; i++) {
        struct err ge;
        struct integration *ig = NULL;
        if (store_get(st, list[i]->name, STORE_WITH_SECRETS, &ig, &ge) ==
            TS_OK) {
            j->items[j->n++].ig = ig;
        } else {
            j->items[j->n++].ig = list[i];
            list[i] = NULL;
        }
    }
    for (size_t i = 0; i < n; i++)
        integration_free(list[i]);
    free(list);
    j->total = j->n;
    j->ended = calloc(j->n + 1, sizeof *j->ended);
    j->by_id = malloc((j->n + 1) * sizeof *j->by_id);
    if (j->ended == NULL || j->by_id == NULL) {
        testjob_free_items(j);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; i < j->n; i++) {
        atomic_init(&j->ended[i], false);
        j->by_id[i] = (struct testjob_ix){j->items[i].ig->id, i};
    }
    qsort(j->by_id, j->n, sizeof *j->by_id, testjob_ix_cmp);
    if (j->n > 0)
        worker_start(&j->w, testjob_main, NULL, j);
    return TS_OK;
}

bool
testjob_running(const struct testjob *j)
{
    return worker_running(&j->w);
}

bool
testjob_poll(struct testjob *j)
{
    return worker_poll(&j->w, 0);
}

void
testjob_cancel(struct testjob *j)
{
    worker_cancel(&j->w);
}

bool
testjob_cancelled(const struct testjob *j)
{
    return worker_cancelled(&j->w);
}

void
testjob_end(struct testjob *j, size_t *failed)
{
    worker_stop(&j->w);
    if (failed != NULL)
        *failed = testall_failed(j->items, j->n);
    testjob_free_items(j);
}
