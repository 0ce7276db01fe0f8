/* pane_int.h — the request pane's state, shared by its files. Not for
 * other modules: they use pane.h.
 *
 * The files call one another downwards only, in these layers:
 *   pane.c          the view: the tabs through pane_tabs[], sending (its
 *                   {{variables}} filled or asked for), saving, the
 *                   dialog, the keys of every tab (F2, F3, F4, Ctrl-S, Esc
 *                   cancels)
 *   pane_history.c  the history tab (recalls through pane_compose.c)
 *   pane_saved.c    the saved requests tab (opens through pane_compose.c)
 *   pane_compose.c  the composer tab
 *   pane_response.c the response tab's keys (search: pane_search.c,
 *                   drawing: pane_view.c)
 *   pane_search.c, pane_view.c   the response viewer's search and drawing
 *   pane_rv.c       the viewer's document: lines, rendering, scrolling,
 *                   the secrets to mask (found by redact.h)
 *   pane_common.c   what every tab needs: the picked integration, the tab
 *                   line
 * A tab asks pane.c for what only pane.c does through the flags its key
 * function returns (PANE_SEND, UI_CANCEL). */
#ifndef TETHER_UI_PANE_INT_H
/* The most of a body the pane keeps to show (beyond it the body is
 * dropped, and the summary says so); the viewer's line index costs about
 * half a byte a line on top of the body itself. */
#define PANE_MAX_BODY ((size_t)1 << 30)
#define TETHER_UI_PANE_INT_H

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
#include "keys.h"
#include "kvrows.h"
#include "list.h"
#include "redact.h"
#include "saved.h"
#include "screen.h"
#include "store.h"
#include "worker.h"

enum pane_tab {
    PANE_COMPOSE,
    PANE_RESPONSE,
    PANE_HISTORY,
    PANE_SAVED,
    PANE_TABS
};

/* Returned by a tab's key function: send what the composer holds. */
#define PANE_SEND UI_SUBMIT

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

/* What the body is: text as typed, or rows sent as a form. */
enum pane_body_mode { PB_RAW, PB_FORM, PB_MULTIPART, PB_MODES };

/* Redirects for this request: as the integration says, always, never. */
enum pane_follow { PFW_DEFAULT, PFW_ALWAYS, PFW_NEVER, PFW_MODES };

/* What the dialog is asking about. */
enum pane_ask {
    ASK_NONE,
    ASK_SEND_BAD_JSON,
    ASK_SAVE,
    ASK_OVERWRITE,
    ASK_SAVE_REQUEST, /* Ctrl-S: the name to save the request as */
    ASK_VAR,          /* the value of p->var_name, for this send */
    ASK_RENAME_SAVED, /* the saved tab's new name, copy's name, delete */
    ASK_COPY_SAVED,
    ASK_DELETE_SAVED,
};

/* A request as it was sent, kept for "copy as curl". */
struct pane_sent {
    char *integration;
    char *method, *path, *body;
    size_t body_len;
    struct http_part *parts; /* a multipart body */
    size_t nparts;
    struct kv_list query, headers;
    long timeout_ms;
    int follow; /* enum pane_follow */
};

#define RV_HEX_LINE 96

/* Which text the viewer shows. */
enum rv_doc { RV_BODY, RV_HEADERS };

/* The response viewer. Lines come from a jsonfmt index (pretty JSON or
 * raw text) or, for binary bodies, are hex-dump lines made on demand. */
struct pane_rv {
    bool have; /* a response (or failure) is shown */
    struct http_response resp;
    enum rv_doc doc;
    struct jsonfmt_index *body_idx; /* NULL for binary or empty bodies */
    bool binary;
    char *head_text; /* the headers tab's text */
    struct jsonfmt_index *head_idx;
    size_t top[2]; /* first line shown, per doc */
    int left;      /* first column shown (wrap off) */
    bool wrap;
    int page;                       /* content lines at the last draw */
    struct jsonfmt_line line;       /* render buffer, reused */
    char hex[RV_HEX_LINE];          /* a hex-dump line */
    struct redact_secrets *secrets; /* masked wherever they show */
    bool reveal;                    /* show them after all */
    /* search (pane_search.c): a worker scans rendered lines from
     * scan_from; the loop's ticks poll it */
    bool prompting; /* the `/` prompt is open */
    struct field prompt;
    char *needle;
    size_t nlen;
    bool icase;
    size_t match; /* line of the current match, SIZE_MAX */
    struct worker search;
    bool backward;
    size_t scan_from;
    size_t *hits; /* the lines holding the needle, in order */
    size_t nhits;
    size_t hit;   /* index in hits of the match, SIZE_MAX: none */
    bool scanned; /* hits is complete for the needle and document */
    /* filter (f, pane_rv_filter): the value a JSON filter selects in the
     * body is shown instead of it, under a filter line; the expression
     * stays for the next responses */
    bool filtering; /* the filter line is being typed */
    struct field fprompt;
    char *filter;                     /* the expression, or NULL */
    char *filter_text;                /* the value selected, as JSON */
    struct jsonfmt_index *filter_idx; /* its lines; NULL: not filtered */
    char filter_err[256];             /* why nothing was selected */
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
    bool only_current; /* filtered to the picked integration */
};

