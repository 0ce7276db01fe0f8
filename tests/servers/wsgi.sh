#!/bin/sh
# tests/servers/wsgi.sh — a WSGI application under Debian's /usr/bin/gunicorn
# on 127.0.0.1, for the tests (httpbin, and tests/servers/hostile.py).
#
#   wsgi.sh start DIR MODULE:APP PROBE [CHDIR]
#                           bind a free port, start gunicorn on it serving
#                           MODULE:APP (imported from CHDIR when given),
#                           wait until GET PROBE answers, write the port to
#                           DIR/port; gunicorn's pid is in DIR/wsgi.pid and
#                           its log in DIR/wsgi.log
#   wsgi.sh stop DIR        SIGTERM, then wait until gunicorn is gone
#
# /usr/bin/gunicorn is used on purpose: the first python3 on PATH may not
# see the Debian packages (python3-httpbin).
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

die() {
	echo "wsgi.sh: $*" >&2
	exit 1
}

start() {
	d=$1 app=$2 probe=$3 chdir=${4:-.}
	[ -n "$d" ] && [ -n "$app" ] && [ -n "$probe" ] ||
		die "usage: wsgi.sh start DIR MODULE:APP PROBE [CHDIR]"
	mkdir -p "$d"
	d=$(cd "$d" && pwd)
	chdir=$(cd "$chdir" && pwd)
	# The port is bound here and the socket handed to gunicorn (fd://), so
	# no other process can take it between choosing and listening.
	rm -f "$d/port"
	PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 - "$d" "$app" "$chdir" <<'EOF' ||
import os, random, socket, sys
d, app, chdir = sys.argv[1:4]
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
    "-w", "1", "-b", "fd://%d" % s.fileno(), "--chdir", chdir,
    "--pid", d + "/wsgi.pid", "--daemon", "--log-file", d + "/wsgi.log",
    app])
EOF
		die "gunicorn did not start"
	port=$(cat "$d/port")
	wait_until 10 curl -s -o /dev/null "http://127.0.0.1:$port$probe" ||
		die "$app did not answer: $(tail -5 "$d/wsgi.log")"
}

stop() {
	d=$1
	[ -f "$d/wsgi.pid" ] || return 0
	t_stop_pid "$(cat "$d/wsgi.pid")"
}

case "$1" in
start) start "$2" "$3" "$4" "$5" ;;
stop) stop "$2" ;;
*) die "usage: wsgi.sh start DIR MODULE:APP PROBE [CHDIR] | stop DIR" ;;
esac
