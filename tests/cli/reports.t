#!/bin/bash
# Tags and connectivity reports: --tag on add/edit (list, show, export and
# import keep them), tether test of a list of names or a --tag, and the
# reports monitoring reads: JUnit XML (parsed with python3's XML parser,
# with a hostile server's text in it), TAP, a Prometheus textfile (every
# line parsed), -o FILE written atomically; exit 0 only when all pass.
. "$(dirname "$0")/../lib.sh"
t_setup
PY=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1
NGX="$T_WORK/nginx"
t_server nginx "$NGX"

# The hostile server (tests/servers/hostile.py): reason phrases and a
# challenge holding escape sequences, C1 and bidi controls.
HOSTILE="$T_WORK/hostile"
t_server wsgi "$HOSTILE" hostile:app /ok "$TETHER_ROOT/tests/servers"
port=$(cat "$HOSTILE/port")

# ---- tags ----------------------------------------------------------------
check "add with two tags" tether add good --host "$NGINX_URL" --auth none \
	--test-path /status/200 --tag Customer-A --tag prod
check "add another" tether add also --host "$NGINX_URL" --auth none \
	--test-path /json --tag customer-a
check "add one failing" tether add down --host "$NGINX_URL" --auth none \
	--test-path /status/503 --tag prod
check "add the hostile one" tether add evil --host "http://127.0.0.1:$port" \
	--auth none --test-path /fail --tag customer-b
expect_exit "a bad tag is a usage error" 2 tether add bad --host x.example --auth none --tag 'a b'
expect_match "  saying what a tag holds" "$T_ERR" "tag: a tag holds letters, digits"
expect_exit "show" 0 tether show good
expect_match "  the tags, lower-case and sorted" "$T_OUT" '^Tags: +customer-a,prod$'
expect_exit "list" 0 tether list
expect_match "  a TAGS column" "$T_OUT" 'TOKEN +TAGS'
expect_match "  with the tags" "$T_OUT" 'down .* prod$'
check "edit --no-tag and --tag" tether edit good --no-tag prod --tag blue
expect_eq "  list --json has them" '["blue","customer-a"]' \
	"$(tether list --json | jq -c '.[] | select(.name == "good") | .tags')"
tether edit good --no-tag blue --tag prod >/dev/null
tether export >"$T_WORK/export.json"
expect_eq "export keeps the tags" '["customer-a","prod"]' \
	"$(jq -c '.integrations[] | select(.name == "good") | .tags' "$T_WORK/export.json")"
TETHER_DB="$T_WORK/other.db" tether import "$T_WORK/export.json" >/dev/null 2>&1
expect_eq "  and import brings them back" "customer-a,prod" \
	"$(TETHER_DB="$T_WORK/other.db" tether show good | sed -n 's/^Tags: *//p')"
jq '.integrations[0].tags = ["ok", "no way"]' "$T_WORK/export.json" >"$T_WORK/bad.json"
expect_exit "import refuses a bad tag" 2 env TETHER_DB="$T_WORK/third.db" "$TETHER_BIN" import "$T_WORK/bad.json"
expect_match "  naming the field" "$T_ERR" 'tags: a tag holds'

# ---- groups --------------------------------------------------------------
expect_exit "test --tag: all of the group pass" 0 tether test --tag customer-a
expect_match "  both tested" "$T_OUT" '^0 of 2 failed\.$'
expect_exit "a tag in any case" 0 tether test --tag CUSTOMER-A
expect_exit "test --tag with a failure exits 1" 1 tether test --tag prod
expect_match "  the failure first" "$(printf '%s\n' "$T_OUT" | sed -n 2p)" '^FAIL +down '
expect_exit "an unknown tag" 1 tether test --tag nobody
expect_match "  says so" "$T_ERR" 'no integration has the tag nobody'
expect_exit "a list of names" 1 tether test good down
expect_match "  tests those two" "$T_OUT" '^1 of 2 failed\.$'
expect_exit "an unknown name in the list" 1 tether test good nosuch
expect_exit "--tag with a NAME" 2 tether test good --tag prod
expect_exit "a PATH with a report" 2 tether test good /status/200 --format junit
expect_match "  says a PATH tests one NAME" "$T_ERR" 'a PATH \(which starts with /\) tests one NAME'
expect_exit "a PATH among several names" 2 tether test good /status/200 down

