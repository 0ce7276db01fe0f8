#!/bin/sh
# At 80x24, the smallest size, every state of the five steps for an API-key,
# a Basic and an OAuth 2.0 (authorization code pasted back over SSH)
# integration: the step's own text shows, no line of the wizard is cut
# with an ellipsis, a form scrolled down starts with an item, and the
# key bar keeps `? Help` (`F1 Help` while a text field has the focus).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
oidc_start || exit 1
oidc_resource_start || exit 1
KEY='k3y/SECRET+42 x' # nginx.sh's default credentials
USER_='alice' PASSWORD='s3cret: pass word'

# state DESC TEXT: TEXT shows; then the screen is whole.
state() {
	if ! tui_wait "$2"; then
		t_fail "$1" "\"$2\" never showed; the screen:" "$(tui_screen)"
		return
	fi
	scr=$(tui_screen)
	bar=$(printf '%s\n' "$scr" | tail -1)
	# The wizard's lines (the home list cuts long base URLs to its column).
	cut=
	case "$scr" in *"New integration"* | *"Edit integration"*)
		cut=$(printf '%s\n' "$scr" | sed -n '2,23p' | grep -n '…' | head -3) ;;
	esac
	# A form scrolled down starts with an item right under "more ^", not
	# with the blank lines of one cut by the top edge.
	gap=$(printf '%s\n' "$scr" | awk '/more \^ *$/ { m = 1; next }
		m && /^ *$/ { n++; next } m { exit } END { print n + 0 }')
	if [ -n "$cut" ]; then
		t_fail "$1: no text cut" "$cut" "$scr"
	elif [ "$gap" -gt 0 ]; then
		t_fail "$1: no blank lines above the first item shown" "$scr"
	elif ! printf '%s' "$bar" | grep -Eq '(\?|F1) Help'; then
		t_fail "$1: the key bar keeps ? Help (F1 while typing)" "$scr"
	else
		t_ok "$1"
	fi
}

tui_start 80 24
state "home" "Press n to set one up"

# ---- API key ----------------------------------------------------------
tui_keys n
state "key: step 1" "Configuration Details"
tui_type "Key"
tui_keys C-n
state "key: step 2" "Hostname*"
tui_type "$NGINX_URL"
tui_keys Tab Enter Down Enter
state "key: step 2, API key picked" "API Key"
tui_keys C-n
state "key: step 3" "API Key Header Name*"
tui_type "$KEY"
tui_keys Tab Tab
tui_type "X-API-Key"
tui_keys C-n
state "key: step 4" "No action is needed for this step"
tui_keys C-n
state "key: step 5" "Test Action URL Path"
tui_keys C-u
tui_type /key/header
tui_keys Tab Enter
state "key: step 5, passed, the body shows" "key ok"
tui_keys Tab Tab Enter
state "key: saved" "Saved \"Key\""

# ---- Basic ------------------------------------------------------------
tui_keys n
state "basic: step 1" "Configuration Details"
tui_type "Basic"
tui_keys C-n
state "basic: step 2" "Hostname*"
tui_type "$NGINX_URL"
tui_keys Tab b
state "basic: step 2, Basic picked" "Basic Authentication"
tui_keys C-n
state "basic: step 3" "Basic Auth Password*"
tui_type "$USER_"
tui_keys Tab
tui_type "not-the-password"
tui_keys C-n
state "basic: step 4" "No action is needed for this step"
tui_keys C-n
tui_keys C-u
tui_type /basic/
tui_keys Tab Enter
state "basic: step 5, failed, the diagnosis shows" "The server rejected"
tui_keys End
state "basic: step 5, the result's end" "</body>"
tui_keys Home
state "basic: step 5, the result's start" "The server rejected"
tui_keys C-p C-p
state "basic: back on step 3" "Basic Auth Password*"
tui_keys Tab C-u
tui_type "$PASSWORD"
tui_keys C-n C-n
state "basic: step 5 again" "Test Action URL Path"
tui_keys Tab Enter
state "basic: step 5, passed" "basic ok"
tui_keys Tab Tab Enter
state "basic: saved" "Saved \"Basic\""
tui_keys q
tui_exited
tui_stop

# ---- OAuth 2.0, the code pasted back over SSH ----------------------------
port=$(free_port)
oidc_add Web tether-native --scope openid --redirect-port "$port" >/dev/null
TUI_EXTRA_ENV="BROWSER=$T_WORK/no-browser SSH_CONNECTION=192.0.2.9_5_192.0.2.2_2222 USER=alice"
printf '#!/bin/sh\ntouch %s/launched\n' "$T_WORK" >"$T_WORK/no-browser"
chmod +x "$T_WORK/no-browser"
tui_start 80 24
tui_tmux set-option -s set-clipboard on
state "oauth: home" "Web"
tui_keys G e
state "oauth: step 1" "Configuration Details"
tui_keys C-n
state "oauth: step 2" "OAuth 2.0"
tui_keys C-n
state "oauth: step 3" "OAuth Client ID"
# Through every field of step 3 and back: each scroll position whole.
for k in Tab BTab; do
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		tui_keys $k
		state "oauth: step 3, $k $i" "Authentication Details"
	done
done
tui_keys C-n
state "oauth: step 4" "Authorization code"
tui_keys Enter
state "oauth: step 4, the ssh -L command" "ssh -L"
state "oauth: step 4, the paste field" "Redirect URL"
tui_keys C-y
wait_until 10 sh -c "tmux -L $TUI_SOCK show-buffer 2>/dev/null | grep -q client_id=tether-native"
url=$(tui_tmux show-buffer 2>/dev/null)
redirect=$(OIDC_BROWSER_MODE=print "$OIDC_BROWSER" "$url")
tui_type "$redirect"
tui_keys Enter
state "oauth: step 4, authorized" "Authorized: access token"
tui_keys C-n
state "oauth: step 5" "Test Action URL Path"
tui_keys Tab Enter
state "oauth: step 5, passed" "userinfo ok"
tui_keys Tab Tab Enter
state "oauth: saved" "Saved \"Web\""
if [ -e "$T_WORK/launched" ]; then t_fail "no browser is launched"; else t_ok "no browser is launched"; fi
tui_keys q
tui_exited
tui_stop
t_done
