#!/bin/sh
# tests/shots/shots.sh — the README screenshots, from the real tether.
#
#   tests/shots/shots.sh [OUTDIR]   (default: screenshots/)
#   tests/shots/shots.sh --list     the image names, one a line
#
# Runs $TETHER_BIN (default: the release ./tether) in tmux at 100x30 (one
# screen at 80x24, the smallest supported)
# against the local test servers (tests/demo/lib.sh starts them and seeds a
# throwaway store), walks through a scripted session with send-keys, polls
# capture-pane until each expected screen shows (no fixed sleeps), captures
# it with its colours (capture-pane -e), turns it into HTML
# (tests/shots/ansi2html.py) and that into a PNG with headless Chromium.
#
# Prints "made NAME.png" for each image written and "missing NAME.png:
# REASON" for each screen this build of tether does not have yet; exits 1
# when a screen that exists does not show as scripted.
TETHER_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${TETHER_BIN:=$TETHER_ROOT/tether}"
SHOTS_DIR="$TETHER_ROOT/tests/shots"

SHOTS_ALL="home
wizard-1-details
wizard-2-method
wizard-3-api-key
wizard-3-basic
wizard-3-oauth
wizard-4-no-action
wizard-4-browser
wizard-4-ssh
wizard-4-ssh-80x24
wizard-4-success
wizard-5-success
wizard-5-failure
pane-json
test-all"

if [ "$1" = --list ]; then
	echo "$SHOTS_ALL"
	exit 0
fi
OUT=${1:-$TETHER_ROOT/screenshots}
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd) || exit 1

. "$TETHER_ROOT/tests/lib.sh"
t_setup
# Generous: a loaded machine (make check) can be slow to draw.
TUI_TIMEOUT=${TUI_TIMEOUT:-60}
. "$TETHER_ROOT/tests/tui/lib.sh"
. "$TETHER_ROOT/tests/demo/lib.sh"

COLS=100
ROWS=30
CAP="$T_WORK/captures"
mkdir -p "$CAP"

die() {
	echo "shots.sh: $*" >&2
	exit 1
}

# need TEXT: wait until TEXT shows, or stop with the screen.
need() {
	tui_wait "$1" && return 0
	echo "shots.sh: \"$1\" never showed; the screen:" >&2
	tui_screen >&2
	exit 1
}

# wait_any TEXT1 TEXT2: wait until either shows; prints the one that did.
wait_any() {
	end=$(($(date +%s) + TUI_TIMEOUT))
	while [ "$(date +%s)" -lt "$end" ]; do
		scr=$(tui_screen)
		for t in "$@"; do
			case "$scr" in *"$t"*) echo "$t" && return 0 ;; esac
		done
		sleep 0.05
	done
	echo "shots.sh: none of $* showed; the screen:" >&2
	tui_screen >&2
	exit 1
}

# The pane once it stops changing (a draw in progress, a spinner), polled;
# after about 2 s of change it is taken as it is.
settled() {
	prev=
	i=0
	while [ $i -lt 40 ]; do
		now=$(tui_tmux capture-pane -e -p -N)
		[ -n "$prev" ] && [ "$now" = "$prev" ] && break
		prev=$now
		i=$((i + 1))
		sleep 0.05
	done
	printf '%s\n' "$now"
}

# shot NAME: capture the pane as it is now, for rendering at the end (at
# the size it has: COLS x ROWS).
shot() {
	settled >"$CAP/$1.ans"
	echo "$COLS $ROWS" >"$CAP/$1.size"
}

missing() {
	echo "missing $1.png: $2"
	rm -f "$OUT/$1.png"
}

# Colours: the screens are taken with tether's colours; SHOTS_MONO=1 takes
# them in its monochrome mode (NO_COLOR) instead.
if [ -z "$SHOTS_MONO" ]; then colour="-u NO_COLOR"; else colour="NO_COLOR=1"; fi

