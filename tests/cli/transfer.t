#!/bin/sh
# export and import: a round trip keeps every field; secrets leave only with
# --with-secrets; an import is all or nothing and names every conflict.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/cli.sh"
t_setup

# The integrations of an export, whether it is an array or holds one.
names_of() {
	jq -r '(if type == "array" then . else (.. | arrays | select(length > 0 and (.[0] | type) == "object" and (.[0] | has("name")))) end) | .[].name' "$1" | sort
}

printf 'xfer-key-1\n' | tether add Keyed --host api.example.com/v1 --auth api-key \
	--key-header X-API-Key --key-prefix Token --key-in query --key-stdin \
	--description 'with a key' --test-path /me --default >/dev/null
printf 'xfer-pw-2\n' | tether add Based --host http://127.0.0.1:9000 --auth basic \
	--user alice --password-stdin --timeout 12 >/dev/null
printf 'xfer-cs-3\n' | tether add Authed --host api.example.com --auth oauth2 \
	--grant authorization_code --client-id cid --client-secret-stdin \
	--auth-url https://id.example.com/a --token-url https://id.example.com/t \
	--scope 'a b' --client-auth body --no-pkce --param audience=x \
	--redirect-port 9100 --insecure >/dev/null
check "add a plain one" tether add Plain --host plain.example.com --auth none

expect_exit "export everything" 0 tether export
printf '%s\n' "$T_OUT" >"$T_WORK/all.json"
check "the export is JSON" jq -e . "$T_WORK/all.json"
expect_eq "it holds all four" "Authed Based Keyed Plain" "$(names_of "$T_WORK/all.json" | tr '\n' ' ' | sed 's/ $//')"
for s in xfer-key-1 xfer-pw-2 xfer-cs-3; do
	expect_no_match "no $s without --with-secrets" "$T_OUT" "$s"
done
expect_exit "export named ones" 0 tether export keyed PLAIN
printf '%s\n' "$T_OUT" >"$T_WORK/two.json"
expect_eq "only the named ones" "Keyed Plain" "$(names_of "$T_WORK/two.json" | tr '\n' ' ' | sed 's/ $//')"
expect_exit "export of a missing name fails" 1 tether export Keyed Nobody
expect_match "the missing name is named" "$T_ERR" 'Nobody'
expect_exit "export --with-secrets" 0 tether export --with-secrets
printf '%s\n' "$T_OUT" >"$T_WORK/secrets.json"
for s in xfer-key-1 xfer-pw-2 xfer-cs-3; do
	expect_match "$s with --with-secrets" "$T_OUT" "$s"
done

# Round trip into a fresh store: every field shown by `show` comes back.
fresh="$T_WORK/fresh.db"
expect_exit "import into a fresh store" 0 tether --db "$fresh" import "$T_WORK/secrets.json"
expect_match "import says how many" "$T_OUT" '4'
for n in Keyed Based Authed Plain; do
	a=$(tether show "$n" | grep -v '^Created:\|^Updated:')
	b=$(tether --db "$fresh" show "$n" | grep -v '^Created:\|^Updated:')
	expect_eq "$n comes back identical" "$a" "$b"
done
expect_exit "secrets came along" 0 tether --db "$fresh" export --with-secrets
for s in xfer-key-1 xfer-pw-2 xfer-cs-3; do
	expect_match "$s imported" "$T_OUT" "$s"
done
expect_eq "the default came along" yes "$(tether --db "$fresh" show Keyed | sed -n 's/^Default: *//p')"

# From standard input.
std="$T_WORK/stdin.db"
expect_exit "import - reads standard input" 0 sh -c '"$0" --db "$1" import - <"$2"' "$TETHER_BIN" "$std" "$T_WORK/secrets.json"
expect_eq "stdin import holds four" 4 "$(tether --db "$std" list --json | jq length)"

# All or nothing, with the conflicting names in the message.
tether export keyed PLAIN --with-secrets >"$T_WORK/two.json"
before=$(tether list --json)
expect_exit "import onto taken names fails" 1 tether import "$T_WORK/two.json"
expect_match "names Keyed" "$T_ERR" 'Keyed'
expect_match "names Plain" "$T_ERR" 'Plain'
expect_eq "nothing changed" "$before" "$(tether list --json)"
# A file where one of three names clashes (in another case): none imported.
sed -e 's/"Keyed"/"NewOne"/' -e 's/"Plain"/"PLAIN"/' "$T_WORK/two.json" >"$T_WORK/mixed.json"
expect_exit "one clash among new names fails" 1 tether import "$T_WORK/mixed.json"
expect_match "the clash is named" "$T_ERR" 'PLAIN'
expect_no_match "the new name is not blamed" "$T_ERR" 'NewOne'
expect_exit "NewOne was not imported" 1 tether show NewOne
# Duplicates inside the file.
sed -e 's/"Keyed"/"Twin"/' -e 's/"Plain"/"twin"/' "$T_WORK/two.json" >"$T_WORK/twins.json"
expect_exit "a name twice in the file fails" 1 tether import "$T_WORK/twins.json"
expect_match "the twin is named" "$T_ERR" '[Tt]win'
expect_exit "Twin was not imported" 1 tether show Twin
# A reserved or invalid integration inside the file.
sed -e 's/"Keyed"/"Fine"/' -e 's/"Plain"/"Default"/' "$T_WORK/two.json" >"$T_WORK/reserved.json"
expect_exit "Default in a file is refused" 2 tether import "$T_WORK/reserved.json"
expect_match "the reason is given" "$T_ERR" 'reserved'
expect_exit "Fine was not imported" 1 tether show Fine
# An export without secrets re-imported: secrets are not invented.
tether export Keyed >"$T_WORK/nosecret.json"
sed -e 's/"Keyed"/"Keyless"/' "$T_WORK/nosecret.json" >"$T_WORK/keyless.json"
expect_exit "re-import of a secretless export" 2 tether import "$T_WORK/keyless.json"
expect_match "the missing key is named" "$T_ERR" 'key'
# Not JSON, missing file.
printf 'not json' >"$T_WORK/bad.json"
expect_exit "a non-JSON file is refused" 2 tether import "$T_WORK/bad.json"
expect_exit "a missing file fails" 1 tether import "$T_WORK/none.json"
expect_match "the missing file is named" "$T_ERR" 'none.json'
expect_exit "import without a file" 2 tether import
expect_eq "after every failure the store is as it was" "$before" "$(tether list --json)"

expect_exit "nothing of it was imported" 1 tether show Keyless
# What help export promises: the value in place of "set" imports.
sed -e 's/"key":[[:space:]]*"set"/"key": "xfer-key-9"/' "$T_WORK/keyless.json" \
	>"$T_WORK/keyback.json"
expect_exit "the key put back in the file imports" 0 \
	tether import "$T_WORK/keyback.json"
expect_exit "Keyless imported" 0 tether show Keyless --json
expect_eq "with that key" xfer-key-9 "$(tether export Keyless --with-secrets |
	jq -r '.integrations[0].api_key.key')"
expect_exit "help export" 0 tether help export
expect_match "help export says the import fails" "$T_OUT" 'exit status 2'
expect_no_match "and not that edit asks for it" "$T_OUT" 'asks for it'

t_done
