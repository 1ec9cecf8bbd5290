-- GET /servers/detail with a token; reports req/s, latency percentiles and errors (wrk counts an
-- HTTP status of 400 or more as a status error)
wrk.method = "GET"
wrk.headers["X-Auth-Token"] = os.getenv("BENCH_TOKEN")
wrk.headers["OpenStack-API-Version"] = "compute 2.37"
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("RESULT rps=%.1f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, errors, summary.errors.status))
end