# ---- JUnit ---------------------------------------------------------------
expect_exit "--format junit, one failing" 1 tether test --all --format junit
printf '%s\n' "$T_OUT" >"$T_WORK/junit.xml"
tether test --all --json >"$T_WORK/all.json"
junit=$($PY - "$T_WORK/junit.xml" "$T_WORK/all.json" <<'PY'
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
results = {r["name"]: r for r in json.load(open(sys.argv[2]))["results"]}
assert root.tag == "testsuites", root.tag
suite = root.find("testsuite")
cases = suite.findall("testcase")
assert int(suite.get("tests")) == len(cases) == 4, len(cases)
assert int(suite.get("failures")) == 2, suite.get("failures")
for c in cases:
    float(c.get("time"))
    r = results[c.get("name")]
    f = c.find("failure")
    assert (f is None) == r["pass"], c.get("name")
    if f is not None:
        msg = f.get("message")
        if c.get("name") == "evil":
            assert "\x1b" not in msg and "\x9b" not in msg, repr(msg)
            assert "\\x1b" in (f.text or "") or "<U+" in msg or "\\u009B" in msg, repr(msg)
        else:
            assert msg == r["diagnosis"], (msg, r["diagnosis"])
print("valid", len(cases))
PY
)
expect_eq "  valid JUnit XML: 4 testcases, the diagnoses as failure messages" "valid 4" "$junit"
expect_no_match "  no raw control character in it" "$(LC_ALL=C tr -d '\n\t' <"$T_WORK/junit.xml" | LC_ALL=C grep -c '[[:cntrl:]]')" '^[1-9]'

# ---- TAP -----------------------------------------------------------------
expect_exit "--format tap" 1 tether test --tag prod --format tap
expect_eq "  plan and results" "TAP version 13|1..2|not ok 1 - down|ok 2 - good" \
	"$(printf '%s\n' "$T_OUT" | grep -E '^(TAP|1\.\.|ok|not ok)' | paste -sd'|')"
expect_match "  the diagnosis in the YAML block" "$T_OUT" '^  message: "The server failed \(503'

# ---- Prometheus, -o FILE -------------------------------------------------
PROM="$T_WORK/textfile/tether.prom"
mkdir -p "$T_WORK/textfile"
echo "old" >"$PROM"
expect_exit "--format prometheus -o FILE" 1 tether test --all --format prometheus -o "$PROM"
expect_eq "  nothing on standard output" "" "$T_OUT"
prom=$($PY - "$PROM" <<'PY'
import re, sys
line_re = re.compile(r'^([a-z_]+)\{name="((?:[^"\\]|\\.)*)",tags="((?:[^"\\]|\\.)*)"\} (-?[0-9.]+)$')
typed, samples = set(), {}
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("# HELP "):
        continue
    if line.startswith("# TYPE "):
        _, _, name, kind = line.split(" ")
        assert kind == "gauge", line
        typed.add(name)
        continue
    m = line_re.match(line)
    assert m, "bad line: %r" % line
    assert m.group(1) in typed, "no TYPE before " + line
    samples[(m.group(1), m.group(2))] = (m.group(3), float(m.group(4)))
p = "tether_connection_test_"
assert samples[(p + "pass", "good")] == ("customer-a,prod", 1.0)
assert samples[(p + "pass", "down")] == ("prod", 0.0)
assert samples[(p + "status", "down")][1] == 503
assert samples[(p + "status", "also")][1] == 200
assert samples[(p + "duration_seconds", "good")][1] >= 0
assert samples[(p + "timestamp_seconds", "good")][1] > 1.6e9
print(len(typed), len(samples))
PY
)
expect_eq "  four gauges, four integrations each, every line parsed" "4 16" "$prom"
expect_eq "  the file is no longer the old one, and no temporary is left" "tether.prom" \
	"$(ls -A "$T_WORK/textfile")"
expect_match "  mode 0644 (umask 022)" "$(umask 022; tether test --tag customer-a --format prometheus -o "$PROM"; stat -c %a "$PROM")" '^644$'
expect_exit "-o FILE in a directory that is not there" 1 tether test --all --format tap -o "$T_WORK/nodir/x.tap"
expect_match "  says so" "$T_ERR" "cannot write $T_WORK/nodir/x.tap"
expect_exit "--json -o FILE" 0 tether test --tag customer-a --json -o "$T_WORK/r.json"
expect_eq "  the JSON is in the file" "[2,0]" "$(jq -c '[.total, .failed]' "$T_WORK/r.json")"
expect_exit "an unknown format" 2 tether test --all --format xml
expect_exit "--json with another --format" 2 tether test --all --json --format tap

t_done
