/* cli_request.h — what `tether request` shares with `tether run`: the
 * options that shape the answer, and sending a saved request. */
#ifndef TETHER_CLI_REQUEST_H
#define TETHER_CLI_REQUEST_H

#include "cli_cmd.h"
#include "saved.h"

/* The options read by cli_request_saved(), for a command's option list. */
/* clang-format off */
#define CLI_REQUEST_OUTPUT_OPTS                                                \
    CLI_LIST("var", 0, "K=V",                                                  \
             "fill {{K}} with V where the integration sets no K"),             \
    CLI_FLAG("include", 'i', "print the status line and headers first"),       \
    CLI_FLAG("json", 0,                                                        \
             "print an envelope: status, headers, timings, the rate-limit "    \
             "headers, body"),                                                 \
    CLI_VALUE("filter", 0, "EXPR",                                             \
              "print only the value EXPR selects in a JSON body, as JSON: a "  \
              "JSON Pointer (/items/0/id) or a path (.items[0].id); a value "  \
              "that is not there is an error naming the missing key"),         \
    CLI_FLAG("pretty", 0,                                                      \
             "pretty-print a JSON body even when standard output is not a "    \
             "terminal"),                                                      \
    CLI_FLAG("raw", 0, "write the body as received even to a terminal"),       \
    CLI_VALUE("output", 'o', "FILE",                                           \
              "write the body to FILE, as received (replaced once the body "   \
              "is complete; - is standard output)"),                           \
    CLI_FLAG("curl", 0,                                                        \
             "print the equivalent curl command, with each secret as a shell " \
             "variable ($API_KEY, $PASSWORD, $ACCESS_TOKEN) and secret "       \
             "variables redacted, instead of sending"),                        \
    CLI_VALUE("timeout", 0, "S",                                               \
              "total time limit (default: the integration's, 30 s)"),         \
    CLI_VALUE("connect-timeout", 0, "S",                                       \
              "connection time limit (default 10 s)")
/* clang-format on */

/* Fill sr's {{variables}} — those of ig (the integration it goes
 * through), then of `owner` (the integration it was saved under, when
 * another; NULL: none), then --var K=V, with {{env.X}} from the
 * environment — and send it through ig, printing the answer as `tether
 * request` does, per the options of CLI_REQUEST_OUTPUT_OPTS in `a`. An
 * unknown variable is an error naming it; nothing is sent then. The
 * values of secret variables are redacted in the history and in --curl.
 * Returns the exit status. */
int cli_request_saved(struct cli_ctx *ctx, struct store *st,
                      struct integration *ig, const char *owner,
                      const struct saved_request *sr, const struct cli_args *a);

#endif
