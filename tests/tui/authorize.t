#!/bin/sh
# Step 4 at 80x24 in a remote session (SSH_CONNECTION with port 2222, no
# display): what happens is said before Authorize, the token held now is
# shown, the ssh -L command carries -p 2222, the paste field shows the real
# redirect URI, ^O shows the URL alone for the mouse, tokens got from the
# home screen's `a` survive Esc, and messages say what to do on the
# screens. Step 3 shows every problem at once.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
oidc_start || exit 1
oidc_resource_start || exit 1

port=$(free_port)
check "add a native client whose name needs quoting" \
	oidc_add "Wiz OAuth" tether-native --scope openid --redirect-port "$port"

# The screen's text as one line: rows joined, box borders and runs of
# blanks squeezed, so that a sentence wrapped over rows still matches.
flat() { tui_screen | tr '\n│' '  ' | tr -s ' '; }
flat_has() { flat | grep -qF -- "$1"; }
flat_expect() {
	if wait_until "$TUI_TIMEOUT" flat_has "$2"; then t_ok "$1"; else
		t_fail "$1" "\"$2\" never showed; the screen:" "$(tui_screen)"; fi
}

printf '#!/bin/sh\ntouch %s/launched\n' "$T_WORK" >"$T_WORK/no-browser"
chmod +x "$T_WORK/no-browser"
TUI_EXTRA_ENV="BROWSER=$T_WORK/no-browser SSH_CONNECTION='192.0.2.9 50000 192.0.2.2 2222' USER=alice"
tui_start 80 24
tui_tmux set-option -s set-clipboard on
tui_expect "home lists the integration" "Wiz OAuth"
tui_keys a
flat_expect "step 4 says no browser opens in a remote session" \
	"in a remote session: no browser opens here"
flat_expect "and what to do instead" "open it on your own machine, then paste"
flat_expect "a shows the token held now" "Token now: none yet: needs authorization"

tui_keys Enter
host=$(hostname -f 2>/dev/null)
case "$host" in *.*) ;; *) host=192.0.2.2 ;; esac
flat_expect "the ssh -L command has the server's port and address" \
	"ssh -L $port:127.0.0.1:$port -p 2222 alice@$host"
# The placeholder shows while the field has not the focus.
tui_keys Tab
tui_expect "the paste field shows the real redirect URI" \
	"http://127.0.0.1:$port/callback?code="
tui_keys BTab
tui_keys C-y
wait_until 10 sh -c "tmux -L $TUI_SOCK show-buffer 2>/dev/null | grep -q client_id=tether-native"
url=$(tui_tmux show-buffer 2>/dev/null)
expect_match "Ctrl-Y copied the URL" "$url" "^$OIDC_URL/auth\\?"

tui_keys C-o
tui_expect "^O shows the URL alone" "any key goes back to tether"
expect_no_match "on a cleared screen, without the box" "$(tui_screen)" "│"
# capture-pane -J joins rows the terminal wrapped by itself: the URL is
# one line for a mouse selection.
if tui_tmux capture-pane -p -J | grep -qxF -- "$url"; then
	t_ok "the URL is unwrapped, whole on one logical line"
else
	t_fail "the URL is unwrapped, whole on one logical line" \
		"$(tui_tmux capture-pane -p -J)"
fi
tui_keys Space
tui_expect "any key returns to step 4" "Redirect URL"
flat_expect "and the hint is there again" "ssh -L $port:127.0.0.1:$port"
# libqrencode is loaded when a code is first wanted: the button shows only
# when it encoded the URL.
flat_expect "a QR code of the URL is offered" "Show QR code"

redirect=$(OIDC_BROWSER_MODE=print "$OIDC_BROWSER" "$url")
tui_type "$redirect"
tui_keys Enter
tui_expect "the pasted redirect URL authorizes" "Authorized: access token"
flat_expect "and the tokens are saved at once" "Tokens saved."
tui_keys Escape
tui_expect "Esc goes home" "Wiz OAuth"
expect_match "the tokens were not lost" "$(tether token 'Wiz OAuth' 2>&1)" "valid until"
tui_keys a
flat_expect "a shows the token held now" "Token now: valid "
tui_keys Escape
tui_expect "home again" "Wiz OAuth"

# A taken redirect port: the screen says what to change there, not a
# command line.
check "the redirect port is the provider's own (taken)" \
	tether edit "Wiz OAuth" --redirect-port "$OIDC_PORT"
tui_keys a
tui_expect "Authorize offered" "Re-Authorize"
tui_keys Enter
flat_expect "a taken port: change it in step 3" "as Redirect Port in step 3"
expect_no_match "no command line on the screen" "$(flat)" "tether edit"
tui_keys Escape
tui_expect "home" "Wiz OAuth"

# Step 3: every problem at once, the cursor on the first.
tui_keys n
tui_type "Multi"
tui_keys C-n
tui_type "api.example.com"
tui_keys Tab b
tui_expect "Basic chosen" "Basic Authentication"
tui_keys C-n
tui_expect "step 3 for Basic" "Basic Auth Password*"
tui_keys C-n
tui_expect "the username's problem" "A username is required"
tui_expect "and the password's, at once" "A password is required"
tui_type "admin"
tui_keys Tab
tui_type "pw"
tui_keys C-n
tui_expect "typing went to the first field, then the next: step 4" \
	"No action is needed for this step"
tui_keys Escape
tui_expect "Esc asks" "Discard changes?"
tui_keys y
tui_expect "discarded" "Discarded"
if [ -e "$T_WORK/launched" ]; then t_fail "no browser launched"; else
	t_ok "no browser launched"; fi
tui_keys q
tui_exited
tui_stop
t_done
