#!/usr/bin/env bash
# The classic install guide's networking steps (provider network, self-service network, router,
# floating IP), in today's openstack CLI syntax, against a running Altus cloud:
#   conformance/cli/network.sh DATA_DIR
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"
export OS_CLIENT_CONFIG_FILE="$(cd "$1" && pwd)/clouds.yaml"
A=(--os-cloud altus); D=(--os-cloud altus-demo)
run="cli$$"

step "admin creates the external provider network" os "${A[@]}" network create --external \
  --provider-network-type flat --provider-physical-network "provider-$run" "ext-net-$run"
step "admin creates its subnet (no DHCP, a pool, a gateway)" os "${A[@]}" subnet create \
  --network "ext-net-$run" --no-dhcp --allocation-pool start=203.0.113.101,end=203.0.113.200 \
  --gateway 203.0.113.1 --subnet-range 203.0.113.0/24 "ext-subnet-$run"
step "demo sees the external network" os "${D[@]}" network show "ext-net-$run" -f value -c router:external
expect_eq "it is external" "True" "$LAST"
step "demo creates a network" os "${D[@]}" network create "demo-net-$run"
step "demo creates a subnet" os "${D[@]}" subnet create --network "demo-net-$run" \
  --subnet-range 192.168.7.0/24 --gateway 192.168.7.1 --dns-nameserver 8.8.4.4 "demo-subnet-$run"
step "demo creates a router" os "${D[@]}" router create "demo-router-$run"
step "the subnet becomes a router interface" os "${D[@]}" router add subnet "demo-router-$run" "demo-subnet-$run"
step "the external network becomes the gateway" os "${D[@]}" router set "demo-router-$run" --external-gateway "ext-net-$run"
step "the router shows its gateway" os "${D[@]}" router show "demo-router-$run" -f json -c external_gateway_info
gw_ip="$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1])["external_gateway_info"]["external_fixed_ips"][0]["ip_address"])' "$LAST" 2>/dev/null)"
case "$gw_ip" in 203.0.113.*) expect_eq "the gateway address is on the external subnet" ok ok ;;
  *) expect_eq "the gateway address is on the external subnet" "203.0.113.x" "$gw_ip" ;; esac
step "the interface port holds the subnet's gateway" os "${D[@]}" port list --router "demo-router-$run" -f value -c "Fixed IP Addresses"
grep -q "192.168.7.1'" <<<"$LAST"; expect_eq "the interface has 192.168.7.1" 0 $?
step_fails "a router with interfaces cannot be deleted" "still has ports" os "${D[@]}" router delete "demo-router-$run"
step "demo creates a port" os "${D[@]}" port create --network "demo-net-$run" "demo-port-$run"
step "demo allocates a floating IP" os "${D[@]}" floating ip create "ext-net-$run" -f value -c floating_ip_address
fip="$LAST"
step "the floating IP is associated to the port" os "${D[@]}" floating ip set --port "demo-port-$run" "$fip"
step "the floating IP shows the port's address" os "${D[@]}" floating ip show "$fip" -f value -c fixed_ip_address
case "$LAST" in 192.168.7.*) expect_eq "the fixed address is on demo-subnet" ok ok ;;
  *) expect_eq "the fixed address is on demo-subnet" "192.168.7.x" "$LAST" ;; esac
step "demo creates a security group" os "${D[@]}" security group create "demo-sg-$run"
step "demo allows ICMP in it" os "${D[@]}" security group rule create --proto icmp "demo-sg-$run"
step "the port uses the group" os "${D[@]}" port set --security-group "demo-sg-$run" "demo-port-$run"
step "demo tags its network" os "${D[@]}" network set --tag "scenario-$run" "demo-net-$run"
step "the tag filters the network list" os "${D[@]}" network list --tags "scenario-$run" -f value -c Name
expect_eq "the tagged network is listed" "demo-net-$run" "$LAST"
step "demo creates a subnet pool" os "${D[@]}" subnet pool create --pool-prefix 10.250.0.0/16 \
  --default-prefix-length 26 "demo-pool-$run"
