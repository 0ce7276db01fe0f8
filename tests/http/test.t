#!/bin/bash
# tether test and tether test --all against a real nginx: pass, each
# diagnosis, each transport category, TLS with the CA bundle, the stored
# last result, JSON, and a mix tested in parallel.
. "$(dirname "$0")/../lib.sh"
t_setup
NGX="$T_WORK/nginx"
t_server nginx "$NGX"
KEY='k3y/SECRET+42 x'

printf '%s\n' "$KEY" | tether add good --host "$NGINX_URL" --auth api-key \
	--key-header X-API-Key --key-stdin --test-path /key/header >/dev/null
printf 'wrong\n' | tether add wrong --host "$NGINX_URL" --auth api-key \
	--key-header X-API-Key --key-stdin --test-path /key/header >/dev/null
tether add created --host "$NGINX_URL" --auth none --test-path /status/201 >/dev/null
tether add open --host "$NGINX_URL" --auth none >/dev/null

expect_exit "a passing test exits 0" 0 tether test good
expect_match "  PASS, status and time" "$T_OUT" '^PASS good: 200 OK, [0-9]+ ms \(GET http://127.0.0.1:[0-9]+/key/header\)'
expect_exit "wrong credentials" 1 tether test wrong
expect_match "  FAIL 401" "$T_OUT" '^FAIL wrong: 401 Unauthorized'
expect_match "  diagnosis" "$T_OUT" 'rejected the credentials.*Check the API key'
expect_exit "201 fails a test that needs 200" 1 tether test created
expect_match "  says so" "$T_OUT" 'passes only on 200'
expect_exit "a PATH argument overrides the test path" 0 tether test created /status/200
expect_exit "403" 1 tether test open /status/403
expect_match "  diagnosis" "$T_OUT" 'does not allow this request'
expect_exit "404" 1 tether test open /status/404
expect_match "  diagnosis" "$T_OUT" 'Check the test path and the base URL'
expect_exit "500" 1 tether test open /status/500
expect_match "  diagnosis" "$T_OUT" 'The server failed'
expect_exit "a redirect" 1 tether test good /redirect/other
expect_match "  says where, and that no credentials went there" "$T_OUT" \
	"redirected to http://127.0.0.1:$NGINX_OTHER_PORT/echo.*no credentials were sent there"

expect_exit "JSON" 1 tether test wrong --json
expect_eq "  fields" '[false,401,"401 Unauthorized: credentials rejected"]' \
	"$(printf '%s' "$T_OUT" | jq -c '[.pass, .status, .summary]')"

expect_exit "the last result is stored" 0 tether show wrong --json
expect_match "  with its reason" "$T_OUT" 'credentials rejected'

port=$(free_port)
tether add refused --host "http://127.0.0.1:$port" --auth none >/dev/null
expect_exit "refused port" 1 tether test refused
expect_match "  diagnosis" "$T_OUT" "Connection to 127.0.0.1 port $port was refused"
tether add nodns --host "http://nothing.tether.invalid" --auth none >/dev/null
expect_exit "unresolvable name" 1 tether test nodns
expect_match "  diagnosis" "$T_OUT" "Could not resolve the host name nothing.tether.invalid"
tether add slow --host "$NGINX_URL" --auth none --test-path /delay/5 --timeout 1 >/dev/null
expect_exit "timeout" 1 tether test slow
expect_match "  diagnosis" "$T_OUT" "No complete response .* within 1 s"
tether add tls --host "$NGINX_TLS_URL" --auth none >/dev/null
expect_exit "a private CA fails TLS verification by default" 1 tether test tls
expect_match "  diagnosis" "$T_OUT" "TLS verification failed for 127.0.0.1: .*CA bundle"
tether edit tls --ca-bundle "$NGINX_CA" >/dev/null
expect_exit "and passes with the CA bundle" 0 tether test tls
tether add tls-insecure --host "$NGINX_TLS_URL" --auth none --insecure >/dev/null
expect_exit "insecure passes" 0 tether test tls-insecure
expect_match "  with a warning" "$T_ERR" "TLS verification is off"
# https:// to the plain HTTP port: the wrong protocol, not a certificate.
tether add plain --host "https://127.0.0.1:$NGINX_PORT" --auth none >/dev/null
expect_exit "https:// to a port speaking plain HTTP fails" 1 tether test plain
expect_match "  named as the wrong protocol" "$T_OUT" \
	"127.0.0.1 port $NGINX_PORT does not speak TLS"
expect_match "  saying what to change" "$T_OUT" "use http:// in the base URL, or the port"
expect_no_match "  not as a CA bundle problem" "$T_OUT" "CA bundle"
expect_exit "  --json names the failure" 1 tether test plain --json
expect_eq "  as protocol" protocol "$(printf '%s' "$T_OUT" | jq -r .failure)"
tether rm plain --yes >/dev/null

tether rm slow --yes >/dev/null
expect_exit "test --all with a mix" 1 tether test --all --jobs 4
expect_match "  failures first" "$(printf '%s\n' "$T_OUT" | sed -n 2p)" '^FAIL '
expect_match "  passes last" "$(printf '%s\n' "$T_OUT" | grep -E '^(PASS|FAIL)' | tail -1)" '^PASS '
expect_match "  diagnoses" "$T_OUT" 'wrong: The server rejected the credentials'
expect_match "  count" "$T_OUT" '^5 of 8 failed\.$'
tty_err=$(script -qec "$TETHER_BIN test --all 2>&1 >/dev/null" /dev/null | tr '\r' '\n')
expect_match "progress on a terminal" "$tty_err" '^testing 8/8, 5 failed'
expect_exit "test --all --json" 1 tether test --all --json
expect_eq "  totals" '[8,5]' "$(printf '%s' "$T_OUT" | jq -c '[.total, .failed]')"
expect_eq "  every passing one" '["good","tls","tls-insecure"]' \
	"$(printf '%s' "$T_OUT" | jq -c '[.results[] | select(.pass) | .name] | sort')"
expect_exit "--all with a NAME is a usage error" 2 tether test good --all
t_done
