#!/bin/bash
# tether request NAME --from-curl 'curl ...' against httpbin: the method,
# the URL made relative to the integration's base URL, headers and bodies
# come from the command; credentials in it are dropped (and said) and the
# integration's own are sent; another host is refused.
. "$(dirname "$0")/../lib.sh"
t_setup
HB="$T_WORK/httpbin"
t_server httpbin "$HB"

printf 'the-real-key\n' | tether add hbk --host "$HTTPBIN_URL" --auth api-key \
	--key-header X-Api-Key --key-stdin >/dev/null
printf 'pw\n' | tether add hbb --host "$HTTPBIN_URL" --auth basic \
	--user bob --password-stdin >/dev/null

expect_exit "a pasted curl command is sent" 0 tether request hbk --from-curl \
	"curl -X PATCH '$HTTPBIN_URL/anything/x?a=1&b=two+words' \\
	   -H 'X-Api-Key: pasted-key' -H 'X-Other: kept' \\
	   --data-raw '{\"n\": 5}'"
expect_eq "  its method" PATCH "$(printf '%s' "$T_OUT" | jq -r .method)"
expect_eq "  its path, under the base URL" "$HTTPBIN_URL/anything/x?a=1&b=two%20words" \
	"$(printf '%s' "$T_OUT" | jq -r .url)"
expect_eq "  its query, decoded" "two words" "$(printf '%s' "$T_OUT" | jq -r .args.b)"
expect_eq "  its body, as JSON" 5 "$(printf '%s' "$T_OUT" | jq .json.n)"
expect_eq "  its other headers" kept "$(printf '%s' "$T_OUT" | jq -r '.headers["X-Other"]')"
expect_eq "  the integration's key, not the pasted one" the-real-key \
	"$(printf '%s' "$T_OUT" | jq -r '.headers["X-Api-Key"]')"
expect_match "  the dropped key is said" "$T_ERR" \
	'from curl: dropped the header X-Api-Key \(credentials\): the integration sends its own'
expect_exit "the history" 0 tether history hbk --json
expect_no_match "  keeps no pasted key" "$T_OUT" 'pasted-key'

expect_exit "-u in the command" 0 tether request hbb --from-curl \
	"curl -u mallory:guess $HTTPBIN_URL/basic-auth/bob/pw"
expect_eq "  is replaced by the integration's user and password" true \
	"$(printf '%s' "$T_OUT" | jq .authenticated)"
expect_match "  and said" "$T_ERR" 'dropped -u'

printf 'file body\n' >"$T_WORK/f.txt"
expect_exit "a multipart command" 0 tether request hbk --from-curl \
	"curl -F 'who=me' -F 'up=@$T_WORK/f.txt;type=text/plain' $HTTPBIN_URL/post"
expect_eq "  posts the value" me "$(printf '%s' "$T_OUT" | jq -r .form.who)"
expect_eq "  and the file" "file body" "$(printf '%s' "$T_OUT" | jq -r .files.up | tr -d '\n')"

expect_exit "a form command (--data-urlencode) with -G" 0 tether request hbk --from-curl \
	"curl -G --data-urlencode 'q=a&b' $HTTPBIN_URL/get"
expect_eq "  goes into the query" "a&b" "$(printf '%s' "$T_OUT" | jq -r .args.q)"

expect_exit "-H and -q of the command line are added" 0 tether request hbk \
	-H 'X-More: 1' -q extra=2 --from-curl "curl $HTTPBIN_URL/get?x=1"
expect_eq "  the header" 1 "$(printf '%s' "$T_OUT" | jq -r '.headers["X-More"]')"
expect_eq "  the parameter" 2 "$(printf '%s' "$T_OUT" | jq -r .args.extra)"
expect_eq "  and the command's own" 1 "$(printf '%s' "$T_OUT" | jq -r .args.x)"

expect_exit "--curl shows what would be sent" 0 tether request hbk --curl \
	--from-curl "curl -H 'X-Api-Key: pasted-key' $HTTPBIN_URL/get"
expect_match "  with the key as a variable" "$T_OUT" '"\$API_KEY"'
expect_no_match "  never the pasted one" "$T_OUT" 'pasted-key'

expect_exit "a URL on another host is refused" 2 tether request hbk --from-curl \
	"curl -H 'X-Api-Key: k' http://other.example/get"
expect_match "  saying why" "$T_ERR" 'is on http://other.example:80, not on the host of "hbk"'
expect_exit "shell syntax is refused" 2 tether request hbk --from-curl \
	"curl $HTTPBIN_URL/get?a=1&b=2"
expect_match "  naming it" "$T_ERR" "'&' outside quotes"
expect_exit "a shell variable in the URL is refused" 2 tether request hbk --from-curl \
	'curl $BASE/get'
expect_exit "METHOD and PATH with --from-curl are refused" 2 tether request hbk GET / \
	--from-curl "curl $HTTPBIN_URL/get"
expect_exit "without --from-curl a PATH is needed" 2 tether request hbk
expect_match "  naming what is missing" "$T_ERR" 'missing PATH'

t_done
