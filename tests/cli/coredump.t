#!/bin/sh
# No core dump holds a secret: a tether killed with SIGSEGV while a request
# with a Basic password is on the wire leaves no core file, with
# `ulimit -c unlimited` and the system's core_pattern as it is; its core
# limit is 0 and it is not dumpable (its /proc/PID/environ, with the
# passphrase, is closed to its own user). TETHER_ALLOW_CORE=1 keeps both.
. "$(dirname "$0")/../lib.sh"
t_setup
NGX="$T_WORK/nginx"
PASS='sEcReT-corepass-71c3'
export NGINX_PASSWORD="$PASS"
t_server nginx "$NGX"
printf '%s\n' "$PASS" | tether add based --host "$NGINX_URL" --auth basic \
	--user alice --password-stdin >/dev/null
check "the password works" tether test based /basic/x

if ! ulimit -c unlimited 2>/dev/null; then
	echo "ok - # SKIP cannot raise the core limit (hard limit $(ulimit -Hc))"
	t_done
	exit
fi
pattern=$(cat /proc/sys/kernel/core_pattern)
case "$pattern" in
'|'*) files=0 ;; # a handler takes the dump: no file can appear here
*) files=1 ;;
esac
# The sanitizer build would catch SIGSEGV itself and turn core dumps off:
# let the signal act as it does on the release build.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:disable_coredump=0:detect_leaks=0"

# core_files DIR: the core files in DIR (names as core_pattern makes them).
core_files() {
	find "$1" -maxdepth 1 -type f -name 'core*'
}

# run_request DIR [ENV...]: start `tether request` in DIR, in the
# background, on a location that answers after 30 s (not behind the Basic
# check, but the password goes with it), and wait until its connection is
# open: the password is then in memory. $RUN_AS (words) goes before the
# command. Sets $pid.
run_request() {
	dir=$1
	shift
	mkdir -p "$dir"
	(cd "$dir" && exec $RUN_AS env "$@" "$TETHER_BIN" request based GET /delay/30 \
		>/dev/null 2>&1) &
	pid=$!
	wait_until 30 sh -c "ss -Htnp state established dport = :$NGINX_PORT | grep -q 'pid=$pid,'"
}

# --- protected (the default) ------------------------------------------
if run_request "$T_WORK/run1"; then
	t_ok "tether request is waiting with the password loaded"
else
	t_fail "tether request is waiting with the password loaded"
fi
limits=$(grep '^Max core file size' "/proc/$pid/limits" 2>&1)
expect_match "its core limit is 0 (soft and hard)" "$limits" '^Max core file size +0 +0 '
kill -SEGV "$pid"
wait "$pid"
expect_eq "SIGSEGV ended it" 139 $?
if [ $files = 1 ]; then
	expect_eq "no core file was written (core_pattern $pattern)" "" "$(core_files "$T_WORK/run1")"
	for f in $(core_files "$T_WORK/run1"); do
		if grep -aq -- "$PASS" "$f"; then t_fail "$f holds the password"; fi
	done
else
	echo "ok - # SKIP core_pattern pipes to a handler ($pattern): no core file can appear"
fi

# --- not dumpable: another process of the same user cannot look in ---
# (Root may read any process, so this part runs tether as nobody.) While
# dumpable, a process's /proc/PID/environ is readable by its own user;
# once not dumpable, by root only: the passphrase in it is then hidden too.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	NB="$T_WORK/nobody"
	mkdir -p "$NB"
	chown 65534:65534 "$NB"
	chmod 711 "$T_WORK"
	NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=$NB \
		XDG_DATA_HOME=$NB XDG_CONFIG_HOME=$NB TETHER_DB=$NB/tether.db \
		TETHER_KEY_FILE=$NB/key TETHER_PASSPHRASE=$PASS-phrase"
	printf '%s\n' "$PASS" | $NOBODY "$TETHER_BIN" add based --host "$NGINX_URL" \
		--auth basic --user alice --password-stdin >/dev/null
	for allow in 0 1; do
		RUN_AS=$NOBODY
		if run_request "$NB" TETHER_ALLOW_CORE=$allow; then
			t_ok "as nobody (TETHER_ALLOW_CORE=$allow): waiting with the password loaded"
		else
			t_fail "as nobody (TETHER_ALLOW_CORE=$allow): waiting with the password loaded"
		fi
		RUN_AS=
		environ=$($NOBODY cat "/proc/$pid/environ" 2>/dev/null | tr '\0' '\n')
		if [ $allow = 0 ]; then
			expect_no_match "not dumpable: its environ is closed to its own user" \
				"$environ" "^TETHER_PASSPHRASE=$PASS-phrase\$"
		else
			expect_match "TETHER_ALLOW_CORE=1: dumpable, environ readable" \
				"$environ" "^TETHER_PASSPHRASE=$PASS-phrase\$"
		fi
		kill -KILL "$pid"
		wait "$pid" 2>/dev/null
	done
else
	echo "ok - # SKIP not root, or no setpriv: cannot run tether as another user"
fi

# --- TETHER_ALLOW_CORE=1: as before, for debugging ----------------------
if run_request "$T_WORK/run3" TETHER_ALLOW_CORE=1; then
	t_ok "a request with TETHER_ALLOW_CORE=1 is waiting"
else
	t_fail "a request with TETHER_ALLOW_CORE=1 is waiting"
fi
limits=$(grep '^Max core file size' "/proc/$pid/limits" 2>&1)
expect_match "TETHER_ALLOW_CORE=1 keeps the core limit" "$limits" '^Max core file size +unlimited +unlimited '
kill -SEGV "$pid"
wait "$pid"
expect_eq "SIGSEGV ended it" 139 $?
if [ $files = 1 ]; then
	expect_match "TETHER_ALLOW_CORE=1: the core file was written" "$(core_files "$T_WORK/run3")" 'core'
else
	echo "ok - # SKIP core_pattern pipes to a handler ($pattern): no core file can appear"
fi
t_done
