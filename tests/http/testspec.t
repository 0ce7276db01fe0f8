#!/bin/bash
# The connection test as an integration describes it, against a real
# nginx: method (GET, HEAD, POST with a body), accepted statuses (list,
# class, range), a JSON Pointer check with expected and actual values in
# the diagnosis, a substring check; and the presets whose tests need them
# (Slack's "ok", Dropbox's POST, Notion's and Twitch's headers, GitHub's
# Accept and API version) against locations that answer as those providers
# document.
. "$(dirname "$0")/../lib.sh"
t_setup
NGX="$T_WORK/nginx"
cat >"$T_WORK/locations.conf" <<'CONF'
        location = /slack/api/auth.test {
            default_type application/json;
            if ($bearer_ok = 0) { return 200 '{"ok":false,"error":"invalid_auth"}'; }
            return 200 '{"ok":true,"team":"T1","user":"u1"}';
        }
        location = /dropbox/2/users/get_current_account {
            default_type text/plain;
            if ($request_method != POST) { return 400 'Error in call to API function "users/get_current_account": Your request method is not POST.'; }
            if ($content_type != "application/json") { return 400 'Error in call to API function "users/get_current_account": Bad HTTP "Content-Type" header. Expecting "application/json".'; }
            if ($bearer_ok = 0) { return 401 '{"error_summary":"invalid_access_token/"}'; }
            return 200 '{"account_id":"dbid:1","email":"a@example.com"}';
        }
        location = /notion/v1/users/me {
            default_type application/json;
            if ($http_notion_version = "") { return 400 '{"object":"error","status":400,"code":"missing_version"}'; }
            if ($bearer_ok = 0) { return 401 '{"object":"error","status":401,"code":"unauthorized"}'; }
            return 200 '{"object":"user","id":"u1","type":"bot"}';
        }
        location = /twitch/helix/users {
            default_type application/json;
            if ($http_client_id != "twitch-client-1") { return 401 '{"error":"Unauthorized","status":401,"message":"Client-Id header required"}'; }
            if ($bearer_ok = 0) { return 401 '{"error":"Unauthorized","status":401,"message":"Invalid OAuth token"}'; }
            return 200 '{"data":[{"id":"1","login":"me"}]}';
        }
        location = /github/user {
            default_type application/json;
            if ($http_x_github_api_version != "2022-11-28") { return 400 '{"message":"Unsupported API version"}'; }
            if ($http_accept != "application/vnd.github+json") { return 415 '{"message":"Unsupported media type"}'; }
            if ($bearer_ok = 0) { return 401 '{"message":"Bad credentials"}'; }
            return 200 '{"login":"octocat","id":1}';
        }
CONF
t_server nginx "$NGX" \
	--locations "$T_WORK/locations.conf"
TOKEN='tok-SECRET-9f8e7d'

# Without a name: the default integration, or a message saying there is
# none.
tether add st --host "$NGINX_URL" --auth none --test-path /status/204 >/dev/null
expect_exit "test with no name and no default" 1 tether test
expect_match "  says there is none" "$T_ERR" "none is the default"
expect_exit "request with no name and no default" 1 tether request GET /json
expect_match "  says so too" "$T_ERR" "none is the default"
tether add dflt --host "$NGINX_URL" --auth none --test-path /json --default >/dev/null
expect_exit "test with no name tests the default" 0 tether test
expect_match "  names it" "$T_OUT" "^PASS dflt: 200"
expect_exit "request with no name goes through the default" 0 tether request GET /json
expect_eq "  its answer" 1 "$(printf '%s' "$T_OUT" | jq .a)"

# Statuses.
expect_exit "204 fails the default test" 1 tether test st
expect_match "  naming what it needs" "$T_OUT" "passes only on 200:"
expect_exit "accept 200,204" 0 tether edit st --test-status 200,204
expect_exit "  passes" 0 tether test st
expect_exit "a class" 0 tether edit st --test-status 2xx
expect_exit "  passes" 0 tether test st
expect_exit "a range" 0 tether edit st --test-status 200-203
expect_exit "  fails outside it" 1 tether test st
expect_match "  and says which" "$T_OUT" "passes only on 200-203:"
expect_exit "a bad list is refused" 2 tether edit st --test-status 2x
expect_match "  naming the item" "$T_ERR" '"2x" is not a status'
expect_exit "999 is refused" 2 tether edit st --test-status 999
expect_exit "HEAD" 0 tether edit st --test-method head --test-status 2xx
expect_exit "  passes" 0 tether test st
expect_match "  says HEAD" "$T_OUT" "\(HEAD http"
expect_exit "  refuses a body check" 2 tether edit st --test-expect-text x
expect_match "  saying why" "$T_ERR" "HEAD request gets no body"

