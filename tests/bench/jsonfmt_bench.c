/* jsonfmt_bench.c — drive the JSON formatter for tests/bench/json.sh.
 *
 *   jsonfmt_bench FILE           pretty-print FILE to stdout, as
 *                                `tether request ... --pretty` does: fed
 *                                to the stream in 16 KiB chunks (what
 *                                curl hands over), never held whole
 *   jsonfmt_bench --viewer FILE  what the response viewer does: build the
 *                                line index, render the last and first 50
 *                                lines, search every line for a missing
 *                                word (case-insensitive) and a missing
 *                                phrase; prints timings and the index size */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "jsonfmt.h"

static double
bench_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static bool
bench_sink(void *ctx, const char *data, size_t len)
{
    return fwrite(data, 1, len, ctx) == len;
}

/* Pretty-print FILE to stdout through the stream, chunk by chunk. */
static int
bench_stream(const char *path)
{
    static char chunk[16384];
    struct jsonfmt_stream *js = NULL;
    struct err e;
    FILE *f = fopen(path, "rb");
    if (f == NULL ||
        jsonfmt_stream_new(0, bench_sink, stdout, &js, &e) != TS_OK) {
        perror(path);
        return 1;
    }
    tstatus st = TS_OK;
    size_t n;
    while (st == TS_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        st = jsonfmt_stream_feed(js, chunk, n, NULL, NULL, &e);
    if (st == TS_OK)
        st = jsonfmt_stream_finish(js, NULL, &e);
    if (st != TS_OK)
        fprintf(stderr, "%s\n", e.msg);
    jsonfmt_stream_free(js);
    fclose(f);
    return st == TS_OK ? 0 : 1;
}

/* Read a whole file into memory, as a response body would be. */
static char *
bench_slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(path);
        exit(1);
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t got = 0;
    while (buf != NULL && got < (size_t)st.st_size) {
        ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
        if (r <= 0) {
            perror(path);
            exit(1);
        }
        got += (size_t)r;
    }
    close(fd);
    if (buf == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    *len = got;
    return buf;
}

static int
bench_viewer(const char *body, size_t len)
{
    struct err e;
    struct jsonfmt_index *idx = NULL;
    double t0 = bench_now();
    if (jsonfmt_index_build(body, len, 0, &idx, &e) != TS_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    double t1 = bench_now();
    struct jsonfmt_line line = {0};
    size_t n = jsonfmt_index_count(idx);
    for (size_t i = n > 50 ? n - 50 : 0; i < n; i++)
        jsonfmt_index_line(idx, i, &line, &e);
    for (size_t i = 0; i < 50 && i < n; i++)
        jsonfmt_index_line(idx, i, &line, &e);
    double t2 = bench_now();
    size_t found;
    bool hit =
        jsonfmt_index_find(idx, "nosuchword", 10, 0, false, true, &found);
    double t3 = bench_now();
    hit |= jsonfmt_index_find(idx, "no such text", 12, 0, false, false, &found);
    double t4 = bench_now();
    printf("lines %zu json %s index_bytes %zu build_ms %.1f "
           "render_100_lines_ms %.3f search_word_ms %.1f "
           "search_phrase_ms %.1f%s\n",
           n, jsonfmt_index_is_json(idx) ? "yes" : "no",
           jsonfmt_index_memory(idx), (t1 - t0) * 1e3, (t2 - t1) * 1e3,
           (t3 - t2) * 1e3, (t4 - t3) * 1e3, hit ? " (unexpected hit)" : "");
    jsonfmt_line_free(&line);
    jsonfmt_index_free(idx);
    return 0;
}

int
main(int argc, char **argv)
{
    bool viewer = argc == 3 && strcmp(argv[1], "--viewer") == 0;
    if (argc != 2 && !viewer) {
        fprintf(stderr, "usage: jsonfmt_bench [--viewer] FILE\n");
        return 2;
    }
    if (!viewer) {
        static char obuf[1 << 16];
        setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
        int rc = bench_stream(argv[1]);
        return fflush(stdout) != 0 ? 1 : rc;
    }
    size_t len;
    char *body = bench_slurp(argv[argc - 1], &len);
    int rc = bench_viewer(body, len);
    free(body);
    return rc;
}
