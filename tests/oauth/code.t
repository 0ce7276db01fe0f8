#!/bin/sh
# Authorization code with PKCE against a real oidc-provider: a public native
# client and confidential clients authenticating with an HTTP Basic header or
# in the form body, the wrong style refused with advice, PKCE checked by the
# server, the token accepted by a resource server, and no secret in the
# browser's argv or in the store's files.
. "$(dirname "$0")/../lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
oidc_start || exit 1
oidc_resource_start || exit 1
export TZ=UTC
export BROWSER="$OIDC_BROWSER"
export OIDC_BROWSER_ARGV="$T_WORK/argv" OIDC_BROWSER_LOG="$T_WORK/browser.log"

port=$(free_port)
check "add a public native client" \
	oidc_add Native tether-native --scope openid --redirect-port "$port"
expect_exit "authorize: the browser script completes login and consent" 0 \
	tether authorize Native --timeout 60
expect_match "shows the redirect URI to register" "$T_OUT" \
	"Redirect URI.*http://127\.0\.0\.1:$port/callback"
expect_match "reports success" "$T_OUT" "Native is authorized"
g=$(oidc_grants grant | tail -n1)
expect_match "the server got the PKCE verifier" "$g" '"code_verifier":true'
expect_match "the public client sent no secret" "$g" \
	'"client_auth":"none".*"basic_header":false,"secret_in_body":false'
expect_match "the same redirect URI was sent with the code" "$g" \
	"\"redirect_uri\":\"http://127.0.0.1:$port/callback\""

expect_exit "token state without the token" 0 tether token Native
state=$T_OUT
expect_match "token state: valid until" "$state" "valid until +20[0-9-]+ "
expect_match "token state: refreshable" "$state" "refreshable +yes"
expect_match "token state: scope" "$state" "scope +openid"
expect_exit "token --reveal" 0 tether token Native --reveal
tok1=$(printf '%s\n' "$T_OUT" | tail -n1)
expect_no_match "the plain state does not show the token" "$state" "$tok1"
expect_eq "the resource server accepts the token" 200 "$(rs_status "$tok1")"
expect_eq "and refuses another" 401 "$(rs_status "x$tok1")"
expect_exit "token --reveal again" 0 tether token Native --reveal
expect_eq "a valid token is reused, not refreshed" "$tok1" \
	"$(printf '%s\n' "$T_OUT" | tail -n1)"
expect_eq "no refresh happened" 0 \
	"$(oidc_grants grant | grep -c '"grant_type":"refresh_token"')"
expect_exit "token --json" 0 tether token Native --json
expect_eq "json: refreshable" true "$(printf '%s' "$T_OUT" | jq .refreshable)"
expect_eq "json: no token without --reveal" null \
	"$(printf '%s' "$T_OUT" | jq .access_token)"

# PKCE is checked by the server: a flow started without it is refused by this
# client (PKCE required), and the provider's words come back.
check "add the native client without PKCE" \
	oidc_add NoPkce tether-native --scope openid --redirect-port "$port" \
	--no-pkce
expect_exit "authorize without PKCE fails" 1 \
	tether authorize NoPkce --timeout 60
expect_match "the provider's error is shown" "$T_ERR" "invalid_request"
expect_match "with its description" "$T_ERR" "PKCE"

# Confidential clients: Basic header and form body.
check "add a client_secret_basic client" \
	oidc_add Basic tether-basic --scope openid --client-auth basic \
	--redirect-port "$port"
expect_exit "authorize with Basic client authentication" 0 \
	tether authorize Basic --timeout 60
g=$(oidc_grants grant | tail -n1)
expect_match "the secret went in the Basic header" "$g" \
	'"client":"tether-basic","client_auth":"client_secret_basic".*"basic_header":true,"secret_in_body":false'
expect_match "a confidential client uses PKCE too" "$g" '"code_verifier":true'
tok_basic=$(tether token Basic --reveal | tail -n1)
expect_eq "the Basic client's token works" 200 "$(rs_status "$tok_basic")"

check "add a client_secret_post client" \
	oidc_add Post tether-post --scope openid --client-auth body \
	--redirect-port "$port"
expect_exit "authorize with client authentication in the body" 0 \
	tether authorize Post --timeout 60
g=$(oidc_grants grant | tail -n1)
expect_match "the secret went in the form body" "$g" \
	'"client":"tether-post","client_auth":"client_secret_post".*"basic_header":false,"secret_in_body":true'
tok_post=$(tether token Post --reveal | tail -n1)

check "add a Basic client configured for the body" \
	oidc_add Wrong tether-basic --scope openid --client-auth body \
	--redirect-port "$port"
expect_exit "the wrong client authentication style fails" 1 \
	tether authorize Wrong --timeout 60
expect_match "invalid_client as the provider said" "$T_ERR" "invalid_client"
expect_match "with what to change" "$T_ERR" "tether edit Wrong --client-auth basic"

# Nothing secret ever reached the browser's command line.
argv=$(cat "$T_WORK/argv")
expect_match "the browser was started for each authorization" "$argv" \
	"client_id=tether-post"
bad=""
for s in basic-secret-7d1f0c2a9e post-secret-4b8e61f3c5 code_verifier \
	client_secret "$tok1" "$tok_basic" "$tok_post"; do
	printf '%s' "$argv" | grep -qF -- "$s" && bad="$bad $s"
done
expect_eq "no secret, verifier or token in the browser's argv" "" "$bad"
lines=$(grep -c "^$OIDC_BROWSER " "$T_WORK/argv")
args=$(grep "^$OIDC_BROWSER " "$T_WORK/argv" | awk '{print NF}' | sort -u)
expect_eq "the browser got the URL as its one argument" "2" "$args"
expect_eq "five browser launches" 5 "$lines"

# Nothing secret in plaintext in the store's files.
found=""
for s in basic-secret-7d1f0c2a9e post-secret-4b8e61f3c5 "$tok1" "$tok_basic" \
	"$tok_post"; do
	for f in "$TETHER_DB" "$TETHER_DB-wal" "$TETHER_DB-shm"; do
		[ -f "$f" ] && grep -qaF -- "$s" "$f" && found="$found $s@$f"
	done
done
expect_eq "no token or client secret in plaintext in the store" "" "$found"

expect_exit "logout" 0 tether logout Native
expect_exit "token state after logout" 0 tether token Native
expect_match "no token any more" "$T_OUT" "token +none"
expect_exit "--reveal after logout fails" 1 tether token Native --reveal
expect_match "naming the command to run" "$T_ERR" "tether authorize Native"
t_done
