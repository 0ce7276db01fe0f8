#!/bin/bash
# Requests through integrations against httpbin (python3-httpbin under
# /usr/bin/gunicorn): the API key in the query arrives decoded exactly,
# Basic credentials pass httpbin's exact check, statuses and delays.
. "$(dirname "$0")/../lib.sh"
t_setup
HB="$T_WORK/httpbin"
t_server httpbin "$HB"
KEY='k3y/with+plus&amp=eq %20 ü'
KEY2='k3y/with+plus&amp=eq %20 ü2'

printf '%s\n' "$KEY" | tether add hbq --host "$HTTPBIN_URL" --auth api-key \
	--key-header api_key --key-in query --key-stdin >/dev/null
printf '%s\n' "$KEY2" | tether add hbh --host "$HTTPBIN_URL" --auth api-key \
	--key-header X-Api-Key --key-prefix Bearer --key-stdin >/dev/null
printf 'pa ss:wd\n' | tether add hbb --host "$HTTPBIN_URL" --auth basic \
	--user bob --password-stdin >/dev/null
tether add hbn --host "$HTTPBIN_URL" --auth none --test-path /status/201 >/dev/null

expect_exit "query key" 0 tether request hbq GET /anything -q 'x=a b'
expect_eq "  arrives decoded exactly" "$KEY" "$(printf '%s' "$T_OUT" | jq -r .args.api_key)"
expect_eq "  other parameters too" "a b" "$(printf '%s' "$T_OUT" | jq -r .args.x)"
expect_exit "header key with prefix" 0 tether request hbh GET /headers
# WSGI reads header bytes as Latin-1: compare the bytes.
expect_eq "  arrives exactly" "Bearer $KEY2" \
	"$(printf '%s' "$T_OUT" | jq -j '.headers["X-Api-Key"]' | iconv -f utf-8 -t latin1)"
expect_exit "basic credentials pass httpbin's check" 0 \
	tether request hbb GET '/basic-auth/bob/pa%20ss:wd'
expect_eq "  authenticated" true "$(printf '%s' "$T_OUT" | jq .authenticated)"
expect_exit "and fail for another password" 1 \
	tether request hbb GET '/basic-auth/bob/other'
expect_exit "a JSON body is posted as JSON" 0 \
	tether request hbn POST /post -d '{"n": 1}'
expect_eq "  parsed by the server" 1 "$(printf '%s' "$T_OUT" | jq .json.n)"
expect_exit "201 fails the test" 1 tether test hbn
expect_match "  diagnosis" "$T_OUT" "201 CREATED.*test passes only on 200"
expect_exit "200 passes" 0 tether test hbn /status/200
expect_exit "a request timeout" 1 tether request hbn GET /delay/3 --timeout 0.5
expect_match "  says so" "$T_ERR" "No complete response .* within 0.5 s"
expect_exit "history" 0 tether history --json
expect_no_match "  holds no key" "$T_OUT" "k3y"
expect_no_match "  holds no password" "$T_OUT" "pa ss:wd|pa%20ss"
t_done
