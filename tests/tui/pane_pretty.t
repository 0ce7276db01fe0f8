#!/bin/sh
# `tether request --pretty`: the pane's JSON formatter on the command line,
# pretty-printing even when standard output is a pipe; the same layout as
# `jq .` for plain documents; other bodies as received, and invalid JSON
# pretty up to the error, then as received, with exit status 1.
. "$(dirname "$0")/../lib.sh"
t_setup
. "$(dirname "$0")/pane_lib.sh"

pane_servers || { t_fail "nginx and integrations set up"; t_done; exit; }
www="$T_WORK/nginx/www/large"
printf '{"a":[1,{"b":null,"c":[]}],"d":{},"e":"x y","f":-1.5,"g":true}' \
	>"$www/doc.json"
printf '{"a": [1, }' >"$www/bad.json"

expect_exit "request --pretty into a pipe" 0 \
	tether request open GET /large/doc.json --pretty
expect_eq "it is pretty-printed like jq ." "$(jq . "$www/doc.json")" "$T_OUT"

expect_exit "request without --pretty into a pipe" 0 \
	tether request open GET /large/doc.json
expect_eq "the body comes as received" "$(cat "$www/doc.json")" "$T_OUT"

expect_exit "request --pretty on a body that is not JSON exits 1" 1 \
	tether request open GET /large/bad.json --pretty
expect_eq "invalid JSON: pretty up to the error, the rest as received" \
	"$(printf '{\n  "a": [\n    1,\n    }')" "$T_OUT"
expect_match "  and where it stops is said" "$T_ERR" \
	'not valid JSON: at line 1, column 11 \(byte 10\): expected a value'

expect_exit "request --pretty on a text body" 0 \
	tether request open GET /echo --pretty
expect_match "text is printed as received" "$T_OUT" "^GET /echo HTTP/1.1"

t_done
