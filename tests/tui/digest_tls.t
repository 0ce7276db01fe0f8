#!/bin/sh
# At 80x24: HTTP Digest is a method of step 2 and asks for its username
# and password in step 3; step 2's TLS fields (CA bundle, client
# certificate, key and passphrase, masked) are checked as typed, saved,
# and the saved integration passes against nginx asking for a client
# certificate; editing shows them back.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
t_setup
NG="$T_WORK/nginx"
export NGINX_CLIENT_KEY_PASS='tui-KeyPass 3'
t_server nginx "$NG"

tui_start 80 24
tui_expect "home starts empty" "Press n to set one up"
tui_keys n
tui_type "Mutual"
tui_keys C-n
tui_expect "step 2" "Hostname*"
tui_type "$NGINX_MTLS_URL"
tui_keys Tab Enter
tui_expect "the method list offers HTTP Digest" "HTTP Digest"
tui_keys End Enter
tui_expect "HTTP Digest chosen" "HTTP Digest "
# Timeout, Follow Redirects, Proxy, then the TLS fields.
tui_keys Tab Tab Tab Tab
tui_expect "step 2 shows the CA bundle at 80x24" "CA Bundle"
tui_type "$NGINX_CA"
tui_keys Tab
tui_expect "  and the client certificate" "Client Certificate"
tui_type "$T_WORK/missing.pem"
tui_expect "a missing certificate is said as typed" "missing.pem cannot be"
tui_keys C-u
tui_type "$NGINX_CLIENT_CERT"
tui_expect_gone "  a readable one clears it" "cannot be"
tui_keys C-n
tui_expect "Next without the key says it is needed" "needs its private key: fill in Client Key"
tui_type "$NGINX_CLIENT_KEY_ENC"
tui_keys Tab
tui_expect "  the key passphrase field" "Key Passphrase"
tui_type "$NGINX_CLIENT_KEY_PASS"
tui_expect_gone "  the passphrase is masked" "$NGINX_CLIENT_KEY_PASS"
tui_keys C-n
tui_expect "step 3 for Digest" "Digest Username*"
tui_expect "  and its password" "Digest Password*"
tui_type "dora"
tui_keys Tab
tui_type "dig-pw"
tui_keys C-n
tui_expect "step 4: nothing to authorize for Digest" "No action is needed"
tui_keys C-n
tui_expect "step 5" "Test Configuration"
tui_keys C-n
tui_expect "Finish saves" 'Saved "Mutual"'
tui_keys q
tui_exited
tui_stop

expect_exit "saved" 0 tether show Mutual
expect_match "  as digest" "$T_OUT" '^Auth method: +digest'
expect_match "  with the user" "$T_OUT" '^User: +dora'
expect_match "  the CA bundle" "$T_OUT" "^CA bundle: +$NGINX_CA\$"
expect_match "  the certificate" "$T_OUT" "^Client cert: +$NGINX_CLIENT_CERT\$"
expect_match "  the key, passphrase set" "$T_OUT" "^Client key: +$NGINX_CLIENT_KEY_ENC, passphrase set\$"
expect_exit "export --with-secrets" 0 tether export --with-secrets Mutual
expect_eq "  the passphrase as typed" "$NGINX_CLIENT_KEY_PASS" \
	"$(printf '%s' "$T_OUT" | jq -r '.integrations[0].network.client_key_pass')"
expect_exit "the saved one passes against nginx" 0 tether test Mutual

tui_start 80 24
tui_expect "home lists it" "Mutual"
tui_expect "  as Digest" "Digest"
tui_keys e
tui_expect "editing opens" "Configuration Details"
tui_keys C-n
tui_expect "step 2 shows the method" "HTTP Digest"
tui_keys Tab Tab Tab Tab Tab Tab
tui_expect "  the certificate" "client.pem"
tui_keys Tab Tab
tui_expect "  and the stored passphrase as set" "(set)"
# Clearing the certificate and key drops the passphrase with them.
tui_keys BTab C-u BTab C-u
tui_expect_gone "  certificate and key cleared" "client.pem"
tui_keys C-n
tui_expect "step 3 for Digest again" "Digest Username*"
tui_keys C-n C-n C-n
tui_expect "Finish saves the edit" 'Saved "Mutual"'
tui_keys q
tui_exited
tui_stop
expect_exit "show after the edit" 0 tether show Mutual
expect_no_match "  no client certificate any more" "$T_OUT" '^Client (cert|key):'
expect_exit "export" 0 tether export Mutual
expect_eq "  the passphrase went with the key" "not set" \
	"$(printf '%s' "$T_OUT" | jq -r '.integrations[0].network.client_key_pass')"

# Step 3's Token Client Auth: TLS needs the certificate of step 2.
printf 's\n' | tether add Svc --host api.example.com --auth oauth2 \
	--grant client_credentials --client-id c1 --client-secret-stdin \
	--token-url https://id.example.com/token >/dev/null
tui_start 80 24
tui_expect "home lists the OAuth one" "Svc"
tui_keys G e
tui_expect "editing it" 'Edit integration "Svc"'
tui_keys C-n C-n
tui_expect "step 3" "OAuth Client ID"
tui_keys Tab Tab Tab Tab Tab
tui_expect "Token Client Auth is a choice at 80x24" "Token Client Auth"
tui_expect "  now the Basic header" "HTTP Basic header"
tui_keys t
tui_expect "  TLS client certificate chosen" "TLS client certificate "
tui_keys C-n
tui_expect "Next says a certificate is needed" "needs a TLS client certificate:"
tui_expect "  where to set it" "fill in Client Certificate and Client Key in step 2"
tui_keys C-p
tui_expect "back on step 2" "Hostname*"
tui_keys Tab Tab Tab Tab Tab Tab
tui_type "$NGINX_CLIENT_CERT"
tui_keys Tab
tui_type "$NGINX_CLIENT_KEY"
tui_keys C-n
tui_expect "step 3 again" "OAuth Client ID"
tui_keys C-n
tui_expect "step 3 passes with the certificate: step 4" "Client credentials: tether asks"
tui_expect_gone "  the message is gone" "needs a TLS client certificate"
tui_keys C-n C-n
tui_expect "Finish saves" 'Saved "Svc"'
tui_keys q
tui_exited
tui_stop
expect_exit "saved" 0 tether show Svc
expect_match "  client auth tls" "$T_OUT" '^Client auth: +tls'
expect_match "  with the certificate" "$T_OUT" "^Client cert: +$NGINX_CLIENT_CERT\$"
t_done
