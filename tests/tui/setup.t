#!/bin/sh
# Complete setups through the wizard, checked with `tether show --json` and
# `tether export --with-secrets`: API key at 100x30, Basic at 80x24; editing
# keeps a secret unless Change is used; Esc discards an edit.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
t_setup

field() { tether show "$1" --json | jq -r ".$2"; }
secret() { tether export "$1" --with-secrets | jq -r ".integrations[0].$2"; }

# ---- API key, 100x30 ----------------------------------------------------
tui_start 100 30
tui_expect "home starts empty" "Press n to set one up"
tui_keys n
tui_type "Rapid API"
tui_keys Tab
# A long description with UTF-8, pasted (bracketed paste): the line break
# is dropped, nothing is lost.
long="Música data — $(printf 'abcdefghij%.0s' 1 2 3 4 5 6 7 8 9 10 11 12) end"
tui_tmux set-buffer "${long% end}
 end"
tui_tmux paste-buffer -p
tui_expect "the pasted description scrolls to its end" " end"
tui_keys C-n
tui_expect "step 2" "Hostname*"
tui_type "https://API.Example.com/v2/"
tui_expect "the hostname is normalised live" "Requests go to https://api.example.com/v2"
tui_keys Tab Enter
tui_expect "the method drop-down opens" "Basic Authentication"
tui_keys Down Enter
tui_expect "API Key chosen" "API Key "
tui_keys C-n
tui_expect "step 3 for an API key" "API Key Header Name*"
tui_type "k-123456"
tui_keys Tab Tab
tui_type "X-RapidAPI-Key"
tui_keys Tab
tui_type "Bearer"
tui_expect "typed the preamble" "Bearer"
expect_no_match "the key is masked" "$(tui_screen)" "k-123456"
tui_keys BTab BTab BTab C-r
tui_expect "Ctrl-R reveals the key" "k-123456"
tui_keys C-r
tui_expect_gone "Ctrl-R hides it again" "k-123456"
tui_keys C-n
tui_expect "step 4 needs no action" "No action is needed for this step"
tui_keys C-n
tui_expect "step 5 offers the test path" "Test Action URL Path"
tui_keys C-n
tui_expect "Finish saves" "Saved \"Rapid API\""
tui_expect "home lists it" "https://api.example.com/v2"

expect_eq "saved: base URL" "https://api.example.com/v2" "$(field 'Rapid API' base_url)"
expect_eq "saved: auth" "api-key" "$(field 'Rapid API' auth)"
expect_eq "saved: key in a header" "header" "$(field 'Rapid API' api_key.in)"
expect_eq "saved: header" "X-RapidAPI-Key" "$(field 'Rapid API' api_key.header)"
expect_eq "saved: preamble" "Bearer" "$(field 'Rapid API' api_key.prefix)"
expect_eq "saved: the pasted description" "$long" "$(field 'Rapid API' description)"
expect_eq "saved: the key" "k-123456" "$(secret 'Rapid API' api_key.key)"
tui_keys q
tui_exited
expect_eq "q quits with 0" 0 "$TUI_RC"
tui_stop

# ---- Basic, 80x24 -------------------------------------------------------
tui_start 80 24
tui_expect "home lists the first one" "Rapid API"
tui_keys n
tui_type "Bitbucket"
tui_keys C-n
tui_type "api.bitbucket.org"
tui_keys Tab b
tui_expect "a letter picks Basic Authentication" "Basic Authentication"
tui_keys C-n
tui_expect "step 3 for Basic" "Basic Auth Password*"
tui_keys C-n
tui_expect "Next refuses an empty username" "A username is required"
tui_type "admin"
tui_keys Tab
tui_type "pw:secret"
tui_keys C-n C-n C-n
tui_expect "Basic saved" "Saved \"Bitbucket\""
expect_eq "saved: username" "admin" "$(field Bitbucket basic.username)"
expect_eq "saved: password" "pw:secret" "$(secret Bitbucket basic.password)"

# ---- editing keeps the password unless changed ---------------------------
tui_keys Enter
tui_expect "Enter edits the selected one" "Edit integration \"Bitbucket\""
tui_keys Tab
tui_type "Code hosting"
tui_keys C-n C-n
tui_expect "a stored password shows as set" "(set)"
expect_no_match "and not its value" "$(tui_screen)" "pw:secret"
tui_keys C-n C-n C-n
tui_expect "edit saved" "Saved \"Bitbucket\""
expect_eq "edit: description changed" "Code hosting" "$(field Bitbucket description)"
expect_eq "edit: password kept" "pw:secret" "$(secret Bitbucket basic.password)"

tui_keys e C-n C-n Tab Enter
tui_expect_gone "Change clears the stored secret" "(set)"
tui_type "n3w-pw"
tui_keys C-n C-n C-n
tui_expect "changed password saved" "Saved \"Bitbucket\""
expect_eq "edit: password changed" "n3w-pw" "$(secret Bitbucket basic.password)"
expect_eq "edit: username kept" "admin" "$(field Bitbucket basic.username)"

# ---- a provider preset prefills step 2 and 3 ------------------------------
tui_keys n
tui_type "GH"
tui_keys C-n BTab Enter
tui_expect "the preset list opens" "Custom (fill in everything yourself)"
tui_keys Down Down Enter
tui_expect "a preset fills the hostname" "Requests go to https://api.github.com"
tui_keys C-n
tui_expect "and the method's details" "Authorization"
tui_keys Escape y
tui_expect "discarded the preset one" "Discarded; nothing was saved."

# ---- Esc discards an edit ----------------------------------------------
before=$(tether show Bitbucket --json)
tui_keys e Tab C-u
tui_type "Changed my mind"
tui_keys Escape
tui_expect "Esc asks first" "Discard changes?"
tui_keys y
tui_expect "discarded" "Discarded; nothing was saved."
expect_eq "Esc leaves the store unchanged" "$before" "$(tether show Bitbucket --json)"
tui_keys q
tui_exited
tui_stop
t_done
