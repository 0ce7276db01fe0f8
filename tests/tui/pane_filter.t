#!/bin/sh
# The request pane's response filter (f): a filter line above the body, the
# value a JSON Pointer or a simple path selects shown instead of the body,
# a miss said on the filter line with the whole body kept, the filter kept
# for the next response, an empty filter showing the whole body again; and
# the rate limit on the summary line.
. "$(dirname "$0")/../lib.sh"
t_setup
. "$(dirname "$0")/pane_lib.sh"

pane_servers || { t_fail "nginx and integrations set up"; t_done; exit; }
printf '{"items":[{"id":7},{"id":8,"name":"second"}],"total":2}' \
	>"$T_WORK/nginx/www/large/doc.json"
printf '{"items":[{"id":9},{"id":10,"name":"other"}]}' \
	>"$T_WORK/nginx/www/large/doc2.json"

pane_open open 80 24
pane_send_path /large/doc.json
tui_expect "the body is shown" '"total": 2'
tui_keys f
tui_expect "f opens the filter line above the body" "Filter:"
tui_type ".items[1].name"
tui_keys Enter
tui_expect "the value selected is shown" '"second"'
tui_expect "  the viewer says it is filtered" "JSON, filtered"
tui_expect_gone "  instead of the body" '"total": 2'
tui_expect "  under the filter line" "Filter: .items[1].name"

tui_keys Escape
tui_keys C-u
pane_send_path /large/doc2.json
tui_expect "the filter stays for the next response" '"other"'

tui_keys f C-u
tui_type "/items/5"
tui_keys Enter
tui_expect "a miss is said on the filter line" "index 5 is past the end of the array at .items (2 items)"
tui_expect "  and the whole body is shown" '"name": "other"'

tui_keys f C-u Enter
tui_expect_gone "an empty filter removes the filter line" "Filter:"
tui_expect "  the whole body again" '"id": 9'

tui_keys Escape C-u
pane_send_path /ratelimit
tui_expect "the summary line shows the rate limit" "rate limit: 7 of 100 requests left, reset 30"
pane_close
t_done
