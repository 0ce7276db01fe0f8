#!/bin/sh
# A streamed body after a 401 through OAuth: the body of the refused try,
# which tether answers with a refresh and one retry, never reaches the
# output; when the refresh cannot renew the token, the 401's own body is
# the answer.
. "$(dirname "$0")/../lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
oidc_start || exit 1
oidc_resource_start || exit 1
export BROWSER="$OIDC_BROWSER"

port=$(free_port)
check "add a public native client" \
	oidc_add Native tether-native --scope openid --redirect-port "$port"
expect_exit "authorize" 0 tether authorize Native --timeout 60

tok=$(tether token Native --reveal | tail -n1)
curl -s -o /dev/null -d "token=$tok" "$OIDC_URL/test/forget-access-token"
tether request Native GET /anything -o "$T_WORK/body" >"$T_WORK/out"
expect_eq "after a 401, the retried request exits 0" 0 "$?"
expect_eq "  -o holds only the answer to the retry" "userinfo ok" "$(cat "$T_WORK/body")"
expect_exit "  and so does a pipe" 0 tether request Native GET /anything
expect_eq "  once" "userinfo ok" "$T_OUT"

oidc_stop
oidc_start PORT="$OIDC_PORT" || exit 1
expect_exit "a 401 that a refresh cannot renew exits 1" 1 tether request Native GET /anything
expect_match "  with the 401's body" "$T_OUT" "401 Authorization Required"
t_done
