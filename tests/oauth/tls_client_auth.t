#!/bin/sh
# RFC 8705 tls_client_auth (--client-auth tls): oidc-provider behind
# nginx.sh --mtls-proxy, which terminates TLS and passes the client
# certificate on. The client credentials grant succeeds with the
# registered certificate (no secret sent), fails with an untrusted one
# with advice naming the certificate, and cannot be set up without one.
# Discovery picks tls when the provider offers nothing else.
. "$(dirname "$0")/../lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
oidc_start || exit 1
NG="$T_WORK/nginx"
t_server nginx "$NG" --mtls-proxy "$OIDC_URL"

add() {
	tether add "$@" --host "$NGINX_URL/echo" --auth oauth2 \
		--grant client_credentials --client-id tether-mtls \
		--token-url "$NGINX_MTLS_PROXY_URL/token" --ca-bundle "$NGINX_CA" </dev/null
}

expect_exit "tls without a client certificate is refused" 2 add Mt --client-auth tls
expect_match "  naming what it needs" "$T_ERR" 'client_auth: client authentication tls \(RFC 8705\) needs a TLS client certificate'
expect_exit "with the registered certificate it is added" 0 add Mt --client-auth tls \
	--client-cert "$NGINX_CLIENT_CERT" --client-key "$NGINX_CLIENT_KEY"
expect_exit "show" 0 tether show Mt
expect_match "  client auth tls" "$T_OUT" '^Client auth: +tls'
expect_exit "authorize fetches a token" 0 tether authorize Mt
expect_match "  reports it" "$T_OUT" "Mt is authorized"
g=$(oidc_grants grant | tail -n1)
expect_match "the server authenticated the client by its certificate" "$g" \
	'"grant_type":"client_credentials","client":"tether-mtls","client_auth":"tls_client_auth"'
expect_match "  no Basic header and no secret were sent" "$g" '"basic_header":false,"secret_in_body":false'
expect_exit "a request carries the token" 0 tether request Mt GET /
expect_match "  as a bearer token" "$T_OUT" 'Authorization: Bearer '

expect_exit "an untrusted certificate" 0 tether edit Mt \
	--client-cert "$NGINX_ROGUE_CERT" --client-key "$NGINX_ROGUE_KEY"
tether logout Mt >/dev/null 2>&1
expect_exit "  is refused by the provider" 1 tether authorize Mt
expect_match "  invalid_client" "$T_ERR" 'invalid_client'
expect_match "  the advice names the certificate" "$T_ERR" "did not accept the TLS client certificate .*rogue.pem for client id \"tether-mtls\""
expect_match "  and how to change it" "$T_ERR" 'tether edit Mt --client-cert FILE --client-key FILE'
g=$(oidc_grants grant_error | tail -n1)
expect_match "  the server saw tls_client_auth fail" "$g" '"client":"tether-mtls","client_auth":"tls_client_auth".*"error":"invalid_client"'

# The same client with a secret style: nothing the provider accepts.
expect_exit "client auth body for the same client" 0 sh -c \
	'printf "x\n" | "$0" edit Mt --client-auth body --client-secret-stdin \
	--client-cert "$1" --client-key "$2"' "$TETHER_BIN" "$NGINX_CLIENT_CERT" "$NGINX_CLIENT_KEY"
expect_exit "  fails: the client is registered for tls_client_auth" 1 tether authorize Mt

# Discovery: the provider offers only tls_client_auth.
expect_exit "discovery with a certificate picks tls" 0 tether add Disc --host "$NGINX_URL/echo" \
	--auth oauth2 --grant client_credentials --client-id c1 \
	--client-cert "$NGINX_CLIENT_CERT" --client-key "$NGINX_CLIENT_KEY" \
	--issuer "$NGINX_URL/mtls-only"
expect_exit "  show" 0 tether show Disc
expect_match "  client auth tls" "$T_OUT" '^Client auth: +tls'
expect_exit "without a certificate it keeps the default" 2 tether add Disc2 --host "$NGINX_URL/echo" \
	--auth oauth2 --grant client_credentials --client-id c2 \
	--issuer "$NGINX_URL/mtls-only" </dev/null
expect_match "  and asks for the secret basic needs" "$T_ERR" 'client_secret'
t_done
