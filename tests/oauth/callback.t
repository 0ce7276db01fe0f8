#!/bin/sh
# The loopback listener in a real authorization: forged callbacks refused
# while the real one completes, access_denied, a taken port, a timeout, and
# no answer on any address but 127.0.0.1.
. "$(dirname "$0")/../lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
oidc_start || exit 1
oidc_resource_start || exit 1
export OIDC_BROWSER_LOG="$T_WORK/browser.log"

port=$(free_port)
check "add a public native client" \
	oidc_add Native tether-native --scope openid --redirect-port "$port"

# Forged callbacks first (wrong state, wrong path, no state, POST), then
# the real one.
expect_exit "forged callbacks do not stop the real one" 0 \
	env BROWSER="$OIDC_BROWSER" OIDC_BROWSER_MODE=forge \
	"$TETHER_BIN" authorize Native --timeout 60
expect_match "the real callback completed" "$T_OUT" "Native is authorized"
# The browser script may still be writing its log as tether exits.
wait_until 10 grep -q '^CALLBACK' "$T_WORK/browser.log"
log=$(cat "$T_WORK/browser.log")
expect_match "wrong state refused with 400" "$log" \
	"FORGED GET .*/callback\?code=forged&state=forged -> 400"
expect_match "wrong path refused with 404" "$log" "FORGED GET .*/elsewhere\?.* -> 404"
expect_match "no state refused with 400" "$log" "FORGED GET http://127.0.0.1:[0-9]+/callback -> 400"
expect_match "POST refused with 405" "$log" "FORGED POST .* -> 405"
expect_match "the real callback answered 200" "$log" "CALLBACK .* -> 200"
g=$(oidc_grants grant | grep -c '"grant_type":"authorization_code"')
expect_eq "exactly one code exchanged" 1 "$g"

# access_denied
expect_exit "denied consent fails the flow" 1 \
	env BROWSER="$OIDC_BROWSER" OIDC_BROWSER_MODE=deny \
	"$TETHER_BIN" authorize Native --timeout 60
expect_match "says it was denied in the browser" "$T_ERR" \
	"the request was denied in the browser"
expect_match "with the provider's description" "$T_ERR" "End-User aborted"
expect_exit "the earlier tokens are kept" 0 tether token Native
expect_match "still authorized" "$T_OUT" "refreshable +yes"

# A port in use (the authorization server's own).
expect_exit "a taken port is refused" 1 \
	env BROWSER=/bin/true "$TETHER_BIN" authorize Native --port "$OIDC_PORT"
expect_match "naming the port" "$T_ERR" "port $OIDC_PORT on 127.0.0.1 is already in use"
expect_match "and how to change it" "$T_ERR" "--redirect-port N"
expect_match "for this run too" "$T_ERR" "--port N"
check "an integration whose name needs quoting, on a taken port" \
	oidc_add "Wiz OAuth" tether-native --scope openid --redirect-port "$OIDC_PORT"
expect_exit "its taken port is refused" 1 \
	env BROWSER=/bin/true "$TETHER_BIN" authorize "Wiz OAuth"
expect_match "naming the integration as the shell needs it" "$T_ERR" \
	"tether edit 'Wiz OAuth' --redirect-port N"
expect_exit "its token state" 0 tether token "Wiz OAuth"
expect_match "names the command with the name quoted" "$T_OUT" \
	"run: tether authorize 'Wiz OAuth'"

# Nobody comes back.
start=$(date +%s)
expect_exit "a browser that never returns times out" 1 \
	env BROWSER=/bin/true "$TETHER_BIN" authorize Native --timeout 2
took=$(($(date +%s) - start))
expect_match "says what timed out" "$T_ERR" "no answer from the browser within 2 s"
if [ "$took" -le 10 ]; then t_ok "timed out promptly (${took}s)"; else
	t_fail "timed out promptly" "took ${took}s"; fi

# Not reachable from another address. Find a non-loopback IPv4 address; if
# the machine has none, make one on a dummy interface.
ip=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9.]+$' | grep -v '^127\.' | head -n1)
if [ -z "$ip" ]; then
	ip=$(ip -4 -o addr show 2>/dev/null | awk '{print $4}' | cut -d/ -f1 |
		grep -v '^127\.' | head -n1)
fi
if [ -z "$ip" ] && ip link add tether-t0 type dummy 2>/dev/null; then
	t_on_exit "ip link del tether-t0 2>/dev/null"
	ip addr add 10.254.254.1/32 dev tether-t0 && ip link set tether-t0 up &&
		ip=10.254.254.1
fi
if [ -z "$ip" ]; then
	t_fail "a non-loopback address to probe from" "none found and none could be made"
else
	cat >"$T_WORK/probe.sh" <<PROBE
#!/bin/sh
p=\$(printf '%s' "\$1" | sed 's/.*redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\([0-9]*\)%2F.*/\1/')
curl -s -m 3 -o /dev/null -w '%{http_code}' "http://$ip:\$p/callback" >"$T_WORK/probe.far"
echo " exit=\$?" >>"$T_WORK/probe.far"
curl -s -m 3 -o /dev/null -w '%{http_code}' "http://127.0.0.1:\$p/callback" >"$T_WORK/probe.near"
exec "$OIDC_BROWSER" "\$1"
PROBE
	chmod +x "$T_WORK/probe.sh"
	expect_exit "authorize while probing the listener" 0 \
		env BROWSER="$T_WORK/probe.sh" "$TETHER_BIN" authorize Native --timeout 60
	expect_eq "the listener answers on 127.0.0.1" 400 "$(cat "$T_WORK/probe.near")"
	expect_match "and not on $ip" "$(cat "$T_WORK/probe.far")" "^000 exit=7"
fi
t_done
