#!/bin/bash
# An integration's extra headers and query parameters, against httpbin
# (/headers and /anything echo what arrived): plain and secret ones reach
# the server on requests and tests, a request's own header of the same
# name wins, secret values are masked in `show` and redacted in the
# history, removal on edit, and export/import keeps them (secret values
# only with --with-secrets).
. "$(dirname "$0")/../lib.sh"
t_setup
HB="$T_WORK/httpbin"
t_server httpbin "$HB"
SECRET='t3nant-s3cret/+ü'
QSECRET='qs3cret&=x'

printf '%s\n%s\n' "$SECRET" "$QSECRET" | expect_exit "add with extras" 0 \
	tether add hx --host "$HTTPBIN_URL" --auth none \
	--header 'Notion-Version: 2022-06-28' --header 'Accept: application/json' \
	--header-secret X-Tenant --query 'api-version=7.1' \
	--query-secret sig
expect_exit "plain header arrives" 0 tether request hx GET /headers
expect_eq "  Notion-Version" "2022-06-28" \
	"$(printf '%s' "$T_OUT" | jq -r '.headers["Notion-Version"]')"
expect_eq "  secret header arrives exactly" "$SECRET" \
	"$(printf '%s' "$T_OUT" | jq -j '.headers["X-Tenant"]' | iconv -f utf-8 -t latin1)"
expect_exit "the request's own header wins" 0 \
	tether request hx GET /headers -H 'Notion-Version: 2099-01-01'
expect_eq "  its value" "2099-01-01" \
	"$(printf '%s' "$T_OUT" | jq -r '.headers["Notion-Version"]')"
expect_exit "query parameters arrive" 0 tether request hx GET /anything -q 'x=1'
expect_eq "  plain" "7.1" "$(printf '%s' "$T_OUT" | jq -r '.args["api-version"]')"
expect_eq "  secret" "$QSECRET" "$(printf '%s' "$T_OUT" | jq -r '.args.sig')"
expect_eq "  the request's own" "1" "$(printf '%s' "$T_OUT" | jq -r '.args.x')"
expect_exit "the request's own query parameter wins" 0 \
	tether request hx GET /anything -q 'api-version=9'
expect_eq "  its value" '"9"' "$(printf '%s' "$T_OUT" | jq -c '.args["api-version"]')"

# The connection test sends them too: httpbin answers /headers with 200
# either way, so check the body for the header.
expect_exit "test sends them" 0 tether edit hx --test-path /headers \
	--test-expect-text 2022-06-28
expect_exit "  and passes" 0 tether test hx

expect_exit "show" 0 tether show hx
expect_match "  plain header" "$T_OUT" "Header: +Notion-Version: 2022-06-28"
expect_match "  secret header as set" "$T_OUT" "Header: +X-Tenant: \(secret, set\)"
expect_match "  query" "$T_OUT" "Query: +api-version=7.1"
expect_no_match "  no secret value" "$T_OUT" "t3nant|qs3cret"
expect_exit "show --json" 0 tether show hx --json
expect_eq "  secret as set" set \
	"$(printf '%s' "$T_OUT" | jq -r '.headers[] | select(.name=="X-Tenant") | .value')"

expect_exit "history" 0 tether history --json
expect_no_match "  holds no secret header or query value" "$T_OUT" \
	"t3nant|qs3cret|qs3cret%26"
expect_match "  names the secret header" "$T_OUT" "X-Tenant"

# Export / import.
expect_exit "export without secrets" 0 tether export
expect_no_match "  holds no secret" "$T_OUT" "t3nant|qs3cret"
expect_eq "  the secret header as set" set \
	"$(printf '%s' "$T_OUT" | jq -r '.integrations[0].headers[] | select(.name=="X-Tenant") | .value')"
tether export --with-secrets >"$T_WORK/all.json"
export TETHER_DB="$T_WORK/other.db"
expect_exit "import with secrets" 0 tether import "$T_WORK/all.json"
expect_exit "  the secret header still arrives" 0 tether request hx GET /headers
expect_eq "  exactly" "$SECRET" \
	"$(printf '%s' "$T_OUT" | jq -j '.headers["X-Tenant"]' | iconv -f utf-8 -t latin1)"
expect_exit "  test settings kept" 0 tether show hx
expect_match "  expect text" "$T_OUT" 'Test expects text: +"2022-06-28"'

expect_exit "--curl shows the extras" 0 tether request hx GET /headers --curl
expect_match "  the plain header" "$T_OUT" "-H 'Notion-Version: 2022-06-28'"
expect_match "  the secret one as a variable" "$T_OUT" "-H 'X-Tenant: '\"\\\$X_TENANT\""
expect_no_match "  never its value" "$T_OUT" "t3nant"

# Removal on edit, and the secret row with it.
expect_exit "remove a header and a query parameter" 0 \
	tether edit hx --no-header X-Tenant --no-query sig
expect_exit "  gone from the request" 0 tether request hx GET /anything
expect_eq "  header" null "$(printf '%s' "$T_OUT" | jq -r '.headers["X-Tenant"]')"
expect_eq "  query" null "$(printf '%s' "$T_OUT" | jq -r '.args.sig')"
expect_eq "  no secret row left" 0 \
	"$(sqlite3 "$TETHER_DB" "SELECT count(*) FROM secrets WHERE field GLOB 'header:*' OR field GLOB 'query:*'")"
expect_exit "removing one that is not there" 2 tether edit hx --no-header X-None
expect_match "  says so" "$T_ERR" 'no extra header called "X-None"'

# Validation as for the API key header.
expect_exit "a header name with a space" 2 tether edit hx --header 'Bad Name: x'
expect_match "  refused" "$T_ERR" "contains a space"
expect_exit "a header value with a control character" 2 \
	tether edit hx --header "$(printf 'X-A: a\001b')"
expect_match "  refused" "$T_ERR" "control character"
t_done
