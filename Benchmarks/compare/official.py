#!/usr/bin/env python3
"""The official `hubspot-api-client` used the way HubSpot's guides and its README show it.

Usage: official.py search|getall TASK.json   (rows as NDJSON on standard output)

- `search`: the guides' search loop — `search_api.do_search` with `after` until `paging` is
  absent, 200 a page (the maximum); a count is one search per lifecycle stage with `limit=1`,
  reading `total` (the stages from the property's options, as a user would read them).
- `getall`: `crm.<object>.get_all(properties=…)` (the list endpoint, 100 a page), filtered here
  afterwards when the task has a filter (get_all cannot filter).
Deals with their companies (both modes): `crm.deals.get_all(associations=["companies"])`, then
`crm.companies.batch_api.read` by 100 ids — search cannot return associations.
The client is built with the retry settings its README recommends for rate limits:
`Retry(total=5, status_forcelist=(429,))`. Rows are written as they arrive (NDJSON), so a run that
fails part-way still says how far it got; an exception exits 1.
"""
import json
import sys

from hubspot import HubSpot
from hubspot.crm.companies import BatchReadInputSimplePublicObjectId
from hubspot.crm.contacts import PublicObjectSearchRequest
from urllib3.util.retry import Retry

mode, task_path = sys.argv[1:3]
task = json.load(open(task_path))
client = HubSpot(access_token=task["token"], retry=Retry(total=5, status_forcelist=(429,)))
out = sys.stdout


def emit(obj):
    out.write(json.dumps(obj) + "\n")


def matches(properties, conditions):
    for name, op, value in conditions:
        have = properties.get(name)
        if op == "EQ" and have != value:
            return False
        if op == "IN" and have not in value:
            return False
        if op == "GTE" and not (have is not None and to_ms(have) >= int(value)):
            return False
    return True


def to_ms(text):
    from datetime import datetime
    if text.isdigit():
        return int(text)
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def filter_groups(conditions):
    filters = []
    for name, op, value in conditions:
        if op == "IN":
            filters.append({"propertyName": name, "operator": "IN", "values": value})
        else:
            filters.append({"propertyName": name, "operator": op, "value": value})
    return [{"filters": filters}] if filters else []


kind = task["kind"]
props = task.get("properties", [])
if kind == "deals_companies":
    deals = client.crm.deals.get_all(properties=["dealname"], associations=["companies"])
    company_ids = {}
    for deal in deals:
        ids = []
        if deal.associations and "companies" in deal.associations:
            # One entry per association type (primary and unlabeled): each company once.
            ids = list(dict.fromkeys(a.id for a in deal.associations["companies"].results))
        company_ids[deal.id] = ids
    wanted = sorted({i for ids in company_ids.values() for i in ids})
    names = {}
    for start in range(0, len(wanted), 100):
        batch = client.crm.companies.batch_api.read(BatchReadInputSimplePublicObjectId(
            inputs=[{"id": i} for i in wanted[start:start + 100]], properties=["name"]))
        for company in batch.results:
            names[company.id] = company.properties.get("name")
    for deal_id, ids in company_ids.items():
        if not ids:
            emit({"id": deal_id, "company": None})
        for i in ids:
            emit({"id": deal_id, "company": names.get(i)})
elif kind == "count" and mode == "search":
    stages = [o.value for o in client.crm.properties.core_api.get_by_name("contacts", task["group_by"]).options]
    for stage in stages:
        page = client.crm.contacts.search_api.do_search(public_object_search_request=PublicObjectSearchRequest(
            filter_groups=[{"filters": [{"propertyName": task["group_by"], "operator": "EQ", "value": stage}]}], limit=1))
        emit({"group": stage, "count": page.total})
elif mode == "search":
    after = None
    while True:
        page = client.crm.contacts.search_api.do_search(public_object_search_request=PublicObjectSearchRequest(
            filter_groups=filter_groups(task["filter"]), properties=props, limit=200, after=after))
        for record in page.results:
            emit({"id": record.id, "properties": record.properties})
        out.flush()
        if page.paging is None or page.paging.next is None:
            break
        after = page.paging.next.after
else:  # getall
    wanted = list(props) + [name for name, _, _ in task["filter"] if name not in props]
    if kind == "count":
        wanted = [task["group_by"]]
    records = client.crm.contacts.get_all(properties=wanted)
    if kind == "count":
        counts = {}
        for record in records:
            stage = record.properties.get(task["group_by"])
            counts[stage] = counts.get(stage, 0) + 1
        for stage, n in counts.items():
            emit({"group": stage, "count": n})
    else:
        for record in records:
            if matches(record.properties, task["filter"]):
                emit({"id": record.id, "properties": record.properties})
out.flush()
