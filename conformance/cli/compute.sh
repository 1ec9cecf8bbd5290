#!/usr/bin/env bash
# The classic install guide's compute steps ("Launch an instance"), in today's openstack CLI
# syntax, against a running Altus cloud: key pair, the lists a user looks at, a server on a
# self-service network with a floating IP and a noVNC console that opens (the page, and its
# WebSocket reaching the guest's VNC server), an oversized flavor that ends in ERROR with the fault
# that explains it, stop / start / reboot, delete.
#   conformance/cli/compute.sh DATA_DIR
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"
export OS_CLIENT_CONFIG_FILE="$(cd "$1" && pwd)/clouds.yaml"
A=(--os-cloud altus); D=(--os-cloud altus-demo)
run="cli$$"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# wait_status SERVER STATUS: polls the server's status for up to 60 s, stopping at ERROR or when the
# server cannot be shown; LAST is the last status (or error) seen
wait_status() { server_status_is 60 "$1" "$2" "${D[@]}"; }

# --- what the guide has in place before launching: an image, a self-service network behind a
# router with an external gateway, the demo user's key pair
step "make a small qcow2 with qemu-img" qemu-img create -f qcow2 "$work/disk.qcow2" 64M
step "admin uploads it as a public image" os "${A[@]}" image create --file "$work/disk.qcow2" \
  --disk-format qcow2 --container-format bare --public "cirros-$run"
step "admin creates the external provider network" os "${A[@]}" network create --external \
  --provider-network-type flat --provider-physical-network "provider-$run" "ext-net-$run"
step "admin creates its subnet" os "${A[@]}" subnet create --network "ext-net-$run" --no-dhcp \
  --allocation-pool start=203.0.113.101,end=203.0.113.200 --gateway 203.0.113.1 \
  --subnet-range 203.0.113.0/24 "ext-subnet-$run"
step "demo creates demo-net" os "${D[@]}" network create "demo-net-$run" -f value -c id
net_id="$LAST"
step "demo creates its subnet" os "${D[@]}" subnet create --network "demo-net-$run" \
  --subnet-range 172.16.1.0/24 --gateway 172.16.1.1 --dns-nameserver 8.8.4.4 "demo-subnet-$run"
step "demo creates a router" os "${D[@]}" router create "demo-router-$run"
step "the subnet is a router interface" os "${D[@]}" router add subnet "demo-router-$run" "demo-subnet-$run"
step "the external network is the gateway" os "${D[@]}" router set "demo-router-$run" --external-gateway "ext-net-$run"

# --- the guide's steps
step "make an ssh key pair" ssh-keygen -q -t rsa -b 2048 -N "" -C "demo@$run" -f "$work/id_rsa"
step "openstack keypair create --public-key ... demo-key" os "${D[@]}" keypair create \
  --public-key "$work/id_rsa.pub" "demo-key-$run" -f value -c fingerprint
expect_eq "the fingerprint is ssh-keygen's MD5" \
  "$(ssh-keygen -l -E md5 -f "$work/id_rsa.pub" | awk '{print $2}' | sed 's/^MD5://')" "$LAST"
step "keypair list" os "${D[@]}" keypair list -f value -c Name
grep -qx "demo-key-$run" <<<"$LAST"; expect_eq "demo-key is listed" 0 $?
step "flavor list" os "${D[@]}" flavor list -f value -c Name
grep -qx "m1.tiny" <<<"$LAST"; expect_eq "m1.tiny is listed" 0 $?
step "image list" os "${D[@]}" image list -f value -c Name
grep -qx "cirros-$run" <<<"$LAST"; expect_eq "the image is listed" 0 $?
step "network list" os "${D[@]}" network list -f value -c Name
grep -qx "demo-net-$run" <<<"$LAST"; expect_eq "demo-net is listed" 0 $?
step "security group list" os "${D[@]}" security group list -f value -c Name
grep -qx "default" <<<"$LAST"; expect_eq "the default group is listed" 0 $?

step "server create ... --wait demo-instance1" os "${D[@]}" server create --flavor m1.tiny \
  --image "cirros-$run" --nic "net-id=$net_id" --security-group default \
  --key-name "demo-key-$run" "demo-instance1-$run" --wait -f value -c status
expect_eq "the server is ACTIVE" "ACTIVE" "$(tail -n 1 <<<"$LAST")"
step "server list" os "${D[@]}" server list -f value -c Name -c Status -c Networks
grep -q "^demo-instance1-$run ACTIVE .*demo-net-$run.*172\.16\.1\." <<<"$LAST"
expect_eq "the list shows it ACTIVE with an address on demo-net" 0 $?
step "server show" os "${D[@]}" server show "demo-instance1-$run" -f value -c key_name
expect_eq "it has demo-key" "demo-key-$run" "$LAST"
step "console url show --novnc" os "${D[@]}" console url show --novnc "demo-instance1-$run" -f value -c url
grep -Eq "^http.*token(=|%3D)" <<<"$LAST"; expect_eq "a noVNC URL with a token" 0 $?
url="$LAST"
step "the console URL opens (curl)" curl -fsS --max-time 10 "$url"
grep -q "<title>noVNC</title>" <<<"$LAST"; expect_eq "it is noVNC's page" 0 $?
step "its WebSocket reaches the guest's VNC server" /usr/bin/python3 "$here/ws-console.py" "$url"
expect_eq "the guest greets with RFB 3.8" "RFB 003.008" "$LAST"
step_fails "a WebSocket with an invalid token is refused, saying what to do" \
  "openstack console url show" /usr/bin/python3 "$here/ws-console.py" --token invalid "$url"

