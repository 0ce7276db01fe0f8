#!/bin/sh
# The store as the command line sees it: a newer schema and a foreign file
# are refused and left byte-identical; a wrong or missing key is a clear
# error while everything without secrets keeps working; TETHER_PASSPHRASE.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/cli.sh"
t_setup

printf 'store-t-key-1\n' | tether add Keyed --host api.example.com --auth api-key \
	--key-header X-API-Key --key-stdin >/dev/null
check "add a plain one" tether add Plain --host plain.example.com --auth none

# A store written by a newer tether.
newer="$T_WORK/newer.db"
cp "$TETHER_DB" "$newer"
sqlite3 "$newer" 'PRAGMA user_version=999;'
cp "$newer" "$T_WORK/newer.orig"
expect_exit "a newer schema is refused" 1 tether --db "$newer" list
expect_match "the message says it is newer" "$T_ERR" 'newer'
expect_exit "add on a newer schema is refused" 1 tether --db "$newer" add N --host n.example.com --auth none
check "the newer store is byte-identical" cmp "$newer" "$T_WORK/newer.orig"
check "no -wal left beside it" test ! -s "$newer-wal"

# A file that is not SQLite.
foreign="$T_WORK/foreign.db"
head -c 8192 /dev/urandom >"$foreign"
cp "$foreign" "$T_WORK/foreign.orig"
expect_exit "a non-SQLite file is refused" 1 tether --db "$foreign" list
expect_match "the message says what is wrong" "$T_ERR" '(not|SQLite|database)'
expect_exit "add to a non-SQLite file is refused" 1 tether --db "$foreign" add N --host n.example.com --auth none
check "the foreign file is byte-identical" cmp "$foreign" "$T_WORK/foreign.orig"
text="$T_WORK/notes.txt"
printf 'my notes\n' >"$text"
expect_exit "a text file is refused" 1 tether --db "$text" list
expect_eq "the text file is untouched" 'my notes' "$(cat "$text")"
expect_exit "a directory is refused" 1 tether --db "$T_WORK" list

# A missing key file: secrets cannot be read, the rest still works.
mv "$TETHER_KEY_FILE" "$T_WORK/key.saved"
expect_exit "list works without the key" 0 tether list
expect_match "list shows the integrations" "$T_OUT" 'Keyed'
expect_exit "show works without the key" 0 tether show Keyed
expect_exit "export without secrets works without the key" 0 tether export
expect_exit "export --with-secrets needs the key" 1 tether export --with-secrets
expect_match "a clear key message" "$T_ERR" '[Kk]ey'
expect_no_match "no secret garbage" "$T_OUT" 'store-t-key-1'
check "add without secrets still works" tether add Plain2 --host p2.example.com --auth none
rm -f "$TETHER_KEY_FILE"

# A key file that is not a key.
printf 'not a key\n' >"$TETHER_KEY_FILE"
chmod 600 "$TETHER_KEY_FILE"
expect_exit "list works with a malformed key file" 0 tether list
expect_exit "export --with-secrets with a malformed key file fails" 1 tether export Keyed --with-secrets
expect_match "the malformed key file is named" "$T_ERR" "$TETHER_KEY_FILE"

# A well-formed but wrong key.
od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$TETHER_KEY_FILE"
echo >>"$TETHER_KEY_FILE"
expect_exit "list works with a wrong key" 0 tether list
expect_exit "export --with-secrets with a wrong key fails" 1 tether export Keyed --with-secrets
expect_match "the wrong key is said clearly" "$T_ERR" '[Kk]ey'
expect_no_match "no garbage printed" "$T_OUT" 'store-t-key-1'
mv "$T_WORK/key.saved" "$TETHER_KEY_FILE"
expect_exit "with the right key again" 0 tether export Keyed --with-secrets
expect_match "the secret is back" "$T_OUT" 'store-t-key-1'

# TETHER_PASSPHRASE instead of a key file.
pdb="$T_WORK/pass.db"
expect_exit "add with a passphrase" 0 sh -c 'printf "pass-secret-9\n" | TETHER_PASSPHRASE="correct horse" TETHER_KEY_FILE=/nonexistent/key "$0" --db "$1" add P --host p.example.com --auth basic --user u --password-stdin' "$TETHER_BIN" "$pdb"
check "no key file was needed" test ! -e /nonexistent/key
expect_exit "read back with the passphrase" 0 env TETHER_PASSPHRASE="correct horse" TETHER_KEY_FILE=/nonexistent/key "$TETHER_BIN" --db "$pdb" export --with-secrets
expect_match "the passphrase decrypts" "$T_OUT" 'pass-secret-9'
expect_exit "a wrong passphrase fails" 1 env TETHER_PASSPHRASE="wrong horse" "$TETHER_BIN" --db "$pdb" export --with-secrets
expect_match "wrong passphrase said clearly" "$T_ERR" '[Kk]ey|passphrase'
expect_no_match "no garbage with a wrong passphrase" "$T_OUT" 'pass-secret-9'
expect_exit "list works with a wrong passphrase" 0 env TETHER_PASSPHRASE="wrong horse" "$TETHER_BIN" --db "$pdb" list
expect_exit "the key file does not decrypt passphrase secrets" 1 tether --db "$pdb" export --with-secrets
if grep -q 'pass-secret-9' "$pdb" "$pdb"-wal 2>/dev/null; then
	t_fail "passphrase store holds the plaintext"
else
	t_ok "passphrase store holds no plaintext"
fi

t_done
