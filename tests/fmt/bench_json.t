#!/bin/sh
# The JSON benchmark script still runs end to end (on a small body, once)
# and prints every figure. Timings themselves are not judged.
. "$(dirname "$0")/../lib.sh"
t_setup

out=$(cd "$TETHER_ROOT" && SIZE_MB=1 RUNS=1 TMPDIR="$T_WORK" \
	tests/bench/json.sh 2>&1)
rc=$?
expect_eq "tests/bench/json.sh exits 0" 0 "$rc"
expect_match "prints the formatter's row" "$out" \
	'^  tether formatter +[0-9]+ +[0-9.]+ +[0-9]+$'
expect_match "prints jq's row" "$out" '^  jq \. +[0-9]+ +[0-9.]+ +[0-9]+$'
expect_match "prints the ratio" "$out" '^  ratio tether / jq +[0-9.]+ +[0-9.]+'
expect_match "prints the viewer's figures" "$out" \
	'line index: [1-9][0-9]* lines, .* built in [0-9]+ ms'
# Both tools print the same number of lines for the same body.
lines=$(printf '%s\n' "$out" | awk '$1 == "tether" || $1 == "jq" {print $NF}' |
	sort -u | wc -l)
expect_eq "formatter and jq agree on the line count" 1 "$lines"
t_done
