/* home_list.c — see home_list.h. */
#include "home_list.h"

#include <stdio.h>
#include <time.h>

#include "clock.h"
#include "screen.h"

void
home_list_token_state(const struct integration *ig, char *buf, size_t len)
{
    const struct oauth_tokens *t = &ig->oauth.tokens;
    time_t now = (time_t)clock_now();
    if (ig->auth != AUTH_OAUTH2)
        snprintf(buf, len, "-");
    else if (ig->oauth.grant == GRANT_CLIENT_CREDENTIALS && !t->needs_auth &&
             !secret_is_set(&t->access_token))
        snprintf(buf, len, "on demand");
    else if (t->needs_auth || !secret_is_set(&t->access_token))
        snprintf(buf, len, "needs auth");
    else if (t->expires_at == 0)
        snprintf(buf, len, "valid");
    else if (t->expires_at <= now)
        snprintf(buf, len,
                 secret_is_set(&t->refresh_token) ? "refreshable" : "expired");
    else if (t->expires_at - now < 300)
        snprintf(buf, len, "expiring");
    else if (t->expires_at - now < 3600)
        snprintf(buf, len, "valid %lldm",
                 (long long)(t->expires_at - now) / 60);
    else
        snprintf(buf, len, "valid %lldh",
                 (long long)(t->expires_at - now) / 3600);
}

static void
home_test_state(const struct test_result *r, char *buf, size_t len,
                enum theme_colour *c)
{
    char ago[32];
    if (r->at == 0) {
        snprintf(buf, len, "never");
        *c = TC_DIM;
        return;
    }
    screen_ago((time_t)r->at, ago, sizeof ago);
    const struct theme_glyphs *g = theme_glyphs();
    if (r->pass) {
        snprintf(buf, len, "%s pass %s", g->tick, ago);
        *c = TC_OK;
    } else if (r->status != 0) {
        snprintf(buf, len, "%s %ld %s", g->cross, r->status, ago);
        *c = TC_ERROR;
    } else {
        snprintf(buf, len, "%s fail %s", g->cross, ago);
        *c = TC_ERROR;
    }
}

struct home_cols {
    int mark, name, url, auth, test, token;
};

static struct home_cols
home_columns(int cols)
{
    struct home_cols c = {2, 0, 0, 10, 14, 11};
    int rest = cols - 2 - c.mark - c.auth - c.test - c.token - 5;
    c.name = rest * 2 / 5;
    c.url = rest - c.name;
    return c;
}

void
home_list_row(const struct integration *ig, const struct test_result *live,
              int y, int cols, bool selected)
{
    struct home_cols c = home_columns(cols);
    attr_t a = selected ? theme_attr(TC_SELECTED) : theme_attr(TC_NORMAL);
    char test[48], token[32];
    enum theme_colour tc;
    int x = 1;

    screen_fill(y, 0, cols, a);
    screen_text(y, x, c.mark, a | A_BOLD, ig->is_default ? "*" : " ");
    x += c.mark;
    screen_text(y, x, c.name, a | A_BOLD, ig->name);
    x += c.name + 1;
    screen_text(y, x, c.url, a, ig->base_url ? ig->base_url : "");
    x += c.url + 1;
    screen_text(y, x, c.auth, a,
                ig->auth == AUTH_BASIC    ? "Basic"
                : ig->auth == AUTH_DIGEST ? "Digest"
                                          : auth_method_label(ig->auth));
    x += c.auth + 1;
    home_test_state(live != NULL ? live : &ig->last_test, test, sizeof test,
                    &tc);
    screen_text(y, x, c.test, selected ? a : theme_attr(tc), test);
    x += c.test + 1;
    home_list_token_state(ig, token, sizeof token);
    screen_text(y, x, c.token, a, token);
}

void
home_list_header(int y, int cols)
{
    struct home_cols c = home_columns(cols);
    int x = 1 + c.mark;
    attr_t ha = theme_attr(TC_LABEL) | A_UNDERLINE;
    screen_fill(y, 0, cols, ha);
    screen_text(y, x, c.name, ha, "Name");
    x += c.name + 1;
    screen_text(y, x, c.url, ha, "Base URL");
    x += c.url + 1;
    screen_text(y, x, c.auth, ha, "Auth");
    x += c.auth + 1;
    screen_text(y, x, c.test, ha, "Last test");
    x += c.test + 1;
    screen_text(y, x, c.token, ha, "Token");
}
