#!/usr/bin/env bash
# Lists, one line each, what a cloud's data plane, its guests and the data plane tests could leave
# on this host: network namespaces (qdhcp-, qrouter-, altus-guest-), devices named as Neutron names
# them (brq, tap, qr-, qg-, ns-, vxlan-), dnsmasq, haproxy and qemu processes (with their pid and
# command line), and nftables tables whose name starts with altus. run-tests compares the list
# after its clean-up with the one taken before its run: whatever is new is a leak.
#   scripts/host-leaks.sh > FILE
set -uo pipefail
ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^(qdhcp-|qrouter-|altus-guest-)' \
  | sed 's/^/namespace /'
ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 \
  | grep -E '^(brq|tap|qr-|qg-|ns-|vxlan-)' | sed 's/^/device /'
for p in /proc/[0-9]*; do
  cmd="$(tr '\0' ' ' 2>/dev/null < "$p/cmdline")" || continue
  case "$cmd" in
    dnsmasq\ *|*/dnsmasq\ *|haproxy\ *|*/haproxy\ *|qemu-system*|*/qemu-system*)
      echo "process ${p#/proc/} ${cmd% }" ;;
  esac
done
nft list tables 2>/dev/null | awk '$3 ~ /^altus/ {print "nft-table " $2 " " $3}'
exit 0
