/* pane_int.h — the request pane's state, shared by its files:
 * pane.c (the view, sending), pane_compose.c (the composer),
 * pane_response.c (the response viewer), pane_history.c (the history
 * list). Not for other modules: they use pane.h. */
#ifndef TETHER_UI_PANE_INT_H
#define TETHER_UI_PANE_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "bodyedit.h"
#include "dialog.h"
#include "dropdown.h"
#include "exchange.h"
#include "field.h"
#include "http.h"
#include "jsonfmt.h"
#include "kvrows.h"
#include "list.h"
#include "screen.h"
#include "store.h"

enum pane_tab { PANE_COMPOSE, PANE_RESPONSE, PANE_HISTORY };

/* Composer fields, in focus order. */
enum pane_focus {
    PF_INTEGRATION,
    PF_METHOD,
    PF_PATH,
    PF_TIMEOUT,
    PF_QUERY,
    PF_HEADERS,
    PF_BODY,
    PF_COUNT
};

/* What the dialog is asking about. */
enum pane_ask { ASK_NONE, ASK_SEND_BAD_JSON, ASK_SAVE, ASK_OVERWRITE };

/* A request as it was sent, kept for "copy as curl". */
struct pane_sent {
    char *integration;
    char *method, *path, *body;
    size_t body_len;
    struct kv_list query, headers;
    long timeout_ms;
};

#define RV_HEX_LINE 96

/* Which text the viewer shows. */
enum rv_doc { RV_BODY, RV_HEADERS };

/* The response viewer. Lines come from a jsonfmt index (pretty JSON or
 * raw text) or, for binary bodies, are hex-dump lines made on demand. */
struct pane_rv {
    bool have;                  /* a response (or failure) is shown */
    struct http_response resp;
    enum rv_doc doc;
    struct jsonfmt_index *body_idx; /* NULL for binary or empty bodies */
    bool binary;
    char *head_text;            /* the headers tab's text */
    struct jsonfmt_index *head_idx;
    size_t top[2];              /* first line shown, per doc */
    int left;                   /* first column shown (wrap off) */
    bool wrap;
    int page;                   /* content lines at the last draw */
    struct jsonfmt_line line;   /* render buffer, reused */
    char hex[RV_HEX_LINE];      /* a hex-dump line */
    char **secrets;             /* forms of the integration's secrets, */
    size_t nsecrets;            /* masked wherever they show (echoes) */
    bool reveal;                /* show them after all */
    /* search (pane_search.c): a thread scans rendered lines from
     * scan_from; the loop's ticks look at search_done */
    bool prompting;             /* the `/` prompt is open */
    struct field prompt;
    char *needle;
    size_t nlen;
    bool icase;
    size_t match;               /* line of the current match, SIZE_MAX */
    bool searching;             /* a scan is under way */
    bool backward;
    size_t scan_from;
    pthread_t search_thread;
    bool search_inline;         /* no thread: the scan ran in place */
    atomic_bool search_cancel, search_done;
    size_t search_found;        /* SIZE_MAX: not found */
};

/* A line to draw: text with optional colour spans. */
struct rv_line {
    const char *text;
    size_t len;
    const struct jsonfmt_span *spans;
    size_t nspans;
};

/* The history list. */
struct pane_hist {
    struct history_entry *v;
    size_t n;
    struct list list;
    bool only_current;          /* filtered to the picked integration */
};

struct pane {
    struct view view;
    struct store *st;
    enum pane_tab tab;
    enum pane_tab back_tab;     /* where Esc from history returns */

    /* composer */
    struct integration **igs;   /* store_list(), no secret values */
    size_t nig;
    const char **ig_labels;
    struct dropdown ig_drop, method_drop;
    struct field path, timeout;
    struct kvrows query, headers;
    struct bodyedit body;
    int focus;                  /* enum pane_focus */
    char url[1024];             /* the preview */
    char url_err[256];

    /* sending: a worker thread drives the exchange so curl runs at full
     * speed between redraws; the loop's ticks look at `done` */
    struct exchange *x;
    pthread_t worker;
    struct http_response wresp; /* the worker's results, read after */
    tstatus wst;                /* `done`: the response, the history */
    struct err werr;            /* status, the body's line index */
    struct jsonfmt_index *widx;
    bool wbinary;
    atomic_bool cancel, done;
    bool worker_failed;         /* no thread: the exchange ran inline */
    struct integration *send_ig; /* with secrets, while sending */
    struct timespec started;
    bool cancelling;
    struct pane_sent sent;

    struct pane_rv rv;
    struct pane_hist hist;
    struct dialog dlg;
    enum pane_ask ask;
    char save_path[1024];       /* waiting for "overwrite?" */
};

/* pane.c */
const struct integration *pane_integration(const struct pane *p);
void pane_send(struct pane *p, struct screen *s, bool force);
double pane_elapsed_ms(const struct pane *p);
bool pane_pick_integration(struct pane *p, const char *name);

/* pane_compose.c */
extern const char *const pane_methods[];
extern const size_t pane_nmethods;
void pane_compose_init(struct pane *p);
void pane_compose_free(struct pane *p);
void pane_compose_changed(struct pane *p);
bool pane_compose_body_is_json(const struct pane *p);
void pane_compose_draw(struct pane *p, struct screen *s);
int pane_compose_key(struct pane *p, struct screen *s, int key);
void pane_compose_auth_text(const struct integration *ig, char *buf,
                            size_t len);
bool pane_compose_edit_body(struct pane *p, struct screen *s);

/* pane_response.c */
void pane_rv_init(struct pane_rv *rv);
void pane_rv_free(struct pane_rv *rv);
void pane_rv_index(const struct http_response *r, struct jsonfmt_index **idx,
                   bool *binary);
void pane_rv_set(struct pane_rv *rv, struct http_response *resp,
                 struct jsonfmt_index *idx, bool binary);
size_t pane_rv_count(const struct pane_rv *rv);
bool pane_rv_line(const struct pane_rv *rv, size_t i, struct jsonfmt_line *buf,
                  char hex[RV_HEX_LINE], struct rv_line *out);
void pane_rv_secrets(struct pane_rv *rv, struct integration *ig);
void pane_rv_draw(struct pane *p, struct screen *s);
int pane_rv_key(struct pane *p, struct screen *s, int key);

/* pane_search.c */
void pane_search_start(struct pane_rv *rv, size_t from, bool backward);
void pane_search_stop(struct pane_rv *rv);
bool pane_search_poll(struct pane_rv *rv);
void pane_rv_save(struct pane *p, struct screen *s, const char *path,
                  bool overwrite);

/* pane_history.c */
void pane_hist_load(struct pane *p, struct screen *s);
void pane_hist_free(struct pane_hist *h);
void pane_hist_draw(struct pane *p, struct screen *s);
int pane_hist_key(struct pane *p, struct screen *s, int key);

/* Shared drawing: the tab line at the top of every tab. */
void pane_draw_tabs(const struct pane *p, struct screen *s);

#endif