step "demo allocates a floating IP" os "${D[@]}" floating ip create "ext-net-$run" -f value -c floating_ip_address
fip="$LAST"
step "the floating IP is added to the server" os "${D[@]}" server add floating ip "demo-instance1-$run" "$fip"
step "the server shows it" os "${D[@]}" server show "demo-instance1-$run" -f value -c addresses
grep -qF "$fip" <<<"$LAST"; expect_eq "the floating IP is among its addresses" 0 $?

# 32 GiB: within the project's RAM quota (50 GiB), more than any fake host has (16 GiB)
step "admin creates a flavor no host can hold" os "${A[@]}" flavor create --ram 32768 \
  --disk 1 --vcpus 1 --public "huge-$run"
# the CLI's --wait reports a server that ends in ERROR on its output (its exit status stays 0)
out="$(os "${D[@]}" server create --flavor "huge-$run" --image "cirros-$run" \
  --nic "net-id=$net_id" "too-big-$run" --wait 2>&1)"
grep -q "Error creating server" <<<"$out"; expect_eq "create --wait says the server ended in error" 0 $?
step "its fault" os "${D[@]}" server show "too-big-$run" -f json -c status -c fault
grep -q '"status": "ERROR"' <<<"$LAST"; expect_eq "the server is in ERROR" 0 $?
grep -q "No valid host was found" <<<"$LAST"; expect_eq "the fault says no valid host" 0 $?
grep -qi "RAM.*32768" <<<"$LAST"; expect_eq "the fault names the RAM asked for" 0 $?
step "delete the server in ERROR" os "${D[@]}" server delete --wait "too-big-$run"

step "server stop" os "${D[@]}" server stop "demo-instance1-$run"
wait_status "demo-instance1-$run" SHUTOFF; expect_eq "it is SHUTOFF" "SHUTOFF" "$LAST"
step "server start" os "${D[@]}" server start "demo-instance1-$run"
wait_status "demo-instance1-$run" ACTIVE; expect_eq "it is ACTIVE" "ACTIVE" "$LAST"
step "server reboot --wait" os "${D[@]}" server reboot --wait "demo-instance1-$run"
wait_status "demo-instance1-$run" ACTIVE; expect_eq "it is ACTIVE again" "ACTIVE" "$LAST"
step "the console log shows the reboot" os "${D[@]}" console log show "demo-instance1-$run"
grep -qi "restart\|reboot" <<<"$LAST"; expect_eq "the log tells of the reboot" 0 $?

step "server group create --policy anti-affinity --rule max_server_per_host=1" os "${D[@]}" \
  server group create --policy anti-affinity --rule max_server_per_host=1 "spread-$run" -f value -c id
group_id="$LAST"
step "server group list" os "${D[@]}" server group list -f value -c Name -c Policy
grep -qx "spread-$run anti-affinity" <<<"$LAST"; expect_eq "the group is listed with its policy" 0 $?
step "a server boots into the group" os "${D[@]}" server create --flavor m1.tiny \
  --image "cirros-$run" --nic "net-id=$net_id" --hint "group=$group_id" "grouped-$run" --wait \
  -f value -c id
grouped="$(tail -n 1 <<<"$LAST")"
step "server group show" os "${D[@]}" server group show "spread-$run" -f json -c members -c rules
grep -q "$grouped" <<<"$LAST"; expect_eq "the server is a member" 0 $?
grep -q '"max_server_per_host": 1' <<<"$LAST"; expect_eq "the rule is kept" 0 $?
step "delete the grouped server" os "${D[@]}" server delete --wait "grouped-$run"
step "server group delete" os "${D[@]}" server group delete "spread-$run"

step "server delete --wait" os "${D[@]}" server delete --wait "demo-instance1-$run"
step "server list" os "${D[@]}" server list -f value -c Name
grep -qx "demo-instance1-$run" <<<"$LAST"; expect_eq "the server is gone" 1 $?

# clean up what the scenario created
step "the floating IP is released" os "${D[@]}" floating ip delete "$fip"
step "delete the oversized flavor" os "${A[@]}" flavor delete "huge-$run"
step "delete the key pair" os "${D[@]}" keypair delete "demo-key-$run"
step_fails "the key pair is gone" "not found\|no keypair\|could not find" os "${D[@]}" keypair show "demo-key-$run"
step "clear the gateway" os "${D[@]}" router unset --external-gateway "demo-router-$run"
step "remove the interface" os "${D[@]}" router remove subnet "demo-router-$run" "demo-subnet-$run"
step "delete the router" os "${D[@]}" router delete "demo-router-$run"
step "delete demo-net" os "${D[@]}" network delete "demo-net-$run"
step "delete the external network" os "${A[@]}" network delete "ext-net-$run"
step "delete the image" os "${A[@]}" image delete "cirros-$run"
finish "cli-compute"