/* The saved requests of the picked integration (no secret values). */
struct pane_saved {
    struct saved_request **v;
    size_t n;
    struct list list;
    char *integration; /* whose they are */
};

/* pane_common.c: the picked integration, read in full. */
struct pane_picked;

struct pane {
    struct view view;
    struct store *st;
    enum pane_tab tab;
    enum pane_tab back_tab; /* where Esc from history returns */

    /* composer */
    struct integration **igs; /* store_list_brief(): names for the picker */
    size_t nig;
    struct pane_picked *picked; /* the picked one in full (pane_integration) */
    const char **ig_labels;
    struct dropdown ig_drop, method_drop;
    struct field path, timeout;
    struct kvrows query, headers;
    struct bodyedit body;
    int body_mode;      /* enum pane_body_mode */
    int follow;         /* enum pane_follow */
    struct kvrows form; /* the rows of a form or multipart body */
    int focus;          /* enum pane_focus */
    char url[1024];     /* the preview */
    char url_err[256];

    /* sending: a worker thread drives the exchange so curl runs at full
     * speed between redraws; the loop's ticks poll it. Its results are
     * read once the poll says it ended. */
    struct worker send;
    bool wsent;                 /* the request went out */
    struct http_response wresp; /* the response */
    tstatus wst;                /* why it was not sent, or the history */
    struct err werr;            /* status (wsent) */
    struct jsonfmt_index *widx; /* the body's line index */
    bool wbinary;
    struct integration *send_ig; /* with secrets, while sending */
    struct pane_sent sent;
    /* what goes out: p->sent with its {{variables}} filled */
    struct saved_filled filled;
    /* values typed at the prompt for variables nothing sets, kept for the
     * pane's life (the integration's own variables come first) */
    struct vars given;
    char var_name[VARS_NAME_MAX + 8];

    struct pane_rv rv;
    struct pane_hist hist;
    struct pane_saved saved;
    struct dialog dlg;
    enum pane_ask ask;
    char save_path[1024]; /* waiting for "overwrite?" */
};

/* A tab: pane.c dispatches through pane_tabs[] (the ops of one file each,
 * as wizard_steps[]). `key` returns UI_* flags, PANE_SEND to have pane.c
 * send, UI_CANCEL to leave the tab; `tables` gives the tab's key tables
 * for the bar in its state now (pane.c adds its own after them). The
 * tabs' help pages, which add the keys of every tab, are in pane.c. */
struct pane_tab_ops {
    void (*draw)(struct pane *p, struct screen *s);
    int (*key)(struct pane *p, struct screen *s, int key);
    size_t (*tables)(const struct pane *p, const struct keys_table **t,
                     size_t max);
    bool (*typing)(const struct pane *p); /* may be NULL */
};

extern const struct pane_tab_ops pane_tab_compose;
extern const struct pane_tab_ops pane_tab_response;
extern const struct pane_tab_ops pane_tab_history;
extern const struct pane_tab_ops pane_tab_saved;

/* The tabs' key tables, for their help pages (pane.c). */
extern const struct keys_table pane_compose_keys;
extern const struct keys_table pane_rv_keys;
extern const struct keys_table pane_rv_prompt_keys;
extern const struct keys_table pane_rv_filter_keys;
extern const struct keys_table pane_hist_keys;
extern const struct keys_table pane_saved_keys;

/* pane_common.c */
/* The integration picked in the composer (no secret values), or NULL
 * when the store has none. The picker holds only what a listing shows;
 * the picked one is read in full the first time it is asked for after
 * each pick (if that read fails, the listing's fields are what there
 * is). */
const struct integration *pane_integration(const struct pane *p);
/* The cache of the picked integration: made with the pane (false without
 * memory), freed with it. */
bool pane_picked_init(struct pane *p);
void pane_picked_free(struct pane *p);
/* Pick the integration called `name` (case-insensitive); false when there
 * is none. */
bool pane_pick_integration(struct pane *p, const char *name);
/* Read the integrations from the store again (another process may have
 * added, renamed or deleted some), keeping the one picked when it is still
 * there, else the default. Returns true when the picked one changed; on a
 * store error the list stays as it was and the message is shown. */
bool pane_reload_integrations(struct pane *p, struct screen *s);
/* True while a request is being sent. */
bool pane_sending(const struct pane *p);
/* The tab line at the top of every tab, with the spinner while sending. */
void pane_draw_tabs(const struct pane *p, struct screen *s);

/* pane_compose.c: the composer's widgets, drawing and keys. */
extern const char *const pane_methods[];
extern const size_t pane_nmethods;
void pane_compose_init(struct pane *p);
void pane_compose_free(struct pane *p);
/* Recheck the body and rebuild the URL preview after any change. */
void pane_compose_changed(struct pane *p);
/* True when the body goes out as JSON: a Content-Type row that is on
 * names a JSON type, or there is none and the exchange's default type
 * (exchange_default_type) for the body is JSON. */
