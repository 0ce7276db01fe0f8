#!/bin/sh
# make screenshots' script still runs through its whole scripted session
# and writes every image: each one listed by `shots.sh --list` is either
# written by this run as a valid PNG of a sane size, or reported missing
# because that screen is not in this build. No pixel comparison.
. "$(dirname "$0")/../lib.sh"
t_setup

out="$T_WORK/out"
mkdir -p "$out"
# A stale image from an earlier run must not count as made by this one.
printf 'stale' >"$out/home.png"
touch -d '2001-01-01 00:00' "$out/home.png"
touch "$T_WORK/stamp"

SHOTS=$("$TETHER_ROOT/tests/shots/shots.sh" --list)
expect_match "the script lists its images" "$SHOTS" "^home$"

TMPDIR="$T_WORK" TETHER_BIN="$TETHER_BIN" \
	"$TETHER_ROOT/tests/shots/shots.sh" "$out" >"$T_WORK/log" 2>"$T_WORK/err"
rc=$?
expect_eq "shots.sh runs to the end" 0 "$rc"
[ "$rc" = 0 ] || sed 's/^/# /' "$T_WORK/err"

# png_size FILE: "W H" from the IHDR chunk, empty unless a PNG signature.
png_size() {
	/usr/bin/python3 - "$1" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read(33)
if b[:8] == b"\x89PNG\r\n\x1a\n" and b[12:16] == b"IHDR":
    print("%d %d" % struct.unpack(">II", b[16:24]))
PY
}

made=0
for n in $SHOTS; do
	f="$out/$n.png"
	if grep -qx "made $n.png" "$T_WORK/log"; then
		made=$((made + 1))
		size=$(png_size "$f")
		w=${size% *}
		h=${size#* }
		if [ -z "$size" ]; then
			t_fail "$n.png is a PNG" "$(head -c 64 "$f" | od -c | head -3)"
		elif [ "$w" -lt 700 ] || [ "$w" -gt 1400 ] || [ "$h" -lt 400 ] ||
			[ "$h" -gt 1000 ]; then
			t_fail "$n.png has a sane size" "${w}x$h"
		elif [ "$(wc -c <"$f")" -lt 8000 ]; then
			t_fail "$n.png holds a screen" "only $(wc -c <"$f") bytes"
		elif [ ! "$f" -nt "$T_WORK/stamp" ]; then
			t_fail "$n.png was written by this run"
		else
			t_ok "$n.png: ${w}x$h, written by this run"
		fi
	elif grep -q "^missing $n.png: " "$T_WORK/log"; then
		if [ -e "$f" ]; then
			t_fail "$n.png is missing, yet a file is there"
		else
			t_ok "$n.png: $(grep "^missing $n.png: " "$T_WORK/log" |
				sed 's/^missing [^:]*: //')"
		fi
	else
		t_fail "$n.png is made or reported missing" "$(cat "$T_WORK/log")"
	fi
done
[ "$made" -ge 8 ] && t_ok "at least 8 images made ($made)" ||
	t_fail "at least 8 images made" "made $made"
dups=$(cd "$out" && md5sum ./*.png | awk '{print $1}' | sort | uniq -d)
expect_eq "every image shows a different screen" "" "$dups"
extra=$(cd "$out" && ls | grep -vxF "$(printf '%s\n' $SHOTS | sed 's/$/.png/')")
expect_eq "no image outside the list" "" "$extra"
t_done
