#!/bin/sh
# The loopback listener cannot be held off by a local process that opens
# many connections and trickles a byte a second on each (tests/oauth/
# trickle.py, run as the "browser" once the login is done): such
# connections are closed a few seconds after they open however they
# trickle, and the real callback is served within a second while 50 of them
# are open.
. "$(dirname "$0")/../lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
oidc_start || exit 1
oidc_resource_start || exit 1

port=$(free_port)
check "add a public native client" \
	oidc_add Native tether-native --scope openid --redirect-port "$port"

# The browser: sign in, then instead of following the redirect hand the
# callback URL to the hostile client.
cat >"$T_WORK/siege.sh" <<SIEGE
#!/bin/sh
url=\$(OIDC_BROWSER_MODE=print "$OIDC_BROWSER" "\$1") || exit 1
exec /usr/bin/python3 "$TETHER_ROOT/tests/oauth/trickle.py" "\$url" 50 \
	>"$T_WORK/dos.log" 2>&1
SIEGE
chmod +x "$T_WORK/siege.sh"

expect_exit "authorize while 50 connections trickle" 0 \
	env BROWSER="$T_WORK/siege.sh" "$TETHER_BIN" authorize Native --timeout 60
expect_match "the real callback completed" "$T_OUT" "Native is authorized"
# The client may still be writing its log as tether exits.
wait_until 30 grep -q '^DONE' "$T_WORK/dos.log"
log=$(cat "$T_WORK/dos.log")
echo "$log" | sed 's/^/# /'

d=$(printf '%s\n' "$log" | grep '^DEADLINE ')
field() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
expect_eq "every trickling connection was closed by the listener" 50 \
	"$(field "$d" closed)"
# Each was closed after it had trickled several bytes, so bytes arriving
# do not keep a connection open; none was closed before 2 s (a slow
# browser has time) and all within 8 s (the trickle went on for 20 s).
if awk -v f="$(field "$d" first)" -v l="$(field "$d" last)" \
	-v b="$(field "$d" minbytes)" 'BEGIN { exit !(f >= 2 && l <= 8 && b >= 2) }'; then
	t_ok "closed between 2 s and 8 s after opening, having trickled bytes"
else
	t_fail "closed between 2 s and 8 s after opening, having trickled bytes" "$d"
fi

s=$(printf '%s\n' "$log" | grep '^SIEGE ')
expect_eq "50 trickling connections open as the callback was sent" 50 \
	"$(field "$s" open)"
expect_eq "the callback answered 200" 200 "$(field "$s" status)"
if awk -v t="$(field "$s" secs)" 'BEGIN { exit !(t != "" && t < 1.0) }'; then
	t_ok "the callback was served within 1 s"
else
	t_fail "the callback was served within 1 s" "$s"
fi
g=$(oidc_grants grant | grep -c '"grant_type":"authorization_code"')
expect_eq "exactly one code exchanged" 1 "$g"
t_done
