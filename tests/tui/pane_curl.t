#!/bin/sh
# The request pane's copy as curl (C) after a body typed in the pane: the
# command that reaches the clipboard (OSC 52, taken by tmux into its
# buffer) is exactly the request sent, the body byte for byte and nothing
# after it, the API key as a variable.
. "$(dirname "$0")/../lib.sh"
t_setup
. "$(dirname "$0")/pane_lib.sh"

pane_servers || { t_fail "nginx and integrations set up"; t_done; exit; }

pane_open keyed
tui_tmux set-option -s set-clipboard on
tui_type /echo
tui_keys BTab
tui_keys P
tui_expect "the method is POST" "POST"
for k in Tab Tab Tab Tab Tab; do tui_keys "$k"; done
tui_type '{"a":1}'
tui_expect "the typed body is valid JSON" "valid JSON"
tui_keys C-g
tui_expect "the body was sent" "Content-Length: 7"
tui_keys C
tui_expect "C copies the request as a curl command" \
	"Copied the request as a curl command"
wait_until 10 sh -c "tmux -L $TUI_SOCK show-buffer >/dev/null 2>&1"
got=$(tui_tmux show-buffer 2>/dev/null; echo .)
got=${got%.}
want="curl -H 'Content-Type: application/json' -H 'X-API-Key: '\"\$API_KEY\" --data-binary '{\"a\":1}' --connect-timeout 10 --max-time 30 '$NGINX_URL/echo'"
expect_eq "the copied command is the request, the body and nothing after it" \
	"$want" "$got"
pane_close
t_done
