#!/bin/sh
# The command table declares every command's options once: `tether
# --dump-options` prints them from it, and every one of them must be in the
# manual page and in `tether help CMD`; the README's synopsis, examples and
# option tables may name no command and no option the table lacks. The
# parser made from the table refuses what the table does not allow.
. "$(dirname "$0")/../lib.sh"
t_setup

tether --dump-options >"$T_WORK/dump.tsv"
expect_eq "tether --dump-options exits 0" 0 "$?"
awk -F '\t' '$1 == "command" { print $2 }' "$T_WORK/dump.tsv" >"$T_WORK/commands"
awk -F '\t' '$1 == "option" { print $2 "\t" $3; if ($4 != "") print $2 "\t" $4 }' \
	"$T_WORK/dump.tsv" >"$T_WORK/options"
n=$(wc -l <"$T_WORK/commands")
m=$(wc -l <"$T_WORK/options")
if [ "$n" -ge 18 ] && [ "$m" -ge 60 ]; then
	t_ok "the dump lists $n commands and $m option spellings"
else
	t_fail "the dump lists the commands and options" "$(cat "$T_WORK/dump.tsv")"
fi

# The manual page as a user reads it, without the overstrike of bold.
MANWIDTH=80 man -l "$TETHER_ROOT/data/tether.1" 2>/dev/null |
	sed 's/.\x08//g' >"$T_WORK/man.txt"

# has FILE OPTION: FILE names OPTION as a word of its own ("--json",
# "[--json]", "--limit N", "-H,", "--db=PATH").
has() {
	grep -Eq -- "(^|[][ (,/|])$2([][ ,=.;:)/|]|$)" "$1"
}

missing_man="" missing_help=""
while IFS="$(printf '\t')" read -r cmd opt; do
	has "$T_WORK/man.txt" "$opt" || missing_man="$missing_man [$cmd $opt]"
	if [ "$cmd" = - ]; then
		tether help >"$T_WORK/help.txt"
	else
		tether help "$cmd" >"$T_WORK/help.txt"
	fi
	has "$T_WORK/help.txt" "$opt" || missing_help="$missing_help [$cmd $opt]"
done <"$T_WORK/options"
expect_eq "every option of the table is in the manual page" "" "$missing_man"
expect_eq "every option of the table is in tether help CMD" "" "$missing_help"

missing=""
while read -r cmd; do
	grep -Eq "^       $cmd( |$)" "$T_WORK/man.txt" || missing="$missing [$cmd]"
	tether help >"$T_WORK/help.txt"
	grep -q "^  $cmd  " "$T_WORK/help.txt" || missing="$missing [help: $cmd]"
done <"$T_WORK/commands"
expect_eq "every command has an entry in the manual page and in tether help" "" "$missing"

