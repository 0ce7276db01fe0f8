# tests/servers/oidc/lib.sh — start the OAuth test servers from a .t script
# (after sourcing tests/lib.sh and calling t_setup).
#
#   oidc_start [VAR=VALUE...]   oidc-provider on a free port (environment as
#                               in server.mjs: PORT, ACCESS_TTL, REFRESH_TTL);
#                               sets OIDC_PORT, OIDC_URL, OIDC_LOG, OIDC_PID
#   oidc_stop                   stop it (e.g. to restart it, losing grants)
#   oidc_resource_start         tests/servers/nginx.sh with --userinfo: every
#                               path under RS_URL answers 200 "userinfo ok"
#                               only to a bearer token the OIDC userinfo
#                               endpoint accepts (auth_request); sets RS_URL
#   oidc_add NAME CLIENT [tether add options...]
#                               add an oauth2 integration for one of
#                               server.mjs's clients, its base URL the
#                               resource server
#   oidc_grants EVENT           JSON lines of the server's log for EVENT
#                               ("grant", "grant_error", ...)
OIDC_DIR="$TETHER_ROOT/tests/servers/oidc"
OIDC_BROWSER="$OIDC_DIR/browser.sh"
OIDC_DEVICE="$OIDC_DIR/device.sh"

# The client secrets of server.mjs.
oidc_secret() {
	case "$1" in
	tether-basic) echo basic-secret-7d1f0c2a9e ;;
	tether-post) echo post-secret-4b8e61f3c5 ;;
	tether-service) echo service-secret-93ac2e7d10 ;;
	*) echo "" ;;
	esac
}

oidc_start() {
	OIDC_LOG="$T_WORK/oidc.log"
	: >"$OIDC_LOG"
	env "$@" node "$OIDC_DIR/server.mjs" >>"$OIDC_LOG" 2>"$T_WORK/oidc.err" &
	OIDC_PID=$!
	t_on_exit "kill $OIDC_PID 2>/dev/null"
	if ! wait_until 20 grep -q '^PORT ' "$OIDC_LOG"; then
		echo "# oidc-provider did not start:" >&2
		sed 's/^/# /' "$T_WORK/oidc.err" >&2
		return 1
	fi
	OIDC_PORT=$(awk '/^PORT /{print $2; exit}' "$OIDC_LOG")
	OIDC_URL="http://127.0.0.1:$OIDC_PORT"
}

oidc_stop() {
	kill "$OIDC_PID" 2>/dev/null
	wait "$OIDC_PID" 2>/dev/null
}

oidc_resource_start() {
	"$TETHER_ROOT/tests/servers/nginx.sh" start "$T_WORK/nginx" \
		--userinfo "$OIDC_URL/me" >/dev/null || return 1
	t_on_exit "'$TETHER_ROOT/tests/servers/nginx.sh' stop '$T_WORK/nginx'"
	. "$T_WORK/nginx/env"
	RS_URL="$NGINX_URL/userinfo"
	RS_PORT=$NGINX_PORT
}

oidc_add() {
	name=$1
	client=$2
	shift 2
	secret=$(oidc_secret "$client")
	case "$client" in
	tether-service) grant=client_credentials ;;
	tether-device) grant=device_code ;;
	*) grant=authorization_code ;;
	esac
	if [ -n "$secret" ]; then
		printf '%s\n' "$secret" | tether add "$name" --host "$RS_URL" \
			--auth oauth2 --grant "$grant" --client-id "$client" \
			--client-secret-stdin --auth-url "$OIDC_URL/auth" \
			--token-url "$OIDC_URL/token" \
			--device-url "$OIDC_URL/device/auth" "$@"
	else
		tether add "$name" --host "$RS_URL" --auth oauth2 \
			--grant "$grant" --client-id "$client" \
			--auth-url "$OIDC_URL/auth" --token-url "$OIDC_URL/token" \
			--device-url "$OIDC_URL/device/auth" "$@" </dev/null
	fi
}

oidc_grants() {
	grep "\"event\":\"$1\"" "$OIDC_LOG"
}

# The resource server's answer (status code) to a bearer token.
rs_status() {
	curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" \
		"$RS_URL/anything"
}
