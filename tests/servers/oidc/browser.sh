#!/bin/sh
# The "user's browser" of tether's OAuth tests, passed as $BROWSER: follows
# the authorization URL (the one argument) with curl and a cookie jar,
# completes oidc-provider's development login and consent pages, and lands
# on tether's loopback callback.
#
# Environment:
#   OIDC_BROWSER_MODE   deliver (default): request the callback URL
#                       deny: abort at the consent page (access_denied)
#                       print: print the callback URL instead (paste-back)
#                       forge: first send forged callbacks (wrong state,
#                       wrong path, POST), then deliver the real one
#   OIDC_BROWSER_ARGV   file to append this process's argv to, one line
#   OIDC_BROWSER_LOG    file to append what happened to (HTTP codes)
#   OIDC_BROWSER_PAGE   file to write the callback's answer page to
#   OIDC_BROWSER_LOGIN  the login to sign in as (default alice)
mode=${OIDC_BROWSER_MODE:-deliver}
log=${OIDC_BROWSER_LOG:-/dev/null}
if [ -n "$OIDC_BROWSER_ARGV" ]; then
	printf '%s\n' "$0 $*" >>"$OIDC_BROWSER_ARGV"
	tr '\0' ' ' </proc/$$/cmdline >>"$OIDC_BROWSER_ARGV"
	echo >>"$OIDC_BROWSER_ARGV"
fi
[ $# -eq 1 ] || { echo "browser.sh: want one URL, got $#" >>"$log"; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/oidc-browser.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
jar=$tmp/jar
page=$tmp/page
c() { curl -sS -b "$jar" -c "$jar" -o "$page" -w '%{http_code} %{redirect_url}' "$@"; }

url=$1
i=0
while [ $i -lt 30 ]; do
	i=$((i + 1))
	case "$url" in
	*/callback\?* | */callback) break ;;
	esac
	r=$(c "$url") || { echo "fetch failed: $url" >>"$log"; exit 1; }
	echo "GET $url -> $r" >>"$log"
	next=${r#* }
	if [ -n "$next" ]; then
		url=$next
		continue
	fi
	if grep -q 'name="prompt" value="login"' "$page"; then
		r=$(c -d prompt=login -d "login=${OIDC_BROWSER_LOGIN:-alice}" \
			-d password=any "$url")
	elif grep -q 'name="prompt" value="consent"' "$page"; then
		if [ "$mode" = deny ]; then
			r=$(c "$url/abort")
		else
			r=$(c -d prompt=consent "$url")
		fi
	else
		echo "unexpected page at $url:" >>"$log"
		cat "$page" >>"$log"
		exit 1
	fi
	echo "POST $url -> $r" >>"$log"
	url=${r#* }
done

case "$url" in
*/callback*) ;;
*) echo "never reached the callback (last: $url)" >>"$log"; exit 1 ;;
esac

# The part of the callback URL before /callback: http://127.0.0.1:PORT
base=${url%%/callback*}
case "$mode" in
print)
	printf '%s\n' "$url"
	exit 0
	;;
forge)
	for u in "$base/callback?code=forged&state=forged" \
		"$base/elsewhere?${url#*\?}" "$base/callback"; do
		code=$(curl -sS -o /dev/null -w '%{http_code}' "$u")
		echo "FORGED GET $u -> $code" >>"$log"
	done
	code=$(curl -sS -o /dev/null -w '%{http_code}' -d x=1 "$url")
	echo "FORGED POST $url -> $code" >>"$log"
	;;
esac
code=$(curl -sS -o "${OIDC_BROWSER_PAGE:-/dev/null}" -w '%{http_code}' "$url")
echo "CALLBACK $url -> $code" >>"$log"
[ "$code" = 200 ]
