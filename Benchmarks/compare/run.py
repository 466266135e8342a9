#!/usr/bin/env python3
"""HQL side by side with the HubSpot clients people run today (issue #16).

Starts `hubspot-sandbox` (stated seed, size, latency; HubSpot's real limits), runs six tasks with
`hql` and with real clients from PyPI (each in its own virtual environment, pointed at the
sandbox by `redirect/sitecustomize.py`), and reports per tool and task: requests and 429s (the
sandbox's own counters, reset before each run), wall time, client CPU and peak memory (wait4 of
the tool's process tree), rows, and rows missing, duplicated or wrong against the portal's dump.
Writes `RESULTS/compare-<latency>ms.{md,json,png}`.

Run through `make compare` (Benchmarks/compare/compare.sh sets everything up).
"""
import argparse
import collections
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# --- The tasks -----------------------------------------------------------------------------------
# Conditions are (property, operator, value) AND-ed, with the operators HubSpot's search has; the
# same conditions select the expected rows from the dump and filter the tools' outputs where a tool
# cannot filter. Values are chosen from the generated portal (seed 42; see README).
PROPS = ["email", "firstname", "lastname", "lifecyclestage", "country"]
SINCE = "2026-06-01T00:00:00Z"   # task 6: contacts modified since this instant
SINCE_MS = None                  # filled in main()
TASKS = {
    "t1": {"title": "1. every contact, 5 properties", "kind": "records", "filter": []},
    "t2": {"title": "2. selective filter (~2%)", "kind": "records",
           "filter": [("lifecyclestage", "EQ", "lead"), ("country", "EQ", "Germany")]},
    "t3": {"title": "3. filter matching > 10,000", "kind": "records",
           "filter": [("lifecyclestage", "EQ", "lead")]},
    "t4": {"title": "4. count by lifecycle stage", "kind": "count", "group_by": "lifecyclestage", "filter": []},
    "t5": {"title": "5. deals with company names", "kind": "deals_companies", "filter": []},
    "t6": {"title": "6. contacts modified since a date", "kind": "records",
           "filter": [("lastmodifieddate", "GTE", "SINCE")]},
}


def hql_statement(task):
    if task["kind"] == "count":
        return f"SELECT {task['group_by']}, COUNT(*) FROM contacts GROUP BY {task['group_by']}"
    if task["kind"] == "deals_companies":
        return "SELECT hs_object_id, dealname, companies.name FROM deals"
    where = []
    for name, op, value in task["filter"]:
        if op == "EQ":
            where.append(f"{name} = '{value}'")
        elif op == "GTE":
            where.append(f"{name} >= TIMESTAMP '{SINCE}'")
        elif op == "IN":
            where.append(f"{name} IN (" + ", ".join(f"'{v}'" for v in value) + ")")
    return f"SELECT hs_object_id, {', '.join(PROPS)} FROM contacts" + (" WHERE " + " AND ".join(where) if where else "")


def resolved_filter(task):
    return [(n, op, SINCE_MS if v == "SINCE" else v) for n, op, v in task["filter"]]


def to_ms(text):
    if text is None:
        return None
    text = str(text)
    if text.lstrip("-").isdigit():
        return int(text)
    try:
        return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)
    except ValueError:
        return None


def matches(props, conditions):
    for name, op, value in conditions:
        have = props.get(name)
        if op == "EQ" and have != value:
            return False
        if op == "IN" and have not in value:
            return False
        if op == "GTE":
            ms = to_ms(have)
            if ms is None or ms < int(value):
                return False
    return True


# --- The oracle ----------------------------------------------------------------------------------
class Oracle:
    def __init__(self, dump):
        self.contacts = {str(r["id"]): r["properties"] for r in dump["records"]["contacts"] if not r["archived"]}
        deals = {str(r["id"]): r["properties"] for r in dump["records"]["deals"] if not r["archived"]}
        companies = {str(r["id"]): r["properties"] for r in dump["records"]["companies"] if not r["archived"]}
        self.deal_ids = set(deals)
        pairs = set()
        for edge in dump["associations"]:
            a, b = edge_ends(edge)
            if a[0] == "deals" and b[0] == "companies" and a[1] in deals and b[1] in companies:
                pairs.add((a[1], companies[b[1]].get("name")))
            elif a[0] == "companies" and b[0] == "deals" and b[1] in deals and a[1] in companies:
                pairs.add((b[1], companies[a[1]].get("name")))
        self.deal_pairs = pairs

    def records(self, task):
        cond = resolved_filter(task)
        return {i for i, p in self.contacts.items() if matches(p, cond)}

    def counts(self, task):
        return collections.Counter(p.get(task["group_by"]) for p in self.contacts.values())


TYPE_NAMES = {"0-1": "contacts", "0-2": "companies", "0-3": "deals", "0-5": "tickets"}


def edge_ends(edge):
    """(type, id) of both ends of a dumped association, whatever the field names."""
    def end(prefix):
        t = edge.get(prefix + "ObjectTypeId") or edge.get(prefix + "Type") or edge.get(prefix + "ObjectType")
        i = edge.get(prefix + "Id") or edge.get(prefix + "ObjectId")
        if isinstance(t, dict):
            t = t.get("name")
        return TYPE_NAMES.get(str(t), str(t)), str(i)
    return end("from"), end("to")


