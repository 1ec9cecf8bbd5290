"""Creates ports on a network quickly: bulk POST /v2.0/ports of 50 ports, 4 requests at a time.
Port i gets device_id bench-dev-NNNNN with NNNNN = i // 10: ten ports per device, as a filter target.
  fill.py URL TOKEN NETWORK_ID COUNT     prints "created=N seconds=S"; exits 1 on any non-201."""
import http.client
import json
import sys
import threading
import time
import urllib.parse

url, token, network, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
BULK, WORKERS = 50, 4
u = urllib.parse.urlsplit(url)
batches = [range(i, min(i + BULK, count)) for i in range(0, count, BULK)]
lock = threading.Lock()
created, failures = [0], []


def work():
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    while True:
        with lock:
            if not batches or failures:
                return
            batch = batches.pop()
        body = json.dumps({"ports": [{"network_id": network, "device_id": "bench-dev-%05d" % (i // 10)}
                                     for i in batch]})
        conn.request("POST", "/v2.0/ports", body, {"X-Auth-Token": token, "Content-Type": "application/json"})
        r = conn.getresponse()
        data = r.read()
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
print("created=%d seconds=%.1f" % (created[0], time.time() - t0))
if failures:
    print("fill failed: " + failures[0], file=sys.stderr)
    sys.exit(1)
