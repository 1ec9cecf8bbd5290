"""Creates ports on a network quickly: bulk POST /v2.0/ports of BULK ports, WORKERS requests at a time.
Port i gets device_id bench-dev-NNNNN with NNNNN = i // 10: ten ports per device, as a filter target.
  fill.py URL TOKEN NETWORK_ID COUNT [START]   prints "created=N seconds=S ports_per_s=R";
                                               exits 1 on any answer but 201 (a 401 renews first)
START (default 0) numbers the first port, so a second fill continues the devices of the first.
With BENCH_AUTH_URL and BENCH_PASSWORD (admin's) set, the token is renewed every 15 minutes and on
a 401, so a fill longer than a token's life (1 h by default) still ends; a connection the server
closed is opened again and the batch sent again. BENCH_BULK (default 100) and BENCH_WORKERS
(default 4) size the requests."""
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

url, token, network, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
start = int(sys.argv[5]) if len(sys.argv) > 5 else 0
BULK, WORKERS = int(os.environ.get("BENCH_BULK", "100")), int(os.environ.get("BENCH_WORKERS", "4"))
auth_url, password = os.environ.get("BENCH_AUTH_URL"), os.environ.get("BENCH_PASSWORD")
u = urllib.parse.urlsplit(url)
batches = [range(i, min(i + BULK, start + count)) for i in range(start, start + count, BULK)]
batches.reverse()
lock = threading.Lock()
created, failures = [0], []
auth = {"token": token, "at": time.time()}


def renew(seen):
    """A new admin token, once per expiry (seen: the token the caller found stale)."""
    with lock:
        if auth["token"] != seen or not auth_url:
            return auth["token"]
        a = urllib.parse.urlsplit(auth_url)
        c = http.client.HTTPConnection(a.hostname, a.port, timeout=60)
        body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
            "name": "admin", "domain": {"id": "default"}, "password": password}}},
            "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}
        c.request("POST", "/v3/auth/tokens", json.dumps(body), {"Content-Type": "application/json"})
        r = c.getresponse()
        r.read()
        if r.status != 201:
            raise RuntimeError("token renewal: %d" % r.status)
        auth["token"], auth["at"] = r.getheader("X-Subject-Token"), time.time()
        return auth["token"]


def work():
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
    while True:
        with lock:
            if not batches or failures:
                return
            batch = batches.pop()
            tok = auth["token"]
        if time.time() - auth["at"] > 900:
            tok = renew(tok)
        body = json.dumps({"ports": [{"network_id": network, "device_id": "bench-dev-%05d" % (i // 10)}
                                     for i in batch]})
        for attempt in range(3):
            try:
                conn.request("POST", "/v2.0/ports", body, {"X-Auth-Token": tok, "Content-Type": "application/json"})
                r = conn.getresponse()
                data = r.read()
            except (ConnectionError, http.client.HTTPException) as e:
                # the server closed the kept-alive connection (its idle timeout) before or while
                # this batch was sent: a new connection and the batch again
                conn.close()
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
                if attempt == 2:
                    with lock:
                        failures.append("connection: %r" % e)
                    return
                continue
            if r.status == 401 and attempt < 2:
                tok = renew(tok)
                continue
            break
        with lock:
            if r.status != 201:
                failures.append("%d %s" % (r.status, data[:300]))
            else:
                created[0] += len(json.loads(data)["ports"])


t0 = time.time()
threads = [threading.Thread(target=work) for _ in range(WORKERS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
took = time.time() - t0
print("created=%d seconds=%.1f ports_per_s=%.0f" % (created[0], took, created[0] / max(took, 0.001)))
if failures:
    print("fill failed: " + failures[0], file=sys.stderr)
    sys.exit(1)
