#!/bin/bash
# Builds the project's test guest image, guest-image/target/altus-guest.qcow2, from Debian packages
# installed on this host: Debian's kernel (only the modules a QEMU guest needs), busybox-static,
# dropbear, sudo, curl, jq, util-linux's blkid/lsblk, e2fsprogs' mke2fs and toybox (behind nc).
#
#   guest-image/build.sh                 build when missing or stale, log what it does
#   guest-image/build.sh --print-path    the same, then print only the image's path on stdout
#
# The image is rebuilt only when its inputs change: this script, the files under rootfs/ and
# initramfs/, and the versions of the Debian packages it takes files from. Logs go to stderr.
# No mounts, loop devices or running services are needed: the root filesystem is written with
# `mke2fs -d`, the boot partition with mtools and syslinux, both into plain files.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
target=$here/target
image=$target/altus-guest.qcow2
print_path=false
for arg in "$@"; do
  case $arg in
    --print-path) print_path=true ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument: $arg (usage: build.sh [--print-path])" >&2; exit 2 ;;
  esac
done

# Only the image's path goes to stdout (--print-path); everything the tools print goes to stderr.
exec 3>&1 1>&2
log() { echo "guest-image: $*" >&2; }
die() { echo "guest-image: error: $*" >&2; exit 1; }

# Debian packages the build reads files from (on this host), and the tools it runs.
packages=(linux-image-amd64 busybox-static iputils-ping dropbear-bin sudo libpam-modules curl jq util-linux
          e2fsprogs toybox haveged syslinux syslinux-common mtools dosfstools fdisk qemu-utils cpio gzip kmod)

ensure_packages() {
  local missing=() p
  for p in "${packages[@]}"; do
    dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages; as root run: apt-get install -y ${missing[*]}"
  fi
  log "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 \
    || die "apt-get install failed; run: apt-get update && apt-get install -y ${missing[*]}"
}

if [ -z "${FAKEROOTKEY:-}" ]; then
  ensure_packages
  # The image's files must be owned by root and sudo setuid: without root, build under fakeroot.
  if [ "$(id -u)" -ne 0 ]; then
    command -v fakeroot >/dev/null || die "run build.sh as root, or install fakeroot: apt-get install -y fakeroot"
    exec fakeroot -- "$0" "$@" 1>&3 3>&-
  fi
fi

# The kernel linux-image-amd64 points at.
kver=$(dpkg-query -W -f '${Depends}' linux-image-amd64 | tr ',|' '\n\n' | sed -n 's/^ *linux-image-\([^ ]*\).*/\1/p' | head -n1)
[ -n "$kver" ] && [ -f "/boot/vmlinuz-$kver" ] && [ -d "/lib/modules/$kver" ] \
  || die "kernel of linux-image-amd64 not found (/boot/vmlinuz-$kver); run: apt-get install --reinstall linux-image-amd64"

# Inputs: this script, the guest's own files, the package versions. Their hash names the build.
inputs_hash() {
  {
    (cd "$here" && find build.sh rootfs initramfs -type f -print0 | sort -z | xargs -0 sha256sum)
    (cd "$here" && find rootfs initramfs \( -type l -printf '%p -> %l\n' \) -o \( -type f -perm -u+x -printf '%p x\n' \) | sort)
    dpkg-query -W -f '${Package} ${Version}\n' "${packages[@]}" "linux-image-$kver"
    echo "busybox $busybox_version"
  } | sha256sum | cut -c1-64
}

# The guest's busybox is Debian's dynamic build, fetched as a .deb (it conflicts with
# busybox-static, which other tools on this host use): busybox-static runs its own applets ahead of
# $PATH in its shell, which would hide the real ping, nc and mke2fs from the login user's commands.
# busybox-static stays the initramfs's tool (no libraries needed there).
busybox_version=$(apt-cache policy busybox | awk '/Candidate:/ {print $2}')
[ -n "$busybox_version" ] && [ "$busybox_version" != "(none)" ] \
  || die "Debian's busybox package is unknown to apt; run: apt-get update"
