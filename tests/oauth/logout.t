#!/bin/sh
# tether logout: with a revocation URL (found by discovery) the refresh and
# access tokens are revoked at the provider (RFC 7009; oidc-provider's
# introspection then says inactive) and forgotten; without one they are
# forgotten and the output says they were not revoked; a failed revocation
# still forgets them and says so.
. "$(dirname "$0")/../lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
oidc_start || exit 1
oidc_resource_start || exit 1
export BROWSER="$OIDC_BROWSER"
secret=$(oidc_secret tether-basic)

# active true/false of a token, asked as tether-basic.
active() {
	curl -s -u "tether-basic:$secret" -d "token=$1" \
		"$OIDC_URL/token/introspection" | jq -r .active
}
tokens_of() {
	tether export "$1" --with-secrets |
		jq -r '.integrations[0].oauth2.tokens | .access_token, .refresh_token'
}

port=$(free_port)
expect_exit "add a confidential client by its issuer" 0 sh -c \
	'printf "%s\n" "$1" | "$0" add Rev --host "$2" --auth oauth2 \
	--client-id tether-basic --client-secret-stdin --scope openid \
	--redirect-port "$3" --issuer "$4"' \
	"$TETHER_BIN" "$secret" "$RS_URL" "$port" "$OIDC_URL"
expect_exit "authorize" 0 tether authorize Rev --timeout 60
set -- $(tokens_of Rev)
at=$1 rt=$2
expect_eq "the access token is active" true "$(active "$at")"
expect_eq "the refresh token is active" true "$(active "$rt")"
expect_exit "logout" 0 tether logout Rev
expect_match "says the tokens were revoked" "$T_OUT" \
	"Revoked the tokens of Rev at the provider and forgot them"
expect_eq "the access token introspects as inactive" false "$(active "$at")"
expect_eq "the refresh token too" false "$(active "$rt")"
expect_exit "token state" 0 tether token Rev
expect_match "no token is held" "$T_OUT" "not authorized|no token"

# No revocation URL known: forgotten, not revoked, and said so.
check "add one without a revocation URL" oidc_add Plain tether-basic \
	--scope openid --redirect-port "$port"
expect_exit "authorize it" 0 tether authorize Plain --timeout 60
set -- $(tokens_of Plain)
at=$1
expect_exit "logout" 0 tether logout Plain
expect_match "says they were not revoked" "$T_OUT" \
	"Forgot the tokens of Plain; they were not revoked \(no revocation URL"
expect_eq "and indeed the token is still active" true "$(active "$at")"

# A revocation endpoint that fails: forgotten locally, exit 1, said so.
check "point it at a failing revocation URL" \
	tether edit Plain --revocation-url "$NGINX_URL/status/503"
expect_exit "authorize again" 0 tether authorize Plain --timeout 60
expect_exit "logout with a failing revocation" 1 tether logout Plain
expect_match "says it forgot them locally" "$T_OUT" \
	"Forgot the tokens of Plain locally, but revoking them failed"
expect_match "with the provider's answer" "$T_ERR" "answered 503"
expect_exit "token state" 0 tether token Plain
expect_match "no token is held" "$T_OUT" "not authorized|no token"

t_done
