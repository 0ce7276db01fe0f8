#!/bin/sh
# Step 5's custom test against a real nginx: the settings appear with the
# Custom Test switch, a JSON Pointer check that fails is diagnosed with the
# expected and actual values, Finish stores the settings, and a stored
# setting shows when the wizard is opened again and passes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
t_setup

srv="$T_WORK/nginx"
t_server nginx "$srv"

tether add js --host "$NGINX_URL" --auth none --test-path /json >/dev/null

tui_start 100 40
tui_expect "home" "$NGINX_URL"
tui_keys e C-n C-n C-n C-n
tui_expect "step 5" "Test Action URL Path"
expect_no_match "the custom settings are hidden" "$(tui_screen)" "Body Must Have"
tui_keys BTab Space
tui_expect "Custom Test shows them" "Body Must Have"
# Custom Test, Method, Statuses, Body Must Have.
tui_keys Tab Tab Tab
tui_type "/a=2"
# Body Must Contain, path, Test.
tui_keys Tab Tab Tab Enter
tui_expect "the failed check is diagnosed" "failed at /a: expected 2, actual 1"
tui_keys C-n
tui_expect "Finish saves" "Saved \"js\""
expect_eq "the check is stored" '{"pointer":"/a","value":2}' \
	"$(tether show js --json | jq -c .test.expect)"
expect_eq "with the failed result" false "$(tether show js --json | jq .last_test.pass)"

expect_exit "fix it on the command line" 0 tether edit js --test-expect /a=1
tui_keys e C-n C-n C-n C-n
tui_expect "step 5 again" "Test Action URL Path"
tui_expect "the stored check shows" "/a=1"
tui_keys Tab Enter
tui_expect "and passes" "Configuration test successful: HTTP 200"
tui_keys Esc
t_done
