#!/bin/sh
# Step 3's Discover against a real oidc-provider: the Issuer field fills the
# authorization, token, device and revocation URLs and says what it found;
# an issuer without metadata is said so under the field; a slow one shows
# progress while the screen stays live, and Esc cancels it. Saved at
# Finish.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
oidc_start || exit 1
t_server nginx "$T_WORK/nginx"

# From the wizard's start to step 3's Issuer field, for an OAuth 2.0
# integration called $1.
to_issuer() {
	tui_keys n
	tui_expect "step 1 for $1" "Configuration Details"
	tui_type "$1"
	tui_keys C-n
	tui_expect "step 2 for $1" "Hostname*"
	tui_type "$OIDC_URL"
	tui_keys Tab o
	tui_expect "OAuth 2.0 chosen" "OAuth 2.0"
	tui_keys C-n
	tui_expect "step 3" "OAuth Client ID"
	tui_keys Tab
	tui_type "tether-native"
	# secret, authorization URL, token URL, scope, Basic, PKCE, port,
	# parameters, revocation URL, issuer
	tui_keys Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab
	tui_expect "the Issuer field is last" "Discover"
}

tui_start 110 40
tui_expect "home starts empty" "Press n to set one up"
to_issuer Disc
tui_type "$OIDC_URL"
tui_keys Tab Enter
tui_expect "Discover says what it found" \
	"Found $OIDC_URL/.well-known/oauth-authorization-server"
tui_expect "and what it chose" "PKCE on; iss checked"
tui_keys BTab BTab
tui_expect "the revocation URL was filled" "$OIDC_URL/token/revocation"
tui_keys C-n
tui_expect "step 4" "Authorize"
tui_keys C-n C-n
tui_expect "Finish saves" "Saved \"Disc\""
out=$(tether show Disc)
expect_match "the authorization URL was saved" "$out" "Authorization URL: $OIDC_URL/auth\$"
expect_match "the token URL" "$out" "Token URL: +$OIDC_URL/token\$"
expect_match "the revocation URL" "$out" "Revocation URL: +$OIDC_URL/token/revocation\$"
expect_match "the issuer, iss required" "$out" "Issuer: +$OIDC_URL \(iss required in responses\)"

to_issuer None
tui_type "$OIDC_URL/nothing"
tui_keys Tab Enter
tui_expect "an issuer without metadata is said so" "has no metadata"
# Replace the issuer with one whose metadata never comes in time.
tui_keys BTab
tui_keys C-a C-k
tui_type "$NGINX_URL/slow"
tui_keys Tab Enter
tui_expect "Discover shows that it is reading" "Reading the issuer's metadata... (Esc cancels)"
tui_keys Escape
tui_expect "Esc cancels it" "Discovery cancelled"
tui_expect "and the step stays" "Authentication Details"
tui_keys Escape
tui_keys q
tui_stop
t_done
