/* proc.h — tether's process and its children: memory kept out of core
 * dumps, and the programs tether runs (the browser, the editor) started
 * without tether's secrets.
 *
 * At start, before any secret is read, proc_protect_memory() turns core
 * dumps off (RLIMIT_CORE 0) and makes the process non-dumpable
 * (PR_SET_DUMPABLE 0: no core file, no ptrace by other processes of the
 * user, /proc/PID/mem and environ readable by root only). Setting
 * TETHER_ALLOW_CORE=1 keeps both as they were, for debugging a crash.
 *
 * Every child process tether starts goes through proc_spawn(): directly
 * with posix_spawn (no shell), with an environment from proc_child_env()
 * (tether's own, minus every variable that carries a secret or says where
 * one is kept), with no descriptor beyond its standard streams, and with
 * the signals tether ignores or catches back at their defaults. The argv
 * is the caller's: callers put only public values there (a URL with the
 * client id, state and PKCE challenge; a file name), never a secret. */
#ifndef TETHER_PROC_H
#define TETHER_PROC_H

#include <stdbool.h>
#include <sys/types.h>

#include "err.h"

/* The variable that keeps core dumps possible (any value but "" or "0"). */
#define PROC_ALLOW_CORE_VAR "TETHER_ALLOW_CORE"

/* Unless $TETHER_ALLOW_CORE allows them, set RLIMIT_CORE to 0 (soft and
 * hard) and PR_SET_DUMPABLE to 0 for this process. Returns true when both
 * took effect, false when core dumps were allowed or either call failed
 * (nothing else to do then: a start never fails for it). */
bool proc_protect_memory(void);

enum proc_flags {
    PROC_STDIO_NULL = 1u << 0, /* stdin, stdout and stderr on /dev/null */
    PROC_NEW_PGROUP = 1u << 1, /* its own process group: the terminal's
                                  Ctrl-C is then for tether alone */
};

/* True when the environment entry `entry` ("NAME=value", or a bare NAME)
 * must not reach a child: TETHER_PASSPHRASE (the store's passphrase) and
 * every TETHER_KEY* variable (where the encryption key is kept). */
bool proc_env_is_secret(const char *entry);

/* The environment for a child: the entries of `env` (NULL-terminated, as
 * environ) that proc_env_is_secret() lets through, in order. Returns a new
 * NULL-terminated array whose strings are those of `env` (not copied):
 * free() the array only, while `env` is unchanged. NULL when out of
 * memory. */
char **proc_child_env(char *const *env);

/* Start argv[0] (looked up in PATH when it has no slash) with arguments
 * argv (NULL-terminated), the environment of proc_child_env(environ) and
 * `flags` (enum proc_flags). *pid receives the child's id (-1 on failure).
 * `what` names the program's role in messages ("the browser"). TS_IO
 * ("could not start the browser "x": reason") when it cannot be started
 * (some libcs report that instead as the child exiting with status 127);
 * TS_NOMEM when out of memory. */
tstatus proc_spawn(const char *what, char *const argv[], unsigned flags,
                   pid_t *pid, struct err *e);

/* Collect a child without waiting. Returns true when it has exited (or is
 * not ours to wait for); then *status, which may be NULL, holds its exit
 * status, 128 + the signal that ended it, or -1 when it cannot be known.
 * A pid <= 0 counts as exited. */
bool proc_reap(pid_t pid, int *status);

/* Wait for a child to exit and return its status as proc_reap() gives it. */
int proc_wait(pid_t pid);

#endif
