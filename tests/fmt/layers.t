#!/bin/sh
# The engine's files form layers: no file of src/ calls, through others,
# back into itself (store_db.c at the bottom of the store, oauth_call.c
# below the flows, ...); in the screens, the request pane's files call
# down into pane_common.c, never back into pane.c. Read off the symbols
# the sanitizer build's object files define and use.
. "$(dirname "$0")/../lib.sh"
t_setup

layers() { "$TETHER_ROOT/tests/fmt/layers.py" "$TETHER_ROOT/build/check/$1"; }

check "the engine's objects are built" test -s "$TETHER_ROOT/build/check/src/store_db.o"
# The check itself sees a circle when there is one.
mkdir -p "$T_WORK/o"
printf 'int b(void);\nint a(void) { return b(); }\n' >"$T_WORK/a.c"
printf 'int a(void);\nint b(void) { return a(); }\n' >"$T_WORK/b.c"
cc -c -o "$T_WORK/o/a.o" "$T_WORK/a.c" && cc -c -o "$T_WORK/o/b.o" "$T_WORK/b.c"
expect_match "two files calling each other are a circle" \
	"$("$TETHER_ROOT/tests/fmt/layers.py" "$T_WORK/o")" "^2 a b"

out=$(layers src)
expect_eq "no circle among the engine's files" "" "$out"
pane=$(layers ui | grep -E '^[0-9]+ .*pane' || true)
expect_eq "no circle through the request pane's files" "" "$pane"
t_done
