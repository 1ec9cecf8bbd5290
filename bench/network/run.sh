#!/usr/bin/env bash
# Network (Neutron) control-plane benchmark: starts Altus on a temporary data dir, creates a network
# with a /16 subnet and measures, with wrk, port create throughput (each port gets an address from
# IPAM) at concurrency 1 and 8, then fills the database to 10,000 ports and measures GET
# /v2.0/ports unfiltered, paged (limit=100) and filtered (device_id, 10 matches) at c=1 and c=8,
# port create again with 10,000 ports present, and the server's RSS. The same-run identity token
# validation rate is the baseline for the HTTP stack. Appends the figures to bench/RESULTS.md.
#   bench/network/run.sh [--duration 10s] [--ports 10000]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
duration=10s; ports=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2;;
    --ports) ports="$2"; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
"$root/conformance/install-clients.sh"
py=/usr/bin/python3
host=127.0.0.22
data="$(mktemp -d /tmp/altus-bench-network.XXXXXX)"
pid=""; sampler=""
# stops the cloud and removes its data dir however the script ends (no errexit in here: a failed
# kill or wait must not leave the data dir behind)
cleanup() {
  set +e
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  rm -rf "$data"
}
trap cleanup EXIT
"$root/altus" version >/dev/null   # builds the jar if needed, outside the figures
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
"$root/altus" up --data-dir "$data" --host "$host" > "$data/up.log" 2>&1 &
pid=$!
until curl -sf "http://$host:5000/v3" >/dev/null 2>&1 && curl -sf "http://$host:9696/" >/dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { cat "$data/up.log" >&2; exit 1; }
  sleep 0.1
done
sleep 5
jpid="$(pgrep -f "altus.jar up --data-dir $data" | head -n 1)"
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$jpid/status"; }
results=("idle_rss_mb=$(rss)")
# the server's peak RSS over the whole run, sampled every 0.2 s
( peak=0; while kill -0 "$jpid" 2>/dev/null; do r=$(rss 2>/dev/null || echo 0); [ "$r" -gt "$peak" ] && { peak=$r; echo "$peak" > "$data/peak"; }; sleep 0.2; done ) &
sampler=$!

password="$($py -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["clouds"]["altus"]["auth"]["password"])' "$data/clouds.yaml")"
curl -sf -D "$data/token.h" -o "$data/token.json" "http://$host:5000/v3/auth/tokens" -H 'Content-Type: application/json' -d "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"admin\", \"domain\": {\"id\": \"default\"}, \"password\": \"$password\"}}}, \"scope\": {\"project\": {\"name\": \"admin\", \"domain\": {\"id\": \"default\"}}}}}"
token="$(awk -F': ' 'tolower($1)=="x-subject-token" {print $2}' "$data/token.h" | tr -d '\r')"
project="$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"]["project"]["id"])' "$data/token.json")"
net_url="http://$host:9696"
api() { # METHOD PATH [BODY] -> body on stdout; fails on an HTTP error
  curl -sf -X "$1" "$net_url$2" -H "X-Auth-Token: $token" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
field() { $py -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"; }
# a finite quota, so the usage count that every create does is part of the figure
api PUT "/v2.0/quotas/$project" '{"quota": {"port": 1000000}}' >/dev/null
network="$(api POST /v2.0/networks '{"network": {"name": "bench"}}' | field 'd["network"]["id"]')"
api POST /v2.0/subnets "{\"subnet\": {\"network_id\": \"$network\", \"cidr\": \"10.20.0.0/16\", \"ip_version\": 4}}" >/dev/null
count_ports() { api GET "/v2.0/ports?fields=id" | field 'len(d["ports"])'; }
export BENCH_TOKEN="$token" BENCH_NETWORK="$network" BENCH_DIR="$root/bench/identity"

# wrk NAME C SCRIPT URL: runs, prints and records the RESULT line; fails the run on any error
failed=0
bench() {
  local name="$1" c="$2" script="$3" url="$4" t line
  t=$(( c < 2 ? 1 : 2 ))
  line="$(wrk -t "$t" -c "$c" -d "$duration" --timeout 30s -s "$script" "$url" | grep '^RESULT')"
  line="${line#RESULT }"
  echo "${name}_c$c: $line"; results+=("${name}_c$c: $line")
  if ! grep -qE 'errors=0 non2xx=0|non201=0 errors=0' <<<"$line"; then
    echo "FAILED: ${name}_c$c had errors or unexpected statuses" >&2; failed=1
  fi
}

# baselines for the HTTP stack: identity token validation, and showing one network
token_validate_script="$root/bench/identity/token_validate.lua"
bench token_validate 8 "$token_validate_script" "http://$host:5000/v3/auth/tokens"
bench network_show 8 "$here/get.lua" "$net_url/v2.0/networks/$network"

bench port_create 1 "$here/port_create.lua" "$net_url/v2.0/ports"
bench port_create 8 "$here/port_create.lua" "$net_url/v2.0/ports"
have="$(count_ports)"
results+=("ports_after_create_runs=$have")
if [ "$have" -lt "$ports" ]; then
  line="$($py "$here/fill.py" "$net_url" "$token" "$network" $(( ports - have )))"
  echo "fill: $line"; results+=("fill (bulk POST of ${BENCH_BULK:-100}, ${BENCH_WORKERS:-4} at a time): $line")
fi
have="$(count_ports)"
per_device="$(api GET "/v2.0/ports?device_id=bench-dev-00007&fields=id" | field 'len(d["ports"])')"
paged="$(api GET "/v2.0/ports?limit=100" | field 'str(len(d["ports"])) + " next=" + str(any(l["rel"] == "next" for l in d.get("ports_links", [])))')"
results+=("ports_in_db=$have filtered_matches=$per_device paged_page=$paged")
echo "ports in the database: $have; device_id filter matches $per_device; a page has $paged"

bench port_list_all 1 "$here/get.lua" "$net_url/v2.0/ports"
bench port_list_all 8 "$here/get.lua" "$net_url/v2.0/ports"
bench port_list_limit100 1 "$here/get.lua" "$net_url/v2.0/ports?limit=100"
bench port_list_limit100 8 "$here/get.lua" "$net_url/v2.0/ports?limit=100"
bench port_list_device_id 1 "$here/get.lua" "$net_url/v2.0/ports?device_id=bench-dev-00007"
bench port_list_device_id 8 "$here/get.lua" "$net_url/v2.0/ports?device_id=bench-dev-00007"
bench port_create_at_${have} 8 "$here/port_create.lua" "$net_url/v2.0/ports"

results+=("rss_after_load_mb=$(rss)" "peak_rss_mb=$(cat "$data/peak")")
{
  echo
  echo "## network — $(date -u +%Y-%m-%dT%H:%M:%SZ) — commit $(git -C "$root" rev-parse --short HEAD) — load before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "target: $net_url (H2, default settings); one network, /16 subnet; wrk ${duration} per run; $(nproc) cores"
  for r in "${results[@]}"; do echo "- $r"; done
} >> "$root/bench/RESULTS.md"
printf '%s\n' "${results[@]}"
if [ "$failed" != 0 ]; then
  cp "$data/up.log" /tmp/altus-bench-network-failed.log
  echo "a figure had errors; the server's log is in /tmp/altus-bench-network-failed.log" >&2
fi
exit "$failed"
