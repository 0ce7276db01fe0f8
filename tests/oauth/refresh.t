#!/bin/sh
# Refresh: a token inside the 60 s buffer is refreshed before use, a
# rotated refresh token replaces the old one, and a refresh token the server
# no longer knows (invalid_grant) marks the integration "needs
# authorization" once, without retrying in a loop.
. "$(dirname "$0")/../lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
# Access tokens live 30 s: always inside the refresh buffer.
oidc_start ACCESS_TTL=30 || exit 1
oidc_resource_start || exit 1
export BROWSER="$OIDC_BROWSER"

port=$(free_port)
check "add a public native client" \
	oidc_add Native tether-native --scope openid --redirect-port "$port"
check "add a client that keeps its refresh token" \
	oidc_add Post tether-post --scope openid --client-auth body \
	--redirect-port "$port"
expect_exit "authorize" 0 tether authorize Native --timeout 60
expect_exit "authorize the second" 0 tether authorize Post --timeout 60
refreshes() { oidc_grants grant | grep -c '"grant_type":"refresh_token"'; }

expect_exit "the connection test refreshes a token near expiry first" 0 \
	tether test Native
expect_match "and passes" "$T_OUT" "PASS"
expect_eq "one refresh" 1 "$(refreshes)"
expect_exit "token --reveal refreshes it again (30 s tokens)" 0 \
	tether token Native --reveal
tok1=$(printf '%s\n' "$T_OUT" | tail -n1)
expect_eq "two refreshes" 2 "$(refreshes)"
expect_eq "the refreshed token works" 200 "$(rs_status "$tok1")"
expect_exit "and again" 0 tether token Native --reveal
tok2=$(printf '%s\n' "$T_OUT" | tail -n1)
expect_eq "three refreshes" 3 "$(refreshes)"
if [ "$tok1" != "$tok2" ]; then t_ok "each refresh brings a new token"; else
	t_fail "each refresh brings a new token"; fi
# oidc-provider rotates this client's refresh token at every use and
# revokes the grant when an old one is replayed: a third success proves
# tether stored each new refresh token.
expect_exit "a third refresh with the rotated refresh token" 0 \
	tether token Native --reveal
expect_eq "no refresh was refused" 0 "$(oidc_grants grant_error | grep -c refresh_token)"
expect_eq "the token works" 200 "$(rs_status "$(printf '%s\n' "$T_OUT" | tail -n1)")"

# tether-post's refresh tokens are not rotated: refreshing keeps working.
expect_exit "refresh without rotation" 0 tether token Post --reveal
expect_exit "and again" 0 tether token Post --reveal
expect_eq "both refreshed" 6 "$(refreshes)"

# The authorization server forgets every grant (restarted, in memory).
oidc_stop
oidc_start PORT="$OIDC_PORT" ACCESS_TTL=30 || exit 1
expect_exit "a refresh token the server no longer knows" 1 \
	tether token Native --reveal
expect_match "invalid_grant as the provider said" "$T_ERR" "invalid_grant"
expect_match "names the command that fixes it" "$T_ERR" "run: tether authorize Native"
expect_eq "one refused refresh" 1 "$(oidc_grants grant_error | grep -c invalid_grant)"
expect_exit "token state" 0 tether token Native
expect_match "shows needs authorization" "$T_OUT" "needs authorization"
expect_exit "using it again fails at once" 1 tether token Native --reveal
expect_match "with the same advice" "$T_ERR" "tether authorize Native"
expect_eq "without asking the server again (no loop)" 1 \
	"$(oidc_grants grant_error | grep -c invalid_grant)"
expect_exit "the connection test fails too" 1 tether test Native
expect_match "saying what to run" "$T_OUT$T_ERR" "tether authorize Native"
expect_match "its summary is one whole line, not cut" \
	"$(printf '%s\n' "$T_OUT" | head -n1)" \
	"^FAIL Native: not sent: Native needs authorization .*\\), [0-9]+ ms \\(GET [^ ]*\\)$"
expect_exit "token --json" 0 tether token Native --json
expect_eq "json: needs authorization" true \
	"$(printf '%s' "$T_OUT" | jq .needs_authorization)"
expect_eq "json: so not authorized" false \
	"$(printf '%s' "$T_OUT" | jq .authorized)"
expect_eq "json: and not refreshable" false \
	"$(printf '%s' "$T_OUT" | jq .refreshable)"
expect_exit "authorize again" 0 tether authorize Native --timeout 60
expect_exit "and the token is usable again" 0 tether token Native --reveal
expect_eq "works" 200 "$(rs_status "$(printf '%s\n' "$T_OUT" | tail -n1)")"
t_done
