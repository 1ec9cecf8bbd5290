#!/usr/bin/env bash
# Compute benchmark: boots 1,000 servers (m1.tiny, one port each) with the fake driver across 10
# fake hosts (compute1..compute10) through the API with 32 concurrent clients, and times until
# all are ACTIVE; then GET /servers/detail latency with the 1,000 servers, and deleting them all.
# Appends to bench/RESULTS.md.
#   bench/compute/run.sh [--count 1000] [--concurrency 32] [--host 127.0.0.32]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count=1000; concurrency=32; host=127.0.0.32
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift 2;;
    --concurrency) concurrency="$2"; shift 2;;
    --host) host="$2"; shift 2;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2;;
  esac
done
"$root/conformance/install-clients.sh"
data="$(mktemp -d /tmp/altus-bench-compute.XXXXXX)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$data"' EXIT
# 10 hosts of 32 vCPUs (x4 allocation ratio) and 64 GB: room for 1,280 m1.tiny each way
cat > "$data/altus.conf" <<CONF
compute.hosts = compute1,compute2,compute3,compute4,compute5,compute6,compute7,compute8,compute9,compute10
compute.fake.vcpus = 32
compute.fake.memory_mb = 65536
compute.fake.local_gb = 200
CONF
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
ALTUS_IDENTITY_BCRYPT_COST=4 "$root/altus" up --data-dir "$data" --host "$host" > "$data/up.log" 2>&1 &
pid=$!
until curl -sf "http://$host:8774/" >/dev/null 2>&1; do sleep 0.2; done
jpid="$(pgrep -f "altus.jar up --data-dir $data" | head -n 1)"
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$jpid/status"; }
idle_rss="$(rss)"
/usr/bin/python3 "$here/boot.py" "$data/clouds.yaml" "$count" "$concurrency" > "$data/boot.out" \
  || { cat "$data/boot.out"; tail -20 "$data/up.log"; exit 1; }
mapfile -t results < "$data/boot.out"
results+=("idle_rss_mb=$idle_rss rss_after_mb=$(rss)")
printf '%s\n' "${results[@]}"
{
  echo
  echo "## compute — $(date -u +%Y-%m-%dT%H:%M:%SZ) — commit $(git -C "$root" rev-parse --short HEAD) — load before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "fake driver, 10 hosts (compute1..compute10), m1.tiny with one port each, $concurrency concurrent API clients; $(nproc) cores"
  for r in "${results[@]}"; do echo "- $r"; done
} >> "$root/bench/RESULTS.md"
