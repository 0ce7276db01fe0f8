#!/bin/sh
# Install what tether needs on Debian, only what is missing.
#   tests/deps.sh build   build dependencies
#   tests/deps.sh test    build + test dependencies, and the npm test servers
#   tests/deps.sh fuzz    build dependencies + clang (libFuzzer), for make fuzz
set -e
cd "$(dirname "$0")/.."

BUILD_PKGS="build-essential pkg-config libncurses-dev libcurl4-openssl-dev
libcjson-dev libsqlite3-dev libsodium-dev libmicrohttpd-dev libqrencode-dev"
TEST_PKGS="libcmocka-dev tmux sqlite3 nginx libnginx-mod-http-echo
python3-httpbin gunicorn apache2-utils openssl curl jq nodejs npm procps
psmisc iproute2 hyperfine time man-db chromium fonts-dejavu-core
clang-format"
# Only make fuzz needs clang: make check builds every harness with cc.
FUZZ_PKGS="clang"

case "$1" in
build) want="$BUILD_PKGS" ;;
test) want="$BUILD_PKGS $TEST_PKGS" ;;
fuzz) want="$BUILD_PKGS $FUZZ_PKGS" ;;
*) echo "usage: tests/deps.sh build|test|fuzz" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	# node and npm may come from elsewhere than Debian; accept them on PATH.
	case "$p" in
	nodejs) command -v node >/dev/null 2>&1 && continue ;;
	npm) command -v npm >/dev/null 2>&1 && continue ;;
	esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done

if [ -n "$missing" ]; then
	echo "installing:$missing"
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

if [ "$1" = test ] && [ -f tests/servers/oidc/package-lock.json ]; then
	lock=tests/servers/oidc/package-lock.json
	stamp=tests/servers/oidc/node_modules/.tether-lock
	if ! cmp -s "$lock" "$stamp" 2>/dev/null; then
		(cd tests/servers/oidc && npm ci --silent --no-audit --no-fund)
		cp "$lock" "$stamp"
	fi
fi
exit 0
