#!/bin/sh
# tests/demo/demo.sh — `make demo`: tether against local servers, offline.
#
# Starts nginx (API-key, Basic and bearer locations), httpbin and
# oidc-provider with its resource server, all on 127.0.0.1; seeds a
# throwaway store (a mktemp -d directory holding TETHER_DB and
# TETHER_KEY_FILE) with example integrations: API key, Basic, OAuth 2.0
# authorization code and client credentials, no auth, and one whose key the
# server refuses; then runs tether with $BROWSER set to the scripted browser
# of tests/servers/oidc/, which signs in to oidc-provider's development
# pages, so that Authorize works with no network and no display.
#
# Quitting tether (or INT, TERM, HUP) stops every server and removes the
# throwaway store. TETHER_BIN overrides the binary (default: ./tether).
TETHER_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${TETHER_BIN:=$TETHER_ROOT/tether}"
[ -x "$TETHER_BIN" ] || {
	echo "demo.sh: no $TETHER_BIN: run make first" >&2
	exit 1
}
. "$TETHER_ROOT/tests/lib.sh"
t_setup
trap 'exit 129' HUP
. "$TETHER_ROOT/tests/demo/lib.sh"

echo "Starting the local servers..."
demo_servers || {
	echo "demo.sh: the servers did not start" >&2
	exit 1
}
demo_seed >/dev/null || {
	echo "demo.sh: seeding the store failed" >&2
	exit 1
}
export BROWSER
BROWSER=$(demo_browser)
cat <<MSG
  nginx          $NGINX_URL   (API key, Basic, echo)
  httpbin        $HTTPBIN_URL
  oidc-provider  $OIDC_URL   (resource server $RS_URL)
  store          $TETHER_DB (removed on quit)

For a new OAuth integration use client ID tether-basic, secret
$(oidc_secret tether-basic), authorization URL $OIDC_URL/auth
and token URL $OIDC_URL/token; the browser signs in by itself.
MSG
if [ -t 0 ]; then
	printf '\nPress Enter to start tether (q in tether ends the demo). '
	read -r _ || exit 0
fi
"$TETHER_BIN"
