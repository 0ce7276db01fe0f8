#!/bin/sh
# tests/servers/nginx.sh — a real nginx on 127.0.0.1 for the HTTP tests.
#
#   nginx.sh start DIR [--userinfo URL] [--locations FILE] [--mtls-proxy URL]
#                                         write DIR/nginx.conf, start nginx,
#                                         print the variables of DIR/env;
#                                         FILE's lines (nginx location
#                                         blocks) go into the main server;
#                                         --mtls-proxy: NGINX_MTLS_PROXY_URL
#                                         proxies to URL (see below)
#   nginx.sh stop DIR                     stop it (waits until it is gone)
#
# The credentials it checks come from the environment (defaults below), so
# no secret needs to be on a command line:
#   NGINX_USER, NGINX_PASSWORD   exact HTTP Basic user and password
#   NGINX_API_KEY                exact X-API-Key header / api_key query value
#   NGINX_TOKEN                  exact bearer token
#   NGINX_CLIENT_KEY_PASS        passphrase of the encrypted client key
# DIR/env (sourceable) holds NGINX_PORT, NGINX_OTHER_PORT, NGINX_TLS_PORT,
# NGINX_MTLS_PORT, NGINX_CA (the CA certificate that signed the TLS
# servers' certificates), NGINX_URL, NGINX_OTHER_URL, NGINX_TLS_URL,
# NGINX_MTLS_URL and the TLS client files made at start:
#   NGINX_CLIENT_CA        the CA that NGINX_MTLS_URL trusts for clients
#   NGINX_CLIENT_CERT      a client certificate it signed (CN=tether client)
#   NGINX_CLIENT_KEY       its key, unencrypted
#   NGINX_CLIENT_KEY_ENC   the same key encrypted with NGINX_CLIENT_KEY_PASS
#   NGINX_ROGUE_CERT, NGINX_ROGUE_KEY   a self-signed client certificate
#                          and key that NGINX_MTLS_URL does not trust
#
# Locations on NGINX_URL:
#   /basic/...        200 only with the exact Basic user and password
#   /key/header       200 only with "X-API-Key: KEY"
#   /key/prefixed     200 only with "X-API-Key: Token KEY"
#   /key/query        200 only with ?api_key=KEY (KEY percent-encoded)
#   /bearer/...       200 only with "Authorization: Bearer TOKEN"
#   /userinfo/...     (with --userinfo) 200 when URL accepts the bearer token
#   /echo, /echo/...  the request line, headers and body, echoed
#   /status/NNN       that status
#   /json             a small JSON document (application/json)
#   /delay/S          answers after S seconds (S a whole number or decimal)
#   /slow             a body that trickles in over about 5 s
#   /large/70m, /large/1m   bodies of 70 MiB and 1 MiB
#   /files/...        the files of DIR/www/files (a test adds and removes them)
#   /ratelimit        200 with RateLimit-* and X-RateLimit-* headers
#   /ratelimit/429    429 with Retry-After: 120
#   /redirect/same    302 to /echo on the same server
#   /redirect/other   302 to NGINX_OTHER_URL/echo (another host:port),
#                     query string kept
#   /redirect/loop    302 to itself
#   /oauth/form-token        a token response in
#                            application/x-www-form-urlencoded (to any method)
#   /oauth/form-token-text   the same form body labelled text/plain
#   /oauth/json-as-form      a JSON token response labelled as a form
#   /oauth/form-invalid-client  401 with a form-encoded invalid_client error
#   /oidc-only/.well-known/openid-configuration
#                     OpenID Connect metadata of the issuer
#                     NGINX_URL/oidc-only (client_secret_post, no S256)
#   /mtls-only/.well-known/openid-configuration
#                     OpenID Connect metadata of the issuer
#                     NGINX_URL/mtls-only offering tls_client_auth only
#   /.well-known/oauth-authorization-server/slow
#                     answers after 60 s (a discovery to cancel)
#   /.well-known/oauth-authorization-server/wrong
#                     RFC 8414 metadata of the issuer NGINX_URL/wrong that
#                     names another issuer
# NGINX_OTHER_URL serves /echo; NGINX_TLS_URL serves / and /echo over TLS.
# NGINX_MTLS_URL (ssl_verify_client on) serves / ("mtls ok SUBJECT") and
# /echo over TLS, only to a client certificate NGINX_CLIENT_CA signed;
# without one nginx answers 400 "No required SSL certificate was sent".
# With --mtls-proxy URL, NGINX_MTLS_PROXY_URL (TLS, ssl_verify_client
# optional_no_ca: a certificate is asked for and checked against
# NGINX_CLIENT_CA, but none or an untrusted one is passed on, not refused)
# proxies everything to URL with the client certificate
# (x-ssl-client-cert, URL-encoded PEM), the verdict (x-ssl-client-verify:
# SUCCESS, FAILED:..., NONE) and the subject (x-ssl-client-s-dn), as RFC
# 8705 servers behind a TLS proxy expect.
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

