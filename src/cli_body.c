/* cli_body.c — see cli_body.h. */
#define _GNU_SOURCE /* asprintf */
#include "cli_body.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonfmt.h"
#include "text.h"

enum cli_body_mode {
    BODY_UNDECIDED,
    BODY_RAW,    /* bytes as they came */
    BODY_RENDER, /* text on a terminal, rendered */
    BODY_PRETTY, /* JSON, pretty-printed as it streams */
    BODY_BINARY, /* a terminal gets a note instead */
};

struct cli_body {
    struct cli_ctx *ctx;
    const struct cli_body_opts *o;
    struct http_sink sink;
    FILE *out;      /* where the body goes: stdout or the -o file */
    bool terminal;  /* out is a terminal and nothing may go raw */
    char *tmp_path; /* -o's temporary file, until renamed */
    bool began;
    enum cli_body_mode mode;
    struct text_render render;
    struct jsonfmt_stream *json;
    bool json_failed;
    struct jsonfmt_error json_error;
    char *content_type;
    size_t size;    /* body bytes seen */
    char last;      /* the last byte written to the terminal */
    bool write_err; /* a write failed (errno in write_errno) */
    int write_errno;
};

/* ---- Writing --------------------------------------------------------- */

static bool
body_failed(struct cli_body *b)
{
    if (!b->write_err) {
        b->write_err = true;
        b->write_errno = errno;
    }
    return false;
}

static bool
body_put(struct cli_body *b, const char *p, size_t n)
{
    if (n == 0)
        return true;
    if (fwrite(p, 1, n, b->out) != n)
        return body_failed(b);
    b->last = p[n - 1];
    return true;
}

static bool
body_render(struct cli_body *b, const char *p, size_t n)
{
    if (n == 0)
        return true;
    if (!text_render_feed_file(&b->render, p, n, b->out))
        return body_failed(b);
    b->last = p[n - 1];
    return true;
}

static bool
body_json_sink(void *ctx, const char *data, size_t len)
{
    return body_put(ctx, data, len);
}

/* One line of the head: rendered on a terminal, as received elsewhere. */
static void
body_head_line(struct cli_body *b, const char *s)
{
    FILE *f = b->ctx->out;
    if (b->ctx->stdout_tty && !b->o->raw)
        text_render_file(f, s, strlen(s), 0);
    else
        fputs(s, f);
    fputc('\n', f);
}

static bool
body_begin(void *ctx, const struct http_response *head)
{
    struct cli_body *b = ctx;
    b->began = true;
    free(b->content_type);
    b->content_type = head->content_type ? strdup(head->content_type) : NULL;
    if (b->o->include) {
        body_head_line(b, head->status_line ? head->status_line : "");
        for (size_t i = 0; i < head->headers.n; i++) {
            char *line = NULL;
            if (asprintf(&line, "%s: %s", head->headers.items[i].key,
                         head->headers.items[i].value) < 0)
                return body_failed(b);
            body_head_line(b, line);
            free(line);
        }
        fputc('\n', b->ctx->out);
    }
    return true;
}

/* The first bytes decide how the body is written. */
static bool
body_decide(struct cli_body *b, const char *p, size_t n)
{
    const char *ct = b->content_type;
    bool json = jsonfmt_looks_like(ct, p, n);
    if (b->terminal && http_body_is_binary(ct, p, n, true)) {
        b->mode = BODY_BINARY;
        return true;
    }
    if (json && (b->terminal ||
                 (b->o->pretty && b->o->out_file == NULL && !b->o->raw))) {
        const char *nc = getenv("NO_COLOR");
        unsigned flags = 0;
        if (b->terminal)
            flags = JSONFMT_SAFE |
                    (nc == NULL || nc[0] == '\0' ? JSONFMT_COLOR : 0);
        struct err e = {0};
        if (jsonfmt_stream_new(flags, body_json_sink, b, &b->json, &e) !=
            TS_OK) {
            errno = ENOMEM;
            return body_failed(b);
        }
        b->mode = BODY_PRETTY;
        return true;
    }
    if (b->terminal) {
        text_render_init(&b->render, TEXT_R_MULTILINE);
        b->mode = BODY_RENDER;
    } else {
        b->mode = BODY_RAW;
    }
    return true;
}

