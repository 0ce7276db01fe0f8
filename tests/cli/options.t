#!/bin/sh
# add and edit: every option reaches the store, edit changes only what is
# given, bad values are refused naming the field, options of another auth
# method are refused.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/cli.sh"
t_setup

# none, with the options every method has.
check "add none with every common option" tether add Plain \
	--host 'HTTPS://API.Example.com:8443/v2/' --auth none \
	--description 'plain one' --test-path health --connect-timeout 2.5 \
	--timeout 40 --ca-bundle /etc/ssl/certs/ca-certificates.crt
shown Plain
expect_eq "host normalised" https://api.example.com:8443/v2 "$(f 'Base URL')"
expect_eq "description" "plain one" "$(f Description)"
expect_eq "test path gets its slash" /health "$(f 'Test path')"
expect_eq "auth none" none "$(f 'Auth method')"
expect_eq "connect timeout" "2.5 s" "$(f 'Connect timeout')"
expect_eq "timeout" "40 s" "$(f 'Timeout')"
expect_eq "ca bundle" /etc/ssl/certs/ca-certificates.crt "$(f 'CA bundle')"
expect_eq "TLS verification on by default" on "$(f 'TLS verification')"
expect_eq "not default" no "$(f Default)"

# api-key
expect_exit "add api-key" 0 sh -c 'printf "k-abc\n" | "$0" add Keyed --host api.example.com --auth api-key --key-header X-Api-Token --key-prefix Token --key-in query --key-stdin' "$TETHER_BIN"
shown Keyed
expect_eq "key name" X-Api-Token "$(f 'Key name')"
expect_eq "key prefix" Token "$(f 'Key prefix')"
expect_eq "key placement" query "$(f 'Key in')"
expect_eq "key set" set "$(f 'API key')"

# basic
expect_exit "add basic" 0 sh -c 'printf "pw 1:2\n" | "$0" add Based --host http://127.0.0.1:8080 --auth basic --user alice --password-stdin' "$TETHER_BIN"
shown Based
expect_eq "basic user" alice "$(f User)"
expect_eq "basic password set" set "$(f Password)"
expect_eq "explicit http kept" http://127.0.0.1:8080 "$(f 'Base URL')"

# oauth2, every option
expect_exit "add oauth2 with every option" 0 sh -c 'printf "cs-1\n" | "$0" add Authed --host api.example.com --auth oauth2 --grant client-credentials --client-id my-client --client-secret-stdin --auth-url https://id.example.com/authorize --token-url https://id.example.com/token --device-url https://id.example.com/device --scope "read write" --client-auth body --no-pkce --param audience=api --param prompt=consent --redirect-port 9001' "$TETHER_BIN"
shown Authed
expect_eq "grant" client_credentials "$(f Grant)"
expect_eq "client id" my-client "$(f 'Client ID')"
expect_eq "client secret set" set "$(f 'Client secret')"
expect_eq "auth url" https://id.example.com/authorize "$(f 'Authorization URL')"
expect_eq "token url" https://id.example.com/token "$(f 'Token URL')"
expect_eq "device url" https://id.example.com/device "$(f 'Device URL')"
expect_eq "scope" "read write" "$(f Scope)"
expect_eq "client auth" body "$(f 'Client auth')"
expect_eq "pkce off" off "$(f PKCE)"
expect_eq "params" "audience=api prompt=consent" "$(tether show Authed | sed -n 's/^Parameter: *//p' | tr '\n' ' ' | sed 's/ $//')"
shown Authed
expect_eq "redirect port" 9001 "$(f 'Redirect port')"
expect_eq "redirect uri" http://127.0.0.1:9001/callback "$(f 'Redirect URI')"
expect_eq "not authorized yet" "not authorized" "$(f Token)"

check "add oauth2 defaults" tether add Defaults --host api.example.com --auth oauth2 \
	--client-id c --auth-url https://id.example.com/a --token-url https://id.example.com/t
shown Defaults
expect_eq "grant defaults to authorization_code" authorization_code "$(f Grant)"
expect_eq "pkce on by default" on "$(f PKCE)"
expect_eq "client auth basic by default" basic "$(f 'Client auth')"
expect_eq "redirect port 8765 by default" 8765 "$(f 'Redirect port')"
expect_eq "public client: no secret" "not set" "$(f 'Client secret')"

