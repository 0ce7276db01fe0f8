#!/bin/sh
# Text a hostile server, file or store controls never reaches the terminal
# raw: the reason phrase of tether test (and test --all, and the stored last
# test that show prints), OAuth errors from the token endpoint, from the
# loopback callback and from a pasted redirect URL, names quoted by an
# import's error, names and URLs in list and history. Escape sequences,
# C1 controls and bidi controls are shown as \x1b, <U+009B>, <U+202E>.
# --json escapes them as \uXXXX. Names with bidi controls are refused.
. "$(dirname "$0")/../lib.sh"
t_setup
PY=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ beside hostile.py
ONPTY="$TETHER_ROOT/tests/cli/onpty.py"

# The hostile server: tests/servers/hostile.py under gunicorn.
HOSTILE="$T_WORK/hostile"
t_server wsgi "$HOSTILE" hostile:app /ok "$TETHER_ROOT/tests/servers"
port=$(cat "$HOSTILE/port")
URL="http://127.0.0.1:$port"

# raw_clean FILE: no byte a terminal would act on or that hides text:
# C0 controls but LF, CR and TAB, DEL, C1 controls (raw or as UTF-8), bidi
# controls, invalid UTF-8.
raw_clean() {
	$PY -c '
import sys
t = open(sys.argv[1], "rb").read().decode("utf-8", "surrogateescape")
bidi = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
bad = [c for c in t if (ord(c) < 32 and c not in "\n\r\t") or 0x7f <= ord(c) <= 0x9f
       or c in bidi or 0xdc80 <= ord(c) <= 0xdcff]
if bad:
    print("found: " + " ".join("U+%04X" % ord(c) for c in bad[:8]))
    sys.exit(1)' "$1"
}
# on_pty DESC CMD...: run CMD on a terminal, its output in $T_WORK/pty and
# $PTY; check that nothing raw reached the terminal.
on_pty() {
	desc=$1
	shift
	$PY "$ONPTY" -- "$@" >"$T_WORK/pty" 2>&1
	PTY=$(cat "$T_WORK/pty")
	if why=$(raw_clean "$T_WORK/pty"); then t_ok "$desc: nothing raw on the terminal"; else
		t_fail "$desc: nothing raw on the terminal" "$why" "$PTY"; fi
}
# piped DESC CMD...: the same with standard output and error on files.
piped() {
	desc=$1
	shift
	"$@" >"$T_WORK/pipe" 2>&1
	PIPE=$(cat "$T_WORK/pipe")
	if why=$(raw_clean "$T_WORK/pipe"); then t_ok "$desc: nothing raw in the pipe"; else
		t_fail "$desc: nothing raw in the pipe" "$why" "$PIPE"; fi
}
SHOWN_REASON='OK \\x1b\]0;pwned\\x07 <U\+009B>2J <U\+202E>evil'

check "add the passing one" tether add evil-ok --host "$URL" --auth none --test-path /ok
check "add the failing one" tether add evil-fail --host "$URL" --auth none --test-path /fail

on_pty "test (pass)" "$TETHER_BIN" test evil-ok
expect_match "  the reason phrase is shown escaped" "$PTY" "^PASS evil-ok: 200 $SHOWN_REASON, "
on_pty "test (fail)" "$TETHER_BIN" test evil-fail
expect_match "  the failure's reason phrase too" "$PTY" "^FAIL evil-fail: 401 $SHOWN_REASON, "
expect_match "  the server's challenge in the diagnosis" "$PTY" 'The server asks for: Bearer realm="<U\+009B>2J<U\+202E>realm"'
on_pty "test (a redirect)" "$TETHER_BIN" test evil-ok /redirect
expect_match "  the Location shown escaped" "$PTY" 'redirected to http://127.0.0.1:9/<U\+009B>2J<U\+202E>moved'
piped "test to a pipe" tether test evil-fail
expect_match "  the same on a pipe" "$PIPE" "^FAIL evil-fail: 401 $SHOWN_REASON, "
on_pty "show (the stored last test)" "$TETHER_BIN" show evil-fail
expect_match "  the stored reason is shown escaped" "$PTY" "^Last test: +FAIL, status 401, .*: 401 $SHOWN_REASON: credentials rejected"
on_pty "test --all" sh -c "'$TETHER_BIN' test --all 2>/dev/null"
expect_match "  the table's reason" "$PTY" "FAIL +evil-fail +401 .* ms +401 $SHOWN_REASON: credentials rejected"

# --json escapes, and a JSON reader gets the server's text back.
want_reason=$($PY -c 'import sys; sys.path.insert(0, sys.argv[1]); import hostile; print(hostile.REASON)' "$TETHER_ROOT/tests/servers")
expect_exit "test --json" 0 tether test evil-ok --json
printf '%s\n' "$T_OUT" >"$T_WORK/json"
if why=$(raw_clean "$T_WORK/json"); then t_ok "  --json holds no raw control or bidi character"; else t_fail "  --json holds no raw control or bidi character" "$why" "$T_OUT"; fi
expect_match "  ESC, BEL, C1 and U+202E as \\uXXXX" "$T_OUT" '"reason":[[:space:]]+"OK \\u001b\]0;pwned\\u0007 \\u009b2J \\u202eevil"'
expect_eq "  a JSON reader gets the reason back" "$want_reason" "$(printf '%s' "$T_OUT" | jq -r .reason)"
expect_exit "show --json" 0 tether show evil-fail --json
expect_match "  the stored reason escaped" "$T_OUT" '"reason":[[:space:]]+"401 OK \\u001b\]0;pwned\\u0007 \\u009b2J \\u202eevil: credentials rejected"'
piped "list --json" tether list --json
expect_match "  the stored reasons escaped" "$PIPE" '401 OK \\u001b\]0;pwned\\u0007 \\u009b2J \\u202eevil'

