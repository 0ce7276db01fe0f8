#!/bin/sh
# What list and show print: the default marker, the last connection test
# and its age, the OAuth token state, insecure integrations flagged. Token
# and test states are brought in with an import, as a later version of
# tether (or another machine) would have written them. The clock stands
# still (TETHER_TEST_NOW) at a second long past, so ages and time left are
# exact whatever the machine's clock says and however long a command takes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/cli.sh"
t_setup
now=1000000000
export TETHER_TEST_NOW=$now TZ=UTC

check "add an oauth2 template" tether add Tmpl --host api.example.com --auth oauth2 \
	--client-id c --auth-url https://id.example.com/a --token-url https://id.example.com/t
tether export Tmpl --with-secrets >"$T_WORK/tmpl.json"
# variant NAME TOKENS LAST_TEST: the template renamed, with these states.
variant() {
	jq --arg n "$1" --argjson t "$2" --argjson l "$3" \
		'.integrations[0] |= (.name = $n | .oauth2.tokens = $t | .last_test = $l)' \
		"$T_WORK/tmpl.json"
}
tok() { # ACCESS REFRESH EXPIRES_AT NEEDS_AUTH REASON
	printf '{"access_token":%s,"refresh_token":%s,"token_type":"Bearer","scope":"read","expires_at":%s,"obtained_at":%s,"needs_auth":%s,"needs_auth_reason":%s}' \
		"$1" "$2" "$3" $((now - 60)) "$4" "$5"
}
pass="{\"at\": $((now - 300)), \"status\": 200, \"pass\": true, \"time_ms\": 42, \"reason\": null}"
fail="{\"at\": $((now - 7200)), \"status\": 401, \"pass\": false, \"time_ms\": 9, \"reason\": \"credentials rejected\"}"
variant Valid "$(tok '"at-1"' '"rt-1"' $((now + 3600)) false null)" "$pass" >"$T_WORK/1.json"
variant Refreshable "$(tok '"at-2"' '"rt-2"' $((now - 10)) false null)" "$fail" >"$T_WORK/2.json"
variant Expired "$(tok '"at-3"' null $((now - 10)) false null)" null >"$T_WORK/3.json"
variant Revoked "$(tok null null 0 true '"invalid_grant"')" null >"$T_WORK/4.json"
for i in 1 2 3 4; do
	check "import state $i" tether import "$T_WORK/$i.json"
done
check "add an insecure one" tether add Loose --host loose.example.com --auth none --insecure --default

expect_exit "list" 0 tether list
printf '%s\n' "$T_OUT" >"$T_WORK/list.txt"
row() { grep "^[* ] $1 " "$T_WORK/list.txt"; }
expect_match "header" "$(head -1 "$T_WORK/list.txt")" '^  NAME +BASE URL +AUTH +LAST TEST +TOKEN$'
expect_match "the default is marked" "$(row Loose)" '^\* Loose '
expect_eq "only the default is marked" 1 "$(grep -c '^\*' "$T_WORK/list.txt")"
expect_match "insecure flagged in the row" "$(row Loose)" '\[insecure\]'
expect_match "insecure warned about" "$T_ERR" 'warning: TLS verification is off for Loose'
expect_match "a passing test and its age" "$(row Valid)" ' pass 5m ago '
expect_match "a failing test and its age" "$(row Refreshable)" ' FAIL 2h ago '
expect_match "never tested" "$(row Expired)" ' never '
expect_match "valid token with time left" "$(row Valid)" 'valid, expires in 1h$'
expect_match "expired but refreshable" "$(row Refreshable)" 'expired, refreshable$'
expect_match "expired" "$(row Expired)" 'expired$'
expect_match "needs authorization" "$(row Revoked)" 'needs authorization$'
expect_match "never authorized" "$(row Tmpl)" 'not authorized$'
expect_match "no token column for other methods" "$(row Loose)" ' -$'
expect_match "rows are sorted by name" "$(sed -n '2,$p' "$T_WORK/list.txt" | cut -c3- | cut -d' ' -f1 | tr '\n' ' ')" \
	'^Expired Loose Refreshable Revoked Tmpl Valid $'
expect_no_match "list shows no token" "$T_OUT" 'at-1|rt-1'

shown Valid
expect_eq "show: token state" "valid, expires in 1h" "$(f Token)"
expect_eq "show: granted scope" read "$(f 'Granted scope')"
expect_eq "show: obtained time" "2001-09-09 01:45:40 +0000" "$(f 'Token obtained')"
expect_eq "show: created on the test clock" "2001-09-09 01:46:40 +0000" "$(f Created)"
SHOWN=$(TETHER_TEST_NOW=$((now + 1)) tether show Valid 2>&1)
expect_eq "show: a second later, under the hour" "valid, expires in 59m" "$(f Token)"
expect_eq "show: last test" "pass, status 200, 42 ms, 5m ago" "$(f 'Last test')"
expect_no_match "show: no token value" "$SHOWN" 'at-1|rt-1'
shown Refreshable
expect_eq "show: failed test with its reason" "FAIL, status 401, 9 ms, 2h ago: credentials rejected" "$(f 'Last test')"
shown Revoked
expect_eq "show: needs authorization" "needs authorization" "$(f Token)"
expect_match "show: says what to run" "$SHOWN" 'invalid_grant \(run: tether authorize Revoked\)'
expect_exit "show --json keeps tokens secret" 0 tether show Valid --json
expect_eq "json: access token only as set" set "$(printf '%s' "$T_OUT" | jq -r .oauth2.tokens.access_token)"
expect_eq "json: last test status" 200 "$(printf '%s' "$T_OUT" | jq -r .last_test.status)"
expect_exit "list --json keeps tokens secret" 0 tether list --json
expect_no_match "list --json: no token value" "$T_OUT" 'at-1|rt-1'

t_done
