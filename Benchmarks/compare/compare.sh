#!/bin/sh
# `make compare` (issue #16): HQL side by side with the HubSpot clients people run today, on one
# hubspot-sandbox portal, from a clean checkout. Builds the release `hql` and `hubspot-sandbox`,
# installs the peers from PyPI into their own virtual environments under $WORK (pinned versions),
# then runs Benchmarks/compare/run.py once per latency in $LATENCIES, which writes
# Benchmarks/compare/results/compare-<latency>ms.{md,json,png}. The sandbox is stopped on exit,
# whatever happens (run.py stops it on exit and on SIGINT/SIGTERM, and the sandbox is started
# with PR_SET_PDEATHSIG, so it goes down with run.py even if run.py is killed).
#
#   make compare                       # LATENCIES=300 (HubSpot-like round trips)
#   LATENCIES="0 300" make compare     # both
#   NICE="nice -n 15" make compare     # lower the builds' priority on a shared machine
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/Benchmarks/compare"
WORK=${WORK:-$ROOT/.build/compare}
LATENCIES=${LATENCIES:-300}
NICE=${NICE:-}
mkdir -p "$WORK"

# GNU time (peak memory of each tool) and Python's venv module, through apt when missing.
missing=""
[ -x /usr/bin/time ] || missing="$missing time"
python3 -c 'import ensurepip' 2>/dev/null || missing="$missing python3-venv"
if [ -n "$missing" ]; then
    SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )
    $SUDO apt-get update -q && $SUDO apt-get install -y -q $missing
fi

(cd "$ROOT" && $NICE swift build -c release --product hql && $NICE swift build -c release --product hubspot-sandbox)

venv() {
    [ -x "$WORK/$1/bin/python" ] || python3 -m venv "$WORK/$1"
    "$WORK/$1/bin/python" -m pip install -q --disable-pip-version-check "$2"
}
venv official 'hubspot-api-client==12.0.0'
venv meltano 'meltano-tap-hubspot==0.10.1'
venv singer 'tap-hubspot==4.5.0'
venv airbyte 'airbyte-source-hubspot==5.7.0'
venv bench 'matplotlib==3.11.2'

for latency in $LATENCIES; do
    "$WORK/bench/bin/python" "$HERE/run.py" --latency "$latency" --venvs "$WORK" "$@"
done
