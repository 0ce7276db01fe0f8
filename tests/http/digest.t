#!/bin/bash
# HTTP Digest (--auth digest) against httpbin's /digest-auth/auth/USER/PASS:
# the right password passes, a wrong one is a 401 with the server's
# challenge; the password stays out of --curl and show. (httpbin wants the
# password in the path too: the checks look at the secret itself.)
. "$(dirname "$0")/../lib.sh"
t_setup
HB="$T_WORK/httpbin"
t_server httpbin "$HB"
PW='dig-Pw-7x'

printf '%s\n' "$PW" | tether add dg --host "$HTTPBIN_URL" --auth digest \
	--user dora --password-stdin --test-path "/digest-auth/auth/dora/$PW" >/dev/null
check "digest integration added" tether show dg
expect_exit "test passes with the right password" 0 tether test dg
expect_match "  it says PASS" "$T_OUT" '^PASS dg: 200'
expect_exit "a request answers as dora" 0 tether request dg GET "/digest-auth/auth/dora/$PW"
expect_eq "  httpbin saw the user" "dora" "$(printf '%s' "$T_OUT" | jq -r .user)"
expect_exit "show" 0 tether show dg
expect_match "  method digest" "$T_OUT" '^Auth method: +digest'
expect_match "  user shown" "$T_OUT" '^User: +dora'
expect_match "  password set, not shown" "$T_OUT" '^Password: +set'
expect_exit "--curl" 0 tether request dg GET /digest-auth/auth/dora/x --curl
expect_match "  uses --digest" "$T_OUT" ' --digest -u '
expect_no_match "  no password in --curl" "$T_OUT" "$PW"

# Basic credentials do not pass a Digest check: the method matters.
printf '%s\n' "$PW" | tether add bs --host "$HTTPBIN_URL" --auth basic \
	--user dora --password-stdin --test-path "/digest-auth/auth/dora/$PW" >/dev/null
expect_exit "the same password as Basic fails" 1 tether test bs

printf 'wrong\n' | tether edit dg --password-stdin >/dev/null
expect_exit "a wrong password fails" 1 tether test dg
expect_match "  401, credentials rejected" "$T_OUT" 'rejected the credentials \(401\)'
expect_match "  the diagnosis names the user" "$T_OUT" 'username \(dora\)'
expect_match "  and quotes the Digest challenge" "$T_OUT" 'asks for: Digest'

# Export keeps the method; the password only with --with-secrets.
printf '%s\n' "$PW" | tether edit dg --password-stdin >/dev/null
expect_exit "export" 0 tether export dg
expect_eq "  auth digest" digest "$(printf '%s' "$T_OUT" | jq -r '.. | objects | select(has("auth")) | .auth' | head -1)"
expect_eq "  the password is only \"set\" without --with-secrets" set \
	"$(printf '%s' "$T_OUT" | jq -r '.integrations[0].basic.password')"
expect_exit "export --with-secrets" 0 tether export --with-secrets dg
printf '%s\n' "$T_OUT" >"$T_WORK/dg.json"
expect_eq "  the password with --with-secrets" "$PW" \
	"$(jq -r '.integrations[0].basic.password' "$T_WORK/dg.json")"
expect_exit "import into a fresh store" 0 tether --db "$T_WORK/fresh.db" import "$T_WORK/dg.json"
expect_exit "  the imported one passes" 0 tether --db "$T_WORK/fresh.db" test dg

# Options of Basic apply to Digest; --auth digest is named in errors.
expect_exit "--user applies to digest" 0 tether edit dg --user dora
expect_exit "an unknown method lists digest" 2 tether edit dg --auth digestx
expect_match "  digest named" "$T_ERR" 'digest'
t_done
