#!/usr/bin/env bash
# Linux data plane benchmark through the network API (an in-process network service with its
# agents, H2), on real bridges, namespaces and dnsmasq made and removed by the benchmark itself:
# 100 ports created and bound on this host, each tap plugged as the compute side does -> time until
# all are ACTIVE; a security group rule created through the API -> time until it is in the host's
# tables and until a namespace guest it lets through is answered; 100 networks (DHCP and a bound
# port each) -> the agents' convergence after a restart (everything in place) against their start
# on a cleaned host. Needs root. Appends the figures to bench/RESULTS.md.
#   bench/network/dataplane.sh [--ports 100] [--networks 100]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ports=100; networks=100
while [ $# -gt 0 ]; do
  case "$1" in
    --ports) ports="$2"; shift 2;;
    --networks) networks="$2"; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "the data plane benchmark needs root (namespaces, bridges, nft)" >&2; exit 1; }
for tool in nft dnsmasq haproxy busybox; do
  command -v "$tool" >/dev/null || { echo "$tool not found: run scripts/install-runtime.sh" >&2; exit 1; }
done
. "$here/maven-bench.sh"
maven_bench DataPlaneBench "network data plane" "Linux bridge, DHCP (dnsmasq per network), L3 and\
 metadata agents and the nftables firewall of an in-process network service (H2), driven through\
 its API; taps plugged as the compute side plugs them; 2 cores" -Daltus.bench=dataplane \
  -Daltus.bench.ports="$ports" -Daltus.bench.networks="$networks"
