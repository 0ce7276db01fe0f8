#!/bin/sh
# Crash safety: `tether import` of a few hundred integrations, killed with
# SIGKILL at a random moment, again and again. After each kill the store
# passes PRAGMA integrity_check and holds all of that import or none of it
# (CRASH_N integrations, CRASH_ITER kills).
. "$(dirname "$0")/../lib.sh"
t_setup
# Leak checking at exit costs a tenth of a second per process under the
# sanitizers; the other tests do it, these many short runs need not.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

N=${CRASH_N:-200}
ITER=${CRASH_ITER:-100}
db=$TETHER_DB

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The import file: one real export (with a secret, so each import also
# encrypts), copied N times under distinct names. Works whether the export
# is an array or an object holding the array.
printf 'crash-key-1\n' | tether --db "$T_WORK/tmpl.db" add Tmpl \
	--host api.example.com --auth api-key --key-header X-API-Key --key-stdin \
	--description 'bulk import' >/dev/null
tether --db "$T_WORK/tmpl.db" export --with-secrets >"$T_WORK/tmpl.json"
jq --argjson n "$N" '
	def rep: . as $o | [range(0; $n)] | map(. as $i | $o | .name = "Bulk\($i)");
	if type == "array" then (.[0] | rep)
	else with_entries(if (.value | type) == "array"
		then .value = (.value[0] | rep) else . end) end' \
	"$T_WORK/tmpl.json" >"$T_WORK/bulk.json"
expect_eq "the import file names $N integrations" "$N" \
	"$(grep -o '"Bulk[0-9]*"' "$T_WORK/bulk.json" | sort -u | wc -l)"

# The state before each import: one integration.
check "base store" tether add Base --host base.example.com --auth none
# fold the -wal in (tether keeps it), so that the .db alone is the state
sqlite3 "$db" "PRAGMA user_version" >/dev/null
test ! -e "$db-wal" || t_fail "the -wal is folded into the base store"
cp "$db" "$T_WORK/base.db"

fresh() {
	rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
	cp "$T_WORK/base.db" "$db"
}

# How long a whole import takes (the longer of two), to spread the kills
# over it and a little beyond.
span=0
for run in 1 2; do
	fresh
	t0=$(now_ms)
	check "uninterrupted import $run succeeds" tether import "$T_WORK/bulk.json"
	took=$(($(now_ms) - t0))
	[ "$took" -gt "$span" ] && span=$took
done
expect_eq "it adds all $N" $((N + 1)) "$(tether list --json | jq length)"
echo "# a whole import takes ${span} ms"
limit=$((span * 3 / 2 + 1))

none=0
all=0
bad=0
i=1
while [ $i -le "$ITER" ]; do
	fresh
	delay=$(awk -v s="$i$$" -v m="$limit" 'BEGIN { srand(s); printf "%.3f", (1 + int(rand() * m)) / 1000 }')
	# SIGKILL after the delay, unless the import has finished by then.
	# Wait for the process itself (not a wrapper such as timeout(1), which
	# may be reaped before tether has finished dying and let go of its
	# locks).
	"$TETHER_BIN" import "$T_WORK/bulk.json" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	integrity=$(sqlite3 -cmd '.timeout 5000' "$db" 'PRAGMA integrity_check' 2>&1)
	# Count what tether sees every tenth time, the rows themselves (and
	# their secrets, which must match) the other times: much faster.
	if [ $((i % 10)) = 0 ]; then
		n=$(tether list --json 2>"$T_WORK/list.err" | jq length 2>/dev/null)
	else
		n=$(sqlite3 "$db" 'SELECT count(*) FROM integrations' 2>"$T_WORK/list.err")
		s=$(sqlite3 "$db" 'SELECT count(*) FROM secrets' 2>>"$T_WORK/list.err")
		[ "$s" = $((n - 1)) ] || n="$n rows with $s secrets"
	fi
	if [ "$integrity" != ok ]; then
		bad=$((bad + 1))
		t_fail "iteration $i (kill after ${delay}s): integrity_check says" "$integrity"
	elif [ "$n" = 1 ]; then
		none=$((none + 1))
	elif [ "$n" = $((N + 1)) ]; then
		all=$((all + 1))
	else
		bad=$((bad + 1))
		t_fail "iteration $i (kill after ${delay}s): $n integrations, wanted 1 or $((N + 1))" "$(cat "$T_WORK/list.err")"
	fi
	i=$((i + 1))
done
echo "# $ITER kills: $none left the old state, $all the new one"
expect_eq "every kill left the old state or the new one" 0 "$bad"
expect_eq "every iteration was counted" "$ITER" $((none + all + bad))
check "some kills landed before the commit" test "$none" -gt 0
check "some kills landed after the commit" test "$all" -gt 0

# After all that the store is still usable, and its secrets decrypt.
fresh
check "a final import succeeds" tether import "$T_WORK/bulk.json"
expect_exit "export a bulk integration with its secret" 0 tether export Bulk7 --with-secrets
expect_match "its key decrypts" "$T_OUT" 'crash-key-1'
t_done
