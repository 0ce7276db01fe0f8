/* cli_watch.c — `tether test --watch INTERVAL`: the group test again and
 * again, printing only what changed, until SIGINT or SIGTERM.
 *
 * Each round reads the integrations from the store again, so a token that
 * another tether refreshed (or rotated) meanwhile is the one used, and the
 * refresh itself goes through the engine's one path (exchange_prepare_auth,
 * under the store's lock). The signals are blocked except while a round
 * runs and while waiting (ppoll with the old mask), so one arriving at any
 * moment ends the wait at once, or cancels the round that runs. */
#define _GNU_SOURCE /* ppoll */
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "cli_testgroup.h"

static atomic_bool cli_watch_cancel;
static volatile sig_atomic_t cli_watch_stopped;

static void
cli_watch_signal(int sig)
{
    (void)sig;
    cli_watch_stopped = 1;
    atomic_store(&cli_watch_cancel, true);
}

/* What the last complete round said of one integration. */
struct cli_watch_state {
    char *name;
    bool pass;
    int64_t since; /* when it began to pass or fail */
};

struct cli_watch {
    struct cli_watch_state *v;
    size_t n;
    bool complete; /* one round ended */
};

static void
cli_watch_stamp(int64_t at, char *buf, size_t len)
{
    time_t t = (time_t)at;
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL ||
        strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, len, "%lld", (long long)at);
}

/* One line for a test that changed (or was seen for the first time). */
static void
cli_watch_line(struct cli_ctx *ctx, const struct testall_item *it,
               const struct cli_watch_state *was, int64_t now)
{
    const struct conntest_result *r = &it->result;
    char stamp[32], since[32];
    cli_watch_stamp(now, stamp, sizeof stamp);
    fprintf(ctx->out, "%s %s %s: ", stamp, r->pass ? "PASS" : "FAIL",
            cli_safe(ctx, it->ig->name));
    if (r->pass)
        fprintf(ctx->out, "%ld %s, %ld ms", r->status,
                cli_safe(ctx, r->reason_phrase), r->time_ms);
    else
        fprintf(ctx->out, "%s", cli_safe(ctx, r->summary));
    if (was != NULL) {
        cli_watch_stamp(was->since, since, sizeof since);
        fprintf(ctx->out, " (%s since %s)", was->pass ? "passing" : "failing",
                since);
    }
    fputc('\n', ctx->out);
    if (!r->pass && r->diagnosis != NULL)
        fprintf(ctx->out, "  %s\n", cli_safe(ctx, r->diagnosis));
    fflush(ctx->out);
}

static struct cli_watch_state *
cli_watch_find(struct cli_watch *w, const char *name)
{
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->v[i].name, name) == 0)
            return &w->v[i];
    return NULL;
}

static void
cli_watch_free(struct cli_watch *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->v[i].name);
    free(w->v);
    w->v = NULL;
    w->n = 0;
}

/* Print what changed since the last round and make this round the last.
 * False when out of memory. */
static bool
cli_watch_update(struct cli_ctx *ctx, struct cli_watch *w,
                 const struct testall_item *items, size_t n)
{
    int64_t now = clock_now();
    struct cli_watch next = {.v = calloc(n ? n : 1, sizeof *next.v)};
    if (next.v == NULL)
        return false;
    for (size_t i = 0; i < n; i++) {
        const struct testall_item *it = &items[i];
        struct cli_watch_state *was = cli_watch_find(w, it->ig->name);
        struct cli_watch_state *s = &next.v[next.n];
        if ((s->name = strdup(it->ig->name)) == NULL) {
            cli_watch_free(&next);
            return false;
        }
        next.n++;
        s->pass = it->result.pass;
        s->since = was != NULL && was->pass == s->pass ? was->since : now;
        if (was == NULL || was->pass != s->pass)
            cli_watch_line(ctx, it, was, now);
    }
    cli_watch_free(w);
    *w = next;
    w->complete = true;
    return true;
}

/* One round: select, test, print the changes, rewrite the report. Returns
 * 0, or the exit status of what stopped the watch. */
static int
cli_watch_round(struct cli_ctx *ctx, struct store *st,
                const struct cli_test_opts *o, struct cli_watch *w,
                const sigset_t *open)
{
    struct testall_item *items = NULL;
    size_t n = 0;
    struct err e = {0};
    sigset_t blocked;
    tstatus s = cli_test_select(st, o, &items, &n, &e);
    if (s == TS_OK) {
        sigprocmask(SIG_SETMASK, open, &blocked);
        s = testall_run(st, items, n, o->jobs, &cli_watch_cancel, NULL, NULL,
                        &e);
        sigprocmask(SIG_SETMASK, &blocked, NULL);
    }
    int rc = 0;
    if (s != TS_OK)
        rc = cli_fail(ctx, &e);
    else if (!cli_watch_stopped) {
        testall_sort(items, n);
        if (!cli_watch_update(ctx, w, items, n))
            rc = cli_fail(
                ctx, &(struct err){.status = TS_NOMEM, .msg = "out of memory"});
        else if (o->report != NULL)
            rc = cli_test_output(ctx, o, items, n);
    }
    cli_test_items_free(items, n);
    return rc;
}

int
cli_test_watch(struct cli_ctx *ctx, struct store *st,
               const struct cli_test_opts *o)
{
    struct sigaction sa = {.sa_handler = cli_watch_signal}, old_int, old_term;
    sigemptyset(&sa.sa_mask);
    sigset_t sigs, open;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    sigprocmask(SIG_BLOCK, &sigs, &open);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    cli_watch_stopped = 0;
    atomic_store(&cli_watch_cancel, false);
    struct cli_watch w = {0};
    int rc = 0;
    struct timespec wait = {.tv_sec = o->watch_ms / 1000,
                            .tv_nsec = (o->watch_ms % 1000) * 1000000L};
    while (rc == 0 && !cli_watch_stopped) {
        rc = cli_watch_round(ctx, st, o, &w, &open);
        if (rc == 0 && !cli_watch_stopped)
            ppoll(NULL, 0, &wait, &open); /* ends early on a signal */
    }
    if (rc == 0) {
        rc = w.complete ? 0 : 1;
        for (size_t i = 0; i < w.n; i++)
            if (!w.v[i].pass)
                rc = 1;
    }
    cli_watch_free(&w);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigprocmask(SIG_SETMASK, &open, NULL);
    return rc;
}
