#!/bin/sh
# Real HubSpot clients from PyPI against hubspot-sandbox (issue 15's quality bar), from a clean
# checkout: builds the release sandbox, installs meltano-tap-hubspot, airbyte-source-hubspot and
# the official hubspot-api-client into their own virtual environments under $WORK, serves the demo
# portal, runs each client's discovery and a full sync of the streams whose endpoints are in the
# CRM v3/v4, lists and properties families, and compares what they synced with the portal's dump
# (compare.py: distinct records per stream = live records of the type; no 404 in their logs).
# The official client's probe (../shared/conformance/realclient_probe.py, when present) runs on
# contacts and the activities. Not part of `make test` (network, minutes). Exit status: 0 when
# every check passes.
#
#   Benchmarks/clients/check-clients.sh            # WORK=.build/clients PORT=18790
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/Benchmarks/clients"
WORK=${WORK:-$ROOT/.build/clients}
PORT=${PORT:-18790}
PROBE=${PROBE:-$ROOT/../shared/conformance/realclient_probe.py}
mkdir -p "$WORK/redirect"
cp "$HERE/redirect-sitecustomize.py" "$WORK/redirect/sitecustomize.py"

(cd "$ROOT" && swift build -c release --product hubspot-sandbox)
SANDBOX="$ROOT/.build/release/hubspot-sandbox"

venv() { [ -x "$WORK/$1/bin/python" ] || python3 -m venv "$WORK/$1"; "$WORK/$1/bin/pip" install -q "$2"; }
venv meltano 'meltano-tap-hubspot==0.10.1'
venv airbyte 'airbyte-source-hubspot==5.7.0'
venv official 'hubspot-api-client>=12,<13'

"$SANDBOX" --dump "$WORK/portal.json"
# HubSpot's limits ×10 (the clients' own pacing is not under test here).
"$SANDBOX" --port "$PORT" --search-rate 50 --rate-limit 2000 > "$WORK/sandbox.log" 2>&1 &
PID=$!
trap 'kill $PID' EXIT
sleep 3
export PYTHONPATH="$WORK/redirect" HUBSPOT_SANDBOX_URL="http://127.0.0.1:$PORT"
status=0

echo "== meltano-tap-hubspot"
echo '{"access_token": "sandbox-token", "start_date": "2018-01-01T00:00:00Z"}' > "$WORK/meltano.json"
"$WORK/meltano/bin/tap-hubspot" --config "$WORK/meltano.json" --discover > "$WORK/meltano-catalog.json" 2> "$WORK/meltano-discover.log"
# Outside the families: /settings/v3 (users, teams) and /email/public/v1 (email_subscriptions).
python3 - "$WORK/meltano-catalog.json" <<'PY'
import json, sys
path = sys.argv[1]
catalog = json.load(open(path))
for stream in catalog["streams"]:
    for entry in stream["metadata"]:
        if entry["breadcrumb"] == []:
            entry["metadata"]["selected"] = stream["tap_stream_id"] not in {"users", "teams", "email_subscriptions"}
json.dump(catalog, open(path, "w"))
PY
"$WORK/meltano/bin/tap-hubspot" --config "$WORK/meltano.json" --catalog "$WORK/meltano-catalog.json" \
    > "$WORK/meltano.jsonl" 2> "$WORK/meltano.log" || status=1
cat "$WORK/meltano-discover.log" >> "$WORK/meltano.log"
python3 "$HERE/compare.py" "$WORK/portal.json" meltano "$WORK/meltano.jsonl" "$WORK/meltano.log" || status=1

echo "== airbyte-source-hubspot"
echo '{"credentials": {"credentials_title": "Private App Credentials", "access_token": "sandbox-token"}, "start_date": "2018-01-01T00:00:00Z"}' > "$WORK/airbyte.json"
"$WORK/airbyte/bin/source-hubspot" check --config "$WORK/airbyte.json" | grep -q '"status":"SUCCEEDED"' || status=1
"$WORK/airbyte/bin/source-hubspot" discover --config "$WORK/airbyte.json" > "$WORK/airbyte-discover.jsonl"
# Outside the families: marketing, e-mail, forms, workflows and the v1 engagements endpoint.
python3 - "$WORK/airbyte-discover.jsonl" "$WORK/airbyte-catalog.json" <<'PY'
import json, sys
streams = []
for line in open(sys.argv[1]):
    try:
        message = json.loads(line)
    except ValueError:
        continue
    if message.get("type") == "CATALOG":
        streams = message["catalog"]["streams"]
skip = {"campaigns", "email_events", "email_subscriptions", "engagements", "form_submissions", "forms", "marketing_emails",
        "subscription_changes", "workflows"}
json.dump({"streams": [{"stream": s, "sync_mode": "full_refresh", "destination_sync_mode": "overwrite"}
                       for s in streams if s["name"] not in skip]}, open(sys.argv[2], "w"))
PY
"$WORK/airbyte/bin/source-hubspot" read --config "$WORK/airbyte.json" --catalog "$WORK/airbyte-catalog.json" \
    > "$WORK/airbyte.jsonl" 2> "$WORK/airbyte.log" || status=1
cat "$WORK/airbyte-discover.jsonl" >> "$WORK/airbyte.log"
python3 "$HERE/compare.py" "$WORK/portal.json" airbyte "$WORK/airbyte.jsonl" "$WORK/airbyte.log" || status=1

if [ -f "$PROBE" ]; then
    echo "== hubspot-api-client probe"
    for pair in "contacts companies createdate" "meetings contacts hs_createdate" "calls deals hs_createdate" "emails tickets hs_createdate"; do
        set -- $pair
        "$WORK/official/bin/python" "$PROBE" --base-url "http://127.0.0.1:$PORT" --token sandbox-token --object-type "$1" \
            --to-object-type "$2" --retry-429 8 --out "$WORK/probe-$1.json" \
            --filter-groups "[{\"filters\":[{\"propertyName\":\"$3\",\"operator\":\"GTE\",\"value\":\"946684800000\"}]}]" \
            > "$WORK/probe-$1.log" 2>&1 && echo "$1: clean" || { echo "$1: see $WORK/probe-$1.json"; status=1; }
    done
fi
exit $status