# start [VAR=VALUE...]: tether in a fresh COLSxROWS tmux pane, with a UTF-8
# locale, the throwaway store, and no display or SSH variables unless given.
SHOTS_RUN=0
start() {
	# A new tmux server each time: the last one may still be exiting.
	tui_tmux kill-server 2>/dev/null
	SHOTS_RUN=$((SHOTS_RUN + 1))
	TUI_SOCK="tether-shots-$$-$SHOTS_RUN"
	t_on_exit "tmux -L $TUI_SOCK kill-server 2>/dev/null"
	cat >"$T_WORK/run.sh" <<EOS
#!/bin/sh
env -u DISPLAY -u WAYLAND_DISPLAY -u SSH_CONNECTION -u SSH_CLIENT -u SSH_TTY \
	$colour HOME="$HOME" TETHER_DB="$TETHER_DB" \
	TETHER_KEY_FILE="$TETHER_KEY_FILE" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
	TERM=screen-256color BROWSER="$T_WORK/browser.sh" $* "$TETHER_BIN"
echo "[tether exited \$?]"
exec sleep 3600
EOS
	chmod +x "$T_WORK/run.sh"
	tui_tmux new-session -d -x "$COLS" -y "$ROWS" "$T_WORK/run.sh" ||
		die "tmux did not start"
	tui_tmux set-option -g status off >/dev/null
}

# restart: tether afresh on the home screen, so that no message from the
# last action shows in the next screens.
restart() {
	tui_keys q
	tui_exited || die "tether did not quit"
	start
	need "Weather API"
}

# The $BROWSER of the session: it notes the URL and returns, so that the
# "waiting for the browser" screen can be captured; browse_now then
# completes the login with the scripted browser of tests/servers/oidc/.
cat >"$T_WORK/browser.sh" <<EOS
#!/bin/sh
printf '%s\n' "\$1" >"$T_WORK/auth-url.tmp" && mv "$T_WORK/auth-url.tmp" "$T_WORK/auth-url"
EOS
chmod +x "$T_WORK/browser.sh"
browse_now() {
	wait_until 10 test -s "$T_WORK/auth-url" || return 1
	"$(demo_browser)" "$(cat "$T_WORK/auth-url")"
}

# ---------------------------------------------------------------------------
demo_servers || die "the test servers did not start"
demo_seed >/dev/null || die "seeding the store failed"
start
need "Weather API"

# An API-key integration through every step, ending in a passing test.
tui_keys n
need "Configuration Details"
tui_type "Maps API"
tui_keys Tab
tui_type "Geocoding for the delivery app"
need "Geocoding for the delivery app"
shot wizard-1-details
tui_keys C-n
need "Hostname*"
tui_type "$NGINX_URL"
tui_keys Tab Enter
need "Basic Authentication"
tui_keys Down Enter
need "API Key "
shot wizard-2-method
tui_keys C-n
need "API Key Header Name*"
printf '%s' "$NGINX_API_KEY" >"$T_WORK/key"
tui_tmux load-buffer "$T_WORK/key"
tui_tmux paste-buffer -p
tui_keys Tab Tab
tui_type "X-API-Key"
need "X-API-Key"
shot wizard-3-api-key
tui_keys C-n
need "No action is needed for this step"
shot wizard-4-no-action
tui_keys C-n
need "Test Action URL Path"
tui_keys C-u
tui_type "/key/header"
tui_keys Tab Enter
need "Configuration test successful"
need "key ok"
shot wizard-5-success
tui_keys Tab Tab Enter
need "Saved \"Maps API\""

# Basic with a wrong password: the failure and its diagnosis; discarded.
restart
tui_keys n
need "Configuration Details"
tui_type "Billing (staging)"
tui_keys C-n
need "Hostname*"
tui_type "$NGINX_URL"
tui_keys Tab b
need "Basic Authentication"
tui_keys C-n
need "Basic Auth Password*"
tui_type "$NGINX_USER"
tui_keys Tab
tui_type "not-the-password"
shot wizard-3-basic
tui_keys C-n C-n
need "Test Action URL Path"
tui_keys C-u
tui_type "/basic/"
tui_keys Tab Enter
need "401"
shot wizard-5-failure
tui_keys Escape
need "Discard changes?"
tui_keys y
need "Discarded"

# OAuth 2.0 authorization code: step 3, then step 4's Authorize.
restart
tui_keys n
need "Configuration Details"
tui_type "Contacts"
tui_keys C-n
need "Hostname*"
tui_type "$RS_URL"
tui_keys Tab o
need "OAuth 2.0"
tui_keys C-n
need "OAuth Client ID"
tui_keys Tab
tui_type "tether-basic"
oidc_secret tether-basic | tr -d '\n' >"$T_WORK/secret"
tui_keys Tab
tui_tmux load-buffer "$T_WORK/secret"
tui_tmux paste-buffer -p
tui_keys Tab
tui_type "$OIDC_URL/auth"
tui_keys Tab
tui_type "$OIDC_URL/token"
tui_keys Tab
tui_type "openid offline_access"
need "openid offline_access"
tui_keys BTab BTab BTab BTab BTab
need "OAuth Grant Type*"
shot wizard-3-oauth
tui_keys C-n
step4=$(wait_any "not available in this build" "Authorization code") || exit 1
if [ "$step4" = "not available in this build" ]; then
	for n in wizard-4-browser wizard-4-success wizard-4-ssh wizard-4-ssh-80x24; do
		missing $n "step 4 has no Authorize button in this build"
	done
	tui_keys Escape
	need "Discard changes?"
	tui_keys y
	need "Discarded"
	AUTHORIZE=no
