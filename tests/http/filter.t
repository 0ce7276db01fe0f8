#!/bin/bash
# tether request --filter against httpbin's /anything, whose answer
# echoes the JSON document the test sends: a JSON Pointer or a simple path picks
# one value, printed as JSON; a miss is an error naming the missing key
# (exit 1); a bad expression is a usage error (exit 2) and nothing is sent.
# Rate-limit headers from nginx in tether test and request --json.
. "$(dirname "$0")/../lib.sh"
t_setup
HB="$T_WORK/httpbin"
t_server httpbin "$HB"
tether add hb --host "$HTTPBIN_URL" --auth none >/dev/null

DOC='{"items":[{"id":7},{"id":8,"name":"b <em>"}],"a/b":"x~y","n":1.5,"t":"text"}'
# filter EXPR: POST the document to /anything (echoed back under .json).
filter() { tether request hb POST /anything -d "$DOC" --filter "$1"; }
expect_exit "a simple path" 0 filter .json.items[1].id
expect_eq "  the value as JSON" '8' "$T_OUT"
expect_exit "a string" 0 filter '.json.items[1].name'
expect_eq "  quoted as JSON" '"b <em>"' "$T_OUT"
expect_exit "a JSON Pointer" 0 filter /json/items/0/id
expect_eq "  the same document" '7' "$T_OUT"
expect_exit "an object" 0 filter .json.items[1]
expect_eq "  as JSON" '{"id":8,"name":"b <em>"}' "$(printf '%s' "$T_OUT" | jq -c .)"
expect_exit "the leading dot may be left out" 0 filter 'json.n'
expect_eq "  the number" '1.5' "$T_OUT"
expect_exit "~1 in a pointer is /" 0 filter '/json/a~1b'
expect_eq "  the value" '"x~y"' "$T_OUT"
expect_exit "a quoted key in a path" 0 filter '.json["a/b"]'
expect_eq "  the value" '"x~y"' "$T_OUT"
expect_exit "a GET's query, echoed" 0 tether request hb GET /anything -q k=v --filter .args.k
expect_eq "  the value" '"v"' "$T_OUT"

expect_exit "a missing key exits 1" 1 filter .json.nothing
expect_match "  naming the key and where" "$T_ERR" 'no key "nothing" in the object at \.json'
expect_eq "  nothing on standard output" "" "$T_OUT"
expect_exit "an index past the end" 1 filter '.json.items[7]'
expect_match "  says how many there are" "$T_ERR" 'index 7 is past the end of the array at \.json\.items \(2 items\)'
expect_exit "a key of a string" 1 filter .json.t.x
expect_match "  says what is there" "$T_ERR" 'at \.json\.t: a string has no key "x"'
expect_exit "a body that is not JSON" 1 tether request hb GET /html --filter .a
expect_match "  says so" "$T_ERR" 'the response body is not JSON \(text/html'

before=$(tether history --json | jq length)
expect_exit "a bad expression is a usage error" 2 tether request hb GET /anything --filter '.a[x]'
expect_match "  at its position" "$T_ERR" 'at character 4'
expect_eq "  and nothing was sent" "$before" "$(tether history --json | jq length)"
expect_exit "--filter with --json" 2 tether request hb GET /anything --filter .a --json

# Rate-limit headers, from nginx's add_header.
NGX="$T_WORK/nginx"
t_server nginx "$NGX"
tether add limited --host "$NGINX_URL" --auth none --test-path /ratelimit >/dev/null
expect_exit "tether test shows the rate limit" 0 tether test limited
expect_match "  RateLimit-* preferred" "$T_OUT" '^  rate limit: 7 of 100 requests left, reset 30$'
expect_exit "and Retry-After of a 429" 1 tether test limited /ratelimit/429
expect_match "  in seconds" "$T_OUT" '^  rate limit: retry after 120 s$'
expect_exit "test --json" 0 tether test limited --json
expect_eq "  every rate-limit header" '{"RateLimit-Limit":"100","RateLimit-Remaining":"7","RateLimit-Reset":"30","X-RateLimit-Limit":"5000","X-RateLimit-Remaining":"4999"}' \
	"$(printf '%s' "$T_OUT" | jq -c .rate_limit.headers)"
expect_exit "request --json" 0 tether request limited GET /ratelimit --json
expect_eq "  the envelope has them" '"7 of 100 requests left, reset 30"' \
	"$(printf '%s' "$T_OUT" | jq -c .rate_limit.summary)"
expect_exit "a response without them" 0 tether request limited GET /status/200 --json
expect_eq "  has no rate_limit" null "$(printf '%s' "$T_OUT" | jq -c .rate_limit)"
t_done
