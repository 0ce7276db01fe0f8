/* cli_util.c — helpers shared by every command: the store, error and usage
 * messages, confirmation, and reading secrets without putting them on the
 * command line or on the screen. */
#define _GNU_SOURCE /* vasprintf */
#include "cli_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>

#include <cJSON.h>
#include <unistd.h>

#include "jsonout.h"
#include "text.h"

#define CLI_SECRET_MAX (64 * 1024) /* bytes in one secret line */

/* TETHER_BUSY_TIMEOUT: milliseconds to wait for a locked store; 0 (the
 * store's default) when unset or not a positive number. */
static int
cli_busy_timeout(void)
{
    const char *s = getenv("TETHER_BUSY_TIMEOUT");
    if (s == NULL || *s == '\0')
        return 0;
    char *end;
    long ms = strtol(s, &end, 10);
    return (*end == '\0' && ms > 0 && ms <= 3600000) ? (int)ms : 0;
}

tstatus
cli_get_or_default(struct store *st, const char *name, unsigned flags,
                   struct integration **out, struct err *e)
{
    if (name != NULL)
        return store_get(st, name, flags, out, e);
    tstatus s = store_get_default(st, flags, out, e);
    if (s == TS_NOT_FOUND)
        err_set(e, TS_NOT_FOUND, "name",
                "no integration was named and none is the default: give a "
                "NAME, or make one the default with 'tether edit NAME "
                "--default'");
    return s;
}

struct store *
cli_store(struct cli_ctx *ctx)
{
    if (ctx->store != NULL)
        return ctx->store;
    /* NULL path, key file and passphrase: the store's defaults, which
     * honour TETHER_DB, TETHER_KEY_FILE and TETHER_PASSPHRASE. */
    struct store_options opt = {
        .path = ctx->db_path,
        .key_file = NULL,
        .passphrase = NULL,
        .busy_timeout_ms = cli_busy_timeout(),
        .one_thread = !ctx->screens,
        .map_file = !ctx->screens,
    };
    struct err e;
    err_clear(&e);
    if (store_open(&opt, &ctx->store, &e) != TS_OK) {
        ctx->store = NULL;
        cli_fail(ctx, &e);
        return NULL;
    }
    return ctx->store;
}

int
cli_fail(struct cli_ctx *ctx, const struct err *e)
{
    /* Messages quote servers, files and pastes: rendered, their own line
     * breaks kept. */
    fputs("tether: ", ctx->errs);
    if (e->field[0] != '\0') {
        text_render_file(ctx->errs, e->field, strlen(e->field), 0);
        fputs(": ", ctx->errs);
    }
    text_render_file(ctx->errs, e->msg, strlen(e->msg), TEXT_R_NEWLINES);
    fputc('\n', ctx->errs);
    return err_exit_code(e->status);
}

/* Format a message and write it to f rendered, its line breaks kept. */
static void
cli_vput(FILE *f, const char *fmt, va_list ap)
{
    char *s = NULL;
    int n = vasprintf(&s, fmt, ap);
    if (n < 0) {
        fputs("(out of memory)", f);
        return;
    }
    text_render_file(f, s, (size_t)n, TEXT_R_NEWLINES);
    free(s);
}

struct cli_shown {
    struct cli_shown *next;
    char *text;
};

const char *
cli_safe(struct cli_ctx *ctx, const char *s)
{
    if (s == NULL || s[0] == '\0')
        return "";
    struct cli_shown *k = malloc(sizeof *k);
    char *text = text_render_dup(s, strlen(s), 0);
    if (k == NULL || text == NULL) {
        free(k);
        free(text);
        return "(out of memory)";
    }
    k->text = text;
    k->next = ctx->shown;
    ctx->shown = k;
    return text;
}

void
cli_shown_free(struct cli_ctx *ctx)
{
    while (ctx->shown != NULL) {
        struct cli_shown *k = ctx->shown;
        ctx->shown = k->next;
        sodium_memzero(k->text, strlen(k->text)); /* may be a token */
        free(k->text);
        free(k);
    }
}

