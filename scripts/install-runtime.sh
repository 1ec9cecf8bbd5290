#!/usr/bin/env bash
# What `./altus up` uses from Debian's packages, installed when missing: qemu-utils (qemu-img gives
# images their virtual size), novnc (the web client the console proxy serves) and genisoimage
# (config drives: the config-2 ISO a guest reads its metadata from). Called by the
# launcher before `up`; set ALTUS_NO_INSTALL=1 to skip. Without root (or password-less sudo) or
# apt-get it only says what to install: the cloud still starts, and what needs the package says so.
set -uo pipefail
need=()
command -v qemu-img >/dev/null 2>&1 || need+=(qemu-utils)
[ -f /usr/share/novnc/vnc_lite.html ] || need+=(novnc)
command -v genisoimage >/dev/null 2>&1 || need+=(genisoimage)
[ ${#need[@]} -eq 0 ] && exit 0
advise() {
  echo "altus: $1; install them for full use: apt-get install ${need[*]}" >&2
  exit 0
}
[ "${ALTUS_NO_INSTALL:-0}" = 1 ] && advise "not installing ${need[*]} (ALTUS_NO_INSTALL=1)"
command -v apt-get >/dev/null 2>&1 || advise "${need[*]} missing and no apt-get here"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo -n true 2>/dev/null || advise "${need[*]} missing and no root to install them"
  sudo=(sudo -n)
fi
echo "altus: installing ${need[*]} from Debian's packages (first start only)..." >&2
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null 2>&1; then
  "${sudo[@]}" apt-get update -qq >/dev/null 2>&1
  "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
    || advise "installing ${need[*]} failed (apt-get install ${need[*]} shows why)"
fi
