#!/bin/bash
# TLS client certificates (--client-cert, --client-key,
# --client-key-pass-stdin) against nginx with ssl_verify_client on and a
# client CA, certificate and keys made when it starts: without a
# certificate the test fails naming the client certificate; with it, it
# passes; an encrypted key works with its passphrase and fails clearly with
# a wrong one; the passphrase is a secret everywhere.
. "$(dirname "$0")/../lib.sh"
t_setup
NG="$T_WORK/nginx"
export NGINX_CLIENT_KEY_PASS='kp-Secret 41z'
t_server nginx "$NG"
PASS=$NGINX_CLIENT_KEY_PASS

tether add mt --host "$NGINX_MTLS_URL" --auth none --ca-bundle "$NGINX_CA" >/dev/null
expect_exit "without a client certificate the test fails" 1 tether test mt
expect_match "  the diagnosis names the client certificate" "$T_OUT" 'requires a TLS client certificate'
expect_match "  and how to set one" "$T_OUT" 'tether edit mt --client-cert FILE --client-key FILE'
expect_exit "  --json says why" 1 tether test mt --json
expect_match "  in its summary" "$T_OUT" 'TLS client certificate required'

expect_exit "a certificate without its key is refused" 2 \
	tether edit mt --client-cert "$NGINX_CLIENT_CERT"
expect_match "  naming the key" "$T_ERR" 'client_key: .*needs its private key'
expect_exit "a key without its certificate is refused" 2 \
	tether edit mt --client-key "$NGINX_CLIENT_KEY"
expect_match "  naming the certificate" "$T_ERR" 'client_cert: .*needs its certificate'
expect_exit "a missing file is refused" 2 \
	tether edit mt --client-cert "$T_WORK/none.pem" --client-key "$NGINX_CLIENT_KEY"
expect_match "  saying which and why" "$T_ERR" "client_cert: the client certificate .*none.pem cannot be read: No such file"
printf 'not a pem\n' >"$T_WORK/plain.txt"
expect_exit "a file that is not PEM is refused" 2 \
	tether edit mt --client-cert "$NGINX_CLIENT_CERT" --client-key "$T_WORK/plain.txt"
expect_match "  saying so" "$T_ERR" 'client_key: .*is not a PEM file'
expect_exit "a passphrase without a key is refused" 2 \
	sh -c 'printf "x\n" | "$0" edit mt --client-key-pass-stdin' "$TETHER_BIN"
expect_match "  naming the passphrase" "$T_ERR" 'client_key_pass: a key passphrase needs a client key'
expect_eq "  nothing was stored" "" "$(tether show mt | sed -n 's/^Client cert: *//p')"

expect_exit "set the certificate and key" 0 \
	tether edit mt --client-cert "$NGINX_CLIENT_CERT" --client-key "$NGINX_CLIENT_KEY"
expect_exit "with the certificate the test passes" 0 tether test mt
expect_match "  PASS" "$T_OUT" '^PASS mt: 200'
expect_exit "a request is answered as the client" 0 tether request mt GET /
expect_match "  nginx saw its subject" "$T_OUT" 'mtls ok CN=tether client'
expect_exit "show" 0 tether show mt
expect_match "  the certificate" "$T_OUT" "^Client cert: +$NGINX_CLIENT_CERT\$"
expect_match "  the key, passphrase not set" "$T_OUT" "^Client key: +$NGINX_CLIENT_KEY, passphrase not set\$"

# An encrypted key: its passphrase from standard input.
expect_exit "an encrypted key without its passphrase fails" 1 sh -c \
	'"$0" edit mt --client-key "$1" >/dev/null && "$0" test mt' "$TETHER_BIN" "$NGINX_CLIENT_KEY_ENC"
expect_match "  naming the key and the passphrase" "$T_OUT" "client-enc.key could not be used .*passphrase \\(none is set\\)"
printf 'wrong pass\n' | tether edit mt --client-key-pass-stdin >/dev/null
expect_exit "a wrong passphrase fails" 1 tether test mt
expect_match "  naming the certificate and key" "$T_OUT" "The TLS client certificate .*client.pem or its key .*client-enc.key could not be used"
expect_match "  and the passphrase" "$T_OUT" "and the key's passphrase;"
expect_match "  summary" "$T_OUT" 'TLS client certificate missing, refused or unusable'
printf '%s\n' "$PASS" | tether edit mt --client-key-pass-stdin >/dev/null
expect_exit "the right passphrase passes" 0 tether test mt
expect_exit "show" 0 tether show mt
expect_match "  passphrase set" "$T_OUT" 'passphrase set$'
expect_no_match "  not its value" "$T_OUT" "$PASS"
expect_exit "--curl" 0 tether request mt GET /echo --curl
expect_match "  names the files" "$T_OUT" "--cert '$NGINX_CLIENT_CERT' --key '$NGINX_CLIENT_KEY_ENC'"
expect_match "  and the passphrase as a variable" "$T_OUT" '--pass "\$CLIENT_KEY_PASS"'
expect_no_match "  never its value" "$T_OUT" "$PASS"
expect_exit "a request" 0 tether request mt GET /echo
expect_exit "history" 0 tether history --json
expect_no_match "  no passphrase in the history" "$T_OUT" "$PASS"

# A certificate the server's CA did not sign.
tether edit mt --client-cert "$NGINX_ROGUE_CERT" --client-key "$NGINX_ROGUE_KEY" >/dev/null
expect_exit "an untrusted certificate fails" 1 tether test mt
expect_match "  the diagnosis says it was not accepted" "$T_OUT" "did not accept the TLS client certificate .*rogue.pem"

