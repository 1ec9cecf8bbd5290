#!/usr/bin/env bash
# The walkthrough's path to a usable guest: `server create` (key pair, default security group with
# SSH and ICMP, a tenant network behind a router) -> the first SSH login as altus through a
# floating IP, on a cloud with the qemu driver and the linux data plane; beside, in the same run, a
# bare qemu-system-x86_64 boot of the same image (same machine: TCG, 512 MiB = m1.tiny, virtio disk
# on a qcow2 overlay) to its login prompt on the serial console. Appends to bench/RESULTS.md.
#   bench/compute/ssh.sh [--rounds 2] [--host 127.0.0.24] [--public-cidr 172.24.24.0/24]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds=2; host=127.0.0.24; cidr=172.24.24.0/24
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2;;
    --host) host="$2"; shift 2;;
    --public-cidr) cidr="$2"; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
"$root/conformance/install-clients.sh"
export PATH="/usr/bin:$PATH"
data="$(mktemp -d /tmp/altus-bench-ssh.XXXXXX)"
pid=""; bare_pid=""
cleanup() {
  set +e
  [ -n "$bare_pid" ] && kill "$bare_pid" 2>/dev/null
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  "$root/altus" dataplane clean --data-dir "$data" >/dev/null 2>&1
  "$root/scripts/dataplane-leftovers.sh" "$data"
  rm -rf "$data"
}
trap cleanup EXIT
image="$("$root/guest-image/build.sh" --print-path)"
"$root/altus" version >/dev/null   # builds the jar if needed, outside the figures
load_before="$(uptime)"
now_ms() { date +%s%3N; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# 1. bare qemu to the login prompt
bare=()
for r in $(seq 1 "$rounds"); do
  qemu-img create -q -f qcow2 -b "$image" -F qcow2 "$data/bare.qcow2"
  t0=$(now_ms)
  qemu-system-x86_64 -accel tcg -m 512 -smp 1 -nodefaults -display none -no-user-config \
    -drive file="$data/bare.qcow2",if=virtio,format=qcow2 -serial file:"$data/bare.log" \
    -nic none -daemonize -pidfile "$data/bare.pid"
  bare_pid="$(cat "$data/bare.pid")"
  until grep -q "login:" "$data/bare.log" 2>/dev/null; do sleep 0.05; done
  bare+=($(( $(now_ms) - t0 )))
  kill "$bare_pid"; bare_pid=""; sleep 0.5; rm -f "$data/bare.qcow2" "$data/bare.log"
done

# 2. the cloud: server create -> SSH login through a floating IP
ALTUS_IDENTITY_BCRYPT_COST=4 ALTUS_COMPUTE_DRIVER=qemu ALTUS_NETWORK_DATAPLANE=linux \
  ALTUS_NETWORK_PUBLIC_CIDR="$cidr" "$root/altus" up --data-dir "$data" --host "$host" > "$data/up.log" 2>&1 &
pid=$!
export OS_CLIENT_CONFIG_FILE="$data/clouds.yaml"
os() { /usr/bin/openstack --os-cloud altus-demo "$@"; }
until [ -f "$data/clouds.yaml" ] && [ "$(/usr/bin/openstack --os-cloud altus image show altus-guest -f value -c status 2>/dev/null)" = active ]; do
  kill -0 "$pid" || { tail -20 "$data/up.log"; exit 1; }
  sleep 1
done
/usr/bin/openstack --os-cloud altus network show public -f value -c id > "$data/public-network-id"
ssh-keygen -q -t ecdsa -N "" -f "$data/key"
os keypair create --public-key "$data/key.pub" bench-key >/dev/null
os security group rule create --proto icmp default >/dev/null
os security group rule create --proto tcp --dst-port 22 default >/dev/null
net="$(os network show private -f value -c id)"   # the demo project's, behind router1 to public
# warm the host's base image cache, as any second boot of an image finds it
os server create --flavor m1.tiny --image altus-guest --nic "net-id=$net" --wait warm >/dev/null
os server delete --wait warm
ssh_opts=(-i "$data/key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
  -o BatchMode=yes -o ConnectTimeout=2 -o LogLevel=ERROR)
api=(); active=()
for r in $(seq 1 "$rounds"); do
  fip="$(os floating ip create public -f value -c floating_ip_address)"
  t0=$(now_ms)
  id="$(os server create --flavor m1.tiny --image altus-guest --nic "net-id=$net" \
    --security-group default --key-name bench-key -f value -c id "s$r")"
  until [ "$(os server show "$id" -f value -c status)" = ACTIVE ]; do sleep 0.2; done
  active+=($(( $(now_ms) - t0 )))
  os server add floating ip "$id" "$fip"
  until ssh "${ssh_opts[@]}" "altus@$fip" true 2>/dev/null; do sleep 0.2; done
  api+=($(( $(now_ms) - t0 )))
  os server delete --wait "$id"; os floating ip delete "$fip"
done
b=$(median "${bare[@]}"); a=$(median "${api[@]}"); ac=$(median "${active[@]}")
report="bare qemu to its login prompt: ${b} ms (rounds: ${bare[*]})
server create -> ACTIVE: ${ac} ms (rounds: ${active[*]})
server create -> SSH login through the floating IP: ${a} ms (rounds: ${api[*]})
difference: $((a - b)) ms (goal <= 1000)"
echo "$report"
{
  echo
  echo "## compute ssh — $(date -u +%Y-%m-%dT%H:%M:%SZ) — commit $(git -C "$root" rev-parse --short HEAD)"
  echo "uptime before: $load_before"
  echo "uptime after: $(uptime)"
  echo "$(nproc) cores, TCG (no KVM here), qemu driver + linux data plane, public $cidr"
  echo '```'
  echo "$report"
  echo '```'
} >> "$root/bench/RESULTS.md"