# --- Scoring -------------------------------------------------------------------------------------
def score(oracle, task, out):
    """out: {"records": [(id, props)]} | {"counts": {group: n}} | {"pairs": [(deal, name)]}."""
    kind = task["kind"]
    if kind == "count":
        want = oracle.counts(task)
        got = out.get("counts") or {}
        missing = sum(max(0, n - got.get(g, 0)) for g, n in want.items())
        extra = sum(max(0, n - want.get(g, 0)) for g, n in got.items())
        return {"rows": len(got), "missing": missing, "duplicated": extra, "wrong": 0}
    if kind == "deals_companies":
        want = oracle.deal_pairs
        got = [p for p in out.get("pairs") or [] if p[1] is not None]
        seen = set(got)
        return {"rows": len(out.get("pairs") or []), "missing": len(want - seen), "duplicated": len(got) - len(seen),
                "wrong": len(seen - want)}
    want = oracle.records(task)
    records = out.get("records") or []
    ids = [i for i, _ in records]
    seen = set(ids)
    wrong = len(seen - want)
    check = [p for p in PROPS if p != "lastmodifieddate"]
    for i, props in records:
        truth = oracle.contacts.get(i)
        if truth is not None and i in want and any((props.get(p) or None) != (truth.get(p) or None) for p in check):
            wrong += 1
    return {"rows": len(records), "missing": len(want - seen), "duplicated": len(ids) - len(seen), "wrong": wrong}


