#!/bin/sh
# The request pane end to end in tmux against nginx: GET and POST with
# query, headers and body checked against what the echo endpoint received,
# an invalid JSON body flagged before sending, cancel during a slow
# request, search in a response, switching the integration changes the
# auth that reaches the server, history recall, $EDITOR on the body, and
# the API key never on screen unless revealed.
. "$(dirname "$0")/../lib.sh"
t_setup
. "$(dirname "$0")/pane_lib.sh"

pane_servers || { t_fail "nginx and integrations set up"; t_done; exit; }

# --- GET with a query parameter and a header -------------------------
pane_open keyed
tui_expect "the pane opens on the named integration with its auth shown" \
	"Auth: API key in header X-API-Key"
tui_no_secret "the composer does not show the key"
tui_type /echo
tui_expect "the full URL is previewed" "URL          $NGINX_URL/echo"
tui_keys Tab Tab
tui_type "q"
tui_keys Tab
tui_type "a b&c"
tui_expect "the query is encoded in the preview" "/echo?q=a%20b%26c"
tui_keys Tab
tui_type "X-Test"
tui_keys Tab
tui_type "hello pane"
tui_keys C-n
tui_type "X-Off"
tui_keys Tab
tui_type "not sent"
tui_keys C-t
tui_expect "a row switched off shows unticked" "[ ]  X-Off"
tui_keys C-g
tui_expect "the echo endpoint received the query" \
	"GET /echo?q=a%20b%26c HTTP/1.1"
tui_expect "the echo endpoint received the header" "X-Test: hello pane"
tui_expect "the status line shows code, reason and time" "200 OK"
if tui_screen | grep -qF "X-Off"; then
	t_fail "a row switched off is not sent" "$(tui_screen)"
else
	t_ok "a row switched off is not sent"
fi
tui_expect "the echoed API key is masked" "X-API-Key: *"
tui_no_secret "the echoed API key is not on screen"
tui_keys R
tui_expect "R reveals the echoed key" "X-API-Key: $PANE_KEY"
tui_keys R
tui_expect "R says the secrets are masked" "Secrets are masked."
tui_no_secret "R hides it again"
tui_keys Tab
tui_expect "the headers tab shows the request as sent" \
	"Request headers as sent"
tui_expect "the auth header is redacted there" "X-API-Key: [redacted]"

# --- save and copy ----------------------------------------------------
tui_keys s
tui_expect "s asks where to save the body" "Save the body"
tui_keys C-u
tui_type "$T_WORK/body.txt"
tui_keys Enter
tui_expect "the body is saved" "Saved"
if grep -q "^X-Test: hello pane" "$T_WORK/body.txt" 2>/dev/null; then
	t_ok "the saved file holds the body as received"
else
	t_fail "the saved file holds the body as received" \
		"$(cat "$T_WORK/body.txt" 2>&1)"
fi
tui_keys c
tui_expect "c copies the body through OSC 52" "Copied to the clipboard"
tui_keys C
tui_expect "C copies the request as a curl command" \
	"Copied the request as a curl command"

# --- search in the response -------------------------------------------
tui_keys Tab
tui_keys /
tui_type "hello"
tui_keys Enter
tui_wait "hello pane"
if tui_tmux capture-pane -p -e | grep -q "$(printf '\033')\[[0-9;]*7m[^$(printf '\033')]*hello"; then
	t_ok "the match is highlighted"
else
	t_fail "the match is highlighted" "$(tui_tmux capture-pane -p -e | cat -v | head -20)"
fi
tui_keys /
tui_type "no-such-text"
tui_keys Enter
tui_expect "a missing text is reported" "Not found: no-such-text"
pane_close

# --- POST with a JSON body; an invalid body is flagged first ----------
pane_open keyed
tui_type /echo
tui_keys BTab
tui_keys P
tui_expect "the method is POST" "POST"
for k in Tab Tab Tab Tab Tab; do tui_keys "$k"; done
tui_type '{"name": "pane", "n": }'
tui_expect "invalid JSON is flagged with its place" \
	"invalid JSON at line 1, column 23"
tui_keys C-g
tui_expect "sending an invalid body asks first" "Body is not valid JSON"
tui_keys n
tui_gone "Body is not valid JSON"
if tui_screen | grep -q "POST /echo HTTP"; then
	t_fail "nothing is sent when the user says no" "$(tui_screen)"
else
	t_ok "nothing is sent when the user says no"
