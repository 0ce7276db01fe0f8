#!/bin/sh
# A store left at schema 8 by an older tether (built here from the shipped
# schema.sql and migrations 002-008, its rows copied from a store this
# tether wrote, so that the secrets are real ciphertexts) is brought to the
# latest schema. Schema 9 rebuilds the integrations table, which must keep
# every row that refers to it: secrets, OAuth parameters, extras, saved
# requests and variables, and the history. `tether check-store` finds
# nothing, and the secrets still decrypt. Schema 10 drops history_by_time,
# which history_by_size makes redundant.
. "$(dirname "$0")/../lib.sh"
t_setup

printf 'sk-mig-1\n' | tether add Keyed --host api.example.com --auth api-key \
	--key-header X-K --key-stdin --header 'X-Trace: on' >/dev/null
printf 'pw-mig-2\n' | tether add Based --host api.example.com --auth basic \
	--user ada --password-stdin --tag team-a >/dev/null
printf 'cs-mig-3\n' | tether add Authed --host api.example.com --auth oauth2 \
	--client-id c1 --client-secret-stdin --auth-url https://id.example.com/a \
	--token-url https://id.example.com/t --param audience=api --default >/dev/null
check "the store is current" tether list
cur="$T_WORK/cur.db"
sqlite3 "$TETHER_DB" "VACUUM INTO '$cur'"

old="$T_WORK/old.db"
cat "$TETHER_ROOT/data/schema.sql" "$TETHER_ROOT"/data/migrations/00[2-8]-*.sql |
	sqlite3 "$old"
cols=$(sqlite3 "$old" "SELECT group_concat(name, ', ') FROM pragma_table_info('integrations')")
sqlite3 "$old" <<SQL
PRAGMA user_version = 8;
ATTACH '$cur' AS cur;
INSERT INTO meta SELECT * FROM cur.meta;
INSERT INTO integrations ($cols) SELECT $cols FROM cur.integrations;
INSERT INTO secrets SELECT * FROM cur.secrets;
INSERT INTO oauth_params SELECT * FROM cur.oauth_params;
INSERT INTO extras SELECT * FROM cur.extras;
INSERT INTO saved_requests VALUES (1, 1, 'Me', 'me', 'GET', '/me', 1, 2);
INSERT INTO saved_request_parts VALUES (1, 'query', 0, 'q', 'v', NULL, NULL);
INSERT INTO variables VALUES (2, 'who', 'ada', NULL, NULL);
INSERT INTO history (at, integration, integration_key, method, url)
    VALUES (1, 'Based', 'based', 'GET', 'https://api.example.com/');
UPDATE integrations SET token_type = 'Bearer', token_expires_at = 1900000000,
    token_obtained_at = 5, test_at = 7, test_status = 200, test_pass = 1
    WHERE name = 'Authed';
SQL
rows() {
	for t in integrations secrets oauth_params extras saved_requests \
		saved_request_parts variables history; do
		printf '%s=%s ' "$t" "$(sqlite3 "$1" "SELECT count(*) FROM $t")"
	done
}
before=$(rows "$old")
expect_match "the old store has rows in every table" "$before" \
	'integrations=3 secrets=3 oauth_params=1 extras=1 saved_requests=1 saved_request_parts=1 variables=1 history=1'
rm -f "$TETHER_DB" "$TETHER_DB-wal" "$TETHER_DB-shm"
cp "$old" "$TETHER_DB"

expect_exit "tether opens it" 0 tether list
expect_eq "  at the latest schema" 10 "$(sqlite3 "$TETHER_DB" 'PRAGMA user_version')"
expect_eq "  every row kept" "$before" "$(rows "$TETHER_DB")"
expect_eq "  the history keeps one time index, history_by_size" history_by_size \
	"$(sqlite3 "$TETHER_DB" "SELECT group_concat(name) FROM sqlite_master WHERE tbl_name = 'history' AND name LIKE 'history_by_%' AND name != 'history_by_integration'")"
expect_exit "check-store finds nothing" 0 tether check-store
expect_exit "the secrets still decrypt" 0 tether export --with-secrets
for s in sk-mig-1 pw-mig-2 cs-mig-3; do
	expect_match "  $s" "$T_OUT" "$s"
done
expect_exit "show Authed" 0 tether show Authed
expect_match "  the default kept" "$T_OUT" '^Default: +yes'
expect_match "  its last test kept" "$T_OUT" '^Last test: +pass, status 200'
expect_match "  its parameter kept" "$T_OUT" 'audience=api'
expect_exit "show Keyed" 0 tether show Keyed
expect_match "  its header kept" "$T_OUT" 'X-Trace'
expect_exit "the saved request is there" 0 tether requests Keyed
expect_match "  by name" "$T_OUT" 'Me'
# Foreign keys are on again: removing an integration takes its rows along.
expect_exit "rm Based" 0 tether rm Based --yes
expect_eq "  its variables went with it" 0 "$(sqlite3 "$TETHER_DB" 'SELECT count(*) FROM variables')"
expect_exit "  check-store still finds nothing" 0 tether check-store
printf 'pw-d\n' | tether add Dig --host api.example.com --auth digest --user d \
	--password-stdin >/dev/null
expect_exit "digest integrations fit the new table" 0 tether show Dig
t_done