/* Invalid JSON met at p[used]: what was read is out, pretty; the rest
 * follows as received (rendered on a terminal). */
static bool
body_json_stop(struct cli_body *b, const char *p, size_t n, size_t used)
{
    b->json_failed = true;
    jsonfmt_stream_free(b->json);
    b->json = NULL;
    if (b->terminal) {
        text_render_init(&b->render, TEXT_R_MULTILINE);
        b->mode = BODY_RENDER;
        return body_render(b, p + used, n - used);
    }
    b->mode = BODY_RAW;
    return body_put(b, p + used, n - used);
}

static bool
body_write(void *ctx, const char *p, size_t n)
{
    struct cli_body *b = ctx;
    if (b->mode == BODY_UNDECIDED && !body_decide(b, p, n))
        return false;
    b->size += n;
    switch (b->mode) {
    case BODY_RAW:
        return body_put(b, p, n);
    case BODY_RENDER:
        return body_render(b, p, n);
    case BODY_PRETTY: {
        size_t used = 0;
        struct err e = {0};
        tstatus s =
            jsonfmt_stream_feed(b->json, p, n, &used, &b->json_error, &e);
        if (s == TS_INVALID)
            return body_json_stop(b, p, n, used);
        if (s != TS_OK) {
            if (s == TS_NOMEM)
                errno = ENOMEM;
            return body_failed(b);
        }
        return true;
    }
    case BODY_BINARY:
    case BODY_UNDECIDED:
        break;
    }
    return true;
}

/* ---- -o FILE --------------------------------------------------------- */

/* A temporary file beside `path`, with the mode a new file gets (0666
 * less the umask; mkstemp makes 0600). */
static FILE *
body_tmp_file(const char *path, char **tmp)
{
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path + 1) : 0;
    if (asprintf(tmp, "%.*s.%s.tether-XXXXXX", dirlen, path,
                 slash ? slash + 1 : path) < 0) {
        *tmp = NULL;
        return NULL;
    }
    int fd = mkstemp(*tmp);
    if (fd < 0) {
        free(*tmp);
        *tmp = NULL;
        return NULL;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    FILE *f = fdopen(fd, "wb");
    if (f == NULL) {
        close(fd);
        unlink(*tmp);
        free(*tmp);
        *tmp = NULL;
    }
    return f;
}

/* Open -o's destination: a temporary file for a regular file (or a new
 * one), the file itself for anything else (a FIFO, /dev/null). */
static bool
body_open_file(struct cli_body *b)
{
    const char *path = b->o->out_file;
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        b->out = fopen(path, "wb");
    else
        b->out = body_tmp_file(path, &b->tmp_path);
    if (b->out == NULL) {
        fprintf(b->ctx->errs, "tether: output: cannot write %s: %s\n", path,
                strerror(errno));
        return false;
    }
    return true;
}

struct cli_body *
cli_body_new(struct cli_ctx *ctx, const struct cli_body_opts *o)
{
    struct cli_body *b = calloc(1, sizeof *b);
    if (b == NULL) {
        fprintf(ctx->errs, "tether: out of memory\n");
        return NULL;
    }
    b->ctx = ctx;
    b->o = o;
    b->sink = (struct http_sink){body_begin, body_write, b};
    b->out = ctx->out;
    bool to_stdout = o->out_file == NULL || strcmp(o->out_file, "-") == 0;
    b->terminal =
        to_stdout && ctx->stdout_tty && !o->raw && (o->out_file == NULL);
    if (!to_stdout && !body_open_file(b)) {
        free(b);
        return NULL;
    }
    return b;
}

const struct http_sink *
cli_body_sink(struct cli_body *b)
{
    return &b->sink;
}

/* ---- The end --------------------------------------------------------- */

