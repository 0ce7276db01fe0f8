/* err.c — see err.h. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

tstatus
err_set(struct err *e, tstatus st, const char *field, const char *fmt, ...)
{
    if (e == NULL)
        return st;
    e->status = st;
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return st;
}

void
err_clear(struct err *e)
{
    if (e == NULL)
        return;
    e->status = TS_OK;
    e->field[0] = '\0';
    e->msg[0] = '\0';
}

void
err_prefix(struct err *e, const char *fmt, ...)
{
    if (e == NULL)
        return;
    char head[256], old[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof old);
    snprintf(e->msg, sizeof e->msg, "%s: %s", head, old);
}

int
err_exit_code(tstatus st)
{
    switch (st) {
    case TS_OK:
        return 0;
    case TS_INVALID:
        return 2;
    default:
        return 1;
    }
}

const char *
err_status_name(tstatus st)
{
    static const char *const names[] = {
        [TS_OK] = "ok",
        [TS_INVALID] = "invalid",
        [TS_NOT_FOUND] = "not_found",
        [TS_EXISTS] = "exists",
        [TS_BUSY] = "busy",
        [TS_STORE] = "store",
        [TS_KEY] = "key",
        [TS_IO] = "io",
        [TS_NET] = "network",
        [TS_HTTP] = "http",
        [TS_OAUTH] = "oauth",
        [TS_NEEDS_AUTH] = "needs_authorization",
        [TS_CANCELLED] = "cancelled",
        [TS_NOMEM] = "out_of_memory",
    };
    if ((size_t)st < sizeof names / sizeof names[0] && names[st])
        return names[st];
    return "error";
}
