#!/bin/sh
# The client credentials grant: authorize fetches a token, it is cached
# until it nears expiry and then fetched again, and the server knows it.
. "$(dirname "$0")/../lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
# 63 s: usable for 3 s before the 60 s refresh buffer begins. tether's
# clock stands still (TETHER_TEST_NOW) until the test moves it past those
# 3 s, so a slow machine cannot reach the buffer early.
oidc_start ACCESS_TTL=63 || exit 1
now=$(date +%s)
export TETHER_TEST_NOW=$now
oidc_resource_start || exit 1

check "add a client credentials integration" \
	oidc_add Svc tether-service --scope api:read --client-auth basic
expect_exit "authorize fetches a token" 0 tether authorize Svc
expect_match "reports it" "$T_OUT" "Svc is authorized"
g=$(oidc_grants grant | tail -n1)
expect_match "client credentials with a Basic header" "$g" \
	'"grant_type":"client_credentials","client":"tether-service","client_auth":"client_secret_basic".*"basic_header":true'
tok1=$(tether token Svc --reveal | tail -n1)
tok2=$(tether token Svc --reveal | tail -n1)
expect_eq "the token is cached while valid" "$tok1" "$tok2"
expect_eq "one token request so far" 1 \
	"$(oidc_grants grant | grep -c client_credentials)"
active=$(curl -s -u tether-service:service-secret-93ac2e7d10 \
	-d "token=$tok1" "$OIDC_URL/token/introspection" | jq -r .active)
expect_eq "the authorization server knows the token" true "$active"

# Once inside the refresh buffer a new token is fetched.
export TETHER_TEST_NOW=$((now + 4))
tok3=$(tether token Svc --reveal | tail -n1)
if [ -n "$tok3" ] && [ "$tok3" != "$tok1" ]; then
	t_ok "a token near expiry is replaced"
else
	t_fail "a token near expiry is replaced" "token: $tok3"
fi
expect_eq "by a second request" 2 "$(oidc_grants grant | grep -c client_credentials)"

check "add one authenticating in the body" \
	oidc_add SvcBody tether-service --scope api:read --client-auth body
expect_exit "the wrong style is refused" 1 tether authorize SvcBody
expect_match "invalid_client" "$T_ERR" "invalid_client"
expect_match "with the advice" "$T_ERR" "--client-auth basic"
t_done