# On a terminal an encrypted key's passphrase is asked for, without echo;
# an unencrypted key asks nothing.
PTY="$TETHER_ROOT/tests/cli/onpty.py"
tether edit mt --client-cert '' --client-key '' >/dev/null
expect_exit "an encrypted key on a terminal: its passphrase is asked for" 0 \
	"$PTY" 'Client key passphrase: ' "$PASS\\n" -- "$TETHER_BIN" edit mt \
	--client-cert "$NGINX_CLIENT_CERT" --client-key "$NGINX_CLIENT_KEY_ENC"
expect_match "  without echo" "$T_OUT" 'echo_at_prompt=0'
expect_no_match "  the passphrase is not shown" "$T_OUT" "$PASS"
expect_exit "  and it works" 0 tether test mt
tether edit mt --client-cert '' --client-key '' >/dev/null
expect_exit "an unencrypted key on a terminal asks nothing" 0 \
	"$PTY" -- "$TETHER_BIN" edit mt --client-cert "$NGINX_CLIENT_CERT" \
	--client-key "$NGINX_CLIENT_KEY"
expect_no_match "  no prompt" "$T_OUT" 'passphrase'
expect_exit "  and it works" 0 tether test mt

# Servers that ask for the certificate in the TLS handshake (openssl
# s_server -Verify, failing on a missing or untrusted one): TLS 1.3 sends
# "certificate required", TLS 1.2 a bare handshake failure.
s_server() {
	S_PORT=$(free_port)
	openssl s_server -accept "127.0.0.1:$S_PORT" -cert "$NG/server.pem" \
		-key "$NG/server.key" -CAfile "$NGINX_CLIENT_CA" -Verify 1 \
		-verify_return_error -www -quiet "$1" >"$T_WORK/s_server$1.log" 2>&1 &
	t_on_exit "t_stop_pid $!"
	wait_until 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$S_PORT" ||
		t_fail "openssl s_server $1 starts" "$(cat "$T_WORK/s_server$1.log")"
}
s_server -tls1_3
p13=$S_PORT
s_server -tls1_2
p12=$S_PORT
tether add hs13 --host "https://127.0.0.1:$p13" --auth none --ca-bundle "$NGINX_CA" >/dev/null
tether add hs12 --host "https://127.0.0.1:$p12" --auth none --ca-bundle "$NGINX_CA" >/dev/null
expect_exit "TLS 1.3, no certificate: the test fails" 1 tether test hs13
expect_match "  naming the client certificate" "$T_OUT" 'asks for a TLS client certificate and this integration has none'
expect_match "  with the server's alert" "$T_OUT" 'certificate required'
expect_match "  and how to set one" "$T_OUT" 'tether edit hs13 --client-cert FILE --client-key FILE'
expect_exit "TLS 1.2, no certificate: the test fails" 1 tether test hs12
expect_match "  saying it may want a client certificate" "$T_OUT" 'refused the TLS handshake .*handshake failure.*: it may ask for a TLS client certificate'
tether edit hs13 --client-cert "$NGINX_CLIENT_CERT" --client-key "$NGINX_CLIENT_KEY" >/dev/null
expect_exit "TLS 1.3 with the certificate passes" 0 tether test hs13
tether edit hs13 --client-cert "$NGINX_ROGUE_CERT" --client-key "$NGINX_ROGUE_KEY" >/dev/null
expect_exit "TLS 1.3 with an untrusted certificate fails" 1 tether test hs13
expect_match "  saying it was not accepted" "$T_OUT" 'did not accept the TLS client certificate .*rogue.pem'

# Export and import: the paths always, the passphrase with --with-secrets.
printf '%s\n' "$PASS" | tether edit mt --client-cert "$NGINX_CLIENT_CERT" \
	--client-key "$NGINX_CLIENT_KEY_ENC" --client-key-pass-stdin >/dev/null
expect_exit "export" 0 tether export mt
expect_eq "  the certificate path" "$NGINX_CLIENT_CERT" "$(printf '%s' "$T_OUT" | jq -r '.integrations[0].network.client_cert')"
expect_eq "  the key path" "$NGINX_CLIENT_KEY_ENC" "$(printf '%s' "$T_OUT" | jq -r '.integrations[0].network.client_key')"
expect_eq "  the passphrase only as set" set "$(printf '%s' "$T_OUT" | jq -r '.integrations[0].network.client_key_pass')"
expect_no_match "  never its value" "$T_OUT" "$PASS"
printf '%s\n' "$T_OUT" >"$T_WORK/plain.json"
expect_exit "export --with-secrets" 0 tether export --with-secrets mt
printf '%s\n' "$T_OUT" >"$T_WORK/full.json"
expect_eq "  the passphrase itself" "$PASS" "$(jq -r '.integrations[0].network.client_key_pass' "$T_WORK/full.json")"
expect_exit "import with secrets into a fresh store" 0 tether --db "$T_WORK/a.db" import "$T_WORK/full.json"
expect_exit "  passes there" 0 tether --db "$T_WORK/a.db" test mt
expect_exit "import of the export without secrets is refused" 2 \
	tether --db "$T_WORK/b.db" import "$T_WORK/plain.json"
expect_match "  naming the passphrase" "$T_ERR" 'network.client_key_pass: .*exported without --with-secrets'

# Clearing the key clears its passphrase; clearing both leaves none.
expect_exit "clear both" 0 tether edit mt --client-cert '' --client-key ''
expect_exit "show" 0 tether show mt
expect_no_match "  no client certificate any more" "$T_OUT" '^Client (cert|key):'
expect_exit "the test fails again" 1 tether test mt
t_done
