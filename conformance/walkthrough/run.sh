#!/usr/bin/env bash
# The classic walkthrough on real guests: starts a cloud of its own with the qemu driver and the
# linux data plane (its 'public' external network on ALTUS_WALKTHROUGH_PUBLIC_CIDR, default
# 172.24.104.0/24, a range no other cloud of the test run uses), runs
# conformance/walkthrough/walkthrough.sh against it, stops it and removes what its data plane made
# (`altus dataplane clean`). Prints the scenario's lines and its closing "walkthrough: N passed,
# N failed"; its routers' namespaces and the public bridge go too (scripts/dataplane-leftovers.sh).
#   conformance/walkthrough/run.sh [HOST]   (as root; default host 127.0.0.104)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
host="${1:-127.0.0.104}"
cidr="${ALTUS_WALKTHROUGH_PUBLIC_CIDR:-172.24.104.0/24}"
data="$(mktemp -d /tmp/altus-walk.XXXXXX)"
pid=""
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  "$root/altus" dataplane clean --data-dir "$data" > /dev/null 2>&1
  "$root/scripts/dataplane-leftovers.sh" "$data"
  rm -rf "$data"
}
trap cleanup EXIT
"$here/../install-clients.sh"
# web-download may fetch from 127.0.0.1, where the scenario serves the image it imports
ALTUS_IDENTITY_BCRYPT_COST=4 ALTUS_COMPUTE_DRIVER=qemu ALTUS_NETWORK_DATAPLANE=linux \
  ALTUS_NETWORK_PUBLIC_CIDR="$cidr" ALTUS_IMAGE_WEB_DOWNLOAD_ALLOWED_HOSTS=127.0.0.1 \
  "$root/altus" up --data-dir "$data" --host "$host" > "$data/up.log" 2>&1 &
pid=$!
ok=""
for _ in $(seq 1 600); do
  if curl -sf "http://$host:8774/" >/dev/null 2>&1 && [ -f "$data/clouds.yaml" ] \
    && [ "$(OS_CLIENT_CONFIG_FILE="$data/clouds.yaml" /usr/bin/openstack --os-cloud altus image show altus-guest -f value -c status 2>/dev/null)" = active ]; then
    ok=1; break
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
if [ -z "$ok" ]; then
  echo "FAIL  the walkthrough's cloud did not come up with its altus-guest image"; tail -20 "$data/up.log"
  echo "walkthrough: 0 passed, 1 failed"; exit 1
fi
# the public network's bridge is removed after the cloud stops (scripts/dataplane-leftovers.sh)
OS_CLIENT_CONFIG_FILE="$data/clouds.yaml" /usr/bin/openstack --os-cloud altus network show public \
  -f value -c id > "$data/public-network-id" 2>/dev/null
"$here/walkthrough.sh" "$data"
