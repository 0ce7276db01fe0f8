#!/bin/bash
# Form and multipart bodies, redirects and the proxy of an integration,
# against real servers: httpbin's /post echoes the form and the files it
# parsed, /redirect-to redirects; nginx's /echo, given as the proxy, shows
# the request line a proxy receives (an absolute URL) and the proxy
# credentials; a closed port as the proxy gives an error naming it.
. "$(dirname "$0")/../lib.sh"
t_setup
HB="$T_WORK/httpbin"
t_server httpbin "$HB"

tether add hb --host "$HTTPBIN_URL" --auth none >/dev/null

# --data-urlencode: one form-urlencoded body, each row encoded.
expect_exit "--data-urlencode rows are posted as a form" 0 \
	tether request hb POST /post --data-urlencode 'a=1 & 2' --data-urlencode 'b=ü=x'
expect_eq "  first row decoded exactly" "1 & 2" "$(printf '%s' "$T_OUT" | jq -r .form.a)"
expect_eq "  second row decoded exactly" "ü=x" "$(printf '%s' "$T_OUT" | jq -r .form.b)"
expect_eq "  sent as application/x-www-form-urlencoded" \
	"application/x-www-form-urlencoded" \
	"$(printf '%s' "$T_OUT" | jq -r '.headers["Content-Type"]')"

# -F: multipart, values and a file (binary, with a NUL byte).
printf 'line 1\nline "2" \\ \303\274 end\n' >"$T_WORK/up.bin"
size=$(stat -c %s "$T_WORK/up.bin")
expect_exit "-F values and a file make a multipart body" 0 \
	tether request hb POST /post -F 'name=Ada Lovelace' -F "doc=@$T_WORK/up.bin;type=application/octet-stream"
expect_eq "  the value arrives" "Ada Lovelace" "$(printf '%s' "$T_OUT" | jq -r .form.name)"
expect_match "  sent as multipart/form-data with a boundary" \
	"$(printf '%s' "$T_OUT" | jq -r '.headers["Content-Type"]')" '^multipart/form-data; boundary='
printf '%s' "$T_OUT" | jq -j .files.doc >"$T_WORK/up.got"
check "  the file arrives byte for byte" cmp "$T_WORK/up.got" "$T_WORK/up.bin"
expect_exit "the history keeps the parts" 0 tether history hb --json
hist=$(printf '%s' "$T_OUT" | jq -r '.[0].request_body')
expect_match "  the value" "$hist" '^name=Ada Lovelace$'
expect_match "  the file's name and size" "$hist" \
	"^doc=@$T_WORK/up.bin \\(filename up.bin, $size bytes, type application/octet-stream\\)"
expect_no_match "  never the file's contents" "$hist" 'line'

printf 'hello\n' >"$T_WORK/note.txt"
expect_exit "-F with filename= and a PUT" 0 \
	tether request hb PUT /put -F "f=@$T_WORK/note.txt;filename=renamed.txt"
expect_eq "  the file's text arrives" "hello" "$(printf '%s' "$T_OUT" | jq -r .files.f)"
expect_exit "a file that cannot be read" 2 \
	tether request hb POST /post -F 'k=@not-a-file-yet' --curl
expect_match "  a missing file is refused before sending" "$T_ERR" "not-a-file-yet.*cannot be read"
expect_exit "--curl with a value and a file" 0 \
	tether request hb POST /post -F 'k=v;x' -F "f=@$T_WORK/note.txt" --curl
expect_match "  as curl would take them" "$T_OUT" "--form-string 'k=v;x' -F 'f=@$T_WORK/note.txt'"
expect_exit "two kinds of body are refused" 2 \
	tether request hb POST /post -d x -F a=b

# Redirects: per request and per integration.
expect_exit "a redirect is followed by default" 0 \
	tether request hb GET /redirect-to -q 'url=/get?via=redirect'
expect_eq "  to its target" redirect "$(printf '%s' "$T_OUT" | jq -r .args.via)"
expect_exit "--no-follow reports the 3xx" 0 \
	tether request hb GET /redirect-to -q url=/get --no-follow --json
expect_eq "  status 302" 302 "$(printf '%s' "$T_OUT" | jq .status)"
expect_eq "  not followed" 0 "$(printf '%s' "$T_OUT" | jq .redirects)"
expect_exit "an integration that does not follow redirects" 0 \
	tether edit hb --follow-redirects no
expect_match "  shown" "$(tether show hb)" 'Redirects: +not followed'
expect_exit "  reports the 3xx" 0 tether request hb GET /redirect-to -q url=/get --json
expect_eq "  status 302" 302 "$(printf '%s' "$T_OUT" | jq .status)"
expect_exit "  -L follows all the same" 0 tether request hb GET /redirect-to -q url=/get -L --json
expect_eq "  status 200" 200 "$(printf '%s' "$T_OUT" | jq .status)"
expect_exit "--follow-redirects takes yes or no only" 2 tether edit hb --follow-redirects maybe
tether edit hb --follow-redirects yes >/dev/null

