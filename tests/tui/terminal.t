#!/bin/sh
# The terminal: a too-small window says so, a resize redraws the current
# step, q and Ctrl-C give back a sane terminal, and SIGHUP (a dropped SSH
# connection) ends tether without saving the wizard's half-typed work.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
t_setup

store_dump() { sqlite3 "$TETHER_DB" .dump 2>&1; }

# Too small, then big enough.
tui_start 60 20
tui_expect "a 60x20 terminal is too small" "terminal too small (need 80x24)"
tui_tmux resize-window -x 80 -y 24
tui_expect "growing to 80x24 draws the home screen" "Press n to set one up"
tui_keys n
tui_type "Resized"
tui_expect "typing on step 1" "Resized"
tui_tmux resize-window -x 120 -y 40
tui_expect "a resize mid-step redraws it" "Configuration Details"
expect_match "the typed name survives the resize" "$(tui_screen)" "Name\\*  +Resized"
tui_tmux resize-window -x 70 -y 24
tui_expect "shrinking mid-step says too small" "terminal too small"
tui_tmux resize-window -x 100 -y 30
tui_expect "and growing back redraws the step" "Resized"
tui_keys Escape
tui_expect "Esc asks before discarding" "Discard changes?"
tui_keys y
tui_expect "discarding returns home" "Discarded; nothing was saved."
tui_expect "and nothing was saved" "integrations (0)"
tui_stop

# SIGHUP in the middle of the wizard: nothing saved, terminal left alone.
tui_start 100 30
tui_expect "started for SIGHUP" "Press n to set one up"
before=$(store_dump)
tui_keys n
tui_type "Halfway"
tui_keys C-n
tui_type "api.example.com"
tui_expect "on step 2 with a hostname typed" "api.example.com"
pid=$(tui_pid)
if [ -n "$pid" ] && kill -HUP "$pid"; then t_ok "SIGHUP sent"; else t_fail "SIGHUP sent" "no tether pid"; fi
if tui_exited; then
	expect_eq "tether ends with 128+SIGHUP" 129 "$TUI_RC"
else
	t_fail "tether ends on SIGHUP" "$(tui_screen)"
fi
expect_eq "SIGHUP mid-wizard leaves the store as it was" "$before" "$(store_dump)"
tui_stop

# q and Ctrl-C restore the terminal: run tether from a shell in the pane.
for how in q C-c; do
	tui_shell 100 30
	tui_keys "$T_WORK/tether.sh; echo rc=\$?" Enter
	tui_expect "tether starts from a shell ($how)" "Press n to set one up"
	tui_keys "$how"
	tui_expect "tether ends on $how" "rc="
	# The marker is split on the command line so only the output has it.
	tui_keys "stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)\$' | tr '\\n' ' '; echo :st''ty" Enter
	tui_wait ":stty"
	modes=$(tui_screen | sed -n 's/^\($ \)\{0,1\}\(.*:stty\)$/\2/p' | tail -1)
	if [ "$modes" = "icanon echo :stty" ]; then
		t_ok "after $how the terminal is canonical with echo"
	else
		t_fail "after $how the terminal is canonical with echo" \
			"wanted: icanon echo :stty" "got: $modes" "$(tui_screen)"
	fi
	tui_stop
done

t_done
