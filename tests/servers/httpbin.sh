#!/bin/sh
# tests/servers/httpbin.sh — httpbin (Debian python3-httpbin) on 127.0.0.1,
# for the HTTP tests (run by wsgi.sh).
#
#   httpbin.sh start DIR    start it, write DIR/env (HTTPBIN_PORT,
#                           HTTPBIN_URL) and print it
#   httpbin.sh stop DIR     stop it
#
# Note that httpbin's /bearer accepts any token and its bodies are capped:
# exact checks belong to nginx.sh.
set -e
here=$(cd "$(dirname "$0")" && pwd)

case "$1" in
start)
	[ -n "$2" ] || { echo "usage: httpbin.sh start DIR" >&2; exit 1; }
	"$here/wsgi.sh" start "$2" httpbin:app /get
	port=$(cat "$2/port")
	printf 'HTTPBIN_PORT=%s\nHTTPBIN_URL=http://127.0.0.1:%s\n' \
		"$port" "$port" >"$2/env"
	cat "$2/env"
	;;
stop) "$here/wsgi.sh" stop "$2" ;;
*)
	echo "usage: httpbin.sh start DIR | stop DIR" >&2
	exit 1
	;;
esac
