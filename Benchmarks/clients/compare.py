#!/usr/bin/env python3
"""Compares what the clients synced with the sandbox's dump: records per stream (distinct ids)
against live records per object type, and no HTTP 404 anywhere in their logs.

Usage: compare.py DUMP.json meltano|airbyte OUTPUT.jsonl LOG
"""
import collections
import json
import re
import sys

dump_path, client, output_path, log_path = sys.argv[1:5]
dump = json.load(open(dump_path))
live = {name: sum(1 for r in records if not r.get("archived")) for name, records in dump["records"].items()}
expected_other = {"owners": len(dump["owners"]), "deal_pipelines": len(dump["pipelines"].get("deals", [])),
                  "ticket_pipelines": len(dump["pipelines"].get("tickets", [])), "contact_lists": len(dump.get("lists") or [])}

streams = {
    "meltano": {s: s for s in ["contacts", "companies", "deals", "tickets", "calls", "emails", "meetings", "notes", "tasks",
                              "communications", "postal_mail", "leads", "goal_targets", "line_items", "products", "quotes",
                              "feedback_submissions"]},
    "airbyte": {"contacts": "contacts", "companies": "companies", "deals": "deals", "tickets": "tickets",
                "engagements_calls": "calls", "engagements_emails": "emails", "engagements_meetings": "meetings",
                "engagements_notes": "notes", "engagements_tasks": "tasks", "goals": "goal_targets", "leads": "leads",
                "line_items": "line_items", "products": "products", "deal_splits": "deal_splits", "vehicles": "vehicles"},
}[client]

ids = collections.defaultdict(set)
counts = collections.Counter()
for line in open(output_path):
    try:
        message = json.loads(line)
    except ValueError:
        continue
    if message.get("type") != "RECORD":
        continue
    if client == "meltano":
        stream, record = message["stream"], message["record"]
    else:
        stream, record = message["record"]["stream"], message["record"]["data"]
    counts[stream] += 1
    key = record.get("id") or record.get("pipelineId") or record.get("listId") or json.dumps(record, sort_keys=True)
    ids[stream].add(str(key))

failures = 0
print(f"{'stream':28} {'records':>8} {'distinct':>8} {'sandbox':>8}")
for stream, type_name in sorted(streams.items()):
    want = live.get(type_name, 0)
    got = len(ids[stream])
    mark = "" if got == want else "  <-- differs"
    failures += got != want
    print(f"{stream:28} {counts[stream]:8} {got:8} {want:8}{mark}")
for stream, want in expected_other.items():
    if stream in counts:
        got = len(ids[stream])
        failures += got != want
        print(f"{stream:28} {counts[stream]:8} {got:8} {want:8}{'' if got == want else '  <-- differs'}")
# Records are data (a phone number may hold " 404 "): only log lines count.
not_found = [l.strip()[:200] for l in open(log_path, errors="replace")
             if '"type":"RECORD"' not in l and '"type": "RECORD"' not in l and re.search(r"\b404\b", l)]
for line in not_found[:5]:
    print("404:", line)
print(f"{len(not_found)} log lines mention 404")
sys.exit(1 if failures or not_found else 0)
