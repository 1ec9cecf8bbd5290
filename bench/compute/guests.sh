#!/usr/bin/env bash
# Real guests: how long from the API call to a guest's first console line and to its login prompt,
# beside a bare qemu-system-x86_64 boot of the same image with the same settings in the same run
# (the cloud's overhead is the difference; goal <= 1 s), then 10 guests booted together (time until
# all show their login prompt) and the memory each guest's qemu process holds.
#   bench/compute/guests.sh [--together 10] [--rounds 3]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
together=10; rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --together) together="$2"; shift 2;;
    --rounds) rounds="$2"; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
"$root/conformance/install-clients.sh"
export PATH="/usr/bin:$PATH"
host=127.0.0.36
data="$(mktemp -d /tmp/altus-bench-guests.XXXXXX)"
pid=""
cleanup() {
  set +e
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  pkill -9 -f "qemu-system-x86_64.*$data" 2>/dev/null
  rm -rf "$data"
}
trap cleanup EXIT
image="$("$root/guest-image/build.sh" --print-path)"
"$root/altus" version >/dev/null   # builds the jar if needed, outside the figures
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
now_ms() { date +%s%3N; }
# wait_for FILE-OR-COMMAND TEXT: polls until the text appears, prints the time it appeared
wait_text() { # wait_text TEXT CMD...
  local text="$1"; shift
  for _ in $(seq 1 3000); do
    if "$@" 2>/dev/null | grep -q -- "$text"; then now_ms; return 0; fi
    sleep 0.05
  done
  echo "never saw '$text'" >&2; return 1
}

# 1. a bare qemu boot of the image: the same machine the driver makes (TCG, 512 MiB = m1.tiny,
#    virtio disk on a qcow2 overlay, serial console to a file), no cloud
bare_first=(); bare_login=()
for r in $(seq 1 "$rounds"); do
  qemu-img create -q -f qcow2 -b "$image" -F qcow2 "$data/bare.qcow2"
  t0=$(now_ms)
  qemu-system-x86_64 -accel tcg -m 512 -smp 1 -nodefaults -display none -no-user-config \
    -drive file="$data/bare.qcow2",if=virtio,format=qcow2 -serial file:"$data/bare.log" \
    -nic none -daemonize -pidfile "$data/bare.pid"
  t1=$(wait_text "[ " cat "$data/bare.log")
  t2=$(wait_text "login:" cat "$data/bare.log")
  bare_first+=($((t1 - t0))); bare_login+=($((t2 - t0)))
  kill "$(cat "$data/bare.pid")"; sleep 0.5; rm -f "$data/bare.qcow2" "$data/bare.log"
done

# 2. the same through the cloud: API call (server create) -> the console log's first line and login
ALTUS_IDENTITY_BCRYPT_COST=4 ALTUS_COMPUTE_DRIVER=qemu ALTUS_COMPUTE_INSTANCES_PATH="$data/instances" \
  "$root/altus" up --data-dir "$data" --host "$host" > "$data/up.log" 2>&1 &
pid=$!
until curl -sf "http://$host:8774/" >/dev/null 2>&1; do sleep 0.25; done
export OS_CLIENT_CONFIG_FILE="$data/clouds.yaml"
os() { /usr/bin/openstack "$@"; }
os --os-cloud altus image show altus-guest >/dev/null 2>&1 || os --os-cloud altus image create \
  --file "$image" --disk-format qcow2 --container-format bare --public altus-guest >/dev/null
os --os-cloud altus-demo network create bench-net >/dev/null
os --os-cloud altus-demo subnet create --network bench-net --subnet-range 10.98.0.0/22 bench-subnet >/dev/null
# warm the host's base image cache, as any second boot of an image finds it
os --os-cloud altus-demo server create --flavor m1.tiny --image altus-guest --network bench-net --wait warm >/dev/null
os --os-cloud altus-demo server delete --wait warm
api_first=(); api_login=()
for r in $(seq 1 "$rounds"); do
  t0=$(now_ms)
  id="$(os --os-cloud altus-demo server create --flavor m1.tiny --image altus-guest --network bench-net -f value -c id "g$r")"
  t1=$(wait_text "[ " os --os-cloud altus-demo console log show "$id")
  t2=$(wait_text "login:" os --os-cloud altus-demo console log show "$id")
  api_first+=($((t1 - t0))); api_login+=($((t2 - t0)))
  os --os-cloud altus-demo server delete --wait "$id"
done

# 3. N guests together: all created at once, time until every one shows its login prompt
t0=$(now_ms)
ids=()
for i in $(seq 1 "$together"); do
  ids+=("$(os --os-cloud altus-demo server create --flavor m1.tiny --image altus-guest --network bench-net -f value -c id "t$i")")
done
for id in "${ids[@]}"; do t_last=$(wait_text "login:" os --os-cloud altus-demo console log show "$id"); done
all_ms=$((t_last - t0))
rss_kb="$(ps -o rss= -p "$(pgrep -d, -f "qemu-system-x86_64.*$data")" | awk '{s+=$1; n++} END {printf "%d %d", s/n, n}')"
for id in "${ids[@]}"; do os --os-cloud altus-demo server delete "$id"; done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
bf=$(median "${bare_first[@]}"); bl=$(median "${bare_login[@]}")
af=$(median "${api_first[@]}"); al=$(median "${api_login[@]}")
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
report="bare qemu: first console line ${bf} ms, login prompt ${bl} ms (rounds: ${bare_login[*]})
through the API (create -> console log): first line ${af} ms, login prompt ${al} ms (rounds: ${api_login[*]})
overhead at the login prompt: $((al - bl)) ms (goal <= 1000)
${together} guests together: all at their login prompt after ${all_ms} ms
memory per guest (qemu RSS, m1.tiny = 512 MiB): $(( ${rss_kb% *} / 1024 )) MiB average over ${rss_kb#* } processes"
echo "$report"
{
  echo
  echo "### compute guests — $(date -u +%Y-%m-%d) — commit $(git -C "$root" rev-parse --short HEAD)"
  echo "load before $load_before, after $load_after; $(nproc) cores, TCG (no KVM here)"
  echo '```'
  echo "$report"
  echo '```'
} >> "$root/bench/RESULTS.md"
