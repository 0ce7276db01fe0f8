#!/bin/sh
# Secrets on the command line: read from standard input (one line each, in
# the documented order), prompted for without echo on a terminal, refused
# on argv, never shown by list or show.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/cli.sh"
t_setup
PTY="$TETHER_ROOT/tests/cli/onpty.py"

# Refused on argv, pointing at the *-stdin option, the value never echoed.
refused() { # OPTION INSTEAD ARGS...
	opt=$1 instead=$2
	shift 2
	expect_exit "$opt VALUE refused with 2" 2 tether "$@" "$opt" s3cr3t-argv
	expect_match "$opt points at $instead" "$T_ERR" "$instead"
	expect_no_match "$opt: the value is not echoed" "$T_OUT$T_ERR" 's3cr3t-argv'
	expect_exit "$opt=VALUE refused with 2" 2 tether "$@" "$opt=s3cr3t-argv"
	expect_no_match "$opt=: the value is not echoed" "$T_OUT$T_ERR" 's3cr3t-argv'
}
refused --key --key-stdin add K --host h.example.com --auth api-key --key-header X-K
refused --api-key --key-stdin add K --host h.example.com --auth api-key --key-header X-K
refused --password --password-stdin add B --host h.example.com --auth basic --user u
refused --pass --password-stdin add B --host h.example.com --auth basic --user u
refused --client-secret --client-secret-stdin add O --host h.example.com --auth oauth2 --client-id c
refused --secret --client-secret-stdin add O --host h.example.com --auth oauth2 --client-id c
refused --client-key-pass --client-key-pass-stdin add T --host h.example.com --auth none
refused --key-pass --client-key-pass-stdin add T --host h.example.com --auth none
refused --token authorize add O --host h.example.com --auth oauth2 --client-id c
expect_exit "nothing was stored" 0 tether list --json
expect_eq "store empty after refusals" 0 "$(printf '%s' "$T_OUT" | jq length)"
expect_exit "unknown --passwd=VALUE does not echo the value" 2 tether add B --host h.example.com --auth basic --user u --passwd=s3cr3t-argv
expect_no_match "--passwd=: the value is not echoed" "$T_ERR" 's3cr3t-argv'

# From standard input: one line, newline (and CR) removed, spaces kept.
printf ' key with spaces \r\nsecond line\n' | tether add K --host h.example.com \
	--auth api-key --key-header X-K --key-stdin >/dev/null
expect_exit "export K" 0 tether export K --with-secrets
expect_match "the key is the first line, spaces kept" "$T_OUT" '" key with spaces "'
expect_no_match "the second line was not taken" "$T_OUT" 'second line'
expect_exit "exactly one line is consumed" 0 sh -c 'printf "one-line\nleft for the next reader\n" | { "$0" edit K --key-stdin >/dev/null && cat; }' "$TETHER_BIN"
expect_eq "the next line is still there" "left for the next reader" "$T_OUT"
expect_exit "empty stdin refused" 2 sh -c '"$0" edit K --key-stdin </dev/null' "$TETHER_BIN"
expect_match "empty stdin names the field" "$T_ERR" '^tether: api_key: '
expect_exit "empty line refused" 2 sh -c 'printf "\n" | "$0" edit K --key-stdin' "$TETHER_BIN"
printf 'rotated-key\n' | tether edit K --key-stdin >/dev/null
expect_exit "export K after rotation" 0 tether export K --with-secrets
expect_match "edit --key-stdin replaced the key" "$T_OUT" 'rotated-key'

# Not shown by list, show, or their JSON.
for c in "list" "list --json" "show K" "show K --json"; do
	expect_exit "tether $c" 0 tether $c
	expect_no_match "tether $c shows no secret" "$T_OUT" 'rotated-key'
done
expect_eq "show says set" set "$(field K 'API key')"
expect_eq "show --json says set" set "$(tether show K --json | jq -r .api_key.key)"
expect_eq "list --json says set" set "$(tether list --json | jq -r '.[] | select(.name == "K") | .api_key.key')"

# Two *-stdin options: read in the documented order, one line each. Only
# one secret belongs to each method, so the order shows with the method's
# own secret and a refused one: the first line must be the API key.
expect_exit "secret options of another method are refused" 2 sh -c 'printf "a\nb\n" | "$0" add K2 --host h.example.com --auth api-key --key-header X --key-stdin --password-stdin' "$TETHER_BIN"
expect_match "refusal names the method" "$T_ERR" '--password-stdin applies to --auth basic'
expect_exit "help documents the order" 0 tether help add
expect_match "order: API key, password, client secret" "$T_OUT" 'API key, password, client secret'

# On a terminal: a prompt without echo, the terminal restored afterwards.
expect_exit "prompt for the key on a terminal" 0 "$PTY" 'API key: ' 'tty-secret-1\n' -- \
	"$TETHER_BIN" add T --host h.example.com --auth api-key --key-header X-K
expect_match "echo was off at the prompt" "$T_OUT" 'echo_at_prompt=0'
expect_match "echo is back on afterwards" "$T_OUT" 'echo_after=1'
expect_no_match "the typed secret was not echoed" "$T_OUT" 'tty-secret-1'
expect_exit "export T" 0 tether export T --with-secrets
expect_match "the prompted key was stored" "$T_OUT" 'tty-secret-1'

expect_exit "--password-stdin on a terminal prompts" 0 "$PTY" 'Password: ' 'tty-pw-2\n' -- \
	"$TETHER_BIN" add TB --host h.example.com --auth basic --user u --password-stdin
expect_no_match "the typed password was not echoed" "$T_OUT" 'tty-pw-2'
expect_exit "export TB" 0 tether export TB --with-secrets
expect_match "the prompted password was stored" "$T_OUT" 'tty-pw-2'

expect_exit "client credentials on a terminal asks for the client secret" 0 \
	"$PTY" 'Client secret: ' 'tty-cs-3\n' -- "$TETHER_BIN" add TC --host h.example.com \
	--auth oauth2 --grant client_credentials --client-id c --token-url https://h.example.com/t
expect_no_match "the typed client secret was not echoed" "$T_OUT" 'tty-cs-3'
expect_exit "export TC" 0 tether export TC --with-secrets
expect_match "the prompted client secret was stored" "$T_OUT" 'tty-cs-3'
expect_exit "a public client on a terminal is not asked" 0 "$PTY" -- "$TETHER_BIN" add TP \
	--host h.example.com --auth oauth2 --client-id c --auth-url https://h.example.com/a \
	--token-url https://h.example.com/t
expect_no_match "no prompt for a public client" "$T_OUT" 'Client secret:'

expect_exit "Ctrl-C at the prompt" 130 "$PTY" 'API key: ' '\x03' -- \
	"$TETHER_BIN" add T2 --host h.example.com --auth api-key --key-header X-K
expect_match "echo was off at the prompt before Ctrl-C" "$T_OUT" 'echo_at_prompt=0'
expect_match "the terminal is restored after Ctrl-C" "$T_OUT" 'echo_after=1'
expect_exit "nothing saved after Ctrl-C" 1 tether show T2

expect_exit "edit on a terminal keeps the key without asking" 0 "$PTY" -- \
	"$TETHER_BIN" edit T --description changed
expect_no_match "no prompt when the key is stored" "$T_OUT" 'API key:'

t_done
