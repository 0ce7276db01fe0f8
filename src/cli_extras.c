/* cli_extras.c — the add/edit options for an integration's extra headers
 * and query parameters, and for its connection test (see cli_options.h). */
#define _GNU_SOURCE /* asprintf */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_options.h"
#include "testspec.h"
#include "validate.h"

static tstatus
nomem(struct err *e)
{
    return err_set(e, TS_NOMEM, NULL, "out of memory");
}

/* Drop each extra of `kind` named by the repeatable option `opt`. */
static tstatus
remove_named(const struct cli_options *o, const char *opt, enum extra_kind kind,
             struct integration *ig, struct err *e)
{
    for (size_t i = 0; i < cli_args_count(o->args, opt); i++) {
        const char *name = cli_args_value(o->args, opt, i);
        if (!extra_list_remove(&ig->extras, kind, name))
            return err_set(e, TS_INVALID, opt,
                           "%s has no extra %s called \"%s\"", ig->name,
                           kind == EXTRA_HEADER ? "header" : "query parameter",
                           name);
    }
    return TS_OK;
}

/* Add each plain "--header 'Name: value'" / "--query k=v". */
static tstatus
add_plain(const struct cli_options *o, enum extra_kind kind,
          struct integration *ig, struct err *e)
{
    const char *opt = kind == EXTRA_HEADER ? "header" : "query";
    for (size_t i = 0; i < cli_args_count(o->args, opt); i++) {
        const char *text = cli_args_value(o->args, opt, i);
        char *name = NULL, *value = NULL;
        tstatus st = kind == EXTRA_HEADER
                         ? validate_header_line(text, &name, &value, e)
                         : validate_kv("query", text, &name, &value, e);
        if (st == TS_OK)
            st = validate_extra(kind, name, value, e);
        if (st == TS_OK &&
            !extra_list_set(&ig->extras, kind, name, value, false))
            st = nomem(e);
        free(name);
        free(value);
        if (st != TS_OK)
            return st;
    }
    return TS_OK;
}

/* Declare each secret extra named by --header-secret / --query-secret;
 * its value is read later (cli_extras_read_secrets). */
static tstatus
add_secret_names(const struct cli_options *o, enum extra_kind kind,
                 struct integration *ig, struct err *e)
{
    const char *opt = kind == EXTRA_HEADER ? "header-secret" : "query-secret";
    for (size_t i = 0; i < cli_args_count(o->args, opt); i++) {
        const char *name = cli_args_value(o->args, opt, i);
        tstatus st = validate_extra(kind, name, NULL, e);
        if (st != TS_OK)
            return st;
        if (!extra_list_set(&ig->extras, kind, name, NULL, true))
            return nomem(e);
    }
    return TS_OK;
}

/* Set a test string: "" clears it. */
static tstatus
set_opt(char **dst, const char *v, struct err *e)
{
    if (v != NULL && !model_set_str(dst, v))
        return nomem(e);
    return TS_OK;
}

/* --test-expect POINTER=VALUE ('' clears the check). */
static tstatus
apply_expect(const char *text, struct test_spec *t, struct err *e)
{
    if (text[0] == '\0') {
        free(t->expect_pointer);
        free(t->expect_value);
        t->expect_pointer = t->expect_value = NULL;
        return TS_OK;
    }
    char *ptr = NULL, *json = NULL;
    tstatus st = testspec_expect_parse(text, &ptr, &json, e);
    if (st != TS_OK)
        return st;
    free(t->expect_pointer);
    free(t->expect_value);
    t->expect_pointer = ptr;
    t->expect_value = json;
    return TS_OK;
}

static tstatus
apply_test(const struct cli_options *o, struct integration *ig, struct err *e)
{
    const char *const *v = o->value;
    struct test_spec *t = &ig->test;
    tstatus st = TS_OK;
    if (v[CLI_OPT_TEST_METHOD] != NULL) {
        char *m = NULL;
        if ((st = validate_test_method(v[CLI_OPT_TEST_METHOD], &m, e)))
            return st;
        if (strcmp(m, "GET") == 0) { /* the default is stored as none */
            free(m);
            m = NULL;
        }
        free(t->method);
        t->method = m;
        if (t->method == NULL || strcmp(t->method, "POST") != 0)
            st = set_opt(&t->body, "", e); /* a body only goes with POST */
    }
    if (st == TS_OK)
        st = set_opt(&t->body, v[CLI_OPT_TEST_BODY], e);
    if (st == TS_OK && v[CLI_OPT_TEST_STATUS] != NULL &&
        (st = testspec_statuses_check(v[CLI_OPT_TEST_STATUS], e)) == TS_OK)
        st = set_opt(&t->statuses, v[CLI_OPT_TEST_STATUS], e);
    if (st == TS_OK && v[CLI_OPT_TEST_EXPECT] != NULL)
        st = apply_expect(v[CLI_OPT_TEST_EXPECT], t, e);
    if (st == TS_OK)
        st = set_opt(&t->expect_text, v[CLI_OPT_TEST_EXPECT_TEXT], e);
    return st;
}

tstatus
cli_extras_apply(const struct cli_options *o, struct integration *ig,
                 struct err *e)
{
    tstatus st;
    if ((st = remove_named(o, "no-header", EXTRA_HEADER, ig, e)) ||
        (st = remove_named(o, "no-query", EXTRA_QUERY, ig, e)) ||
        (st = add_plain(o, EXTRA_HEADER, ig, e)) ||
        (st = add_plain(o, EXTRA_QUERY, ig, e)) ||
        (st = add_secret_names(o, EXTRA_HEADER, ig, e)) ||
        (st = add_secret_names(o, EXTRA_QUERY, ig, e)))
        return st;
    return apply_test(o, ig, e);
}

static tstatus
read_named(struct cli_ctx *ctx, const struct cli_options *o,
           enum extra_kind kind, struct integration *ig, struct err *e)
{
    const char *opt = kind == EXTRA_HEADER ? "header-secret" : "query-secret";
    for (size_t i = 0; i < cli_args_count(o->args, opt); i++) {
        const char *name = cli_args_value(o->args, opt, i);
        struct extra *x = extra_list_find(&ig->extras, kind, name);
        char *prompt = NULL, *value = NULL;
        if (x == NULL)
            continue; /* removed again by a later option */
        if (asprintf(&prompt, "Value of the %s %s: ",
                     kind == EXTRA_HEADER ? "header" : "query parameter",
                     name) < 0)
            return nomem(e);
        tstatus st = cli_read_secret(ctx, prompt, true, &value, e);
        free(prompt);
        if (st == TS_OK &&
            (st = validate_extra(kind, name, value, e)) == TS_OK &&
            !secret_assign(&x->secret, value))
            st = nomem(e);
        if (value != NULL) {
            sodium_memzero(value, strlen(value));
            free(value);
        }
        if (st != TS_OK) {
            snprintf(e->field, sizeof e->field, "%s", opt);
            return st;
        }
    }
    return TS_OK;
}

tstatus
cli_extras_read_secrets(struct cli_ctx *ctx, const struct cli_options *o,
                        struct integration *ig, struct err *e)
{
    tstatus st = read_named(ctx, o, EXTRA_HEADER, ig, e);
    if (st == TS_OK)
        st = read_named(ctx, o, EXTRA_QUERY, ig, e);
    return st;
}