: "${NGINX_USER:=alice}"
: "${NGINX_PASSWORD:=s3cret: pass word}"
: "${NGINX_API_KEY:=k3y/SECRET+42 x}"
: "${NGINX_TOKEN:=tok-SECRET-9f8e7d}"
: "${NGINX_CLIENT_KEY_PASS:=key pass-7c6b}"
export NGINX_CLIENT_KEY_PASS
ECHO_MODULE=/usr/lib/nginx/modules/ngx_http_echo_module.so

die() {
	echo "nginx.sh: $*" >&2
	exit 1
}

# nginx config strings are written in double quotes: refuse what would need
# escaping rather than escape it.
conf_safe() {
	case "$1" in
	*'"'* | *'$'* | *'\'* | *'{'* | *'}'* | *';'*)
		die "a credential may not contain \" \$ \\ { } or ;" ;;
	esac
}

make_certs() {
	d=$1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-nodes -keyout "$d/ca.key" -out "$d/ca.pem" -days 2 \
		-subj "/CN=tether test CA" 2>/dev/null
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$d/server.key" -out "$d/server.csr" \
		-subj "/CN=127.0.0.1" 2>/dev/null
	printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$d/san.ext"
	openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" \
		-CAkey "$d/ca.key" -CAcreateserial -out "$d/server.pem" \
		-days 2 -extfile "$d/san.ext" 2>/dev/null
	# TLS client certificates: a CA of their own, one it signed (its key
	# also encrypted, the passphrase from the environment), one it did not.
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-nodes -keyout "$d/client-ca.key" -out "$d/client-ca.pem" -days 2 \
		-subj "/CN=tether client CA" 2>/dev/null
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$d/client.key" -out "$d/client.csr" \
		-subj "/CN=tether client" 2>/dev/null
	openssl x509 -req -in "$d/client.csr" -CA "$d/client-ca.pem" \
		-CAkey "$d/client-ca.key" -CAcreateserial -out "$d/client.pem" \
		-days 2 2>/dev/null
	openssl pkey -in "$d/client.key" -aes256 \
		-passout env:NGINX_CLIENT_KEY_PASS -out "$d/client-enc.key"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-nodes -keyout "$d/rogue.key" -out "$d/rogue.pem" -days 2 \
		-subj "/CN=tether rogue" 2>/dev/null
}

echo_block() {
	cat <<'ECHO'
            echo_read_request_body;
            echo -n $echo_client_request_headers;
            echo_request_body;
ECHO
}

write_conf() {
	d=$1 userinfo=$2 locations=$3 mtls_proxy=$4
	key_q=$(printf '%s' "$NGINX_API_KEY" | /usr/bin/python3 -c \
		'import sys, urllib.parse; print(urllib.parse.quote(sys.stdin.read(), safe=""))')
	status_locations=""
	for s in 200 201 202 204 301 302 400 401 403 404 405 409 418 429 \
		500 502 503 504; do
		case $s in
		204) body="" ;;
		301 | 302) body=" /echo" ;;
		*) body=" \"status $s\\n\"" ;;
		esac
		status_locations="$status_locations
        location = /status/$s { return $s$body; }"
	done
	userinfo_block=""
	if [ -n "$userinfo" ]; then
		userinfo_block="
        location /userinfo/ {
            auth_request /_userinfo;
            echo \"userinfo ok\";
        }
        location = /_userinfo {
            internal;
            proxy_pass $userinfo;
            proxy_pass_request_body off;
            proxy_set_header Content-Length \"\";
        }"
	fi
	mtls_proxy_block=""
	if [ -n "$mtls_proxy" ]; then
		mtls_proxy_block="
    server {
        listen 127.0.0.1:$NGINX_MTLS_PROXY_PORT ssl;
        ssl_certificate $d/server.pem;
        ssl_certificate_key $d/server.key;
        ssl_verify_client optional_no_ca;
        ssl_client_certificate $d/client-ca.pem;
        location / {
            proxy_pass $mtls_proxy;
            proxy_set_header x-ssl-client-cert \$ssl_client_escaped_cert;
            proxy_set_header x-ssl-client-verify \$ssl_client_verify;
            proxy_set_header x-ssl-client-s-dn \$ssl_client_s_dn;
        }
    }"
	fi
	cat >"$d/nginx.conf" <<CONF
