#!/usr/bin/env bash
# The classic install guide, end to end on real guests, with the openstack CLI 6.0.0, against a
# running cloud with the qemu driver and the linux data plane (conformance/walkthrough/run.sh
# starts one): a project, a user and a role, a service with its endpoints; an image uploaded from a
# file and another imported from a URL; an external network and subnet with an allocation pool; a
# tenant network and subnet behind a router whose gateway is on the cloud's external network
# 'public' (the one the host reaches, as DevStack's); a key pair; two servers of altus-guest on the
# tenant network in the default security group; rules for ICMP and SSH; a floating IP; SSH into
# the guest with the key as 'altus' (hostname, ip addr, a ping of the other guest and of the
# router's external gateway); the console URL opened in Chromium (conformance/java
# ConsoleUrlTest); stop / start / reboot; delete; nothing left behind.
#   conformance/walkthrough/walkthrough.sh DATA_DIR
# Prints ok/FAIL lines, the seconds from 'server create' to the first SSH login, and a closing
# "walkthrough: N passed, N failed".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$here/../cli/lib.sh"
data="$(cd "$1" && pwd)"
run="w$$"
work="$(mktemp -d)"
web_pid=""
trap '[ -z "$web_pid" ] || kill "$web_pid" 2>/dev/null; rm -rf "$work"' EXIT
# the admin cloud of the data dir, and the walkthrough's user in its own project (written below)
/usr/bin/python3 - "$data/clouds.yaml" "$work/clouds.yaml" "$run" <<'EOF'
import sys, yaml
clouds = yaml.safe_load(open(sys.argv[1]))["clouds"]
walk = {k: v for k, v in clouds["altus"].items()}
walk["auth"] = dict(clouds["altus"]["auth"], username="myuser-" + sys.argv[3],
                    password="walk-" + sys.argv[3], project_name="myproject-" + sys.argv[3])
yaml.safe_dump({"clouds": {"altus": clouds["altus"], "walk": walk}}, open(sys.argv[2], "w"))
EOF
export OS_CLIENT_CONFIG_FILE="$work/clouds.yaml"
A=(--os-cloud altus); U=(--os-cloud walk)
check() { # check "description" command... : the command must succeed
  local what="$1"; shift
  if "$@" > /dev/null 2>&1; then passed=$((passed + 1)); echo "ok    $what"; else failed=$((failed + 1)); echo "FAIL  $what"; fi
}
wait_status() { server_status_is 240 "$1" "$2" "${U[@]}"; } # wait_status SERVER STATUS
ssh_opts=(-i "$work/key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
  -o BatchMode=yes -o ConnectTimeout=5 -o LogLevel=ERROR)
# guest COMMAND: runs it in the first guest, with Tempest's prologue (ip and ping are in /sbin)
guest() { ssh "${ssh_opts[@]}" "altus@$fip" "set -eu -o pipefail; PATH=\$PATH:/sbin:/usr/sbin; $*"; }
wait_ssh() { # wait_ssh SECONDS: until the first guest answers 'hostname' over SSH
  local end=$((SECONDS + $1))
  while [ $SECONDS -lt $end ]; do
    LAST="$(guest hostname 2>/dev/null)" && return 0
    sleep 1
  done
  return 1
}

# --- identity: a project, a user, a role, a service with its three endpoints
step "create the project" os "${A[@]}" project create --domain default --description "Walkthrough" "myproject-$run"
step "create the user" os "${A[@]}" user create --domain default --password "walk-$run" "myuser-$run"
step "create a role" os "${A[@]}" role create "myrole-$run"
step "the user is a member of the project" os "${A[@]}" role add --project "myproject-$run" --user "myuser-$run" member
step "and has the new role there" os "${A[@]}" role add --project "myproject-$run" --user "myuser-$run" "myrole-$run"
step "the user gets a token for the project" os "${U[@]}" token issue -f value -c project_id
step "create a service" os "${A[@]}" service create --name "walk-$run" --description "Walkthrough service" "walk-$run"
for iface in public internal admin; do
  step "create its $iface endpoint" os "${A[@]}" endpoint create --region RegionOne "walk-$run" "$iface" "http://controller-$run:9999"
done
step "the service has three endpoints" os "${A[@]}" endpoint list --service "walk-$run" -f value -c ID
expect_eq "three endpoints" 3 "$(grep -c . <<<"$LAST")"

# --- images: one uploaded from a file, one imported from a URL served on loopback
guest_file="$("$root/guest-image/build.sh" --print-path 2>/dev/null)"
step "upload the guest image from a file" os "${A[@]}" image create --file "$guest_file" \
  --disk-format qcow2 --container-format bare --public "walk-file-$run"
