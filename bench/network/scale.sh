#!/usr/bin/env bash
# Network store at scale: the per-request cost of the lookups that filters use must not grow with
# the number of ports. Starts Altus (control plane only: fake compute, no data plane) on a
# temporary data dir, makes one network with a /14 subnet (262,142 addresses), and at each size
# (default 1,000 then 100,000 ports, ten ports per device_id) measures with wrk and Python:
#   GET /v2.0/ports?device_id=bench-dev-00007 (10 matches) at c=1 and c=8,
#   DELETE /v2.0/security-groups/{id} of 50 unused groups of 2 rules each (p50, p99, max),
#   POST /v2.0/ports at c=8 (each gets an address from IPAM and a MAC).
# The fill between sizes is bulk POST /v2.0/ports (BENCH_BULK ports a request, BENCH_WORKERS at a
# time, no port quota meanwhile) with an admin token that is renewed before it expires; the
# figures are taken with a finite port quota (1,000,000), so each create counts the project's ports. Appends the figures to
# bench/RESULTS.md with date, commit and load.
#   bench/network/scale.sh [--sizes 1000,100000] [--duration 8s] [--host 127.0.0.22]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
duration=8s; sizes=1000,100000; host=127.0.0.22
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2;;
    --sizes) sizes="$2"; shift 2;;
    --host) host="$2"; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
"$root/conformance/install-clients.sh" >/dev/null
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
py=/usr/bin/python3
. "$root/bench/lib.sh"
load_before="$(uptime | sed 's/.*load average: //')"
began="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
ALTUS_COMPUTE_DRIVER=fake ALTUS_NETWORK_DATAPLANE=noop \
  bench_up "$host" "http://$host:5000/v3" "http://$host:9696/"

password="$($py -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["clouds"]["altus"]["auth"]["password"])' "$data/clouds.yaml")"
export BENCH_AUTH_URL="http://$host:5000" BENCH_PASSWORD="$password"
# a fresh admin token before every step: a 100,000-port run outlives one token
renew() {
  curl -sf -D "$data/token.h" -o "$data/token.json" "http://$host:5000/v3/auth/tokens" -H 'Content-Type: application/json' -d "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"admin\", \"domain\": {\"id\": \"default\"}, \"password\": \"$password\"}}}, \"scope\": {\"project\": {\"name\": \"admin\", \"domain\": {\"id\": \"default\"}}}}}"
  token="$(awk -F': ' 'tolower($1)=="x-subject-token" {print $2}' "$data/token.h" | tr -d '\r')"
  export BENCH_TOKEN="$token"
}
renew
project="$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"]["project"]["id"])' "$data/token.json")"
net_url="http://$host:9696"
api() { curl -sf -X "$1" "$net_url$2" -H "X-Auth-Token: $token" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
field() { $py -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"; }
api PUT "/v2.0/quotas/$project" '{"quota": {"port": 1000000, "security_group": 100000, "security_group_rule": 1000000}}' >/dev/null
network="$(api POST /v2.0/networks '{"network": {"name": "bench-scale"}}' | field 'd["network"]["id"]')"
api POST /v2.0/subnets "{\"subnet\": {\"network_id\": \"$network\", \"cidr\": \"10.64.0.0/14\", \"ip_version\": 4}}" >/dev/null
export BENCH_NETWORK="$network"
count_ports() { api GET "/v2.0/ports?fields=id&network_id=$network" | field 'len(d["ports"])'; }

failed=0
results=()
wrk_run() { # NAME C SCRIPT URL
  local line
  renew
  line="$(wrk -t "$(( $2 < 2 ? 1 : 2 ))" -c "$2" -d "$duration" --timeout 30s -s "$3" "$4" | grep '^RESULT')"
  line="${line#RESULT }"
  echo "  $1 c=$2: $line"; results+=("$label: $1 c=$2: $line")
  grep -qE 'errors=0 non2xx=0|non201=0 errors=0' <<<"$line" || { echo "FAILED: $1 had errors" >&2; failed=1; }
}
filled=0
for size in ${sizes//,/ }; do
  renew
  if [ "$filled" -lt "$size" ]; then
    # no port quota while filling (the fill is not a figure, and each create's usage count is a
    # count of the project's ports); a finite one again for the figures
    api PUT "/v2.0/quotas/$project" '{"quota": {"port": -1}}' >/dev/null
    line="$($py "$here/fill.py" "$net_url" "$token" "$network" $(( size - filled )) "$filled")"
    api PUT "/v2.0/quotas/$project" '{"quota": {"port": 1000000}}' >/dev/null
    echo "fill to $size: $line"; results+=("fill to $size (bulk POST /v2.0/ports of ${BENCH_BULK:-100}, ${BENCH_WORKERS:-4} at a time): $line")
    filled=$size
  fi
  renew
  have="$(count_ports)"
  label="ports=$have"
  matches="$(api GET "/v2.0/ports?device_id=bench-dev-00007&fields=id" | field 'len(d["ports"])')"
  echo "$label (device_id filter matches $matches), load $(cut -d' ' -f1-3 /proc/loadavg)"
  wrk_run "GET /v2.0/ports?device_id= ($matches of $have)" 1 "$here/get.lua" "$net_url/v2.0/ports?device_id=bench-dev-00007"
  wrk_run "GET /v2.0/ports?device_id= ($matches of $have)" 8 "$here/get.lua" "$net_url/v2.0/ports?device_id=bench-dev-00007"
  renew
  line="$($py "$here/sgdelete.py" "$net_url" "$token" 50)"
  echo "  security group delete: $line"; results+=("$label: security group delete (50 groups of 2 rules, one by one): $line")
  wrk_run "port create" 8 "$here/port_create.lua" "$net_url/v2.0/ports"
  results+=("$label: rss_mb=$(rss) load $(cut -d' ' -f1-3 /proc/loadavg)")
done
{
  echo
  echo "## network at scale (bench/network/scale.sh) — $began — commit $(git -C "$root" rev-parse --short HEAD) — uptime load before: $load_before, after: $(uptime | sed 's/.*load average: //')"
  echo "H2, control plane only (fake compute, no data plane); one network, /14 subnet; wrk $duration per run; $(nproc) cores"
  for r in "${results[@]}"; do echo "- $r"; done
} >> "$root/bench/RESULTS.md"
printf '%s\n' "${results[@]}"
[ "$failed" = 0 ] || { cp "$data/up.log" /tmp/altus-bench-scale-failed.log; echo "a figure had errors; server log in /tmp/altus-bench-scale-failed.log" >&2; }
exit "$failed"
