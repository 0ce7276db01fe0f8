/* test_cli_options.c — the add/edit option parser: what is given changes,
 * nothing else; secrets on argv refused; options of another method refused;
 * values parsed and checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli_options.h"

/* A context writing its messages into a memory buffer. */
struct fixture {
    struct cli_ctx ctx;
    char *msgs;
    size_t msgs_len;
};

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->ctx.out = fopen("/dev/null", "w");
    f->ctx.errs = open_memstream(&f->msgs, &f->msgs_len);
    assert_non_null(f->ctx.out);
    assert_non_null(f->ctx.errs);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    fclose(f->ctx.out);
    fclose(f->ctx.errs);
    free(f->msgs);
    free(f);
    return 0;
}

/* The messages printed so far. */
static const char *
msgs(struct fixture *f)
{
    fflush(f->ctx.errs);
    return f->msgs ? f->msgs : "";
}

static const struct cli_command test_cmd = {
    .name = "edit",
    .args = "NAME [options]",
    .min_args = 1,
    .max_args = 1,
    .opts = cli_options_table,
    .summary = "test",
    .help = NULL,
    .run = NULL,
};

/* Parse and apply a NULL-terminated argument list onto ig. */
static int
run(struct fixture *f, struct integration *ig, bool editing, ...)
{
    char *argv[64];
    int argc = 0;
    argv[argc++] = (char *)"edit";
    va_list ap;
    va_start(ap, editing);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && argc < 63)
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;

    struct cli_args args;
    struct cli_options o;
    int rc = cli_command_parse(&f->ctx, &test_cmd, argc, argv, &args);
    if (rc == 0) {
        cli_options_from_args(&args, &o);
        rc = cli_options_apply(&f->ctx, &test_cmd, &o, editing, ig);
    }
    cli_args_free(&args);
    return rc;
}

static void
test_add_every_oauth_option(void **state)
{
    struct fixture *f = *state;
    struct integration *ig = integration_new();
    assert_int_equal(
        run(f, ig, false, "NAME", "--host", "api.example.com", "--auth",
            "oauth2", "--grant", "device-code", "--client-id", "cid",
            "--auth-url", "https://id.example.com/a", "--token-url",
            "https://id.example.com/t", "--device-url",
            "https://id.example.com/d", "--scope", "a b", "--client-auth",
            "body", "--no-pkce", "--param", "audience=x", "--param",
            "prompt=consent", "--redirect-port", "9001", "--description", "d",
            "--default", "--test-path", "me", "--insecure", "--ca-bundle",
            "/ca.pem", "--connect-timeout", "2.5", "--timeout", "40", NULL),
        0);
    assert_int_equal(ig->auth, AUTH_OAUTH2);
    assert_int_equal(ig->oauth.grant, GRANT_DEVICE_CODE);
    assert_string_equal(ig->oauth.client_id, "cid");
    assert_string_equal(ig->oauth.auth_url, "https://id.example.com/a");
    assert_string_equal(ig->oauth.token_url, "https://id.example.com/t");
    assert_string_equal(ig->oauth.device_url, "https://id.example.com/d");
    assert_string_equal(ig->oauth.scope, "a b");
    assert_int_equal(ig->oauth.client_auth, CLIENT_AUTH_BODY);
    assert_false(ig->oauth.pkce);
    assert_int_equal(ig->oauth.params.n, 2);
    assert_string_equal(ig->oauth.params.items[0].key, "audience");
    assert_string_equal(ig->oauth.params.items[1].value, "consent");
    assert_int_equal(ig->oauth.redirect_port, 9001);
    assert_string_equal(ig->description, "d");
    assert_true(ig->is_default);
    assert_string_equal(ig->test_path, "/me");
    assert_true(ig->net.insecure);
    assert_string_equal(ig->net.ca_bundle, "/ca.pem");
    assert_int_equal(ig->net.connect_timeout_ms, 2500);
    assert_int_equal(ig->net.timeout_ms, 40000);
    assert_string_equal(ig->base_url, "api.example.com");
    integration_free(ig);
}

static void
test_edit_changes_only_what_is_given(void **state)
{
    struct fixture *f = *state;
    struct integration *ig = integration_new();
    ig->auth = AUTH_API_KEY;
    model_set_str(&ig->name, "Keyed");
    model_set_str(&ig->base_url, "https://api.example.com");
    model_set_str(&ig->api_key.header, "X-Key");
    model_set_str(&ig->api_key.prefix, "Token");
    model_set_str(&ig->description, "before");
    ig->api_key.key.state = SECRET_SET;
    struct integration *before = integration_dup(ig);
    assert_non_null(before);

    assert_int_equal(run(f, ig, true, "Keyed", "--key-in", "query", NULL), 0);
    assert_int_equal(ig->api_key.placement, KEY_IN_QUERY);
    assert_string_equal(ig->api_key.header, before->api_key.header);
    assert_string_equal(ig->api_key.prefix, before->api_key.prefix);
    assert_string_equal(ig->description, before->description);
    assert_string_equal(ig->base_url, before->base_url);
    assert_int_equal(ig->auth, AUTH_API_KEY);
    assert_int_equal(ig->api_key.key.state, SECRET_SET);
    assert_false(ig->api_key.key.changed);
    assert_int_equal(ig->net.timeout_ms, before->net.timeout_ms);

    /* An empty value clears an optional field. */
    assert_int_equal(run(f, ig, true, "Keyed", "--key-prefix", "", NULL), 0);
    assert_null(ig->api_key.prefix);
    assert_string_equal(ig->description, "before");
    integration_free(before);
    integration_free(ig);
}

