#!/bin/sh
# Token responses as providers send them (nginx serving fixed bodies):
# application/x-www-form-urlencoded as well as JSON, chosen by the
# Content-Type and by the body when the type lies, for a client
# credentials token and for a refresh; a refresh refused with a bare 400,
# 401 or 403 (no OAuth error) marks the integration as needing
# authorization with the status, and is not retried by later uses; an
# invalid_client at refresh is about the client, not the token URL.
. "$(dirname "$0")/../lib.sh"
t_setup
t_server nginx "$T_WORK/nginx"
hits() { grep -c "POST $1 " "$T_WORK/nginx/access.log"; }

cc_add() {
	printf 'cc-secret\n' | tether add "$1" --host "$NGINX_URL" --auth oauth2 \
		--grant client_credentials --client-id cc --client-secret-stdin \
		--token-url "$NGINX_URL$2" >/dev/null
}
check "a client credentials integration, form-encoded tokens" cc_add Form /oauth/form-token
expect_exit "a token is fetched" 0 tether token Form --reveal
expect_eq "the form's access token" form-AT-1 "$(printf '%s\n' "$T_OUT" | tail -n1)"
expect_match "its scope, '+' decoded" "$T_OUT" "scope +read write"
expect_match "its lifetime" "$T_OUT" "in (59|60) min"
expect_match "its refresh token" "$T_OUT" "refreshable +yes"

check "a form body labelled text/plain" cc_add Text /oauth/form-token-text
expect_exit "is read as a form" 0 tether token Text --reveal
expect_eq "its access token" text-AT-1 "$(printf '%s\n' "$T_OUT" | tail -n1)"
check "a JSON body labelled as a form" cc_add Json /oauth/json-as-form
expect_exit "is read as JSON" 0 tether token Json --reveal
expect_eq "its access token" json-AT-1 "$(printf '%s\n' "$T_OUT" | tail -n1)"

# Bare statuses outside refresh: what to check depends on the status.
check "client credentials at a bare 401" cc_add Cc401 /status/401
expect_exit "no token" 1 tether token Cc401 --reveal
expect_match "a bare 401 points at the client authentication" "$T_ERR" \
	"answered 401 without an OAuth error; check the client id and secret and the client authentication style"
check "client credentials at a bare 503" cc_add Cc503 /status/503
expect_exit "no token" 1 tether token Cc503 --reveal
expect_match "a 503 is the provider's failure" "$T_ERR" \
	"answered 503 without an OAuth error; the provider failed, try again later"

# Integrations holding an expired access token and a refresh token.
held() {
	cat <<EOF
{"name":"$1","base_url":"$NGINX_URL","auth":"oauth2","oauth2":{
 "grant":"authorization_code","client_id":"cid","client_secret":"held-secret",
 "auth_url":"$NGINX_URL/auth",
 "token_url":"$NGINX_URL$2","tokens":{"access_token":"old-AT",
 "refresh_token":"old-RT","expires_at":1,"obtained_at":1}}}
EOF
}
{
	echo '{"tether_export":1,"with_secrets":true,"integrations":['
	held Refresh /oauth/form-token
	echo ,
	held Bare400 /status/400
	echo ,
	held Bare401 /status/401
	echo ,
	held Bare403 /status/403
	echo ,
	held Client /oauth/form-invalid-client
	echo ']}'
} >"$T_WORK/held.json"
expect_exit "import them" 0 tether import "$T_WORK/held.json"

before=$(hits /oauth/form-token)
expect_exit "an expired token is refreshed, the answer a form" 0 tether token Refresh --reveal
expect_eq "the new access token" form-AT-1 "$(printf '%s\n' "$T_OUT" | tail -n1)"
expect_eq "one refresh request" $((before + 1)) "$(hits /oauth/form-token)"
expect_exit "export it" 0 tether export Refresh --with-secrets
expect_eq "the form's refresh token replaced the old one" form-RT-2 \
	"$(printf '%s' "$T_OUT" | jq -r '.integrations[0].oauth2.tokens.refresh_token')"

for s in 400 401 403; do
	n=Bare$s
	was=$(hits /status/$s)
	expect_exit "a refresh refused with a bare $s" 1 tether token $n --reveal
	expect_match "says the status" "$T_ERR" "refresh refused: $s [A-Z][a-z]+( [A-Z][a-z]+)?, no OAuth error"
	expect_match "and what to run" "$T_ERR" "run: tether authorize $n"
	expect_no_match "not the token URL" "$T_ERR" "check the token URL"
	expect_exit "token state" 0 tether token $n
	expect_match "needs authorization, with the status" "$T_OUT" \
		"needs authorization: refresh refused: $s"
	expect_exit "a connection test fails at once" 1 tether test $n /echo
	expect_match "saying it needs authorization" "$T_OUT$T_ERR" "$n needs authorization"
	expect_exit "and again" 1 tether token $n --reveal
	expect_eq "the refresh was tried once only" $((was + 1)) "$(hits /status/$s)"
done

expect_exit "a refresh refused with a form-encoded invalid_client" 1 tether token Client --reveal
expect_match "the provider's error is read" "$T_ERR" \
	"token refresh failed: invalid_client: Client authentication failed"
expect_match "the advice is about the client id and secret" "$T_ERR" \
	"check the client id and secret"
expect_match "and the client authentication style" "$T_ERR" \
	"tether edit Client --client-auth (basic|body)"
expect_no_match "not the token URL" "$T_ERR" "token URL"
expect_exit "token state" 0 tether token Client
expect_no_match "a client problem does not need authorization" "$T_OUT" "needs authorization"
t_done
