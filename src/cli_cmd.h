/* cli_cmd.h — what a command of the command line is, and the helpers every
 * command uses. One command (or a small family) per file, cli_<name>.c, each
 * defining one `const struct cli_command cli_cmd_<name>`; cli.c holds the
 * table (as tmux's cmd-*.c and its command table). */
#ifndef TETHER_CLI_CMD_H
#define TETHER_CLI_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "cli_parse.h"
#include "err.h"
#include "model.h"
#include "store.h"

/* Shared state of one command-line run. Global options (--db, --json where a
 * command takes it) are parsed by cli.c before the command runs. */
struct cli_ctx {
    const char *db_path; /* --db, else NULL (store_default_path) */
    struct store *store; /* opened on first cli_store() call */
    FILE *out;           /* stdout */
    FILE *errs;          /* stderr */
    bool stdout_tty;
    bool stdin_tty;
    const struct cli_ui *ui; /* the screens main() handed in, or NULL */
    /* The screens will run on the store, their worker threads sharing it:
     * set before cli_store() opens it. Otherwise only this thread uses
     * it. */
    bool screens;
    struct cli_shown *shown; /* strings cli_safe() made, freed at the end */
};

/* One command: its name, its options and positional arguments (parsed and
 * checked by cli.c before run is called), its help, and what it does. */
struct cli_command {
    const char *name; /* "list" */
    /* The usage after the name, "NAME [--json]"; its leading upper-case
     * words name the positional arguments in "missing NAME". */
    const char *args;
    int min_args, max_args;          /* positional; CLI_MANY: no limit */
    const struct cli_opt_spec *opts; /* ended by CLI_OPT_END; NULL: none */
    const char *summary;             /* one line for `tether help` */
    /* Text for `tether help NAME` before the options made from opts; may
     * be NULL. */
    const char *help;
    /* `a` holds the options given and the positional arguments (not the
     * command name). Returns the exit status. */
    int (*run)(struct cli_ctx *ctx, const struct cli_args *a);
};

/* The store, opened (and created) on first use with the ctx's path and the
 * environment's key settings. On failure prints the message and returns
 * NULL; the caller returns 1. */
struct store *cli_store(struct cli_ctx *ctx);
/* The integration `name`, or the default one when name is NULL (TS_NOT_FOUND
 * saying how to name one or mark one default when there is none). */
tstatus cli_get_or_default(struct store *st, const char *name, unsigned flags,
                           struct integration **out, struct err *e);

/* Print "tether: <field>: <message>" (or without field) to stderr and return
 * err_exit_code(e->status). The message is rendered for a terminal (it may
 * quote a server, a file or a paste); its line breaks are kept. */
int cli_fail(struct cli_ctx *ctx, const struct err *e);

/* Print a usage error for a command ("tether add: <message>", then its usage
 * line) and return 2. */
int cli_usage(struct cli_ctx *ctx, const struct cli_command *cmd,
              const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Read one secret: from standard input as one line (trailing newline
 * removed) when from_stdin, or when stdin is a terminal by prompting on
 * /dev/tty without echo. Never from argv. *out is heap memory the caller
 * wipes (sodium_memzero) and frees. */
tstatus cli_read_secret(struct cli_ctx *ctx, const char *prompt,
                        bool from_stdin, char **out, struct err *e);

/* Parse argv (argv[0] the command name) against cmd's options and argument
 * counts (cli_parse). Returns 0; or prints a usage error with the usage
 * line and returns 2 (1 when out of memory). Free `a` with cli_args_free()
 * in every case. */
int cli_command_parse(struct cli_ctx *ctx, const struct cli_command *cmd,
                      int argc, char **argv, struct cli_args *a);

/* Ask a yes/no question on the terminal (standard error for the prompt,
 * standard input for the answer). True only for an answer starting with y
 * or Y; end of input and anything else mean no. */
bool cli_confirm(struct cli_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print a JSON document on stdout (tabs, one value per line; escaped as
 * jsonout_print() does) and delete it; the printed text is wiped before it is
 * freed. Returns 0, or 1 after saying so when out of memory (doc NULL counts as
 * out of memory). */
struct cJSON;
int cli_print_json(struct cli_ctx *ctx, struct cJSON *doc);

/* Print "tether: warning: <message>" to standard error, rendered as
 * cli_fail() renders a message. cli_usage() and cli_confirm() too. */
void cli_warn(struct cli_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Untrusted text (from a server, a file, the store) for one line of human
 * output: s rendered for a terminal (text_render(), no flags: controls,
 * line breaks, bidi and invisible characters and invalid UTF-8 shown
 * escaped, as \x1b or <U+202E>). Human output is display, so it is
 * rendered on a pipe too; --json output is escaped instead (jsonout.h).
 * NULL gives "". The string belongs to ctx and stays valid until the
 * command has ended (cli_shown_free()). */
const char *cli_safe(struct cli_ctx *ctx, const char *s);

/* Free the strings cli_safe() made for ctx. */
void cli_shown_free(struct cli_ctx *ctx);

/* Append s (rendered already) to f padded with spaces to `cols` terminal
 * columns (text_width()); text wider than cols is printed whole. */
void cli_put_cell(FILE *f, const char *s, size_t cols);

/* Every command, one per line; cli.c lists them in its table. */
extern const struct cli_command cli_cmd_help;
extern const struct cli_command cli_cmd_list;
extern const struct cli_command cli_cmd_show;
extern const struct cli_command cli_cmd_add;
extern const struct cli_command cli_cmd_edit;
extern const struct cli_command cli_cmd_rm;
extern const struct cli_command cli_cmd_rename;
extern const struct cli_command cli_cmd_copy;
extern const struct cli_command cli_cmd_default;
extern const struct cli_command cli_cmd_export;
extern const struct cli_command cli_cmd_import;
extern const struct cli_command cli_cmd_test;
extern const struct cli_command cli_cmd_request;
extern const struct cli_command cli_cmd_run;
extern const struct cli_command cli_cmd_requests;
extern const struct cli_command cli_cmd_var;
extern const struct cli_command cli_cmd_history;
extern const struct cli_command cli_cmd_authorize;
extern const struct cli_command cli_cmd_token;
extern const struct cli_command cli_cmd_logout;
extern const struct cli_command cli_cmd_pane;
extern const struct cli_command cli_cmd_check_store;

#endif
