/* browser.c — see browser.h. */
#include "browser.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define BROWSER_MAX_ARGS 16

static bool
browser_env_set(const char *name)
{
    const char *v = getenv(name);
    return v != NULL && v[0] != '\0';
}

bool
browser_session_is_remote(void)
{
    bool ssh = browser_env_set("SSH_CONNECTION") || browser_env_set("SSH_TTY");
    bool display =
        browser_env_set("DISPLAY") || browser_env_set("WAYLAND_DISPLAY");
    return ssh && !display;
}

/* Split the first entry of a $BROWSER value into argv, in place in `buf`,
 * with the URL replacing a "%s" word or appended. Returns argc (0 when the
 * entry is empty). */
static int
browser_argv(char *buf, const char *url, char *argv[BROWSER_MAX_ARGS + 2])
{
    char *colon = strchr(buf, ':');
    if (colon != NULL)
        *colon = '\0';
    int argc = 0;
    bool placed = false;
    char *save = NULL;
    for (char *w = strtok_r(buf, " \t", &save);
         w != NULL && argc < BROWSER_MAX_ARGS;
         w = strtok_r(NULL, " \t", &save)) {
        if (strcmp(w, "%s") == 0) {
            argv[argc++] = (char *)url;
            placed = true;
        } else {
            argv[argc++] = w;
        }
    }
    if (argc == 0)
        return 0;
    if (!placed)
        argv[argc++] = (char *)url;
    argv[argc] = NULL;
    return argc;
}

tstatus
browser_open(const char *url, pid_t *pid, struct err *e)
{
    if (pid != NULL)
        *pid = -1;
    const char *env = getenv("BROWSER");
    char buf[1024];
    snprintf(buf, sizeof buf, "%s",
             env != NULL && env[0] != '\0' ? env : "xdg-open");
    char *argv[BROWSER_MAX_ARGS + 2];
    if (browser_argv(buf, url, argv) == 0) {
        snprintf(buf, sizeof buf, "xdg-open");
        browser_argv(buf, url, argv);
    }

    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    for (int fd = 0; fd <= 2; fd++)
        posix_spawn_file_actions_addopen(&fa, fd, "/dev/null",
                                         fd == 0 ? O_RDONLY : O_WRONLY, 0);
    /* Its own process group: Ctrl-C in the terminal is for tether. The
     * signal dispositions tether changed are reset for the child. */
    sigset_t def;
    sigemptyset(&def);
    sigaddset(&def, SIGINT);
    sigaddset(&def, SIGPIPE);
    sigaddset(&def, SIGTERM);
    posix_spawnattr_setsigdefault(&attr, &def);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr,
                             POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);

    pid_t child;
    int rc = posix_spawnp(&child, argv[0], &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0)
        return err_set(e, TS_IO, "browser",
                       "could not start the browser \"%s\": %s; open the "
                       "URL yourself",
                       argv[0], strerror(rc));
    if (pid != NULL)
        *pid = child;
    return TS_OK;
}

bool
browser_reap(pid_t pid, int *status)
{
    if (pid <= 0)
        return true;
    int ws;
    pid_t r;
    do {
        r = waitpid(pid, &ws, WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r == 0)
        return false;
    if (status != NULL) {
        if (r < 0)
            *status = -1;
        else if (WIFEXITED(ws))
            *status = WEXITSTATUS(ws);
        else
            *status = 128 + WTERMSIG(ws);
    }
    return true;
}

void
browser_ssh_hint(int port, char *buf, size_t len)
{
    const char *user = getenv("USER");
    if (user == NULL || user[0] == '\0') {
        struct passwd *pw = getpwuid(getuid());
        user = pw != NULL ? pw->pw_name : "USER";
    }
    char host[256];
    if (gethostname(host, sizeof host) != 0 || host[0] == '\0')
        snprintf(host, sizeof host, "HOST");
    host[sizeof host - 1] = '\0';
    snprintf(buf, len, "ssh -L %d:127.0.0.1:%d %s@%s", port, port, user,
             host);
}
