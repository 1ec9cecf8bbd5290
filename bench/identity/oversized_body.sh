#!/usr/bin/env bash
# A 2 GiB request body streamed, unauthenticated, to POST /v3/auth/tokens: the identity API must
# refuse it with a 413 in Keystone's fault format as soon as the body passes
# identity.max_request_body_size, without reading it into memory. Starts Altus (fake compute, no
# data plane) on a temporary data dir and sends the body twice with curl: chunked (no length
# given) and with a Content-Length of 2 GiB. Records the status, the bytes curl managed to send,
# the time, and the server's RSS and heap used (jcmd GC.heap_info) before and after, with its peak
# RSS sampled every 0.1 s; appends the figures to bench/RESULTS.md.
# Only the identity API is asked for: the others listen on free ports, so the run can share its
# loopback address with another cloud that keeps the usual ports.
#   bench/identity/oversized_body.sh [--host 127.0.0.22] [--port 5000] [--gib 2]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
host=127.0.0.22; port=5000; gib=2
while [ $# -gt 0 ]; do
  case "$1" in
    --host) host="$2"; shift 2;;
    --gib) gib="$2"; shift 2;;
    --port) port="$2"; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
java_home="$("$root/altus" --print-java-home)"
. "$root/bench/lib.sh"
ALTUS_COMPUTE_DRIVER=fake ALTUS_NETWORK_DATAPLANE=noop ALTUS_IDENTITY_PORT="$port" \
  ALTUS_IMAGE_PORT=0 ALTUS_NETWORK_PORT=0 ALTUS_COMPUTE_PORT=0 ALTUS_VOLUME_PORT=0 \
  ALTUS_COMPUTE_NOVNC_PORT=0 ALTUS_COMPUTE_METADATA_PORT=0 bench_up "$host" "http://$host:$port/v3"
sleep 3
heap() { "$java_home/bin/jcmd" "$jpid" GC.heap_info 2>/dev/null | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K,?","",v); s+=v}} END {print int(s/1024)}'; }
( peak=0; while kill -0 "$jpid" 2>/dev/null; do r=$(rss 2>/dev/null || echo 0); [ "$r" -gt "$peak" ] && { peak=$r; echo "$peak" > "$data/peak"; }; sleep 0.1; done ) &
sampler=$!
results=("before: rss_mb=$(rss) heap_used_mb=$(heap)")
bytes=$(( gib * 1024 * 1024 * 1024 ))
send() { # MODE: chunked (from a pipe, no length) | length (a sparse file: Content-Length known)
  local src=(-T -) out code up secs
  [ "$1" = length ] && { truncate -s "$bytes" "$data/body"; src=(-T "$data/body"); }
  out="$(head -c "$bytes" /dev/zero | curl -s -o "$data/answer" -w '%{http_code} %{size_upload} %{time_total}' \
    -X POST "http://$host:$port/v3/auth/tokens" -H 'Content-Type: application/json' "${src[@]}" \
    2>/dev/null)" || true
  rm -f "$data/body"
  read -r code up secs <<<"$out"
  up="${up%.*}"
  results+=("$1 ${gib} GiB: status=$code sent_before_refusal_kb=$(( ${up:-0} / 1024 )) seconds=$secs answer=$(head -c 160 "$data/answer" | tr -d '\n') rss_mb=$(rss) heap_used_mb=$(heap)")
  echo "${results[-1]}"
  [ "$code" = 413 ] || { echo "FAILED: expected 413, got $code" >&2; failed=1; }
}
failed=0
send chunked
send length
sleep 2
results+=("after: rss_mb=$(rss) heap_used_mb=$(heap) peak_rss_mb=$(cat "$data/peak")")
# the API still answers
code="$(curl -s -o /dev/null -w '%{http_code}' "http://$host:$port/v3")"
results+=("GET /v3 after: $code")
{
  echo
  echo "## identity: ${gib} GiB body to POST /v3/auth/tokens (bench/identity/oversized_body.sh) — $(date -u +%Y-%m-%dT%H:%M:%SZ) — commit $(git -C "$root" rev-parse --short HEAD) — load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "unauthenticated, identity.max_request_body_size at its default (114,688 bytes); the issue's figure before the limit: RSS 226 MB → 4,255 MB and a 500"
  for r in "${results[@]}"; do echo "- $r"; done
} >> "$root/bench/RESULTS.md"
printf '%s\n' "${results[@]}"
exit "$failed"
