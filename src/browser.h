/* browser.h — opening the authorization URL in the user's browser, and
 * knowing when not to.
 *
 * A browser is started as $BROWSER (else xdg-open) with the URL as its one
 * argument, through proc_spawn() (no shell, no secret in its environment),
 * in its own process group and with its standard streams on /dev/null so
 * that it can neither take over the terminal nor be killed by the
 * terminal's Ctrl-C. Only public
 * values go on its command line: the authorization URL carries the client
 * id, state and PKCE challenge, never a secret or the PKCE verifier. */
#ifndef TETHER_BROWSER_H
#define TETHER_BROWSER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

/* True when tether runs in a remote session without a display: SSH_CONNECTION
 * or SSH_TTY is set and neither DISPLAY nor WAYLAND_DISPLAY is. Launching a
 * browser there would start one on the server (perhaps a text browser in
 * this very terminal), so callers launch nothing and offer the URL, the
 * ssh -L tunnel and paste-back instead. */
bool browser_session_is_remote(void);

/* Start the browser on `url`. The command is the first entry of $BROWSER
 * (a colon-separated list; words split on blanks; a "%s" word is replaced
 * by the URL, else the URL is appended), or xdg-open when $BROWSER is unset
 * or empty. *pid (may be NULL) receives the child's id for browser_reap().
 * TS_IO when the command cannot be started, naming it. */
tstatus browser_open(const char *url, pid_t *pid, struct err *e);

/* Collect a started browser without waiting. Returns true when it has
 * exited (then *status, which may be NULL, holds its exit status, or 128 +
 * signal). */
bool browser_reap(pid_t pid, int *status);

/* The command that carries a browser's redirect from the user's own machine
 * back to this one: "ssh -L PORT:127.0.0.1:PORT USER@HOST", with USER from
 * $USER (else the password database) and HOST from gethostname(). Best
 * effort: a placeholder word when either is unknown. */
void browser_ssh_hint(int port, char *buf, size_t len);

#endif