/* Finish what the mode holds back; false when the output is short. */
static bool
body_finish(struct cli_body *b)
{
    bool ok = true;
    switch (b->mode) {
    case BODY_PRETTY: {
        struct err e = {0};
        tstatus s = jsonfmt_stream_finish(b->json, &b->json_error, &e);
        if (s == TS_INVALID)
            b->json_failed = true;
        else if (s != TS_OK)
            ok = body_failed(b);
        break;
    }
    case BODY_RENDER:
        if (!text_render_finish_file(&b->render, b->out))
            ok = body_failed(b);
        break;
    case BODY_BINARY: {
        char *ct = b->content_type ? text_render_dup(b->content_type,
                                                     strlen(b->content_type), 0)
                                   : NULL;
        fprintf(b->out, "binary body, %zu bytes%s%s: use -o FILE or --raw\n",
                b->size, ct ? ", " : "", ct ? ct : "");
        free(ct);
        b->last = '\n';
        break;
    }
    case BODY_RAW:
    case BODY_UNDECIDED:
        break;
    }
    /* A terminal's prompt starts on a line of its own. */
    if (b->terminal && b->size > 0 && b->last != '\n')
        fputc('\n', b->out);
    return ok;
}

/* -o: move the complete body into place, or drop the temporary file. */
static bool
body_commit(struct cli_body *b, bool complete)
{
    const char *path = b->o->out_file;
    bool ok = true;
    if (b->out == b->ctx->out)
        return fflush(b->out) == 0 || body_failed(b);
    if (fclose(b->out) != 0)
        ok = body_failed(b);
    b->out = NULL;
    if (b->tmp_path == NULL)
        return ok;
    if (ok && complete && rename(b->tmp_path, path) != 0)
        ok = body_failed(b);
    if (!ok || !complete) {
        unlink(b->tmp_path);
        fprintf(b->ctx->errs, "tether: output: %s was left as it was\n", path);
    }
    free(b->tmp_path);
    b->tmp_path = NULL;
    return ok;
}

int
cli_body_end(struct cli_body *b, const struct http_response *resp)
{
    FILE *errs = b->ctx->errs;
    bool got = resp != NULL && resp->failure == HTTP_OK;
    bool cut = false;
    if (got && !resp->streamed) {
        /* Not streamed: an empty body, or one kept in memory. */
        if (!b->began)
            body_begin(b, resp);
        if (resp->body_len > 0)
            body_write(b, resp->body, resp->body_len);
        cut = resp->truncated;
    }
    bool ok = body_finish(b) && !b->write_err;
    ok = body_commit(b, got && ok && !cut) && ok;
    if (b->write_err)
        fprintf(errs, "tether: output: cannot write %s: %s\n",
                b->o->out_file && strcmp(b->o->out_file, "-") != 0
                    ? b->o->out_file
                    : "standard output",
                strerror(b->write_errno));
    if (cut)
        fprintf(errs,
                "tether: the body was cut at %zu bytes of %zu: only that "
                "much of it was kept\n",
                resp->body_len, resp->size);
    /* A body only guessed to be JSON by its first byte, on a terminal,
     * is simply shown; one declared JSON or asked for with --pretty is
     * not what was promised. */
    bool json_broken = b->json_failed &&
                       (b->o->pretty || jsonfmt_is_json_type(b->content_type));
    if (json_broken)
        fprintf(errs,
                "tether: the body is not valid JSON: at line %zu, column "
                "%zu (byte %zu): %s; the rest of it is as received\n",
                b->json_error.line, b->json_error.column, b->json_error.offset,
                b->json_error.what);
    return ok && got && !cut && !json_broken ? 0 : 1;
}

void
cli_body_free(struct cli_body *b)
{
    if (b == NULL)
        return;
    if (b->out != NULL && b->out != b->ctx->out)
        fclose(b->out);
    if (b->tmp_path != NULL) {
        unlink(b->tmp_path);
        free(b->tmp_path);
    }
    jsonfmt_stream_free(b->json);
    free(b->content_type);
    free(b);
}
