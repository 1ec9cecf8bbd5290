"""Security group delete: creates N groups of 2 rules each (unused by any port), then deletes them
one by one and times each DELETE, which must look up whether a port still uses the group and
remove its rules.
  sgdelete.py URL TOKEN N     prints "deleted=N p50_ms=.. p99_ms=.. max_ms=.."; exits 1 on a non-204"""
import http.client
import json
import sys
import time
import urllib.parse

url, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
u = urllib.parse.urlsplit(url)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
h = {"X-Auth-Token": token, "Content-Type": "application/json"}


def call(method, path, body=None, want=(200, 201, 204)):
    conn.request(method, path, json.dumps(body) if body is not None else None, h)
    r = conn.getresponse()
    data = r.read()
    if r.status not in want:
        print("%s %s: %d %s" % (method, path, r.status, data[:300]), file=sys.stderr)
        sys.exit(1)
    return json.loads(data) if data else None


groups = []
for i in range(n):
    g = call("POST", "/v2.0/security-groups", {"security_group": {"name": "bench-sg-%d" % i}})
    gid = g["security_group"]["id"]
    for port in (22, 80):
        call("POST", "/v2.0/security-group-rules", {"security_group_rule": {
            "security_group_id": gid, "direction": "ingress", "protocol": "tcp",
            "port_range_min": port, "port_range_max": port}})
    groups.append(gid)
times = []
for gid in groups:
    t0 = time.perf_counter()
    call("DELETE", "/v2.0/security-groups/" + gid, want=(204,))
    times.append((time.perf_counter() - t0) * 1000)
times.sort()
pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
print("deleted=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f" % (len(times), pick(0.5), pick(0.99), times[-1]))
