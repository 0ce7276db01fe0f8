#!/bin/sh
# The home list and the request pane's history keep their columns whatever
# script a name is in: Latin,
# CJK (two columns a character), a combining accent (none), an emoji that
# is wide on its own, a ZWJ family (drawn whole, its parts side by side as
# tmux 3.3 does), and a CJK name too long for its column, cut with an
# ellipsis. The Base URL column (home) and the Method column (history)
# start at the same screen column on every row. (No emoji with U+FE0F here: tmux 3.3 draws those one column wide.)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
t_setup

add() { tether add "$1" --host "$2" --auth none >/dev/null || t_fail "add $1"; }
add 'Plain Latin' https://a.example.com
add '日本語の統合' https://b.example.com
add "$(printf 'Cafe\314\201 noir')" https://c.example.com
add "$(printf 'Rocket \360\237\232\200 go')" https://d.example.com
add '非常に長い名前の統合設定です長い名前' https://e.example.com
add "$(printf 'Team \360\237\221\250\342\200\215\360\237\221\251\342\200\215\360\237\221\247 ops')" https://f.example.com

tui_start 100 24
tui_expect "home lists the integrations" "e.example.com"

# The screen column (not the character index) where "https://" starts on
# each row that has one, from tmux's capture: wide characters take two
# columns, combining marks none.
colpy='
import sys, unicodedata
def w(c):
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
for line in sys.stdin.read().splitlines():
    i = line.find(sys.argv[1])
    if i >= 0:
        print(sum(w(c) for c in line[:i]))
'
cols=$(tui_screen | python3 -c "$colpy" "https://")
rows=$(printf '%s\n' "$cols" | grep -c .)
expect_eq "six rows show a base URL" 6 "$rows"
expect_eq "the Base URL column starts at one screen column on every row" 1 \
	"$(printf '%s\n' "$cols" | sort -u | grep -c .)"
hdr=$(tui_screen | python3 -c '
import sys
for line in sys.stdin.read().splitlines():
    if "Base URL" in line and "Name" in line:
        print(line.find("Base URL"))
')
expect_match "the header is on the screen" "$hdr" '^[0-9][0-9]*$'
expect_eq "where the header says Base URL" "$hdr" \
	"$(printf '%s\n' "$cols" | sort -u)"
tui_expect "the long CJK name is cut with an ellipsis" "非常に長い名前の統合…"
tui_expect "the combining accent stays with its letter" \
	"$(printf 'Cafe\314\201 noir')"
tui_expect "the ZWJ family is drawn whole" \
	"$(printf 'Team \360\237\221\250\360\237\221\251\360\237\221\247 ops')"
tui_stop

# The pane's history: requests through each of them (to a closed port:
# they fail fast, and are recorded all the same).
port=$(free_port)
for n in 'Plain Latin' '日本語の統合' "$(printf 'Cafe\314\201 noir')" \
	"$(printf 'Rocket \360\237\232\200 go')" \
	'非常に長い名前の統合設定です長い名前'; do
	tether edit "$n" --host "http://127.0.0.1:$port" >/dev/null ||
		t_fail "point $n at a closed port"
	tether request "$n" GET /x >/dev/null 2>&1
done
expect_eq "five requests are in the history" 5 \
	"$(tether history --json | jq length)"
tui_start 100 24 pane "'Plain Latin'"
tui_wait "Request pane"
tui_keys F3
tui_expect "the history lists the requests" "5 requests"
cols=$(tui_screen | python3 -c "$colpy" ' GET ')
expect_eq "five history rows" 5 "$(printf '%s\n' "$cols" | grep -c .)"
expect_eq "the Method column starts at one screen column on every row" 1 \
	"$(printf '%s\n' "$cols" | sort -u | grep -c .)"
tui_keys Escape Escape Escape
tui_stop
t_done
