# Shared by the benchmark scripts (sourced): a cloud on a temporary data dir, stopped and removed
# however the script ends. The script sets root (the repository) before sourcing this file.
#   bench_up HOST URL...   starts ./altus up (environment passed through) on HOST and waits until
#                          every URL answers; sets data, pid (the launcher) and jpid (the JVM)
#   rss                    the JVM's resident memory in MB
data="$(mktemp -d /tmp/altus-bench.XXXXXX)"
pid=""; jpid=""; sampler=""
bench_cleanup() {
  set +e
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  rm -rf "$data"
}
trap bench_cleanup EXIT
trap "exit 143" INT TERM   # so that the EXIT trap stops the cloud on a kill too

bench_up() {
  local host="$1" u
  shift
  "$root/altus" version >/dev/null   # builds the jar if needed, outside the figures
  "$root/altus" up --data-dir "$data" --host "$host" > "$data/up.log" 2>&1 &
  pid=$!
  for u in "$@"; do
    until curl -sf "$u" >/dev/null 2>&1; do
      kill -0 "$pid" 2>/dev/null || { cat "$data/up.log" >&2; exit 1; }
      sleep 0.2
    done
  done
  jpid="$(pgrep -f "altus.jar up --data-dir $data" | head -n 1)"
}

rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$jpid/status"; }
