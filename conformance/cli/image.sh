#!/usr/bin/env bash
# The image service with the openstack CLI against a running Altus cloud: upload a small real qcow2,
# list, show, set a property, download and compare, import a second image from a URL served on
# 127.0.0.1 (web-download, the modern form of --copy-from) and one by glance-direct, share between
# admin and demo, delete. The cloud must allow web-download from 127.0.0.1
# (image.web_download_allowed_hosts, which run-tests sets).
#   conformance/cli/image.sh DATA_DIR
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"
data="$(cd "$1" && pwd)"
export OS_CLIENT_CONFIG_FILE="$data/clouds.yaml"
A=(--os-cloud altus); D=(--os-cloud altus-demo)
run="cli$$"
work="$(mktemp -d)"
web_pid=""
trap '[ -z "$web_pid" ] || kill "$web_pid" 2>/dev/null; rm -rf "$work"' EXIT
# the glance CLI as admin or demo (it reads OS_* variables, not clouds.yaml); on a terminal of its
# own, since it takes a stdin that is not one for image data and refuses web-download then
glance_as() {
  (set -a; . "$data/$1-openrc.sh"; set +a
   script -qec "$(printf '%q ' /usr/bin/glance "${@:2}")" /dev/null < /dev/null | tr -d '\r'
   exit "${PIPESTATUS[0]}")
}
# wait_status NAME_OR_ID STATUS: polls up to 60 s, leaves the last status in LAST
wait_status() {
  for _ in $(seq 1 120); do
    LAST="$(os "${A[@]}" image show "$1" -f value -c status 2>&1)"
    [ "$LAST" = "$2" ] && return 0
    sleep 0.5
  done
  return 1
}

step "make a small qcow2 with qemu-img" qemu-img create -f qcow2 "$work/disk.qcow2" 32M
step "upload it as a public image" os "${A[@]}" image create --file "$work/disk.qcow2" \
  --disk-format qcow2 --container-format bare --public --progress "pub-$run"
step "the image is listed" os "${A[@]}" image list -f value -c Name
grep -qx "pub-$run" <<<"$LAST"; expect_eq "the new image is in the list" 0 $?
step "show the image" os "${A[@]}" image show "pub-$run" -f value -c status
expect_eq "the image is active" "active" "$LAST"
step "its size" os "${A[@]}" image show "pub-$run" -f value -c size
expect_eq "size is the file's" "$(stat -c %s "$work/disk.qcow2")" "$LAST"
step "its checksum" os "${A[@]}" image show "pub-$run" -f value -c checksum
expect_eq "checksum is the file's MD5" "$(md5sum "$work/disk.qcow2" | cut -d' ' -f1)" "$LAST"
step "its virtual size" os "${A[@]}" image show "pub-$run" -f value -c virtual_size
expect_eq "virtual_size comes from qemu-img" "33554432" "$LAST"
step "set a property" os "${A[@]}" image set --property hw_disk_bus=scsi "pub-$run"
step "the property is shown" os "${A[@]}" image show "pub-$run" -f json -c properties
grep -q '"hw_disk_bus": "scsi"' <<<"$LAST"; expect_eq "hw_disk_bus is scsi" 0 $?
step "demo sees the public image" os "${D[@]}" image show "pub-$run" -f value -c name
step "save the image" os "${A[@]}" image save --file "$work/saved" "pub-$run"
cmp -s "$work/disk.qcow2" "$work/saved"; expect_eq "the saved bytes are the uploaded ones" 0 $?
step_fails "demo cannot make an image public" "forbidden\|not authorized\|403" \
  os "${D[@]}" image create --disk-format raw --container-format bare --public "nopub-$run"

# a second image from a URL on 127.0.0.1: web-download (the openstack CLI 6.0.0 has no command for
# the import API's web-download; the glance CLI does)
mkdir -p "$work/web" && cp "$work/disk.qcow2" "$work/web/disk.qcow2"
web_port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
/usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$work/web" "$web_port" >/dev/null 2>&1 &
web_pid=$!
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$web_port/disk.qcow2" && break; sleep 0.1; done
step "import an image from http://127.0.0.1 (web-download)" glance_as admin image-create-via-import \
  --name "url-$run" --disk-format qcow2 --container-format bare --visibility public \
  --import-method web-download --uri "http://127.0.0.1:$web_port/disk.qcow2"
wait_status "url-$run" active; expect_eq "the imported image becomes active" "active" "$LAST"
step "its checksum" os "${A[@]}" image show "url-$run" -f value -c checksum
expect_eq "the imported image's checksum is the file's MD5" "$(md5sum "$work/disk.qcow2" | cut -d' ' -f1)" "$LAST"
step "save the imported image" os "${A[@]}" image save --file "$work/saved-url" "url-$run"
cmp -s "$work/disk.qcow2" "$work/saved-url"; expect_eq "the imported bytes are the served ones" 0 $?
step_fails "web-download from a private address is refused" "not allowed\|forbidden\|403" \
  glance_as demo image-create-via-import --name "priv-$run" --disk-format raw \
  --container-format bare --import-method web-download --uri "http://10.0.0.1/disk.raw"
step "demo's refused import left only a queued image" os "${D[@]}" image show "priv-$run" -f value -c status
expect_eq "the refused image is queued, not active" "queued" "$LAST"
step "delete it" os "${D[@]}" image delete "priv-$run"
step "upload through the import API (glance-direct)" os "${D[@]}" image create --import \
  --file "$work/disk.qcow2" --disk-format qcow2 --container-format bare "direct-$run"
wait_status "direct-$run" active; expect_eq "the glance-direct image becomes active" "active" "$LAST"
step "delete the imported images" os "${A[@]}" image delete "url-$run" "direct-$run"

step "admin creates a shared image" os "${A[@]}" image create --file "$work/disk.qcow2" \
  --disk-format qcow2 --container-format bare --shared "shared-$run" -f value -c id
shared_id="$LAST"
step_fails "demo cannot see it yet" "no image\|not found\|could not find" os "${D[@]}" image show "$shared_id"
step "admin adds demo as a member" os "${A[@]}" image add project "$shared_id" demo
step "demo accepts the share" os "${D[@]}" image set --accept "$shared_id"
step "demo lists its images" os "${D[@]}" image list -f value -c ID
grep -qx "$shared_id" <<<"$LAST"; expect_eq "the accepted image is listed for demo" 0 $?
step "the member is listed with its status" os "${A[@]}" image member list "$shared_id" -f value -c Status
expect_eq "demo accepted" "accepted" "$LAST"
step_fails "demo cannot delete admin's image" "forbidden\|not permitted\|403" os "${D[@]}" image delete "$shared_id"
step "admin removes the member" os "${A[@]}" image remove project "$shared_id" demo

# clean up what the scenario created
step "delete the shared image" os "${A[@]}" image delete "$shared_id"
step "delete the public image" os "${A[@]}" image delete "pub-$run"
step_fails "the deleted image is gone" "no image\|not found\|could not find" os "${A[@]}" image show "pub-$run"
finish "cli-image"
