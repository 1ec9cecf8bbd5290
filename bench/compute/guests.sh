#!/usr/bin/env bash
# Real guests: how long from the API call to a guest's first console line and to its login prompt,
# beside a bare qemu-system-x86_64 boot of the same image with the same machine in the same run
# (the cloud's overhead is the difference; goal <= 1 s), then N guests booted together (time until
# all show their login prompt) and the memory each guest's qemu process holds.
#   bench/compute/guests.sh [--together 10] [--rounds 3] [--host 127.0.0.36]
#
# The cloud runs the qemu driver with the noop data plane: its guests' NICs are taps on no bridge,
# so nothing answers their DHCP. The bare boot gets the same: a virtio NIC on an empty hub. Both
# guests wait the same for DHCP and find no instance data, so the difference is the cloud's own.
# The API side is timed with curl (one token, taken before), the console log read through the API
# (os-getConsoleOutput) every 50 ms, so no client start-up is in the figures.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
together=10; rounds=3; host=127.0.0.36
while [ $# -gt 0 ]; do
  case "$1" in
    --together) together="$2"; shift 2;;
    --rounds) rounds="$2"; shift 2;;
    --host) host="$2"; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
"$root/conformance/install-clients.sh"
export PATH="/usr/bin:$PATH"
data="$(mktemp -d /tmp/altus-bench-guests.XXXXXX)"
pid=""; bare_pid=""
cleanup() {
  set +e
  [ -n "$bare_pid" ] && kill "$bare_pid" 2>/dev/null
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  # guests the cloud left (it stops them on a clean stop; this is for a failed run)
  for f in "$data"/instances/*/*/qemu.pid; do
    [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
  done
  rm -rf "$data"
}
trap cleanup EXIT
image="$("$root/guest-image/build.sh" --print-path)"
"$root/altus" version >/dev/null   # builds the jar if needed, outside the figures
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
now_ms() { date +%s%3N; }
# wait_text TEXT CMD...: polls CMD every 50 ms until its output holds TEXT; prints the time then
wait_text() {
  local text="$1"; shift
  for _ in $(seq 1 6000); do
    if "$@" 2>/dev/null | grep -aq -- "$text"; then now_ms; return 0; fi
    sleep 0.05
  done
  echo "never saw '$text'" >&2; return 1
}
first_line="SYSLINUX"   # the boot loader's banner: the first line a guest of this image prints
login="login:"

# a bare qemu boot of the image: the machine the driver makes for m1.tiny (TCG, 512 MiB, one
# vCPU, VGA, virtio disk on a qcow2 overlay, a virtio NIC, serial console to a file), no cloud
bare_first=(); bare_login=()
bare_round() {
  qemu-img create -q -f qcow2 -b "$image" -F qcow2 "$data/bare.qcow2" 1G
  t0=$(now_ms)
  qemu-system-x86_64 -machine pc,accel=tcg -smp 1 -m 512 -nodefaults -no-user-config \
    -display none -device VGA -vnc none \
    -chardev file,id=serial0,path="$data/bare.log" -serial chardev:serial0 \
    -drive file="$data/bare.qcow2",format=qcow2,if=none,id=disk0 \
    -device virtio-blk-pci,drive=disk0,bootindex=0 \
    -netdev hubport,id=net0,hubid=0 -device virtio-net-pci,netdev=net0,mac=fa:16:3e:00:00:01 \
    > "$data/bare.out" 2>&1 &
  bare_pid=$!
  t1=$(wait_text "$first_line" cat "$data/bare.log")
  t2=$(wait_text "$login" cat "$data/bare.log")
  bare_first+=($((t1 - t0))); bare_login+=($((t2 - t0)))
  kill "$bare_pid"; wait "$bare_pid" 2>/dev/null || true; bare_pid=""
  rm -f "$data/bare.qcow2" "$data/bare.log"
}

# the same through the cloud: API call (POST /servers) -> the console log's first line and
#    its login prompt, read through the API
ALTUS_IDENTITY_BCRYPT_COST=4 ALTUS_COMPUTE_DRIVER=qemu ALTUS_NETWORK_DATAPLANE=noop \
  ALTUS_COMPUTE_INSTANCES_PATH="$data/instances" \
  "$root/altus" up --data-dir "$data" --host "$host" > "$data/up.log" 2>&1 &
pid=$!
export OS_CLIENT_CONFIG_FILE="$data/clouds.yaml"
os() { /usr/bin/openstack --os-cloud altus-demo "$@"; }
for _ in $(seq 1 600); do
  [ -f "$data/clouds.yaml" ] && [ "$(/usr/bin/openstack --os-cloud altus image show altus-guest \
    -f value -c status 2>/dev/null)" = active ] && break
  kill -0 "$pid" 2>/dev/null || { tail -20 "$data/up.log"; exit 1; }
  sleep 1
done
net="$(os network create bench-net -f value -c id)"
os subnet create --network bench-net --subnet-range 10.98.0.0/22 bench-subnet >/dev/null
flavor="$(os flavor show m1.tiny -f value -c id)"
img="$(os image show altus-guest -f value -c id)"
token="$(os token issue -f value -c id)"
nova="$(os endpoint list --service compute --interface public -f value -c URL 2>/dev/null \
  || true)"
nova="${nova:-http://$host:8774/v2.1}"
api() { # api METHOD PATH [BODY]
  curl -sf -X "$1" -H "X-Auth-Token: $token" -H 'Content-Type: application/json' \
    ${3:+-d "$3"} "$nova$2"
}
create() { # create NAME: POST /servers, prints the id
  api POST /servers "{\"server\": {\"name\": \"$1\", \"imageRef\": \"$img\", \"flavorRef\": \"$flavor\", \"networks\": [{\"uuid\": \"$net\"}]}}" \
    | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["server"]["id"])'
}
console() { api POST "/servers/$1/action" '{"os-getConsoleOutput": {}}'; }
gone() { ! api GET "/servers/$1" >/dev/null; }
delete() { api DELETE "/servers/$1" >/dev/null; for _ in $(seq 1 600); do gone "$1" && return; sleep 0.2; done; }
# warm the host's base image cache, as any second boot of an image finds it
id="$(create warm)"; wait_text "$login" console "$id" >/dev/null; delete "$id"
# log_ms REGEX: the time (epoch ms) of the cloud log's first line matching REGEX
log_ms() {
  local line; line="$(grep -a -m1 -E "$1" "$data/up.log" | cut -d' ' -f1)"
  date -u -d "$(date -u +%F) $line" +%s%3N
}
spawn=(); qmp=()
# each round boots the bare guest, then the same through the API: both see the same load
api_first=(); api_login=()
for r in $(seq 1 "$rounds"); do
  bare_round
  t0=$(now_ms)
  id="$(create "g$r")"
  t1=$(wait_text "$first_line" console "$id")
  t2=$(wait_text "$login" console "$id")
  api_first+=($((t1 - t0))); api_login+=($((t2 - t0)))
  # where the time to the first line went: the cloud's log says when it started QEMU and when
  # QEMU's monitor answered (the guest runs from then on)
  spawn+=($(( $(log_ms "qemu-system-x86_64 -name .*$id") - t0 )))
  qmp+=($(( $(log_ms "guest $id .* runs on") - t0 )))
  delete "$id"
