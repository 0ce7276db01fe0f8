#!/bin/sh
# make demo's script: it starts the servers, seeds a throwaway store that
# tether opens, the seeded integrations reach their servers, and quitting
# tether (q) or a hangup stops every server and removes the store.
. "$(dirname "$0")/../lib.sh"
t_setup
# Starting four servers under a loaded make check can take a while.
TUI_TIMEOUT=60
. "$TETHER_ROOT/tests/tui/lib.sh"

# The demo runs its own t_setup under TMPDIR: keep it inside ours.
demo_run() {
	cat >"$T_WORK/demo-run.sh" <<EOS
#!/bin/sh
env TMPDIR="$T_WORK" TETHER_BIN="$TETHER_BIN" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
	NO_COLOR=1 ASAN_OPTIONS=detect_leaks=1:log_path=$T_WORK/asan/asan \
	"$TETHER_ROOT/tests/demo/demo.sh"
echo "[demo exited \$?]"
exec sleep 3600
EOS
	chmod +x "$T_WORK/demo-run.sh"
	mkdir -p "$T_WORK/asan"
	tui_tmux new-session -d -x 100 -y 30 "$T_WORK/demo-run.sh" || return 1
	tui_tmux set-option -g status off >/dev/null
}
t_on_exit "tmux -L $TUI_SOCK kill-server 2>/dev/null"

# What the demo started, read from its throwaway store (the one directory
# that it made under our TMPDIR).
demo_state() {
	DEMO_DIR=$(ls -d "$T_WORK"/tether-test.* 2>/dev/null | head -1)
	DEMO_DB="$DEMO_DIR/data/tether/tether.db"
	DEMO_KEY="$DEMO_DIR/config/tether/key"
}
dt() { TETHER_DB="$DEMO_DB" TETHER_KEY_FILE="$DEMO_KEY" tether "$@"; }
url_of() { dt show "$1" --json | jq -r .base_url; }
answers() { curl -s -o /dev/null --max-time 2 "$1"; }

# ---- start, seed, answer, quit with q ---------------------------------
demo_run
tui_expect "the demo says where the servers are" "oidc-provider  http://127.0.0.1:"
tui_keys Enter
tui_expect "tether opens on the seeded store" "Weather API"
demo_state
check "the throwaway store exists" test -f "$DEMO_DB"
expect_match "tether shows that store" "$(tui_screen)" "$(basename "$DEMO_DIR")"
names=$(dt list --json | jq -r '.[].name' | sort | tr '\n' ,)
expect_eq "six example integrations" \
	"Billing,Calendar,Legacy Weather,Reports,Weather API,httpbin," "$names"
auths=$(dt list --json | jq -r '.[] | .auth + ":" + (.oauth2.grant // "")' |
	sort | tr '\n' ,)
expect_match "API key, Basic, OAuth code and client credentials" "$auths" \
	"api-key:,.*basic:,.*none:,.*oauth2:authorization_code,.*oauth2:client_credentials"
expect_exit "the API-key integration passes its test" 0 dt test "Weather API"
expect_exit "the Basic integration passes its test" 0 dt test Billing
expect_exit "the refused key fails its test" 1 dt test "Legacy Weather"
token_url=$(dt show Calendar --json | jq -r .oauth2.token_url)
OIDC=${token_url%/token}
check "oidc-provider answers" \
	curl -sf --max-time 5 "$OIDC/.well-known/openid-configuration"
NGINX=$(url_of "Weather API")
RS=$(url_of Calendar)
HB=$(url_of httpbin)
check "nginx answers" answers "$NGINX/echo"
check "the resource server answers" answers "$RS/"
check "httpbin answers" answers "$HB/get"
expect_no_match "no secret on the demo's command lines" \
	"$(ps -eo args)" "wx-live-5f2a9c31d7|demo-password-2c9f"

tui_keys q
if tui_wait "[demo exited" 20; then t_ok "q ends the demo"; else
	t_fail "q ends the demo" "$(tui_screen)"; fi
check "the throwaway store is removed" test ! -e "$DEMO_DIR"
for u in "$NGINX/echo" "$RS/" "$HB/get" "$OIDC/.well-known/openid-configuration"; do
	if answers "$u"; then t_fail "stopped: $u" "it still answers"; else
		t_ok "stopped: $u"; fi
done
tui_tmux kill-server 2>/dev/null

# ---- a hangup (the terminal closing) cleans up as well ------------------
TUI_SOCK="$TUI_SOCK-hup"
t_on_exit "tmux -L $TUI_SOCK kill-server 2>/dev/null"
demo_run
tui_expect "the demo starts again" "Press Enter to start tether"
tui_keys Enter
tui_expect "tether opens again" "Weather API"
demo_state
NGINX=$(url_of "Weather API")
OIDC=$(dt show Calendar --json | jq -r .oauth2.token_url)
OIDC=${OIDC%/token}
check "its nginx answers" answers "$NGINX/echo"
tui_tmux kill-server
wait_until 20 sh -c "! test -e '$DEMO_DIR'"
check "a hangup removes the throwaway store" test ! -e "$DEMO_DIR"
wait_until 10 sh -c "! curl -s -o /dev/null --max-time 1 '$NGINX/echo'"
if answers "$NGINX/echo"; then t_fail "a hangup stops nginx"; else
	t_ok "a hangup stops nginx"; fi
wait_until 10 sh -c "! curl -s -o /dev/null --max-time 1 '$OIDC/.well-known/openid-configuration'"
if answers "$OIDC/.well-known/openid-configuration"; then
	t_fail "a hangup stops oidc-provider"; else t_ok "a hangup stops oidc-provider"; fi
for f in "$T_WORK"/asan/*; do
	[ -f "$f" ] && t_fail "no sanitizer report" "$(head -30 "$f")"
done
t_done
