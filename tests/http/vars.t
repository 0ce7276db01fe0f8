#!/bin/bash
# Variables against a real nginx: {{name}} in path, query, headers and
# body filled from the integration's variables (plain and secret), then
# {{env.X}}, then --var; an unknown variable is an error naming it and
# nothing is sent; secret values are stored encrypted and redacted in the
# history and in --curl.
. "$(dirname "$0")/../lib.sh"
t_setup
NGX="$T_WORK/nginx"
t_server nginx "$NGX"
TOKEN='var-SECRET-token 9'

tether add open --host "$NGINX_URL" --auth none >/dev/null
tether add other --host "$NGINX_URL" --auth none >/dev/null
check "var set" tether var open set tenant acme
check "var set (replaces)" tether var open set page 1
check "var set again" tether var open set page 2
expect_exit "var set-secret reads standard input" 0 \
	sh -c "printf '%s\n' '$TOKEN' | '$TETHER_BIN' var open set-secret token"
expect_exit "var list" 0 tether var open list
expect_eq "  plain shown, secret hidden" "$(printf 'page = 2\ntenant = acme\ntoken = (secret)')" "$T_OUT"
expect_exit "var list --json" 0 tether var open list --json
expect_eq "  json" '[{"name":"page","value":"2"},{"name":"tenant","value":"acme"},{"name":"token","secret":true}]' \
	"$(printf '%s' "$T_OUT" | jq -c .)"

n_before=$(tether history --json | jq length)
export TETHER_T_ENV=from-env
expect_exit "every place is filled" 0 \
	tether request open post '/echo/{{tenant}}' -q 'page={{ page }}' -q 'e={{env.TETHER_T_ENV}}' \
	-H 'X-Tenant: {{tenant}}' -H 'X-Token: {{token}}' -d '{"t": "{{token}}", "w": "{{who}}"}' \
	--var who=me --save filled
expect_match "  path and query" "$T_OUT" '^POST /echo/acme\?page=2&e=from-env HTTP/1.1'
expect_match "  plain header" "$T_OUT" '^X-Tenant: acme'
expect_match "  secret header" "$T_OUT" "^X-Token: $TOKEN"
expect_match "  body (secret and --var)" "$T_OUT" "\\{\"t\": \"$TOKEN\", \"w\": \"me\"\\}\$"
expect_eq "  one more history entry" $((n_before + 1)) "$(tether history --json | jq length)"

expect_exit "the history redacts the secret variable" 0 tether history open --json
expect_no_match "  nowhere in it" "$T_OUT" 'SECRET'
expect_match "  header redacted" "$(printf '%s' "$T_OUT" | jq -r '.[0].request_headers')" '^X-Token: \[redacted\]'
expect_match "  body redacted" "$(printf '%s' "$T_OUT" | jq -r '.[0].request_body')" '"t": "\[redacted\]"'
expect_exit "--curl redacts it too" 0 tether run open filled --var who=me --curl
expect_no_match "  nowhere in it" "$T_OUT" 'SECRET'
expect_match "  the plain ones filled" "$T_OUT" 'X-Tenant: acme'

expect_exit "saved with the references, not the values" 0 tether requests open --json
expect_eq "  path" '/echo/{{tenant}}' "$(printf '%s' "$T_OUT" | jq -r '.[0].path')"
expect_no_match "  no secret" "$T_OUT" 'SECRET'

n_before=$(tether history --json | jq length)
expect_exit "an unknown variable is an error" 2 tether run open filled
expect_match "  naming it" "$T_ERR" 'the variable who is not set'
expect_eq "  nothing sent" "$n_before" "$(tether history --json | jq length)"
unset TETHER_T_ENV
expect_exit "an unset environment variable too" 2 tether run open filled --var who=me
expect_match "  naming both" "$T_ERR" 'env.TETHER_T_ENV'
expect_exit "several at once" 2 tether request open GET '/x/{{a}}/{{b}}'
expect_match "  all named" "$T_ERR" 'the variables a and b are not set'
expect_eq "  still nothing sent" "$n_before" "$(tether history --json | jq length)"

export TETHER_T_ENV=again
expect_exit "--via fills from the other integration first" 0 \
	sh -c "'$TETHER_BIN' var other set tenant globex && '$TETHER_BIN' run open filled --via other --var who=me"
expect_match "  its tenant" "$T_OUT" '^POST /echo/globex\?page=2&e=again HTTP/1.1'
expect_match "  the owner's secret still" "$T_OUT" "^X-Token: $TOKEN"
expect_exit "a variable set on the integration wins over --var" 0 \
	tether run open filled --var who=me --var tenant=nope
expect_match "  tenant kept" "$T_OUT" '^X-Tenant: acme'
expect_match "  and said so" "$T_ERR" 'sets tenant already'

expect_exit "a value that would split a header is refused" 2 \
	tether request open GET /echo -H 'X-A: {{crlf}}' --var "crlf=$(printf 'a\rb')"
expect_exit "bad variable names are refused" 2 tether var open set 'a b' x
expect_exit "env. names are the environment's" 2 tether var open set env.HOME x
expect_exit "var rm" 0 tether var open rm page
expect_exit "  gone" 2 tether run open filled --var who=me
expect_match "  named" "$T_ERR" 'page'
expect_exit "var rm of a missing one" 1 tether var open rm page
expect_exit "unknown action" 2 tether var open frob

mv "$TETHER_KEY_FILE" "$T_WORK/key.away"
expect_exit "without the key, a request using no secret variable is sent" 0 \
	tether request open GET '/echo/{{tenant}}'
expect_match "  filled" "$T_OUT" '^GET /echo/acme HTTP/1.1'
expect_exit "one using a secret variable needs the key" 1 \
	tether request open GET '/echo' -H 'X-T: {{token}}'
expect_match "  says so" "$T_ERR" 'key'
mv "$T_WORK/key.away" "$TETHER_KEY_FILE"

secret_found=""
for f in "$TETHER_DB" "$TETHER_DB-wal"; do
	[ -f "$f" ] && grep -qaF -- "$TOKEN" "$f" && secret_found="$secret_found $f"
done
expect_eq "the secret variable is not in the store files" "" "$secret_found"

expect_exit "export without secrets leaves the secret value out" 0 tether export open
expect_no_match "  no secret" "$T_OUT" 'SECRET'
expect_exit "export with secrets" 0 tether export open --with-secrets
printf '%s\n' "$T_OUT" >"$T_WORK/open.json"
export TETHER_DB="$T_WORK/other.db"
expect_exit "import" 0 tether import "$T_WORK/open.json"
expect_exit "  variables came along" 0 tether var open list
expect_eq "  all of them" "$(printf 'tenant = acme\ntoken = (secret)')" "$T_OUT"
t_done
