/* browser.c — see browser.h. */
#include "browser.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"

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

    pid_t child;
    tstatus rc = proc_spawn("the browser", argv,
                            PROC_STDIO_NULL | PROC_NEW_PGROUP, &child, e);
    if (rc == TS_IO && e != NULL) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        err_set(e, TS_IO, "browser", "%s; open the URL yourself", msg);
    }
    if (rc != TS_OK)
        return rc;
    if (pid != NULL)
        *pid = child;
    return TS_OK;
}

bool
browser_reap(pid_t pid, int *status)
{
    return proc_reap(pid, status);
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
