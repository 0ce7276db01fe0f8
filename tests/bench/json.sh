#!/bin/sh
# tests/bench/json.sh — JSON pretty-printing: tether's formatter vs `jq .`
# on the same ~45 MB body, whole process, median of $RUNS runs (default
# 5), with the peak resident memory of each; then what the response viewer
# costs on that body (index build, rendering lines, a search). Numbers
# only: nothing here passes or fails.
#
# The formatter is driven by tests/bench/jsonfmt_bench.c, built here with
# the release flags against the release engine objects.
set -e
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
SIZE_MB=${SIZE_MB:-45}

for tool in jq python3 /usr/bin/time; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "json.sh: $tool is missing (run tests/deps.sh test)" >&2
		exit 1
	}
done

work=$(mktemp -d "${TMPDIR:-/tmp}/tether-bench-json.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# The driver, against the same objects ./tether is made of.
objs=""
for src in src/jsonfmt*.c src/text.c src/err.c; do
	objs="$objs build/release/${src%.c}.o"
done
# shellcheck disable=SC2086
make -s $objs
# shellcheck disable=SC2086
${CC:-cc} -std=c17 -O2 -g -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc \
	-o "$work/jsonfmt_bench" tests/bench/jsonfmt_bench.c $objs

# A body shaped like a large API listing: an array of records with nested
# objects and arrays, escapes, non-ASCII text, floats, nulls.
body="$work/body.json"
python3 - "$body" "$SIZE_MB" <<'PY'
import json, random, sys
path, limit = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
rnd = random.Random(8259)
size, i = 1, 0
with open(path, "w", encoding="utf-8") as out:
    out.write("[")
    while size < limit:
        rec = {
            "id": i,
            "login": "user%d" % i,
            "name": "Ren\u00e9e \"R\" O'Hara %d" % i,
            "email": "user%d@example.com" % i,
            "active": i % 3 == 0,
            "score": rnd.random() * 1000,
            "tags": ["alpha", "b\u00eata", "gamma"][: i % 4],
            "address": {
                "street": "%d Main St" % i,
                "city": "Springfield",
                "geo": {"lat": rnd.uniform(-90, 90),
                        "lng": rnd.uniform(-180, 180)},
            },
            "note": None if i % 5 else "line one\nline two \\ \u2713",
            "events": [{"at": 1700000000 + i, "kind": "login"}],
        }
        s = ("," if i else "") + json.dumps(rec, separators=(",", ":"),
                                            ensure_ascii=i % 2 == 0)
        out.write(s)
        size += len(s.encode())
        i += 1
    out.write("]\n")
PY
bytes=$(wc -c <"$body")

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# measure NAME CMD...: run CMD $RUNS times with stdout to /dev/null; leaves
# the median wall time (ms) and median peak RSS (KiB) in $med_ms, $med_kb.
measure() {
	name=$1
	shift
	: >"$work/$name.ms"
	: >"$work/$name.kb"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		t0=$(now_ms)
		/usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null
		t1=$(now_ms)
		echo $((t1 - t0)) >>"$work/$name.ms"
		tail -n 1 "$work/rss" >>"$work/$name.kb"
		i=$((i + 1))
	done
	med_ms=$(sort -n "$work/$name.ms" | sed -n "$(((RUNS + 1) / 2))p")
	med_kb=$(sort -n "$work/$name.kb" | sed -n "$(((RUNS + 1) / 2))p")
}

measure tether "$work/jsonfmt_bench" "$body"
t_ms=$med_ms t_kb=$med_kb
measure jq jq . "$body"
j_ms=$med_ms j_kb=$med_kb

t_lines=$("$work/jsonfmt_bench" "$body" | wc -l)
j_lines=$(jq . "$body" | wc -l)
viewer=$("$work/jsonfmt_bench" --viewer "$body")

awk -v bytes="$bytes" -v runs="$RUNS" -v tms="$t_ms" -v tkb="$t_kb" \
	-v jms="$j_ms" -v jkb="$j_kb" -v tl="$t_lines" -v jl="$j_lines" \
	-v viewer="$viewer" 'BEGIN {
	mb = bytes / 1048576
	printf "JSON pretty-printing, %.1f MB body, median of %d runs\n", mb, runs
	printf "  %-26s %10s %14s %10s\n", "", "time (ms)", "peak RSS (MB)", "lines"
	printf "  %-26s %10d %14.1f %10d\n", "tether formatter", tms, tkb / 1024, tl
	printf "  %-26s %10d %14.1f %10d\n", "jq .", jms, jkb / 1024, jl
	printf "  %-26s %10.3f %14.3f   (goal: time <= 0.1)\n", "ratio tether / jq",
	    jms ? tms / jms : 0, jkb ? tkb / jkb : 0
	n = split(viewer, v, " ")
	for (i = 1; i < n; i += 2)
		val[v[i]] = v[i + 1]
	printf "Response viewer on the same body:\n"
	printf "  line index: %d lines, %.1f MB (%.2fx the body), built in %.0f ms\n",
	    val["lines"], val["index_bytes"] / 1048576,
	    val["index_bytes"] / bytes, val["build_ms"]
	printf "  rendering the last and first 50 lines: %.2f ms\n",
	    val["render_100_lines_ms"]
	printf "  searching every line: a word %.0f ms, a phrase %.0f ms\n",
	    val["search_word_ms"], val["search_phrase_ms"]
}'
