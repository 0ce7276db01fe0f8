#!/bin/sh
# Saved requests and variables in the request pane, in tmux against nginx:
# Ctrl-S saves the composed request (the command line sees it), a variable
# nothing sets is asked for before sending and the integration's own are
# filled in, F4 lists the saved requests, which open in the composer, are
# renamed, duplicated and deleted; the help lists those keys.
. "$(dirname "$0")/../lib.sh"
t_setup
. "$(dirname "$0")/pane_lib.sh"

pane_servers || { t_fail "nginx and integrations set up"; t_done; exit; }
check "a variable of the integration" tether var open set tenant acme

pane_open open
tui_type '/echo/{{tenant}}/{{who}}'
tui_keys C-s
tui_expect "Ctrl-S asks for a name" "Save it under the integration as:"
tui_type "echo who"
tui_keys Enter
tui_expect "it says where it saved it" "Saved as echo who of open"
expect_exit "the command line sees it" 0 tether requests open --json
expect_eq "  with its references" '/echo/{{tenant}}/{{who}}' "$(printf '%s' "$T_OUT" | jq -r '.[0].path')"

tui_keys C-g
tui_expect "a variable nothing sets is asked for" "{{who}} is not set"
tui_type "me"
tui_keys Enter
tui_expect "then sent, every variable filled" "GET /echo/acme/me HTTP/1.1"
tui_keys Escape
tui_keys C-g
tui_expect "sent again without asking" "200 OK"
expect_eq "  and nothing left unfilled in the history" \
	"/echo/acme/me" "$(tether history open --json | jq -r '.[0].url' | sed 's|^http://[^/]*||')"

tui_keys F4
tui_expect "F4 lists the saved requests" "1 saved request of open"
tui_expect "  by name, method and path" "echo who"
tui_keys d
tui_expect "d asks for the copy's name" "Name of the copy:"
tui_keys Enter
tui_expect "d duplicates it" "Duplicated echo who as echo who copy"
tui_expect "  both listed" "2 saved requests of open"
tui_keys r
tui_expect "r asks for the new name" "New name:"
tui_keys C-u
tui_type "renamed"
tui_keys Enter
tui_expect "r renames it" "Renamed echo who to renamed"
tui_keys x
tui_expect "Delete asks first" "Delete the saved request"
tui_keys y
tui_expect "then deletes it" "Deleted "
tui_expect "  one left" "1 saved request of open"
expect_exit "the command line agrees" 0 tether requests open --json
expect_eq "  which one" 1 "$(printf '%s' "$T_OUT" | jq length)"

tui_keys F1
tui_expect "the help lists the saved tab's keys" "duplicate"
tui_keys Escape
tui_keys Escape
tui_keys C-u
tui_type /status/204
tui_keys F4
tui_wait "saved request of open"
tui_keys Enter
tui_expect "Enter opens it in the composer" "Opened "
tui_expect "  its path with the references" '/echo/{{tenant}}/{{who}}'
pane_close
t_done
