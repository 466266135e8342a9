#!/usr/bin/env python3
"""Discovery of singer-io's tap-hubspot, for the streams the comparison syncs only.

`tap-hubspot --discover` loads every stream's schema, and the companies' and deals' schemas come
from HubSpot's v1/v2 properties endpoints (`/companies/v2/properties`), which hubspot-sandbox does
not serve: discovery as a whole would stop there. This calls the tap's own discovery function
(`load_discovered_schema`) for the named streams, so the catalog is exactly the one the tap
would write for them. Usage (in the tap's virtual environment): singer_discover.py CONFIG STREAM...
"""
import json
import sys

import tap_hubspot

tap_hubspot.CONFIG.update(json.load(open(sys.argv[1])))
streams = []
for stream in tap_hubspot.STREAMS:
    if stream.tap_stream_id in sys.argv[2:]:
        schema, mdata = tap_hubspot.load_discovered_schema(stream)
        streams.append({"stream": stream.tap_stream_id, "tap_stream_id": stream.tap_stream_id,
                        "schema": schema, "metadata": mdata})
json.dump({"streams": streams}, sys.stdout)
