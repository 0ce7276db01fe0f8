#!/bin/sh
# Tags in the wizard's step 1: shown when editing, checked as typed (a bad
# tag says why under the field and keeps the step), saved sorted and in
# lower case.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
t_setup

tether add open --host api.example.com --auth none --tag old >/dev/null
tui_start 80 24
tui_expect "home lists it" "open"
tui_keys e
tui_expect "step 1 has a Tags field" "Tags"
tui_expect "  holding the stored tags" "old"
tui_keys Tab Tab Tab C-u
tui_type "Customer-A, bad tag!"
tui_expect "a bad tag is said under the field" "tag holds letters, digits"
tui_keys C-n
tui_expect "  and the step stays" "Groups to test together"
tui_keys C-u
tui_type "Customer-A, prod"
tui_expect_gone "a good list clears the message" "tag holds letters"
tui_keys C-n
tui_expect "step 2" "Hostname*"
tui_keys C-n C-n C-n C-n
tui_expect "saved" "Saved \"open\""
expect_eq "the tags are stored, sorted, in lower case" '["customer-a","prod"]' \
	"$(tether show open --json | jq -c .tags)"
tui_keys q
tui_exited
tui_stop
t_done
