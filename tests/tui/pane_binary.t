#!/bin/sh
# The request pane decides "text or binary" with the engine's one rule
# (text_looks_binary): valid UTF-8 with more than one control character in
# ten is a hex dump, ordinary text is shown as text. httpbin's /base64/
# answers with the bytes it is given.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
t_setup

hb="$T_WORK/httpbin"
t_server httpbin "$hb"
tether add bin --host "$HTTPBIN_URL" --auth none >/dev/null ||
	t_fail "add bin"

tui_start 100 30 pane bin
tui_wait "Request pane"
# "ab", the controls 01..08, 0e, 0f, then "cd": no NUL, valid UTF-8
tui_type /base64/YWIBAgMEBQYHCA4PY2Q=
tui_keys Enter
tui_expect "a body of control characters is a hex dump" \
	"00000000  61 62 01 02 03 04 05 06 07 08 0e 0f 63 64"
tui_keys Escape
# "plain text, one tab" with a tab
tui_keys C-u
tui_type /base64/cGxhaW4gdGV4dCwJb25lIHRhYg==
tui_keys Enter
tui_expect "ordinary text is shown as text" "plain text, one tab"
tui_keys Escape Escape Escape
tui_stop
t_done