step "it is active" os "${A[@]}" image show "walk-file-$run" -f value -c status
expect_eq "the uploaded image is active" active "$LAST"
mkdir -p "$work/web" && cp "$guest_file" "$work/web/guest.qcow2"
port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
/usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$work/web" "$port" > "$work/web.log" 2>&1 &
web_pid=$!
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/guest.qcow2" && break; sleep 0.1; done
# the openstack CLI 6.0.0 has no command for an import: Debian's glance CLI does web-download
# (it reads OS_* variables; on a terminal of its own, or it refuses web-download)
step "import an image from http://127.0.0.1:$port/guest.qcow2 (web-download)" bash -c \
  'set -a; . "$1/admin-openrc.sh"; set +a; script -qec "$2" /dev/null < /dev/null' _ "$data" \
  "/usr/bin/glance image-create-via-import --name walk-url-$run --disk-format qcow2 --container-format bare --visibility public --import-method web-download --uri http://127.0.0.1:$port/guest.qcow2"
url_image="$(os "${A[@]}" image show "walk-url-$run" -f value -c id)"
for _ in $(seq 1 120); do
  LAST="$(os "${A[@]}" image show "$url_image" -f value -c status)"; [ "$LAST" = active ] && break; sleep 0.5
done
expect_eq "the imported image is active" active "$LAST"
expect_eq "both images have the file's checksum" \
  "$(md5sum < "$guest_file" | cut -d' ' -f1) $(md5sum < "$guest_file" | cut -d' ' -f1)" \
  "$(os "${A[@]}" image show "walk-file-$run" -f value -c checksum) $(os "${A[@]}" image show "$url_image" -f value -c checksum)"

# --- networks: the guide's external network and subnet with an allocation pool; the tenant's
# network and router, its gateway on 'public', whose bridge the host holds
step "create an external network" os "${A[@]}" network create --external --share \
  --provider-network-type flat --provider-physical-network "provider-$run" "provider-$run"
step "and its subnet with an allocation pool" os "${A[@]}" subnet create --network "provider-$run" \
  --allocation-pool start=203.0.113.101,end=203.0.113.200 --gateway 203.0.113.1 \
  --dns-nameserver 203.0.113.1 --subnet-range 203.0.113.0/24 --no-dhcp "provider-$run"
step "a port on it takes an address from the pool" os "${A[@]}" port create --network "provider-$run" \
  "provider-port-$run" -f json -c fixed_ips
case "$LAST" in *203.0.113.1[0-9][0-9]*|*203.0.113.200*) expect_eq "the address is in the pool" ok ok ;;
  *) expect_eq "the address is in the pool" "203.0.113.101-200" "$LAST" ;; esac
step "the cloud's external network 'public' is there" os "${A[@]}" network show public -f value -c router:external
expect_eq "public is external" True "$LAST"
step "create the tenant network" os "${U[@]}" network create "selfservice-$run" -f value -c id
net="$LAST"
step "and its subnet" os "${U[@]}" subnet create --network "selfservice-$run" --dns-nameserver 8.8.4.4 \
  --gateway 172.16.1.1 --subnet-range 172.16.1.0/24 "selfservice-$run"
step "create a router" os "${U[@]}" router create "router-$run" -f value -c id
router="$LAST"
step "the tenant subnet is a router interface" os "${U[@]}" router add subnet "router-$run" "selfservice-$run"
step "the router's gateway is on the external network" os "${U[@]}" router set "router-$run" --external-gateway public
step "the router's gateway address" os "${U[@]}" router show "router-$run" -f json -c external_gateway_info
gw="$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1])["external_gateway_info"]["external_fixed_ips"][0]["ip_address"])' "$LAST" 2>/dev/null)"
# the L3 agent wires the gateway just after the API call returns
check "the host reaches the router's gateway $gw" bash -c "for i in \$(seq 1 30); do ping -c 1 -W 1 $gw && exit 0; done; exit 1"

# --- a key pair, security group rules, two servers
step "make a key" ssh-keygen -q -t ecdsa -N "" -f "$work/key"
step "create the key pair from it" os "${U[@]}" keypair create --public-key "$work/key.pub" "mykey-$run"
step "allow ICMP in the default group" os "${U[@]}" security group rule create --proto icmp default
step "allow SSH in the default group" os "${U[@]}" security group rule create --proto tcp --dst-port 22 default
t0=$(date +%s.%N)
for vm in 1 2; do
  step "server create --flavor m1.tiny --image altus-guest (vm$vm)" os "${U[@]}" server create \
    --flavor m1.tiny --image altus-guest --nic "net-id=$net" --security-group default \
    --key-name "mykey-$run" "vm$vm-$run" -f value -c id
done
for vm in 1 2; do check "vm$vm is ACTIVE" wait_status "vm$vm-$run" ACTIVE; done
t_active=$(date +%s.%N)
ip2="$(os "${U[@]}" server show "vm2-$run" -f json -c addresses | /usr/bin/python3 -c \
  'import json,sys; a=json.load(sys.stdin)["addresses"]; a=a if isinstance(a, dict) else {}; print(next(iter(a.values()))[0])' 2>/dev/null)"
