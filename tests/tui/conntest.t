#!/bin/sh
# Step 5 and the home screen's t / T against a real nginx: an API-key setup
# ending in a passing connection test, one ending in a 401 diagnosis, a slow
# test cancelled with Esc, and every integration tested at once; the
# wizard's test is recorded in the history only when editing a stored one.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
t_setup

srv="$T_WORK/nginx"
t_server nginx "$srv"
KEY='k3y/SECRET+42 x' # nginx.sh's default NGINX_API_KEY

field() { tether show "$1" --json | jq -r ".$2"; }

# An API-key integration through the wizard, up to step 5.
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

tui_start 100 30
tui_expect "home" "Press n to set one up"

setup Good "$KEY" /key/header
tui_expect "the right key passes the test" "Configuration test successful: HTTP 200"
tui_expect "the body's first lines show" "key ok"
tui_keys Tab Tab Enter
tui_expect "Finish saves" "Saved \"Good\""
expect_eq "the passing test is stored" "true" "$(field Good last_test.pass)"
expect_eq "with its test path" "/key/header" "$(field Good test_path)"
tui_expect "home shows the pass" "pass"

# The wizard's test of a new integration is not in the history (it was not
# stored yet); editing a stored one records its request there, but its
# result becomes the last test only at Finish.
hist() { tether history "$1" --json | jq length; }
expect_eq "a new integration's wizard test is not in the history" 0 \
	"$(hist Good)"
tui_keys e C-n C-n C-n C-n
tui_expect "editing reaches step 5" "Test Action URL Path"
tui_keys C-u
tui_type /status/503
tui_keys Tab Enter
tui_expect "the edit's test ends with the 503 body" "status 503"
expect_eq "the edit's test request is in the history" 1 "$(hist Good)"
expect_eq "with its path" "$NGINX_URL/status/503" \
	"$(tether history Good --json | jq -r '.[0].url')"
tui_keys Escape y
tui_expect "the edit is discarded" "Discarded; nothing was saved."
expect_eq "the stored last test is unchanged" "true" \
	"$(field Good last_test.pass)"

setup Bad "not-the-key" /key/header
tui_expect "a wrong key fails with 401" "401 Unauthorized"
tui_expect "and a diagnosis naming the header" "header name (X-API-Key)"
expect_no_match "the key typed is never shown" "$(tui_screen)" "not-the-key"
tui_keys Tab Tab Enter
tui_expect "Finish saves the failing one" "Saved \"Bad\""
expect_eq "the failed test is stored" "false" "$(field Bad last_test.pass)"
expect_eq "with its status" "401" "$(field Bad last_test.status)"

# A slow path, cancelled with Esc; the wizard stays and nothing is saved.
setup Slow "$KEY" /delay/5
tui_expect "a slow test shows its progress" "Esc cancels"
tui_keys Escape
tui_expect "Esc cancels the test" "cancelled"
expect_match "the wizard is still open" "$(tui_screen)" "Test Configuration"
tui_keys Escape y
tui_expect "leaving discards it" "Discarded; nothing was saved."

# t on the selection (Bad is first), then T for all.
tui_keys g t
tui_expect "t shows the failure and its diagnosis" "Test of \"Bad\" failed"
tui_keys Enter
tui_expect_gone "Enter closes it" "Test of \"Bad\" failed"
tui_keys T
tui_expect "T tests every integration" "Tested 2: 1 passed, 1 failed."

# Each result shows as it comes, with a count, while a slow one runs on;
# Esc cancels the rest.
for n in Fresh Zslow; do
	p=/key/header
	[ $n = Zslow ] && p=/delay/60
	printf '%s\n' "$KEY" | tether add $n --host "$NGINX_URL" --auth api-key \
		--key-header X-API-Key --key-stdin --test-path $p >/dev/null
done
tui_keys '?'
tui_expect "help opens" "Help: Home screen"
tui_keys Escape
tui_expect "back home, the new ones are listed" "Zslow"
expect_match "Fresh was never tested" "$(tui_screen | grep Fresh)" "never"
tui_keys T
tui_expect "the count of done and failed shows while one runs" \
	"3/4 done, 1 failed (Esc cancels the rest)"
expect_match "Fresh's row shows its pass before the run ends" \
	"$(tui_screen | grep Fresh)" "pass"
expect_match "Zslow's row still shows its old state" \
	"$(tui_screen | grep Zslow)" "never"
tui_keys Escape
tui_expect "Esc cancels the rest" "Tested 4: 2 passed, 2 failed (cancelled)."
expect_eq "the cancelled one is stored as failed" "false" \
	"$(field Zslow last_test.pass)"
tui_keys q
tui_exited
expect_eq "q quits with 0" 0 "$TUI_RC"
tui_stop
t_done
