"""Boots, waits for and deletes a fleet of servers through the compute API, printing key=value
figures. Used by bench/compute/run.sh; standard library only.

  fleet.py boot URL TOKEN IMAGE FLAVOR NETWORK COUNT CONCURRENCY
  fleet.py delete URL TOKEN CONCURRENCY
"""
import json
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

HEADERS = {"Content-Type": "application/json", "OpenStack-API-Version": "compute 2.37"}


def call(method, url, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers=dict(HEADERS, **{"X-Auth-Token": token}))
    with urllib.request.urlopen(req, timeout=120) as r:
        raw = r.read()
        return r.status, json.loads(raw) if raw else None


def servers(url, token):
    """Every server of the project: id -> status, following the next links."""
    out = {}
    nxt = url + "/servers/detail?limit=1000"
    while nxt:
        _, body = call("GET", nxt, token)
        for s in body["servers"]:
            out[s["id"]] = s["status"]
        links = [l["href"] for l in body.get("servers_links", []) if l["rel"] == "next"]
        nxt = links[0] if links else None
    return out


def boot(url, token, image, flavor, network, count, concurrency):
    errors = []
    lock = threading.Lock()

    def one(i):
        body = {"server": {"name": "bench-%04d" % i, "imageRef": image, "flavorRef": flavor,
                           "networks": [{"uuid": network}]}}
        try:
            status, _ = call("POST", url + "/servers", token, body)
            if status != 202:
                raise RuntimeError("status %d" % status)
        except Exception as e:  # noqa: BLE001 - every failure is counted and shown
            with lock:
                errors.append(str(e))

    t0 = time.monotonic()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(count)))
    accepted = time.monotonic() - t0
    while True:
        states = servers(url, token)
        active = sum(1 for s in states.values() if s == "ACTIVE")
        failed = sum(1 for s in states.values() if s == "ERROR")
        if active + failed >= count - len(errors):
            break
        if time.monotonic() - t0 > 900:
            break
        time.sleep(0.5)
    total = time.monotonic() - t0
    print("boot_requested=%d boot_accepted_s=%.1f all_active_s=%.1f active=%d error=%d "
          "rejected=%d" % (count, accepted, total, active, failed, len(errors)))
    for e in errors[:5]:
        print("rejected: " + e, file=sys.stderr)
    return 0 if active == count else 1


def delete(url, token, concurrency):
    ids = list(servers(url, token))
    t0 = time.monotonic()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(lambda i: call("DELETE", url + "/servers/" + i, token), ids))
    while servers(url, token) and time.monotonic() - t0 < 900:
        time.sleep(0.5)
    left = len(servers(url, token))
    print("deleted=%d all_gone_s=%.1f left=%d" % (len(ids), time.monotonic() - t0, left))
    return 0 if left == 0 else 1


if __name__ == "__main__":
    a = sys.argv[1:]
    if a[0] == "boot":
        sys.exit(boot(a[1], a[2], a[3], a[4], a[5], int(a[6]), int(a[7])))
    if a[0] == "delete":
        sys.exit(delete(a[1], a[2], int(a[3])))
    sys.exit("usage: fleet.py boot|delete ...")