# The token endpoint's error, error_description and error_uri.
printf 'sec\n' | tether add evil-cc --host "$URL" --auth oauth2 --grant client_credentials \
	--client-id c --client-secret-stdin --token-url "$URL/token" >/dev/null
on_pty "authorize (token endpoint error)" "$TETHER_BIN" authorize evil-cc
expect_match "  error_description escaped, its line break too" "$PTY" \
	'invalid_client: bad client \\x1b\]52;c;aGk=\\x07 <U\+202E>oops\\nforged line \(see http://127.0.0.1/\\x1b\[2Jdocs\)'
piped "authorize to a pipe" tether authorize evil-cc
expect_match "  the same on a pipe" "$PIPE" 'bad client \\x1b\]52;c;aGk=\\x07 <U\+202E>oops\\nforged line'

# The loopback callback and a pasted redirect URL carrying error=.
rport=$(free_port)
check "add an authorization-code one" tether add evil-code --host "$URL" --auth oauth2 \
	--client-id c --auth-url "$URL/auth" --token-url "$URL/token" --redirect-port "$rport"
hostile_q='error=access_denied&error_description=%1B%5D0%3Bowned%07%C2%9B%E2%80%AEx&error_uri=%1B%5B2J'
# start_authorize: tether authorize evil-code in the background, standard
# input on a fifo (descriptor 3), output in $T_WORK/out and err.
start_authorize() {
	rm -f "$T_WORK/in" "$T_WORK/out" "$T_WORK/err"
	mkfifo "$T_WORK/in"
	"$TETHER_BIN" authorize evil-code --no-browser --timeout 30 <"$T_WORK/in" >"$T_WORK/out" 2>"$T_WORK/err" &
	apid=$!
	t_on_exit "kill $apid 2>/dev/null"
	exec 3>"$T_WORK/in"
	wait_until 20 grep -q "^  $URL/auth?" "$T_WORK/out"
	state=$(grep "^  $URL/auth?" "$T_WORK/out" | head -1 | sed 's/.*[?&]state=\([^&]*\).*/\1/')
}
finish_authorize() {
	exec 3>&-
	wait "$apid"
	cat "$T_WORK/out" "$T_WORK/err" >"$T_WORK/both"
	BOTH=$(cat "$T_WORK/both")
}
start_authorize
curl -s -o /dev/null "http://127.0.0.1:$rport/callback?state=$state&$hostile_q"
finish_authorize
if why=$(raw_clean "$T_WORK/both"); then t_ok "callback error: nothing raw"; else t_fail "callback error: nothing raw" "$why" "$BOTH"; fi
expect_match "  the callback's error_description escaped" "$BOTH" 'access_denied: \\x1b\]0;owned\\x07<U\+009B><U\+202E>x'
start_authorize
printf 'http://127.0.0.1:%s/callback?state=%s&%s\n' "$rport" "$state" "$hostile_q" >&3
finish_authorize
if why=$(raw_clean "$T_WORK/both"); then t_ok "pasted error: nothing raw"; else t_fail "pasted error: nothing raw" "$why" "$BOTH"; fi
expect_match "  the pasted error_description escaped" "$BOTH" 'access_denied: \\x1b\]0;owned\\x07<U\+009B><U\+202E>x'

# Names: refused with bidi controls, by add and by import; an import's
# message quotes the refused name escaped.
rlo=$(printf '\342\200\256')
expect_exit "a name with U+202E is refused" 2 tether add "ab${rlo}cd" --host "$URL" --auth none
expect_match "  naming the character and its position" "$T_ERR" \
	'name: the name contains U\+202E RIGHT-TO-LEFT OVERRIDE at character 3'
expect_exit "a description with U+2066 is refused" 2 tether add okname --host "$URL" --auth none \
	--description "$(printf 'a\342\201\246b')"
expect_match "  naming it" "$T_ERR" 'U\+2066 LEFT-TO-RIGHT ISOLATE at character 2'
tether export evil-ok >"$T_WORK/one.json"
jq '.integrations[0].name = "evil\u001b]0;x\u0007\u202e"' "$T_WORK/one.json" >"$T_WORK/bad.json"
on_pty "import of a hostile name" "$TETHER_BIN" import "$T_WORK/bad.json"
expect_match "  refused, the name quoted escaped" "$PTY" \
	'\("evil\\x1b\]0;x\\x07<U\+202E>"\): the name contains a control character \(U\+001B ESCAPE\) at character 5'

# A store another tool wrote to: list, show, history and test --all show
# its strings escaped.
db="$TETHER_DB"
sqlite3 "$db" "UPDATE integrations SET name = 'x' || char(27) || ']0;t' || char(7) || char(8238) WHERE name = 'evil-ok';
	UPDATE history SET integration = 'h' || char(27) || '[2J' || char(155), url = url || char(27) || ']52;c;eA==' || char(7);"
on_pty "list of a tampered store" "$TETHER_BIN" list
expect_match "  the name escaped" "$PTY" 'x\\x1b\]0;t\\x07<U\+202E>'
on_pty "history of a tampered store" "$TETHER_BIN" history
expect_match "  the name and URL escaped" "$PTY" 'h\\x1b\[2J<U\+009B> .*\\x1b\]52;c;eA==\\x07'
expect_exit "history --json" 0 tether history --json
expect_match "  escaped as \\uXXXX" "$T_OUT" '"integration":[[:space:]]+"h\\u001b\[2J\\u009b"'
t_done
