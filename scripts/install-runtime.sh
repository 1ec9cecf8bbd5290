#!/usr/bin/env bash
# What `./altus up` uses from Debian's packages, installed when missing: qemu-utils (qemu-img gives
# images their virtual size), qemu-system-x86 (the qemu virt driver's guests), novnc (the web
# client the console proxy serves), genisoimage (config drives: the config-2 ISO a guest reads its
# metadata from), iproute2 and dnsmasq-base (the Linux data plane: bridges, namespaces, DHCP),
# nftables and conntrack (the security group firewall), haproxy (the metadata proxies) and
# iputils-arping (gratuitous ARP for floating IPs). Called by the
# launcher before `up`; set ALTUS_NO_INSTALL=1 to skip. Without root (or password-less sudo) or
# apt-get it only says what to install: the cloud still starts, and what needs the package says so.
set -uo pipefail
need=()
command -v qemu-img >/dev/null 2>&1 || need+=(qemu-utils)
command -v qemu-system-x86_64 >/dev/null 2>&1 || need+=(qemu-system-x86)
[ -f /usr/share/novnc/vnc_lite.html ] || need+=(novnc)
command -v genisoimage >/dev/null 2>&1 || need+=(genisoimage)
command -v bridge >/dev/null 2>&1 || [ -x /usr/sbin/bridge ] || need+=(iproute2)  # ip, bridge
command -v dnsmasq >/dev/null 2>&1 || [ -x /usr/sbin/dnsmasq ] || need+=(dnsmasq-base)  # DHCP agent
# the security group firewall: nft writes its tables, conntrack ends connections a removed rule admitted
command -v nft >/dev/null 2>&1 || [ -x /usr/sbin/nft ] || need+=(nftables)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
command -v arping >/dev/null 2>&1 || [ -x /usr/bin/arping ] || need+=(iputils-arping)
command -v conntrack >/dev/null 2>&1 || [ -x /usr/sbin/conntrack ] || need+=(conntrack)
[ ${#need[@]} -eq 0 ] && exit 0
advise() {
  echo "altus: $1; install them for full use: apt-get install ${need[*]}" >&2
  exit 0
}
[ "${ALTUS_NO_INSTALL:-0}" = 1 ] && advise "not installing ${need[*]} (ALTUS_NO_INSTALL=1)"
# shellcheck source=scripts/apt-install.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"
apt_can_install || advise "${need[*]} missing and $apt_why"
echo "altus: installing ${need[*]} from Debian's packages (first start only)..." >&2
apt_install "${need[@]}" \
  || advise "installing ${need[*]} failed (apt-get install ${need[*]} shows why)"