fetch_busybox_deb() {
  local debs=$target/debs deb
  mkdir -p "$debs"
  deb=$(ls "$debs"/busybox_*.deb 2>/dev/null | while read -r f; do
          [ "$(dpkg-deb -f "$f" Version)" = "$busybox_version" ] && echo "$f"; done | head -n1)
  if [ -z "$deb" ]; then
    log "downloading Debian's busybox $busybox_version"
    (cd "$debs" && apt-get download -q "busybox=$busybox_version") >&2 \
      || die "apt-get download busybox=$busybox_version failed; run: apt-get update"
    deb=$(ls -t "$debs"/busybox_*.deb | head -n1)
  fi
  echo "$deb"
}

mkdir -p "$target"
exec 9>"$target/.lock"
flock 9
hash=$(inputs_hash)
if [ -f "$image" ] && [ "$(cat "$target/altus-guest.inputs" 2>/dev/null)" = "$hash" ]; then
  log "up to date: $image"
  $print_path && echo "$image" >&3
  exit 0
fi

started=$(date +%s)
work=$(mktemp -d "$target/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
log "building $image (kernel $kver) in $work"

# Everything in the image carries this time, so the same inputs give the same bytes.
export SOURCE_DATE_EPOCH=1700000000
export E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH
export TZ=UTC LC_ALL=C

root=$work/rootfs
initrd=$work/initramfs

# --- the root filesystem -------------------------------------------------------------------------
mkdir -p "$root"/usr/{bin,sbin,lib/x86_64-linux-gnu,lib64}
ln -s usr/bin "$root/bin"; ln -s usr/sbin "$root/sbin"; ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"
mkdir -p "$root"/{dev,proc,sys,run,tmp,mnt,root,home,etc,var/log,var/www,media}
ln -s ../run "$root/var/run"; ln -s ../proc/self/mounts "$root/etc/mtab"
chmod 1777 "$root/tmp"; chmod 700 "$root/root"

# copy_file SRC [DEST]: copy a host file into the root fs at the same path (/lib → /usr/lib).
guest_path() { case $1 in /bin/*|/sbin/*|/lib/*|/lib64/*) echo "/usr$1" ;; *) echo "$1" ;; esac; }
copy_file() {
  local dest; dest=$root$(guest_path "${2:-$1}")
  mkdir -p "$(dirname "$dest")"
  cp -L --preserve=mode "$1" "$dest"
}
# copy_exec SRC [DEST]: a binary or shared object with every library it loads.
copy_exec() {
  copy_file "$@"
  local lib
  for lib in $(ldd "$1" | awk '/=> \//{print $3} /^\t\/lib/{print $1}'); do
    [ -e "$root$(guest_path "$lib")" ] || copy_file "$lib"
  done
}

# The guest's own files (init scripts, configuration, the web page, the nc front end).
cp -a --no-preserve=ownership "$here/rootfs/." "$root/"
(cd "$here/rootfs" && find . -type d -exec chmod 755 "$root/{}" \; && find . -type f -exec chmod go-w,a+r "$root/{}" \;)

# Real Debian binaries where busybox's applets fall short of what Tempest runs in a guest.
for b in /usr/bin/ping /usr/sbin/dropbear /usr/bin/dropbearkey /usr/sbin/haveged /usr/bin/curl /usr/bin/jq /usr/bin/toybox \
         /usr/sbin/blkid /usr/bin/lsblk /usr/sbin/mke2fs /usr/sbin/resize2fs /usr/sbin/sfdisk /usr/bin/resizepart /usr/lib/x86_64-linux-gnu/security/pam_unix.so \
         /usr/lib/x86_64-linux-gnu/security/pam_permit.so /usr/lib/x86_64-linux-gnu/security/pam_deny.so \
         /usr/libexec/sudo/sudoers.so /usr/bin/sudo; do
  [ -e "$b" ] || b=${b#/usr}   # a host whose /usr is not merged keeps some of these in /lib, /sbin
  [ -e "$b" ] || die "$b not found although its package is installed"
  copy_exec "$b" "/usr${b#/usr}"
done
chmod 4755 "$root/usr/bin/sudo"
ln -s mke2fs "$root/usr/sbin/mkfs.ext4"; ln -s mke2fs "$root/usr/sbin/mkfs.ext2"; ln -s mke2fs "$root/usr/sbin/mkfs.ext3"
copy_file /etc/mke2fs.conf

# busybox-static provides everything else; a file placed above wins over an applet of its name
# (placed before the links: copying onto a link would write through it to the host's busybox).
dpkg-deb -x "$(fetch_busybox_deb)" "$work/busybox-deb"
copy_exec "$work/busybox-deb/bin/busybox" /usr/bin/busybox
for applet in $("$work/busybox-deb/bin/busybox" --list-full | grep /); do
  dest=$root/usr/${applet#usr/}
  [ -e "$dest" ] || [ -L "$dest" ] || ln -s /usr/bin/busybox "$dest"
done


# Users: root (no password; key login refused by dropbear -w), altus (password "altus", sudo).
password_hash=$("$work/busybox-deb/bin/busybox" mkpasswd -m sha512 altus altusgst)
cat >"$root/etc/passwd" <<EOF
root:x:0:0:root:/root:/bin/sh
altus:x:1000:1000:altus:/home/altus:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat >"$root/etc/group" <<EOF
root:x:0:
tty:x:5:
disk:x:6:
cdrom:x:24:
sudo:x:27:altus
altus:x:1000:
nogroup:x:65534:
EOF
cat >"$root/etc/shadow" <<EOF
root:*:19675:0:99999:7:::
altus:$password_hash:19675:0:99999:7:::
nobody:*:19675:0:99999:7:::
EOF
chmod 640 "$root/etc/shadow"
mkdir -p "$root/home/altus/.ssh"
chmod 700 "$root/home/altus/.ssh"
chown -R 1000:1000 "$root/home/altus"
chmod 440 "$root/etc/sudoers"

# Kernel modules the guest loads at boot, in dependency order (as modprobe would).
modules=(virtio_pci virtio_net virtio_blk virtio_scsi virtio_rng virtio_balloon ata_piix sd_mod sr_mod
         crc32c_generic ext4 isofs vfat button evdev)
moddir=/lib/modules/$kver
order=$(awk -v want="${modules[*]}" '
  BEGIN { n = split(want, w, " ") }
  { mod = $1; sub(/:$/, "", mod); deps[mod] = ""; for (i = NF; i >= 2; i--) deps[mod] = deps[mod] " " $i
    name = mod; sub(/.*\//, "", name); sub(/\.ko.*$/, "", name); gsub(/-/, "_", name); path[name] = mod }
  function load(m,   d, k, i) { if (m in done) return; done[m] = 1
    k = split(deps[m], d, " "); for (i = 1; i <= k; i++) load(d[i]); print m }
  END { for (i = 1; i <= n; i++) { if (!(w[i] in path)) { print "missing module " w[i] > "/dev/stderr"; exit 1 } load(path[w[i]]) } }
' "$moddir/modules.dep")

# --- the initramfs: load modules, find and mount the root filesystem, switch to it ---------------
mkdir -p "$initrd"/{bin,dev,proc,sys,newroot,lib/modules}
cp /bin/busybox "$initrd/bin/busybox"
for a in sh mount umount insmod switch_root findfs sleep cat echo mkdir ls sort grep dd od tr; do ln -s busybox "$initrd/bin/$a"; done
cp -a "$here/initramfs/." "$initrd/"
: >"$initrd/lib/modules/load-order"
for m in $order; do
  cp "$moddir/$m" "$initrd/lib/modules/"
  basename "$m" >>"$initrd/lib/modules/load-order"
done
mknod -m 600 "$initrd/dev/console" c 5 1

# --- timestamps and archives -----------------------------------------------------------------------
find "$root" "$initrd" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
(cd "$initrd" && find . -print0 | sort -z | cpio --null --create --format=newc --reproducible --owner=0:0 --quiet) \
  | gzip -9 -n >"$work/initrd.img"
cp "/boot/vmlinuz-$kver" "$work/vmlinuz"
touch -d "@$SOURCE_DATE_EPOCH" "$work/vmlinuz" "$work/initrd.img"

# --- the disk: MBR with syslinux, partition 1 FAT16 (kernel, initramfs), partition 2 ext4 (root) --
boot_mib=24 root_mib=103
boot_sectors=$((boot_mib * 2048)) root_sectors=$((root_mib * 2048))
disk=$work/disk.raw
truncate -s $(((1 + boot_mib + root_mib) * 1024 * 1024)) "$disk"
sfdisk --quiet --no-reread --no-tell-kernel "$disk" >&2 <<EOF
label: dos
label-id: 0x616c7475
start=2048, size=$boot_sectors, type=e, bootable
start=$((2048 + boot_sectors)), size=$root_sectors, type=83
EOF
dd if=/usr/lib/syslinux/mbr/mbr.bin of="$disk" bs=440 count=1 conv=notrunc status=none

boot=$work/boot.fat
truncate -s $((boot_mib * 1024 * 1024)) "$boot"
mkfs.fat -F 16 -n ALTUS-BOOT -i 616c7475 --invariant -h 2048 "$boot" >/dev/null
cat >"$work/syslinux.cfg" <<EOF
SERIAL 0 115200
DEFAULT altus
PROMPT 0
TIMEOUT 0
LABEL altus
  KERNEL /vmlinuz
  INITRD /initrd.img
  APPEND root=LABEL=altus-root rw console=tty1 console=ttyS0,115200n8
EOF
touch -d "@$SOURCE_DATE_EPOCH" "$work/syslinux.cfg"
mcopy -m -i "$boot" "$work/vmlinuz" "$work/initrd.img" "$work/syslinux.cfg" ::/
syslinux --install --offset 0 "$boot"

rootfs=$work/root.ext4
mke2fs -q -t ext4 -b 4096 -L altus-root -U 616c7475-732d-6775-6573-742d726f6f74 \
  -E hash_seed=616c7475-732d-6775-6573-742d68617368,root_owner=0:0 -I 256 -m 1 \
  -d "$root" "$rootfs" "${root_mib}M"
# mke2fs copies each file's change time, which no one can set: set it in the filesystem instead.
(cd "$root" && find . | sort | sed 's|^\.||; s|^$|/|; s|.*|sif & ctime @'"$SOURCE_DATE_EPOCH"'|') >"$work/ctime.debugfs"
debugfs -w -f "$work/ctime.debugfs" "$rootfs" >/dev/null 2>"$work/debugfs.log" \
  || { cat "$work/debugfs.log" >&2; die "debugfs could not set the change times"; }

dd if="$boot" of="$disk" bs=1M seek=1 conv=notrunc status=none
dd if="$rootfs" of="$disk" bs=1M seek=$((1 + boot_mib)) conv=notrunc status=none
qemu-img convert -q -c -f raw -O qcow2 -o compat=1.1 "$disk" "$work/altus-guest.qcow2"

# --- publish atomically: the image last, then the hash that names it -------------------------------
mv -f "$work/vmlinuz" "$target/altus-guest.vmlinuz"
mv -f "$work/initrd.img" "$target/altus-guest.initrd"
mv -f "$work/altus-guest.qcow2" "$image"
echo "$hash" >"$work/inputs" && mv -f "$work/inputs" "$target/altus-guest.inputs"
log "built $image: $(du -k "$image" | cut -f1) KiB on disk, $(qemu-img info --output=json "$image" | jq '."virtual-size" / 1048576') MiB virtual, in $(( $(date +%s) - started )) s"
$print_path && echo "$image" >&3
exit 0
