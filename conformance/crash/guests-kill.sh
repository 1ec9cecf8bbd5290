#!/usr/bin/env bash
# Real guests outlive a crash of the cloud: starts the cloud with the QEMU driver on its own data
# dir, boots 5 guests of the project's image and starts 2 more, kills the cloud with SIGKILL while
# those 2 build, starts it again, and checks that the 5 still run (the same qemu processes) and can
# be managed, that the 2 end ACTIVE or ERROR with a fault (none stays in BUILD), that a guest whose
# qemu process is killed is SHUTOFF within 10 s, and that deleting every server leaves no process,
# tap or file behind.   conformance/crash/guests-kill.sh [HOST]
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/conformance/cli/lib.sh"
host="${1:-127.0.0.105}"
data="$(mktemp -d /tmp/altus-crash-guests.XXXXXX)"
pid=""
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  # guests are not the cloud's children: end any this test left
  pkill -9 -f "qemu-system-x86_64.*$data" 2>/dev/null
  # the bridges and taps its guests were plugged into (no agent owns them under the noop data plane)
  ALTUS_COMPUTE_DRIVER=qemu ALTUS_NETWORK_DATAPLANE=noop ALTUS_COMPUTE_INSTANCES_PATH="$data/instances" \
    "$root/altus" dataplane clean --data-dir "$data" > /dev/null 2>&1
  rm -rf "$data"
}
trap cleanup EXIT

start() {
  ALTUS_IDENTITY_BCRYPT_COST=4 ALTUS_COMPUTE_DRIVER=qemu ALTUS_NETWORK_DATAPLANE=noop \
    ALTUS_COMPUTE_INSTANCES_PATH="$data/instances" \
    "$root/altus" up --data-dir "$data" --host "$host" >> "$data/up.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 480); do curl -sf "http://$host:8774/" >/dev/null 2>&1 && return 0; sleep 0.25; done
  echo "the cloud did not start"; tail -20 "$data/up.log"; return 1
}
status_of() { os --os-cloud altus-demo server show "$1" -f value -c status 2>/dev/null; }
qemu_pid() { pgrep -f "qemu-system-x86_64.*guest=$1," | head -1; }
instance_name() { # the guest name of a demo server (an admin sees the attribute, by id)
  os --os-cloud altus server show "$(os --os-cloud altus-demo server show "$1" -f value -c id)" -f value -c OS-EXT-SRV-ATTR:instance_name
}

start || { finish "crash-guests"; exit 1; }
export OS_CLIENT_CONFIG_FILE="$data/clouds.yaml"
# the cloud uploads the project's guest image itself at its first start (guest-image/build.sh)
s=""
for _ in $(seq 1 600); do
  s="$(os --os-cloud altus image show altus-guest -f value -c status 2>/dev/null)"; [ "$s" = active ] && break; sleep 1
done
expect_eq "the cloud uploaded its guest image altus-guest" active "$s"
os --os-cloud altus-demo network create crash-net >/dev/null
step "a tenant subnet" os --os-cloud altus-demo subnet create --network crash-net \
  --subnet-range 10.99.0.0/24 crash-subnet
for i in 1 2 3 4 5; do
  step "guest $i boots to ACTIVE" os --os-cloud altus-demo server create --flavor m1.tiny \
    --image altus-guest --network crash-net --wait "run-$i"
done
declare -A before
for i in 1 2 3 4 5; do before[$i]="$(qemu_pid "$(instance_name "run-$i")")"; done
for i in 1 2; do
  os --os-cloud altus-demo server create --flavor m1.tiny --image altus-guest --network crash-net \
    "boot-$i" >/dev/null
done
kill -9 "$pid"; wait "$pid" 2>/dev/null; pid=""
start || { finish "crash-guests"; exit 1; }
for i in 1 2 3 4 5; do
  expect_eq "guest $i is still ACTIVE after the restart" ACTIVE "$(status_of "run-$i")"
  expect_eq "guest $i is the same qemu process" "${before[$i]}" "$(qemu_pid "$(instance_name "run-$i")")"
done
for i in 1 2; do
  s=BUILD
  for _ in $(seq 1 240); do s="$(status_of "boot-$i")"; [ "$s" = BUILD ] || break; sleep 0.5; done
  [ "$s" = ACTIVE ] || [ "$s" = ERROR ]; expect_eq "guest boot-$i ended ACTIVE or ERROR, not BUILD (was $s)" 0 $?
  if [ "$s" = ERROR ]; then
    fault="$(os --os-cloud altus-demo server show "boot-$i" -f value -c fault)"
    [ -n "$fault" ] && [ "$fault" != None ]; expect_eq "boot-$i has a fault that says why" 0 $?
  fi
done
step "a guest that outlived the crash stops" os --os-cloud altus-demo server stop run-1
s=""; for _ in $(seq 1 120); do s="$(status_of run-1)"; [ "$s" = SHUTOFF ] && break; sleep 0.5; done
expect_eq "it is SHUTOFF" SHUTOFF "$s"
step "and starts again" os --os-cloud altus-demo server start run-1
s=""; for _ in $(seq 1 120); do s="$(status_of run-1)"; [ "$s" = ACTIVE ] && break; sleep 0.5; done
expect_eq "it is ACTIVE" ACTIVE "$s"

victim="$(qemu_pid "$(instance_name run-2)")"
kill -9 "$victim"
t0=$SECONDS; s=""
for _ in $(seq 1 40); do s="$(status_of run-2)"; [ "$s" = SHUTOFF ] && break; sleep 0.5; done
expect_eq "a guest whose qemu process was killed is SHUTOFF within 10 s ($((SECONDS - t0)) s)" SHUTOFF "$s"
[ $((SECONDS - t0)) -le 10 ]; expect_eq "seen within 10 s" 0 $?

taps=""
for s in run-1 run-2 run-3 run-4 run-5 boot-1 boot-2; do
  for p in $(os --os-cloud altus-demo port list --server "$s" -f value -c ID 2>/dev/null); do
    taps="$taps tap${p:0:11}"
  done
done
for s in run-1 run-2 run-3 run-4 run-5 boot-1 boot-2; do
  os --os-cloud altus-demo server delete --wait "$s" >/dev/null 2>&1
done
n=0; for t in $taps; do ip link show "$t" >/dev/null 2>&1 && n=$((n + 1)); done
expect_eq "no guest's tap is left" 0 "$n"
expect_eq "no server is left" 0 "$(os --os-cloud altus-demo server list -f value -c ID | wc -l)"
expect_eq "no qemu process is left" 0 "$(pgrep -fc "qemu-system-x86_64.*$data" || true)"
# a guest's files live in <instances>/<host>/<server uuid>/ (beside _base and the image cache's
# records): none may be left
left="$(find "$data/instances" -mindepth 2 -maxdepth 2 -regextype posix-extended \
  -regex '.*/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' 2>/dev/null | wc -l)"
expect_eq "no guest directory is left" 0 "$left"
kill "$pid"; wait "$pid" 2>/dev/null; pid=""
finish "crash-guests"
