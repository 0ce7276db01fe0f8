#!/bin/sh
# Echoed secrets are masked wherever the screens show or copy a response:
# httpbin's /headers sends the request headers back as JSON, so the API
# key (with a quote, JSON-escaped in the echo) and a Bearer key come back
# in the body. Step 5's result, the request pane's viewer and its copy of
# the body show them masked; R in the pane reveals them.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
t_setup

hb="$T_WORK/httpbin"
t_server httpbin "$hb"

KEY='k3y"SECRET/42'  # JSON-escaped in the echo: k3y\"SECRET/42
TOKEN='T0KEN-s3cret-77'
printf '%s\n' "$KEY" | tether add a-key --host "$HTTPBIN_URL" \
	--auth api-key --key-header X-API-Key --key-stdin \
	--test-path /headers >/dev/null || t_fail "add a-key"
printf '%s\n' "$TOKEN" | tether add b-bearer --host "$HTTPBIN_URL" \
	--auth api-key --key-header Authorization --key-prefix Bearer \
	--key-stdin --test-path /headers >/dev/null || t_fail "add b-bearer"

# TEXT shows, though a note may wrap it: the screen and TEXT are compared
# without spaces and line ends.
expect_joined() { # DESC TEXT
	want=$(printf '%s' "$2" | tr -d ' ')
	end=$(($(date +%s) + TUI_TIMEOUT))
	while ! tui_screen | tr -d ' \n' | grep -qF -- "$want"; do
		if [ "$(date +%s)" -ge "$end" ]; then
			t_fail "$1" "\"$2\" never showed; the screen:" "$(tui_screen)"
			return
		fi
		sleep 0.05
	done
	t_ok "$1"
}

no_secret() { # DESC SECRET-PART (looked for in wrapped lines too)
	if tui_screen | tr -d ' \n' | grep -qF -- "$2"; then
		t_fail "$1" "the secret is on the screen:" "$(tui_screen)"
	else
		t_ok "$1"
	fi
}

# --- step 5 -----------------------------------------------------------
tui_start 150 30
tui_expect "home lists the integrations" "b-bearer"
tui_keys e C-n C-n C-n C-n
tui_expect "editing a-key reaches step 5" "Test Action URL Path"
tui_keys Tab Enter
tui_expect "the test passes" "Configuration test successful: HTTP 200"
expect_joined "the echoed X-API-Key shows masked" '"X-Api-Key":"[redacted]"'
no_secret "the echoed X-API-Key is not shown" "SECRET/42"
tui_keys Escape
tui_wait "Discard" 5 && tui_keys y
tui_expect "back home" "b-bearer"
tui_keys Down e C-n C-n C-n C-n
tui_expect "editing b-bearer reaches step 5" "Test Action URL Path"
tui_keys Tab Enter
tui_expect "the Bearer test passes" "Configuration test successful: HTTP 200"
expect_joined "the echoed Authorization shows masked" \
	'"Authorization":"Bearer [redacted]"'
no_secret "the echoed Bearer key is not shown" "$TOKEN"
tui_stop

# --- the request pane -------------------------------------------------
tui_start 150 30 pane a-key
tui_tmux set-option -g set-clipboard on >/dev/null
tui_wait "Request pane"
tui_type /headers
tui_keys Enter
tui_expect "the pane shows the echo" '"X-Api-Key":'
no_secret "the pane masks the JSON-escaped key" "SECRET/42"
tui_keys c
tui_expect "c copies the body" "Copied"
got=$(tui_tmux show-buffer 2>/dev/null)
expect_match "the copied body has the key masked" "$got" \
	'"X-Api-Key": *"\[redacted\]"'
expect_no_match "the copied body does not hold the key" "$got" "SECRET/42"
tui_keys R
tui_expect "R reveals the key" 'SECRET/42'
tui_keys Escape Escape Escape
tui_stop
t_done
