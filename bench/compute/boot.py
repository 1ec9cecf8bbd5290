"""Boots N servers through the compute API with concurrent clients and times them.

Prints key=value lines: the time until every server is ACTIVE, create latency percentiles,
GET /servers/detail latency with all N servers, and the time to delete them all.
Usage: boot.py CLOUDS_YAML COUNT CONCURRENCY
"""
import json
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import yaml

clouds = yaml.safe_load(open(sys.argv[1]))["clouds"]
count = int(sys.argv[2])
concurrency = int(sys.argv[3])
admin = clouds["altus"]["auth"]


def call(method, url, body=None, token=None, headers=None):
    req = urllib.request.Request(url, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("X-Auth-Token", token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            raw = r.read()
            return r.headers, json.loads(raw) if raw else {}
    except urllib.error.HTTPError as e:
        print("# %s %s -> %d %s" % (method, url, e.code, e.read()[:300]), file=sys.stderr)
        raise


headers, body = call("POST", admin["auth_url"].rstrip("/") + "/auth/tokens", {"auth": {
    "identity": {"methods": ["password"], "password": {"user": {
        "name": admin["username"], "password": admin["password"],
        "domain": {"name": "Default"}}}},
    "scope": {"project": {"name": admin["project_name"], "domain": {"name": "Default"}}}}})
token = headers["X-Subject-Token"]
project = body["token"]["project"]["id"]
urls = {s["type"]: e["url"].rstrip("/") for s in body["token"]["catalog"]
        for e in s["endpoints"] if e["interface"] == "public"}
nova, glance, neutron = urls["compute"], urls["image"], urls["network"]

# quotas out of the way (when the cloud has quota sets)
try:
    call("PUT", nova + "/os-quota-sets/" + project, {"quota_set": {
        "instances": -1, "cores": -1, "ram": -1}}, token)
except urllib.error.HTTPError as e:
    print("# quota sets: HTTP %d, left as they are" % e.code, file=sys.stderr)
try:
    call("PUT", neutron + "/v2.0/quotas/" + project, {"quota": {"port": -1}}, token)
except urllib.error.HTTPError as e:
    print("# network quotas: HTTP %d" % e.code, file=sys.stderr)

_, image = call("POST", glance + "/v2/images", {"name": "bench-image", "disk_format": "raw",
                                                "container_format": "bare",
                                                "visibility": "public"}, token)
req = urllib.request.Request(glance + "/v2/images/" + image["id"] + "/file", method="PUT",
                             data=b"\0" * 1024 * 1024)
req.add_header("Content-Type", "application/octet-stream")
req.add_header("X-Auth-Token", token)
urllib.request.urlopen(req, timeout=60).read()
_, net = call("POST", neutron + "/v2.0/networks", {"network": {"name": "bench-net"}}, token)
call("POST", neutron + "/v2.0/subnets", {"subnet": {
    "network_id": net["network"]["id"], "ip_version": 4, "cidr": "10.200.0.0/20"}}, token)


def boot(i):
    t0 = time.monotonic()
    _, b = call("POST", nova + "/servers", {"server": {
        "name": "bench-%04d" % i, "imageRef": image["id"], "flavorRef": "1",
        "networks": [{"uuid": net["network"]["id"]}]}}, token)
    return b["server"]["id"], time.monotonic() - t0


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(len(v) * p / 100))]


start = time.monotonic()
with ThreadPoolExecutor(concurrency) as pool:
    results = list(pool.map(boot, range(count)))
posted = time.monotonic() - start
ids = {r[0] for r in results}
create_ms = [r[1] * 1000 for r in results]
while True:
    _, b = call("GET", nova + "/servers/detail?limit=%d" % (count + 10), token=token)
    states = {s["id"]: s["status"] for s in b["servers"] if s["id"] in ids}
    errors = [i for i, st in states.items() if st == "ERROR"]
    active = sum(1 for st in states.values() if st == "ACTIVE")
    if active + len(errors) == count:
        break
    if time.monotonic() - start > 600:
        break
    time.sleep(0.5)
all_active = time.monotonic() - start
print("servers=%d concurrency=%d" % (count, concurrency))
print("posted_s=%.1f all_active_s=%.1f active=%d error=%d" % (
    posted, all_active, active, len(errors)))
print("create_p50_ms=%.0f create_p99_ms=%.0f" % (pct(create_ms, 50), pct(create_ms, 99)))
per_host = {}
for s in b["servers"]:
    if s["id"] in ids and s.get("OS-EXT-SRV-ATTR:host"):
        per_host[s["OS-EXT-SRV-ATTR:host"]] = per_host.get(s["OS-EXT-SRV-ATTR:host"], 0) + 1
if per_host:
    print("hosts_used=%d per_host_min=%d per_host_max=%d" % (
        len(per_host), min(per_host.values()), max(per_host.values())))

detail_ms = []
for _ in range(10):
    t0 = time.monotonic()
    _, b = call("GET", nova + "/servers/detail", token=token)
    detail_ms.append((time.monotonic() - t0) * 1000)
print("detail_%d_p50_ms=%.0f detail_%d_max_ms=%.0f servers_listed=%d" % (
    count, pct(detail_ms, 50), count, max(detail_ms), len(b["servers"])))

t0 = time.monotonic()
with ThreadPoolExecutor(concurrency) as pool:
    list(pool.map(lambda i: call("DELETE", nova + "/servers/" + i, token=token), ids))
while True:
    _, b = call("GET", nova + "/servers?limit=%d" % (count + 10), token=token)
    if not [s for s in b["servers"] if s["id"] in ids]:
        break
    time.sleep(0.5)
print("delete_all_s=%.1f" % (time.monotonic() - t0))
