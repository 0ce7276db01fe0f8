/* replay.c — main() for a harness built without libFuzzer: run
 * LLVMFuzzerTestOneInput() once over each file named on the command line,
 * and over every regular file (by name order) of each directory named.
 * Prints "replayed N inputs" and exits 0 when every input ran; a harness
 * that finds a broken promise aborts, after the input's path was printed
 * to standard error. Exits 2 when a path cannot be read, 3 when there was
 * no input at all (an empty corpus proves nothing). */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* The whole file at path in a new buffer (*n bytes); NULL on error. */
static uint8_t *
replay_read(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf != NULL && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            uint8_t *t = realloc(buf, cap * 2);
            if (t == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = t;
            cap *= 2;
        }
    }
    if (buf != NULL && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *n = len;
    return buf;
}

/* Run the harness on one file; false when it cannot be read. The input is
 * copied into an allocation of its exact size, so that ASan sees a read
 * past its end. */
static bool
replay_file(const char *path)
{
    size_t n;
    uint8_t *buf = replay_read(path, &n);
    if (buf == NULL) {
        fprintf(stderr, "replay: cannot read %s: %s\n", path, strerror(errno));
        return false;
    }
    uint8_t *exact = malloc(n ? n : 1);
    if (exact == NULL) {
        free(buf);
        return false;
    }
    memcpy(exact, buf, n);
    free(buf);
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, n);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return true;
}

static int
replay_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run every regular file of dir, in name order; *count grows by their
 * number. False when something could not be read. */
static bool
replay_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "replay: cannot open %s: %s\n", dir, strerror(errno));
        return false;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    struct dirent *de;
    while (ok && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **t = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *t);
            if (t == NULL) {
                ok = false;
                break;
            }
            names = t;
        }
        size_t len = strlen(dir) + strlen(de->d_name) + 2;
        if ((names[n] = malloc(len)) == NULL) {
            ok = false;
            break;
        }
        snprintf(names[n++], len, "%s/%s", dir, de->d_name);
    }
    closedir(d);
    if (n > 0)
        qsort(names, n, sizeof *names, replay_cmp);
    for (size_t i = 0; i < n; i++) {
        struct stat sb;
        if (ok && stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode)) {
            ok = replay_file(names[i]);
            *count += ok;
        }
        free(names[i]);
    }
    free(names);
    return ok;
}

int
main(int argc, char **argv)
{
    size_t count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            return 2;
        }
        if (S_ISDIR(sb.st_mode) ? !replay_dir(argv[i], &count)
                                : !replay_file(argv[i]))
            return 2;
        if (!S_ISDIR(sb.st_mode))
            count++;
    }
    printf("replayed %zu inputs\n", count);
    return count > 0 ? 0 : 3;
}
