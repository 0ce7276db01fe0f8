/* cli_body.h — where `tether request` puts a response: the body streamed
 * as it arrives (any size, constant memory) to standard output or a file,
 * and the -i head before it.
 *
 * To a pipe or a file the bytes pass as they came (--pretty: JSON
 * pretty-printed as it streams). To a terminal nothing server-controlled
 * goes raw: the head and text bodies through text.h's renderer, JSON
 * pretty-printed with its dangerous characters as \uXXXX, and a binary
 * body (http_body_is_binary()) as a one-line note with its size and type;
 * --raw writes the bytes as they came even there. -o FILE writes the body
 * to a temporary file beside FILE, renamed over it once the body is
 * complete (FILE is overwritten, as curl does; a failed transfer leaves it
 * as it was). */
#ifndef TETHER_CLI_BODY_H
#define TETHER_CLI_BODY_H

#include <stdbool.h>

#include "cli_cmd.h"
#include "http.h"

struct cli_body_opts {
    bool include;         /* -i: the status line and headers first */
    bool pretty;          /* --pretty: JSON pretty even to a pipe */
    bool raw;             /* --raw: bytes as they came even to a terminal */
    const char *out_file; /* -o FILE ("-": standard output, as --raw) */
};

struct cli_body;

/* Start one for a run; with -o FILE the temporary file is made now. On
 * failure says why on stderr and returns NULL. `ctx` and `o` are
 * borrowed until cli_body_free(). */
struct cli_body *cli_body_new(struct cli_ctx *ctx,
                              const struct cli_body_opts *o);

/* The sink to hand the request (http_request.sink). */
const struct http_sink *cli_body_sink(struct cli_body *b);

/* After the exchange: writes what did not stream (an empty body, or one
 * left in memory), ends the output, moves -o's file into place, and says
 * on stderr what is incomplete. Returns 0, or 1 when the output is not the
 * whole body as promised: the transfer failed, the body was cut, --pretty
 * met invalid JSON, or a write failed. `resp` may be NULL (nothing came). */
int cli_body_end(struct cli_body *b, const struct http_response *resp);

/* Release; a temporary file not moved into place is removed. NULL is
 * allowed. */
void cli_body_free(struct cli_body *b);

#endif
