# tests/lib.sh — helpers for test scripts (*.t). Source it, then call
# t_setup. Output is TAP-like: one "ok - ..." or "not ok - ..." per check,
# counted by tests/run.

: "${TETHER_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TETHER_BIN:=$TETHER_ROOT/build/check/tether}"
T_FAILED=0
T_COUNT=0
T_CLEANUP=""

# A private store, key and home for this script, removed at exit.
t_setup() {
	T_WORK=$(mktemp -d "${TMPDIR:-/tmp}/tether-test.XXXXXX")
	export HOME="$T_WORK/home"
	mkdir -p "$HOME"
	export XDG_DATA_HOME="$T_WORK/data" XDG_CONFIG_HOME="$T_WORK/config"
	export TETHER_DB="$T_WORK/data/tether/tether.db"
	export TETHER_KEY_FILE="$T_WORK/config/tether/key"
	trap t_exit EXIT
	trap 'exit 130' INT TERM
}

# Register a shell command to run at exit (servers to stop, ...).
t_on_exit() {
	T_CLEANUP="$1
$T_CLEANUP"
}

t_exit() {
	rc=$?
	eval "$T_CLEANUP"
	[ -n "$T_WORK" ] && [ -z "$T_KEEP" ] && rm -rf "$T_WORK"
	exit $rc
}

tether() { "$TETHER_BIN" "$@"; }

t_ok() { T_COUNT=$((T_COUNT + 1)); echo "ok $T_COUNT - $1"; }

# t_fail DESC [DETAIL...]
t_fail() {
	T_COUNT=$((T_COUNT + 1))
	T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_COUNT - $1"
	shift
	for d in "$@"; do printf '%s\n' "$d" | sed 's/^/#   /'; done
}

# check DESC CMD...: passes when CMD exits 0.
check() {
	desc=$1
	shift
	if out=$("$@" 2>&1); then t_ok "$desc"; else t_fail "$desc" "command: $*" "$out"; fi
}

# expect_exit DESC CODE CMD...: passes when CMD exits with CODE. The
# command's stdout and stderr are left in $T_OUT and $T_ERR.
expect_exit() {
	desc=$1
	want=$2
	shift 2
	"$@" >"$T_WORK/.out" 2>"$T_WORK/.err"
	got=$?
	T_OUT=$(cat "$T_WORK/.out")
	T_ERR=$(cat "$T_WORK/.err")
	if [ "$got" = "$want" ]; then
		t_ok "$desc"
	else
		t_fail "$desc" "command: $*" "exit $got, wanted $want" "stdout: $T_OUT" "stderr: $T_ERR"
	fi
}

# expect_eq DESC WANT GOT
expect_eq() {
	if [ "$2" = "$3" ]; then t_ok "$1"; else t_fail "$1" "wanted: $2" "got:    $3"; fi
}

# expect_match DESC TEXT REGEX (grep -E)
expect_match() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then t_ok "$1"; else
		t_fail "$1" "no match for /$3/ in:" "$2"; fi
}

# expect_no_match DESC TEXT REGEX
expect_no_match() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		t_fail "$1" "unexpected match for /$3/ in:" "$2"
	else t_ok "$1"; fi
}

# A TCP port on 127.0.0.1 that is free now, for a server started later.
# It is chosen at random from 20000 up to the kernel's ephemeral range
# (net.ipv4.ip_local_port_range), whose ports the kernel hands to every
# outgoing connection on the machine: a port from there could be taken by
# any client before the server binds it. Below that range only another
# test picking the same port at the same moment can take it, and the
# servers of tests/servers/ then retry on another port.
free_port() {
	/usr/bin/python3 -c '
import random, socket
lo = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
for _ in range(100 if lo > 21000 else 0):
    p = random.randrange(20000, lo)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
    except OSError:
        continue
    finally:
        s.close()
    print(p)
    break
else:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
'
}

# Milliseconds since the epoch (deadlines to the millisecond, so that a
# limit of N seconds is N seconds whichever fraction of a second it began).
t_now_ms() { date +%s%3N; }

# wait_until TIMEOUT_SECONDS CMD...: poll CMD until it succeeds.
wait_until() {
	limit=$1
	shift
	end=$(($(t_now_ms) + limit * 1000))
	while ! "$@" >/dev/null 2>&1; do
		[ "$(t_now_ms)" -ge "$end" ] && return 1
		sleep 0.05
	done
	return 0
}

# t_server NAME DIR [ARG...]: start tests/servers/NAME.sh in DIR (with the
# ARGs), stop it at exit and source DIR/env when it wrote one. A server
# that does not start is one failed check and the end of the script.
t_server() {
	t_srv=$1 t_dir=$2
	shift 2
	"$TETHER_ROOT/tests/servers/$t_srv.sh" start "$t_dir" "$@" >/dev/null || {
		t_fail "$t_srv starts"
		t_done
		exit 1
	}
	t_on_exit "'$TETHER_ROOT/tests/servers/$t_srv.sh' stop '$t_dir'"
	if [ -f "$t_dir/env" ]; then . "$t_dir/env"; fi
}

# t_stop_pid PID: SIGTERM, then wait (5 s at most) until the process is
# gone.
t_stop_pid() {
	kill "$1" 2>/dev/null || return 0
	t_end=$(($(t_now_ms) + 5000))
	while kill -0 "$1" 2>/dev/null && [ "$(t_now_ms)" -lt "$t_end" ]; do
		sleep 0.05
	done
}

# End of script: exit status reflects failures.
t_done() {
	[ "$T_FAILED" -eq 0 ]
}
