#!/bin/sh
# Secrecy: after writes with distinctive secrets, neither the store files
# (.db, -wal, -shm) nor any export made without --with-secrets contains any
# of them; an export with --with-secrets does (so the greps can fail).
. "$(dirname "$0")/../lib.sh"
t_setup

KEY=sEcReT-apikey-7f3a91
PASS=sEcReT-password-c24e
CSEC=sEcReT-clientsecret-9b1d
KEY2=sEcReT-rotatedkey-55aa
SECRETS="$KEY $PASS $CSEC $KEY2"

db=$TETHER_DB
check "create the store" tether add Plain --host plain.example.com --auth none
# Keep a second connection open so that the -wal and -shm files stay on
# disk between tether's runs (the last connection to close removes them).
mkfifo "$T_WORK/hold"
sqlite3 "$db" <"$T_WORK/hold" >/dev/null 2>&1 &
holder=$!
exec 9>"$T_WORK/hold"
echo 'select count(*) from sqlite_master;' >&9
t_on_exit "exec 9>&-; kill $holder 2>/dev/null; wait $holder 2>/dev/null"

printf '%s\n' "$KEY" | tether add Keyed --host api.example.com --auth api-key \
	--key-header X-API-Key --key-stdin >/dev/null
printf '%s\n' "$PASS" | tether add Based --host api.example.com --auth basic \
	--user alice --password-stdin >/dev/null
printf '%s\n' "$CSEC" | tether add Authed --host api.example.com --auth oauth2 \
	--client-id cid --client-secret-stdin --auth-url https://id.example.com/a \
	--token-url https://id.example.com/t >/dev/null
check "the secrets were stored" test "$(tether list --json | jq length)" -eq 4
check "copy an integration" tether copy Keyed KeyedCopy
check "rename an integration" tether rename Based BasedRenamed
check "edit without touching the secret" tether edit Authed --scope s
check "rotate a key" sh -c 'printf "%s\n" "$1" | "$0" edit KeyedCopy --key-stdin' "$TETHER_BIN" "$KEY2"

tether export >"$T_WORK/export-all.json"
tether export Keyed BasedRenamed >"$T_WORK/export-some.json"
tether export Authed KeyedCopy >"$T_WORK/export-more.json"
tether show Keyed --json >"$T_WORK/show.json"
tether list --json >"$T_WORK/list.json"
tether export --with-secrets >"$T_WORK/export-secrets.json"

check "the -wal file is on disk" test -e "$db-wal"
check "the -shm file is on disk" test -e "$db-shm"
for s in $SECRETS; do
	for f in "$db" "$db-wal" "$db-shm" "$T_WORK/export-all.json" \
		"$T_WORK/export-some.json" "$T_WORK/export-more.json" \
		"$T_WORK/show.json" "$T_WORK/list.json"; do
		[ -e "$f" ] || continue
		if grep -aq -- "$s" "$f"; then
			t_fail "$(basename "$f") holds $s"
		else
			t_ok "$(basename "$f") does not hold $s"
		fi
	done
	if grep -aq -- "$s" "$T_WORK/export-secrets.json"; then
		t_ok "export --with-secrets holds $s"
	else
		t_fail "export --with-secrets lacks $s"
	fi
done
# The key file is elsewhere, and the store alone must not decrypt.
expect_exit "a copy of the store alone reveals no secret" 1 \
	env TETHER_KEY_FILE="$T_WORK/none/key" "$TETHER_BIN" --db "$db" export --with-secrets
for s in $SECRETS; do
	expect_no_match "no $s without the key" "$T_OUT" "$s"
done

exec 9>&-
wait $holder 2>/dev/null
# After the last connection closes, the main file alone: still nothing.
for s in $SECRETS; do
	if grep -aq -- "$s" "$db" "$db-wal" 2>/dev/null; then
		t_fail "checkpointed store holds $s"
	else
		t_ok "checkpointed store does not hold $s"
	fi
done
t_done
