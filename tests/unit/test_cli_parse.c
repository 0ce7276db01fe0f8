/* test_cli_parse.c — the command-line parser made from an option table:
 * long and short spellings, values, bundles, abbreviations, "--", counts of
 * positional arguments, and the messages of what it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli_parse.h"

static const struct cli_opt_spec opts[] = {
    CLI_LIST("header", 'H', "'K: V'", "add a header"),
    CLI_VALUE("data", 'd', "DATA", "the body"),
    CLI_FLAG("include", 'i', "headers first"),
    CLI_FLAG("json", 0, "an envelope"),
    CLI_VALUE("key-header", 0, "NAME", "header name"),
    CLI_VALUE("key-prefix", 0, "TEXT", "prefix"),
    CLI_REFUSED("key", "would put a secret on the command line"),
    CLI_OPT_END,
};

/* Parse a NULL-terminated list after the command name "request", with
 * one to three positional arguments. */
static tstatus
parse(struct cli_args *a, struct err *e, ...)
{
    static char *argv[32];
    int argc = 0;
    argv[argc++] = (char *)"request";
    va_list ap;
    va_start(ap, e);
    const char *s;
    while ((s = va_arg(ap, const char *)) != NULL && argc < 31)
        argv[argc++] = (char *)s;
    va_end(ap);
    argv[argc] = NULL;
    err_clear(e);
    return cli_parse(opts, 1, 3, "NAME METHOD PATH [-H 'K: V']...", argc, argv,
                     a, e);
}

static void
test_spellings(void **state)
{
    (void)state;
    struct cli_args a;
    struct err e;
    assert_int_equal(parse(&a, &e, "-iHA: 1", "x", "--header", "B: 2",
                           "--header=C: 3", "-H", "-D: 4", "--data=", "--json",
                           "GET", "/", NULL),
                     TS_OK);
    assert_int_equal(a.argc, 3);
    assert_string_equal(a.argv[0], "x");
    assert_string_equal(a.argv[1], "GET");
    assert_string_equal(a.argv[2], "/");
    assert_null(a.argv[3]);
    assert_true(cli_args_has(&a, "include"));
    assert_true(cli_args_has(&a, "json"));
    assert_int_equal(cli_args_count(&a, "header"), 4);
    assert_string_equal(cli_args_value(&a, "header", 0), "A: 1");
    assert_string_equal(cli_args_value(&a, "header", 1), "B: 2");
    assert_string_equal(cli_args_value(&a, "header", 2), "C: 3");
    /* A value may start with '-'. */
    assert_string_equal(cli_args_value(&a, "header", 3), "-D: 4");
    assert_null(cli_args_value(&a, "header", 4));
    assert_string_equal(cli_args_get(&a, "header"), "-D: 4");
    /* An empty value is a value. */
    assert_string_equal(cli_args_get(&a, "data"), "");
    assert_null(cli_args_get(&a, "key-header"));
    assert_false(cli_args_has(&a, "key-prefix"));
    cli_args_free(&a);
}

static void
test_double_dash_and_dash(void **state)
{
    (void)state;
    struct cli_args a;
    struct err e;
    assert_int_equal(parse(&a, &e, "-", "--", "--json", "-i", NULL), TS_OK);
    assert_int_equal(a.argc, 3);
    assert_string_equal(a.argv[0], "-");
    assert_string_equal(a.argv[1], "--json");
    assert_string_equal(a.argv[2], "-i");
    assert_int_equal(a.nseen, 0);
    cli_args_free(&a);
}

static void
test_abbreviations(void **state)
{
    (void)state;
    struct cli_args a;
    struct err e;
    assert_int_equal(parse(&a, &e, "x", "--inc", "--key-h", "X-K", NULL),
                     TS_OK);
    assert_true(cli_args_has(&a, "include"));
    assert_string_equal(cli_args_get(&a, "key-header"), "X-K");
    cli_args_free(&a);
    /* Ambiguous: key-header, key-prefix (and key). */
    assert_int_equal(parse(&a, &e, "x", "--key-", "v", NULL), TS_INVALID);
    assert_string_equal(e.msg, "ambiguous option '--key-'");
    cli_args_free(&a);
    /* An exact name wins over the longer ones it begins. */
    assert_int_equal(parse(&a, &e, "x", "--key=hunter2", NULL), TS_INVALID);
    assert_string_equal(e.msg, "--key would put a secret on the command line");
    cli_args_free(&a);
}

static void
test_refusals(void **state)
{
    (void)state;
    static const struct {
        const char *arg, *msg;
    } cases[] = {
        {"--bogus=secret", "unknown option '--bogus'"},
        {"-z", "unknown option '-z'"},
        {"-iz", "unknown option '-z'"},
        {"--json=1", "option '--json' takes no value"},
        {"--data", "option '--data' needs a value"},
        {"-d", "option '-d' needs a value"},
        {"--db", "--db is a global option: put it before the command "
                 "(tether --db PATH request ...)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct cli_args a;
        struct err e;
        assert_int_equal(parse(&a, &e, "x", cases[i].arg, NULL), TS_INVALID);
        assert_string_equal(e.msg, cases[i].msg);
        assert_null(strstr(e.msg, "secret"));
        cli_args_free(&a);
    }
}

static void
test_once_and_counts(void **state)
{
    (void)state;
    struct cli_args a;
    struct err e;
    assert_int_equal(parse(&a, &e, "x", "-d", "a", "--data", "b", NULL),
                     TS_INVALID);
    assert_string_equal(e.msg,
                        "option '--data' is given more than once; give it "
                        "once");
    cli_args_free(&a);
    /* A flag given twice is the same flag. */
    assert_int_equal(parse(&a, &e, "x", "-i", "--include", NULL), TS_OK);
    cli_args_free(&a);
    assert_int_equal(parse(&a, &e, "--json", NULL), TS_INVALID);
    assert_string_equal(e.msg, "missing NAME");
    cli_args_free(&a);
    assert_int_equal(parse(&a, &e, "a", "b", "c", "d", NULL), TS_INVALID);
    assert_string_equal(e.msg, "too many arguments");
    cli_args_free(&a);

    char *argv[] = {(char *)"request", (char *)"x", NULL};
    assert_int_equal(cli_parse(opts, 3, 3, "NAME METHOD PATH", 2, argv, &a, &e),
                     TS_INVALID);
    assert_string_equal(e.msg, "missing METHOD and PATH");
    cli_args_free(&a);
    assert_int_equal(cli_parse(opts, 3, CLI_MANY, "A B C", 1, argv, &a, &e),
                     TS_INVALID);
    assert_string_equal(e.msg, "missing A, B and C");
    cli_args_free(&a);
}

static void
test_help_lists_options(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    cli_opts_help(f, "Options:", opts);
    cli_opts_dump(f, "request", opts);
    fclose(f);
    assert_non_null(strstr(buf, "Options:\n"));
    assert_non_null(strstr(buf, "  -H, --header 'K: V'     add a header "
                                "(repeatable)\n"));
    assert_non_null(strstr(buf, "  --json                  an envelope\n"));
    assert_non_null(strstr(buf, "option\trequest\t--header\t-H\t'K: V'\t"
                                "repeatable\n"));
    assert_non_null(strstr(buf, "option\trequest\t--json\t\t\tonce\n"));
    /* A refused option is not an option to offer. */
    assert_null(strstr(buf, "--key "));
    assert_null(strstr(buf, "--key\t"));
    free(buf);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spellings),
        cmocka_unit_test(test_double_dash_and_dash),
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_once_and_counts),
        cmocka_unit_test(test_help_lists_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
