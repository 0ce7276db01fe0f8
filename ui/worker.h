/* worker.h — background work for the screens, in one shape: start it,
 * poll it from the loop's tick, cancel it (Esc), join it.
 *
 * A job runs either on a thread of its own (worker_start: the function
 * runs to its end, reading worker_cancelled() or handing
 * worker_cancel_flag() to the engine) or in slices driven from the loop
 * (worker_start_polled: each worker_poll() drives it for a moment, for
 * engine objects that must stay on the loop's thread, such as an OAuth
 * flow that also takes pasted text). Either way the owner does the same:
 * worker_poll() in its tick until it returns true, worker_cancel() on Esc,
 * worker_stop() when it goes away. The result lives in the owner's state:
 * a thread job writes it before it ends, and the owner reads it only after
 * worker_poll() returned true. A zeroed struct worker is idle. */
#ifndef TETHER_UI_WORKER_H
#define TETHER_UI_WORKER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

struct worker;

/* A thread job: runs once, on the worker's thread, to its end. */
typedef void (*worker_fn)(struct worker *w, void *arg);

/* A polled job: drive the work for at most timeout_ms; true once it has
 * ended. Called on the loop's thread. */
typedef bool (*worker_step_fn)(void *arg, int timeout_ms);

/* Called by worker_cancel() on the loop's thread, e.g. to abort a
 * transfer at once; the job still ends through its own path. */
typedef void (*worker_cancel_fn)(void *arg);

enum worker_mode {
    WORKER_IDLE,   /* nothing started, or the end was collected */
    WORKER_THREAD, /* on its thread */
    WORKER_INLINE, /* no thread could start: it ran in place, ended */
    WORKER_POLLED, /* driven by worker_poll() */
};

struct worker {
    enum worker_mode mode;
    pthread_t thread;
    atomic_bool cancel; /* asked to stop */
    atomic_bool done;   /* a thread job returned */
    worker_fn fn;
    worker_step_fn step;
    worker_cancel_fn on_cancel;
    void *arg;
    struct timespec started;
};

/* Run fn(w, arg) on a thread. The worker must be idle. When no thread can
 * start, fn runs here, to its end (the screen waits), and the next
 * worker_poll() reports it; so this always succeeds. `on_cancel` may be
 * NULL. */
void worker_start(struct worker *w, worker_fn fn, worker_cancel_fn on_cancel,
                  void *arg);

/* Drive step(arg, ...) from worker_poll() until it returns true; the
 * worker must be idle. `on_cancel` may be NULL. */
void worker_start_polled(struct worker *w, worker_step_fn step,
                         worker_cancel_fn on_cancel, void *arg);

/* True from a start until worker_poll() reported the end. */
bool worker_running(const struct worker *w);

/* From the loop's tick: drive a polled job for at most timeout_ms, or look
 * whether the thread job returned (then join it). True exactly once, when
 * the job has ended; the worker is idle again and its results may be
 * read. False while it runs or when idle. */
bool worker_poll(struct worker *w, int timeout_ms);

/* Ask the job to stop: sets the flag it reads and calls on_cancel. It ends
 * soon; worker_poll() reports it as usual. Does nothing when idle. */
void worker_cancel(struct worker *w);

/* True when worker_cancel() was called since the last start (still true
 * after the end, to tell a cancelled end from another). */
bool worker_cancelled(const struct worker *w);

/* The flag worker_cancel() sets, for engine calls that take one
 * (struct http_request.cancel, testall_run). Valid as long as `w`. */
atomic_bool *worker_cancel_flag(struct worker *w);

/* Cancel and wait for the end (a view going away). The owner frees the
 * results; the worker is idle after. Safe when idle. */
void worker_stop(struct worker *w);

/* Milliseconds since the start. */
long worker_elapsed_ms(const struct worker *w);

#endif
