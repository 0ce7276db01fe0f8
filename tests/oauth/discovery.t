#!/bin/sh
# OAuth discovery from an issuer: RFC 8414 metadata (oidc-provider), the
# OpenID Connect fallback, metadata naming another issuer refused, an issuer
# without metadata said so; the issuer kept through show, export and
# import; RFC 9207: an authorization response from another issuer (or
# without iss when the issuer promises it) is refused, pasted or caught.
. "$(dirname "$0")/../lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
oidc_start || exit 1
oidc_resource_start || exit 1
export BROWSER="$OIDC_BROWSER"

port=$(free_port)
expect_exit "add with --issuer" 0 tether add Disc --host "$RS_URL" \
	--auth oauth2 --client-id tether-native --scope openid \
	--redirect-port "$port" --issuer "$OIDC_URL"
expect_match "says where the metadata came from" "$T_OUT" \
	"discovered from $OIDC_URL/\.well-known/oauth-authorization-server"
expect_match "and what it found" "$T_OUT" "Revocation URL: +$OIDC_URL/token/revocation"
expect_exit "show" 0 tether show Disc
expect_match "the authorization URL was filled" "$T_OUT" "Authorization URL: $OIDC_URL/auth\$"
expect_match "the token URL" "$T_OUT" "Token URL: +$OIDC_URL/token\$"
expect_match "the device URL" "$T_OUT" "Device URL: +$OIDC_URL/device/auth\$"
expect_match "the revocation URL" "$T_OUT" "Revocation URL: +$OIDC_URL/token/revocation\$"
expect_match "the issuer, which sends iss" "$T_OUT" \
	"Issuer: +$OIDC_URL \(iss required in responses\)"
expect_match "PKCE chosen (S256 advertised)" "$T_OUT" "PKCE: +on"

# An option given on the command line wins over the metadata.
expect_exit "an explicit option wins" 0 tether add Mine --host "$RS_URL" \
	--auth oauth2 --client-id tether-native --issuer "$OIDC_URL" \
	--token-url "$OIDC_URL/token?mine=1"
expect_exit "show it" 0 tether show Mine
expect_match "the given token URL was kept" "$T_OUT" "Token URL: +$OIDC_URL/token\?mine=1"
expect_match "the rest discovered" "$T_OUT" "Authorization URL: $OIDC_URL/auth\$"

# OpenID Connect discovery when RFC 8414 has nothing; the issuer's path
# goes after the host for RFC 8414 and before the well-known part for OIDC.
expect_exit "the OpenID Connect fallback" 0 tether add Fallback \
	--host "$NGINX_URL" --auth oauth2 --client-id x \
	--issuer "$NGINX_URL/oidc-only"
expect_match "found at openid-configuration" "$T_OUT" \
	"discovered from $NGINX_URL/oidc-only/\.well-known/openid-configuration"
expect_exit "show the fallback" 0 tether show Fallback
expect_match "client auth from the advertised methods" "$T_OUT" "Client auth: +body"
expect_match "no S256 advertised: PKCE off" "$T_OUT" "PKCE: +off"
expect_match "its issuer" "$T_OUT" "Issuer: +$NGINX_URL/oidc-only\$"

expect_exit "metadata for another issuer is refused" 1 tether add Wrong \
	--host "$NGINX_URL" --auth oauth2 --client-id x --issuer "$NGINX_URL/wrong"
expect_match "saying which issuer it names" "$T_ERR" \
	"is for the issuer \"http://issuer.invalid/wrong\", not $NGINX_URL/wrong: refused"
expect_match "fetched at the RFC 8414 path" "$T_ERR" \
	"$NGINX_URL/\.well-known/oauth-authorization-server/wrong"
expect_exit "and nothing was added" 1 tether show Wrong

expect_exit "an issuer without metadata" 1 tether add None \
	--host "$NGINX_URL" --auth oauth2 --client-id x --issuer "$NGINX_URL/nothing"
expect_match "says so" "$T_ERR" "has no metadata"
expect_match "with what each URL answered" "$T_ERR" \
	"oauth-authorization-server/nothing answered 404.*nothing/\.well-known/openid-configuration answered 404"
expect_match "and what to do" "$T_ERR" "by hand"

