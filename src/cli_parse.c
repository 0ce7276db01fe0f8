/* cli_parse.c — parsing a command line against a command's option list,
 * and the help and dump made from the same list. */
#include "cli_parse.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define CLI_HELP_WIDTH 79 /* columns of `tether help` */
#define CLI_HELP_COL 26   /* where the option texts start */

/* True for the end of an option list. */
static bool
cli_spec_end(const struct cli_opt_spec *o)
{
    return o->name == NULL && o->help == NULL;
}

/* The option named exactly `name[0..len)`, else the one it abbreviates.
 * *ambiguous is set when it abbreviates several. */
static const struct cli_opt_spec *
cli_parse_find_long(const struct cli_opt_spec *opts, const char *name,
                    size_t len, bool *ambiguous)
{
    const struct cli_opt_spec *found = NULL;
    int matches = 0;
    *ambiguous = false;
    for (const struct cli_opt_spec *o = opts; o && !cli_spec_end(o); o++) {
        if (o->name == NULL || strncmp(o->name, name, len) != 0)
            continue;
        if (o->name[len] == '\0')
            return o;
        found = o;
        matches++;
    }
    if (matches > 1) {
        *ambiguous = true;
        return NULL;
    }
    return found;
}

static const struct cli_opt_spec *
cli_parse_find_short(const struct cli_opt_spec *opts, char c)
{
    for (const struct cli_opt_spec *o = opts; o && !cli_spec_end(o); o++) {
        if (o->name != NULL && o->letter != 0 && o->letter == c)
            return o;
    }
    return NULL;
}

/* Record one option given; refuse a value option given a second time. */
static tstatus
cli_parse_record(struct cli_args *a, const struct cli_opt_spec *o,
                 const char *value, struct err *e)
{
    if (o->kind == CLI_ARG_VALUE && !o->repeat) {
        for (size_t i = 0; i < a->nseen; i++) {
            if (a->seen[i].opt == o)
                return err_set(e, TS_INVALID, NULL,
                               "option '--%s' is given more than once; give "
                               "it once",
                               o->name);
        }
    }
    a->seen[a->nseen].opt = o;
    a->seen[a->nseen].value = value;
    a->nseen++;
    return TS_OK;
}

/* "--name[=value]" at argv[*i]; may take argv[*i + 1] as the value. */
static tstatus
cli_parse_long(struct cli_args *a, int argc, char **argv, int *i, struct err *e)
{
    const char *arg = argv[*i];
    const char *name = arg + 2;
    size_t len = strcspn(name, "=");
    const char *eq = name[len] == '=' ? name + len + 1 : NULL;
    bool ambiguous;
    const struct cli_opt_spec *o =
        cli_parse_find_long(a->opts, name, len, &ambiguous);
    if (o == NULL && ambiguous)
        return err_set(e, TS_INVALID, NULL, "ambiguous option '--%.*s'",
                       (int)len, name);
    if (o == NULL && len == 2 && strncmp(name, "db", 2) == 0)
        return err_set(e, TS_INVALID, NULL,
                       "--db is a global option: put it before the command "
                       "(tether --db PATH %s ...)",
                       argv[0]);
    if (o == NULL)
        return err_set(e, TS_INVALID, NULL, "unknown option '--%.*s'", (int)len,
                       name);
    if (o->refuse)
        return err_set(e, TS_INVALID, NULL, "--%s %s", o->name, o->help);
    if (o->kind == CLI_ARG_NONE) {
        if (eq != NULL)
            return err_set(e, TS_INVALID, NULL, "option '--%s' takes no value",
                           o->name);
        return cli_parse_record(a, o, NULL, e);
    }
    if (eq == NULL) {
        if (*i + 1 >= argc)
            return err_set(e, TS_INVALID, NULL, "option '--%s' needs a value",
                           o->name);
        eq = argv[++*i];
    }
    return cli_parse_record(a, o, eq, e);
}

