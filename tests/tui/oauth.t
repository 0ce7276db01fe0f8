#!/bin/sh
# Step 4 against a real oidc-provider: the authorization code through the
# Authorize button with the $BROWSER script, the remote-session path (no
# browser launched; URL copied with OSC 52, redirect URL pasted back; a
# pasted error= redirect ends the flow), the
# device code and client credentials grants; tokens saved at Finish. The
# home screen's `a` opens the wizard on Authorize.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
oidc_start || exit 1
oidc_resource_start || exit 1

port=$(free_port)
check "add a public native client" \
	oidc_add Native tether-native --scope openid --redirect-port "$port"
check "add a device-flow client" oidc_add Tv tether-device --scope openid
check "add a client-credentials client" \
	oidc_add Svc tether-service --scope api:read --client-auth basic
token_state() { tether token "$1" 2>&1; }

# ---- authorization code with the browser script -------------------------
TUI_EXTRA_ENV="BROWSER=$OIDC_BROWSER OIDC_BROWSER_LOG=$T_WORK/browser.log"
tui_start 100 30
tui_expect "home lists the OAuth integrations" "Native"
tui_keys g a
tui_expect "a opens the wizard on Authorize" "Authorization code with PKCE"
tui_keys Enter
tui_expect "the browser script signs in; tokens come back" "Authorized: access token valid until"
tui_keys C-n
tui_expect "on to the test" "Test Action URL Path"
tui_keys Tab Enter
tui_expect "the token passes the connection test" "Configuration test successful"
tui_keys Tab Tab Enter
tui_expect "Finish saves" "Saved \"Native\""
expect_match "the tokens were saved" "$(token_state Native)" "valid until"
tui_expect "home shows the token as valid" "valid "
expect_eq "the test result was saved" "true" \
	"$(tether show Native --json | jq -r .last_test.pass)"
tui_keys q
tui_exited
tui_stop

# ---- a remote session: no browser, copy the URL, paste the redirect ------
tether rm Native --yes >/dev/null 2>&1
oidc_add Native tether-native --scope openid --redirect-port "$port" >/dev/null
TUI_EXTRA_ENV="BROWSER=$T_WORK/no-browser SSH_CONNECTION=192.0.2.9_5_192.0.2.2_22 USER=alice"
printf '#!/bin/sh\ntouch %s/launched\n' "$T_WORK" >"$T_WORK/no-browser"
chmod +x "$T_WORK/no-browser"
tui_start 100 30
tui_tmux set-option -s set-clipboard on
tui_keys g a
tui_expect "Authorize offered" "Authorization code"
# A pasted redirect that carries error= ends the flow (the screen stays,
# the step says why); Authorize then starts afresh.
tui_keys Enter
tui_expect "the ssh -L command shows" "ssh -L $port:127.0.0.1:$port"
tui_keys C-y
wait_until 10 sh -c "tmux -L $TUI_SOCK show-buffer 2>/dev/null | grep -q client_id=tether-native"
first=$(tui_tmux show-buffer 2>/dev/null)
state=$(printf '%s' "$first" | sed -n 's/.*[?&]state=\([^&]*\).*/\1/p')
tui_type "http://127.0.0.1:$port/callback?error=access_denied&state=$state"
tui_keys Enter
tui_expect "a pasted error= redirect ends the flow, saying so" "denied in the browser"
tui_expect_gone "and stops waiting" "Redirect URL"
tui_keys Enter
tui_expect "the ssh -L command shows" "ssh -L $port:127.0.0.1:$port"
tui_expect "with a field for the redirect URL" "Redirect URL"
tui_keys C-y
wait_until 10 sh -c "tmux -L $TUI_SOCK show-buffer 2>/dev/null | grep -q client_id=tether-native && ! tmux -L $TUI_SOCK show-buffer 2>/dev/null | grep -qF -- '$first'"
url=$(tui_tmux show-buffer 2>/dev/null)
expect_match "Ctrl-Y copied the authorization URL (OSC 52)" "$url" "^$OIDC_URL/auth\\?.*client_id=tether-native"
redirect=$(OIDC_BROWSER_MODE=print "$OIDC_BROWSER" "$url")
expect_match "the user's browser ends on the callback" "$redirect" "/callback\\?code="
tui_type "not the URL"
tui_keys Enter
tui_expect "something else pasted is refused" "neither the redirect URL"
tui_keys C-u
tui_type "$redirect"
tui_keys Enter
tui_expect "the pasted redirect URL completes it" "Authorized: access token"
if [ -e "$T_WORK/launched" ]; then t_fail "no browser is launched in a remote session"; else t_ok "no browser is launched in a remote session"; fi
tui_keys C-n C-n
tui_expect "Finish saves" "Saved \"Native\""
expect_match "the pasted flow's tokens were saved" "$(token_state Native)" "valid until"
tui_keys q
tui_exited
tui_stop

# ---- device code and client credentials ----------------------------------
TUI_EXTRA_ENV=""
tui_start 100 30
tui_keys G a
tui_expect "the device grant offers a code" "Authorize with a Code"
tui_keys Enter
tui_expect "the user code shows" "Code: "
code=$(tui_screen | sed -n 's/.*Code: \([A-Z0-9-]*\).*/\1/p' | head -1)
"$OIDC_DEVICE" "$OIDC_URL/device" "$code" >/dev/null 2>&1
tui_expect "entering it elsewhere authorizes" "Authorized: access token"
tui_keys C-n C-n
tui_expect "Finish saves the device tokens" "Saved \"Tv\""
expect_match "device tokens saved" "$(token_state Tv)" "valid until"

tui_keys g j a
tui_expect "client credentials offer a token" "Fetch a Token"
tui_keys Enter
tui_expect "a token is fetched" "Authorized: access token"
tui_keys C-n C-n
tui_expect "Finish saves the client token" "Saved \"Svc\""
expect_match "client token saved" "$(token_state Svc)" "valid until"
tui_keys q
tui_exited
tui_stop
t_done
