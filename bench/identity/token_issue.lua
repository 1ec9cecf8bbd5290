-- POST /v3/auth/tokens with a password (bcrypt-bound)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format([[{"auth": {"identity": {"methods": ["password"], "password": {"user":
  {"name": "%s", "domain": {"id": "default"}, "password": "%s"}}},
  "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}]],
  os.getenv("BENCH_USER"), os.getenv("BENCH_PASSWORD"), os.getenv("BENCH_PROJECT"))
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
