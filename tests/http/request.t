#!/bin/bash
# tether request and tether history against a real nginx: each auth
# placement reaches the server exactly, output modes, redirects that drop
# credentials, --curl and the history holding no secret.
. "$(dirname "$0")/../lib.sh"
t_setup
NGX="$T_WORK/nginx"
t_server nginx "$NGX"
KEY='k3y/SECRET+42 x' PASSWORD='s3cret: pass word'

printf '%s\n' "$KEY" | tether add keyh --host "$NGINX_URL" --auth api-key \
	--key-header X-API-Key --key-stdin >/dev/null
printf '%s\n' "$KEY" | tether add keyp --host "$NGINX_URL" --auth api-key \
	--key-header X-API-Key --key-prefix Token --key-stdin >/dev/null
printf '%s\n' "$KEY" | tether add keyq --host "$NGINX_URL" --auth api-key \
	--key-header api_key --key-in query --key-stdin >/dev/null
printf '%s\n' "$PASSWORD" | tether add bas --host "$NGINX_URL/basic" \
	--auth basic --user alice --password-stdin >/dev/null
tether add open --host "$NGINX_URL" --auth none >/dev/null

expect_exit "api key in a header reaches nginx exactly" 0 tether request keyh GET /key/header
expect_eq "  body" "key ok" "$T_OUT"
expect_exit "api key with prefix" 0 tether request keyp GET /key/prefixed
expect_exit "api key in the query (URL-encoded)" 0 tether request keyq GET /key/query
expect_exit "basic auth with ':' and spaces in the password" 0 tether request bas GET /x
expect_eq "  body" "basic ok alice" "$T_OUT"
expect_exit "no auth: the protected location refuses" 1 tether request open GET /key/header

expect_exit "headers, query and a JSON body arrive" 0 \
	tether request open post /echo -H 'X-Trace: abc' -q 'a b=c&d' -d '{"x": 1}'
expect_match "  method and encoded query" "$T_OUT" '^POST /echo\?a%20b=c%26d HTTP/1.1'
expect_match "  header" "$T_OUT" '^X-Trace: abc'
expect_match "  JSON content type by default" "$T_OUT" '^Content-Type: application/json'
expect_match "  body" "$T_OUT" '\{"x": 1\}$'
printf 'from a file' >"$T_WORK/body"
expect_exit "-d @FILE" 0 tether request open PUT /echo -d @"$T_WORK/body"
expect_match "  file body" "$T_OUT" 'from a file$'

expect_exit "-i prints the status line and headers" 0 tether request open GET /status/200 -i
expect_match "  status line" "$(printf '%s' "$T_OUT" | head -1)" '^HTTP/1.1 200 OK'
expect_match "  a header" "$T_OUT" '^Server: nginx'

expect_exit "--json envelope" 0 tether request keyh GET /key/header --json
expect_eq "  status" 200 "$(printf '%s' "$T_OUT" | jq .status)"
expect_eq "  body" '"key ok\n"' "$(printf '%s' "$T_OUT" | jq -c .body)"
expect_eq "  timings" true "$(printf '%s' "$T_OUT" | jq '.timings.total_ms > 0 and .timings.first_byte_ms > 0')"
expect_eq "  headers" '"text/plain"' "$(printf '%s' "$T_OUT" | jq -c '.headers[] | select(.name == "Content-Type") | .value')"

expect_exit "JSON as is when stdout is not a terminal" 0 tether request open GET /json
expect_eq "  one line" '{"a":1,"b":[true,null]}' "$T_OUT"
tty_out=$(script -qec "$TETHER_BIN request open GET /json" /dev/null | tr -d '\r')
expect_eq "JSON pretty-printed on a terminal" "$(printf '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}')" "$tty_out"

expect_exit "-o FILE writes the whole body" 0 tether request open GET /large/1m -o "$T_WORK/big"
expect_eq "  size" 1048576 "$(stat -c %s "$T_WORK/big")"
expect_eq "  nothing on stdout" "" "$T_OUT"

expect_exit "a 404 exits 1 and still prints the body" 1 tether request open GET /status/404
expect_eq "  body" "status 404" "$T_OUT"

port=$(free_port)
tether add closed --host "http://127.0.0.1:$port" --auth none >/dev/null
expect_exit "refused port" 1 tether request closed GET /
expect_match "  says refused" "$T_ERR" "refused"

expect_exit "redirect to another host" 0 tether request keyh GET /redirect/other
expect_match "  answered by the other host" "$T_OUT" "^Host: 127.0.0.1:$NGINX_OTHER_PORT"
expect_no_match "  no key there" "$T_OUT" "X-API-Key|SECRET"
expect_match "  says so" "$T_ERR" "credentials were not sent there"
expect_exit "redirect to another host, key in the query" 0 tether request keyq GET /redirect/other -q x=1
expect_no_match "  no key there" "$T_OUT" "api_key|SECRET"
expect_match "  other query kept" "$T_OUT" "x=1"
expect_exit "redirect on the same host keeps the key" 0 tether request keyh GET /redirect/same
expect_match "  key sent" "$T_OUT" "^X-API-Key: "

expect_exit "--curl prints a command instead of sending" 0 \
	tether request keyq GET /key/query -H "X-Copy: $KEY"
n_before=$(tether history --json | jq length)
expect_exit "--curl" 0 tether request keyh GET /key/header -H "X-Copy: $KEY" --curl
expect_no_match "  holds no secret" "$T_OUT" "SECRET"
expect_match "  has the placeholder" "$T_OUT" "X-API-Key: '\"\\\$API_KEY\""
expect_eq "  nothing sent" "$n_before" "$(tether history --json | jq length)"
expect_eq "  runs with the key exported" "key ok" "$(API_KEY=$KEY sh -c "$T_OUT -s")"
expect_exit "--curl basic" 0 tether request bas GET /x --curl
expect_no_match "  holds no password" "$T_OUT" "s3cret"
expect_eq "  runs with the password exported" "basic ok alice" "$(PASSWORD=$PASSWORD sh -c "$T_OUT -s")"

expect_exit "history lists what was sent" 0 tether history
expect_match "  newest first" "$(printf '%s' "$T_OUT" | head -1)" "keyq +GET +200 .*/key/query"
expect_exit "history of one integration, JSON" 0 tether history bas --json
expect_eq "  only bas" '["bas"]' "$(printf '%s' "$T_OUT" | jq -c '[.[].integration] | unique')"
expect_match "  auth header redacted" "$T_OUT" 'Authorization: Basic \[redacted\]'
expect_exit "history of keyq" 0 tether history keyq --json
expect_match "  query key redacted" "$T_OUT" 'api_key=\[redacted\]'

secret_found=""
for f in "$TETHER_DB" "$TETHER_DB-wal" "$TETHER_DB-shm"; do
	[ -f "$f" ] || continue
	for s in "$KEY" 'k3y%2FSECRET%2B42%20x' "$PASSWORD" \
		"$(printf 'alice:%s' "$PASSWORD" | base64)"; do
		grep -qaF -- "$s" "$f" && secret_found="$secret_found $f:$s"
	done
done
expect_eq "no secret in the store files (db, wal, shm)" "" "$secret_found"
t_done
