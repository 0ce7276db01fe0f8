#!/bin/sh
# Under LANG=C (no UTF-8) the home screen's marks stay apart at 80x24: the
# default integration's `*` and a passing test's mark are different
# characters, and a failed test has its own.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
t_setup

srv="$T_WORK/nginx"
t_server nginx "$srv"

tether add Aok --host "$NGINX_URL" --auth none --test-path /json \
	--default >/dev/null
tether add Bok --host "$NGINX_URL" --auth none --test-path /json >/dev/null
tether add Cbad --host "$NGINX_URL" --auth none --test-path /status/503 \
	>/dev/null
tether test --all >/dev/null 2>&1

TUI_EXTRA_ENV="LANG=C LC_ALL=C"
tui_start 80 24
tui_expect "home lists them" "Cbad"
scr=$(tui_screen)
a=$(printf '%s\n' "$scr" | grep -E '^ *\* +Aok')
b=$(printf '%s\n' "$scr" | grep -E ' Bok ')
c=$(printf '%s\n' "$scr" | grep -E ' Cbad ')
expect_match "the default is marked *" "$a" 'Aok'
mark=$(printf '%s\n' "$b" | sed -n 's/.* \([^ ]\) pass .*/\1/p')
if [ -n "$mark" ] && [ "$mark" != "*" ]; then
	t_ok "the pass mark ($mark) is not the default's *"
else
	t_fail "the pass mark is not the default's *" "$scr"
fi
expect_no_match "Bok's row has no *" "$b" '\*'
fail=$(printf '%s\n' "$c" | sed -n 's/.* \([^ ]\) 503 .*/\1/p')
if [ -n "$fail" ] && [ "$fail" != "$mark" ] && [ "$fail" != "*" ]; then
	t_ok "the fail mark ($fail) is a third one"
else
	t_fail "the fail mark is a third one" "$scr"
fi
expect_no_match "no UTF-8 glyph is drawn" "$scr" "$(printf '\342\234\223')"
tui_keys q
tui_exited
tui_stop
t_done
