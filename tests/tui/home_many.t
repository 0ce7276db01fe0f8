#!/bin/sh
# More integrations than the screen holds: the first frame reads one
# screenful and the count, the rest is read as soon as it is drawn. The
# title counts them all; End reaches the last one; the filter finds one
# past the first screenful; the selection's details are its own; the last
# of them is marked default and shown so.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
t_setup

python3 - "$T_WORK/many.json" <<'PY'
import json, sys
igs = [{"name": "service %02d" % i, "description": "number %d" % i,
        "base_url": "https://api%d.example.com" % i, "auth": "none"}
       for i in range(60)]
json.dump({"tether_export": 1, "integrations": igs}, open(sys.argv[1], "w"))
PY
check "sixty integrations imported" tether import "$T_WORK/many.json"
check "the last one is the default" tether default 'service 59'

tui_start 80 24
tui_expect "the title counts every integration" "integrations (60)"
tui_expect "the first one is listed" "service 00"
tui_expect "  with its details" "service 00: number 0"
expect_no_match "the last one is below the screen" "$(tui_screen)" \
	'service 59'
tui_keys End
tui_expect "End selects the last one" "service 59: number 59"
expect_match "  marked default" "$(tui_screen)" '\* *service 59'
tui_keys Home
tui_expect "Home selects the first again" "service 00: number 0"
tui_keys /
tui_type "api42."
tui_expect "the filter finds one past the first screenful" \
	"service 42: number 42"
expect_no_match "  and only that one" "$(tui_screen)" 'service 00'
tui_keys Escape q
tui_exited
tui_stop
t_done
