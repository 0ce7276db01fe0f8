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
 * back to this one: "ssh -L PORT:127.0.0.1:PORT [-p SSHPORT] USER@HOST",
 * from browser_ssh_hint_from() with SSH_CONNECTION, the login user ($USER,
 * else the password database) and this host's fully qualified name (the
 * canonical name of gethostname(), when it has a dot). */
void browser_ssh_hint(int port, char *buf, size_t len);

/* The same from given parts: `ssh_connection` is SSH_CONNECTION's value
 * ("CLIENT CPORT SERVER SPORT", may be NULL); `fqdn` the host's fully
 * qualified name or NULL; `host` its short name or NULL. HOST is fqdn,
 * else the server address of ssh_connection, else host, else "HOST";
 * "-p SPORT" is added when SPORT is not 22. USER is "USER" when `user` is
 * NULL or empty. Writes into buf (truncated to len). */
void browser_ssh_hint_from(int port, const char *ssh_connection,
                           const char *user, const char *fqdn, const char *host,
                           char *buf, size_t len);

#endif
