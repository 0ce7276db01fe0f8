/* clock.c — see clock.h. */
#include "clock.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

/* The test hook's second in *out; false when TETHER_TEST_NOW is unset or
 * not a whole number of seconds. */
static bool
clock_hook(int64_t *out)
{
    const char *v = getenv("TETHER_TEST_NOW");
    if (v == NULL || *v == '\0')
        return false;
    char *end;
    errno = 0;
    long long s = strtoll(v, &end, 10);
    if (errno != 0 || *end != '\0' || s < 0)
        return false;
    *out = (int64_t)s;
    return true;
}

int64_t
clock_now(void)
{
    int64_t s;
    if (clock_hook(&s))
        return s;
    return (int64_t)time(NULL);
}

int64_t
clock_now_ms(void)
{
    int64_t s;
    if (clock_hook(&s))
        return s * 1000;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
