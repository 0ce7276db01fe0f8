#!/bin/sh
# Step 1 checks the name as it is typed: "Default" in every spelling is
# reserved, a taken name is refused (case-insensitively), and Next does not
# advance while the name is invalid; a name taken meanwhile by another
# process is refused at Finish, back on step 1. A bidi control in a name
# is refused with the command line's message.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
t_setup

tui_start 100 30
tui_expect "empty store shows the welcome" "Press n to set one up"
tui_keys n
tui_expect "n opens the wizard on step 1" "Configuration Details"

for spelling in "  Default " default DEFAULT dEfAuLt Default; do
	tui_keys C-u
	tui_type "$spelling"
	tui_expect "\"$spelling\" is refused as reserved" "is reserved"
done

# Next, then a marker typed: it lands in the name field only if Next
# stayed on step 1.
tui_keys C-n
tui_type "Q"
tui_expect "Next does not advance with a reserved name" "DefaultQ"
expect_no_match "step 2 is not shown" "$(tui_screen)" "Hostname"
tui_keys BSpace

tui_keys C-u
tui_expect_gone "clearing the name clears the message" "is reserved"
tui_keys C-n
tui_expect "an empty name is refused on Next" "A name is required"

tui_type "Defaults"
tui_expect_gone "a longer name is accepted" "is reserved"

# Save one integration, then try its name again in another spelling.
tui_keys C-u
tui_type "Spotify"
tui_keys C-n
tui_expect "Next goes to step 2" "Hostname*"
tui_type "api.spotify.com"
tui_keys C-n C-n C-n C-n
tui_expect "Finish returns home with it saved" "Saved \"Spotify\""
tui_keys n
tui_expect "the wizard opens again" "Configuration Details"
tui_type "sPoTiFy"
tui_expect "a taken name is refused live" "is already used"
tui_keys C-n
tui_type "Q"
tui_expect "Next does not advance with a taken name" "sPoTiFyQ"
expect_no_match "step 2 is not shown" "$(tui_screen)" "Hostname"

tui_keys Escape y
tui_expect "the wizard is left" "Discarded; nothing was saved."

# A name taken by another process while the wizard was open: Finish is
# refused by the store, and the error lands on the step that owns the
# name (step 1), under the field.
tui_keys n
tui_type "Racer"
tui_keys C-n
tui_type "api.racer.example"
tui_keys C-n C-n C-n
tui_expect "the wizard reaches step 5" "Test Action URL Path"
tether add racer --host api.other.example --auth none >/dev/null
tui_keys C-n
tui_expect "Finish goes back to the step of the name" "Configuration Details"
tui_expect "with the store's refusal under it" "is taken: an integration named"
expect_no_match "nothing was saved over the other" \
	"$(tether show racer --json | jq -r .base_url)" "api.racer.example"

# A bidi override in the name: the same message as the command line's,
# naming the character and where it is.
tui_keys C-u
tui_type "ab$(printf '\342\200\256')cd"
tui_expect "a name with U+202E is refused live" "U+202E RIGHT-TO-LEFT OVERRIDE at character 3"
tui_stop
t_done