/* "-abc", "-Hvalue" or "-H value" at argv[*i]. */
static tstatus
cli_parse_short(struct cli_args *a, int argc, char **argv, int *i,
                struct err *e)
{
    const char *arg = argv[*i];
    for (size_t j = 1; arg[j] != '\0'; j++) {
        const struct cli_opt_spec *o = cli_parse_find_short(a->opts, arg[j]);
        if (o == NULL)
            return err_set(e, TS_INVALID, NULL, "unknown option '-%c'", arg[j]);
        tstatus st;
        if (o->kind == CLI_ARG_NONE) {
            st = cli_parse_record(a, o, NULL, e);
        } else if (arg[j + 1] != '\0') {
            return cli_parse_record(a, o, arg + j + 1, e);
        } else if (*i + 1 < argc) {
            return cli_parse_record(a, o, argv[++*i], e);
        } else {
            return err_set(e, TS_INVALID, NULL, "option '-%c' needs a value",
                           o->letter);
        }
        if (st != TS_OK)
            return st;
    }
    return TS_OK;
}

/* "missing NAME", "missing METHOD and PATH": the positional arguments from
 * the n-th to the min-th, named by the usage's leading upper-case words
 * (an optional one first, "[NAME]", is not counted). */
static tstatus
cli_parse_missing(const char *usage, int n, int min, struct err *e)
{
    char names[256] = "";
    size_t used = 0;
    int word = 0, named = 0;
    const char *p = usage != NULL ? usage : "";
    const char *close = strchr(p, ']'), *space = strchr(p, ' ');
    if (p[0] == '[' && p[1] >= 'A' && p[1] <= 'Z' && close != NULL &&
        space != NULL && close < space)
        p = space;
    while (*p != '\0' && word < min) {
        size_t len = strcspn(p, " ");
        if (len == 0) {
            p++;
            continue;
        }
        if (!(p[0] >= 'A' && p[0] <= 'Z'))
            break;
        if (word >= n) {
            const char *sep = named == 0        ? ""
                              : word + 1 == min ? " and "
                                                : ", ";
            int w = snprintf(names + used, sizeof names - used, "%s%.*s", sep,
                             (int)len, p);
            if (w > 0 && (size_t)w < sizeof names - used)
                used += (size_t)w;
            named++;
        }
        word++;
        p += len;
    }
    if (word < min || named == 0)
        return err_set(e, TS_INVALID, NULL, "missing arguments");
    return err_set(e, TS_INVALID, NULL, "missing %s", names);
}

tstatus
cli_parse(const struct cli_opt_spec *opts, int min, int max, const char *usage,
          int argc, char **argv, struct cli_args *a, struct err *e)
{
    memset(a, 0, sizeof *a);
    a->opts = opts;
    a->seen = calloc((size_t)argc + 1, sizeof *a->seen);
    a->argv = calloc((size_t)argc + 1, sizeof *a->argv);
    if (a->seen == NULL || a->argv == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    bool only_args = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        tstatus st = TS_OK;
        if (only_args || arg[0] != '-' || arg[1] == '\0')
            a->argv[a->argc++] = argv[i];
        else if (strcmp(arg, "--") == 0)
            only_args = true;
        else if (arg[1] == '-')
            st = cli_parse_long(a, argc, argv, &i, e);
        else
            st = cli_parse_short(a, argc, argv, &i, e);
        if (st != TS_OK)
            return st;
    }
    if (a->argc < min)
        return cli_parse_missing(usage, a->argc, min, e);
    if (max != CLI_MANY && a->argc > max)
        return err_set(e, TS_INVALID, NULL, "too many arguments");
    return TS_OK;
}

void
cli_args_free(struct cli_args *a)
{
    free(a->seen);
    free(a->argv);
    a->seen = NULL;
    a->argv = NULL;
    a->nseen = 0;
    a->argc = 0;
}

