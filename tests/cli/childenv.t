#!/bin/sh
# Children get no secret: the browser tether starts for an authorization
# sees neither TETHER_PASSPHRASE nor TETHER_KEY_FILE in its environment,
# and neither the passphrase nor the client secret in its environment or
# on its command line. (The editor of the request pane: tests/tui/pane.t.)
. "$(dirname "$0")/../lib.sh"
t_setup

PASS='sEcReT-passphrase-6d0e'
CSEC='sEcReT-clientsecret-a41f'
export TETHER_PASSPHRASE="$PASS"
port=$(free_port)
printf '%s\n' "$CSEC" | tether add Native --host api.example.com \
	--auth oauth2 --client-id tether-cli --client-secret-stdin \
	--auth-url http://127.0.0.1:1/authorize --token-url http://127.0.0.1:1/token \
	--redirect-port "$port" >/dev/null
check "the store is encrypted with the passphrase" \
	sh -c '"$0" export --with-secrets | grep -q -- "$1"' "$TETHER_BIN" "$CSEC"

# The browser: writes down its argv and environment, then refuses the
# authorization on the loopback callback so that tether stops waiting.
cat >"$T_WORK/browser.sh" <<EOS
#!/bin/sh
printf '%s\n' "\$0" "\$@" >"$T_WORK/argv"
tr '\0' '\n' </proc/\$\$/cmdline >>"$T_WORK/argv"
env >"$T_WORK/env.tmp"
mv "$T_WORK/env.tmp" "$T_WORK/env"
state=\$(printf '%s' "\$1" | sed -n 's/.*[?&]state=\([^&]*\).*/\1/p')
curl -s -o /dev/null "http://127.0.0.1:$port/callback?error=access_denied&state=\$state"
EOS
chmod +x "$T_WORK/browser.sh"

expect_exit "authorize ends when the browser refuses" 1 \
	env BROWSER="$T_WORK/browser.sh" CHILD_ENV_MARK=seen TETHER_KEY_FILE="$TETHER_KEY_FILE" \
	"$TETHER_BIN" authorize Native --timeout 60
expect_match "  with the provider's error" "$T_ERR" 'access_denied'
env=$(cat "$T_WORK/env" 2>/dev/null)
argv=$(cat "$T_WORK/argv" 2>/dev/null)
expect_match "the browser ran and wrote its environment" "$env" '^CHILD_ENV_MARK=seen$'
expect_match "it got the authorization URL" "$argv" '^http://127\.0\.0\.1:1/authorize\?'
expect_no_match "no TETHER_PASSPHRASE in its environment" "$env" '^TETHER_PASSPHRASE='
expect_no_match "no TETHER_KEY_FILE in its environment" "$env" '^TETHER_KEY'
for s in "$PASS" "$CSEC"; do
	expect_no_match "its environment does not hold $s" "$env" "$s"
	expect_no_match "its command line does not hold $s" "$argv" "$s"
done
t_done
