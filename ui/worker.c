/* worker.c — see worker.h. */
#include "worker.h"

/* How long worker_stop() lets a polled job run per slice while it winds
 * down after the cancel. */
#define WORKER_STOP_SLICE_MS 50

static void *
worker_main(void *arg)
{
    struct worker *w = arg;
    w->fn(w, w->arg);
    atomic_store(&w->done, true);
    return NULL;
}

static void
worker_begin(struct worker *w, enum worker_mode mode, worker_fn fn,
             worker_step_fn step, worker_cancel_fn on_cancel, void *arg)
{
    w->mode = mode;
    w->fn = fn;
    w->step = step;
    w->on_cancel = on_cancel;
    w->arg = arg;
    atomic_store(&w->cancel, false);
    atomic_store(&w->done, false);
    clock_gettime(CLOCK_MONOTONIC, &w->started);
}

void
worker_start(struct worker *w, worker_fn fn, worker_cancel_fn on_cancel,
             void *arg)
{
    worker_begin(w, WORKER_THREAD, fn, NULL, on_cancel, arg);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        w->mode = WORKER_INLINE;
        worker_main(w);
    }
}

void
worker_start_polled(struct worker *w, worker_step_fn step,
                    worker_cancel_fn on_cancel, void *arg)
{
    worker_begin(w, WORKER_POLLED, NULL, step, on_cancel, arg);
}

bool
worker_running(const struct worker *w)
{
    return w->mode != WORKER_IDLE;
}

bool
worker_poll(struct worker *w, int timeout_ms)
{
    switch (w->mode) {
    case WORKER_IDLE:
        return false;
    case WORKER_POLLED:
        if (!w->step(w->arg, timeout_ms))
            return false;
        break;
    case WORKER_THREAD:
        if (!atomic_load(&w->done))
            return false;
        pthread_join(w->thread, NULL);
        break;
    case WORKER_INLINE:
        break;
    }
    w->mode = WORKER_IDLE;
    return true;
}

void
worker_cancel(struct worker *w)
{
    if (w->mode == WORKER_IDLE)
        return;
    atomic_store(&w->cancel, true);
    if (w->on_cancel != NULL)
        w->on_cancel(w->arg);
}

bool
worker_cancelled(const struct worker *w)
{
    return atomic_load(&w->cancel);
}

atomic_bool *
worker_cancel_flag(struct worker *w)
{
    return &w->cancel;
}

void
worker_stop(struct worker *w)
{
    worker_cancel(w);
    switch (w->mode) {
    case WORKER_IDLE:
        return;
    case WORKER_POLLED:
        while (!w->step(w->arg, WORKER_STOP_SLICE_MS))
            ;
        break;
    case WORKER_THREAD:
        pthread_join(w->thread, NULL);
        break;
    case WORKER_INLINE:
        break;
    }
    w->mode = WORKER_IDLE;
}

long
worker_elapsed_ms(const struct worker *w)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(now.tv_sec - w->started.tv_sec) * 1000 +
           (now.tv_nsec - w->started.tv_nsec) / 1000000;
}
