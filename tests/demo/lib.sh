# tests/demo/lib.sh — the local servers and example integrations shared by
# `make demo` (tests/demo/demo.sh) and `make screenshots`
# (tests/shots/shots.sh). Source it after tests/lib.sh and t_setup: every
# server is stopped by t_setup's exit handler, and the store is t_setup's
# throwaway one ($TETHER_DB, $TETHER_KEY_FILE).
#
#   demo_servers    start nginx (API key, Basic, bearer and echo locations),
#                   httpbin, oidc-provider and its resource server; sets
#                   NGINX_URL, HTTPBIN_URL, OIDC_URL, RS_URL
#   demo_seed       add the example integrations with `tether add`, every
#                   secret through --*-stdin
#   demo_browser    the $BROWSER that completes oidc-provider's login and
#                   consent pages offline (tests/servers/oidc/browser.sh)
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"

# The credentials nginx checks (tests/servers/nginx.sh reads them).
NGINX_USER=billing
NGINX_PASSWORD=demo-password-2c9f
NGINX_API_KEY=wx-live-5f2a9c31d7
NGINX_TOKEN=demo-token-unused-41b8
export NGINX_USER NGINX_PASSWORD NGINX_API_KEY NGINX_TOKEN

demo_servers() {
	srv="$T_WORK/servers"
	mkdir -p "$srv/nginx" "$srv/httpbin"
	"$TETHER_ROOT/tests/servers/nginx.sh" start "$srv/nginx" >/dev/null ||
		return 1
	t_on_exit "'$TETHER_ROOT/tests/servers/nginx.sh' stop '$srv/nginx'"
	. "$srv/nginx/env"
	"$TETHER_ROOT/tests/servers/httpbin.sh" start "$srv/httpbin" >/dev/null ||
		return 1
	t_on_exit "'$TETHER_ROOT/tests/servers/httpbin.sh' stop '$srv/httpbin'"
	. "$srv/httpbin/env"
	oidc_start || return 1
	oidc_resource_start || return 1
}

demo_browser() {
	echo "$OIDC_BROWSER"
}

demo_seed() {
	printf '%s\n' "$NGINX_API_KEY" | tether add "Weather API" \
		--host "$NGINX_URL" --auth api-key --key-header X-API-Key \
		--key-stdin --test-path /key/header \
		--description "Forecasts; key in the X-API-Key header" || return 1
	printf '%s\n' "$NGINX_PASSWORD" | tether add "Billing" \
		--host "$NGINX_URL" --auth basic --user "$NGINX_USER" \
		--password-stdin --test-path /basic/ \
		--description "Invoices; HTTP Basic" || return 1
	oidc_add "Calendar" tether-basic --client-auth basic --scope \
		"openid offline_access" --test-path / \
		--description "OAuth 2.0 authorization code with PKCE" ||
		return 1
	printf '%s\n' "$(oidc_secret tether-service)" | tether add "Reports" \
		--host "$NGINX_URL" --auth oauth2 --grant client_credentials \
		--client-id tether-service --client-secret-stdin \
		--token-url "$OIDC_URL/token" --client-auth basic \
		--test-path /echo \
		--description "OAuth 2.0 client credentials" || return 1
	tether add "httpbin" --host "$HTTPBIN_URL" --auth none \
		--test-path /get --default \
		--description "Echo service, no authentication" </dev/null ||
		return 1
	printf '%s\n' "wx-revoked-00000000" | tether add "Legacy Weather" \
		--host "$NGINX_URL" --auth api-key --key-header X-API-Key \
		--key-stdin --test-path /key/header \
		--description "An old key that the server no longer accepts"
}
