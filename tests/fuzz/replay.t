#!/bin/sh
# Every fuzz harness replayed over its committed corpus under ASan and
# UBSan (the replay drivers of the check build, build/check/fuzz/), one
# check per harness: a crash once found and added to the corpus stays
# fixed. Each harness must have a corpus of its own.
. "$(dirname "$0")/../lib.sh"
t_setup
cd "$TETHER_ROOT" || exit 2
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	name=${name#fuzz_}
	bin=build/check/fuzz/fuzz_$name
	corpus=tests/fuzz/corpus/$name
	if [ ! -x "$bin" ]; then
		t_fail "fuzz_$name replays its corpus" "$bin is not built (make test-bin)"
		continue
	fi
	n=$(find "$corpus" -maxdepth 1 -type f 2>/dev/null | wc -l)
	if [ "$n" -lt 3 ]; then
		t_fail "fuzz_$name replays its corpus" "$corpus holds $n seeds; commit a few real ones"
		continue
	fi
	if out=$("$bin" "$corpus" 2>&1); then
		t_ok "fuzz_$name replays its $n seeds"
	else
		t_fail "fuzz_$name replays its corpus" "exit $?" \
			"$(printf '%s\n' "$out" | grep -v '^replay: ' | head -40)" \
			"last input: $(printf '%s\n' "$out" | grep '^replay: ' | tail -1)"
	fi
done
t_done
