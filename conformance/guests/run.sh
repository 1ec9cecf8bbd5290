#!/usr/bin/env bash
# Real guests end to end: starts a cloud of its own with the qemu driver (the project's guest image
# is uploaded as altus-guest at start), runs the guest scenario (conformance/guests/guests.sh) and
# the console test in Chromium (conformance/java ConsoleBrowserTest, which boots altus-guest), then
# stops the cloud and removes what it made. Prints the scenario's lines and a closing
# "guests-all: N passed, N failed".   conformance/guests/run.sh [HOST]
# ALTUS_TEMPEST_GUEST_LIST=FILE also runs the Tempest tests FILE names on that cloud (one check).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
host="${1:-127.0.0.106}"
data="$(mktemp -d /tmp/altus-guests.XXXXXX)"
pid=""
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  pkill -9 -f "qemu-system-x86_64.*$data" 2>/dev/null
  # the bridges and taps its guests were plugged into (no agent owns them under the noop data plane)
  ALTUS_COMPUTE_DRIVER=qemu ALTUS_NETWORK_DATAPLANE=noop ALTUS_COMPUTE_INSTANCES_PATH="$data/instances" \
    "$root/altus" dataplane clean --data-dir "$data" > /dev/null 2>&1
  rm -rf "$data"
}
trap cleanup EXIT
passed=0; failed=0
ALTUS_IDENTITY_BCRYPT_COST=4 ALTUS_COMPUTE_DRIVER=qemu ALTUS_NETWORK_DATAPLANE=noop \
  ALTUS_COMPUTE_INSTANCES_PATH="$data/instances" \
  "$root/altus" up --data-dir "$data" --host "$host" > "$data/up.log" 2>&1 &
pid=$!
export OS_CLIENT_CONFIG_FILE="$data/clouds.yaml"
ok=""
for _ in $(seq 1 600); do
  if curl -sf "http://$host:8774/" >/dev/null 2>&1 && [ -f "$data/clouds.yaml" ] \
    && [ "$(/usr/bin/openstack --os-cloud altus image show altus-guest -f value -c status 2>/dev/null)" = active ]; then
    ok=1; break
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
if [ -z "$ok" ]; then
  echo "FAIL  the qemu cloud did not come up with its altus-guest image"; tail -20 "$data/up.log"
  echo "guests-all: 0 passed, 1 failed"; exit 1
fi
out="$("$here/guests.sh" "$data")"; echo "$out"
last="$(tail -n 1 <<<"$out")"
if [[ "$last" =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
  passed=$((passed + BASH_REMATCH[1])); failed=$((failed + BASH_REMATCH[2]))
else
  failed=$((failed + 1))
fi
# the console URL of a real guest, opened in Chromium
rm -rf "$root/conformance/java/target/surefire-reports"
if JAVA_HOME="$("$root/altus" --print-java-home)" "$root/mvnw" -B -q -f "$root/conformance/java/pom.xml" \
    verify -Dtest=ConsoleBrowserTest -Daltus.data="$data" > "$data/console.log" 2>&1; then
  passed=$((passed + 1)); echo "ok    a real guest's console URL opens in Chromium and shows its screen"
else
  failed=$((failed + 1)); echo "FAIL  a real guest's console URL in Chromium"; grep -E "<<<|Expect" "$data/console.log" | head -5
fi
# Tempest tests on real guests, when ALTUS_TEMPEST_GUEST_LIST names a list of them (e.g.
# conformance/tempest/compute-qemu-ci.txt): Tempest's servers boot altus-guest
if [ -n "${ALTUS_TEMPEST_GUEST_LIST:-}" ]; then
  list="$(cd "$(dirname "$ALTUS_TEMPEST_GUEST_LIST")" && pwd)/$(basename "$ALTUS_TEMPEST_GUEST_LIST")"
  t0=$(date +%s)
  report="$(ALTUS_TEMPEST_IMAGE=altus-guest ALTUS_TEMPEST_BUILD_TIMEOUT=300 "$root/conformance/tempest/run.sh" \
    --data-dir "$data" --include-list "$list" --concurrency 2 --workspace "$data/tempest-guests" 2>&1)"
  last="$(grep -E '^tempest: ' <<<"$report" | tail -n 1)"
  want="$(grep -c . "$list")"
  if [[ "$last" =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]] && [ "${BASH_REMATCH[1]}" -eq "$want" ]; then
    passed=$((passed + 1)); echo "ok    Tempest on real guests: $last ($(( $(date +%s) - t0 )) s)"
  else
    failed=$((failed + 1)); echo "FAIL  Tempest on real guests ($want expected to pass): ${last:-no report}"
    grep -E '^(FAILED|SKIPPED)' <<<"$report" | head -10
  fi
fi
echo "guests-all: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