step "create a floating IP on public" os "${U[@]}" floating ip create public -f value -c floating_ip_address
fip="$LAST"
step "add it to vm1" os "${U[@]}" server add floating ip "vm1-$run" "$fip"
check "the host reaches vm1 at $fip (ping)" bash -c "for i in \$(seq 1 180); do ping -c 1 -W 1 $fip >/dev/null && exit 0; done; exit 1"
check "SSH into vm1 as altus with the key" wait_ssh 300
t_ssh=$(date +%s.%N)
expect_eq "hostname is the server's name (its metadata hostname, vm1-$run.novalocal)" "vm1-$run" "${LAST%%.*}"
echo "      server create -> ACTIVE $(/usr/bin/python3 -c "print(round($t_active - $t0, 1))") s, -> SSH login through $fip $(/usr/bin/python3 -c "print(round($t_ssh - $t0, 1))") s"
echo "$(/usr/bin/python3 -c "print(round($t_ssh - $t0, 2))")" > "$data/walkthrough-ssh-seconds"
step "ip addr in the guest" guest ip addr
grep -q "inet 172.16.1." <<<"$LAST"; expect_eq "the guest has its address on selfservice" 0 $?
check "vm1 pings vm2 ($ip2)" guest ping -c 1 -W 5 "$ip2"
check "vm1 pings the router's external gateway ($gw)" guest ping -c 1 -W 5 "$gw"

# --- the console URL in Chromium: the page connects and the login prompt answers a key press
step "console url show --novnc" os "${U[@]}" console url show --novnc "vm1-$run" -f value -c url
url="$LAST"
rm -rf "$root/conformance/java/target/surefire-reports"
if JAVA_HOME="$("$root/altus" --print-java-home)" "$root/mvnw" -B -q -f "$root/conformance/java/pom.xml" \
    verify -Dtest=ConsoleUrlTest -Daltus.console.url="$url" > "$work/console.log" 2>&1; then
  passed=$((passed + 1)); echo "ok    the console URL opens in Chromium and the guest's login prompt answers"
else
  failed=$((failed + 1)); echo "FAIL  the console URL in Chromium"; grep -E "<<<|Expect|expected" "$work/console.log" | head -5
fi

# --- stop / start / reboot
step "server stop" os "${U[@]}" server stop "vm1-$run"; check "SHUTOFF" wait_status "vm1-$run" SHUTOFF
step "server start" os "${U[@]}" server start "vm1-$run"; check "ACTIVE after start" wait_status "vm1-$run" ACTIVE
step "server reboot" os "${U[@]}" server reboot --wait "vm1-$run"; check "ACTIVE after reboot" wait_status "vm1-$run" ACTIVE

# --- delete everything; nothing is left behind
ports="$(for vm in 1 2; do os "${U[@]}" port list --server "vm$vm-$run" -f value -c ID; done)"
names="$(for vm in 1 2; do os "${A[@]}" server show "$(os "${U[@]}" server show "vm$vm-$run" -f value -c id)" \
  -f value -c OS-EXT-SRV-ATTR:instance_name; done | paste -sd'|')"
expect_eq "both servers' qemu processes are known (${names:-none})" 2 "$(pgrep -fc "[q]emu-system-x86_64.*guest=($names),")"
step "delete the floating IP" os "${U[@]}" floating ip delete "$fip"
step "delete both servers" os "${U[@]}" server delete --wait "vm1-$run" "vm2-$run"
check "no qemu process of theirs is left" bash -c "! pgrep -f '[q]emu-system-x86_64.*guest=($names),' >/dev/null"
n=0; for p in $ports; do ip link show "tap${p:0:11}" >/dev/null 2>&1 && n=$((n + 1)); done
expect_eq "no tap of theirs is left" 0 "$n"
step "remove the router's interface" os "${U[@]}" router remove subnet "router-$run" "selfservice-$run"
step "delete the router" os "${U[@]}" router delete "router-$run"
step "delete the tenant network" os "${U[@]}" network delete "selfservice-$run"
step "delete the key pair" os "${U[@]}" keypair delete "mykey-$run"
step "delete the provider port and network" bash -c "/usr/bin/openstack --os-cloud altus port delete provider-port-$run && /usr/bin/openstack --os-cloud altus network delete provider-$run"
step "delete both images" os "${A[@]}" image delete "walk-file-$run" "$url_image"
step "delete the service" os "${A[@]}" service delete "walk-$run"
step "delete the user, the role and the project" bash -c "/usr/bin/openstack --os-cloud altus user delete myuser-$run && /usr/bin/openstack --os-cloud altus role delete myrole-$run && /usr/bin/openstack --os-cloud altus project delete myproject-$run"
for _ in $(seq 1 20); do ip netns list | grep -q "qrouter-$router" || break; sleep 0.5; done
check "no router namespace is left" bash -c "! ip netns list | grep -q 'qrouter-$router'"
for _ in $(seq 1 20); do ip netns list | grep -q "qdhcp-$net" || break; sleep 0.5; done
check "no DHCP namespace is left" bash -c "! ip netns list | grep -q 'qdhcp-$net'"
check "no bridge of the tenant network is left" bash -c "! ip link show brq${net:0:11} >/dev/null 2>&1"
step "no server, port or floating IP of the walkthrough is left" os "${A[@]}" server list --all-projects -f value -c Name
expect_eq "no server named *-$run" 0 "$(grep -c -- "-$run" <<<"$LAST")"
finish "walkthrough"
