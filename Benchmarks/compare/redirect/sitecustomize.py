# Loaded as sitecustomize (PYTHONPATH) by the comparison's runner: every request a peer makes to
# https://api.hubapi.com goes to $HUBSPOT_SANDBOX_URL instead. None of the peers has a base-URL
# setting; this rewrites the host and nothing else (path, query, headers and body are untouched).
# The taps send through requests' HTTPAdapter; the official hubspot-api-client through urllib3's
# PoolManager directly, so both are covered.
import os

base = os.environ.get("HUBSPOT_SANDBOX_URL")
HUBSPOT = "https://api.hubapi.com"
if base:
    base = base.rstrip("/")

    def rewrite(url):
        if isinstance(url, str) and url.startswith(HUBSPOT):
            return base + url[len(HUBSPOT):]
        return url

    try:
        import requests.adapters

        _send = requests.adapters.HTTPAdapter.send

        def send(self, request, *a, **kw):
            request.url = rewrite(request.url)
            return _send(self, request, *a, **kw)

        requests.adapters.HTTPAdapter.send = send
    except ImportError:
        pass
    try:
        import urllib3.poolmanager

        _urlopen = urllib3.poolmanager.PoolManager.urlopen

        def urlopen(self, method, url, *a, **kw):
            return _urlopen(self, method, rewrite(url), *a, **kw)

        urllib3.poolmanager.PoolManager.urlopen = urlopen
    except ImportError:
        pass
