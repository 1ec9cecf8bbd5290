-- GET /v3/auth/tokens with X-Subject-Token (what every other service does on each request)
wrk.method = "GET"
wrk.headers["X-Auth-Token"] = os.getenv("BENCH_TOKEN")
wrk.headers["X-Subject-Token"] = os.getenv("BENCH_TOKEN")
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