# What the README's command-line section names: "command<TAB>CMD" for each
# command after `tether`, "CMD<TAB>OPTION" for each option (CMD "-" for one
# before the command or outside any command). Read: the lines of code
# blocks (continuations joined; in sh blocks a pipe, redirection or comment
# ends the command) and the backticked spans of table rows, which belong to
# a `tether CMD` span of the same row, else to the section's command.
awk '
function tokens(s, cmd, sh,    w, n, i, o) {
	n = split(s, w, " ")
	for (i = 1; i <= n; i++) {
		if (sh && (w[i] ~ /^(\||<|>|>>|#|&&|;)$/)) break
		o = w[i]
		sub(/^[[(]+/, "", o)
		if (o ~ /^--[A-Za-z]/) { match(o, /^--[A-Za-z0-9-]+/); o = substr(o, 1, RLENGTH) }
		else if (o ~ /^-[A-Za-z]/) o = substr(o, 1, 2)
		else continue
		print cmd "\t" o
	}
}
# One "tether ..." text: global options, the command, its options.
function tether(s, sh,    w, n, i, cmd, rest) {
	if (s ~ /^tether   /) return # a bare tether, then what it does
	n = split(s, w, " ")
	i = 2
	while (i <= n && w[i] ~ /^\[?--db/) {
		if (w[i] !~ /=/) i++
		i++
	}
	cmd = w[i]
	if (cmd == "" || cmd ~ /^[-[]/ || cmd == "COMMAND") cmd = "-"
	else { print "command\t" cmd; i++ }
	rest = ""
	for (; i <= n; i++) rest = rest " " w[i]
	tokens(rest, cmd, sh)
}
# Every "tether " in s, each up to the next.
function tethers(s, sh,    p) {
	while ((p = index(s, "tether ")) > 0) {
		s = substr(s, p)
		p = index(substr(s, 8), "tether ")
		if (p > 0) { tether(substr(s, 1, p + 6), sh); s = substr(s, p + 7) }
		else { tether(s, sh); s = "" }
	}
}
/^## The command line/ { on = 1; next }
/^## / { on = 0 }
!on { next }
/^### / {
	section = "-"
	if ($0 ~ /Options of add and edit/) section = "add"
	if ($0 ~ /Sending requests/) section = "request"
	next
}
/^```/ {
	if (!code) { code = 1; sh = ($0 ~ /sh/); line = "" } else code = 0
	next
}
code {
	l = $0
	if (l ~ /^[ ]*#/ || l ~ /^\$ / && l !~ /tether/) next
	sub(/^\$ /, "", l)
	if (l ~ /\\$/) { sub(/\\$/, "", l); line = line " " l; next }
	line = line " " l
	tethers(line, sh)
	line = ""
	next
}
/^\|/ {
	row = $0; cmd = section
	r = row
	while (match(r, /`tether [a-z]+/)) {
		cmd = substr(r, RSTART + 8, RLENGTH - 8)
		r = substr(r, RSTART + RLENGTH)
	}
	r = row
	while (match(r, /`[^`]*`/)) {
		span = substr(r, RSTART + 1, RLENGTH - 2)
		r = substr(r, RSTART + RLENGTH)
		if (span ~ /^-/) tokens(span, cmd, 0)
		else if (span ~ /^tether /) tether(span, 0)
	}
}
' "$TETHER_ROOT/README.md" >"$T_WORK/readme.tsv"

n=$(grep -c . "$T_WORK/readme.tsv")
if [ "$n" -ge 80 ]; then
	t_ok "the README names commands and options ($n)"
else
	t_fail "the README names commands and options" "$(cat "$T_WORK/readme.tsv")"
fi
unknown=""
while IFS="$(printf '\t')" read -r cmd opt; do
	if [ "$cmd" = command ]; then
		grep -qx "$opt" "$T_WORK/commands" || unknown="$unknown [command $opt]"
		continue
	fi
	tab=$(printf '\t')
	grep -Fqx -- "$cmd$tab$opt" "$T_WORK/options" ||
		grep -Fqx -- "-$tab$opt" "$T_WORK/options" ||
		[ "$opt" = --help ] || [ "$opt" = -h ] ||
		unknown="$unknown [$cmd $opt]"
done <"$T_WORK/readme.tsv"
expect_eq "the README names no command or option the table lacks" "" "$unknown"

# And the other way round: every option of the table is in the README's
# command-line section, for its command or as a global one (-h, --help
# aside); edit takes the options of add, which one table describes.
missing=""
while IFS="$(printf '\t')" read -r cmd opt; do
	[ "$opt" = --help ] || [ "$opt" = -h ] && continue
	tab=$(printf '\t')
	grep -Fqx -- "$cmd$tab$opt" "$T_WORK/readme.tsv" ||
		grep -Fqx -- "-$tab$opt" "$T_WORK/readme.tsv" ||
		{ [ "$cmd" = edit ] &&
			grep -Fqx -- "add$tab$opt" "$T_WORK/readme.tsv"; } ||
		missing="$missing [$cmd $opt]"
done <"$T_WORK/options"
expect_eq "the README names every option of the table" "" "$missing"

# The parser made from the table.
expect_exit "a value option given twice is refused" 2 tether history --limit 1 --limit 2
expect_match "naming it" "$T_ERR" "'--limit' is given more than once"
expect_exit "a flag given a value is refused" 2 tether list --json=yes
expect_match "naming the flag" "$T_ERR" "'--json' takes no value"
expect_exit "an ambiguous abbreviation is refused" 2 tether add x --no
expect_match "as ambiguous" "$T_ERR" "ambiguous option '--no'"
expect_exit "an unambiguous abbreviation is taken" 0 tether add Abbrev --ho api.example.com --auth none --desc short
expect_exit "show it" 0 tether show Abbrev
expect_match "its description" "$T_OUT" "Description: +short"
expect_exit "a short option's value may follow it directly" 0 tether history -n1
expect_exit "missing arguments are named from the usage" 2 tether request
expect_match "METHOD and PATH" "$T_ERR" "missing METHOD and PATH"
expect_exit "rename without its names" 2 tether rename
expect_match "OLD and NEW" "$T_ERR" "missing OLD and NEW"
expect_exit "-- ends the options" 1 tether show -- --json
expect_match "--json was taken as a name" "$T_ERR" "json"
expect_exit "an option of another command is refused" 2 tether list --limit 3
expect_match "naming it" "$T_ERR" "unknown option '--limit'"
expect_exit "a refused option's value is never printed" 2 tether add x --password=hunter2
expect_no_match "the value stays unsaid" "$T_ERR" hunter2
expect_match "the advice" "$T_ERR" "use --password-stdin"

t_done
