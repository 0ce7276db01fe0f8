#!/bin/sh
# Names line up by display columns, not by bytes or code points: in
# `tether list`, `tether test --all` and `tether history` the column after
# the name starts at the same display column on every row, for Latin, CJK
# (2 columns a character), combining marks (0) and emoji (2, with or
# without VS16).
. "$(dirname "$0")/../lib.sh"
t_setup
PY=/usr/bin/python3

# Latin; CJK; e + U+0301 COMBINING ACUTE ACCENT; U+2615 HOT BEVERAGE (wide
# on its own); U+1F326 WHITE SUN BEHIND CLOUD WITH RAIN + U+FE0F (VS16).
NAMES="Plain Latin name
東京 API
Cafe$(printf '\314\201') combining
$(printf '\342\230\225') coffee
$(printf '\360\237\214\246\357\270\217') weather"
port=$(free_port) # nothing listens there: every test fails fast
i=0
printf '%s\n' "$NAMES" >"$T_WORK/names"
while IFS= read -r n; do
	i=$((i + 1))
	check "add \"$n\"" tether add "$n" --host "127.0.0.1:$port" --auth none --test-path "/row$i"
done <"$T_WORK/names"

# columns FILE NAMES...: for each line of FILE that holds one of the names
# (or the header word NAME), the display column where the text after the
# name and the spaces after it starts, one per line. Display width as a
# terminal draws it: East Asian Wide and Fullwidth 2, combining and format
# characters 0, an emoji with VS16 2.
columns() {
	$PY - "$@" <<'PY'
import sys, unicodedata
def width(s):
    w, prev = 0, 0
    for c in s:
        if c == "\ufe0f":
            add = 1 if prev == 1 else 0
        elif unicodedata.category(c) in ("Mn", "Me", "Cf"):
            add = 0
        elif unicodedata.east_asian_width(c) in ("W", "F"):
            add = 2
        else:
            add = 1
        w += add
        prev = add
    return w
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
names = sys.argv[2:] + ["NAME"]
for line in lines:
    for n in names:
        at = line.find(n)
        if at < 0:
            continue
        end = at + len(n)
        while end < len(line) and line[end] == " ":
            end += 1
        print(width(line[:end]))
        break
PY
}
# aligned DESC FILE ROWS: every row counted and all at one column.
aligned() {
	cols=$(columns "$2" "Plain Latin name" "東京 API" "Cafe$(printf '\314\201') combining" \
		"$(printf '\342\230\225') coffee" "$(printf '\360\237\214\246\357\270\217') weather")
	rows=$(printf '%s\n' "$cols" | grep -c .)
	distinct=$(printf '%s\n' "$cols" | sort -u | grep -c .)
	if [ "$rows" -eq "$3" ] && [ "$distinct" -eq 1 ]; then t_ok "$1"; else
		t_fail "$1" "rows $rows (wanted $3), columns: $(printf '%s' "$cols" | tr '\n' ' ')" "$(cat "$2")"; fi
}

expect_exit "list" 0 tether list
printf '%s\n' "$T_OUT" >"$T_WORK/list"
aligned "list: the BASE URL column starts at one display column" "$T_WORK/list" 6

expect_exit "test --all (every test fails)" 1 tether test --all
printf '%s\n' "$T_OUT" | sed '/^$/,$d' >"$T_WORK/all"
aligned "test --all: the STATUS column starts at one display column" "$T_WORK/all" 6

expect_exit "history" 0 tether history
printf '%s\n' "$T_OUT" >"$T_WORK/history"
aligned "history: the METHOD column starts at one display column" "$T_WORK/history" 5
t_done
