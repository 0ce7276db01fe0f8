/* cli.c — the command table, global options and dispatch.
 *
 * A command is one table entry defined in its own file (cli_<family>.c).
 * Global options come before the command: `tether [--db PATH] COMMAND ...`.
 * `tether COMMAND --help` and `tether help COMMAND` print a command's help. */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli_cmd.h"

#ifndef TETHER_VERSION
#define TETHER_VERSION "0.1.0"
#endif

/* Every command, in the order `tether help` lists them. Add one line per
 * command; declare it in cli_cmd.h. */
/* clang-format off */
static const struct cli_command *const cli_commands[] = {
    &cli_cmd_list,
    &cli_cmd_show,
    &cli_cmd_add,
    &cli_cmd_edit,
    &cli_cmd_rm,
    &cli_cmd_rename,
    &cli_cmd_copy,
    &cli_cmd_default,
    &cli_cmd_export,
    &cli_cmd_import,
    &cli_cmd_test,
    &cli_cmd_request,
    &cli_cmd_run,
    &cli_cmd_requests,
    &cli_cmd_var,
    &cli_cmd_history,
    &cli_cmd_authorize,
    &cli_cmd_token,
    &cli_cmd_logout,
    &cli_cmd_pane,
    &cli_cmd_check_store,
    &cli_cmd_help,
};
/* clang-format on */

#define CLI_NCOMMANDS (sizeof cli_commands / sizeof cli_commands[0])

/* The options before the command. cli_global_options() reads them; this
 * list gives their help and their lines in `tether --dump-options`. */
static const struct cli_opt_spec cli_global_opts[] = {
    CLI_VALUE("db", 0, "PATH",
              "use the store at PATH (default: $TETHER_DB, else "
              "$XDG_DATA_HOME/tether/tether.db)"),
    CLI_FLAG("version", 0, "print the version"),
    CLI_FLAG("help", 'h', "print this help (after a command: its help)"),
    CLI_OPT_END,
};

static const char cli_global_notes[] =
    "Environment: TETHER_DB, TETHER_KEY_FILE, TETHER_PASSPHRASE,\n"
    "TETHER_BUSY_TIMEOUT (milliseconds), TETHER_ALLOW_CORE=1 (keep core\n"
    "dumps, for debugging), XDG_DATA_HOME, XDG_CONFIG_HOME.\n"
    "Exit status: 0 success, 1 an operation or check failed, 2 usage or\n"
    "validation error.\n";

/* Look a command up by its exact name; NULL when there is none. */
static const struct cli_command *
cli_find(const char *name)
{
    for (size_t i = 0; i < CLI_NCOMMANDS; i++) {
        if (strcmp(cli_commands[i]->name, name) == 0)
            return cli_commands[i];
    }
    return NULL;
}

/* The overview: every command with its arguments and summary. */
static void
cli_print_overview(FILE *f)
{
    fprintf(f, "tether — set up, authorize and test REST API integrations\n"
               "\n"
               "usage: tether [--db PATH] COMMAND [ARGS]\n"
               "       tether            (on a terminal: the screens)\n"
               "\n"
               "Commands:\n");
    int width = 0;
    for (size_t i = 0; i < CLI_NCOMMANDS; i++) {
        int len = (int)strlen(cli_commands[i]->name);
        if (len > width)
            width = len;
    }
    for (size_t i = 0; i < CLI_NCOMMANDS; i++) {
        const struct cli_command *c = cli_commands[i];
        fprintf(f, "  %-*s  %s\n", width, c->name, c->summary);
    }
    fprintf(f, "\nRun 'tether help COMMAND' for a command's options.\n\n");
    cli_opts_help(f, "Global options (before the command):", cli_global_opts);
    fprintf(f, "\n%s", cli_global_notes);
}

/* One command's usage line, its help text and its options. */
static void
cli_print_command_help(FILE *f, const struct cli_command *c)
{
    fprintf(f, "usage: tether %s%s%s\n\n%s\n", c->name, c->args[0] ? " " : "",
            c->args, c->summary);
    if (c->help != NULL)
        fprintf(f, "\n%s", c->help);
    if (c->opts != NULL && (c->opts[0].name != NULL || c->opts[0].help))
        fputc('\n', f);
    cli_opts_help(f, "Options:", c->opts);
}

/* `tether --dump-options`: every command with its argument counts and
 * usage, then every option of the table, global ones under "-". */
static int
cli_dump_options(FILE *f)
{
    for (size_t i = 0; i < CLI_NCOMMANDS; i++) {
        const struct cli_command *c = cli_commands[i];
        char max[16] = "many";
        if (c->max_args != CLI_MANY)
            snprintf(max, sizeof max, "%d", c->max_args);
        fprintf(f, "command\t%s\t%d\t%s\t%s\n", c->name, c->min_args, max,
                c->args);
    }
    cli_opts_dump(f, "-", cli_global_opts);
    for (size_t i = 0; i < CLI_NCOMMANDS; i++)
        cli_opts_dump(f, cli_commands[i]->name, cli_commands[i]->opts);
    return 0;
}

