#!/usr/bin/env bash
# The image service with the openstack CLI against a running Altus cloud: upload a small real qcow2,
# list, show, set a property, download and compare, share between admin and demo, delete.
#   conformance/cli/image.sh DATA_DIR
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/lib.sh"
export OS_CLIENT_CONFIG_FILE="$(cd "$1" && pwd)/clouds.yaml"
A=(--os-cloud altus); D=(--os-cloud altus-demo)
run="cli$$"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

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