# The same through --json.
expect_exit "show --json" 0 tether show Authed --json
expect_eq "json: name" Authed "$(printf '%s' "$T_OUT" | jq -r .name)"
expect_eq "json: auth" oauth2 "$(printf '%s' "$T_OUT" | jq -r .auth)"
expect_eq "json: client id" my-client "$(printf '%s' "$T_OUT" | jq -r .oauth2.client_id)"
expect_eq "json: client secret only as set" set "$(printf '%s' "$T_OUT" | jq -r .oauth2.client_secret)"
expect_eq "json: params" "audience=api prompt=consent" "$(printf '%s' "$T_OUT" | jq -r '[.oauth2.params[] | "\(.key)=\(.value)"] | join(" ")')"
expect_eq "json: redirect port" 9001 "$(printf '%s' "$T_OUT" | jq -r .oauth2.redirect_port)"
expect_eq "json: pkce" false "$(printf '%s' "$T_OUT" | jq -r .oauth2.pkce)"
expect_exit "list --json" 0 tether list --json
expect_eq "list --json: every integration, sorted by name" "Authed Based Defaults Keyed Plain" \
	"$(printf '%s' "$T_OUT" | jq -r '[.[].name] | join(" ")')"
expect_eq "list --json: timeouts in ms" 2500 "$(printf '%s' "$T_OUT" | jq -r '.[] | select(.name == "Plain") | .network.connect_timeout_ms')"

# edit changes only what is given
before=$(tether show Authed | grep -v '^Updated:')
check "edit the scope only" tether edit Authed --scope admin
after=$(tether show Authed | grep -v '^Updated:')
expect_eq "only the scope changed" "$(printf '%s\n' "$before" | sed 's/^Scope: .*/Scope: admin/')" \
	"$(printf '%s\n' "$after" | sed 's/^Scope: .*/Scope: admin/')"
shown Authed
expect_eq "scope changed" admin "$(f Scope)"
check "edit --pkce turns it back on" tether edit Authed --pkce
shown Authed
expect_eq "pkce on" on "$(f PKCE)"
expect_eq "client secret kept by edit" set "$(f 'Client secret')"
check "edit replaces the params" tether edit Authed --param access_type=offline
expect_eq "params replaced" "access_type=offline" "$(tether show Authed | sed -n 's/^Parameter: *//p' | tr '\n' ' ' | sed 's/ $//')"
check "edit --clear-params" tether edit Authed --clear-params
expect_eq "params cleared" "" "$(tether show Authed | sed -n 's/^Parameter: *//p')"
check "edit grant device_code" tether edit Authed --grant device_code
shown Authed
expect_eq "grant changed" device_code "$(f Grant)"
expect_eq "scope kept" admin "$(f Scope)"

check "edit description only" tether edit Keyed --description 'now described'
shown Keyed
expect_eq "description set" "now described" "$(f Description)"
expect_eq "key header kept" X-Api-Token "$(f 'Key name')"
expect_eq "key kept" set "$(f 'API key')"
expect_exit "key value kept" 0 tether export Keyed --with-secrets
expect_match "key value unchanged after edit" "$T_OUT" 'k-abc'
check "edit --key-prefix '' clears it" tether edit Keyed --key-prefix ''
shown Keyed
expect_eq "prefix cleared" - "$(f 'Key prefix')"
check "edit --key-in header" tether edit Keyed --key-in header
shown Keyed
expect_eq "placement header" header "$(f 'Key in')"
check "edit --host" tether edit Keyed --host other.example.com/api/
shown Keyed
expect_eq "host changed and normalised" https://other.example.com/api "$(f 'Base URL')"
check "edit --test-path" tether edit Keyed --test-path /v1/me
shown Keyed
expect_eq "test path changed" /v1/me "$(f 'Test path')"
check "edit --insecure" tether edit Keyed --insecure
shown Keyed
expect_eq "TLS verification off" "OFF (insecure)" "$(f 'TLS verification')"
expect_exit "list flags the insecure integration" 0 tether list
expect_match "list marks it" "$T_OUT" 'Keyed .*\[insecure\]'
expect_match "list warns" "$T_ERR" 'warning: TLS verification is off for Keyed'
check "edit --no-insecure" tether edit Keyed --no-insecure
shown Keyed
expect_eq "TLS verification on again" on "$(f 'TLS verification')"
expect_exit "list no longer warns" 0 tether list
expect_no_match "no warning" "$T_ERR" 'warning'
check "edit timeouts" tether edit Keyed --connect-timeout 1 --timeout 12.5
shown Keyed
expect_eq "connect timeout edited" "1 s" "$(f 'Connect timeout')"
expect_eq "timeout edited" "12.5 s" "$(f Timeout)"
check "edit user" tether edit Based --user bob
shown Based
expect_eq "user changed" bob "$(f User)"
expect_eq "password kept" set "$(f Password)"

