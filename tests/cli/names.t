#!/bin/sh
# Names: "Default" reserved in any spelling, uniqueness without regard to
# case, and rename / copy / default / rm semantics.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/cli.sh"
t_setup

for n in Default default DEFAULT ' DEFAULT ' dEfAuLt '  default'; do
	expect_exit "add \"$n\" is refused with 2" 2 tether add "$n" --host api.example.com --auth none
	expect_match "add \"$n\": the name field is named" "$T_ERR" '^tether: name: '
	expect_match "add \"$n\": says it is reserved" "$T_ERR" 'reserved'
done
expect_exit "empty name refused" 2 tether add '' --host api.example.com --auth none
expect_match "empty name: field named" "$T_ERR" '^tether: name: '
long=$(printf '%065d' 0)
expect_exit "65-character name refused" 2 tether add "$long" --host api.example.com --auth none
expect_exit "64-character name accepted" 0 tether add "$(printf '%064d' 0)" --host api.example.com --auth none
expect_exit "control character in a name refused" 2 tether add "$(printf 'a\tb')" --host api.example.com --auth none
expect_exit "store still holds one integration" 0 tether list --json
expect_eq "nothing refused was stored" 1 "$(printf '%s' "$T_OUT" | jq length)"

check "add Billing" tether add Billing --host api.example.com --auth none
expect_exit "same name in another case refused" 1 tether add BILLING --host api.example.com --auth none
expect_match "duplicate: names the field" "$T_ERR" '^tether: name: '
expect_match "duplicate: says it is taken by Billing" "$T_ERR" 'taken by the integration "Billing"'
expect_exit "same name with spaces refused" 1 tether add '  billing ' --host api.example.com --auth none
check "a name is trimmed" tether add '  Payroll  ' --host api.example.com --auth none
shown payroll
expect_eq "trimmed name stored" "Payroll" "$(f Name)"
expect_exit "show finds names without regard to case" 0 tether show PAYROLL

# default: one at most.
check "add a default" tether add First --host a.example.com --auth none --default
shown First
expect_eq "First is the default" yes "$(f Default)"
check "add another default" tether add Second --host b.example.com --auth none --default
shown Second
expect_eq "Second is the default" yes "$(f Default)"
shown First
expect_eq "First no longer is" no "$(f Default)"
expect_eq "exactly one default" 1 "$(default_count)"
check "tether default First" tether default First
shown First
expect_eq "First is the default again" yes "$(f Default)"
shown Second
expect_eq "Second no longer is" no "$(f Default)"
expect_eq "still exactly one default" 1 "$(default_count)"
expect_exit "default of a missing name fails" 1 tether default Nobody
expect_match "missing name is named" "$T_ERR" 'Nobody'
check "edit --default moves the default" tether edit Second --default
expect_eq "one default after edit --default" 1 "$(default_count)"
shown Second
expect_eq "Second is default after edit" yes "$(f Default)"
check "edit --no-default" tether edit Second --no-default
expect_eq "no default left" 0 "$(default_count)"

# rename
check "rename Billing to Invoices" tether rename Billing Invoices
expect_exit "old name gone" 1 tether show Billing
expect_exit "new name present" 0 tether show Invoices
expect_exit "rename to a taken name fails" 1 tether rename Invoices payroll
expect_exit "rename to Default is refused" 2 tether rename Invoices ' default '
expect_match "rename to Default names the field" "$T_ERR" 'name: .*reserved'
expect_exit "rename of a missing name fails" 1 tether rename Nobody Someone
check "rename changing only case" tether rename Invoices INVOICES
shown invoices
expect_eq "case-only rename applied" INVOICES "$(f Name)"

# copy
printf 'copy-secret-1\n' | tether add Keyed --host keyed.example.com --auth api-key \
	--key-header X-API-Key --key-stdin --description 'the original' --default >/dev/null
check "copy Keyed to Keyed2" tether copy Keyed Keyed2
shown Keyed2
expect_eq "copy has the base URL" https://keyed.example.com "$(f 'Base URL')"
expect_eq "copy has the description" "the original" "$(f Description)"
expect_eq "copy has the key header" X-API-Key "$(f 'Key name')"
expect_eq "copy has the key" set "$(f 'API key')"
expect_eq "copy is not the default" no "$(f Default)"
shown Keyed
expect_eq "original still the default" yes "$(f Default)"
expect_exit "export the copy with secrets" 0 tether export Keyed2 --with-secrets
expect_match "copy's key decrypts to the same value" "$T_OUT" 'copy-secret-1'
expect_exit "copy onto a taken name fails" 1 tether copy Keyed KEYED2
expect_exit "copy to Default refused" 2 tether copy Keyed dEfAuLt
expect_exit "copy of a missing name fails" 1 tether copy Nobody Other

# rm
expect_exit "rm without a terminal and without --yes is refused" 2 tether rm Keyed2
expect_match "rm explains --yes" "$T_ERR" '--yes'
expect_exit "nothing removed" 0 tether show Keyed2
expect_exit "rm --yes" 0 tether rm Keyed2 --yes
expect_exit "removed" 1 tether show Keyed2
expect_exit "rm -y" 0 tether rm -y keyed
expect_exit "rm of a missing name fails" 1 tether rm Nobody --yes
expect_match "rm names the missing integration" "$T_ERR" 'Nobody'
expect_exit "rm with a terminal asks; answer no" 1 \
	"$TETHER_ROOT/tests/cli/onpty.py" '[y/N]' 'n\n' -- "$TETHER_BIN" rm First
expect_match "the question names it" "$T_OUT" 'Remove integration First\? \[y/N\]'
expect_exit "answer no keeps it" 0 tether show First
expect_exit "rm with a terminal asks; answer y" 0 \
	"$TETHER_ROOT/tests/cli/onpty.py" '[y/N]' 'y\n' -- "$TETHER_BIN" rm First
expect_exit "answer yes removes it" 1 tether show First
expect_exit "rm --yes on a terminal does not ask" 0 \
	"$TETHER_ROOT/tests/cli/onpty.py" -- "$TETHER_BIN" rm --yes Second
expect_no_match "no question with --yes" "$T_OUT" 'y/N'

t_done
