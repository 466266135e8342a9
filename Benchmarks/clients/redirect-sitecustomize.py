# Loaded as sitecustomize (PYTHONPATH) by check-clients.sh: sends every request a client makes to
# https://api.hubapi.com to $HUBSPOT_SANDBOX_URL instead (the clients hard-code HubSpot's host).
import os
base = os.environ.get("HUBSPOT_SANDBOX_URL")
if base:
    import requests.adapters
    _send = requests.adapters.HTTPAdapter.send
    def send(self, request, *a, **kw):
        if request.url.startswith("https://api.hubapi.com"):
            request.url = base.rstrip("/") + request.url[len("https://api.hubapi.com"):]
        return _send(self, request, *a, **kw)
    requests.adapters.HTTPAdapter.send = send
