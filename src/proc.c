/* proc.c — see proc.h. */
#define _GNU_SOURCE /* posix_spawn_file_actions_addclosefrom_np */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

bool
proc_protect_memory(void)
{
    const char *allow = getenv(PROC_ALLOW_CORE_VAR);
    if (allow != NULL && allow[0] != '\0' && strcmp(allow, "0") != 0)
        return false;
    struct rlimit none = {0, 0};
    bool ok = setrlimit(RLIMIT_CORE, &none) == 0;
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 && ok;
}

/* The variables no child may see: an exact name, or a prefix of names. */
static const struct {
    const char *name;
    bool prefix;
} proc_secret_vars[] = {
    {"TETHER_PASSPHRASE", false},
    {"TETHER_KEY", true},
};

bool
proc_env_is_secret(const char *entry)
{
    size_t len = strcspn(entry, "=");
    for (size_t i = 0; i < sizeof proc_secret_vars / sizeof *proc_secret_vars;
         i++) {
        size_t n = strlen(proc_secret_vars[i].name);
        if (len < n || strncmp(entry, proc_secret_vars[i].name, n) != 0)
            continue;
        if (proc_secret_vars[i].prefix || len == n)
            return true;
    }
    return false;
}

char **
proc_child_env(char *const *env)
{
    size_t n = 0;
    while (env != NULL && env[n] != NULL)
        n++;
    char **out = malloc((n + 1) * sizeof *out);
    if (out == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!proc_env_is_secret(env[i]))
            out[k++] = env[i];
    out[k] = NULL;
    return out;
}

/* The spawn attributes and file actions for `flags`. False on failure
 * (both are then destroyed). */
static bool
proc_prepare(unsigned flags, posix_spawn_file_actions_t *fa,
             posix_spawnattr_t *attr)
{
    if (posix_spawn_file_actions_init(fa) != 0)
        return false;
    if (posix_spawnattr_init(attr) != 0) {
        posix_spawn_file_actions_destroy(fa);
        return false;
    }
    int rc = 0;
    if (flags & PROC_STDIO_NULL)
        for (int fd = 0; fd <= 2 && rc == 0; fd++)
            rc = posix_spawn_file_actions_addopen(
                fa, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
    /* Nothing tether has open (the store, sockets, pipes) goes along. */
    if (rc == 0)
        rc = posix_spawn_file_actions_addclosefrom_np(fa, 3);
    /* The signals tether ignores or catches are the child's own again. */
    sigset_t def;
    sigemptyset(&def);
    sigaddset(&def, SIGINT);
    sigaddset(&def, SIGPIPE);
    sigaddset(&def, SIGTERM);
    short sflags = POSIX_SPAWN_SETSIGDEF;
    if (rc == 0)
        rc = posix_spawnattr_setsigdefault(attr, &def);
    if (rc == 0 && (flags & PROC_NEW_PGROUP)) {
        rc = posix_spawnattr_setpgroup(attr, 0);
        sflags |= POSIX_SPAWN_SETPGROUP;
    }
    if (rc == 0)
        rc = posix_spawnattr_setflags(attr, sflags);
    if (rc != 0) {
        posix_spawn_file_actions_destroy(fa);
        posix_spawnattr_destroy(attr);
        return false;
    }
    return true;
}

tstatus
proc_spawn(const char *what, char *const argv[], unsigned flags, pid_t *pid,
           struct err *e)
{
    *pid = -1;
    char **env = proc_child_env(environ);
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    if (env == NULL || !proc_prepare(flags, &fa, &attr)) {
        free(env);
        return err_set(e, TS_NOMEM, NULL, "out of memory to start %s", what);
    }
    pid_t child;
    int rc = posix_spawnp(&child, argv[0], &fa, &attr, argv, env);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    free(env);
    if (rc != 0)
        return err_set(e, TS_IO, NULL, "could not start %s \"%s\": %s", what,
                       argv[0], strerror(rc));
    *pid = child;
    return TS_OK;
}

/* The status proc_reap() reports for a wait status. */
static int
proc_status(int ws)
{
    if (WIFEXITED(ws))
        return WEXITSTATUS(ws);
    if (WIFSIGNALED(ws))
        return 128 + WTERMSIG(ws);
    return -1;
}

bool
proc_reap(pid_t pid, int *status)
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
    if (status != NULL)
        *status = r < 0 ? -1 : proc_status(ws);
    return true;
}

int
proc_wait(pid_t pid)
{
    if (pid <= 0)
        return -1;
    int ws;
    pid_t r;
    do {
        r = waitpid(pid, &ws, 0);
    } while (r < 0 && errno == EINTR);
    return r < 0 ? -1 : proc_status(ws);
}
