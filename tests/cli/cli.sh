# tests/cli/cli.sh — helpers for the command-line tests (source after
# tests/lib.sh).

# field NAME LABEL: the value `tether show NAME` prints after "LABEL:".
field() {
	tether show "$1" | sed -n "s/^$2: *//p" | head -1
}

# default_count: how many integrations `tether list` marks as default.
default_count() {
	tether list | grep -c '^\* '
}

# count: the number of integrations in the store.
count() {
	tether list --json | jq length
}

# shown NAME: run `tether show NAME` once; then f LABEL reads its fields.
shown() {
	SHOWN=$(tether show "$1" 2>&1)
}
f() {
	printf '%s\n' "$SHOWN" | sed -n "s/^$1: *//p" | head -1
}
