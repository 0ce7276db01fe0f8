/* test_servers.h — start and stop tests/servers/nginx.sh from a unit test.
 * Header-only: each unit test binary is built from one .c file. */
#ifndef TETHER_TEST_SERVERS_H
#define TETHER_TEST_SERVERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The credentials nginx.sh checks by default. */
#define TEST_USER "alice"
#define TEST_PASSWORD "s3cret: pass word"
#define TEST_API_KEY "k3y/SECRET+42 x"
#define TEST_TOKEN "tok-SECRET-9f8e7d"

struct test_nginx {
    char dir[256];
    char url[64], other_url[64], tls_url[64];
    char ca[300];
};

static const char *
test_root(void)
{
    const char *r = getenv("TETHER_ROOT");
    return r && *r ? r : ".";
}

/* Copy the value of `name=` from the env file line into dst. */
static __attribute__((unused)) void
test_env_value(const char *line, const char *name, char *dst, size_t len)
{
    size_t n = strlen(name);
    if (strncmp(line, name, n) == 0 && line[n] == '=') {
        snprintf(dst, len, "%s", line + n + 1);
        dst[strcspn(dst, "\n")] = '\0';
    }
}

/* Start nginx in a new temporary directory; 0 on success. */
static __attribute__((unused)) int
test_nginx_start(struct test_nginx *n)
{
    char cmd[1024], line[512], path[300];
    memset(n, 0, sizeof *n);
    snprintf(n->dir, sizeof n->dir, "%s/tether-nginx.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(n->dir) == NULL)
        return -1;
    snprintf(cmd, sizeof cmd,
             "'%s/tests/servers/nginx.sh' start '%s' >/dev/null", test_root(),
             n->dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not start nginx: %s\n", cmd);
        return -1;
    }
    snprintf(path, sizeof path, "%s/env", n->dir);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f)) {
        test_env_value(line, "NGINX_URL", n->url, sizeof n->url);
        test_env_value(line, "NGINX_OTHER_URL", n->other_url,
                       sizeof n->other_url);
        test_env_value(line, "NGINX_TLS_URL", n->tls_url, sizeof n->tls_url);
        test_env_value(line, "NGINX_CA", n->ca, sizeof n->ca);
    }
    fclose(f);
    return n->url[0] ? 0 : -1;
}

/* Stop nginx and remove its directory. */
static __attribute__((unused)) void
test_nginx_stop(struct test_nginx *n)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "'%s/tests/servers/nginx.sh' stop '%s'; rm -rf '%s'", test_root(),
             n->dir, n->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not stop nginx in %s\n", n->dir);
}

#endif
