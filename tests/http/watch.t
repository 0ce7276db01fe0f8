#!/bin/sh
# tether test --watch: the tests run again and again; only changes are
# printed (passed -> failed and back, with the time and since when); an
# OAuth token is refreshed as needed each round (read again from the store
# each round, the rotated refresh token is the one spent); SIGINT ends it with the exit status of the
# last round; with -o the report file is rewritten each round. The server
# flips when the test creates and removes a file nginx serves.
. "$(dirname "$0")/../lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
# Access tokens live 30 s, inside the 60 s refresh buffer: every use of
# one refreshes it, and the server rotates the refresh token each time.
oidc_start ACCESS_TTL=30 || exit 1
oidc_resource_start || exit 1
export BROWSER="$OIDC_BROWSER"
FILE="$T_WORK/nginx/www/files/up"
OUT="$T_WORK/watch.out"

port=$(free_port)
check "add a native client" oidc_add Native tether-native --scope openid --redirect-port "$port"
expect_exit "authorize it" 0 tether authorize Native --timeout 60
check "add one whose answer the test flips" tether add flip --host "$NGINX_URL" \
	--auth none --test-path /files/up
refreshes() { oidc_grants grant | grep -c '"grant_type":"refresh_token"'; }
# more_refreshes N: more than N refreshes so far.
more_refreshes() { [ "$(refreshes)" -gt "$1" ]; }
watch_pid=""
t_on_exit '[ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null'

"$TETHER_BIN" test Native flip --watch 100ms >"$OUT" 2>"$T_WORK/watch.err" &
watch_pid=$!
has() { grep -Eq -- "$1" "$OUT"; }
T='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z'
if wait_until 30 has "^$T FAIL flip: 404 Not Found"; then t_ok "the first round prints the failure"; else
	t_fail "the first round prints the failure" "$(cat "$OUT" "$T_WORK/watch.err")"; fi
if wait_until 30 has "^$T PASS Native: 200 OK"; then t_ok "and the pass"; else
	t_fail "and the pass" "$(cat "$OUT" "$T_WORK/watch.err")"; fi
before=$(refreshes)
if wait_until 30 more_refreshes $((before + 2)); then t_ok "each round refreshes the token"; else
	t_fail "each round refreshes the token" "$before -> $(refreshes)"; fi

echo up >"$FILE"
if wait_until 30 has "^$T PASS flip: 200 OK, [0-9]+ ms \(failing since $T\)$"; then
	t_ok "failed -> passed is printed, with since when"; else
	t_fail "failed -> passed is printed" "$(cat "$OUT")"; fi

expect_eq "  no refresh was refused" 0 "$(oidc_grants grant_error | grep -c refresh_token)"

rm -f "$FILE"
if wait_until 30 has "^$T FAIL flip: 404 Not Found.*\(passing since $T\)$"; then
	t_ok "passed -> failed is printed"; else t_fail "passed -> failed is printed" "$(cat "$OUT")"; fi
expect_eq "only the changes: Native printed once" 1 "$(grep -c ' Native: ' "$OUT")"
expect_eq "  flip three times" 3 "$(grep -c ' flip: ' "$OUT")"
expect_match "  a failure with its diagnosis" "$(cat "$OUT")" '^  Nothing was found at'
kill -INT "$watch_pid"
wait "$watch_pid"
expect_eq "SIGINT ends it; exit 1 when the last round failed" 1 "$?"
watch_pid=""
expect_eq "  nothing on standard error" "" "$(cat "$T_WORK/watch.err")"

# The report file is rewritten each round; SIGINT after a passing round
# exits 0.
PROM="$T_WORK/tether.prom"
"$TETHER_BIN" test flip --watch 100ms --format prometheus -o "$PROM" >"$OUT" 2>&1 &
watch_pid=$!
prom_has() { grep -q "^tether_connection_test_pass{name=\"flip\",tags=\"\"} $1$" "$PROM"; }
if wait_until 30 prom_has 0; then t_ok "-o: the report says it fails"; else t_fail "-o: the report says it fails"; fi
echo up >"$FILE"
if wait_until 30 prom_has 1; then t_ok "  then, rewritten, that it passes"; else t_fail "  then that it passes"; fi
if wait_until 30 has "PASS flip"; then t_ok "  the change printed"; else t_fail "  the change printed" "$(cat "$OUT")"; fi
kill -INT "$watch_pid"
wait "$watch_pid"
expect_eq "SIGINT after a passing round exits 0" 0 "$?"
watch_pid=""

expect_exit "--watch with a bad interval" 2 tether test flip --watch soon
expect_exit "--watch with --format and no -o" 2 tether test flip --watch 1s --format junit
t_done