void
cli_put_cell(FILE *f, const char *s, size_t cols)
{
    fputs(s, f);
    for (size_t w = text_width_str(s); w < cols; w++)
        fputc(' ', f);
}

int
cli_usage(struct cli_ctx *ctx, const struct cli_command *cmd, const char *fmt,
          ...)
{
    va_list ap;
    fprintf(ctx->errs, "tether %s: ", cmd->name);
    va_start(ap, fmt);
    cli_vput(ctx->errs, fmt, ap);
    va_end(ap);
    fprintf(ctx->errs, "\nusage: tether %s%s%s\n(see 'tether help %s')\n",
            cmd->name, cmd->args[0] ? " " : "", cmd->args, cmd->name);
    return 2;
}

int
cli_command_parse(struct cli_ctx *ctx, const struct cli_command *cmd, int argc,
                  char **argv, struct cli_args *a)
{
    struct err e;
    err_clear(&e);
    tstatus st = cli_parse(cmd->opts, cmd->min_args, cmd->max_args, cmd->args,
                           argc, argv, a, &e);
    if (st == TS_OK)
        return 0;
    if (st == TS_INVALID)
        return cli_usage(ctx, cmd, "%s", e.msg);
    return cli_fail(ctx, &e);
}

void
cli_warn(struct cli_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    fprintf(ctx->errs, "tether: warning: ");
    va_start(ap, fmt);
    cli_vput(ctx->errs, fmt, ap);
    va_end(ap);
    fputc('\n', ctx->errs);
}

bool
cli_confirm(struct cli_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cli_vput(ctx->errs, fmt, ap);
    va_end(ap);
    fprintf(ctx->errs, " [y/N] ");
    fflush(ctx->errs);

    char *line = NULL;
    size_t cap = 0;
    bool yes = false;
    if (getline(&line, &cap, stdin) > 0)
        yes = line[0] == 'y' || line[0] == 'Y';
    else
        fputc('\n', ctx->errs);
    free(line);
    return yes;
}

/* A growable buffer whose old copies are wiped when it grows. */
struct cli_secret_buf {
    char *p;
    size_t len, cap;
};

static bool
cli_secret_buf_push(struct cli_secret_buf *b, char ch)
{
    if (b->len + 1 >= b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 128;
        if (cap > CLI_SECRET_MAX)
            return false;
        char *p = malloc(cap);
        if (p == NULL)
            return false;
        if (b->p != NULL) {
            memcpy(p, b->p, b->len);
            sodium_memzero(b->p, b->cap);
            free(b->p);
        }
        b->p = p;
        b->cap = cap;
    }
    b->p[b->len++] = ch;
    b->p[b->len] = '\0';
    return true;
}

static void
cli_secret_buf_wipe(struct cli_secret_buf *b)
{
    if (b->p != NULL) {
        sodium_memzero(b->p, b->cap);
        free(b->p);
    }
    b->p = NULL;
    b->len = b->cap = 0;
}

/* One line from standard input, without its line ending. */
static tstatus
cli_read_stdin_line(char **out, struct err *e)
{
    struct cli_secret_buf b = {0};
    int ch;
    bool any = false;
    while ((ch = getchar()) != EOF && ch != '\n') {
        any = true;
        if (!cli_secret_buf_push(&b, (char)ch)) {
            cli_secret_buf_wipe(&b);
            return err_set(e, TS_INVALID, NULL,
                           "the secret on standard input is longer than %d "
                           "bytes",
                           CLI_SECRET_MAX);
        }
    }
    if (b.len > 0 && b.p[b.len - 1] == '\r')
        b.p[--b.len] = '\0';
    if (!any && ch == EOF)
        return err_set(e, TS_INVALID, NULL,
                       "standard input ended before the secret was read");
    if (b.len == 0)
        return err_set(e, TS_INVALID, NULL,
                       "the secret read from standard input is empty");
    *out = b.p;
    return TS_OK;
}

