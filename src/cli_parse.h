/* cli_parse.h — a command's options, declared once in its table entry and
 * parsed before the command runs (as tmux's cmd_entry .args).
 *
 * A command lists its options as an array of struct cli_opt_spec ended by
 * CLI_OPT_END. From that one list come the parsing and checking of the
 * command line, the options part of `tether help CMD` and the lines of
 * `tether --dump-options`. The parsed result, struct cli_args, points into
 * argv and into the spec list; it owns only its two arrays. */
#ifndef TETHER_CLI_PARSE_H
#define TETHER_CLI_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"

enum cli_arg_kind {
    CLI_ARG_NONE,  /* a flag: --json */
    CLI_ARG_VALUE, /* takes a value: --limit N, --limit=N, -nN, -n N */
};

/* One option. An entry with no name but a help text is a heading in
 * `tether help` (e.g. "API key (--auth api-key):"); CLI_OPT_END (all zero)
 * ends the list. */
struct cli_opt_spec {
    const char *name;       /* long name without "--": "header" */
    char letter;            /* short option letter ('H'), or 0 */
    enum cli_arg_kind kind; /* CLI_ARG_NONE or CLI_ARG_VALUE */
    bool repeat;            /* may be given again; every value kept */
    bool refuse;            /* never accepted: naming it is a usage error
                               "--NAME <help>" (a secret on argv) */
    const char *value;      /* the value's name in help: "'K: V'" */
    const char *help;       /* what it does, for `tether help CMD` */
    const void *data;       /* the command's own facts about it, or NULL */
};

/* The usual kinds of entry, one line each. */
/* clang-format off */
#define CLI_FLAG(n, l, h)                                                      \
    {.name = (n), .letter = (l), .kind = CLI_ARG_NONE, .help = (h)}
#define CLI_VALUE(n, l, v, h)                                                  \
    {.name = (n), .letter = (l), .kind = CLI_ARG_VALUE, .value = (v),         \
     .help = (h)}
#define CLI_LIST(n, l, v, h) /* a repeatable CLI_VALUE */                      \
    {.name = (n), .letter = (l), .kind = CLI_ARG_VALUE, .repeat = true,       \
     .value = (v), .help = (h)}
#define CLI_REFUSED(n, why) {.name = (n), .refuse = true, .help = (why)}
#define CLI_HEADING(h) {.help = (h)}
#define CLI_OPT_END {0}
/* clang-format on */

/* No upper bound on the positional arguments. */
#define CLI_MANY (-1)

/* One option as it was given. */
struct cli_seen {
    const struct cli_opt_spec *opt;
    const char *value; /* into argv; NULL for a flag */
};

/* What one command line said. */
struct cli_args {
    const struct cli_opt_spec *opts; /* the list it was parsed with */
    struct cli_seen *seen;           /* every option given, in order */
    size_t nseen;
    char **argv; /* the positional arguments, in order, NULL-terminated */
    int argc;
};

/* Parse argv[1..argc) (argv[0] is the command name) against `opts` (NULL:
 * none): options may come anywhere, "--" ends them, "-" alone is an
 * argument; a long name may be abbreviated while that is unambiguous.
 * Checks that each option is known, has its value (or none), is not
 * refused and, unless repeatable, that a value option is given once; and
 * that there are at least `min` and at most `max` (CLI_MANY: any number)
 * positional arguments. `usage` is the command's usage after its name; its
 * leading upper-case words name the positional arguments in messages
 * ("missing PATH"). Returns TS_OK, or TS_INVALID / TS_NOMEM with a message
 * in `e` that names the option as typed up to any '=' (never the value).
 * Free `a` with cli_args_free() in every case. */
tstatus cli_parse(const struct cli_opt_spec *opts, int min, int max,
                  const char *usage, int argc, char **argv, struct cli_args *a,
                  struct err *e);

/* Free the arrays of `a` (not the strings, which belong to argv). */
void cli_args_free(struct cli_args *a);

/* The option of a's list with the long name `name`. Asking for a name the
 * list lacks is a programming error (assert). */
const struct cli_opt_spec *cli_args_spec(const struct cli_args *a,
                                         const char *name);

/* True when the option `name` was given at least once. */
bool cli_args_has(const struct cli_args *a, const char *name);

/* The value given to `name` (the last one for a repeatable option), or
 * NULL when it was not given. */
const char *cli_args_get(const struct cli_args *a, const char *name);

/* How many times `name` was given. */
size_t cli_args_count(const struct cli_args *a, const char *name);

/* The i-th value given to `name` (0 first, in command-line order), or NULL
 * past the last one. */
const char *cli_args_value(const struct cli_args *a, const char *name,
                           size_t i);

/* Print the options of `opts` for `tether help CMD`: a first line `title`
 * ("Options:"; left out when the list starts with a heading), then one
 * entry each, "  -H, --header 'K: V'  what it does", wrapped to 79
 * columns; a repeatable option says so. Refused
 * options are left out. Prints nothing for an empty list. */
void cli_opts_help(FILE *f, const char *title, const struct cli_opt_spec *opts);

/* Print one line per option of `opts` for `tether --dump-options`:
 * "option<TAB>COMMAND<TAB>--NAME<TAB>-L<TAB>VALUE<TAB>once|repeatable",
 * with empty fields for no letter or no value. Refused options are left
 * out. */
void cli_opts_dump(FILE *f, const char *command,
                   const struct cli_opt_spec *opts);

#endif
