#!/usr/bin/env bash
# Compute (Nova) control-plane benchmark: starts Altus with ten fake compute hosts (compute1 ..
# compute10, the fake virt driver) on a temporary data dir, boots 1,000 servers (m1.tiny, one port
# each on a /16 network) with 16 clients in parallel and times until every one is ACTIVE, measures
# GET /servers/detail with 1,000 servers at c=1 and c=8 with wrk, then deletes them all and times
# until they are gone. Appends the figures to bench/RESULTS.md.
#   bench/compute/run.sh [--servers 1000] [--hosts 10] [--duration 10s]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count=1000; nhosts=10; duration=10s
while [ $# -gt 0 ]; do
  case "$1" in
    --servers) count="$2"; shift 2;;
    --hosts) nhosts="$2"; shift 2;;
    --duration) duration="$2"; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
"$root/conformance/install-clients.sh"
py=/usr/bin/python3
host=127.0.0.35
data="$(mktemp -d /tmp/altus-bench-compute.XXXXXX)"
pid=""
cleanup() {
  set +e
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  rm -rf "$data"
}
trap cleanup EXIT
"$root/altus" version >/dev/null   # builds the jar if needed, outside the figures
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
hosts="$(seq -s, -f 'compute%g' 1 "$nhosts")"
# each fake host holds 256 m1.tiny servers (64 CPUs at the default 4x CPU allocation ratio,
# 128 GiB RAM), so ten hold the 1,000 with room; boots take the fake driver's 0.05 s
ALTUS_COMPUTE_HOSTS="$hosts" ALTUS_COMPUTE_FAKE_VCPUS=64 ALTUS_COMPUTE_FAKE_MEMORY_MB=131072 \
  ALTUS_COMPUTE_FAKE_LOCAL_GB=2000 \
  "$root/altus" up --data-dir "$data" --host "$host" > "$data/up.log" 2>&1 &
pid=$!
until curl -sf "http://$host:5000/v3" >/dev/null 2>&1 && curl -sf "http://$host:8774/" >/dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { cat "$data/up.log" >&2; exit 1; }
  sleep 0.2
done
sleep 3
jpid="$(pgrep -f "altus.jar up --data-dir $data" | head -n 1)"
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$jpid/status"; }
results=("idle_rss_mb=$(rss)")

password="$($py -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["clouds"]["altus"]["auth"]["password"])' "$data/clouds.yaml")"
curl -sf -D "$data/token.h" -o "$data/token.json" "http://$host:5000/v3/auth/tokens" -H 'Content-Type: application/json' -d "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"admin\", \"domain\": {\"id\": \"default\"}, \"password\": \"$password\"}}}, \"scope\": {\"project\": {\"name\": \"admin\", \"domain\": {\"id\": \"default\"}}}}}"
token="$(awk -F': ' 'tolower($1)=="x-subject-token" {print $2}' "$data/token.h" | tr -d '\r')"
project="$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"]["project"]["id"])' "$data/token.json")"
api() { # URL METHOD PATH [BODY] -> body on stdout; fails on an HTTP error
  curl -sf -X "$2" "$1$3" -H "X-Auth-Token: $token" -H 'Content-Type: application/json' ${4:+-d "$4"}; }
field() { $py -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"; }
nova="http://$host:8774/v2.1"; neutron="http://$host:9696"; glance="http://$host:9292"
# room for the fleet in the admin project's quotas
api "$nova" PUT "/os-quota-sets/$project" '{"quota_set": {"instances": -1, "cores": -1, "ram": -1}}' >/dev/null
api "$neutron" PUT "/v2.0/quotas/$project" '{"quota": {"port": -1}}' >/dev/null
network="$(api "$neutron" POST /v2.0/networks '{"network": {"name": "bench"}}' | field 'd["network"]["id"]')"
api "$neutron" POST /v2.0/subnets "{\"subnet\": {\"network_id\": \"$network\", \"cidr\": \"10.30.0.0/16\", \"ip_version\": 4}}" >/dev/null
qemu-img create -f qcow2 "$data/bench.qcow2" 16M >/dev/null
image="$(api "$glance" POST /v2/images '{"name": "bench", "disk_format": "qcow2", "container_format": "bare"}' | field 'd["id"]')"
curl -sf -X PUT "$glance/v2/images/$image/file" -H "X-Auth-Token: $token" \
  -H 'Content-Type: application/octet-stream' --data-binary "@$data/bench.qcow2"

failed=0
echo "== booting $count servers on $nhosts fake hosts"
line="$($py "$here/fleet.py" boot "$nova" "$token" "$image" 1 "$network" "$count" 16)" || failed=1
echo "$line"; results+=("$line")
results+=("rss_after_boot_mb=$(rss)")

export BENCH_TOKEN="$token"
for c in 1 8; do
  t=$(( c < 2 ? 1 : 2 ))
  line="$(wrk -t "$t" -c "$c" -d "$duration" --timeout 30s -s "$here/servers_detail.lua" "$nova/servers/detail" | grep '^RESULT')"
  line="servers_detail_${count}_c$c: ${line#RESULT }"
  echo "$line"; results+=("$line")
  grep -q 'errors=0 non2xx=0' <<<"$line" || { echo "FAILED: $line" >&2; failed=1; }
done

echo "== deleting them"
line="$($py "$here/fleet.py" delete "$nova" "$token" 16)" || failed=1
echo "$line"; results+=("$line")
results+=("rss_after_load_mb=$(rss)")

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
commit="$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo '+dirty')"
{
  echo "## compute — $(date -u +%Y-%m-%dT%H:%M:%SZ) — commit $commit — load before: $load_before, after: $load_after"
  echo "$nhosts fake hosts (fake driver, 0.05 s boots), m1.tiny, one port each; 16 parallel API clients; goal: 1,000 boots ACTIVE in <= 60 s (real Nova with its fake driver here: 55 s for 50, 262 s to delete them)"
  for r in "${results[@]}"; do echo "- $r"; done
} >> "$root/bench/RESULTS.md"
[ "$failed" -eq 0 ] || { cp "$data/up.log" /tmp/altus-bench-compute-failed.log; echo "server log: /tmp/altus-bench-compute-failed.log" >&2; exit 1; }
