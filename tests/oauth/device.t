#!/bin/sh
# The device authorization grant against oidc-provider: the code and URL are
# printed, tether polls while the user confirms elsewhere, and the token
# works; a denial ends the flow with a clear message.
. "$(dirname "$0")/../lib.sh"
. "$TETHER_ROOT/tests/servers/oidc/lib.sh"
t_setup
oidc_start || exit 1
oidc_resource_start || exit 1
export OIDC_BROWSER_LOG="$T_WORK/device.log"

check "add a device-flow client" oidc_add Tv tether-device --scope openid

# Start `tether authorize Tv` in the background; wait for its user code.
start_device() {
	"$TETHER_BIN" authorize Tv >"$T_WORK/out" 2>"$T_WORK/err" </dev/null &
	apid=$!
	t_on_exit "kill $apid 2>/dev/null"
	wait_until 60 grep -q "^  [A-Z]\{4\}-[A-Z]\{4\}$" "$T_WORK/out" || return 1
	code=$(grep "^  [A-Z]\{4\}-[A-Z]\{4\}$" "$T_WORK/out" | sed 's/^  //')
	uri=$(grep "^  $OIDC_URL/device$" "$T_WORK/out" | sed 's/^  //')
}

finish_device() {
	wait "$apid"
	rc=$?
	T_OUT=$(cat "$T_WORK/out")
	T_ERR=$(cat "$T_WORK/err")
}

start_device || { t_fail "the user code is printed within 60 s" "$(cat "$T_WORK/out" "$T_WORK/err")"; kill "$apid"; }
expect_match "the user code is printed" "$code" "^[A-Z]{4}-[A-Z]{4}$"
expect_eq "with the verification URL" "$OIDC_URL/device" "$uri"
expect_match "and the complete one" "$(cat "$T_WORK/out")" \
	"$OIDC_URL/device\?user_code=$code"
check "the user confirms on another device" "$OIDC_DEVICE" "$uri" "$code"
finish_device
expect_eq "the device flow completes" 0 "$rc"
expect_match "authorized" "$T_OUT" "Tv is authorized"
g=$(oidc_grants grant | grep -c 'device_code')
expect_eq "one device code grant" 1 "$g"
tok=$(tether token Tv --reveal | tail -n1)
expect_eq "the token works at the resource server" 200 "$(rs_status "$tok")"
expect_exit "token state" 0 tether token Tv
expect_match "refreshable" "$T_OUT" "refreshable +yes"

start_device || { t_fail "the user code is printed within 60 s" "$(cat "$T_WORK/out" "$T_WORK/err")"; kill "$apid"; }
check "the user denies" "$OIDC_DEVICE" "$uri" "$code" deny
finish_device
expect_eq "a denied device flow fails" 1 "$rc"
expect_match "saying it was denied" "$T_ERR" "the request was denied"
expect_match "naming the command to retry" "$T_ERR" "tether authorize Tv"
t_done
