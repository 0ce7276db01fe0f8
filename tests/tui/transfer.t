#!/bin/sh
# The transfer settings of wizard step 2: timeout, follow redirects and
# proxy, checked as typed and saved (tether show --json); editing shows
# them back.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
t_setup

field() { tether show "$1" --json | jq -r ".$2"; }

tui_start 100 40
tui_expect "home starts empty" "Press n to set one up"
tui_keys n
tui_type "Proxied"
tui_keys C-n
tui_expect "step 2" "Hostname*"
tui_type "api.example.com"
tui_expect "step 2 has a timeout" "Timeout (seconds)"
tui_expect "  follow redirects" "Follow Redirects"
tui_expect "  and a proxy" "Proxy"
tui_keys Tab Tab
tui_keys BSpace BSpace BSpace BSpace
tui_type "abc"
tui_keys Tab Space Tab
tui_type "ftp://proxy:21"
tui_keys C-n
tui_expect "a timeout that is not a number is refused" \
	"Give a number of seconds between 0 and 86400."
# The focus is on the timeout now.
tui_keys BSpace BSpace BSpace
tui_type "7.5"
tui_keys C-n
tui_expect "a proxy scheme tether does not know is refused" \
	'proxy scheme "ftp" is not one of'
# And now on the proxy.
tui_keys C-u
tui_type "proxy.internal:3128"
tui_keys C-n
tui_expect "then step 3" "No authentication: requests are sent"
tui_keys C-n C-n C-n
tui_expect "Finish saves" 'Saved "Proxied"'
tui_keys q
tui_exited
tui_stop
expect_eq "saved: the timeout" 7500 "$(field Proxied network.timeout_ms)"
expect_eq "saved: redirects not followed" false "$(field Proxied network.follow_redirects)"
expect_eq "saved: the proxy" "http://proxy.internal:3128" "$(field Proxied network.proxy)"

tui_start 100 40
tui_expect "home lists it" "Proxied"
tui_keys e
tui_expect "editing opens" "Configuration Details"
tui_keys C-n
tui_expect "step 2 shows the saved proxy" "http://proxy.internal:3128"
tui_expect "  and timeout" "7.5"
tui_keys Escape
tui_stop

t_done