static void
test_switching_method_forgets_old_secret(void **state)
{
    struct fixture *f = *state;
    struct integration *ig = integration_new();
    ig->auth = AUTH_BASIC;
    model_set_str(&ig->basic.username, "alice");
    ig->basic.password.state = SECRET_SET;
    assert_int_equal(
        run(f, ig, true, "B", "--auth", "none", "--description", "x", NULL), 0);
    assert_int_equal(ig->auth, AUTH_NONE);
    assert_true(ig->basic.password.changed);
    assert_false(secret_is_set(&ig->basic.password));
    integration_free(ig);
}

static void
test_secrets_on_argv_refused(void **state)
{
    struct fixture *f = *state;
    static const char *const opts[] = {
        "--key",    "--api-key",       "--password", "--pass",
        "--secret", "--client-secret", "--token",    "--refresh-token",
    };
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++) {
        struct integration *ig = integration_new();
        assert_int_equal(run(f, ig, false, "N", opts[i], "hunter2-value", NULL),
                         2);
        assert_null(strstr(msgs(f), "hunter2-value"));
        assert_non_null(strstr(msgs(f), "would put a secret"));
        integration_free(ig);
    }
    /* With '=' as well, and never echoed. */
    struct integration *ig = integration_new();
    assert_int_equal(run(f, ig, false, "N", "--password=hunter2-eq", NULL), 2);
    assert_null(strstr(msgs(f), "hunter2-eq"));
    assert_int_equal(run(f, ig, false, "N", "--passwd=hunter2-eq", NULL), 2);
    assert_null(strstr(msgs(f), "hunter2-eq"));
    integration_free(ig);
}

static void
test_other_method_refused(void **state)
{
    struct fixture *f = *state;
    struct integration *ig = integration_new();
    assert_int_equal(
        run(f, ig, false, "N", "--auth", "api-key", "--user", "bob", NULL), 2);
    assert_non_null(strstr(msgs(f), "--user applies to --auth basic"));
    assert_null(ig->basic.username);
    integration_free(ig);
}

static void
test_bad_values(void **state)
{
    struct fixture *f = *state;
    static const struct {
        const char *opt, *value, *field;
    } cases[] = {
        {"--timeout", "soon", "timeout: "},
        {"--timeout", "0", "timeout: "},
        {"--connect-timeout", "-1", "connect_timeout: "},
        {"--connect-timeout", "nan", "connect_timeout: "},
        {"--redirect-port", "0", "redirect_port: "},
        {"--redirect-port", "65536", "redirect_port: "},
        {"--redirect-port", "12ab", "redirect_port: "},
        {"--param", "novalue", "param: "},
        {"--grant", "implicit", "grant: "},
        {"--client-auth", "jwt", "client_auth: "},
        {"--test-path", "/a b", "test_path: "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct integration *ig = integration_new();
        ig->auth = AUTH_OAUTH2;
        assert_int_equal(
            run(f, ig, true, "N", cases[i].opt, cases[i].value, NULL), 2);
        assert_non_null(strstr(msgs(f), cases[i].field));
        integration_free(ig);
    }
    struct integration *ig = integration_new();
    assert_int_equal(run(f, ig, false, "N", "--auth", "magic", NULL), 2);
    assert_non_null(strstr(msgs(f), "auth: \"magic\""));
    assert_int_equal(
        run(f, ig, false, "N", "--auth", "api-key", "--key-in", "cookie", NULL),
        2);
    assert_non_null(strstr(msgs(f), "key_in: "));
    integration_free(ig);
}

static void
test_flags_last_wins_and_params_replace(void **state)
{
    struct fixture *f = *state;
    struct integration *ig = integration_new();
    ig->auth = AUTH_OAUTH2;
    kv_list_add(&ig->oauth.params, "old", "1");
    assert_int_equal(run(f, ig, true, "N", "--no-pkce", "--pkce", "--default",
                         "--no-default", "--param", "a=b=c", NULL),
                     0);
    assert_true(ig->oauth.pkce);
    assert_false(ig->is_default);
    assert_int_equal(ig->oauth.params.n, 1);
    assert_string_equal(ig->oauth.params.items[0].key, "a");
    assert_string_equal(ig->oauth.params.items[0].value, "b=c");
    assert_int_equal(run(f, ig, true, "N", "--clear-params", NULL), 0);
    assert_int_equal(ig->oauth.params.n, 0);
    integration_free(ig);
}

static void
test_secret_from_stdin_needs_input(void **state)
{
    struct fixture *f = *state;
    /* Nothing on standard input. */
    assert_non_null(freopen("/dev/null", "r", stdin));
    struct integration *ig = integration_new();
    assert_int_equal(
        run(f, ig, false, "N", "--auth", "api-key", "--key-stdin", NULL), 2);
    assert_non_null(strstr(msgs(f), "api_key: "));
    assert_false(secret_is_set(&ig->api_key.key));
    integration_free(ig);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_every_oauth_option, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_edit_changes_only_what_is_given,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_switching_method_forgets_old_secret, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secrets_on_argv_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_other_method_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bad_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flags_last_wins_and_params_replace,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_secret_from_stdin_needs_input,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
