#!/usr/bin/env bash
# Real guests with the real openstack CLI, against a cloud whose compute driver is qemu and which
# has the project's guest image as altus-guest (./altus up uploads it): a server boots to ACTIVE as
# a qemu process named after it, its console log shows the kernel booting and the login prompt, its
# console URL's WebSocket reaches the guest's VNC server, every action of the API works on it
# (stop/start, soft and hard reboot, pause/unpause, suspend/resume, rescue/unrescue, resize with
# revert and with confirm, rebuild), a snapshot of it boots as a new server, and deleting both
# leaves no qemu process or tap behind.
#   conformance/guests/guests.sh DATA_DIR
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../cli/lib.sh"
data="$(cd "$1" && pwd)"
export OS_CLIENT_CONFIG_FILE="$data/clouds.yaml"
A=(--os-cloud altus); D=(--os-cloud altus-demo)
run="g$$"

wait_status() { server_status_is "${3:-180}" "$1" "$2" "${D[@]}"; } # wait_status SERVER STATUS [SECONDS]
wait_console() { # wait_console SERVER TEXT [SECONDS]
  for _ in $(seq 1 $(( ${3:-120} * 2 ))); do
    os "${D[@]}" console log show "$1" 2>/dev/null | grep -q -- "$2" && return 0
    sleep 0.5
  done
  return 1
}
check() { # check "description" command... : records success or failure of a test command
  local what="$1"; shift
  if "$@"; then passed=$((passed + 1)); echo "ok    $what"; else failed=$((failed + 1)); echo "FAIL  $what"; fi
}
act() { # act ACTION STATUS: runs 'server ACTION' on vm and waits for STATUS
  step "server $1" os "${D[@]}" server "$@" "vm-$run"
}

step "the cloud has the project's guest image" os "${D[@]}" image show altus-guest -f value -c status
expect_eq "altus-guest is active" active "$LAST"
step "demo creates a network" os "${D[@]}" network create "net-$run"
step "and a subnet" os "${D[@]}" subnet create --network "net-$run" --subnet-range 10.77.0.0/24 "subnet-$run"
step "server create --image altus-guest --flavor m1.tiny --wait" os "${D[@]}" server create \
  --image altus-guest --flavor m1.tiny --network "net-$run" --wait "vm-$run" -f value -c id
id="$(os "${D[@]}" server show "vm-$run" -f value -c id)"
name="$(os "${A[@]}" server show "$id" -f value -c OS-EXT-SRV-ATTR:instance_name)"
check "a qemu process runs the guest, named after it ($name)" pgrep -f "qemu-system-x86_64.*guest=$name," >/dev/null
check "the console log shows the kernel booting" wait_console "vm-$run" "Linux version"
check "and the guest's login prompt" wait_console "vm-$run" "login:"
step "console url show --novnc" os "${D[@]}" console url show --novnc "vm-$run" -f value -c url
step "its WebSocket reaches the guest's VNC server" /usr/bin/python3 "$here/../cli/ws-console.py" "$LAST"
grep -q "RFB 003" <<<"$LAST"; expect_eq "the guest's VNC server greets" 0 $?

act stop; check "SHUTOFF" wait_status "vm-$run" SHUTOFF
check "no qemu process while it is off" bash -c "! pgrep -f '[q]emu-system-x86_64.*guest=$name,' >/dev/null"
act start; check "ACTIVE after start" wait_status "vm-$run" ACTIVE
act reboot; check "ACTIVE after a soft reboot" wait_status "vm-$run" ACTIVE
act reboot --hard; check "ACTIVE after a hard reboot" wait_status "vm-$run" ACTIVE
act pause; check "PAUSED" wait_status "vm-$run" PAUSED
act unpause; check "ACTIVE after unpause" wait_status "vm-$run" ACTIVE
act suspend; check "SUSPENDED" wait_status "vm-$run" SUSPENDED
act resume; check "ACTIVE after resume" wait_status "vm-$run" ACTIVE
act rescue --image altus-guest; check "RESCUE" wait_status "vm-$run" RESCUE
act unrescue; check "ACTIVE after unrescue" wait_status "vm-$run" ACTIVE
flavor_of() { os "${D[@]}" server show "vm-$run" -f json -c flavor | /usr/bin/python3 -c 'import json,sys; f=json.load(sys.stdin)["flavor"]; print(f.split(" ")[0] if isinstance(f, str) else f.get("original_name", f.get("name")))'; }
act resize --flavor m1.small; check "VERIFY_RESIZE" wait_status "vm-$run" VERIFY_RESIZE
step "server resize revert" os "${D[@]}" server resize revert "vm-$run"
check "ACTIVE after the revert" wait_status "vm-$run" ACTIVE
expect_eq "back on m1.tiny" m1.tiny "$(flavor_of)"
act resize --flavor m1.small; check "VERIFY_RESIZE again" wait_status "vm-$run" VERIFY_RESIZE
step "server resize confirm" os "${D[@]}" server resize confirm "vm-$run"
check "ACTIVE on m1.small" wait_status "vm-$run" ACTIVE
expect_eq "the flavor is m1.small" m1.small "$(flavor_of)"
act rebuild --image altus-guest; check "ACTIVE after rebuild" wait_status "vm-$run" ACTIVE
check "the rebuilt guest boots again" wait_console "vm-$run" "login:"

step "server image create --wait (snapshot)" os "${D[@]}" server image create --name "snap-$run" --wait "vm-$run"
expect_eq "the snapshot is active" active "$(os "${D[@]}" image show "snap-$run" -f value -c status)"
step "a server boots from the snapshot" os "${D[@]}" server create --image "snap-$run" \
  --flavor m1.small --network "net-$run" --wait "vm2-$run"
check "it reaches its login prompt" wait_console "vm2-$run" "login:"
name2="$(os "${A[@]}" server show "$(os "${D[@]}" server show "vm2-$run" -f value -c id)" -f value -c OS-EXT-SRV-ATTR:instance_name)"

taps=""
for s in "vm-$run" "vm2-$run"; do
  for p in $(os "${D[@]}" port list --server "$s" -f value -c ID); do taps="$taps tap${p:0:11}"; done
done
step "delete both servers" os "${D[@]}" server delete --wait "vm-$run" "vm2-$run"
check "no qemu process is left" bash -c "! pgrep -f '[q]emu-system-x86_64.*guest=($name|$name2),' >/dev/null"
n=0; for t in $taps; do ip link show "$t" >/dev/null 2>&1 && n=$((n + 1)); done
expect_eq "no tap is left" 0 "$n"
os "${D[@]}" image delete "snap-$run" >/dev/null 2>&1
os "${D[@]}" network delete "net-$run" >/dev/null 2>&1
finish "guests"