# JSON Pointer and text checks on /json ({"a":1,"b":[true,null]}).
tether add js --host "$NGINX_URL" --auth none --test-path /json \
	--test-expect /b/0=true >/dev/null
expect_exit "pointer check passes" 0 tether test js
expect_exit "a wrong value" 0 tether edit js --test-expect /a=2
expect_exit "  fails" 1 tether test js
expect_match "  with pointer, expected and actual" "$T_OUT" \
	"failed at /a: expected 2, actual 1"
expect_exit "a missing member" 0 tether edit js --test-expect '/x/y="z"'
expect_exit "  fails" 1 tether test js
expect_match "  saying so" "$T_OUT" 'expects /x/y = "z", but the body has nothing at /x/y'
expect_exit "a string value that is not JSON" 0 tether edit js --test-expect '/a=one'
expect_exit "  is compared as a string" 1 tether test js
expect_match "  shown quoted" "$T_OUT" 'expected "one", actual 1'
expect_exit "show --json shows it" 0 tether show js --json
expect_eq "  as JSON" '{"pointer":"/a","value":"one"}' \
	"$(printf '%s' "$T_OUT" | jq -c .test.expect)"
expect_exit "a pointer without /" 2 tether edit js --test-expect 'a=1'
expect_match "  refused" "$T_ERR" "must start with '/'"
expect_exit "text check" 0 tether edit js --test-expect '' --test-expect-text '"b":[true'
expect_exit "  passes" 0 tether test js
expect_exit "text that is not there" 0 tether edit js --test-expect-text nope
expect_exit "  fails" 1 tether test js
expect_match "  saying so" "$T_OUT" 'contain "nope", but it does not'

# POST with a body (echoed by nginx).
tether add po --host "$NGINX_URL" --auth none --test-path /echo \
	--test-method POST --test-body '{"probe":42}' --test-expect-text '"probe":42' >/dev/null
expect_exit "POST with a JSON body" 0 tether test po
expect_match "  says POST" "$T_OUT" "\(POST http"
expect_exit "a body needs POST" 2 tether edit po --test-method GET --test-body x
expect_match "  says so" "$T_ERR" "sent only with POST"

# Presets, with the base URL pointed at nginx and a token given through
# import (as a real authorization would store it).
for tok in good bad; do
	t=$TOKEN
	[ $tok = bad ] && t=wrong-token
	export TETHER_DB="$T_WORK/presets-$tok.db"
	for spec in "slack /slack/api" "dropbox /dropbox/2" "notion /notion/v1" \
		"twitch /twitch/helix"; do
		set -- $spec
		TETHER_DB="$T_WORK/$1-src.db" tether add "p$1" --preset "$1" \
			--client-id twitch-client-1 >/dev/null </dev/null
		TETHER_DB="$T_WORK/$1-src.db" tether export --with-secrets |
			jq --arg u "$NGINX_URL$2" --arg t "$t" \
				'.integrations[0].base_url = $u |
				 .integrations[0].oauth2.tokens.access_token = $t' \
				>"$T_WORK/$1.json"
		rm -f "$T_WORK/$1-src.db"*
		tether import "$T_WORK/$1.json" >/dev/null
	done
	printf 'gh-secret\n' | TETHER_DB="$T_WORK/gh-src.db" tether add pgithub \
		--preset github --client-id gh-1 --client-secret-stdin >/dev/null
	TETHER_DB="$T_WORK/gh-src.db" tether export --with-secrets |
		jq --arg u "$NGINX_URL/github" --arg t "$t" \
			'.integrations[0].base_url = $u |
			 .integrations[0].oauth2.tokens.access_token = $t' >"$T_WORK/gh.json"
	rm -f "$T_WORK/gh-src.db"*
	tether import "$T_WORK/gh.json" >/dev/null
done
export TETHER_DB="$T_WORK/presets-good.db"
for p in pslack pdropbox pnotion ptwitch pgithub; do
	expect_exit "preset $p passes with a good token" 0 tether test $p
done
export TETHER_DB="$T_WORK/presets-bad.db"
expect_exit "Slack with a bad token (200, ok false)" 1 tether test pslack
expect_match "  diagnosed from the body" "$T_OUT" "failed at /ok: expected true, actual false"
for p in pdropbox pnotion ptwitch pgithub; do
	expect_exit "preset $p fails with a bad token" 1 tether test $p
	expect_match "  as rejected credentials" "$T_OUT" "401"
done
expect_exit "GitHub without the client secret" 2 \
	tether add gh2 --preset github --client-id x </dev/null
expect_match "  is refused" "$T_ERR" "client secret is required"
t_done
