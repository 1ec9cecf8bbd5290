-- GET /v3/projects as admin
wrk.method = "GET"
wrk.headers["X-Auth-Token"] = os.getenv("BENCH_TOKEN")
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
