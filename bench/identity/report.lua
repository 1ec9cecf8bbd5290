-- one parseable line per run: requests/s, p50 and p99 latency in ms, non-2xx count
done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    non2xx))
end
