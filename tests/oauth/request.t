#!/bin/sh
# Tokens on the request path: `tether test` and `tether request` on an
# oauth2 integration get a token as needed, and after a 401 (the server
# forgot the token) refresh once and retry once.
. "$(dirname "$0")/../lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
oidc_start || exit 1
oidc_resource_start || exit 1
export BROWSER="$OIDC_BROWSER"

port=$(free_port)
check "add a public native client" \
	oidc_add Native tether-native --scope openid --redirect-port "$port"
expect_exit "test before authorizing fails" 1 tether test Native
expect_match "naming the command to run" "$T_OUT$T_ERR" "tether authorize Native"
expect_exit "authorize" 0 tether authorize Native --timeout 60
expect_exit "the connection test passes with the token" 0 tether test Native
expect_match "PASS" "$T_OUT" "PASS"
expect_exit "a request through it" 0 tether request Native GET /anything
expect_match "reaches the protected resource" "$T_OUT" "userinfo ok"
refreshes() { oidc_grants grant | grep -c '"grant_type":"refresh_token"'; }
expect_eq "a valid token is not refreshed" 0 "$(refreshes)"

tok=$(tether token Native --reveal | tail -n1)
code=$(curl -s -o /dev/null -w '%{http_code}' -d "token=$tok" \
	"$OIDC_URL/test/forget-access-token")
expect_eq "the server forgets the access token" 204 "$code"
expect_eq "so the resource server refuses it" 401 "$(rs_status "$tok")"
expect_exit "after a 401, one refresh and one retry pass the test" 0 \
	tether test Native
expect_match "PASS after the retry" "$T_OUT" "PASS"
expect_eq "exactly one refresh" 1 "$(refreshes)"
tok2=$(tether token Native --reveal | tail -n1)
if [ -n "$tok2" ] && [ "$tok2" != "$tok" ]; then
	t_ok "the new token was stored"
else
	t_fail "the new token was stored"
fi
expect_eq "and works" 200 "$(rs_status "$tok2")"
expect_exit "history" 0 tether history Native
expect_no_match "the history holds no token" "$T_OUT" "$tok2"

# A refused token that a refresh cannot renew: one retry, not a loop.
oidc_stop
oidc_start PORT="$OIDC_PORT" || exit 1
expect_exit "with the server's grants gone the test fails" 1 tether test Native
expect_eq "one refresh was tried" 1 \
	"$(oidc_grants grant_error | grep -c invalid_grant)"
expect_exit "the next test says to authorize" 1 tether test Native
expect_match "run: tether authorize Native" "$T_OUT$T_ERR" "tether authorize Native"
expect_eq "without trying again" 1 \
	"$(oidc_grants grant_error | grep -c invalid_grant)"
t_done
