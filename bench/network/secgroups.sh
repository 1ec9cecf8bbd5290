#!/usr/bin/env bash
# Security group firewall benchmark (the Linux data plane's nftables tables), on real bridges with
# namespace guests made and removed by the benchmark itself: a rule added -> time until it is in
# place and until a guest's ping that it allows comes back; rules created one by one -> rules per
# second applied; a group of 1,000 rules -> a further rule's time to the guest; a restart of the
# firewall with them -> time to the first whole-table transaction. Needs root. Appends the figures
# to bench/RESULTS.md.
#   bench/network/secgroups.sh [--ports 10]   (filtered ports in the group on this host)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ports=10
while [ $# -gt 0 ]; do
  case "$1" in
    --ports) ports="$2"; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "the firewall benchmark needs root (namespaces, bridges, nft)" >&2; exit 1; }
command -v nft >/dev/null || { echo "nft not found: apt-get install nftables" >&2; exit 1; }
. "$here/maven-bench.sh"
maven_bench SecurityGroupBench "network security groups" "nftables firewall (bridge + inet\
 tables, br_netfilter), $ports filtered ports in the group, one namespace guest pinging another\
 across a Linux bridge; 2 cores; times from the change handed to the firewall" \
  -Daltus.bench=secgroups -Daltus.bench.ports="$ports"
