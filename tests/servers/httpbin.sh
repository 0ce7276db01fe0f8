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
	# The port is bound here and the socket handed to gunicorn (fd://), so
	# no other process can take it between choosing and listening.
	rm -f "$d/port"
	/usr/bin/python3 - "$d" <<'EOF' || die "gunicorn did not start"
import os, random, socket, sys
d = sys.argv[1]
lo = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
s = socket.socket()
for _ in range(100 if lo > 21000 else 0):
    try:
        s.bind(("127.0.0.1", random.randrange(20000, lo)))
        break
    except OSError:
        pass
else:
    s.bind(("127.0.0.1", 0))
s.set_inheritable(True)
with open(d + "/port", "w") as f:
    f.write("%d\n" % s.getsockname()[1])
os.execv("/usr/bin/gunicorn", ["gunicorn", "-k", "gthread", "--threads", "8",
    "-w", "1", "-b", "fd://%d" % s.fileno(), "--pid", d + "/httpbin.pid",
    "--daemon", "--log-file", d + "/httpbin.log", "httpbin:app"])
EOF
	port=$(cat "$d/port")
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