expect_exit "edit with no option is a usage error" 2 tether edit Keyed
expect_match "says there is nothing to change" "$T_ERR" "nothing to change"

# switching the method
expect_exit "switch basic to api-key without a key fails" 2 tether edit Based --auth api-key --key-header X-K
shown Based
expect_eq "failed edit changed nothing" basic "$(f 'Auth method')"
expect_exit "switch basic to api-key" 0 sh -c 'printf "newkey\n" | "$0" edit Based --auth api-key --key-header X-K --key-stdin' "$TETHER_BIN"
shown Based
expect_eq "method switched" api-key "$(f 'Auth method')"
expect_exit "old password forgotten" 0 tether export Based --with-secrets
expect_no_match "no password left after switching" "$T_OUT" 'pw 1:2'
expect_match "new key stored" "$T_OUT" 'newkey'

# bad values name the field and exit 2
bad() { # DESC FIELD ARGS...
	desc=$1 f=$2
	shift 2
	expect_exit "$desc is refused with 2" 2 tether "$@"
	expect_match "$desc names $f" "$T_ERR" "^tether: $f: "
}
bad "unknown auth" auth add X --host h.example.com --auth magic
bad "unknown grant" grant add X --host h.example.com --auth oauth2 --grant implicit --client-id c --token-url https://h.example.com/t
bad "unknown client auth" client_auth add X --host h.example.com --auth oauth2 --client-auth jwt --client-id c
bad "unknown placement" key_in edit Keyed --key-in cookie
bad "redirect port 0" redirect_port edit Authed --redirect-port 0
bad "redirect port 70000" redirect_port edit Authed --redirect-port 70000
bad "redirect port not a number" redirect_port edit Authed --redirect-port abc
bad "param without =" param edit Authed --param novalue
bad "timeout not a number" timeout edit Keyed --timeout soon
bad "negative connect timeout" connect_timeout edit Keyed --connect-timeout -1
bad "test path with a space" test_path edit Keyed --test-path '/a b'
bad "host with a space" base_url add X --host 'api example.com' --auth none
bad "host with user:pass@" base_url add X --host 'https://u:p@api.example.com' --auth none
bad "host with a query" base_url add X --host 'api.example.com/?a=1' --auth none
bad "ftp host" base_url add X --host 'ftp://api.example.com' --auth none
bad "header name with a space" key_header edit Keyed --key-header 'X Key'
bad "header prefix with a newline" key_prefix edit Keyed --key-prefix "$(printf 'a\nb')"
bad "token url not a URL" token_url edit Authed --token-url notaurl
expect_exit "missing --host" 2 tether add X --auth none
expect_match "missing --host is said" "$T_ERR" 'missing --host'
expect_exit "missing --auth" 2 tether add X --host h.example.com
expect_match "missing --auth is said" "$T_ERR" 'missing --auth'
expect_exit "api-key without its header" 2 sh -c 'printf "k\n" | "$0" add X --host h.example.com --auth api-key --key-stdin' "$TETHER_BIN"
expect_match "the header is named" "$T_ERR" 'key_header'
expect_exit "api-key without a key (no terminal)" 2 tether add X --host h.example.com --auth api-key --key-header X-K
expect_match "the key is named" "$T_ERR" 'api_key'
expect_exit "basic without a user" 2 sh -c 'printf "p\n" | "$0" add X --host h.example.com --auth basic --password-stdin' "$TETHER_BIN"
expect_exit "oauth2 without a client id" 2 tether add X --host h.example.com --auth oauth2 --token-url https://h.example.com/t --auth-url https://h.example.com/a
expect_match "client id named" "$T_ERR" 'client_id'
expect_exit "edit of a missing integration" 1 tether edit Nobody --description x
expect_exit "nothing refused was added" 1 tether show X

# options of another method
expect_exit "--user on api-key refused" 2 tether edit Keyed --user bob
expect_match "says which method --user is for" "$T_ERR" '--user applies to --auth basic'
expect_exit "--key-header on none refused" 2 tether add Y --host h.example.com --auth none --key-header X-K
expect_exit "--scope on basic refused" 2 tether add Y --host h.example.com --auth basic --user u --scope s
expect_exit "nothing added" 1 tether show Y

# warnings
expect_exit "plain http to a remote host warns" 0 tether add Web --host http://web.example.com --auth none
expect_match "http warning" "$T_ERR" 'warning: .*plain http'
expect_exit "insecure warns on add" 0 tether add Tls --host tls.example.com --auth none --insecure
expect_match "insecure warning" "$T_ERR" 'warning: TLS verification is off'

t_done
