#!/usr/bin/env bash
# The dashboard's browser side, as Maven's build runs it (dashboard/pom.xml):
#   build.sh install        npm ci, when package-lock.json changed since the last one
#   build.sh build OUTDIR   type-check and bundle into OUTDIR (the jar's dashboard-assets)
#   build.sh test           the unit tests (Vitest), reported beside Surefire's
# Uses the machine's node and npm; scripts/install-build.sh installs Debian's when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "dashboard: node and npm are needed to build the dashboard: apt-get install nodejs npm" \
    "(./altus and ./run-tests install them; or build with -Ddashboard.skipWeb=true)" >&2
  exit 1
fi
case "${1:-}" in
  install)
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      npm ci --no-audit --no-fund --loglevel=error
    fi ;;
  build) ALTUS_DASHBOARD_OUT="$2" npm run --silent build -- --logLevel warn ;;
  # the report joins Surefire's, so ./run-tests counts these tests with the Java ones
  test) npm run --silent test -- --reporter=default --reporter=junit \
      --outputFile.junit=../target/surefire-reports/TEST-dashboard-web.xml ;;
  *) echo "usage: build.sh install | build OUTDIR | test" >&2; exit 2 ;;
esac
