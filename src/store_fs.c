/* store_fs.c — see store_fs.h. */
#include "store_fs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir one directory 0700; an existing one is fine. */
static tstatus
make_dir(const char *dir, struct err *e)
{
    if (mkdir(dir, 0700) == 0) {
        /* The umask may have taken bits away; set exactly 0700. */
        if (chmod(dir, 0700) != 0)
            return err_set(e, TS_IO, NULL, "cannot set the mode of %s: %s", dir,
                           strerror(errno));
        return TS_OK;
    }
    struct stat sb;
    if (errno == EEXIST && stat(dir, &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return TS_OK;
        return err_set(e, TS_IO, NULL, "%s exists and is not a directory", dir);
    }
    return err_set(e, TS_IO, NULL, "cannot create the directory %s: %s", dir,
                   strerror(errno));
}

tstatus
store_fs_make_parents(const char *path, struct err *e)
{
    char *dir = strdup(path);
    if (dir == NULL)
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    char *slash = strrchr(dir, '/');
    tstatus rc = TS_OK;
    if (slash == NULL || slash == dir)
        goto out; /* relative file in the current directory, or in / */
    *slash = '\0';
    /* Walk down from the top, creating what is missing. */
    for (char *p = dir + 1; rc == TS_OK; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            struct stat sb;
            if (stat(dir, &sb) != 0)
                rc = make_dir(dir, e);
            else if (!S_ISDIR(sb.st_mode))
                rc = err_set(e, TS_IO, NULL, "%s is not a directory", dir);
            *p = c;
            if (c == '\0')
                break;
        }
    }
out:
    free(dir);
    return rc;
}

bool
store_fs_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}
