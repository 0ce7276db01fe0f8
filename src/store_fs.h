/* store_fs.h — private files: directories 0700 and files 0600 whatever the
 * umask. Used by the store and the key file. */
#ifndef TETHER_STORE_FS_H
#define TETHER_STORE_FS_H

#include <stdbool.h>

#include "err.h"

/* Create the missing parent directories of the file `path`, each 0700.
 * Existing directories are left as they are. TS_IO naming the directory. */
tstatus store_fs_make_parents(const char *path, struct err *e);

/* True when `path` exists (any type). */
bool store_fs_exists(const char *path);

#endif
