/* testjob.c — see testjob.h. */
#include "testjob.h"

#include <stdlib.h>
#include <string.h>

struct testjob_arg {
    struct testjob *job;
    struct store *st;
};

static void
testjob_progress(void *arg, size_t done, size_t total,
                 const struct testall_item *item)
{
    struct testjob *j = arg;
    (void)total;
    (void)item;
    atomic_store(&j->done, done);
}

static void *
testjob_main(void *arg)
{
    struct testjob_arg a = *(struct testjob_arg *)arg;
    free(arg);
    struct testjob *j = a.job;
    j->status = testall_run(a.st, j->items, j->n, 0, &j->cancel,
                            testjob_progress, j, &j->err);
    atomic_store(&j->finished, true);
    return NULL;
}

static void
testjob_free_items(struct testjob *j)
{
    testall_items_clear(j->items, j->n);
    for (size_t i = 0; i < j->n; i++)
        integration_free(j->items[i].ig);
    free(j->items);
    j->items = NULL;
    j->n = 0;
}

tstatus
testjob_start(struct testjob *j, struct store *st, struct err *e)
{
    struct integration **list = NULL;
    size_t n = 0;
    memset(j, 0, sizeof *j);
    atomic_store(&j->finished, true);
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
    if (j->n == 0)
        return TS_OK;

    struct testjob_arg *arg = malloc(sizeof *arg);
    if (arg == NULL) {
        testjob_free_items(j);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    arg->job = j;
    arg->st = st;
    atomic_store(&j->finished, false);
    if (pthread_create(&j->thread, NULL, testjob_main, arg) != 0) {
        free(arg);
        atomic_store(&j->finished, true);
        testjob_free_items(j);
        return err_set(e, TS_IO, NULL, "cannot start the tests");
    }
    j->started = true;
    return TS_OK;
}

bool
testjob_finished(const struct testjob *j)
{
    return atomic_load(&j->finished);
}

void
testjob_cancel(struct testjob *j)
{
    atomic_store(&j->cancel, true);
}

void
testjob_end(struct testjob *j, size_t *failed)
{
    if (j->started) {
        pthread_join(j->thread, NULL);
        j->started = false;
    }
    if (failed != NULL)
        *failed = testall_failed(j->items, j->n);
    testjob_free_items(j);
}
