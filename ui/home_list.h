/* home_list.h — the rows of the home screen: columns that fit the width,
 * the last test and the token state in words. */
#ifndef TETHER_UI_HOME_LIST_H
#define TETHER_UI_HOME_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* Column titles on line y. */
void home_list_header(int y, int cols);

/* One integration on line y, highlighted when selected; its test column
 * shows `live` (a result of a test run still going on) when not NULL, else
 * its last test. */
void home_list_row(const struct integration *ig, const struct test_result *live,
                   int y, int cols, bool selected);

/* The token state of an OAuth integration in a few words ("valid 52m",
 * "expiring", "needs auth", ...); "-" for other methods. */
void home_list_token_state(const struct integration *ig, char *buf, size_t len);

#endif
