#!/bin/sh
# tests/servers/httpbin.sh — httpbin (Debian python3-httpbin) under
# /usr/bin/gunicorn on 127.0.0.1, for the HTTP tests.
#
#   httpbin.sh start DIR    start it, write DIR/env (HTTPBIN_PORT,
#                           HTTPBIN_URL) and print it
#   httpbin.sh stop DIR     stop it
#
# /usr/bin/gunicorn is used on purpose: the first python3 on PATH may not
# see the Debian httpbin package. Note that httpbin's /bearer accepts any
# token and its bodies are capped: exact checks belong to nginx.sh.
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

die() {
	echo "httpbin.sh: $*" >&2
	exit 1
}

start() {
	d=$1
	[ -n "$d" ] || die "usage: httpbin.sh start DIR"
	mkdir -p "$d"
	d=$(cd "$d" && pwd)
	port=$(free_port)
	/usr/bin/gunicorn -k gthread --threads 8 -w 1 -b "127.0.0.1:$port" \
		--pid "$d/httpbin.pid" --daemon --log-file "$d/httpbin.log" \
		httpbin:app || die "gunicorn did not start"
	wait_until 10 curl -sf "http://127.0.0.1:$port/get" ||
		die "httpbin did not answer: $(tail -5 "$d/httpbin.log")"
	printf 'HTTPBIN_PORT=%s\nHTTPBIN_URL=http://127.0.0.1:%s\n' \
		"$port" "$port" >"$d/env"
	cat "$d/env"
}

stop() {
	d=$1
	[ -f "$d/httpbin.pid" ] || return 0
	pid=$(cat "$d/httpbin.pid")
	kill "$pid" 2>/dev/null || return 0
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}

case "$1" in
start) start "$2" ;;
stop) stop "$2" ;;
*) die "usage: httpbin.sh start DIR | stop DIR" ;;
esac
