-- POST /v2.0/ports on the bench network (each port gets an address from IPAM). Only 201 counts as
-- a created port; any other status is counted apart and makes run.sh fail.
wrk.method = "POST"
wrk.headers["X-Auth-Token"] = os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"port": {"network_id": "%s", "device_id": "bench-wrk"}}',
  os.getenv("BENCH_NETWORK"))

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  created = 0
  other = 0
  counts = {}
  statuses = ""
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  else
    other = other + 1
    counts[status] = (counts[status] or 0) + 1
    statuses = ""
    for s, n in pairs(counts) do
      statuses = statuses .. s .. "x" .. n .. ","
    end
    if other == 1 then
      io.stderr:write("first non-201 answer: " .. status .. " " .. string.sub(body, 1, 300) .. "\n")
    end
  end
end

done = function(summary, latency, requests)
  local c, o, st = 0, 0, ""
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    o = o + t:get("other")
    st = st .. t:get("statuses")
  end
  local e = summary.errors
  io.write(string.format("RESULT created_per_s=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f created=%d non201=%d errors=%d%s\n",
    c / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, c, o, e.connect + e.read + e.write + e.timeout,
    st == "" and "" or " statuses=" .. st))
end
