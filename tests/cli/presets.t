#!/bin/sh
# add --preset: the preset fills the integration, options given override
# it, an unknown preset and a malformed presets file are refused with
# exit 2 and a message naming the problem; edit refuses --preset.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/cli.sh"
t_setup
export TETHER_PRESETS="$TETHER_ROOT/data/presets.json"

js() { tether show "$1" --json | jq -r "$2"; }

# OAuth: everything but the client ID comes from the preset.
check "add with the google preset" tether add G --preset google \
	--client-id cid-1
expect_eq "base URL from the preset" https://www.googleapis.com \
	"$(js G .base_url)"
expect_eq "auth from the preset" oauth2 "$(js G .auth)"
expect_eq "test path from the preset" /oauth2/v3/userinfo "$(js G .test_path)"
expect_eq "token URL from the preset" https://oauth2.googleapis.com/token \
	"$(js G .oauth2.token_url)"
expect_eq "auth URL from the preset" \
	https://accounts.google.com/o/oauth2/v2/auth "$(js G .oauth2.auth_url)"
expect_eq "scope from the preset" "openid email profile" "$(js G .oauth2.scope)"
expect_eq "client auth from the preset" body "$(js G .oauth2.client_auth)"
expect_eq "PKCE from the preset" true "$(js G .oauth2.pkce)"
expect_eq "params from the preset" "access_type=offline prompt=consent" \
	"$(js G '[.oauth2.params[] | "\(.key // .name)=\(.value)"] | join(" ")')"
expect_eq "client ID given" cid-1 "$(js G .oauth2.client_id)"

# Names match in any case; explicit options win over the preset.
check "add with the preset's name and overrides" tether add G2 \
	--preset 'GOOGLE APIS' --client-id cid-2 --host https://example.org/api \
	--scope openid --no-pkce --test-path /me --description mine \
	--param hd=example.org
expect_eq "--host overrides" https://example.org/api "$(js G2 .base_url)"
expect_eq "--scope overrides" openid "$(js G2 .oauth2.scope)"
expect_eq "--no-pkce overrides" false "$(js G2 .oauth2.pkce)"
expect_eq "--test-path overrides" /me "$(js G2 .test_path)"
expect_eq "--description overrides" mine "$(js G2 .description)"
expect_eq "--param replaces the preset's" "hd=example.org" \
	"$(js G2 '[.oauth2.params[] | "\(.key // .name)=\(.value)"] | join(" ")')"
expect_eq "token URL still from the preset" https://oauth2.googleapis.com/token \
	"$(js G2 .oauth2.token_url)"

# API key: header and prefix from the preset, the key from stdin.
expect_exit "add with the openai preset" 0 sh -c \
	'printf "sk-1\n" | "$0" add O --preset openai --key-stdin' "$TETHER_BIN"
expect_eq "key header from the preset" Authorization "$(js O .api_key.header)"
expect_eq "key prefix from the preset" Bearer "$(js O .api_key.prefix)"
expect_eq "api-key base URL" https://api.openai.com/v1 "$(js O .base_url)"

# --auth overrides the preset's method.
check "add with a preset and another --auth" tether add N --preset openai \
	--auth none
expect_eq "--auth overrides" none "$(js N .auth)"

# Unknown preset.
expect_exit "unknown preset refused" 2 tether add U --preset no-such-api
expect_match "unknown preset named" "$T_ERR" '"no-such-api"'
expect_match "available ids listed" "$T_ERR" 'github.*google.*openai'
expect_exit "nothing added for an unknown preset" 1 tether show U

# Malformed presets file.
printf '{"version": 1, "presets": [{"id": "x", "name": "X", "base_url": "https://x.example", "auth": "api-key", "colour": "red", "api_key": {"header": "K"}}]}\n' \
	>"$T_WORK/bad.json"
TETHER_PRESETS="$T_WORK/bad.json" expect_exit "malformed presets refused" 2 \
	tether add B --preset x
expect_match "message names the file" "$T_ERR" "bad.json"
expect_match "message names the field" "$T_ERR" "colour"
printf '{"version": 1, "presets": [' >"$T_WORK/cut.json"
TETHER_PRESETS="$T_WORK/cut.json" expect_exit "truncated presets refused" 2 \
	tether add B --preset x
expect_match "truncated file named" "$T_ERR" "cut.json"
expect_exit "nothing added from a bad presets file" 1 tether show B

# Without a preset, --host and --auth are still needed.
expect_exit "add without --host or --preset refused" 2 tether add H --auth none
expect_match "missing --host named" "$T_ERR" "missing --host"
expect_exit "edit refuses --preset" 2 tether edit G --preset github
expect_match "edit names --preset" "$T_ERR" "--preset is for add"

# The help tells of it.
expect_exit "help add" 0 tether help add
expect_match "help add describes --preset" "$T_OUT" "--preset ID"

t_done
