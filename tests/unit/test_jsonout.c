/* test_jsonout.c — JSON output escapes what must not reach a terminal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <cmocka.h>

#include "jsonout.h"

/* The printed form of a document holding one string value. */
static char *
printed(const char *value)
{
    cJSON *doc = cJSON_CreateObject();
    assert_non_null(cJSON_AddStringToObject(doc, "v", value));
    char *s = jsonout_print(doc);
    assert_non_null(s);
    cJSON_Delete(doc);
    return s;
}

/* The value printed escapes to `want` and reads back as it was. */
static void
escapes(const char *value, const char *want)
{
    char *s = printed(value);
    if (strstr(s, want) == NULL)
        fail_msg("printed %s, wanted %s in it", s, want);
    cJSON *back = cJSON_Parse(s);
    assert_non_null(back);
    assert_string_equal(cJSON_GetObjectItem(back, "v")->valuestring, value);
    cJSON_Delete(back);
    free(s);
}

static void
test_escaped(void **state)
{
    (void)state;
    escapes("a\x1b]52;c;x\x07", "\"a\\u001b]52;c;x\\u0007\"");
    escapes("del\x7f", "\"del\\u007f\"");
    escapes("csi\xc2\x9b"
            "2J",
            "\"csi\\u009b2J\""); /* C1 CSI */
    escapes("rlo\xe2\x80\xae"
            "x",
            "\"rlo\\u202ex\""); /* bidi */
    escapes("iso\xe2\x81\xa6x\xe2\x81\xa9", "\"iso\\u2066x\\u2069\"");
    escapes("zw\xe2\x80\x8bsp", "\"zw\\u200bsp\""); /* invisible */
    escapes("ls\xe2\x80\xa8", "\"ls\\u2028\"");
    escapes("tag\xf3\xa0\x80\x81", "\"tag\\udb40\\udc01\""); /* U+E0001 */
}

static void
test_kept(void **state)
{
    (void)state;
    /* Ordinary text, CJK, emoji with VS16 and ZWJ sequences stay as they
     * are. */
    const char *kept[] = {
        "plain ASCII",
        "caf\xc3\xa9",
        "\xe6\x9d\xb1\xe4\xba\xac",
        "\xf0\x9f\x8c\xa6\xef\xb8\x8f",
        "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9",
    };
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "\"%s\"", kept[i]);
        escapes(kept[i], want);
    }
}

static void
test_invalid_utf8(void **state)
{
    (void)state;
    /* cJSON copies bytes as they are; the output is valid UTF-8 all the
     * same. */
    char *s = printed("bad\xff\xc0");
    assert_non_null(strstr(s, "\"bad\\ufffd\\ufffd\""));
    free(s);
    size_t n;
    char *e = jsonout_escape("x\xe2\x80", 3, &n);
    assert_string_equal(e, "x\\ufffd\\ufffd");
    assert_int_equal(n, strlen(e));
    free(e);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaped),
        cmocka_unit_test(test_kept),
        cmocka_unit_test(test_invalid_utf8),
    };
    return cmocka_run_group_tests_name("jsonout", tests, NULL, NULL);
}
