#!/bin/sh
# `?` (F1 while typing) on every screen lists every key of that screen's key
# tables: the help on the live screen, read page by page, must hold exactly
# the (section, key) pairs that `tether --dump-keys` prints from the same
# tables: home, each wizard step, the request pane's composer, response,
# history and saved requests. At 80 columns the key bar still shows the help
# key; where a text field has the focus `?` is typed and F1 opens the help.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
t_setup

tether --dump-keys >"$T_WORK/keys.tsv"
expect_eq "tether --dump-keys exits 0" 0 "$?"
for page in home wizard pane-compose pane-response pane-history pane-saved; do
	n=$(awk -F '\t' -v p="$page" '$1 == p' "$T_WORK/keys.tsv" | wc -l)
	if [ "$n" -gt 0 ]; then
		t_ok "the dump lists the keys of $page ($n)"
	else
		t_fail "the dump lists the keys of $page" "$(cat "$T_WORK/keys.tsv")"
	fi
done

# Nothing listens on this port: a request there fails at once, which is
# all the response tab needs.
port=$(free_port)
tether add local --host "http://127.0.0.1:$port" --auth none >/dev/null

# The box's inside, one line each, from the pane's text now.
help_lines() {
	tui_screen | sed -n 's/^[^│]*│\(.*\)│[^│]*$/\1/p'
}

# "SECTION<TAB>KEY" for each key line of the help text on stdin: a section
# heading starts one space in, a key three spaces in, its label ending at
# two spaces.
help_pairs() {
	awk '
	/^ [^ ]/ { sub(/^ /, ""); sub(/  +$/, ""); sub(/ +$/, ""); sec = $0; next }
	/^   [^ ]/ {
		l = substr($0, 4)
		i = index(l, "  ")
		if (i > 0) l = substr(l, 1, i - 1)
		sub(/ +$/, "", l)
		print sec "\t" l
	}'
}

# check_help PAGE WHAT: the help is open; read it to its end with PgDn and
# compare its keys with the dump's for PAGE; then close it.
check_help() {
	page=$1 what=$2
	if ! tui_wait "Help: " 5; then
		t_fail "$what: the help opens" "$(tui_screen)"
		return
	fi
	# Each page's lines go in at their line number, so the whole text is
	# put together in order however the pages overlap.
	: >"$T_WORK/seen.txt"
	while :; do
		tui_wait "lines " 5
		set -- $(tui_screen | sed -n 's/.*lines \([0-9]*\)-\([0-9]*\) of \([0-9]*\).*/\1 \2 \3/p' | head -1)
		[ $# = 3 ] || break
		help_lines | awk -v top="$1" '{ printf "%d\t%s\n", top + NR - 1, $0 }' \
			>>"$T_WORK/seen.txt"
		[ "$2" -ge "$3" ] && break
		tui_keys PgDn
		tui_gone "lines $1-$2 of $3" 5 || break
	done
	sort -t "$(printf '\t')" -k1,1n -u "$T_WORK/seen.txt" | cut -f2- |
		help_pairs | sort -u >"$T_WORK/shown.tsv"
	awk -F '\t' -v p="$page" '$1 == p { print $2 "\t" $3 }' \
		"$T_WORK/keys.tsv" | sort -u >"$T_WORK/want.tsv"
	missing=$(comm -23 "$T_WORK/want.tsv" "$T_WORK/shown.tsv")
	extra=$(comm -13 "$T_WORK/want.tsv" "$T_WORK/shown.tsv")
	if [ -s "$T_WORK/want.tsv" ] && [ -z "$missing" ] && [ -z "$extra" ]; then
		t_ok "$what: the help lists every key of $page ($(wc -l <"$T_WORK/want.tsv"))"
	else
		t_fail "$what: the help lists every key of $page" \
			"not shown:" "$missing" "shown but not in the tables:" "$extra"
	fi
	tui_keys Escape
	tui_gone "Help: " 5 || t_fail "$what: Esc closes the help" "$(tui_screen)"
}

# bar_has TEXT WHAT: the key bar (the last line) shows TEXT.
bar_has() {
	bar=$(tui_screen | tail -1)
	case "$bar" in
	*"$1"*) t_ok "$2" ;;
	*) t_fail "$2" "the key bar: $bar" ;;
	esac
}

tui_start 80 24
tui_expect "home at 80x24" "integrations (1)"
bar_has "? Help" "home's key bar at 80 columns keeps ? Help"
bar_has "q Quit" "and q Quit"
tui_keys '?'
check_help home "home"

# The wizard: the name field has the focus, so ? is typed and F1 helps.
tui_keys n
tui_expect "the wizard opens" "Configuration Details"
bar_has "F1 Help" "in a text field the bar offers F1 for the help"
tui_keys '?'
if wait_until 5 sh -c "tmux -L $TUI_SOCK capture-pane -p | grep -Eq 'Name\\*  +\\?'"; then
	t_ok "? is typed into the name field"
else
	t_fail "? is typed into the name field" "$(tui_screen)"
fi
tui_keys BSpace
tui_type "Helped"
tui_keys F1
check_help wizard "wizard step 1"
tui_keys C-n
tui_expect "wizard step 2" "Hostname*"
tui_type "127.0.0.1:$port"
tui_keys F1
check_help wizard "wizard step 2"
for step in "3:No authentication: requests" "4:No action is needed" \
	"5:Test Action URL Path"; do
	tui_keys C-n
	tui_expect "wizard step ${step%%:*}" "${step#*:}"
	tui_keys F1
	check_help wizard "wizard step ${step%%:*}"
done
tui_keys Escape
tui_expect "Esc asks before leaving the wizard" "Discard changes?"
tui_keys y
tui_expect "back home" "Discarded; nothing was saved."

# The request pane: the composer has the focus on the path.
tui_keys p
tui_expect "the request pane opens" "Request pane"
bar_has "F1 Help" "the composer's bar at 80 columns keeps F1 Help"
bar_has "Send" "and Send"
tui_keys F1
check_help pane-compose "the composer"
tui_keys C-g
tui_expect "a request to a closed port fails at once" "refused"
bar_has "? Help" "the response's bar at 80 columns keeps ? Help"
tui_keys '?'
check_help pane-response "the response"
tui_keys F3
tui_expect "the history" "newest first"
bar_has "? Help" "the history's bar at 80 columns keeps ? Help"
tui_keys '?'
check_help pane-history "the history"
tui_keys Escape F4
tui_expect "the saved requests" "saved requests of"
bar_has "? Help" "the saved requests' bar at 80 columns keeps ? Help"
tui_keys '?'
check_help pane-saved "the saved requests"
tui_keys Escape Escape Escape
tui_expect "home again" "integrations (1)"
tui_keys q
tui_exited
expect_eq "q quits with 0" 0 "$TUI_RC"
tui_stop
t_done
