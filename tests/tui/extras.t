#!/bin/sh
# Step 3's rows of extra headers and query parameters: an edit shows the
# stored ones (a secret as stored), a header added there and a secret
# switched on are saved, a row whose name is emptied is removed, and the
# stored secret survives an edit that does not change it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
t_setup

extras() { tether show hx --json | jq -c '[.headers[], .query[] | [.name, .value, .secret]]'; }

printf 's3cret-v\n' | tether add hx --host api.example.com --auth none \
	--header 'A-One: 1' --header-secret X-Sec >/dev/null

tui_start 100 40
tui_expect "home lists it" "https://api.example.com"
tui_keys e
tui_expect "the wizard edits it" "Configuration Details"
tui_keys C-n
tui_expect "step 2" "Hostname*"
tui_keys C-n
tui_expect "step 3 shows the rows" "Header 2"
tui_expect "  the plain header" "A-One"
expect_no_match "  the secret is not shown" "$(tui_screen)" "s3cret-v"
# Focus: Header 1 name, value, secret; Header 2 name, value, secret; Add Header.
tui_keys Tab Tab Tab Tab Tab Tab Enter
tui_expect "Add Header adds a row" "Header 3"
tui_type "Notion-Version"
tui_keys Tab
tui_type "2022-06-28"
tui_keys Tab Space
tui_expect "the Secret switch masks the value" "Secret: hidden"
expect_no_match "  masked" "$(tui_screen)" "2022-06-28"
tui_keys C-n
tui_expect "step 4" "No action is needed for this step"
tui_keys C-n
tui_expect "step 5" "Test Action URL Path"
tui_keys C-n
tui_expect "Finish saves" "Saved \"hx\""
expect_eq "saved: the rows" \
	'[["A-One","1",false],["X-Sec","set",true],["Notion-Version","set",true]]' \
	"$(extras)"
expect_exit "the new secret header reads back" 0 tether export hx --with-secrets
expect_eq "  its value" "2022-06-28" \
	"$(printf '%s' "$T_OUT" | jq -r '.integrations[0].headers[2].value')"
expect_eq "  the stored secret kept" "s3cret-v" \
	"$(printf '%s' "$T_OUT" | jq -r '.integrations[0].headers[1].value')"

# Empty the first row's name: the row goes.
tui_keys e
tui_expect "edit again" "Configuration Details"
tui_keys C-n
tui_expect "step 2 again" "Hostname*"
tui_keys C-n
tui_expect "step 3 again" "Header 3"
tui_keys End C-u
tui_keys C-n
tui_expect "step 4 again" "No action is needed for this step"
tui_keys C-n C-n
tui_expect "saved again" "Saved \"hx\""
expect_eq "the emptied row is removed" \
	'[["X-Sec","set",true],["Notion-Version","set",true]]' "$(extras)"
t_done
