/* browser.c — see browser.h. */
#include "browser.h"

#include <netdb.h>
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

/* A word of an SSH_CONNECTION value that may go on a command line: an
 * address or a port (hex digits, '.', ':', '%' for a zone). */
static bool
browser_plain_word(const char *w)
{
    return w[0] != '\0' && strspn(w, "0123456789abcdefABCDEF.:%") == strlen(w);
}

void
browser_ssh_hint_from(int port, const char *ssh_connection, const char *user,
                      const char *fqdn, const char *host, char *buf, size_t len)
{
    char conn[256], server[128] = "", sport[16] = "";
    snprintf(conn, sizeof conn, "%s", ssh_connection ? ssh_connection : "");
    char *save = NULL, *w[4] = {0};
    int n = 0;
    for (char *t = strtok_r(conn, " \t", &save); t != NULL && n < 4;
         t = strtok_r(NULL, " \t", &save))
        w[n++] = t;
    if (n == 4 && browser_plain_word(w[2]))
        snprintf(server, sizeof server, "%s", w[2]);
    if (n == 4 && strspn(w[3], "0123456789") == strlen(w[3]) &&
        w[3][0] != '\0' && strcmp(w[3], "22") != 0 && strlen(w[3]) <= 5)
        snprintf(sport, sizeof sport, " -p %s", w[3]);
    const char *h = fqdn != NULL && fqdn[0] != '\0'   ? fqdn
                    : server[0] != '\0'               ? server
                    : host != NULL && host[0] != '\0' ? host
                                                      : "HOST";
    snprintf(buf, len, "ssh -L %d:127.0.0.1:%d%s %s@%s", port, port, sport,
             user != NULL && user[0] != '\0' ? user : "USER", h);
}

/* This host's canonical name when it is fully qualified (has a dot). */
static bool
browser_fqdn(const char *host, char *buf, size_t len)
{
    struct addrinfo hints = {.ai_flags = AI_CANONNAME,
                             .ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM};
    struct addrinfo *res = NULL;
    if (host[0] == '\0' || getaddrinfo(host, NULL, &hints, &res) != 0)
        return false;
    bool ok = res != NULL && res->ai_canonname != NULL &&
              strchr(res->ai_canonname, '.') != NULL;
    if (ok)
        snprintf(buf, len, "%s", res->ai_canonname);
    freeaddrinfo(res);
    return ok;
}

void
browser_ssh_hint(int port, char *buf, size_t len)
{
    const char *user = getenv("USER");
    if (user == NULL || user[0] == '\0') {
        struct passwd *pw = getpwuid(getuid());
        user = pw != NULL ? pw->pw_name : NULL;
    }
    char host[256] = "", fqdn[256];
    if (gethostname(host, sizeof host) != 0)
        host[0] = '\0';
    host[sizeof host - 1] = '\0';
    if (strchr(host, '.') != NULL)
        snprintf(fqdn, sizeof fqdn, "%s", host);
    else if (!browser_fqdn(host, fqdn, sizeof fqdn))
        fqdn[0] = '\0';
    browser_ssh_hint_from(port, getenv("SSH_CONNECTION"), user, fqdn, host, buf,
                          len);
}