# The proxy of an integration.
NGX="$T_WORK/nginx"
t_server nginx "$NGX"
tether add far --host http://api.example.invalid --auth none >/dev/null
printf 'pr0xy:pw\n' | tether edit far --proxy "127.0.0.1:$NGINX_PORT" \
	--proxy-user alice --proxy-password-stdin >/dev/null
shown=$(tether show far)
expect_match "the proxy is shown" "$shown" "^Proxy: +http://127.0.0.1:$NGINX_PORT\$"
expect_match "  its user, the password only as set" "$shown" '^Proxy user: +alice, password set$'
expect_exit "a request goes through the proxy" 0 tether request far GET /echo
expect_match "  which gets the absolute URL" "$T_OUT" '^GET http://api.example.invalid/echo HTTP/1.1'
expect_match "  and the proxy credentials" "$T_OUT" \
	"Proxy-Authorization: Basic $(printf 'alice:pr0xy:pw' | base64)"
expect_exit "the history of it" 0 tether history far --json
expect_no_match "  keeps no proxy password" "$T_OUT" 'pr0xy:pw|YWxpY2U6cHIweHk6cHc'
expect_exit "--curl names the password as a variable" 0 tether request far GET /echo --curl
expect_match "  \$PROXY_PASSWORD" "$T_OUT" "--proxy 'http://127.0.0.1:$NGINX_PORT' --proxy-user 'alice:'\"\\\$PROXY_PASSWORD\""
expect_exit "export keeps the password out" 0 tether export far
expect_eq "  only as set" set "$(printf '%s' "$T_OUT" | jq -r '.integrations[0].network.proxy_password')"
tether edit far --follow-redirects no >/dev/null
tether export far --with-secrets 2>/dev/null >"$T_WORK/far.json"
expect_exit "the transfer settings survive export and import" 0 \
	env TETHER_DB="$T_WORK/other.db" "$TETHER_BIN" import "$T_WORK/far.json"
shown=$(TETHER_DB="$T_WORK/other.db" "$TETHER_BIN" show far)
expect_match "  the proxy" "$shown" "^Proxy: +http://127.0.0.1:$NGINX_PORT\$"
expect_match "  its user and password" "$shown" '^Proxy user: +alice, password set$'
expect_match "  the redirects" "$shown" '^Redirects: +not followed$'
expect_exit "  the imported password reaches the proxy" 0 \
	env TETHER_DB="$T_WORK/other.db" "$TETHER_BIN" request far GET /echo
expect_match "  as the same credentials" "$T_OUT" \
	"Proxy-Authorization: Basic $(printf 'alice:pr0xy:pw' | base64)"
tether edit far --follow-redirects yes >/dev/null
expect_exit "OAuth discovery through the proxy" 1 tether add viaproxy \
	--host http://api.example.invalid --auth oauth2 --client-id x \
	--issuer http://issuer.example.invalid --proxy "127.0.0.1:$NGINX_PORT"
expect_match "  the proxy got the metadata request" \
	"$(cat "$NGX/access.log")" \
	'"GET http://issuer.example.invalid/.well-known/oauth-authorization-server '
expect_exit "credentials in --proxy are refused" 2 \
	tether edit far --proxy "http://bob:secret@127.0.0.1:$NGINX_PORT"
expect_match "  pointing at the options" "$T_ERR" 'proxy-password-stdin'
expect_exit "a proxy password without a user is refused" 2 \
	sh -c 'echo pw | "$TETHER_BIN" edit far --proxy-user "" --proxy-password-stdin'
expect_match "  saying what is missing" "$T_ERR" 'needs a proxy user name'
port=$(free_port)
tether edit far --proxy "http://127.0.0.1:$port" >/dev/null
expect_exit "a proxy that does not answer" 1 tether request far GET /echo
expect_match "  is named in the error" "$T_ERR" "proxy http://127.0.0.1:$port"
tether edit far --no-proxy >/dev/null
expect_exit "--no-proxy ignores the environment's proxy" 1 \
	env http_proxy="http://127.0.0.1:$NGINX_PORT" "$TETHER_BIN" request far GET /echo
expect_match "  (the host itself does not resolve)" "$T_ERR" 'resolve the host name api.example.invalid'
tether edit far --proxy '' >/dev/null
expect_exit "--proxy '' uses the environment's again" 0 \
	env http_proxy="http://127.0.0.1:$NGINX_PORT" "$TETHER_BIN" request far GET /echo
expect_match "  through it" "$T_OUT" '^GET http://api.example.invalid/echo'

t_done