else
	rm -f "$T_WORK/auth-url"
	tui_keys Enter
	need "Waiting for the browser"
	shot wizard-4-browser
	browse_now >/dev/null || die "the scripted browser did not finish"
	need "Authorized: access token"
	shot wizard-4-success
	tui_keys C-n C-n
	need "Saved \"Contacts\""
	AUTHORIZE=yes
fi

# The home screen afresh (no message from the last action), then every
# integration tested at once.
restart
need "Maps API"
shot home
tui_keys T
need "Tested "
shot test-all

# The request pane with a JSON response from httpbin.
restart
tui_keys /
tui_type httpbin
tui_keys Enter
tui_keys ?
need "Home screen"
has_pane=$(tui_screen | grep -c "the request pane")
tui_keys Escape
tui_gone "Home screen" || die "the help did not close"
if [ "$has_pane" -gt 0 ]; then
	tui_keys p
	need "Request pane"
	tui_keys C-u
	tui_type "/anything"
	tui_keys Tab Tab
	tui_type "city"
	tui_keys Tab
	tui_type "Oslo"
	need "/anything?city=Oslo"
	tui_keys C-g
	need "200 OK"
	need '"city"'
	shot pane-json
	for _ in 1 2 3; do
		tui_keys Escape
		tui_gone "Request pane" 2 && break
	done
else
	missing pane-json "the home screen has no request pane (p) in this build"
fi
tui_keys q
tui_exited || die "tether did not quit"

# Step 4 over SSH: no display, so the URL, the ssh -L command and a field
# for pasting the redirect URL back.
if [ "$AUTHORIZE" = yes ]; then
	start SSH_CONNECTION="'203.0.113.7 52144 198.51.100.20 22'"
	need "Calendar"
	tui_keys /
	tui_type Calendar
	tui_keys Enter Enter
	need "Edit integration"
	tui_keys C-n C-n C-n
	need "Authorize"
	tui_keys Enter
	need "ssh -L"
	shot wizard-4-ssh
	tui_keys Escape

	# The same at 80x24, the SSH server on port 2222.
	COLS=80 ROWS=24
	start SSH_CONNECTION="'203.0.113.7 52144 198.51.100.20 2222'"
	need "Calendar"
	tui_keys /
	tui_type Calendar
	tui_keys Enter Enter
	need "Edit integration"
	tui_keys C-n C-n C-n
	need "Authorize"
	tui_keys Enter
	need "ssh -L"
	shot wizard-4-ssh-80x24
	tui_keys Escape
	COLS=100 ROWS=30
fi
tui_tmux kill-server 2>/dev/null

# ---------------------------------------------------------------------------
# Render: capture -> HTML -> PNG.
chrome_home="$T_WORK/chromium"
for f in "$CAP"/*.ans; do
	[ -f "$f" ] || continue
	n=$(basename "$f" .ans)
	read -r cols rows <"$CAP/$n.size"
	size=$(/usr/bin/python3 "$SHOTS_DIR/ansi2html.py" --size "$cols" "$rows")
	/usr/bin/python3 "$SHOTS_DIR/ansi2html.py" "$cols" "$rows" "tether: $n" \
		<"$f" >"$CAP/$n.html" || die "ansi2html failed on $n"
	rm -rf "$chrome_home"
	mkdir -p "$chrome_home"
	rm -f "$OUT/$n.png"
	HOME="$chrome_home" chromium --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --hide-scrollbars \
		--force-device-scale-factor=1 --user-data-dir="$chrome_home/profile" \
		--screenshot="$OUT/$n.png" --window-size="$size" \
		"file://$CAP/$n.html" >"$T_WORK/chromium.log" 2>&1
	[ -s "$OUT/$n.png" ] || die "chromium made no $n.png: $(tail -5 "$T_WORK/chromium.log")"
	echo "made $n.png"
done
exit 0
