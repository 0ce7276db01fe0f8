#!/bin/sh
# Finishing an authorization without a local browser: in a remote session
# (SSH_CONNECTION set, no DISPLAY) nothing is launched, the URL and the exact
# ssh -L command are printed, and the pasted redirect URL completes the flow;
# with --no-browser a bare code may be pasted; Ctrl-C cancels cleanly.
. "$(dirname "$0")/../lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
oidc_start || exit 1
oidc_resource_start || exit 1
export BROWSER="$OIDC_BROWSER" OIDC_BROWSER_ARGV="$T_WORK/argv"

port=$(free_port)
check "add a public native client" \
	oidc_add Native tether-native --scope openid --redirect-port "$port"

# Run `tether authorize NAME ARGS...` in the background with its standard
# input on a fifo (descriptor 3 here) and its output in $T_WORK/out.
start_authorize() {
	rm -f "$T_WORK/in" "$T_WORK/out"
	mkfifo "$T_WORK/in"
	"$TETHER_BIN" authorize "$@" <"$T_WORK/in" >"$T_WORK/out" 2>"$T_WORK/err" &
	apid=$!
	t_on_exit "kill $apid 2>/dev/null"
	exec 3>"$T_WORK/in"
}

# The authorization URL once tether has printed it.
printed_url() {
	wait_until 20 grep -q "^  $OIDC_URL/auth?" "$T_WORK/out" || return 1
	grep "^  $OIDC_URL/auth?" "$T_WORK/out" | head -n1 | sed 's/^  //'
}

finish_authorize() {
	exec 3>&-
	wait "$apid"
	rc=$?
	T_OUT=$(cat "$T_WORK/out")
	T_ERR=$(cat "$T_WORK/err")
}

# A remote session without a display.
export SSH_CONNECTION="192.0.2.9 50000 192.0.2.2 2222" USER=alice
start_authorize Native --timeout 60
url=$(printed_url)
expect_match "the authorization URL is printed" "$url" "client_id=tether-native"
out=$(cat "$T_WORK/out")
# The server's port, and its name when fully qualified, else the address
# the client reached.
host=$(hostname -f 2>/dev/null)
case "$host" in *.*) ;; *) host=192.0.2.2 ;; esac
expect_match "with the exact ssh -L command" "$out" \
	"ssh -L $port:127\.0\.0\.1:$port -p 2222 alice@$host"
redirect=$(OIDC_BROWSER_ARGV= OIDC_BROWSER_MODE=print "$OIDC_BROWSER" "$url")
expect_match "the user's browser ends on the callback" "$redirect" \
	"^http://127\.0\.0\.1:$port/callback\?code="
echo "this is not it" >&3
wait_until 10 grep -q "neither the redirect URL" "$T_WORK/err"
wrong=$(printf '%s' "$redirect" | sed 's/state=[^&]*/state=forged/')
echo "$wrong" >&3
wait_until 10 grep -q "wrong state" "$T_WORK/err"
echo "$redirect" >&3
finish_authorize
expect_eq "the pasted redirect URL completes the flow" 0 "$rc"
expect_match "a bad paste is explained and waiting goes on" "$T_ERR" \
	"neither the redirect URL"
expect_match "a paste with the wrong state is refused" "$T_ERR" "wrong state"
expect_match "authorized" "$T_OUT" "Native is authorized"
if [ -e "$T_WORK/argv" ]; then
	t_fail "no browser launched in a remote session" "$(cat "$T_WORK/argv")"
else
	t_ok "no browser launched in a remote session"
fi
tok=$(tether token Native --reveal | tail -n1)
expect_eq "the token works at the resource server" 200 "$(rs_status "$tok")"

# A display forwarded over ssh (ssh -X) is not a headless session.
expect_exit "with DISPLAY set the browser is launched" 0 \
	env DISPLAY=:9 "$TETHER_BIN" authorize Native --timeout 60
expect_match "and it was" "$(cat "$T_WORK/argv" 2>/dev/null)" "client_id=tether-native"
unset SSH_CONNECTION
rm -f "$T_WORK/argv"

# --no-browser on a local machine, pasting only the code.
start_authorize Native --no-browser --timeout 60
url=$(printed_url)
redirect=$(OIDC_BROWSER_ARGV= OIDC_BROWSER_MODE=print "$OIDC_BROWSER" "$url")
code=$(printf '%s' "$redirect" | sed 's/.*[?&]code=\([^&]*\).*/\1/')
# The server holds the code to tether's PKCE challenge: anyone else's
# verifier is refused (and the code stays usable for tether).
stolen=$(curl -s -d grant_type=authorization_code -d client_id=tether-native \
	-d "code=$code" -d "redirect_uri=http://127.0.0.1:$port/callback" \
	-d code_verifier=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA \
	"$OIDC_URL/token")
expect_match "the code is useless without tether's PKCE verifier" "$stolen" \
	'"error":"invalid_grant"'
echo "$code" >&3
finish_authorize
expect_eq "a pasted bare code completes the flow" 0 "$rc"
expect_match "authorized again" "$T_OUT" "Native is authorized"
if [ -e "$T_WORK/argv" ]; then
	t_fail "--no-browser launches nothing" "$(cat "$T_WORK/argv")"
else
	t_ok "--no-browser launches nothing"
fi

# Ctrl-C while waiting: a clean exit, and the port is free again.
start_authorize Native --no-browser --timeout 60
printed_url >/dev/null
kill -INT "$apid"
finish_authorize
expect_eq "Ctrl-C ends the flow with status 1" 1 "$rc"
expect_match "saying it was cancelled" "$T_ERR" "cancelled"
expect_exit "the port is free again" 0 \
	env BROWSER="$OIDC_BROWSER" "$TETHER_BIN" authorize Native --timeout 60

# access_denied for a request without a scope: nobody denied anything; the
# provider may need a scope.
check "add a client with no scope" \
	oidc_add NoScope tether-native --redirect-port "$port"
start_authorize NoScope --no-browser --timeout 60
url=$(printed_url)
state=$(printf '%s' "$url" | sed -n 's/.*[?&]state=\([^&]*\).*/\1/p')
echo "http://127.0.0.1:$port/callback?error=access_denied&state=$state" >&3
finish_authorize
expect_eq "a refused request without a scope fails" 1 "$rc"
expect_match "saying the provider may need a scope" "$T_ERR" \
	"no scope was asked for, and the provider may need one \(e\.g\. openid\)"
expect_no_match "not that it was denied in the browser" "$T_ERR" \
	"denied in the browser"
expect_match "with the command that sets one" "$T_ERR" \
	"tether edit NoScope --scope S"
t_done