# Export and import keep the issuer, the revocation URL and iss.
expect_exit "export" 0 tether export Disc
printf '%s\n' "$T_OUT" >"$T_WORK/disc.json"
expect_eq "the issuer is exported" "$OIDC_URL" \
	"$(jq -r '.integrations[0].oauth2.issuer' "$T_WORK/disc.json")"
expect_eq "the revocation URL too" "$OIDC_URL/token/revocation" \
	"$(jq -r '.integrations[0].oauth2.revocation_url' "$T_WORK/disc.json")"
expect_exit "import into a fresh store" 0 tether --db "$T_WORK/fresh.db" import "$T_WORK/disc.json"
expect_exit "show there" 0 tether --db "$T_WORK/fresh.db" show Disc
expect_match "the issuer came back" "$T_OUT" \
	"Issuer: +$OIDC_URL \(iss required in responses\)"
expect_match "the revocation URL came back" "$T_OUT" "Revocation URL: +$OIDC_URL/token/revocation\$"

expect_exit "edit --issuer '' forgets it" 0 tether --db "$T_WORK/fresh.db" edit Disc --issuer ''
expect_exit "show after" 0 tether --db "$T_WORK/fresh.db" show Disc
expect_match "no issuer" "$T_OUT" "Issuer: +-\$"

# The right issuer's callback (iss = the issuer) is accepted.
expect_exit "authorize through the browser" 0 tether authorize Disc --timeout 60
expect_exit "the token works" 0 tether test Disc
expect_match "passes" "$T_OUT" "PASS"

# RFC 9207 on pasted redirects: remote session, nothing launched.
start_authorize() {
	rm -f "$T_WORK/in" "$T_WORK/out"
	mkfifo "$T_WORK/in"
	"$TETHER_BIN" authorize "$@" <"$T_WORK/in" >"$T_WORK/out" 2>"$T_WORK/err" &
	apid=$!
	t_on_exit "kill $apid 2>/dev/null"
	exec 3>"$T_WORK/in"
}
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
export SSH_CONNECTION="192.0.2.9 50000 192.0.2.2 22" USER=alice

start_authorize Disc --timeout 60
url=$(printed_url)
redirect=$(OIDC_BROWSER_MODE=print "$OIDC_BROWSER" "$url")
expect_match "the provider's redirect carries iss" "$redirect" "[?&]iss="
wrong=$(printf '%s' "$redirect" | sed 's/iss=[^&]*/iss=http%3A%2F%2Fevil.example/')
echo "$wrong" >&3
wait_until 10 grep -q "iss mismatch" "$T_WORK/err"
missing=$(printf '%s' "$redirect" | sed 's/&iss=[^&]*//; s/?iss=[^&]*&/?/')
echo "$missing" >&3
wait_until 10 grep -q "carries no iss" "$T_WORK/err"
echo "$redirect" >&3
finish_authorize
expect_match "a pasted redirect from another issuer is refused" "$T_ERR" \
	"from the issuer \"http://evil.example\", not from $OIDC_URL \(RFC 9207 iss mismatch\): refused"
expect_match "one without iss too, as the issuer promises iss" "$T_ERR" \
	"carries no iss, but the issuer $OIDC_URL says it always sends one"
expect_eq "the right one still completes the flow" 0 "$rc"
expect_eq "one code exchange only" 2 "$(oidc_grants grant | grep -c '"grant_type":"authorization_code"')"

# The loopback listener: a callback with the right state but another iss.
start_authorize Disc --timeout 60
url=$(printed_url)
state=$(printf '%s' "$url" | sed 's/.*[?&]state=\([^&]*\).*/\1/')
code=$(curl -s -o "$T_WORK/page" -w '%{http_code}' \
	"http://127.0.0.1:$port/callback?code=forged&state=$state&iss=http%3A%2F%2Fevil.example")
finish_authorize
expect_eq "the browser's page is a refusal" 400 "$code"
expect_match "saying so" "$(cat "$T_WORK/page")" "tether refused it"
expect_eq "a caught callback from another issuer fails the flow" 1 "$rc"
expect_match "saying why" "$T_ERR" "RFC 9207 iss mismatch"
expect_eq "and the code was never exchanged" 0 \
	"$(oidc_grants grant_error | grep -c authorization_code)"
t_done