const struct cli_opt_spec *
cli_args_spec(const struct cli_args *a, const char *name)
{
    for (const struct cli_opt_spec *o = a->opts; o && !cli_spec_end(o); o++) {
        if (o->name != NULL && strcmp(o->name, name) == 0)
            return o;
    }
    assert(!"asked for an option the command does not declare");
    return NULL;
}

size_t
cli_args_count(const struct cli_args *a, const char *name)
{
    const struct cli_opt_spec *o = cli_args_spec(a, name);
    size_t n = 0;
    for (size_t i = 0; i < a->nseen; i++)
        n += a->seen[i].opt == o;
    return n;
}

bool
cli_args_has(const struct cli_args *a, const char *name)
{
    return cli_args_count(a, name) > 0;
}

const char *
cli_args_value(const struct cli_args *a, const char *name, size_t i)
{
    const struct cli_opt_spec *o = cli_args_spec(a, name);
    for (size_t k = 0; k < a->nseen; k++) {
        if (a->seen[k].opt == o && i-- == 0)
            return a->seen[k].value;
    }
    return NULL;
}

const char *
cli_args_get(const struct cli_args *a, const char *name)
{
    const struct cli_opt_spec *o = cli_args_spec(a, name);
    const char *v = NULL;
    for (size_t k = 0; k < a->nseen; k++) {
        if (a->seen[k].opt == o)
            v = a->seen[k].value;
    }
    return v;
}

/* Print `text` from column `col` (the cursor is at column `at`), wrapped
 * at spaces to CLI_HELP_WIDTH; continuation lines start at `col`. */
static void
cli_opts_wrap(FILE *f, const char *text, int at, int col)
{
    const char *p = text;
    int x = at;
    bool first = true;
    while (*p != '\0') {
        while (*p == ' ')
            p++;
        int len = (int)strcspn(p, " ");
        if (len == 0)
            break;
        if (!first && x + 1 + len > CLI_HELP_WIDTH) {
            fprintf(f, "\n%*s", col, "");
            x = col;
        } else if (!first) {
            fputc(' ', f);
            x++;
        }
        fprintf(f, "%.*s", len, p);
        x += len;
        p += len;
        first = false;
    }
    fputc('\n', f);
}

void
cli_opts_help(FILE *f, const char *title, const struct cli_opt_spec *opts)
{
    if (opts == NULL || cli_spec_end(opts))
        return;
    if (opts->name != NULL)
        fprintf(f, "%s\n", title);
    for (const struct cli_opt_spec *o = opts; !cli_spec_end(o); o++) {
        if (o->name == NULL) {
            fprintf(f, "%s%s\n", o == opts ? "" : "\n", o->help);
            continue;
        }
        if (o->refuse)
            continue;
        char left[128];
        char letter[8] = "";
        if (o->letter)
            snprintf(letter, sizeof letter, "-%c, ", o->letter);
        int n = snprintf(left, sizeof left, "  %s--%s%s%s", letter, o->name,
                         o->value ? " " : "", o->value ? o->value : "");
        char help[512];
        snprintf(help, sizeof help, "%s%s", o->help ? o->help : "",
                 o->repeat ? " (repeatable)" : "");
        /* A long option and value: its text starts on the next line. */
        if (n + 2 > CLI_HELP_COL)
            fprintf(f, "%s\n%*s", left, CLI_HELP_COL, "");
        else
            fprintf(f, "%-*s", CLI_HELP_COL, left);
        cli_opts_wrap(f, help, CLI_HELP_COL, CLI_HELP_COL);
    }
}

void
cli_opts_dump(FILE *f, const char *command, const struct cli_opt_spec *opts)
{
    for (const struct cli_opt_spec *o = opts; o && !cli_spec_end(o); o++) {
        if (o->name == NULL || o->refuse)
            continue;
        char letter[4] = "";
        if (o->letter)
            snprintf(letter, sizeof letter, "-%c", o->letter);
        fprintf(f, "option\t%s\t--%s\t%s\t%s\t%s\n", command, o->name, letter,
                o->value ? o->value : "", o->repeat ? "repeatable" : "once");
    }
}