load_module $ECHO_MODULE;
$( [ "$(id -u)" = 0 ] && echo "user root root;" )
worker_processes 1;
daemon on;
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections 4096; }
http {
    access_log $d/access.log;
    client_body_temp_path $d/tmp/body;
    proxy_temp_path $d/tmp/proxy;
    fastcgi_temp_path $d/tmp/fastcgi;
    uwsgi_temp_path $d/tmp/uwsgi;
    scgi_temp_path $d/tmp/scgi;
    default_type text/plain;
    keepalive_requests 100000;
    map \$http_x_api_key \$key_header_ok { default 0; "$NGINX_API_KEY" 1; }
    map \$http_x_api_key \$key_prefixed_ok { default 0; "Token $NGINX_API_KEY" 1; }
    map \$arg_api_key \$key_query_ok { default 0; "$key_q" 1; }
    map \$http_authorization \$bearer_ok { default 0; "Bearer $NGINX_TOKEN" 1; }

    server {
        listen 127.0.0.1:$NGINX_PORT;
        location /basic/ {
            auth_basic "tether test";
            auth_basic_user_file $d/htpasswd;
            echo "basic ok \$remote_user";
        }
        location = /key/header {
            if (\$key_header_ok = 0) { return 401 "bad key\n"; }
            echo "key ok";
        }
        location = /key/prefixed {
            if (\$key_prefixed_ok = 0) { return 401 "bad key\n"; }
            echo "key ok";
        }
        location = /key/query {
            if (\$key_query_ok = 0) { return 401 "bad key\n"; }
            echo "key ok";
        }
        location /bearer/ {
            if (\$bearer_ok = 0) {
                add_header WWW-Authenticate 'Bearer realm="tether", error="invalid_token"' always;
                return 401 "bad token\n";
            }
            echo "bearer ok";
        }$userinfo_block
        location /echo {
$(echo_block)
        }
$status_locations
        location ~ ^/delay/([0-9.]+)\$ {
            echo_sleep \$1;
            echo "slept \$1";
        }
        location = /slow {
            echo "part 1"; echo_flush; echo_sleep 1;
            echo "part 2"; echo_flush; echo_sleep 1;
            echo "part 3"; echo_flush; echo_sleep 1;
            echo "part 4"; echo_flush; echo_sleep 1;
            echo "part 5"; echo_flush; echo_sleep 1;
            echo "done";
        }
        location = /json {
            default_type application/json;
            return 200 '{"a":1,"b":[true,null]}';
        }
        location /large/ { root $d/www; }
        location /files/ { root $d/www; }
        location = /ratelimit {
            add_header RateLimit-Limit 100;
            add_header RateLimit-Remaining 7;
            add_header RateLimit-Reset 30;
            add_header X-RateLimit-Limit 5000;
            add_header X-RateLimit-Remaining 4999;
            return 200 "limited\n";
        }
        location = /ratelimit/429 {
            add_header Retry-After 120 always;
            return 429 "slow down\n";
        }
        location = /redirect/same { return 302 /echo; }
        location = /redirect/other {
            return 302 http://127.0.0.1:$NGINX_OTHER_PORT/echo\$is_args\$args;
        }
        location = /redirect/loop { return 302 /redirect/loop; }
        location = /oauth/form-token {
            default_type application/x-www-form-urlencoded;
            return 200 'access_token=form-AT-1&token_type=bearer&expires_in=3600&scope=read+write&refresh_token=form-RT-2';
        }
        location = /oauth/form-token-text {
            default_type text/plain;
            return 200 'access_token=text-AT-1&token_type=bearer&expires_in=60';
        }
        location = /oauth/form-invalid-client {
            default_type application/x-www-form-urlencoded;
            return 401 'error=invalid_client&error_description=Client+authentication+failed';
        }
        location = /oauth/json-as-form {
            default_type application/x-www-form-urlencoded;
            return 200 '{"access_token":"json-AT-1","token_type":"Bearer"}';
        }
        location = /oidc-only/.well-known/openid-configuration {
            default_type application/json;
            return 200 '{"issuer":"http://127.0.0.1:$NGINX_PORT/oidc-only","authorization_endpoint":"http://127.0.0.1:$NGINX_PORT/oidc-only/auth","token_endpoint":"http://127.0.0.1:$NGINX_PORT/oauth/form-token","token_endpoint_auth_methods_supported":["client_secret_post"],"code_challenge_methods_supported":["plain"]}';
        }
        location = /mtls-only/.well-known/openid-configuration {
            default_type application/json;
            return 200 '{"issuer":"http://127.0.0.1:$NGINX_PORT/mtls-only","token_endpoint":"http://127.0.0.1:$NGINX_PORT/oauth/form-token","token_endpoint_auth_methods_supported":["tls_client_auth"]}';
        }
        location = /.well-known/oauth-authorization-server/slow {
            echo_sleep 60;
            echo "late";
        }
        location = /.well-known/oauth-authorization-server/wrong {
            default_type application/json;
            return 200 '{"issuer":"http://issuer.invalid/wrong","token_endpoint":"http://127.0.0.1:$NGINX_PORT/oauth/form-token"}';
        }
$( [ -n "$locations" ] && cat "$locations" )
    }

    server {
        listen 127.0.0.1:$NGINX_OTHER_PORT;
        location / {
$(echo_block)
        }
    }

    server {
        listen 127.0.0.1:$NGINX_TLS_PORT ssl;
        ssl_certificate $d/server.pem;
        ssl_certificate_key $d/server.key;
        location = / { return 200 "tls ok\n"; }
        location /echo {
$(echo_block)
        }
    }

    server {
        listen 127.0.0.1:$NGINX_MTLS_PORT ssl;
        ssl_certificate $d/server.pem;
        ssl_certificate_key $d/server.key;
        ssl_verify_client on;
        ssl_client_certificate $d/client-ca.pem;
        location = / { return 200 "mtls ok \$ssl_client_s_dn\n"; }
        location /echo {
$(echo_block)
        }
    }
$mtls_proxy_block
}
CONF
}

