#!/bin/sh
# The man page renders without warnings and covers its sections, every
# command, the documented options and the environment variables.
. "$(dirname "$0")/../lib.sh"
t_setup

page="$TETHER_ROOT/data/tether.1"
check "data/tether.1 exists" test -s "$page"

# groff itself, every warning on.
if groff -man -Tutf8 -ww -z "$page" >"$T_WORK/groff.err" 2>&1 &&
	[ ! -s "$T_WORK/groff.err" ]; then
	t_ok "groff -man -ww renders without warnings"
else
	t_fail "groff -man -ww renders without warnings" "$(cat "$T_WORK/groff.err")"
fi

# man(1) the way a user reads it.
MANWIDTH=80 man --warnings -l "$page" >"$T_WORK/page.txt" 2>"$T_WORK/man.err"
rc=$?
if [ "$rc" = 0 ] && [ ! -s "$T_WORK/man.err" ]; then
	t_ok "man --warnings -l renders without warnings"
else
	t_fail "man --warnings -l renders without warnings" "exit $rc" \
		"$(cat "$T_WORK/man.err")"
fi
# Plain text, without the overstrike used for bold.
text=$(sed 's/.\x08//g' "$T_WORK/page.txt")

missing=""
for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS SCREENS ENVIRONMENT \
	FILES "EXIT STATUS" SECURITY EXAMPLES "SEE ALSO"; do
	printf '%s\n' "$text" | grep -qx "$s" || missing="$missing [$s]"
done
expect_eq "every section is present" "" "$missing"

missing=""
for c in list show add edit rm rename copy default export import test \
	"test --all" request history authorize token logout help; do
	printf '%s\n' "$text" | grep -Eq "^       $c( |$)" || missing="$missing [$c]"
done
expect_eq "every command has an entry" "" "$missing"

missing=""
for o in --db --version --help --preset --host --auth --description \
	--default --test-path --key-header --key-prefix --key-in --key-stdin \
	--user --password-stdin --grant --client-id --client-secret-stdin \
	--auth-url --token-url --device-url --scope --client-auth --no-pkce \
	--param --redirect-port -H -q -d -i --json -o --pretty --curl \
	--no-browser --port --reveal --jobs --yes --with-secrets --all; do
	printf '%s\n' "$text" | grep -Eq -- "(^|[ [])$o([] ,=]|$)" ||
		missing="$missing [$o]"
done
expect_eq "every option is documented" "" "$missing"

missing=""
for v in TETHER_DB TETHER_KEY_FILE TETHER_PASSPHRASE TETHER_PRESETS TETHER_ALLOW_CORE \
	XDG_DATA_HOME XDG_CONFIG_HOME BROWSER NO_COLOR SSH_CONNECTION SSH_TTY \
	DISPLAY EDITOR https_proxy no_proxy; do
	printf '%s\n' "$text" | grep -q "$v" || missing="$missing [$v]"
done
expect_eq "every environment variable is documented" "" "$missing"

missing=""
for code in 0 1 2; do
	printf '%s\n' "$text" | sed -n '/^EXIT STATUS$/,/^SECURITY$/p' |
		grep -Eq "^       $code +[A-Z]" || missing="$missing [$code]"
done
expect_eq "exit statuses 0, 1 and 2 are explained" "" "$missing"

# No line overflows an 80-column terminal (UTF-8 continuation bytes do
# not count).
long=$(printf '%s\n' "$text" | LC_ALL=C sed 's/[\x80-\xbf]//g' |
	awk 'length($0) > 80' | head -3)
expect_eq "fits 80 columns" "" "$long"

t_done
