#!/bin/sh
# The command line's frame: help, version, unknown commands and options,
# exit statuses, where the store lives (--db, TETHER_DB, XDG) and its
# permissions.
. "$(dirname "$0")/../lib.sh"
t_setup

expect_exit "--version exits 0" 0 tether --version
expect_match "--version prints the version" "$T_OUT" '^tether [0-9]+\.[0-9]+'

for h in --help -h help; do
	expect_exit "tether $h exits 0" 0 tether $h
	for c in list show add edit rm rename copy default export import help; do
		expect_match "tether $h lists $c" "$T_OUT" "^  $c  "
	done
done
expect_exit "no command without a terminal prints help" 0 tether
expect_match "no command prints the commands" "$T_OUT" 'Commands:'

for c in list show add edit rm rename copy default export import; do
	expect_exit "tether help $c" 0 tether help "$c"
	expect_match "help $c shows its usage" "$T_OUT" "^usage: tether $c"
	expect_exit "tether $c --help" 0 tether "$c" --help
	expect_match "$c --help shows its usage" "$T_OUT" "^usage: tether $c"
done
expect_exit "help add lists the options" 0 tether help add
for o in --host --auth --description --default --test-path --key-header \
	--key-prefix --key-in --key-stdin --user --password-stdin --grant \
	--client-id --client-secret-stdin --auth-url --token-url --device-url \
	--scope --client-auth --no-pkce --param --redirect-port --insecure \
	--ca-bundle --connect-timeout --timeout; do
	expect_match "help add documents $o" "$T_OUT" "$o"
done
expect_exit "help edit documents --pkce" 0 tether help edit
expect_match "help edit mentions --pkce" "$T_OUT" '--pkce'

expect_exit "unknown command exits 2" 2 tether frobnicate
expect_match "unknown command is named" "$T_ERR" "unknown command 'frobnicate'"
expect_exit "help for an unknown command exits 2" 2 tether help frobnicate
expect_exit "unknown option exits 2" 2 tether list --bogus
expect_match "unknown option is named" "$T_ERR" "'--bogus'"
expect_exit "unknown global option exits 2" 2 tether --bogus list
expect_exit "--db after the command exits 2" 2 tether list --db "$T_WORK/x.db"
expect_match "and says where it goes" "$T_ERR" 'global option: put it before the command'
check "--db after the command created nothing" test ! -e "$T_WORK/x.db"
expect_exit "missing argument exits 2" 2 tether show
expect_match "missing argument says what" "$T_ERR" 'missing NAME'
expect_exit "too many arguments exits 2" 2 tether show a b
expect_exit "an option without its value exits 2" 2 tether add x --auth none --host
expect_match "missing value is named" "$T_ERR" "'--host' needs a value"
expect_exit "another option without its value exits 2" 2 tether add x --auth none --host h --description
expect_match "that option is named" "$T_ERR" "'--description' needs a value"
expect_exit "an unknown short option exits 2" 2 tether rm -q x
expect_match "the short option is named" "$T_ERR" "unknown option '-q'"
expect_exit "--db without a path exits 2" 2 tether --db

# The default store: TETHER_DB (set by t_setup).
expect_exit "list on an empty store" 0 tether list
expect_eq "list on an empty store prints no rows" "" "$T_OUT"
check "add with TETHER_DB" tether add one --host api.example.com --auth none
check "the store is at TETHER_DB" test -f "$TETHER_DB"
expect_eq "the store directory is 0700" 700 "$(stat -c %a "$(dirname "$TETHER_DB")")"
expect_eq "the store file is 0600" 600 "$(stat -c %a "$TETHER_DB")"
for f in "$TETHER_DB"-wal "$TETHER_DB"-shm; do
	if [ -e "$f" ]; then
		expect_eq "$(basename "$f") is 0600" 600 "$(stat -c %a "$f")"
	fi
done

# --db overrides TETHER_DB, in both spellings.
other="$T_WORK/elsewhere/sub/other.db"
check "add with --db PATH" tether --db "$other" add two --host api.example.org --auth none
check "--db creates the store there" test -f "$other"
expect_eq "--db store directory is 0700" 700 "$(stat -c %a "$(dirname "$other")")"
expect_eq "--db store file is 0600" 600 "$(stat -c %a "$other")"
expect_exit "list --db" 0 tether --db="$other" list
expect_match "--db store holds its integration" "$T_OUT" '^  two '
expect_no_match "--db store does not hold TETHER_DB's" "$T_OUT" '^  one '
expect_exit "list TETHER_DB" 0 tether list
expect_match "TETHER_DB store holds its integration" "$T_OUT" '^  one '
expect_no_match "TETHER_DB store does not hold --db's" "$T_OUT" '^  two '

# Without TETHER_DB: the XDG data directory, then ~/.local/share.
expect_exit "XDG_DATA_HOME store" 0 env -u TETHER_DB XDG_DATA_HOME="$T_WORK/xdg" \
	"$TETHER_BIN" add three --host h3.example.com --auth none
check "store under XDG_DATA_HOME" test -f "$T_WORK/xdg/tether/tether.db"
expect_exit "list XDG_DATA_HOME store" 0 env -u TETHER_DB XDG_DATA_HOME="$T_WORK/xdg" "$TETHER_BIN" list
expect_match "XDG store holds its integration" "$T_OUT" '^  three '
expect_no_match "XDG store holds only that" "$T_OUT" '^  one '
expect_exit "HOME store" 0 env -u TETHER_DB -u XDG_DATA_HOME "$TETHER_BIN" add four --host h4.example.com --auth none
check "store under ~/.local/share" test -f "$HOME/.local/share/tether/tether.db"
expect_exit "list HOME store" 0 env -u TETHER_DB -u XDG_DATA_HOME "$TETHER_BIN" list
expect_match "HOME store holds its integration" "$T_OUT" '^  four '

# The key file is created 0600 in a 0700 directory when a secret is written.
printf 'k3y-basics\n' | tether add withkey --host h.example.com --auth api-key \
	--key-header X-API-Key --key-stdin >/dev/null 2>&1
check "key file created" test -f "$TETHER_KEY_FILE"
expect_eq "key file is 0600" 600 "$(stat -c %a "$TETHER_KEY_FILE")"
expect_eq "key directory is 0700" 700 "$(stat -c %a "$(dirname "$TETHER_KEY_FILE")")"

t_done
