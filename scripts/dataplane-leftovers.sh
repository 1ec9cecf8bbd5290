#!/usr/bin/env bash
# Removes what a stopped cloud's data plane left on the host that `altus dataplane clean` does not
# know yet: its routers' namespaces (recorded under DATA_DIR/network/l3/routers), their metadata
# proxies (DATA_DIR/network/metadata-proxy/*.pid) and the bridge of its 'public' network, whose
# id the caller saved in DATA_DIR/public-network-id while the cloud ran. Touches nothing else.
#   scripts/dataplane-leftovers.sh DATA_DIR      (as root, after `altus dataplane clean`)
set -uo pipefail
data="$1"
for f in "$data"/network/metadata-proxy/*.pid; do
  [ -f "$f" ] || continue
  p="$(cat "$f")"
  tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -qF -- "$data" && kill "$p"
done
for f in "$data"/network/l3/routers/*; do
  [ -f "$f" ] || continue
  ns="$(head -n 1 "$f")"
  case "$ns" in qrouter-*) ;; *) continue ;; esac
  ip netns pids "$ns" 2>/dev/null | xargs -r kill -9
  ip netns del "$ns" 2>/dev/null
done
if [ -f "$data/public-network-id" ]; then
  id="$(cat "$data/public-network-id")"
  [ -n "$id" ] && ip link del dev "brq${id:0:11}" 2>/dev/null
fi
exit 0