# --- Reading the tools' outputs ------------------------------------------------------------------
def read_ndjson(path):
    rows = []
    if not os.path.exists(path):
        return rows
    with open(path, errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                rows.append(json.loads(line))
            except ValueError:
                pass
    return rows


def hql_output(task, path):
    rows = read_ndjson(path)
    if task["kind"] == "count":
        g = task["group_by"]
        return {"counts": {r.get(g): r.get("count") for r in rows}}
    if task["kind"] == "deals_companies":
        return {"pairs": [(str(r.get("hs_object_id")), r.get("companies.name")) for r in rows]}
    return {"records": [(str(r.get("hs_object_id")), {k: (None if v is None else str(v)) for k, v in r.items()})
                        for r in rows]}


def official_output(task, path):
    rows = read_ndjson(path)
    if task["kind"] == "count":
        return {"counts": {r["group"]: r["count"] for r in rows}}
    if task["kind"] == "deals_companies":
        return {"pairs": [(str(r["id"]), r["company"]) for r in rows]}
    return {"records": [(str(r["id"]), r.get("properties") or {}) for r in rows]}


def tap_records(path, stream_names, data_of):
    """Singer / Airbyte RECORD messages of the given streams: [(stream, record)]."""
    out = []
    if not os.path.exists(path):
        return out
    with open(path, errors="replace") as f:
        for line in f:
            if '"RECORD"' not in line:
                continue
            try:
                message = json.loads(line)
            except ValueError:
                continue
            stream, record = data_of(message)
            if stream in stream_names:
                out.append((stream, record))
    return out


def singer_data(message):
    if message.get("type") != "RECORD":
        return None, None
    return message.get("stream"), message.get("record") or {}


def airbyte_data(message):
    if message.get("type") != "RECORD":
        return None, None
    record = message.get("record") or {}
    return record.get("stream"), record.get("data") or {}


def record_props(record):
    """Property values of a tap's record, whichever shape the tap writes."""
    props = {}
    nested = record.get("properties")
    if isinstance(nested, dict):
        for k, v in nested.items():
            props[k] = v.get("value") if isinstance(v, dict) and "value" in v else v
    for k, v in record.items():
        if k.startswith("properties_") and k[len("properties_"):] not in props:
            props[k[len("properties_"):]] = v
    for k, v in record.items():
        if k.startswith("property_") and k[len("property_"):] not in props:
            props[k[len("property_"):]] = v.get("value") if isinstance(v, dict) else v
    for k in ("email", "firstname", "lastname", "lifecyclestage", "country", "lastmodifieddate", "dealname", "name"):
        if k not in props and k in record and not isinstance(record[k], (dict, list)):
            props[k] = record[k]
    return {k: (None if v is None or v == "" else str(v)) for k, v in props.items()}


def record_id(record):
    for key in ("id", "vid", "hs_object_id", "companyId", "dealId"):
        if record.get(key) is not None:
            return str(record[key])
    return str(record_props(record).get("hs_object_id"))


def tap_task_output(task, records):
    """A tap cannot filter or count: its users fetch everything, then filter or count themselves."""
    cond = resolved_filter(task)
    contacts = [(record_id(r), record_props(r)) for s, r in records if s == "contacts"]
    if task["kind"] == "count":
        return {"counts": dict(collections.Counter(p.get(task["group_by"]) for _, p in contacts))}
    return {"records": [(i, p) for i, p in contacts if matches(p, cond)]}


def deal_company_ids(record):
    """Company ids a tap's deal record carries (each tap writes associations its own way)."""
    ids = []
    for key in ("companies", "associatedCompanyIds"):
        v = record.get(key)
        if isinstance(v, list):
            ids += [str(x.get("id") if isinstance(x, dict) else x) for x in v]
    assoc = record.get("associations")
    if isinstance(assoc, dict):
        comp = assoc.get("companies") or assoc.get("associatedCompanyIds")
        if isinstance(comp, dict):
            comp = comp.get("results")
        if isinstance(comp, list):
            ids += [str(x.get("id") if isinstance(x, dict) else x) for x in comp]
    return list(dict.fromkeys(ids))


def tap_deal_pairs(records):
    """Deals joined to company names: through the deal's own association field, or through an
    association stream (meltano's `deal_company_associations`: one row per association type, so
    pairs are taken once)."""
    names = {record_id(r): record_props(r).get("name") for s, r in records if s == "companies"}
    linked = collections.defaultdict(list)
    for s, r in records:
        if s.endswith("_associations"):
            pair = (str(r.get("from_id")), str(r.get("to_id")))
            if pair[1] not in linked[pair[0]]:
                linked[pair[0]].append(pair[1])
    pairs = []
    for s, r in records:
        if s != "deals":
            continue
        ids = deal_company_ids(r) or linked.get(record_id(r), [])
        if not ids:
            pairs.append((record_id(r), None))
        for c in ids:
            pairs.append((record_id(r), names.get(c)))
    return {"pairs": pairs}


# --- Running a tool ------------------------------------------------------------------------------
class Sandbox:
    def __init__(self, args, work, lane=0):
        self.log = open(os.path.join(work, f"sandbox-{args.latency}ms-{lane}.log"), "w")
        cmd = [args.sandbox, "--port", "0", "--seed", str(args.seed), "--contacts", str(args.contacts),
               "--burst", str(args.burst), "--latency-ms", str(args.latency)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.log, text=True, start_new_session=True,
                                     preexec_fn=die_with_parent)
        self.url = None
        deadline = time.time() + 300
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            if "listening on" in line:
                self.url = line.strip().split()[-1]
                break
        if not self.url:
            self.stop()
            raise SystemExit("hubspot-sandbox did not start: see " + self.log.name)

    def stats(self):
        return json.load(urllib.request.urlopen(self.url + "/__sandbox/stats"))

    def reset(self):
        urllib.request.urlopen(urllib.request.Request(self.url + "/__sandbox/stats/reset", method="POST", data=b"")).read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def die_with_parent():
    """The sandbox gets SIGTERM if this runner dies, however it dies (Linux prctl PR_SET_PDEATHSIG)."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except OSError:
        pass


TIME = "/usr/bin/time"
RUNNING = []  # process groups of the tools running now, killed if the runner is stopped


def measure(cmd, env, out_path, err_path, limit, stdin=None):
    """Runs cmd in its own process group: wall time, and CPU of its process tree (wait4). Peak
    memory comes from GNU time's %M: a child forked from this runner (which holds the dump) would
    inherit the runner's own high-water mark across exec, so wait4's ru_maxrss is not the tool's."""
    mem_path = out_path + ".maxrss"
    if os.path.exists(TIME):
        cmd = [TIME, "-f", "%M", "-o", mem_path] + cmd
    start = time.monotonic()
    with open(out_path, "w") as out, open(err_path, "w") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, start_new_session=True,
                                stdin=subprocess.DEVNULL if stdin is None else open(stdin))
        RUNNING.append(proc.pid)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > limit:
                timed_out = True
                spent = group_usage(proc.pid)  # the tool's CPU and peak so far, before it is killed
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - start
    RUNNING.remove(proc.pid)
    try:  # whatever the tool left behind in its group
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    rss_mb = None
    try:
        lines = [l for l in open(mem_path).read().split() if l.isdigit()]
        rss_mb = int(lines[-1]) / 1024 if lines else None
    except OSError:
        pass
    exit_code = proc.returncode  # GNU time exits with the tool's status
    cpu = usage.ru_utime + usage.ru_stime
    if timed_out:
        cpu, rss_mb = spent
    return {"wall": wall, "cpu": cpu, "rss_mb": rss_mb, "exit": exit_code, "timed_out": timed_out}