static int
cli_help_run(struct cli_ctx *ctx, const struct cli_args *a)
{
    if (a->argc == 0) {
        cli_print_overview(ctx->out);
        return 0;
    }
    const struct cli_command *c = cli_find(a->argv[0]);
    if (c == NULL)
        return cli_usage(ctx, &cli_cmd_help, "unknown command '%s'",
                         a->argv[0]);
    cli_print_command_help(ctx->out, c);
    return 0;
}

const struct cli_command cli_cmd_help = {
    .name = "help",
    .args = "[COMMAND]",
    .max_args = 1,
    .summary = "Show the commands, or one command's usage and options.",
    .help = NULL,
    .run = cli_help_run,
};

/* True when argv (after the command name, before any "--") asks for help. */
static bool
cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return false;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    }
    return false;
}

/* No command: the screens on a terminal, else the overview. */
static int
cli_no_command(struct cli_ctx *ctx)
{
    cli_screens_fn screens = ctx->ui != NULL ? ctx->ui->screens : NULL;
    if (screens == NULL || !ctx->stdin_tty || !ctx->stdout_tty) {
        cli_print_overview(ctx->out);
        return 0;
    }
    ctx->screens = true;
    struct store *st = cli_store(ctx);
    if (st == NULL)
        return 1;
    return screens(st);
}

/* Parse the global options; returns the index of the command word (argc
 * when there is none), or -1 after handling --help/--version (*rc set). */
static int
cli_global_options(struct cli_ctx *ctx, int argc, char **argv, int *rc)
{
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        const char *a = argv[i];
        if (strcmp(a, "--version") == 0) {
            fprintf(ctx->out, "tether %s\n", TETHER_VERSION);
            *rc = 0;
            return -1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cli_print_overview(ctx->out);
            *rc = 0;
            return -1;
        } else if (strcmp(a, "--db") == 0) {
            if (i + 1 >= argc || argv[i + 1][0] == '\0') {
                fprintf(ctx->errs, "tether: --db needs a path\n");
                *rc = 2;
                return -1;
            }
            ctx->db_path = argv[i + 1];
            i += 2;
        } else if (strncmp(a, "--db=", 5) == 0 && a[5] != '\0') {
            ctx->db_path = a + 5;
            i++;
        } else if (strcmp(a, "--") == 0) {
            return i + 1;
        } else {
            fprintf(
                ctx->errs,
                "tether: unknown global option '%s' (try 'tether --help')\n",
                a);
            *rc = 2;
            return -1;
        }
    }
    return i;
}

int
cli_main(int argc, char **argv, const struct cli_ui *ui)
{
    struct cli_ctx ctx = {
        .ui = ui,
        .out = stdout,
        .errs = stderr,
        .stdin_tty = isatty(STDIN_FILENO),
        .stdout_tty = isatty(STDOUT_FILENO),
    };
    /* Secrets are read from standard input one line at a time: unbuffered,
     * no copy lingers in a stdio buffer and the rest of the input stays
     * unread for whoever reads next. */
    setvbuf(stdin, NULL, _IONBF, 0);
    /* Not a command: the option tables, for the test of the help, the
     * manual page and the README. */
    if (argc == 2 && strcmp(argv[1], "--dump-options") == 0)
        return cli_dump_options(ctx.out);
    int rc = 0;
    int at = cli_global_options(&ctx, argc, argv, &rc);
    if (at < 0)
        return rc;

    if (at >= argc) {
        rc = cli_no_command(&ctx);
    } else {
        const struct cli_command *c = cli_find(argv[at]);
        if (c == NULL) {
            fprintf(ctx.errs,
                    "tether: unknown command '%s' (try 'tether help')\n",
                    argv[at]);
            return 2;
        }
        if (cli_wants_help(argc - at, argv + at)) {
            cli_print_command_help(ctx.out, c);
            return 0;
        }
        struct cli_args args;
        rc = cli_command_parse(&ctx, c, argc - at, argv + at, &args);
        if (rc == 0)
            rc = c->run(&ctx, &args);
        cli_args_free(&args);
    }
    /* A read that worked on a store that cannot be written says why (a
     * change that failed has said so already). */
    if (ctx.store != NULL && rc == 0 && store_read_only(ctx.store) != NULL)
        cli_warn(&ctx, "%s", store_read_only(ctx.store));
    if (ctx.store != NULL)
        store_close(ctx.store);
    cli_shown_free(&ctx);
    if (fflush(ctx.out) != 0 && rc == 0) {
        fprintf(ctx.errs, "tether: writing the output failed\n");
        rc = 1;
    }
    return rc;
}
