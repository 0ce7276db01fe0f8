#!/bin/bash
# Saved requests against a real nginx: tether request --save keeps method,
# path, query, headers and body; tether run sends them again, through the
# integration they belong to or another (--via); tether requests lists
# them; credentials in them are stored encrypted, and they survive export
# and import.
. "$(dirname "$0")/../lib.sh"
t_setup
NGX="$T_WORK/nginx"
t_server nginx "$NGX"
KEY='k3y/SECRET+42 x'

tether add open --host "$NGINX_URL" --auth none >/dev/null
printf '%s\n' "$KEY" | tether add keyh --host "$NGINX_URL" --auth api-key \
	--key-header X-API-Key --key-stdin >/dev/null

expect_exit "request --save sends and saves" 0 \
	tether request open post /echo -H 'X-Trace: abc' -q 'a b=c' -d '{"x": 1}' --save 'Echo it'
expect_match "  sent" "$T_OUT" '^POST /echo\?a%20b=c HTTP/1.1'
expect_match "  says it saved" "$T_ERR" 'saved as "Echo it" of open'

expect_exit "requests lists it" 0 tether requests open
expect_match "  name, method, path" "$T_OUT" '^Echo it +POST +/echo$'
expect_exit "requests --json" 0 tether requests open --json
expect_eq "  query" '[{"name":"a b","value":"c"}]' "$(printf '%s' "$T_OUT" | jq -c '.[0].query')"
expect_eq "  body" '{"x": 1}' "$(printf '%s' "$T_OUT" | jq -r '.[0].body')"

expect_exit "run sends it again (name case-insensitive)" 0 tether run OPEN 'echo IT'
expect_match "  method, path and query" "$T_OUT" '^POST /echo\?a%20b=c HTTP/1.1'
expect_match "  header" "$T_OUT" '^X-Trace: abc'
expect_match "  content type as saved" "$T_OUT" '^Content-Type: application/json'
expect_match "  body" "$T_OUT" '\{"x": 1\}$'
expect_exit "run --json" 0 tether run open 'Echo it' --json
expect_eq "  status" 200 "$(printf '%s' "$T_OUT" | jq .status)"

expect_exit "run --via another integration uses its credentials" 0 \
	tether run open 'Echo it' --via keyh
expect_match "  the key went along" "$T_OUT" '^X-API-Key: '
expect_exit "the same through its own integration has no key" 0 tether run open 'Echo it'
expect_no_match "  no key" "$T_OUT" 'X-API-Key'

expect_exit "saving again under the name replaces it" 0 \
	tether request open GET /status/204 --save 'echo it'
expect_exit "  one request still" 0 tether requests open --json
expect_eq "  replaced" "1 GET /status/204" "$(printf '%s' "$T_OUT" | jq -r '"\(length) \(.[0].method) \(.[0].path)"')"

expect_exit "unknown saved request" 1 tether run open nothing
expect_match "  named" "$T_ERR" 'no saved request named "nothing"'
expect_exit "unknown integration" 1 tether run nobody 'echo it'
expect_exit "unknown --via" 1 tether run open 'echo it' --via nobody
expect_match "  named" "$T_ERR" 'nobody'

# Credentials in a saved request: encrypted in the store, never listed.
expect_exit "a request carrying credentials" 0 \
	tether request keyh GET /key/header -H "Authorization: Bearer tok-SECRET-77" \
	-H "X-Copy: $KEY" --save creds
expect_exit "  listed without their values" 0 tether requests keyh --json
expect_no_match "  no secret in the list" "$T_OUT" 'SECRET'
expect_eq "  marked secret" 'true true' "$(printf '%s' "$T_OUT" | jq -r '[.[0].headers[].secret] | join(" ")')"
expect_exit "  run sends them" 0 tether run keyh creds
expect_eq "  key ok" "key ok" "$T_OUT"

expect_exit "export without secrets" 0 tether export
expect_no_match "  no secret" "$T_OUT" 'SECRET'
expect_exit "export with secrets" 0 tether export --with-secrets
printf '%s\n' "$T_OUT" >"$T_WORK/all.json"
expect_match "  the saved one inside" "$T_OUT" 'tok-SECRET-77'

secret_found=""
for f in "$TETHER_DB" "$TETHER_DB-wal"; do
	[ -f "$f" ] || continue
	for s in "$KEY" tok-SECRET-77; do
		grep -qaF -- "$s" "$f" && secret_found="$secret_found $f:$s"
	done
done
expect_eq "no secret in the store files" "" "$secret_found"

export TETHER_DB="$T_WORK/other.db"
expect_exit "import into a new store" 0 tether import "$T_WORK/all.json"
expect_exit "  the requests came along" 0 tether requests open
expect_match "  echo it" "$T_OUT" '^echo it +GET +/status/204$'
expect_exit "  and run" 0 tether run keyh creds
expect_eq "  with their credentials" "key ok" "$T_OUT"
expect_exit "importing it again changes nothing" 1 tether import "$T_WORK/all.json"
expect_exit "  still one request" 0 tether requests open --json
expect_eq "  one" 1 "$(printf '%s' "$T_OUT" | jq length)"

export TETHER_DB="$T_WORK/third.db"
jq '.integrations[0].requests += .integrations[0].requests' "$T_WORK/all.json" >"$T_WORK/twice.json"
expect_exit "an import with a request named twice is refused" 1 tether import "$T_WORK/twice.json"
expect_match "  naming it" "$T_ERR" 'has a saved request named'
expect_exit "  and nothing of it was stored" 0 tether list --json
expect_eq "  no integration" 0 "$(printf '%s' "$T_OUT" | jq length)"
t_done
