#!/bin/sh
# SIGKILL storm: tether processes refreshing one integration's tokens over
# and over are killed at random moments, more than a hundred times. The
# store stays intact (integrity check, tether list), the lock of a killed
# holder goes with it, and a grant is lost only when a kill lands between
# the token endpoint rotating the refresh token and tether committing the
# new one: never for a process killed before its token request (first
# part: killed while the lock is held elsewhere), and at most one per kill
# in the storm. oidc-provider rotates tether-native's refresh tokens and
# answers a spent one with invalid_grant: a refresh is refused there only
# in an epoch of the storm that lost its grant.
. "$(dirname "$0")/../lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
KILLS=${STORM_KILLS:-100}
WORKERS=4
# 30 s tokens are always inside tether's 60 s refresh buffer: every run
# refreshes.
oidc_start ACCESS_TTL=30 || exit 1
oidc_resource_start || exit 1
export BROWSER="$OIDC_BROWSER"

port=$(free_port)
check "add a client whose refresh tokens rotate" \
	oidc_add Api tether-native --scope openid --redirect-port "$port"
expect_exit "authorize" 0 tether authorize Api --timeout 60
id=$(sqlite3 "$TETHER_DB" "SELECT id FROM integrations")
LOCK="$TETHER_DB.lock"

refused() {
	grep -Ec '"event":"grant_error","grant_type":"refresh_token"' "$OIDC_LOG"
}
granted() {
	grep -Ec '"event":"grant","grant_type":"refresh_token"' "$OIDC_LOG"
}
# rand N: a random number in 0..N-1.
rand() { echo $(($(od -An -N2 -tu2 /dev/urandom) % $1)); }
nap() { sleep "$(printf '0.%03d' "$(rand "$1")")"; }
# kill9 PID: SIGKILL it when it is still a running tether; true when sent.
kill9() {
	case $({ tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null) in
	*tether*) kill -9 "$1" 2>/dev/null ;;
	*) return 1 ;;
	esac
}
intact() {
	[ "$(sqlite3 "$TETHER_DB" "PRAGMA integrity_check")" = ok ] &&
		tether list >/dev/null 2>&1
}

# --- Part 1: killed before the token request, while the lock is held
# elsewhere (a holder process standing in for a tether mid-refresh).
gated=0
trial=1
while [ "$trial" -le 6 ]; do
	rm -f "$T_WORK/held"
	/usr/bin/python3 -c '
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.lockf(fd, fcntl.LOCK_EX, 1, int(sys.argv[2]))
open(sys.argv[3], "w").close()
time.sleep(60)
' "$LOCK" "$id" "$T_WORK/held" &
	holder=$!
	wait_until 20 test -e "$T_WORK/held"
	pids=""
	for i in 1 2 3 4; do
		# Not the tether() function: $! must be tether itself.
		"$TETHER_BIN" test Api >"$T_WORK/gated.$i" 2>&1 &
		pids="$pids $!"
	done
	for victim in $(echo "$pids" | tr ' ' '\n' | sed -n '2p;4p'); do
		nap 150
		kill9 "$victim" && gated=$((gated + 1))
	done
	kill "$holder"
	wait "$holder" 2>/dev/null
	bad=""
	for p in $pids; do
		wait "$p" 2>/dev/null # the shell's "Killed"
		rc=$?
		# 137: killed; anything else must be a pass.
		[ "$rc" = 0 ] || [ "$rc" = 137 ] || bad="$bad $p:$rc"
	done
	[ -z "$bad" ] || t_fail "trial $trial: the processes not killed pass" \
		"$bad" "$(cat "$T_WORK"/gated.*)"
	trial=$((trial + 1))
done
if [ "$gated" -gt 0 ]; then
	t_ok "$gated processes killed while waiting for the lock"
else
	t_fail "processes killed while waiting for the lock" "none was"
fi
expect_exit "no grant was lost to them" 0 tether test Api
gated_lost=$(refused)
expect_eq "no refresh was refused" 0 "$gated_lost"
if intact; then t_ok "the store is intact"; else t_fail "the store is intact"; fi

# --- Part 2: the storm. Workers run refreshing commands in a loop; the
# killer SIGKILLs one of them at random moments. An epoch ends after 10
# kills or when the grant is found lost; then the store is checked, a
# refresh shows whether the grant survived, and a lost one is authorized
# again.
S="$T_WORK/storm"
mkdir -p "$S"
worker() {
	n=0
	while [ ! -e "$S/stop" ]; do
		case $((n % 3)) in
		0) set -- "$1" test Api ;;
		1) set -- "$1" token Api --reveal ;;
		*) set -- "$1" request Api GET /anything ;;
		esac
		w=$1
		shift
		"$TETHER_BIN" "$@" >/dev/null 2>&1 &
		set -- "$w"
		echo $! >"$S/pid.$1"
		wait $!
		n=$((n + 1))
	done
}
needs_auth() {
	[ "$(sqlite3 "$TETHER_DB" "SELECT token_needs_auth FROM integrations" \
		2>/dev/null)" = 1 ]
}

kills=0
lost=0
odd=0
seen=$(refused)
torn=0
epochs=0
while [ "$kills" -lt "$KILLS" ] && [ "$epochs" -lt 40 ]; do
	epochs=$((epochs + 1))
	rm -f "$S/stop" "$S"/pid.*
	wpids=""
	for w in $(seq "$WORKERS"); do
		worker "$w" 2>/dev/null & # the shell's "Killed"
		wpids="$wpids $!"
	done
	k=0
	while [ "$k" -lt 10 ] && ! needs_auth; do
		nap 120
		pid=$(cat "$S/pid.$(($(rand "$WORKERS") + 1))" 2>/dev/null)
		[ -n "$pid" ] && kill9 "$pid" && k=$((k + 1))
	done
	kills=$((kills + k))
	touch "$S/stop"
	for p in $wpids; do wait "$p"; done
	intact || torn=$((torn + 1))
	if needs_auth || ! tether token Api --reveal >/dev/null 2>&1; then
		lost=$((lost + 1))
		# A lost grant shows at the server as a refused refresh.
		[ "$(refused)" -gt "$seen" ] || odd=$((odd + 1))
		tether authorize Api --timeout 60 >/dev/null 2>&1 ||
			t_fail "epoch $epochs: authorize again after a lost grant"
	else
		# Nothing lost: then nothing was refused either (no refresh
		# token was spent twice).
		[ "$(refused)" -eq "$seen" ] || odd=$((odd + 1))
	fi
	seen=$(refused)
done
echo "# kill storm: $kills kills in $epochs epochs of refresh loops" \
	"($WORKERS workers), $lost grants lost, $(granted) refreshes granted;" \
	"$gated more kills while the lock was held elsewhere, $gated_lost lost"
if [ "$kills" -ge "$KILLS" ]; then t_ok "$kills kills"; else
	t_fail "at least $KILLS kills" "only $kills in $epochs epochs"; fi
expect_eq "the store stayed intact after every epoch" 0 "$torn"
if [ "$lost" -le "$kills" ]; then t_ok "grants lost ($lost) <= kills ($kills)"
else t_fail "grants lost ($lost) <= kills ($kills)"; fi
expect_eq "refreshes were refused in the epochs that lost a grant, only" 0 \
	"$odd"
expect_exit "the integration works at the end" 0 tether test Api
if intact; then t_ok "the store is intact"; else t_fail "the store is intact"; fi
t_done
