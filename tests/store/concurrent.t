#!/bin/sh
# Two processes writing at once: every command succeeds or fails with the
# clear busy message (exit 1); whatever succeeded is in the store.
. "$(dirname "$0")/../lib.sh"
t_setup
# Leak checking at exit costs a tenth of a second per process under the
# sanitizers; the other tests do it, these many short runs need not.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

N=25
check "create the store" tether add Seed --host seed.example.com --auth none

# writer PREFIX [BUSY_MS]: N adds with distinct names; one result line per
# add.
writer() {
	i=1
	while [ $i -le $N ]; do
		printf 'k-%s-%s\n' "$1" "$i" |
			TETHER_BUSY_TIMEOUT="${2:-}" "$TETHER_BIN" add "$1$i" \
			--host "h$i.example.com" --auth api-key --key-header X-K \
			--key-stdin >/dev/null 2>"$T_WORK/err-$1$i"
		echo "$1$i $?" >>"$T_WORK/results-$1"
		i=$((i + 1))
	done
}

# Phase 1: the default busy timeout; both writers should simply succeed.
writer A &
pa=$!
writer B &
pb=$!
wait $pa $pb
# Phase 2: a short busy timeout, so that some adds may give up.
writer C 1 &
pc=$!
writer D 1 &
pd=$!
wait $pc $pd

tether list --json | jq -r '.[].name' | sort >"$T_WORK/names"
ok=0
busy=0
bad=0
for p in A B C D; do
	while read -r name rc; do
		if [ "$rc" = 0 ]; then
			ok=$((ok + 1))
			grep -qx "$name" "$T_WORK/names" || {
				bad=$((bad + 1))
				t_fail "$name was added (exit 0) but is not in the store"
			}
		elif [ "$rc" = 1 ] && grep -q 'busy' "$T_WORK/err-$name"; then
			busy=$((busy + 1))
			if grep -qx "$name" "$T_WORK/names"; then
				bad=$((bad + 1))
				t_fail "$name failed as busy but was stored anyway"
			fi
		else
			bad=$((bad + 1))
			t_fail "$name: exit $rc without the busy message" "$(cat "$T_WORK/err-$name")"
		fi
	done <"$T_WORK/results-$p"
done
echo "# $ok adds succeeded, $busy gave up on a busy store"
expect_eq "every add was accounted for" $((4 * N)) $((ok + busy + bad))
expect_eq "no add was lost or misreported" 0 "$bad"
expect_eq "with the default timeout every add of A and B succeeded" \
	$((2 * N)) "$(cat "$T_WORK/results-A" "$T_WORK/results-B" | grep -c ' 0$')"
expect_eq "the store holds exactly the successful adds" $((ok + 1)) "$(wc -l <"$T_WORK/names")"
expect_eq "integrity" ok "$(sqlite3 "$TETHER_DB" 'PRAGMA integrity_check')"
# Each stored key decrypts to what its writer sent.
expect_exit "export with secrets" 0 tether export A7 B7 --with-secrets
expect_match "A7 has its own key" "$T_OUT" 'k-A-7'
expect_match "B7 has its own key" "$T_OUT" 'k-B-7'

# A store held locked by another process: wait, then say "busy".
fifo="$T_WORK/lock"
mkfifo "$fifo"
sqlite3 "$TETHER_DB" <"$fifo" >"$T_WORK/lock.out" 2>&1 &
locker=$!
exec 8>"$fifo"
echo 'BEGIN IMMEDIATE; SELECT 1;' >&8
t_on_exit "exec 8>&-; kill $locker 2>/dev/null"
wait_until 10 grep -q 1 "$T_WORK/lock.out"
expect_exit "add while the store is locked fails" 1 env TETHER_BUSY_TIMEOUT=200 "$TETHER_BIN" add Locked --host l.example.com --auth none
expect_match "with the busy message" "$T_ERR" 'busy'
# Reading needs no write lock: list works while the writer holds it.
expect_exit "list works while the store is locked" 0 env TETHER_BUSY_TIMEOUT=200 "$TETHER_BIN" list
expect_match "and shows what is stored" "$T_OUT" 'B7'
# The lock goes away while a patient writer waits: it succeeds. The lock
# is released only once the writer has the store open and is still
# running, so it must have waited (a writer that does not wait ends at
# once with "busy"); its busy timeout is long enough for any machine.
env TETHER_BUSY_TIMEOUT=60000 "$TETHER_BIN" add Waited --host w.example.com \
	--auth none >"$T_WORK/waited.out" 2>&1 &
adder=$!
wait_until 30 sh -c "ls -l /proc/$adder/fd 2>/dev/null | grep -q 'tether.db\$'"
if kill -0 "$adder" 2>/dev/null; then
	t_ok "a patient add waits while the store is locked"
else
	t_fail "a patient add waits while the store is locked" "$(cat "$T_WORK/waited.out")"
fi
echo 'ROLLBACK;' >&8
exec 8>&-
wait "$adder"
rc=$?
if [ "$rc" -eq 0 ]; then t_ok "add waits for the lock, then succeeds"; else
	t_fail "add waits for the lock, then succeeds" "exit $rc" "$(cat "$T_WORK/waited.out")"; fi
wait $locker 2>/dev/null
expect_exit "Waited is stored" 0 tether show Waited
expect_exit "Locked is not" 1 tether show Locked

t_done