start() {
	d=$1
	shift
	userinfo="" locations="" mtls_proxy=""
	while [ $# -gt 0 ]; do
		case $1 in
		--userinfo) userinfo=$2; shift 2 ;;
		--locations) locations=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
		--mtls-proxy) mtls_proxy=$2; shift 2 ;;
		*) die "unknown option $1" ;;
		esac
	done
	[ -n "$d" ] || die "usage: nginx.sh start DIR [--userinfo URL]"
	mkdir -p "$d/tmp" "$d/www/large" "$d/www/files"
	d=$(cd "$d" && pwd)
	for v in "$NGINX_USER" "$NGINX_PASSWORD" "$NGINX_API_KEY" "$NGINX_TOKEN"; do
		conf_safe "$v"
	done
	printf '%s:%s\n' "$NGINX_USER" \
		"$(printf '%s\n' "$NGINX_PASSWORD" | openssl passwd -apr1 -stdin)" \
		>"$d/htpasswd"
	truncate -s 70M "$d/www/large/70m"
	truncate -s 1M "$d/www/large/1m"
	make_certs "$d"
	# A port taken between free_port and nginx's bind: again, on others.
	tries=0
	while :; do
		NGINX_PORT=$(free_port)
		NGINX_OTHER_PORT=$(free_port)
		NGINX_TLS_PORT=$(free_port)
		NGINX_MTLS_PORT=$(free_port)
		NGINX_MTLS_PROXY_PORT=$(free_port)
		write_conf "$d" "$userinfo" "$locations" "$mtls_proxy"
		nginx -p "$d" -c "$d/nginx.conf" -e "$d/error.log" \
			2>"$d/start.err" && break
		tries=$((tries + 1))
		if [ $tries -ge 5 ] || ! grep -q 'Address already in use' "$d/start.err"; then
			die "nginx did not start: $(tail -3 "$d/start.err" 2>/dev/null)"
		fi
	done
	cat >"$d/env" <<ENV
NGINX_PORT=$NGINX_PORT
NGINX_OTHER_PORT=$NGINX_OTHER_PORT
NGINX_TLS_PORT=$NGINX_TLS_PORT
NGINX_CA=$d/ca.pem
NGINX_URL=http://127.0.0.1:$NGINX_PORT
NGINX_OTHER_URL=http://127.0.0.1:$NGINX_OTHER_PORT
NGINX_TLS_URL=https://127.0.0.1:$NGINX_TLS_PORT
NGINX_MTLS_PORT=$NGINX_MTLS_PORT
NGINX_MTLS_URL=https://127.0.0.1:$NGINX_MTLS_PORT
NGINX_CLIENT_CA=$d/client-ca.pem
NGINX_CLIENT_CERT=$d/client.pem
NGINX_CLIENT_KEY=$d/client.key
NGINX_CLIENT_KEY_ENC=$d/client-enc.key
NGINX_ROGUE_CERT=$d/rogue.pem
NGINX_ROGUE_KEY=$d/rogue.key
NGINX_MTLS_PROXY_URL=https://127.0.0.1:$NGINX_MTLS_PROXY_PORT
ENV
	cat "$d/env"
}

stop() {
	d=$1
	[ -f "$d/nginx.pid" ] || return 0
	t_stop_pid "$(cat "$d/nginx.pid")"
}

case "$1" in
start) shift; start "$@" ;;
stop) stop "$2" ;;
*) die "usage: nginx.sh start DIR [--userinfo URL] | stop DIR" ;;
esac