done

# N guests together: all created at once, time until every one shows its login prompt
t0=$(now_ms)
ids=()
for i in $(seq 1 "$together"); do ids+=("$(create "t$i")"); done
t_last=0
for id in "${ids[@]}"; do t=$(wait_text "$login" console "$id"); [ "$t" -gt "$t_last" ] && t_last=$t; done
all_ms=$((t_last - t0))
rss_kb="$(for f in "$data"/instances/*/*/qemu.pid; do ps -o rss= -p "$(cat "$f")"; done \
  | awk '{s+=$1; n++} END {printf "%d %d", s/n, n}')"
for id in "${ids[@]}"; do delete "$id"; done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
bf=$(median "${bare_first[@]}"); bl=$(median "${bare_login[@]}")
af=$(median "${api_first[@]}"); al=$(median "${api_login[@]}")
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
own() { local -n a=$1 b=$2; local i; for i in "${!a[@]}"; do echo $((b[i] - a[i])); done; }
bo=$(median $(own bare_first bare_login)); ao=$(median $(own api_first api_login))
report="bare qemu: first console line ${bf} ms, login prompt ${bl} ms (rounds: ${bare_login[*]})
through the API (POST /servers -> console output): first line ${af} ms, login prompt ${al} ms (rounds: ${api_login[*]})
overhead: first line $((af - bf)) ms, login prompt $((al - bl)) ms (goal <= 1000)
through the API, from POST /servers: QEMU started after $(median "${spawn[@]}") ms (rounds: ${spawn[*]}), its monitor answered after $(median "${qmp[@]}") ms (rounds: ${qmp[*]})
the guest's own boot, first line -> login prompt: bare ${bo} ms, through the API ${ao} ms
${together} guests together: all at their login prompt after ${all_ms} ms
memory per guest (qemu RSS, m1.tiny = 512 MiB): $(( ${rss_kb% *} / 1024 )) MiB average over ${rss_kb#* } processes"
echo "$report"
{
  echo
  echo "## compute guests (bench/compute/guests.sh) — $(date -u +%Y-%m-%dT%H:%MZ) — commit $(git -C "$root" rev-parse --short HEAD) — load before: $load_before, after: $load_after"
  echo "$(nproc) cores, TCG (no KVM here), qemu driver, noop data plane, $rounds rounds (medians)"
  echo '```'
  echo "$report"
  echo '```'
} >> "$root/bench/RESULTS.md"
