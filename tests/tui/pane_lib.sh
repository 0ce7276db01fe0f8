# tests/tui/pane_lib.sh — drive the request pane in tmux against nginx.
# Source it after tests/lib.sh and t_setup. It builds on tests/tui/lib.sh
# (tui_keys, tui_wait, tui_expect, tui_stop ...) and starts tether with an
# editor and a temporary directory of its own. Each script gets its own tmux
# server on a private socket.
#
#   pane_servers              start nginx (credentials below), add the
#                             integrations keyed (default), badkey, open
#   pane_open NAME [W H]      run `tether pane NAME` at W x H (100 x 30)
#   pane_close                end tether (Esc) and the tmux server
#   pane_send_path PATH       type PATH in the focused path field, Enter
#
# Secrets: PANE_KEY is the API key nginx accepts; it goes into tether on
# standard input and to nginx through the environment, never on a command
# line.

TUI_TIMEOUT=${TUI_TIMEOUT:-20}
. "$TETHER_ROOT/tests/tui/lib.sh"
TUI_SOCK="tether-pane-$$"
PANE_KEY='pK3y-s3cr3t-9f2a'
export NGINX_API_KEY="$PANE_KEY"

# The pane's own start: an editor and a temporary directory of its own.
tui_start() {
	w=$1 h=$2
	shift 2
	mkdir -p "$T_WORK/asan"
	cat >"$T_WORK/run.sh" <<EOS
#!/bin/sh
echo \$\$ >"$T_WORK/tether.pid"
env HOME="$HOME" TETHER_DB="$TETHER_DB" TETHER_KEY_FILE="$TETHER_KEY_FILE" \
	XDG_DATA_HOME="$XDG_DATA_HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
	LANG=C.UTF-8 LC_ALL=C.UTF-8 NO_COLOR=1 TERM=screen \
	EDITOR="${PANE_EDITOR:-false}" TMPDIR="$T_WORK/tmp" \
	ASAN_OPTIONS="detect_leaks=1:log_path=$T_WORK/asan/asan" \
	LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
	UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$T_WORK/asan/ubsan" \
	"$TETHER_BIN" $*
echo "[tether exited \$?]"
exec sleep 3600
EOS
	chmod +x "$T_WORK/run.sh"
	mkdir -p "$T_WORK/tmp"
	tui_tmux new-session -d -x "$w" -y "$h" "exec $T_WORK/run.sh" || return 1
	tui_tmux set-option -g status off >/dev/null
	t_on_exit "tmux -L $TUI_SOCK kill-server 2>/dev/null"
}

# Fail when the secret ever shows on the screen now.
tui_no_secret() {
	if tui_screen | grep -qF -- "$PANE_KEY"; then
		t_fail "$1" "the API key is on the screen:" "$(tui_screen)"
	else
		t_ok "$1"
	fi
}

pane_servers() {
	"$TETHER_ROOT/tests/servers/nginx.sh" start "$T_WORK/nginx" >/dev/null ||
		return 1
	t_on_exit "\"$TETHER_ROOT/tests/servers/nginx.sh\" stop \"$T_WORK/nginx\""
	. "$T_WORK/nginx/env"
	printf '%s\n' "$PANE_KEY" | tether add keyed --host "$NGINX_URL" \
		--auth api-key --key-header X-API-Key --key-stdin --default \
		>/dev/null &&
		printf '%s\n' "wrong-$PANE_KEY" | tether add badkey \
			--host "$NGINX_URL" --auth api-key --key-header X-API-Key \
			--key-stdin >/dev/null &&
		tether add open --host "$NGINX_URL" --auth none >/dev/null
}

pane_open() {
	tui_start "${2:-100}" "${3:-30}" pane "$1" &&
		tui_wait "Request pane"
}

pane_close() {
	tui_keys Escape Escape Escape
	tui_wait "[tether exited" 10
	tui_stop
}

pane_send_path() {
	tui_type "$1"
	tui_keys Enter
}
