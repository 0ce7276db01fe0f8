#!/bin/sh
# Refresh race: many tether processes (test, request, test --all) started
# at once on an expired token spend its refresh token once between them.
# oidc-provider rotates tether-native's refresh tokens and revokes the
# whole grant when a spent one comes back, so a second spender would end
# in invalid_grant and "needs authorization". Every round: every process
# passes, the server sees exactly one token request. Then a waiter gives
# up, bounded, with a clear message, when the lock stays held.
. "$(dirname "$0")/../lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
ROUNDS=${RACE_ROUNDS:-20}
PROCS=${RACE_PROCS:-12}
# Tokens live 5 minutes; each round expires the stored one by rewriting
# its expiry (no waiting on the clock), so every process of the round
# finds it expired.
oidc_start ACCESS_TTL=300 || exit 1
oidc_resource_start || exit 1
export BROWSER="$OIDC_BROWSER"

port=$(free_port)
check "add a client whose refresh tokens rotate" \
	oidc_add Api tether-native --scope openid --redirect-port "$port"
expect_exit "authorize" 0 tether authorize Api --timeout 60
id=$(sqlite3 "$TETHER_DB" "SELECT id FROM integrations")

# What reached the token endpoint, granted or refused.
token_requests() {
	grep -Ec '"event":"grant(_error)?","grant_type":"refresh_token"' "$OIDC_LOG"
}
refused() { oidc_grants grant_error | grep -c '"grant_type":"refresh_token"'; }
expire() {
	sqlite3 "$TETHER_DB" "UPDATE integrations SET token_expires_at = 1"
}

# worker I: wait at the gate, then run one tether command (the three kinds
# in turn) and leave its exit status in rc.I.
worker() {
	touch "$G/ready.$1"
	while [ ! -e "$G/go" ]; do sleep 0.01; done
	case $(($1 % 3)) in
	0) tether test Api ;;
	1) tether request Api GET /anything ;;
	2) tether test --all ;;
	esac >"$G/out.$1" 2>&1
	echo $? >"$G/rc.$1"
}

all_ready() { [ "$(ls "$G" | grep -c '^ready\.')" -eq "$PROCS" ]; }

reauthorized=0
r=1
while [ "$r" -le "$ROUNDS" ]; do
	G="$T_WORK/round.$r"
	mkdir -p "$G"
	expire
	before=$(token_requests)
	i=0
	pids=""
	while [ "$i" -lt "$PROCS" ]; do
		worker "$i" &
		pids="$pids $!"
		i=$((i + 1))
	done
	wait_until 60 all_ready
	touch "$G/go"
	for p in $pids; do wait "$p"; done
	failed=""
	i=0
	while [ "$i" -lt "$PROCS" ]; do
		[ "$(cat "$G/rc.$i" 2>/dev/null)" = 0 ] || failed="$failed $i"
		i=$((i + 1))
	done
	asked=$(($(token_requests) - before))
	if [ -z "$failed" ]; then
		t_ok "round $r: all $PROCS processes pass"
	else
		t_fail "round $r: all $PROCS processes pass" "failed:$failed" \
			"$(for i in $failed; do cat "$G/out.$i"; done | sort | uniq -c)"
	fi
	expect_eq "round $r: exactly one token request" 1 "$asked"
	if cat "$G"/out.* | grep -q "needs authorization"; then
		t_fail "round $r: no \"needs authorization\""
	else
		t_ok "round $r: no \"needs authorization\""
	fi
	# Keep the rounds independent: a lost grant is authorized again.
	tether token Api >"$G/state" 2>&1
	if grep -q "needs authorization" "$G/state"; then
		reauthorized=$((reauthorized + 1))
		tether authorize Api --timeout 60 >/dev/null 2>&1
	fi
	r=$((r + 1))
done
echo "# $ROUNDS rounds of $PROCS processes: $(token_requests) token requests," \
	"$(refused) refused, $reauthorized forced re-authorizations"
expect_eq "no refresh was refused" 0 "$(refused)"
expect_eq "no re-authorization was needed" 0 "$reauthorized"
expect_exit "the token in the store works" 0 tether token Api --reveal
expect_eq "at the resource server" 200 \
	"$(rs_status "$(printf '%s\n' "$T_OUT" | tail -n1)")"

# A waiter's wait is bounded: with the integration's request timeout at
# 1 s and the store's busy timeout at 0.5 s it gives up after 2.5 s, when
# the lock (byte $id of the lock file, beside the store) stays held.
check "a 1 s request timeout" tether edit Api --timeout 1
LOCK="$TETHER_DB.lock"
expect_eq "the lock file is private (0600)" 600 "$(stat -c %a "$LOCK")"
expire
before=$(token_requests)
/usr/bin/python3 -c '
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.lockf(fd, fcntl.LOCK_EX, 1, int(sys.argv[2]))
open(sys.argv[3], "w").close()
time.sleep(60)
' "$LOCK" "$id" "$T_WORK/held" &
holder=$!
t_on_exit "kill $holder 2>/dev/null"
wait_until 20 test -e "$T_WORK/held"
export TETHER_BUSY_TIMEOUT=500
expect_exit "a waiter gives up when the lock stays held" 1 tether test Api
unset TETHER_BUSY_TIMEOUT
expect_match "saying another tether is renewing Api's tokens" "$T_OUT$T_ERR" \
	"waited 3 s for another tether to finish renewing the tokens of Api; nothing was sent"
expect_eq "without a token request" "$before" "$(token_requests)"
expect_exit "logout waits for a refresh to end too" 1 tether logout Api
expect_match "the same way" "$T_ERR" "tokens of Api; nothing was sent"
kill "$holder"
wait "$holder" 2>/dev/null
expect_exit "once it is released, the refresh goes ahead" 0 tether test Api
expect_eq "one token request" $((before + 1)) "$(token_requests)"
t_done
