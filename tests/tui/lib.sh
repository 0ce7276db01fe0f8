# tests/tui/lib.sh — drive the real tether in tmux. Source it after
# tests/lib.sh and t_setup. Every script gets its own tmux server (a private
# socket), so tests never see each other or the user's sessions.
#
#   tui_start W H [ARGS...]   run tether ARGS in a W x H pane
#   tui_shell W H             a shell in a W x H pane; $T_WORK/tether.sh
#                             runs tether there
#   tui_keys KEY...           tmux send-keys (key names or text)
#   tui_type TEXT             send TEXT literally
#   tui_wait TEXT [SECONDS]   poll the pane until TEXT shows (fixed string)
#   tui_gone TEXT [SECONDS]   poll until TEXT no longer shows
#   tui_expect DESC TEXT [SECONDS]  t_ok when TEXT shows in time, else t_fail
#   tui_screen                the pane's text now
#   tui_exited [SECONDS]      wait for tether to end; sets TUI_RC
#   tui_pid                   the pid of tether in the pane
#   tui_stop                  kill the server, check for sanitizer reports

TUI_TIMEOUT=${TUI_TIMEOUT:-15}
TUI_SOCK="tether-tui-$$"

tui_tmux() { tmux -L "$TUI_SOCK" -f /dev/null "$@"; }

# The environment tether runs with: the private store of t_setup, a UTF-8
# locale, sanitizer reports into files (the pane would lose them).
tui_env() {
	mkdir -p "$T_WORK/asan"
	printf 'env HOME=%s TETHER_DB=%s TETHER_KEY_FILE=%s XDG_DATA_HOME=%s XDG_CONFIG_HOME=%s LANG=C.UTF-8 LC_ALL=C.UTF-8 NO_COLOR=1 ASAN_OPTIONS=%s LSAN_OPTIONS=%s UBSAN_OPTIONS=%s' \
		"$HOME" "$TETHER_DB" "$TETHER_KEY_FILE" "$XDG_DATA_HOME" \
		"$XDG_CONFIG_HOME" \
		"detect_leaks=1:log_path=$T_WORK/asan/asan" \
		"${LSAN_OPTIONS:-}" \
		"print_stacktrace=1:halt_on_error=1:log_path=$T_WORK/asan/ubsan"
}

# $T_WORK/tether.sh ARGS... runs tether with that environment.
tui_script() {
	cat >"$T_WORK/tether.sh" <<EOS
#!/bin/sh
echo \$\$ >"$T_WORK/tether.pid"
exec $(tui_env) ${TUI_EXTRA_ENV:-} "$TETHER_BIN" "\$@"
EOS
	chmod +x "$T_WORK/tether.sh"
}

tui_start() {
	w=$1 h=$2
	shift 2
	tui_script
	cat >"$T_WORK/run.sh" <<EOS
#!/bin/sh
"$T_WORK/tether.sh" $*
echo "[tether exited \$?]"
exec sleep 3600
EOS
	chmod +x "$T_WORK/run.sh"
	tui_tmux new-session -d -x "$w" -y "$h" "$T_WORK/run.sh" || return 1
	tui_tmux set-option -g status off >/dev/null
	t_on_exit "tmux -L $TUI_SOCK kill-server 2>/dev/null"
}

tui_shell() {
	tui_script
	tui_tmux new-session -d -x "$1" -y "$2" "env -i PATH=$PATH TERM=screen PS1='$ ' sh" || return 1
	tui_tmux set-option -g status off >/dev/null
	t_on_exit "tmux -L $TUI_SOCK kill-server 2>/dev/null"
}

tui_keys() { tui_tmux send-keys "$@"; }
tui_type() { tui_tmux send-keys -l "$1"; }
tui_screen() { tui_tmux capture-pane -p; }

tui_wait() {
	limit=${2:-$TUI_TIMEOUT}
	end=$(($(t_now_ms) + limit * 1000))
	while ! tui_screen | grep -qF -- "$1"; do
		[ "$(t_now_ms)" -ge "$end" ] && return 1
		sleep 0.05
	done
	return 0
}

tui_gone() {
	limit=${2:-$TUI_TIMEOUT}
	end=$(($(t_now_ms) + limit * 1000))
	while tui_screen | grep -qF -- "$1"; do
		[ "$(t_now_ms)" -ge "$end" ] && return 1
		sleep 0.05
	done
	return 0
}

tui_expect() {
	if tui_wait "$2" "${3:-$TUI_TIMEOUT}"; then
		t_ok "$1"
	else
		t_fail "$1" "\"$2\" never showed; the screen:" "$(tui_screen)"
	fi
}

tui_expect_gone() {
	if tui_gone "$2"; then
		t_ok "$1"
	else
		t_fail "$1" "\"$2\" still shows; the screen:" "$(tui_screen)"
	fi
}

tui_exited() {
	TUI_RC=
	tui_wait "[tether exited" "${1:-$TUI_TIMEOUT}" || return 1
	TUI_RC=$(tui_screen | sed -n 's/.*\[tether exited \([0-9]*\)\].*/\1/p' | tail -1)
	return 0
}

# The pid of tether running in the pane.
tui_pid() {
	cat "$T_WORK/tether.pid" 2>/dev/null
}

tui_stop() {
	tui_tmux kill-server 2>/dev/null
	# Let tether finish on the hangup before anything else reads the store.
	if [ -f "$T_WORK/tether.pid" ]; then
		wait_until 10 sh -c "! kill -0 $(cat "$T_WORK/tether.pid")"
		rm -f "$T_WORK/tether.pid"
	fi
	for f in "$T_WORK"/asan/*; do
		[ -f "$f" ] || continue
		t_fail "no sanitizer report from the screens" "$(head -40 "$f")"
		rm -f "$f"
	done
}
