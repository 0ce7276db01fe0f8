#!/bin/sh
# The request pane's body kinds and curl import in tmux against nginx's
# echo: ^B turns the body into form rows (sent urlencoded), then into
# multipart rows where @PATH uploads a file; ^F follows redirects or not
# whatever the integration says; a multipart request recalled from the
# history comes back as rows; a curl command pasted into the
# path fills the composer, its API key dropped and the integration's sent.
. "$(dirname "$0")/../lib.sh"
t_setup
. "$(dirname "$0")/pane_lib.sh"

pane_servers || { t_fail "nginx and integrations set up"; t_done; exit; }
printf 'file text 42\n' >"$T_WORK/up.txt"

# --- a form body from rows --------------------------------------------
pane_open open
tui_type /echo
tui_keys BTab
tui_keys P
tui_expect "the method is POST" "POST"
tui_keys C-b
tui_expect "^B makes the body a form" "Body: form"
tui_type "who"
tui_keys Tab
tui_type "a b&c"
tui_keys C-g
tui_expect "the form is sent urlencoded" "who=a%20b%26c"
tui_expect "as application/x-www-form-urlencoded" \
	"Content-Type: application/x-www-form-urlencoded"
pane_close

# --- a multipart body with a file -------------------------------------
pane_open open
tui_type /echo
tui_keys BTab
tui_keys P
tui_keys C-b C-b
tui_expect "^B twice makes it multipart" "Body: multipart"
tui_type "note"
tui_keys Tab
tui_type "hi"
tui_keys C-n
tui_type "doc"
tui_keys Tab
tui_type "@$T_WORK/up.txt;type=text/plain"
tui_keys C-g
tui_expect "multipart is sent with a boundary" \
	"Content-Type: multipart/form-data; boundary="
tui_expect "the value as a part" 'name="note"'
tui_expect "the file as a part, by its name" 'name="doc"; filename="up.txt"'
tui_expect "with its contents" "file text 42"
tui_keys F3
tui_expect "the history lists it" "POST"
tui_keys Enter
tui_expect "a recalled multipart request comes back as rows" "Body: multipart"
tui_expect "  the file row as curl -F writes it" "up.txt;filename=up.txt;type=text/plain"
printf 'file text 43\n' >"$T_WORK/up.txt"
tui_keys C-g
tui_expect "  sent again, with the file read afresh" "file text 43"
pane_close

# --- redirects per request ------------------------------------------
tether edit open --follow-redirects no >/dev/null
pane_open open
tui_type /redirect/same
tui_keys C-f
tui_expect "^F: redirects always followed" "redirects: always followed (^F)"
tui_keys C-g
tui_expect "the redirect is followed" "GET /echo HTTP/1.1"
pane_close
tether edit open --follow-redirects yes >/dev/null
pane_open open
tui_type /redirect/same
tui_keys C-f C-f
tui_expect "^F twice: not followed" "redirects: not followed (^F)"
tui_keys C-g
tui_expect "the 3xx is shown" "302 Moved Temporarily"
pane_close

# --- a pasted curl command --------------------------------------------
pane_open keyed
tui_tmux set-buffer -- "curl -X PUT '$NGINX_URL/echo?page=2' -H 'X-API-Key: pasted-wrong' -H 'X-Extra: yes' -d 'x=1'"
tui_tmux paste-buffer -p
tui_expect "the paste fills the path" "URL          $NGINX_URL/echo?page=2"
tui_expect "and says the key was dropped" "dropped the header X-API-Key"
tui_expect "the method is PUT" "PUT"
tui_keys C-g
tui_expect "the request goes out as pasted" "PUT /echo?page=2 HTTP/1.1"
tui_expect "with its other header" "X-Extra: yes"
tui_expect "with the integration's key" "X-API-Key: *"
if tui_screen | grep -qF "pasted-wrong"; then
	t_fail "the pasted key is not sent" "$(tui_screen)"
else
	t_ok "the pasted key is not sent"
fi
pane_close

t_done
