#!/usr/bin/env bash
# The classic install's failures that need a real process, injected into a real cloud and named by
# 'altus doctor' (the others are Maven tests, listed in docs/operator-guide.md):
#   - a configuration path that does not exist refuses the start and names the path;
#   - software emulation chosen by the QEMU driver itself is shown (hypervisor: tcg, and why);
#   - a noVNC base URL clients cannot reach is a FAIL with what to do;
#   - a host firewall rule dropping one of the cloud's ports at its address is named with its handle;
#   - the admin-only API path answers 403 to a member; --json and the exit status for scripts.
# Uses the QEMU driver with the noop data plane (no guest is booted).
#   conformance/doctor/failures.sh [HOST] [UNREACHABLE_HOST]
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/conformance/cli/lib.sh"
host="${1:-127.0.0.107}"
elsewhere="${2:-127.0.0.108}"   # an address nothing of this test listens on
data="$(mktemp -d /tmp/altus-doctor.XXXXXX)"
table="altus-doctor-test-$$"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  nft delete table inet "$table" 2>/dev/null
  rm -rf "$data"
}
trap cleanup EXIT

# 1. a configuration path that does not exist
out="$("$root/altus" up --data-dir "$data" --host "$host" --config "$data/etc/altus.conf" 2>&1)"; rc=$?
expect_eq "--config with a missing file refuses to start" 1 "$rc"
if grep -q "configuration file $data/etc/altus.conf does not exist" <<<"$out"; then
  expect_eq "the refusal names the path" yes yes; echo "      $out"
else
  expect_eq "the refusal names the path" "configuration file $data/etc/altus.conf does not exist" "$out"
fi

# 2. a cloud whose console base URL points where nobody listens
ALTUS_IDENTITY_BCRYPT_COST=4 ALTUS_COMPUTE_DRIVER=qemu ALTUS_NETWORK_DATAPLANE=noop \
  ALTUS_COMPUTE_INSTANCES_PATH="$data/instances" \
  ALTUS_COMPUTE_NOVNCPROXY_BASE_URL="http://$elsewhere:6080/vnc_lite.html" \
  "$root/altus" up --data-dir "$data" --host "$host" >> "$data/up.log" 2>&1 &
pid=$!
for _ in $(seq 1 480); do curl -sf "http://$host:8774/" >/dev/null 2>&1 && break; sleep 0.25; done
export OS_CLIENT_CONFIG_FILE="$data/clouds.yaml"
for _ in $(seq 1 600); do
  [ "$(os --os-cloud altus image show altus-guest -f value -c status 2>/dev/null)" = active ] && break; sleep 1
done
report="$("$root/altus" doctor --data-dir "$data")"; rc=$?
echo "$report" | sed 's/^/      /'
expect_eq "doctor exits 1 on a FAIL" 1 "$rc"
expect_eq "the unreachable console base URL is a FAIL" 2 \
  "$(grep -c "^FAIL console .*http://$elsewhere:6080/vnc_lite.html cannot be reached" <<<"$report")"
expect_eq "software emulation chosen by the driver is shown" 1 \
  "$(grep -c '^WARN hypervisor .*software emulation, chosen by the driver itself: tcg' <<<"$report")"
expect_eq "the host can boot altus-guest" 1 "$(grep -c '^OK   boot .* can boot altus-guest with m1.tiny' <<<"$report")"

# 3. a firewall rule dropping the image API's port at this cloud's address only
nft add table inet "$table"
nft add chain inet "$table" input '{ type filter hook input priority 0; policy accept; }'
nft add rule inet "$table" input ip daddr "$host" tcp dport 9292 drop
handle="$(nft -a list chain inet "$table" input | sed -n 's/.*dport 9292 drop # handle \([0-9]*\)/\1/p')"
json="$("$root/altus" doctor --data-dir "$data" --json)"; rc=$?
expect_eq "doctor --json exits 1" 1 "$rc"
found="$(/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin)["doctor"]; print("\n".join(f["status"]+" "+f["detail"]+" -> "+f["fix"] for f in d["findings"] if f["check"]=="firewall"))' <<<"$json")"
echo "$found" | sed 's/^/      /'
expect_eq "the rule in the way is named with its handle" 1 \
  "$(grep -c "^FAIL a rule in inet $table chain input handle $handle drops tcp port 9292 (image API) at $host" <<<"$found")"
nft delete table inet "$table"

# 4. the API path is for admins
admin_token="$(os --os-cloud altus token issue -f value -c id)"
demo_token="$(os --os-cloud altus-demo token issue -f value -c id)"
expect_eq "GET /altus/v1/doctor as admin" 200 \
  "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Auth-Token: $admin_token" "http://$host:8774/altus/v1/doctor")"
expect_eq "GET /altus/v1/doctor as a member" 403 \
  "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Auth-Token: $demo_token" "http://$host:8774/altus/v1/doctor")"
finish "doctor-failures"
