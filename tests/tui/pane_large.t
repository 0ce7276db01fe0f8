#!/bin/sh
# A 50 MB JSON body in the request pane: it opens pretty-printed, scrolls
# to its end and back, and a search finds text near its end, with the
# screen answering keys all along (80 x 24, the smallest size).
. "$(dirname "$0")/../lib.sh"
t_setup
. "$(dirname "$0")/pane_lib.sh"

pane_servers || { t_fail "nginx and integrations set up"; t_done; exit; }

# An array of records, then a last one holding a word found nowhere else.
/usr/bin/python3 - "$T_WORK/nginx/www/large/big.json" <<'PY'
import json, sys
limit = 50 * 1024 * 1024
with open(sys.argv[1], "w") as f:
    f.write("[")
    size, i = 1, 0
    while size < limit:
        rec = {"id": i, "login": "user%d" % i, "name": "Ren\u00e9e %d" % i,
               "tags": ["a", None, True], "nested": {"y": [1, 2.5]}}
        s = ("," if i else "") + json.dumps(rec)
        f.write(s)
        size += len(s)
        i += 1
    f.write(',{"last": "zebra-unicorn"}]')
PY

pane_open open 80 24
pane_send_path /large/big.json
tui_expect "a 50 MB body arrives and is shown" "50.0 MiB" 120
tui_expect "it is pretty-printed JSON" '"login": "user0"'
tui_expect "the viewer says it is JSON and counts its lines" "JSON"
tui_keys G
tui_expect "End shows the last record" '"last": "zebra-unicorn"'
tui_keys g
tui_expect "Home goes back to the first record" '"login": "user0"'
tui_keys j j j
tui_expect "the screen still answers keys" "lines 4-"
tui_keys /
tui_type "zebra-"
tui_keys Enter
tui_expect "search finds text at the end of the body" \
	'"last": "zebra-unicorn"' 60
tui_keys /
tui_type "user4242"
tui_keys Enter
tui_expect "search finds a record in the middle" '"login": "user4242"' 60
tui_keys n
tui_expect "n finds the next match" '"login": "user42420"' 60
tui_keys N
tui_expect "N goes back to the previous one" '"login": "user4242"' 60
tui_expect_gone "and leaves the next one" '"login": "user42420"'
pane_close

t_done
