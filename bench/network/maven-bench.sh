# Sourced by the data plane benchmarks: runs one benchmark test of the network module with Maven,
# prints its BENCH lines as figures and appends them to bench/RESULTS.md under a heading with the
# date, the commit and the load before and after.
#   maven_bench TEST TITLE DESCRIPTION [-Dprop=value ...]
maven_bench() {
  local test="$1" title="$2" description="$3" out load_before load_after figures
  shift 3
  out="$(mktemp /tmp/altus-bench-network.XXXXXX)"
  load_before="$(uptime | sed 's/.*load average: //')"
  (cd "$root" && JAVA_HOME="$("$root/altus" --print-java-home)" ./mvnw -q -B -pl network -am verify \
    -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false "$@") > "$out" 2>&1 \
    || { cat "$out" >&2; rm -f "$out"; return 1; }
  load_after="$(uptime | sed 's/.*load average: //')"
  figures="$(grep '^BENCH ' "$out" | sed 's/^BENCH /- /')"
  [ -n "$figures" ] || { cat "$out" >&2; rm -f "$out"; echo "no figures: was the benchmark skipped?" >&2; return 1; }
  rm -f "$out"
  echo "$figures"
  {
    echo
    echo "## $title — $(date -u +%Y-%m-%dT%H:%M:%SZ) — commit $(git -C "$root" rev-parse --short HEAD) — load before: $load_before, after: $load_after"
    echo "$description"
    echo "$figures"
  } >> "$root/bench/RESULTS.md"
}
