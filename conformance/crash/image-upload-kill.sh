#!/usr/bin/env bash
# Crash safety of image uploads, end to end: starts the cloud on its own data dir, streams an upload
# slowly, kills the server with SIGKILL in the middle, starts it again, and checks that the image is
# not active, that no partial or orphaned file remains, and that the same image then takes a full
# upload.   conformance/crash/image-upload-kill.sh [HOST]
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/conformance/cli/lib.sh"
host="${1:-127.0.0.103}"
data="$(mktemp -d /tmp/altus-crash.XXXXXX)"
pid=""
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$data"' EXIT

start() {
  ALTUS_IDENTITY_BCRYPT_COST=4 ALTUS_COMPUTE_DRIVER=fake ALTUS_NETWORK_DATAPLANE=noop "$root/altus" up --data-dir "$data" --host "$host" >> "$data/up.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do curl -sf "http://$host:9292/versions" >/dev/null 2>&1 && return 0; sleep 0.25; done
  echo "the cloud did not start"; tail -20 "$data/up.log"; return 1
}

start || { finish "crash-image-upload"; exit 1; }
export OS_CLIENT_CONFIG_FILE="$data/clouds.yaml"
token="$(os --os-cloud altus token issue -f value -c id)"
id="$(curl -sf "http://$host:9292/v2/images" -H "X-Auth-Token: $token" -H 'Content-Type: application/json' \
  -d '{"name": "crash-test", "disk_format": "raw", "container_format": "bare"}' | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
expect_eq "an image was created" 32 "$(tr -d '-' <<<"$id" | wc -c | awk '{print $1 - 1}')"

head -c $((64 * 1024 * 1024)) /dev/urandom > "$data/disk.raw"
# 64 MiB at 8 MiB/s: the upload is still streaming when the server is killed
curl -s -o /dev/null --limit-rate 8M -X PUT "http://$host:9292/v2/images/$id/file" -H "X-Auth-Token: $token" \
  -H 'Content-Type: application/octet-stream' --data-binary @"$data/disk.raw" &
curl_pid=$!
sleep 3
status="$(curl -sf "http://$host:9292/v2/images/$id" -H "X-Auth-Token: $token" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')"
expect_eq "the image is saving while the upload streams" saving "$status"
partial="$(find "$data/images" -type f | wc -l)"
[ "$partial" -ge 1 ]; expect_eq "a partial file exists during the upload" 0 $?
kill -9 "$pid"; wait "$pid" 2>/dev/null; pid=""
wait "$curl_pid" 2>/dev/null

start || { finish "crash-image-upload"; exit 1; }
token="$(os --os-cloud altus token issue -f value -c id)"
status="$(curl -sf "http://$host:9292/v2/images/$id" -H "X-Auth-Token: $token" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')"
[ "$status" = queued ] || [ "$status" = killed ]; expect_eq "after the crash the image is queued or killed, not active (was: $status)" 0 $?
expect_eq "no partial or orphaned file remains" 0 "$(find "$data/images" -type f | wc -l)"
step "the image takes a full upload after the restart" curl -sf -X PUT "http://$host:9292/v2/images/$id/file" \
  -H "X-Auth-Token: $token" -H 'Content-Type: application/octet-stream' --data-binary @"$data/disk.raw"
sum="$(curl -sf "http://$host:9292/v2/images/$id" -H "X-Auth-Token: $token" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["status"], d["checksum"])')"
expect_eq "it is active with the right checksum" "active $(md5sum < "$data/disk.raw" | cut -d' ' -f1)" "$sum"
kill "$pid"; wait "$pid" 2>/dev/null; pid=""
finish "crash-image-upload"