step "demo creates a network for the pool" os "${D[@]}" network create "pool-net-$run"
step "a subnet is cut from the pool by prefix length" os "${D[@]}" subnet create --network "pool-net-$run" \
  --subnet-pool "demo-pool-$run" --prefix-length 27 "pool-subnet-$run" -f value -c cidr
expect_eq "it gets the pool's first /27" "10.250.0.0/27" "$LAST"
step "a second subnet takes the next free block" os "${D[@]}" subnet create --network "pool-net-$run" \
  --subnet-pool "demo-pool-$run" "pool-subnet2-$run" -f value -c cidr
expect_eq "it gets the next /26" "10.250.0.64/26" "$LAST"
step_fails "a pool with subnets cannot be deleted" "existing allocations" os "${D[@]}" subnet pool delete "demo-pool-$run"
step "admin reads the network's IP availability" os "${A[@]}" ip availability show "pool-net-$run" -f value -c total_ips
expect_eq "the two subnets' pools hold 29 + 61 addresses" "90" "$LAST"
step_fails "demo may not read IP availability" "No NetworkIPAvailability found" os "${D[@]}" ip availability show "pool-net-$run"
step "delete the pool's network" os "${D[@]}" network delete "pool-net-$run"
step "delete the subnet pool" os "${D[@]}" subnet pool delete "demo-pool-$run"
step "admin lists the network agents" os "${A[@]}" network agent list -f value -c "Agent Type" -c Alive
for t in "DHCP agent" "L3 agent" "Metadata agent" "Linux bridge agent"; do
  grep -q "^$t True$" <<<"$LAST"; expect_eq "the $t is alive" 0 $?
done
step "the agents' host" os "${A[@]}" network agent list --agent-type l3 -f value -c Host
host="$LAST"
step "admin binds a port to that host" os "${A[@]}" port create --network "demo-net-$run" --host "$host" "bound-port-$run"
port_status() { os "${A[@]}" port show "bound-port-$run" -f value -c status 2>&1; }
wait_port() { # wait_port STATUS: LAST_STATUS is what was seen last
  for _ in $(seq 1 20); do LAST_STATUS="$(port_status)"; [ "$LAST_STATUS" = "$1" ] && return 0; sleep 0.5; done
  return 1
}
sleep 2
if [ "$(port_status)" = DOWN ] && [ "$(id -u)" = 0 ]; then
  # the Linux data plane: a port is ACTIVE only once a device is really plugged into its network's
  # bridge, as the compute side does for a guest (a tap named after the port on brq<network>)
  port_id="$(os "${A[@]}" port show "bound-port-$run" -f value -c id)"
  net_id="$(os "${A[@]}" network show "demo-net-$run" -f value -c id)"
  tap="tap${port_id:0:11}"
  step "plug a tap for the port into brq${net_id:0:11}" bash -c "ip tuntap add dev $tap mode tap \
    && ip link set dev $tap master brq${net_id:0:11} up"
  wait_port ACTIVE; expect_eq "the Linux bridge agent reports the plugged port ACTIVE" ACTIVE "$LAST_STATUS"
  ip link del dev "$tap"
  wait_port DOWN; expect_eq "and DOWN once its tap is gone" DOWN "$LAST_STATUS"
else
  # no data plane on this host (not root): the agent reports bound ports ACTIVE unwired
  wait_port ACTIVE; expect_eq "the Linux bridge agent reports the bound port ACTIVE" ACTIVE "$LAST_STATUS"
fi
step "delete the bound port" os "${A[@]}" port delete "bound-port-$run"

# clean up what the scenario created
step "the floating IP is released" os "${D[@]}" floating ip delete "$fip"
step "delete the port" os "${D[@]}" port delete "demo-port-$run"
step "delete the security group" os "${D[@]}" security group delete "demo-sg-$run"
step "clear the gateway" os "${D[@]}" router unset --external-gateway "demo-router-$run"
step "remove the interface" os "${D[@]}" router remove subnet "demo-router-$run" "demo-subnet-$run"
step "delete the router" os "${D[@]}" router delete "demo-router-$run"
step "delete the demo network" os "${D[@]}" network delete "demo-net-$run"
step "delete the external network" os "${A[@]}" network delete "ext-net-$run"
finish "cli-network"