bool pane_compose_body_is_json(const struct pane *p);
/* "Auth: API key in header X-API-Key" and so on: never the secret. */
void pane_compose_auth_text(const struct integration *ig, char *buf,
                            size_t len);
/* Edit the body in $EDITOR; false (with a message) when that failed. */
bool pane_compose_edit_body(struct pane *p, struct screen *s);
/* The form rows as a body: for PB_FORM an urlencoded body into
 * *body and *len, for PB_MULTIPART parts (a value in curl -F syntax: @PATH
 * uploads a file, ;type= and ;filename= as curl). False with a message in
 * `e` when a row is wrong or out of memory. */
bool pane_compose_form_body(const struct pane *p, char **body, size_t *len,
                            struct http_part **parts, size_t *nparts,
                            struct err *e);
/* Put history entry h into the composer (integration, method, path,
 * query, headers, body; never credentials) and show the composer. */
void pane_compose_recall(struct pane *p, struct screen *s,
                         const struct history_entry *h);

/* pane_rv.c: the viewer's document. */
void pane_rv_init(struct pane_rv *rv);
/* Stop the search and forget its hits (the document or needle changed). */
void pane_rv_search_forget(struct pane_rv *rv);
/* Drop the response shown (stops a search first). */
void pane_rv_clear(struct pane_rv *rv);
void pane_rv_free(struct pane_rv *rv);
/* Show a response: takes *resp (zeroed) and idx. */
void pane_rv_set(struct pane_rv *rv, struct http_response *resp,
                 struct jsonfmt_index *idx, bool binary);
/* Lines in the tab shown. */
size_t pane_rv_count(const struct pane_rv *rv);
/* Render line i of the tab shown with the caller's buffers (the search
 * thread has its own); false when out of range or memory. */
bool pane_rv_line(const struct pane_rv *rv, size_t i, struct jsonfmt_line *buf,
                  char hex[RV_HEX_LINE], struct rv_line *out);
/* Line i with the viewer's own buffers (the loop's thread only). */
bool pane_rv_get(struct pane_rv *rv, size_t i, struct rv_line *out);
/* The first line shown when the end of the tab is at the bottom. */
size_t pane_rv_last_top(struct pane_rv *rv, int w);
/* Filter the body with `expr` (jsonpath.h; NULL or "" shows the whole
 * body again), kept for the next responses. Stops a search first. On a
 * bad expression, a body that is not JSON or a value that is not there,
 * rv->filter_err says why and the whole body is shown. */
void pane_rv_filter(struct pane_rv *rv, const char *expr);

/* pane_response.c: the response tab's keys. */
/* Decide how a body is shown: *idx its line index (NULL for binary or
 * empty bodies), *binary for a hex dump. Safe on any thread. */
void pane_rv_index(const struct http_response *r, struct jsonfmt_index **idx,
                   bool *binary);
/* Write the body as received to path; asks before replacing a file
 * unless `overwrite`. */
void pane_rv_save(struct pane *p, struct screen *s, const char *path,
                  bool overwrite);

/* Keep ig's loaded secrets (copies) to mask in the viewer and in what it
 * copies, hidden again until revealed. */
void pane_rv_secrets(struct pane_rv *rv, const struct integration *ig);
/* Wipe and drop them. */
void pane_rv_secrets_free(struct pane_rv *rv);

/* pane_view.c */
void pane_rv_draw(struct pane *p, struct screen *s);

/* pane_search.c */
/* Search for rv->needle on a worker: every line holding it is noted, the
 * match is then the first at or after `from` (backward: at or before),
 * round the end. Stops any search running and forgets its hits. */
void pane_search_start(struct pane_rv *rv, size_t from, bool backward);
/* True when a search just ended (rv->match is the line found, rv->hit
 * its index among rv->nhits; SIZE_MAX: not found, or cancelled:
 * worker_cancelled(&rv->search)); the view then shows the match. */
bool pane_search_poll(struct pane_rv *rv);
/* n / N after a finished search: the next (previous) hit, round the end,
 * shown. False when there is no finished search to move in. */
bool pane_search_step(struct pane_rv *rv, bool backward);
/* Say how the search ended, on the status line: "Match k of N: TEXT",
 * "Not found: TEXT" or "Search stopped." (replacing what it said before). */
void pane_search_said(const struct pane_rv *rv, struct screen *s);

/* Put saved request r into the composer (method, path, query, headers,
 * body, {{variables}} unfilled) and show the composer. */
void pane_compose_open_saved(struct pane *p, struct screen *s,
                             const struct saved_request *r);

/* pane_saved.c */
/* (Re)load the saved requests of the picked integration. */
void pane_saved_load(struct pane *p, struct screen *s);
void pane_saved_free(struct pane_saved *v);
/* The answer to one of the saved tab's dialogs (ASK_RENAME_SAVED,
 * ASK_COPY_SAVED with the name typed, ASK_DELETE_SAVED). */
void pane_saved_answer(struct pane *p, struct screen *s, enum pane_ask ask,
                       const char *text);

/* pane_history.c */
/* (Re)load the history list, filtered when asked. */
void pane_hist_load(struct pane *p, struct screen *s);
void pane_hist_free(struct pane_hist *h);

#endif
