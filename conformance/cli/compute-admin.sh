#!/usr/bin/env bash
# The admin side of compute with the openstack CLI against a running Altus cloud: flavors (private
# ones shared with a project, properties, descriptions), quotas and the default quota class,
# limits, aggregates with an availability zone, and the service and hypervisor views.
#   conformance/cli/compute-admin.sh DATA_DIR
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"
export OS_CLIENT_CONFIG_FILE="$(cd "$1" && pwd)/clouds.yaml"
A=(--os-cloud altus); D=(--os-cloud altus-demo)
run="cli$$"

step "the default flavors are listed" os "${D[@]}" flavor list -f value -c Name
grep -qx "m1.tiny" <<<"$LAST"; expect_eq "m1.tiny is a flavor" 0 $?
step "admin creates a private flavor for demo" os "${A[@]}" flavor create --ram 256 --disk 1 \
  --vcpus 1 --private --project demo --property hw:cpu_policy=shared "priv-$run" -f value -c id
flavor_id="$LAST"
step "demo sees it" os "${D[@]}" flavor show "$flavor_id" -f value -c name
# (the CLI also asks for the access list, which only admins may read, and warns about it)
expect_eq "the shared private flavor" "priv-$run" "$(tail -1 <<<"$LAST")"
step "admin sets a property" os "${A[@]}" flavor set --property quota:cpu_shares=512 "$flavor_id"
step "the properties are shown" os "${A[@]}" flavor show "$flavor_id" -f value -c properties
grep -q "cpu_shares" <<<"$LAST"; expect_eq "quota:cpu_shares is set" 0 $?
step "admin describes it (2.55)" os "${A[@]}" --os-compute-api-version 2.55 flavor set \
  --description "for the scenario" "$flavor_id"
step "admin stops sharing it" os "${A[@]}" flavor unset --project demo "$flavor_id"
step_fails "demo no longer sees it" "no flavor\|not found\|could not be found" \
  os "${D[@]}" flavor show "$flavor_id"
step_fails "demo cannot create flavors" "forbidden\|not authorized\|403" \
  os "${D[@]}" flavor create --ram 64 --disk 1 --vcpus 1 "nope-$run"
step_fails "a duplicate name is refused" "already exists\|409" \
  os "${A[@]}" flavor create --ram 64 --disk 1 --vcpus 1 "priv-$run"
step "admin deletes the flavor" os "${A[@]}" flavor delete "$flavor_id"

step "the default quotas" os "${A[@]}" quota show --default -f value -c instances
expect_eq "10 instances by default" "10" "$LAST"
step "demo's quotas" os "${A[@]}" quota show demo -f value -c instances -c cores
before=($LAST)
step "admin raises demo's instances and cores" os "${A[@]}" quota set --instances 15 --cores 30 demo
step "the new quota is shown" os "${A[@]}" quota show demo -f value -c instances
expect_eq "15 instances" "15" "$LAST"
step "demo's limits follow" os "${D[@]}" limits show --absolute -f value -c Name -c Value
grep -q "maxTotalInstances 15" <<<"$LAST"; expect_eq "maxTotalInstances is 15" 0 $?
step "admin puts demo's quotas back" os "${A[@]}" quota set --cores "${before[0]}" \
  --instances "${before[1]}" demo
step "the default class" os "${A[@]}" quota show --class default -f value -c ram
expect_eq "51200 MB of RAM" "51200" "$LAST"
step_fails "demo cannot change quotas" "forbidden\|not authorized\|403" \
  os "${D[@]}" quota set --instances 99 demo

step "admin creates an aggregate with a zone" os "${A[@]}" aggregate create --zone "az-$run" \
  --property ssd=true "agg-$run" -f value -c availability_zone
expect_eq "the aggregate's zone" "az-$run" "$LAST"
step "admin sets metadata" os "${A[@]}" aggregate set --property gpu=none "agg-$run"
step "the aggregate shows it" os "${A[@]}" aggregate show "agg-$run" -f json -c properties
grep -q '"gpu": "none"' <<<"$LAST"; expect_eq "gpu=none is set" 0 $?
step_fails "a duplicate aggregate name is refused" "already exists\|409" \
  os "${A[@]}" aggregate create "agg-$run"
step_fails "demo cannot list aggregates" "forbidden\|not authorized\|403" \
  os "${D[@]}" aggregate list
step "admin deletes the aggregate" os "${A[@]}" aggregate delete "agg-$run"

step "admin lists compute services" os "${A[@]}" compute service list
step_fails "demo cannot list services" "forbidden\|not authorized\|403" \
  os "${D[@]}" compute service list
step "admin lists hypervisors" os "${A[@]}" hypervisor list
step "demo lists availability zones" os "${D[@]}" availability zone list --compute
finish "cli-compute-admin"
