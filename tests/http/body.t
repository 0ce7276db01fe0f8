#!/bin/bash
# Response bodies of tether request against a real nginx: on a
# terminal, hostile bytes in the body and the -i head come out rendered and
# a binary body as a note; to a pipe, byte for byte; -o FILE and --raw;
# bodies larger than the old 64 MiB cap stream complete in bounded memory,
# --pretty included; invalid JSON midway and a cut are said and exit 1.
. "$(dirname "$0")/../lib.sh"
t_setup
NGX="$T_WORK/nginx"
t_server nginx "$NGX"
PTY="$TETHER_ROOT/tests/cli/onpty.py"
WWW="$NGX/www/large"
ESC=$(printf '\033')

tether add open --host "$NGINX_URL" --auth none >/dev/null

# A text body that tries OSC 52 (clipboard), a window title, clearing the
# screen, a bidi override and a C1 CSI sent as UTF-8.
printf 'hi \033]52;c;aGVsbG8=\a \033]0;owned\a \033[2J rlo:\342\200\256:end c1:\302\233: tab\tok\nline 2\n' \
	>"$WWW/hostile.txt"

out=$("$PTY" -- "$TETHER_BIN" request open GET /large/hostile.txt)
expect_no_match "hostile body on a terminal: no escape byte reaches it" "$out" "$ESC"
expect_match "  OSC 52 shown as text" "$out" 'hi \\x1b\]52;c;aGVsbG8=\\x07 \\x1b\]0;owned\\x07 \\x1b\[2J'
expect_match "  bidi override and C1 shown by code point" "$out" 'rlo:<U\+202E>:end c1:<U\+009B>:'
expect_match "  tabs and lines kept" "$out" "$(printf 'tab\tok')"
expect_match "  exit 0" "$out" '#pty status=0'

tether request open GET /large/hostile.txt >"$T_WORK/hostile.pipe"
curl -s "$NGINX_URL/large/hostile.txt" >"$T_WORK/hostile.curl"
check "the same body to a pipe is byte for byte curl's" \
	cmp "$T_WORK/hostile.pipe" "$T_WORK/hostile.curl"

# A header that tries OSC 52, a bidi override, a C1 CSI as UTF-8 and a raw
# 8-bit CSI byte: one more location in this test's own nginx, restarted
# (stopped, then started on the same ports: no old worker left to answer).
printf 'location = /evil-header { add_header X-Evil "a\033]52;c;aGk=\007\342\200\256\302\233b\233c"; return 200 "ok\\n"; }\n' \
	>"$NGX/evil.conf"
sed -i "s|^        location /large/ {|        include $NGX/evil.conf;\n&|" "$NGX/nginx.conf"
"$TETHER_ROOT/tests/servers/nginx.sh" stop "$NGX"
nginx -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/error.log" ||
	t_fail "nginx starts again with the hostile header"
out=$("$PTY" -- "$TETHER_BIN" request open GET /evil-header -i)
expect_match "hostile -i header on a terminal: rendered" "$out" \
	'^X-Evil: a\\x1b\]52;c;aGk=\\x07<U\+202E><U\+009B>b\\x9bc'
expect_no_match "  no escape byte reaches it" "$out" "$ESC"
expect_no_match "  nor a raw byte (shown by the pty as U+FFFD)" "$out" "$(printf '\357\277\275')"
tether request open GET /evil-header -i >"$T_WORK/evil.pipe"
expect_eq "the same header to a pipe is as received" \
	"$(printf 'X-Evil: a\033]52;c;aGk=\007\342\200\256\302\233b\233c' | od -An -tx1)" \
	"$(grep -a '^X-Evil' "$T_WORK/evil.pipe" | tr -d '\n' | od -An -tx1)"

printf '\211PNG\r\n\032\n\0\0\0\rIHDR' >"$WWW/img.png"
head -c 4000 /dev/urandom >>"$WWW/img.png"
size=$(stat -c %s "$WWW/img.png")
out=$("$PTY" -- "$TETHER_BIN" request open GET /large/img.png)
expect_match "binary body on a terminal: a note with size and type" "$out" \
	"^binary body, $size bytes, text/plain: use -o FILE or --raw"
expect_no_match "  none of its bytes" "$out" 'PNG|IHDR'
expect_match "  exit status of the response" "$out" '#pty status=0'

out=$("$PTY" -- "$TETHER_BIN" request open GET /large/hostile.txt --raw)
expect_match "--raw on a terminal: the bytes as they came" "$out" "$ESC\\]52;c;"

echo old >"$T_WORK/saved"
expect_exit "-o FILE replaces FILE" 0 tether request open GET /large/img.png -o "$T_WORK/saved"
check "  with the bytes as they came" cmp "$T_WORK/saved" "$WWW/img.png"
expect_eq "  nothing on stdout" "" "$T_OUT"
expect_eq "  no temporary file left" "" "$(ls -a "$T_WORK" | grep tether-)"
port=$(free_port)
tether add closed --host "http://127.0.0.1:$port" --auth none >/dev/null
expect_exit "-o FILE when no response comes" 1 tether request closed GET / -o "$T_WORK/saved"
check "  FILE is left as it was" cmp "$T_WORK/saved" "$WWW/img.png"
expect_match "  and says so" "$T_ERR" "saved was left as it was"