def group_usage(group):
    """CPU seconds and the largest peak RSS (MB) of the live processes of a process group (/proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    cpu, peak = 0.0, None
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
            if int(fields[2]) != group:
                continue
            cpu += sum(int(x) for x in fields[11:15]) / tick
            for line in open(f"/proc/{entry}/status"):
                if line.startswith("VmHWM:"):
                    peak = max(peak or 0, int(line.split()[1]) / 1024)
        except (OSError, IndexError, ValueError):
            continue
    return cpu, peak


def counted(sandbox):
    s = sandbox.stats()
    return {"requests": s.get("total", 0), "r429": (s.get("byStatus") or {}).get("429", 0),
            "by_kind": {k: sum(v.values()) for k, v in (s.get("byKind") or {}).items()}}


class Runner:
    def __init__(self, args, sandbox, oracle, work):
        self.args, self.sandbox, self.oracle, self.work = args, sandbox, oracle, work
        self.rows = []
        self.skipped = []
        self.window_used = True  # set after each run; anything unmeasured in between sets it back
        self.base_env = dict(os.environ)
        self.base_env.pop("PYTHONPATH", None)

    def peer_env(self):
        env = dict(self.base_env)
        env["PYTHONPATH"] = os.path.join(HERE, "redirect")
        env["HUBSPOT_SANDBOX_URL"] = self.sandbox.url
        return env

    def run(self, name, cmd, env, stdin=None):
        """One measured run; the rate windows drain first so each run starts with the full budget:
        HubSpot's 10-second window after anything that spent it (a run with other requests than
        searches, a discovery, a warm-up), else the search limit's second."""
        time.sleep(self.args.settle if self.window_used else 1.1)
        self.sandbox.reset()
        out = os.path.join(self.work, name + ".out")
        err = os.path.join(self.work, name + ".err")
        m = measure(cmd, env, out, err, self.args.time_limit, stdin)
        m.update(counted(self.sandbox))
        m["out"], m["err"] = out, err
        self.window_used = any(kind != "search" for kind in m["by_kind"])
        print(f"  {name}: {m['requests']} requests, {m['r429']} x 429, {m['wall']:.1f} s, exit {m['exit']}"
              + (" (time limit)" if m["timed_out"] else ""), flush=True)
        return m

    def record(self, tool, task_id, how, m, out, note=""):
        task = TASKS[task_id]
        s = score(self.oracle, task, out)
        finished = m["exit"] == 0 and not m["timed_out"]
        row = {"tool": tool, "task": task_id, "how": how, "requests": m["requests"], "r429": m["r429"],
               "wall": round(m["wall"], 1), "cpu": round(m["cpu"], 2), "rss_mb": None if m["rss_mb"] is None else round(m["rss_mb"]),
               "finished": finished, "timed_out": m["timed_out"], "exit": m["exit"], "note": note,
               "by_kind": m.get("by_kind"), **s}
        row["exact"] = finished and s["missing"] == 0 and s["duplicated"] == 0 and s["wrong"] == 0
        self.rows.append(row)
        return row

    # hql: cold (a fresh, empty schema cache per run) or warm (the cache filled beforehand by the
    # same statement with LIMIT 1, not measured: what a second run of a script sees)
    def hql(self, task_id, warm=False):
        task = TASKS[task_id]
        env = dict(self.base_env)
        cache = tempfile.mkdtemp(prefix="hql-cache-", dir=self.work)
        env.update({"XDG_CACHE_HOME": cache, "XDG_DATA_HOME": cache, "HQL_NO_PROGRESS": "1"})
        connect = [self.args.hql, "--base-url", self.sandbox.url, "--token", "sandbox-token"]
        if warm:
            self.window_used = True
            subprocess.run(connect + ["--format", "ndjson", "-c", hql_statement(task) + " LIMIT 1"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        cmd = connect + ["--format", "ndjson", "--stats", "-c", hql_statement(task)]
        m = self.run(f"hql-{'warm' if warm else 'cold'}-{task_id}", cmd, env)
        shutil.rmtree(cache, ignore_errors=True)
        self.record("hql (warm cache)" if warm else "hql", task_id, "one statement", m, hql_output(task, m["out"]),
                    note=stats_line(m["err"]))

    # the official client
    def official(self, mode, task_id, props=PROPS):
        task = dict(TASKS[task_id], token="sandbox-token", properties=props, filter=resolved_filter(TASKS[task_id]))
        spec = os.path.join(self.work, f"official-{mode}-{task_id}.json")
        json.dump(task, open(spec, "w"))
        py = os.path.join(self.args.venvs, "official", "bin", "python")
        return self.run(f"official-{mode}-{task_id}", [py, os.path.join(HERE, "official.py"), mode, spec], self.peer_env())

    def official_all(self):
        search = "hubspot-api-client (search loop)"
        for task_id in ["t1", "t2", "t3", "t4", "t6"]:
            if task_id not in self.args.tasks:
                continue
            m = self.official("search", task_id)
            how = "one search per stage, total" if task_id == "t4" else "search loop, after"
            self.record(search, task_id, how, m, official_output(TASKS[task_id], m["out"]))
        getall = "hubspot-api-client (get_all)"
        if self.args.tasks & {"t1", "t2", "t3", "t4", "t6"}:
            m = self.official("getall", "t1", props=PROPS + ["lastmodifieddate"])
            records = official_output(TASKS["t1"], m["out"])["records"]
            for task_id in ["t1", "t2", "t3", "t4", "t6"]:
                if task_id in self.args.tasks:
                    out = tap_task_output(TASKS[task_id], [("contacts", {"id": i, "properties": p}) for i, p in records])
                    how = "get_all" if task_id == "t1" else "get_all, then filtered here" if task_id != "t4" else "get_all, then counted here"
                    self.record(getall, task_id, how, m, out, note="" if task_id == "t1" else "the run of task 1")
        if "t5" in self.args.tasks:
            m = self.official("getall", "t5")
            how = "deals get_all with associations, companies batch read"
            self.record(getall, "t5", how, m, official_output(TASKS["t5"], m["out"]))

    # the taps: a full export of contacts (tasks 1-4: tasks 2-4 filter or count it afterwards),
    # deals and companies joined here (task 5), and the incremental mode from SINCE (task 6).
    def taps(self, tool):
        adapter = TAPS[tool]
        runs = {}
        if self.args.tasks & {"t1", "t2", "t3", "t4"}:
            runs["full"] = adapter(self, "full")
        if "t5" in self.args.tasks:
            runs["deals"] = adapter(self, "deals")
        if "t6" in self.args.tasks:
            runs["incremental"] = adapter(self, "incremental")
        data_of = airbyte_data if tool == "airbyte-source-hubspot" else singer_data
        if "full" in runs:
            m = runs["full"]
            records = tap_records(m["out"], {"contacts"}, data_of)
            for task_id in ["t1", "t2", "t3", "t4"]:
                if task_id in self.args.tasks:
                    how = "full sync of contacts" + ("" if task_id == "t1" else ", then filtered here" if task_id != "t4" else ", then counted here")
                    self.record(tool, task_id, how, m, tap_task_output(TASKS[task_id], records),
                                note="" if task_id == "t1" else "the run of task 1")
        if runs.get("deals") is None and "t5" in self.args.tasks:
            self.skipped.append((tool, "t5", adapter.__doc__))
        if runs.get("deals") is not None:
            m = runs["deals"]
            self.record(tool, "t5", "sync of deals and companies, joined here", m,
                        tap_deal_pairs(tap_records(m["out"], {"deals", "companies", "deal_company_associations"}, data_of)))
        if "incremental" in runs:
            m = runs["incremental"]
            records = tap_records(m["out"], {"contacts"}, data_of)  # as emitted: not filtered here
            self.record(tool, "t6", "incremental sync from the date", m,
                        {"records": [(record_id(r), record_props(r)) for _, r in records]})


def stats_line(path):
    try:
        lines = [l.strip() for l in open(path, errors="replace") if l.startswith("-- ")]
        return lines[-1] if lines else ""
    except OSError:
        return ""


# --- Peer adapters -------------------------------------------------------------------------------
def select_singer(catalog, wanted):
    for stream in catalog["streams"]:
        for entry in stream.get("metadata", []):
            if entry.get("breadcrumb") == []:
                entry["metadata"]["selected"] = stream["tap_stream_id"] in wanted
    return catalog


def meltano(runner, what):
    runner.window_used = True  # discovery reads every stream's properties
    exe = os.path.join(runner.args.venvs, "meltano", "bin", "tap-hubspot")
    cfg = {"access_token": "sandbox-token"}
    wanted = {"full": {"contacts"}, "deals": {"deals", "companies", "deal_company_associations"},
              "incremental": {"contacts"}}[what]
    if what == "deals":
        cfg["associations"] = {"deal": ["company"]}
    if what == "incremental":
        cfg["start_date"] = SINCE  # no state: the SDK starts from start_date, through the search endpoint
    base = os.path.join(runner.work, f"meltano-{what}")
    json.dump(cfg, open(base + ".config.json", "w"))
    discovered = os.path.join(runner.work, "meltano-discover.json")
    if not os.path.exists(discovered):  # discovery (once, with the association stream): set-up, not measured
        json.dump({"access_token": "sandbox-token", "associations": {"deal": ["company"]}}, open(discovered + ".config", "w"))
        with open(discovered, "w") as out:
            subprocess.run([exe, "--config", discovered + ".config", "--discover"], stdout=out,
                           stderr=subprocess.DEVNULL, env=runner.peer_env(), check=True)
    catalog = select_singer(json.load(open(discovered)), wanted)
    json.dump(catalog, open(base + ".catalog.json", "w"))
    return runner.run(f"meltano-{what}", [exe, "--config", base + ".config.json", "--catalog", base + ".catalog.json"],
                      runner.peer_env())


def singer(runner, what):
    """singer-io's tap-hubspot: contacts through the v3 list endpoint, always a full scan (its
    incremental mode filters `updatedAt >= start_date` on the client). Its deals and companies
    streams read HubSpot's v1/v2 endpoints (`/deals/v1/deal/paged`, `/companies/v2/companies/paged`),
    which the sandbox does not serve: task 5 is not run for it."""
    if what == "deals":
        return None
    runner.window_used = True
    venv = os.path.join(runner.args.venvs, "singer", "bin")
    cfg = {"api_key": "sandbox-token", "start_date": "2000-01-01T00:00:00Z" if what == "full" else SINCE}
    base = os.path.join(runner.work, f"singer-{what}")
    json.dump(cfg, open(base + ".config.json", "w"))
    with open(base + ".catalog.json", "w") as out:  # discovery: set-up, not measured
        subprocess.run([os.path.join(venv, "python"), os.path.join(HERE, "singer_discover.py"), base + ".config.json",
                        "contacts"], stdout=out, stderr=subprocess.DEVNULL, env=runner.peer_env(), check=True)
    catalog = select_singer(json.load(open(base + ".catalog.json")), {"contacts"})
    # Its users pick fields in the catalog (none is selected unless chosen): the five properties and
    # the modification stamp, each a `property_<name>` field.
    wanted = {"properties"} | {"property_" + p for p in PROPS + ["lastmodifieddate"]}
    for stream in catalog["streams"]:
        for entry in stream["metadata"]:
            crumb = entry.get("breadcrumb")
            if len(crumb) == 2 and crumb[0] == "properties" and crumb[1] in wanted:
                entry["metadata"]["selected"] = True
    json.dump(catalog, open(base + ".catalog.json", "w"))
    # This tap reads its catalog from --properties (the older singer flag); --catalog syncs nothing.
    return runner.run(f"singer-{what}", [os.path.join(venv, "tap-hubspot"), "--config", base + ".config.json",
                                          "--properties", base + ".catalog.json"], runner.peer_env())


def airbyte(runner, what):
    """airbyte-source-hubspot: `read` with a configured catalog. Its streams delegate on state: with
    no state the full-refresh stream runs, with a state the incremental one (a search by
    `lastmodifieddate` in 30-day slices with an `hs_object_id` keyset), so task 6 passes a state
    whose cursor is the date, as a scheduled incremental sync would."""
    runner.window_used = True
    venv = os.path.join(runner.args.venvs, "airbyte", "bin")
    exe = os.path.join(venv, "source-hubspot")
    cfg = {"credentials": {"credentials_title": "Private App Credentials", "access_token": "sandbox-token"},
           "start_date": "2000-01-01T00:00:00Z" if what != "incremental" else SINCE}
    base = os.path.join(runner.work, f"airbyte-{what}")
    json.dump(cfg, open(base + ".config.json", "w"))
    discovered = os.path.join(runner.work, "airbyte-discover.jsonl")
    if not os.path.exists(discovered):  # discovery: set-up, not measured
        with open(discovered, "w") as out:
            subprocess.run([exe, "discover", "--config", base + ".config.json"], stdout=out,
                           stderr=subprocess.DEVNULL, env=runner.peer_env(), check=True)
    streams = {}
    for message in read_ndjson(discovered):
        if message.get("type") == "CATALOG":
            streams = {s["name"]: s for s in message["catalog"]["streams"]}
    wanted = {"full": ["contacts"], "deals": ["deals", "companies"], "incremental": ["contacts"]}[what]
    mode = "incremental" if what == "incremental" else "full_refresh"
    configured = {"streams": [{"stream": streams[n], "sync_mode": mode,
                               "destination_sync_mode": "append" if mode == "incremental" else "overwrite",
                               **({"cursor_field": ["updatedAt"]} if mode == "incremental" else {})} for n in wanted]}
    json.dump(configured, open(base + ".catalog.json", "w"))
    cmd = [exe, "read", "--config", base + ".config.json", "--catalog", base + ".catalog.json"]
    if what == "incremental":
        state = [{"type": "STREAM", "stream": {"stream_descriptor": {"name": "contacts"},
                                               "stream_state": {"updatedAt": SINCE.replace("Z", ".000000Z")}}}]
        json.dump(state, open(base + ".state.json", "w"))
        cmd += ["--state", base + ".state.json"]
    return runner.run(f"airbyte-{what}", cmd, runner.peer_env())


TAPS = {"meltano-tap-hubspot": meltano, "tap-hubspot": singer, "airbyte-source-hubspot": airbyte}


# --- Report --------------------------------------------------------------------------------------
TOOL_ORDER = ["hql", "hql (warm cache)", "hubspot-api-client (search loop)", "hubspot-api-client (get_all)", "meltano-tap-hubspot",
              "tap-hubspot", "airbyte-source-hubspot"]


def fmt_int(n):
    return f"{n:,}"


def markdown(args, rows, oracle, started, elapsed, skipped=()):
    lines = []
    lines.append(f"# HQL and the HubSpot clients people run today — {args.latency} ms latency")
    lines.append("")
    lines.append(f"`hubspot-sandbox --seed {args.seed} --contacts {args.contacts} --burst {args.burst} "
                 f"--latency-ms {args.latency}` (HubSpot's limits: 5 searches/s, 100 other requests per 10 s), "
                 f"run {started} on this machine ({os.cpu_count()} cores), {elapsed / 60:.1f} min in all. "
                 f"Time limit per run: {args.time_limit} s. `hql` runs cold (a fresh schema cache each run). "
                 + (f"The tools ran in {len(args.lane_tools)} lanes at once ("
                    + "; ".join(", ".join(lane) for lane in args.lane_tools)
                    + "), each lane with a sandbox of its own (same seed, same limits: like portals of their own), "
                    "its runs one after the other." if len(args.lane_tools) > 1 else ""))
    lines.append("")
    lines.append("Peers: hubspot-api-client 12.0.0, meltano-tap-hubspot 0.10.1, tap-hubspot (singer-io) 4.5.0, "
                 "airbyte-source-hubspot 5.7.0, each pointed at the sandbox by rewriting `https://api.hubapi.com` "
                 "(Benchmarks/compare/redirect/sitecustomize.py); nothing else is patched.")
    lines.append("")
    lines.append("| task | tool | how | requests | 429s | wall s | CPU s | peak MB | rows | missing | dup. | wrong | finished |")
    lines.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for task_id in TASKS:
        expected = expected_rows(oracle, task_id)
        for tool in TOOL_ORDER:
            for r in [r for r in rows if r["task"] == task_id and r["tool"] == tool]:
                fin = "yes" if r["finished"] else ("time limit" if r["timed_out"] else f"no (exit {r['exit']})")
                how = r["how"] + (f" — {r['note']}" if r["note"] and not r["note"].startswith("--") else "")
                name = f"**{tool}**" if tool.startswith("hql") else tool
                lines.append(f"| {TASKS[task_id]['title']} ({fmt_int(expected)}) | {name} | {how} | {fmt_int(r['requests'])} | "
                             f"{r['r429']} | {r['wall']} | {r['cpu']} | {'—' if r['rss_mb'] is None else r['rss_mb']} | {fmt_int(r['rows'])} | "
                             f"{fmt_int(r['missing'])} | {fmt_int(r['duplicated'])} | {fmt_int(r['wrong'])} | {fin} |")
    lines.append("")
    lines.append("Rows expected (from the dump) in brackets after each task. *missing*: expected rows (ids; stage "
                 "counts for task 4; deal–company pairs for task 5) the tool did not deliver; *dup.*: rows delivered more "
                 "than once (task 4: records counted too many times); *wrong*: rows outside the answer or with a value "
                 "that differs from the dump. Requests and 429s are the sandbox's own counters (reset before each run); CPU is "
                 "the tool's process tree (wait4), peak memory its maximum resident set (GNU time; for a run stopped at its "
                 "time limit both are read from /proc just before it is killed). \"the run of task 1\": a tool that cannot filter or count fetches "
                 "everything and filters or counts afterwards, so its figures are those of the full export.")
    for tool, task_id, why in skipped:
        lines.append("")
        lines.append(f"Not run: {tool}, task {task_id[1:]} — " + " ".join((why or "").split()))
    hql_lines = [f"- task {r['task'][1:]}, {r['tool']}: `{r['note']}`" for r in rows if r["tool"].startswith("hql") and r["note"]]
    if hql_lines:
        lines.append("")
        lines.append("`hql --stats` (its own count, compared with the sandbox's):")
        lines.append("")
        lines += hql_lines
    return "\n".join(lines) + "\n"


def expected_rows(oracle, task_id):
    task = TASKS[task_id]
    if task["kind"] == "count":
        return len([g for g in oracle.counts(task)])
    if task["kind"] == "deals_companies":
        return len(oracle.deal_pairs)
    return len(oracle.records(task))


def chart(args, rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    tools = [t for t in TOOL_ORDER if any(r["tool"] == t for r in rows)]
    tasks = [t for t in TASKS if any(r["task"] == t for r in rows)]
    colours = ["#d62728", "#ff9896", "#1f77b4", "#aec7e8", "#2ca02c", "#98df8a", "#9467bd"]
    fig, axes = plt.subplots(1, 2, figsize=(14, 6.2))
    width = 0.8 / max(1, len(tools))
    for axis, key, label in [(axes[0], "requests", "requests (log scale)"), (axes[1], "wall", "wall time, s (log scale)")]:
        for k, tool in enumerate(tools):
            xs, ys, hatches = [], [], []
            for j, task_id in enumerate(tasks):
                found = [r for r in rows if r["tool"] == tool and r["task"] == task_id]
                if not found:
                    continue
                r = found[0]
                xs.append(j + (k - (len(tools) - 1) / 2) * width)
                ys.append(max(r[key], 0.1))
                hatches.append("" if r["exact"] else "//")
            bars = axis.bar(xs, ys, width, label=tool, color=colours[TOOL_ORDER.index(tool)], edgecolor="black", linewidth=0.4)
            for bar, hatch in zip(bars, hatches):
                bar.set_hatch(hatch)
        axis.set_yscale("log")
        axis.set_xticks(range(len(tasks)))
        axis.set_xticklabels([TASKS[t]["title"].split(". ", 1)[0] + ". " + TASKS[t]["title"].split(". ", 1)[1].replace(" ", "\n", 2)
                              for t in tasks], fontsize=8)
        axis.set_ylabel(label)
        axis.grid(axis="y", alpha=0.3)
    from matplotlib.patches import Patch
    handles = [Patch(facecolor=colours[TOOL_ORDER.index(t)], edgecolor="black", linewidth=0.4, label=t) for t in tools]
    handles.append(Patch(facecolor="white", edgecolor="black", hatch="//", label="not exact or not finished"))
    fig.legend(handles=handles, loc="lower center", ncol=4, fontsize=8, frameon=False)
    fig.suptitle(f"HQL and the HubSpot clients people run today: {args.contacts:,} contacts (a burst of {args.burst:,} "
                 f"in one millisecond), {args.latency} ms latency, HubSpot's limits. Lower is better.", fontsize=10)
    fig.tight_layout(rect=(0, 0.1, 1, 0.96))
    fig.savefig(path, dpi=110)


# --- Main ----------------------------------------------------------------------------------------
def main():
    global SINCE_MS
    ap = argparse.ArgumentParser()
    ap.add_argument("--sandbox", default=os.path.join(ROOT, ".build", "release", "hubspot-sandbox"))
    ap.add_argument("--hql", default=os.path.join(ROOT, ".build", "release", "hql"))
    ap.add_argument("--venvs", default=os.path.join(ROOT, ".build", "compare"))
    ap.add_argument("--work", default=os.path.join(ROOT, ".build", "compare", "runs"))
    ap.add_argument("--results", default=os.path.join(HERE, "results"))
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--contacts", type=int, default=50000)
    ap.add_argument("--burst", type=int, default=12000)
    ap.add_argument("--latency", type=int, default=300)
    ap.add_argument("--time-limit", type=int, default=300)
    ap.add_argument("--settle", type=float, default=10.5, help="seconds between runs (HubSpot's 10-second window drains)")
    ap.add_argument("--tools", default="hql,hql-warm,official,meltano-tap-hubspot,tap-hubspot,airbyte-source-hubspot")
    ap.add_argument("--lanes", default=None,
                    help="tools run side by side, each lane ('/' between lanes) against a sandbox of its own; "
                    "by default, under latency, two lanes balanced so that the CPU-bound peer (airbyte) shares "
                    "the machine only with peers that mostly wait on latency; at 0 ms every tool is CPU-bound, "
                    "so one lane ('sequential')")
    ap.add_argument("--tasks", default="t1,t2,t3,t4,t5,t6")
    ap.add_argument("--warm-tasks", default="t2,t4,t5,t6",
                    help="tasks hql also runs warm (tasks 1 and 3 warm save only their one schema read)")
    args = ap.parse_args()
    wanted = args.tools.split(",")
    if args.lanes is None:
        args.lanes = ("sequential" if args.latency == 0
                      else "hql,hql-warm,official,airbyte-source-hubspot/meltano-tap-hubspot,tap-hubspot")
    if args.lanes == "sequential":
        args.lane_tools = [wanted]
    else:
        lanes = [[t for t in lane.split(",") if t in wanted] for lane in args.lanes.split("/")]
        placed = {t for lane in lanes for t in lane}
        lanes[0] += [t for t in wanted if t not in placed]
        args.lane_tools = [lane for lane in lanes if lane]
    args.tasks = set(args.tasks.split(","))
    args.warm_tasks = set(args.warm_tasks.split(","))
    tools = args.tools.split(",")
    SINCE_MS = to_ms(SINCE)
    work = os.path.join(args.work, f"{args.latency}ms")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    os.makedirs(args.results, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    t0 = time.monotonic()

    dump_path = os.path.join(args.venvs, f"portal-{args.seed}-{args.contacts}-{args.burst}.json")
    if not os.path.exists(dump_path):
        subprocess.run([args.sandbox, "--seed", str(args.seed), "--contacts", str(args.contacts), "--burst",
                        str(args.burst), "--dump", dump_path], check=True, stdout=subprocess.DEVNULL)
    oracle = Oracle(json.load(open(dump_path)))
    print(f"portal: {len(oracle.contacts):,} contacts, {len(oracle.deal_ids):,} deals; expected rows: "
          + ", ".join(f"{t} {expected_rows(oracle, t):,}" for t in TASKS), flush=True)

    sandboxes = []

    def stop(*_):
        for group in list(RUNNING):
            try:
                os.killpg(group, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        for sandbox in sandboxes:
            sandbox.stop()
        os._exit(130)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    runners = []

    def lane(tools, runner):
        for tool in tools:
            print(f"== {tool}", flush=True)
            try:
                if tool in ("hql", "hql-warm"):
                    for task_id in TASKS:
                        if task_id in args.tasks and (tool == "hql" or task_id in args.warm_tasks):
                            runner.hql(task_id, warm=tool == "hql-warm")
                elif tool == "official":
                    runner.official_all()
                elif tool in TAPS:
                    runner.taps(tool)
            except Exception as error:  # one peer failing to set up does not stop the others
                print(f"  {tool}: {error!r}", flush=True)

    try:
        for index, tools in enumerate(args.lane_tools):
            lane_work = work if index == 0 else os.path.join(work, f"lane{index}")
            os.makedirs(lane_work, exist_ok=True)
            sandboxes.append(Sandbox(args, lane_work, index))
            runners.append(Runner(args, sandboxes[-1], oracle, lane_work))
        threads = [threading.Thread(target=lane, args=(tools, runner), daemon=True)
                   for tools, runner in zip(args.lane_tools, runners)]
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():  # a timed join: the main thread keeps hearing Ctrl-C
                thread.join(0.5)
    finally:
        for sandbox in sandboxes:
            sandbox.stop()
    rows = [row for runner in runners for row in runner.rows]
    skipped = [entry for runner in runners for entry in runner.skipped]
    elapsed = time.monotonic() - t0
    base = os.path.join(args.results, f"compare-{args.latency}ms")
    json.dump({"args": {k: v if not isinstance(v, set) else sorted(v) for k, v in vars(args).items()},
               "started": started, "elapsed_s": round(elapsed), "rows": rows}, open(base + ".json", "w"), indent=1)
    open(base + ".md", "w").write(markdown(args, rows, oracle, started, elapsed, skipped))
    try:
        chart(args, rows, base + ".png")
    except ImportError:
        print("matplotlib missing: no chart", flush=True)
    print(open(base + ".md").read())


if __name__ == "__main__":
    main()
