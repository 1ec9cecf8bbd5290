#!/usr/bin/env bash
# Image data path benchmark: upload and download of a 256 MiB and a 1 GiB image through the Glance
# API, side by side in the same run with copying the same file on the same disk with dd and fsync
# (the physical bound), and the server's peak RSS during each transfer. Appends to bench/RESULTS.md.
#   bench/image/run.sh [--sizes "256 1024"] [--repeat 3] [--host 127.0.0.104]   (sizes in MiB)
# Each size is measured --repeat times as rounds of bound, upload, download, so the bound is taken
# right beside the transfers it is compared with (the disk's speed drifts); the speeds are the
# medians of the rounds, and each ratio is the median of the rounds' own ratios (transfer against
# the bound measured beside it), never a bound from one moment against a transfer from another.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sizes="256 1024"
repeat=3
host=127.0.0.104
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --host) host="$2"; shift 2 ;;
    *) echo "usage: $0 [--sizes \"256 1024\"] [--repeat 3] [--host 127.0.0.104]" >&2; exit 2 ;;
  esac
done
"$root/conformance/install-clients.sh"
data="$(mktemp -d /tmp/altus-bench-image.XXXXXX)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$data"' EXIT
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
commit="$(git -C "$root" describe --always --dirty --exclude "*")"
"$root/altus" up --data-dir "$data" --host "$host" > "$data/up.log" 2>&1 &
pid=$!
until curl -sf "http://$host:9292/versions" >/dev/null 2>&1; do sleep 0.1; done
jpid="$(pgrep -f "altus.jar up --data-dir $data" | head -n 1)"
export OS_CLIENT_CONFIG_FILE="$data/clouds.yaml"
token="$(/usr/bin/openstack --os-cloud altus token issue -f value -c id)"
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$jpid/status"; }
tick_ms=$((1000 / $(getconf CLK_TCK)))
cpu_ms() { awk -v t="$tick_ms" '{print ($14 + $15) * t}' "/proc/$jpid/stat"; }
# runs a command while sampling the server's RSS; prints "milliseconds peak_rss_mb server_cpu_ms"
# (the server's CPU time, user + system, does not depend on what else the machine runs)
timed() {
  local peak; peak=$(rss)
  local c0; c0=$(cpu_ms)
  local t0; t0=$(date +%s%N)
  "$@" & local c=$!
  while kill -0 "$c" 2>/dev/null; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.1; done
  wait "$c"
  echo "$(( ($(date +%s%N) - t0) / 1000000 )) $peak $(( $(cpu_ms) - c0 ))"
}
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
maximum() { printf '%s\n' "$@" | sort -n | tail -n 1; }
mbps() { awk -v mb="$1" -v ms="$2" 'BEGIN {printf "%.0f", mb / (ms / 1000)}'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f%%", 100 * a / b}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f", 100 * a / b}'; }
results=("idle_rss_mb=$(rss)")
for mb in $sizes; do
  src="$data/src-$mb"
  head -c $((mb * 1024 * 1024)) /dev/urandom > "$src"; sync
  cps=(); ups=(); downs=(); up_rsss=(); down_rsss=(); up_cpus=(); down_cpus=(); up_ratios=(); down_ratios=(); loads=()
  for round in $(seq "$repeat"); do
    loads+=("$(cut -d' ' -f1 /proc/loadavg)")
    read -r cp_ms _ < <(timed dd if="$src" of="$data/copy-$mb" bs=4M conv=fsync status=none)
    rm -f "$data/copy-$mb"
    id="$(curl -sf "http://$host:9292/v2/images" -H "X-Auth-Token: $token" -H 'Content-Type: application/json' \
      -d "{\"name\": \"bench-$mb-$round\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}" \
      | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
    read -r up_ms up_rss up_cpu < <(timed curl -sf -o /dev/null -X PUT "http://$host:9292/v2/images/$id/file" \
      -H "X-Auth-Token: $token" -H 'Content-Type: application/octet-stream' -T "$src")
    # the downloaded bytes land in a file on the same disk and are fsynced (sync FILE), as the
    # bound's copy is; written by curl itself, without a pipe and a second process in between
    download() { curl -sf "http://$host:9292/v2/images/$id/file" -H "X-Auth-Token: $token" \
      -o "$data/down-$mb" && sync "$data/down-$mb"; }
    read -r down_ms down_rss down_cpu < <(timed download)
    cmp -s "$src" "$data/down-$mb" || { echo "downloaded bytes differ for $mb MiB" >&2; exit 1; }
    rm -f "$data/down-$mb"
    curl -sf -X DELETE "http://$host:9292/v2/images/$id" -H "X-Auth-Token: $token"
    echo "size_mib=$mb round=$round load=${loads[-1]} cp_ms=$cp_ms upload_ms=$up_ms download_ms=$down_ms server_cpu_ms_up=$up_cpu server_cpu_ms_down=$down_cpu upload_vs_cp=$(pct "$cp_ms" "$up_ms") download_vs_cp=$(pct "$cp_ms" "$down_ms")" >&2
    cps+=("$cp_ms"); ups+=("$up_ms"); downs+=("$down_ms"); up_rsss+=("$up_rss"); down_rsss+=("$down_rss")
    up_cpus+=("$up_cpu"); down_cpus+=("$down_cpu")
    up_ratios+=("$(ratio "$cp_ms" "$up_ms")"); down_ratios+=("$(ratio "$cp_ms" "$down_ms")")
  done
  rm -f "$src"
  cp_ms=$(median "${cps[@]}"); up_ms=$(median "${ups[@]}"); down_ms=$(median "${downs[@]}")
  line="size_mib=$mb rounds=$repeat cp_fsync_mb_s=$(mbps "$mb" "$cp_ms") upload_mb_s=$(mbps "$mb" "$up_ms") download_mb_s=$(mbps "$mb" "$down_ms") upload_vs_cp=$(median "${up_ratios[@]}")% download_vs_cp=$(median "${down_ratios[@]}")% peak_rss_upload_mb=$(maximum "${up_rsss[@]}") peak_rss_download_mb=$(maximum "${down_rsss[@]}") server_cpu_ms_upload=$(median "${up_cpus[@]}") server_cpu_ms_download=$(median "${down_cpus[@]}") upload_vs_cp_rounds=[$(printf '%s%% ' "${up_ratios[@]}" | sed 's/ $//')] download_vs_cp_rounds=[$(printf '%s%% ' "${down_ratios[@]}" | sed 's/ $//')] cp_ms=[${cps[*]}] upload_ms=[${ups[*]}] download_ms=[${downs[*]}] load_1m=[${loads[*]}]"
  echo "$line"; results+=("$line")
done
{
  echo
  echo "## image — $(date -u +%Y-%m-%dT%H:%M:%SZ) — commit $commit — load before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "disk: $(df -h "$data" | awk 'NR==2 {print $1}') under /tmp; bound: dd bs=4M conv=fsync of the same file on the same disk; $(nproc) cores; medians of $repeat rounds (bound, upload, download per round)"
  for r in "${results[@]}"; do echo "- $r"; done
} >> "$root/bench/RESULTS.md"
