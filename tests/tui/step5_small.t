#!/bin/sh
# Step 5 at 80x24: a failure's whole diagnosis and a passing test's body
# lines show, in a result that scrolls (PgDn/PgUp, the arrows) when it does
# not fit, with where it stands on its last line; `?` lists its keys.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
t_setup

srv="$T_WORK/nginx"
t_server nginx "$srv"
KEY='k3y/SECRET+42 x'

# An API-key integration through the wizard, its test run on PATH.
setup() { # NAME KEY PATH
	tui_keys n
	tui_expect "wizard for $1" "Configuration Details"
	tui_type "$1"
	tui_keys C-n
	tui_type "$NGINX_URL"
	tui_keys Tab Enter Down Enter C-n
	tui_expect "step 3 for $1" "API Key Header Name*"
	tui_type "$2"
	tui_keys Tab Tab
	tui_type "X-API-Key"
	tui_keys C-n C-n
	tui_expect "step 5 for $1" "Test Action URL Path"
	tui_keys C-u
	tui_type "$3"
	tui_keys Tab Enter
}

tui_start 80 24
tui_expect "home" "Press n to set one up"

# A passing test of /echo: nginx sends the request's headers back, one a
# line; the first of them shows at once.
setup Echo "$KEY" /echo
tui_expect "the test passes" "Configuration test successful: HTTP 200"
tui_expect "the body's first line shows at 80x24" "GET /echo HTTP/1.1"
tui_expect "the result says how much of it shows" "lines 1-"
tui_keys End
tui_expect "End shows its last body line" "X-API-Key: "
expect_no_match "the key is masked" "$(tui_screen)" "SECRET"
tui_keys Home
tui_expect "Home goes back to the first line" "lines 1-"
tui_keys Escape y
tui_expect "leaving discards it" "Discarded; nothing was saved."

# A failing test whose diagnosis, WWW-Authenticate, URL and body are
# longer than the room left.
setup Bad "$KEY" /bearer/x
tui_expect "the test fails with 401" "401 Unauthorized"
tui_expect "the diagnosis starts to show" "The server rejected the"
tui_expect "the result is longer than the room" "lines 1-"
expect_no_match "its last line is not shown yet" "$(tui_screen)" "bad token"
# At 80x24 two lines of the result fit beside the Custom Test switch; a
# page down moves by the room less one line.
tui_keys PgDn
tui_expect "PgDn scrolls down" "lines 2-"
expect_match "to the provider's challenge" "$(tui_screen)" "Bearer"
tui_keys PgDn
tui_expect "PgDn again" "lines 3-"
tui_keys PgDn
tui_expect "and again" "lines 4-"
tui_keys PgDn
tui_expect "PgDn reaches the body's line" "bad token"
expect_match "the wizard is still on step 5" "$(tui_screen)" \
	"Test Configuration .optional."
tui_keys PgUp
tui_expect "PgUp scrolls back" "lines 4-"
tui_keys Home
tui_expect "Home reaches the top" "lines 1-"
tui_keys Down
tui_expect "Down scrolls a line" "lines 2-"
tui_keys Up
tui_expect "Up scrolls back a line" "lines 1-"
expect_match "the help lists the result's scroll keys" \
	"$(tether --dump-keys | grep '^wizard')" "Step 5, Test	PgDn, PgUp"
tui_keys Escape y
tui_expect "leaving discards it" "Discarded; nothing was saved."
tui_keys q
tui_exited
tui_stop
t_done
