#!/bin/sh
# The request pane at 80x24: the history rows start with the method and
# the path (the host shortened after them), the integration drop-down reads
# the store again when it opens, and a search says "match k of N", moves
# with n/N and never leaves a stale "Not found" behind.
. "$(dirname "$0")/../lib.sh"
t_setup
. "$(dirname "$0")/pane_lib.sh"

pane_servers || { t_fail "nginx and integrations set up"; t_done; exit; }
host=${NGINX_URL#http://}

pane_open keyed 80 24
pane_send_path /echo
tui_expect "the first request is answered" "GET /echo HTTP/1.1"

# --- search: k of N, n/N, no stale message -----------------------------
tui_keys /
tui_type "no-such-text"
tui_keys Enter
tui_expect "a missing text is reported" "Not found: no-such-text"
tui_keys /
tui_type "Host"
tui_keys Enter
tui_expect "a later search that succeeds says so" "Match 1 of 1: Host"
expect_no_match "the stale Not found is gone" "$(tui_screen)" "Not found"
tui_keys /
tui_type "t:"
tui_keys Enter
tui_expect "several matches are counted" "Match 1 of 3: t:"
tui_keys n
tui_expect "n moves to the next one" "Match 2 of 3: t:"
tui_keys n n
tui_expect "n wraps round" "Match 1 of 3: t:"
tui_keys N
tui_expect "N moves back round the start" "Match 3 of 3: t:"

# --- the drop-down reloads on open -------------------------------------
tether add Zlater --host "$NGINX_URL" --auth none >/dev/null
tui_keys Escape
tui_expect "back in the composer" "Auth: API key in header X-API-Key"
tui_keys BTab BTab
tui_keys Enter
tui_expect "the integration added meanwhile is in the list" "Zlater"
tui_keys Escape
tui_expect_gone "Esc closes the list" "Zlater"

# --- history rows at 80 columns ---------------------------------------
tui_keys Tab Tab C-u
pane_send_path "/key/header"
tui_expect "the second request is answered" "key ok"
tui_keys Escape
tui_keys F3
tui_expect "the history opens" "newest first"
scr=$(tui_screen)
expect_match "the heading starts with Method and Path" "$scr" \
	"Method +Path +Status +Integration +Host"
expect_match "a row starts with the method and the path" "$scr" \
	"GET +/key/header +200 +keyed +$host"
expect_match "the other row with its own path" "$scr" "GET +/echo +200"
expect_no_match "the host is shown without the scheme" "$scr" "http://"
pane_close
t_done