fi
tui_keys BSpace
tui_type '2}'
tui_expect "valid JSON is recognised" "valid JSON"
tui_expect "Content-Type is added for a JSON body" \
	"+ Content-Type: application/json"
tui_keys C-g
tui_expect "the echo endpoint received a POST" "POST /echo HTTP/1.1"
tui_expect "with the body" '{"name": "pane", "n": 2}'
tui_expect "and Content-Type application/json" \
	"Content-Type: application/json"
pane_close

# --- a body that is not JSON: the exchange's default type -------------
pane_open keyed
tui_type /echo
tui_keys BTab
tui_keys P
tui_expect "the method is POST again" "POST"
for k in Tab Tab Tab Tab Tab; do tui_keys "$k"; done
tui_type 'name=pane&n=2'
tui_expect "a body that is not JSON is not checked as JSON" "sent as is"
tui_expect "the default Content-Type for it is shown" \
	"+ Content-Type: application/x-www-form-urlencoded"
tui_keys C-g
tui_expect "it is sent without asking" "POST /echo HTTP/1.1"
tui_expect "with the default Content-Type" \
	"Content-Type: application/x-www-form-urlencoded"
pane_close

# --- cancel during a slow request -------------------------------------
pane_open keyed
pane_send_path /delay/30
tui_expect "a spinner with the elapsed time runs while sending" "sending"
tui_keys Escape
tui_expect "Esc cancels the request" "cancelled" 10
pane_close

# --- switching the integration changes the auth at the server ---------
pane_open keyed
pane_send_path /key/header
tui_expect "the right key passes nginx's exact check" "key ok"
tui_keys Escape
tui_keys BTab BTab
tui_keys b
tui_expect "the picker switched to badkey" "badkey"
tui_keys Tab Tab Enter
tui_expect "a wrong key is refused by nginx" "401 Unauthorized"
tui_keys Escape BTab BTab
tui_keys o
tui_expect "the picker switched to open" "Auth: none"
tui_keys Tab Tab C-u
pane_send_path /echo
tui_expect "the request through open reached the echo" "GET /echo HTTP/1.1"
if tui_screen | grep -q "X-API-Key"; then
	t_fail "no API key reaches the server through open" "$(tui_screen)"
else
	t_ok "no API key reaches the server through open"
fi
tui_no_secret "the key never showed"

# --- history: recall an earlier request -------------------------------
tui_keys F3
tui_expect "the history lists the requests" "/key/header"
tui_keys f
tui_expect "f filters by the picked integration" "through open"
tui_keys f
tui_keys End Enter
tui_expect "Enter recalls the request into the composer" "Recalled GET"
tui_expect "the recalled request's integration is picked" \
	"Auth: API key in header X-API-Key"
tui_expect "its path is back" "Path  /echo"
tui_expect "its query is back" "a b&c"
tui_expect "its header is back" "hello pane"
pane_close

# --- $EDITOR on the body ----------------------------------------------
cat >"$T_WORK/editor.sh" <<EOS
#!/bin/sh
echo "\$#" >"$T_WORK/editor.args"
env >"$T_WORK/editor.env"
stat -c %a "\$1" >"$T_WORK/editor.mode"
printf '{"edited": true}\n' >"\$1"
EOS
chmod +x "$T_WORK/editor.sh"
PANE_EDITOR="$T_WORK/editor.sh"
pane_open keyed
tui_keys C-o
tui_expect "the body comes back from the editor" '{"edited": true}'
expect_eq "the editor got only the file's path" 1 "$(cat "$T_WORK/editor.args")"
expect_eq "the body file was private" 600 "$(cat "$T_WORK/editor.mode")"
expect_eq "the temporary file is gone" "" "$(ls "$T_WORK/tmp")"
editor_env=$(cat "$T_WORK/editor.env")
expect_match "the editor's environment was written" "$editor_env" '^EDITOR='
expect_no_match "  without TETHER_KEY_FILE" "$editor_env" '^TETHER_KEY'
pane_close

# --- p on the home screen opens the pane on the selection -------------
tui_start 100 30
tui_expect "the home screen lists the integrations" "keyed"
tui_keys p
tui_expect "p opens the request pane" "Request pane"
tui_expect "on the selected integration" "Integration   badkey"
tui_keys Escape
tui_expect "Esc goes back home" "p Request"
tui_keys q
tui_expect "q still quits from home" "[tether exited 0]"
tui_stop

t_done