/* The signal that interrupted a terminal prompt, 0 while none did. Written
 * only by cli_tty_on_signal() during cli_prompt_tty(). */
static volatile sig_atomic_t cli_tty_signal;

static void
cli_tty_on_signal(int sig)
{
    cli_tty_signal = sig;
}

static const int cli_tty_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define CLI_NSIGNALS (sizeof cli_tty_signals / sizeof cli_tty_signals[0])

/* Read one line from the terminal with echo off. The terminal settings are
 * restored before returning, also when a signal interrupts the prompt; the
 * signal is then delivered again with its previous disposition. */
static tstatus
cli_prompt_tty(const char *prompt, char **out, struct err *e)
{
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return err_set(e, TS_IO, NULL, "cannot open the terminal: %s",
                       strerror(errno));
    struct termios saved, quiet;
    if (tcgetattr(fd, &saved) != 0) {
        close(fd);
        return err_set(e, TS_IO, NULL, "cannot read the terminal settings: %s",
                       strerror(errno));
    }

    struct sigaction sa = {.sa_handler = cli_tty_on_signal}, old[CLI_NSIGNALS];
    sigemptyset(&sa.sa_mask);
    cli_tty_signal = 0;
    for (size_t i = 0; i < CLI_NSIGNALS; i++) {
        sigaction(cli_tty_signals[i], NULL, &old[i]);
        if (old[i].sa_handler != SIG_IGN)
            sigaction(cli_tty_signals[i], &sa, NULL);
    }

    quiet = saved;
    quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK);
    quiet.c_lflag |= ICANON | ECHONL;
    tcsetattr(fd, TCSAFLUSH, &quiet);
    if (write(fd, prompt, strlen(prompt)) < 0) {
        /* The prompt is a courtesy; reading still works. */
    }

    struct cli_secret_buf b = {0};
    tstatus st = TS_OK;
    for (;;) {
        char ch;
        if (cli_tty_signal != 0)
            break;
        ssize_t n = read(fd, &ch, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || ch == '\n')
            break;
        if (!cli_secret_buf_push(&b, ch)) {
            st = err_set(e, TS_INVALID, NULL, "the secret is too long");
            break;
        }
    }

    tcsetattr(fd, TCSANOW, &saved);
    close(fd);
    for (size_t i = 0; i < CLI_NSIGNALS; i++)
        sigaction(cli_tty_signals[i], &old[i], NULL);

    if (cli_tty_signal != 0) {
        cli_secret_buf_wipe(&b);
        raise(cli_tty_signal);
        return err_set(e, TS_CANCELLED, NULL, "cancelled");
    }
    if (st == TS_OK && b.len == 0)
        st = err_set(e, TS_INVALID, NULL, "no secret was entered");
    if (st != TS_OK) {
        cli_secret_buf_wipe(&b);
        return st;
    }
    *out = b.p;
    return TS_OK;
}

tstatus
cli_read_secret(struct cli_ctx *ctx, const char *prompt, bool from_stdin,
                char **out, struct err *e)
{
    *out = NULL;
    if (ctx->stdin_tty)
        return cli_prompt_tty(prompt, out, e);
    if (from_stdin)
        return cli_read_stdin_line(out, e);
    return err_set(e, TS_INVALID, NULL,
                   "a secret is needed and standard input is not a terminal");
}

int
cli_print_json(struct cli_ctx *ctx, cJSON *doc)
{
    char *text = jsonout_print(doc);
    cJSON_Delete(doc);
    if (text == NULL) {
        fprintf(ctx->errs, "tether: out of memory\n");
        return 1;
    }
    fprintf(ctx->out, "%s\n", text);
    sodium_memzero(text, strlen(text));
    free(text);
    return 0;
}
