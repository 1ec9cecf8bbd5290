#!/usr/bin/env bash
# Identity benchmark: starts Altus on a temporary data dir (default settings: bcrypt cost 12),
# runs wrk against token issue, token validation and project list at concurrency 1 and 8, and
# measures the bcrypt bound, start-up time and idle RSS. Appends the figures to bench/RESULTS.md.
#   bench/identity/run.sh [--duration 10s] [--target URL --user U --password P --project P]
# With --target, the same load runs against another Keystone (no start-up/RSS figures).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
duration=10s; target=""; user=admin; password=""; project=admin
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2;;
    --target) target="$2"; shift 2;;
    --user) user="$2"; shift 2;;
    --password) password="$2"; shift 2;;
    --project) project="$2"; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
"$root/conformance/install-clients.sh"
java_home="$("$root/altus" --print-java-home)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
results=()
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; true' EXIT

if [ -z "$target" ]; then
  host=127.0.0.101
  data="$(mktemp -d /tmp/altus-bench.XXXXXX)"
  "$root/altus" version >/dev/null   # builds the jar if needed, outside the timing
  # one start and stop first, so the AOT cache that './altus up' records after a build exists
  start_and_wait() { "$root/altus" up --data-dir "$1" --host "$host" > "$1.log" 2>&1 & pid=$!
    until curl -sf "http://$host:5000/v3" >/dev/null 2>&1; do sleep 0.02; done; }
  stop_cloud() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }
  start_and_wait "$data-warm"; stop_cloud
  t0=$(date +%s%N); start_and_wait "$data-first"; t1=$(date +%s%N); stop_cloud
  results+=("startup_first_start_to_v3_ms=$(( (t1 - t0) / 1000000 ))")
  mkdir -p "$data"
  start_and_wait "$data"; stop_cloud
  t0=$(date +%s%N); start_and_wait "$data"; t1=$(date +%s%N)
  results+=("startup_restart_to_v3_ms=$(( (t1 - t0) / 1000000 ))")
  sleep 5
  jpid="$(pgrep -f "altus.jar up --data-dir $data" | head -n 1)"
  results+=("idle_rss_mb=$(( $(awk '/VmRSS/ {print $2}' /proc/$jpid/status) / 1024 ))")
  target="http://$host:5000"
  password="$(/usr/bin/python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["clouds"]["altus"]["auth"]["password"])' "$data/clouds.yaml")"
fi
target="${target%/}"; target="${target%/v3}"
token="$(curl -si "$target/v3/auth/tokens" -H 'Content-Type: application/json' -d "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"$user\", \"domain\": {\"id\": \"default\"}, \"password\": \"$password\"}}}, \"scope\": {\"project\": {\"name\": \"$project\", \"domain\": {\"id\": \"default\"}}}}}" | awk -F': ' 'tolower($1)=="x-subject-token" {print $2}' | tr -d '\r')"
[ -n "$token" ] || { echo "could not get a token from $target" >&2; exit 1; }
export BENCH_DIR="$here" BENCH_TOKEN="$token" BENCH_USER="$user" BENCH_PASSWORD="$password" BENCH_PROJECT="$project"

for scenario in token_validate:/v3/auth/tokens project_list:/v3/projects token_issue:/v3/auth/tokens; do
  name="${scenario%%:*}"; path="${scenario#*:}"
  for c in 1 8; do
    t=$(( c < 2 ? 1 : 2 ))
    line="$(wrk -t "$t" -c "$c" -d "$duration" --timeout 10s -s "$here/$name.lua" "$target$path" | grep '^RESULT')"
    echo "$name c=$c: ${line#RESULT }"
    results+=("${name}_c${c}: ${line#RESULT }")
  done
done
if [ -n "$pid" ]; then
  for th in 1 2; do
    line="$("$java_home/bin/java" -cp "$root/server/target/altus.jar" "$here/BcryptRate.java" 12 "$th" | grep '^RESULT')"
    echo "bcrypt: ${line#RESULT }"; results+=("bcrypt: ${line#RESULT }")
  done
  jpid="$(pgrep -f "altus.jar up --data-dir $data" | head -n 1)"
  results+=("rss_after_load_mb=$(( $(awk '/VmRSS/ {print $2}' /proc/$jpid/status) / 1024 ))")
fi
{
  echo
  echo "## identity — $(date -u +%Y-%m-%dT%H:%M:%SZ) — commit $(git -C "$root" rev-parse --short HEAD) — load before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "target: $target; wrk ${duration} per run; $(nproc) cores"
  for r in "${results[@]}"; do echo "- $r"; done
} >> "$root/bench/RESULTS.md"
printf '%s\n' "${results[@]}"