expect_exit "-o FILE when the body breaks off midway" 1 \
	tether request open GET /slow --timeout 2.5 -o "$T_WORK/saved"
check "  FILE is left as it was" cmp "$T_WORK/saved" "$WWW/img.png"
expect_match "  and the reason is said" "$T_ERR" "No complete response"
expect_exit "to a pipe, a body that breaks off midway exits 1" 1 \
	tether request open GET /slow --timeout 2.5
expect_eq "  after what came (the body trickles in over 5 s)" "part 1" \
	"$(printf '%s\n' "$T_OUT" | head -1)"
expect_no_match "  not its end" "$T_OUT" "done"

# 80 MiB, past the old 64 MiB cap: random bytes, and a JSON document with
# its pretty form (as jq prints it) written beside it.
head -c 80M /dev/urandom >"$WWW/80m"
cat >"$T_WORK/gen.py" <<'PY'
import sys
n, compact, pretty = int(sys.argv[1]), open(sys.argv[2], "w"), open(sys.argv[3], "w")
compact.write("[")
pretty.write("[\n")
for i in range(n):
    if i:
        compact.write(",")
        pretty.write(",\n")
    compact.write('{"id":%d,"name":"item %d","tags":["a",true,null,-15],"e":{},"f":[]}' % (i, i))
    pretty.write('  {\n    "id": %d,\n    "name": "item %d",\n    "tags": [\n      "a",\n'
                 '      true,\n      null,\n      -15\n    ],\n    "e": {},\n    "f": []\n  }' % (i, i))
compact.write("]")
pretty.write("\n]\n")
PY
/usr/bin/python3 "$T_WORK/gen.py" 1100000 "$WWW/big.json" "$T_WORK/big.pretty"
/usr/bin/python3 "$T_WORK/gen.py" 3 "$T_WORK/small.json" "$T_WORK/small.pretty"
jq . "$T_WORK/small.json" >"$T_WORK/small.jq"
check "the expected pretty form is jq's" cmp "$T_WORK/small.jq" "$T_WORK/small.pretty"

# max RSS in kB of a command whose stdout goes to FILE: rss FILE CMD...
rss() {
	f=$1
	shift
	/usr/bin/time -f '%M' -o "$T_WORK/rss" "$@" >"$f" 2>"$T_WORK/rss.err"
	echo "$? $(tail -1 "$T_WORK/rss")"
}
read -r rc kb <<EOF
$(rss "$T_WORK/80m.out" "$TETHER_BIN" request open GET /large/80m)
EOF
expect_eq "80 MiB to a pipe: exit 0" 0 "$rc"
check "  complete, byte for byte" cmp "$T_WORK/80m.out" "$WWW/80m"
expect_eq "  in bounded memory (max RSS under 40 MB: $kb kB)" 1 "$((kb < 40000))"
expect_exit "  the history keeps a prefix and says it was cut" 0 tether history open --json --limit 1
expect_eq "  full size and cut" "83886080 true 65536" \
	"$(printf '%s' "$T_OUT" | jq -r '.[0] | "\(.response_size) \(.response_body_cut) \(.response_body_kept)"')"
rm -f "$T_WORK/80m.out"

read -r rc kb <<EOF
$(rss "$T_WORK/big.out" "$TETHER_BIN" request open GET /large/big.json --pretty)
EOF
expect_eq "--pretty on $(($(stat -c %s "$WWW/big.json") / 1048576)) MiB of JSON: exit 0" 0 "$rc"
check "  complete and as jq prints it" cmp "$T_WORK/big.out" "$T_WORK/big.pretty"
expect_eq "  in bounded memory (max RSS under 40 MB: $kb kB)" 1 "$((kb < 40000))"
rm -f "$T_WORK/big.out" "$T_WORK/big.pretty" "$WWW/big.json"

printf '{"a":[1,2,{"b":"x"}],"c":tru,"d":4}' >"$WWW/bad.json"
expect_exit "--pretty on JSON invalid midway exits 1" 1 tether request open GET /large/bad.json --pretty
expect_eq "  pretty up to the error, then the rest as received" \
	"$(printf '{\n  "a": [\n    1,\n    2,\n    {\n      "b": "x"\n    }\n  ],\n  "c": tru,"d":4}')" "$T_OUT"
expect_match "  and says where" "$T_ERR" \
	'not valid JSON: at line 1, column 26 \(byte 25\): invalid literal: expected true; the rest of it is as received'

tether request open GET /large/80m --json >"$T_WORK/env.json" 2>"$T_WORK/env.err"
expect_eq "--json with a body past the 64 MiB it holds exits 1" 1 "$?"
expect_eq "  the envelope says truncated" 1 "$(grep -acE '"truncated":[[:space:]]*true' "$T_WORK/env.json")"
expect_match "  and the error says the body was cut" "$(cat "$T_WORK/env.err")" "body was cut at 67108864 bytes of 83886080"
t_done
