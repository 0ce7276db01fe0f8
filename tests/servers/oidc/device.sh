#!/bin/sh
# The user of tether's device-flow tests: opens the verification URL, enters
# the user code, signs in and consents (or denies) with curl and a cookie jar.
#   device.sh VERIFICATION_URI USER_CODE [deny]
# OIDC_BROWSER_LOG: file to append what happened to.
log=${OIDC_BROWSER_LOG:-/dev/null}
[ $# -ge 2 ] || { echo "usage: device.sh URL USER_CODE [deny]" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/oidc-device.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
jar=$tmp/jar
page=$tmp/page
c() { curl -sS -b "$jar" -c "$jar" -o "$page" -w '%{http_code} %{redirect_url}' "$@"; }

url=$1
c "$url" >/dev/null || exit 1
xsrf=$(sed -n 's/.*name="xsrf" value="\([^"]*\)".*/\1/p' "$page" | head -n1)
[ -n "$xsrf" ] || { echo "no xsrf on $url" >>"$log"; exit 1; }
if [ "$3" = deny ]; then
	r=$(c -d "xsrf=$xsrf" -d "user_code=$2" -d abort=yes "$url")
	echo "DENY -> $r" >>"$log"
	exit 0
fi
r=$(c -d "xsrf=$xsrf" -d "user_code=$2" -d confirm=yes "$url")
echo "POST $url -> $r" >>"$log"
url=${r#* }
i=0
while [ -n "$url" ] && [ $i -lt 30 ]; do
	i=$((i + 1))
	r=$(c "$url")
	echo "GET $url -> $r" >>"$log"
	next=${r#* }
	if [ -n "$next" ]; then
		url=$next
		continue
	fi
	if grep -q 'name="prompt" value="login"' "$page"; then
		r=$(c -d prompt=login -d login=alice -d password=any "$url")
	elif grep -q 'name="prompt" value="consent"' "$page"; then
		r=$(c -d prompt=consent "$url")
	else
		break
	fi
	echo "POST $url -> $r" >>"$log"
	url=${r#* }
done
grep -qi 'sign-in successful\|success' "$page" || {
	echo "device flow did not succeed:" >>"$log"
	cat "$page" >>"$log"
	exit 1
}
