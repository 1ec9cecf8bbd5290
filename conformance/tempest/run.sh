#!/usr/bin/env bash
# Runs Debian's Tempest 33 against a running Altus cloud and prints passed/failed/skipped.
#
#   conformance/tempest/run.sh --data-dir DIR [--regex REGEX | --include-list FILE] [--workspace DIR]
#
# DIR is the cloud's data dir (its clouds.yaml gives the admin credentials and the auth URL).
# Installs tempest and the openstack client from Debian's packages if they are missing.
# When the cloud lets web-download fetch from 127.0.0.1 (image.web_download_allowed_hosts, which
# run-tests sets), ALTUS_TEMPEST_WEB_DOWNLOAD=1 serves a small qcow2 made with qemu-img on
# 127.0.0.1 for the run and turns on Tempest's image import tests with its URL.
# Exit status: 0 when no test failed, 1 otherwise.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data_dir=""; regex=""; include=""; workspace=""; concurrency="${TEMPEST_CONCURRENCY:-2}"
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir) data_dir="$2"; shift 2;;
    --regex) regex="$2"; shift 2;;
    --include-list) include="$2"; shift 2;;
    --workspace) workspace="$2"; shift 2;;
    --concurrency) concurrency="$2"; shift 2;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2;;
  esac
done
[ -n "$data_dir" ] || { echo "run.sh: --data-dir is required" >&2; exit 2; }
if [ -n "$include" ]; then include="$(cd "$(dirname "$include")" && pwd)/$(basename "$include")"; fi
"$here/../install-clients.sh"
export PATH="/usr/bin:$PATH"
data_dir="$(cd "$data_dir" && pwd)"
workspace="${workspace:-$data_dir/tempest}"
mkdir -p "$workspace/etc"
[ -f "$workspace/.stestr.conf" ] || printf '[DEFAULT]\ntest_path=%s\ntop_dir=%s\n' \
  /usr/lib/python3/dist-packages/tempest/test_discover /usr/lib/python3/dist-packages > "$workspace/.stestr.conf"
web_pid=""
trap '[ -z "$web_pid" ] || kill "$web_pid" 2>/dev/null || true' EXIT
if [ "${ALTUS_TEMPEST_WEB_DOWNLOAD:-0}" = 1 ]; then
  mkdir -p "$workspace/web"
  [ -f "$workspace/web/disk.qcow2" ] || qemu-img create -q -f qcow2 "$workspace/web/disk.qcow2" 16M
  web_port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  /usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$workspace/web" "$web_port" \
    > "$workspace/web.log" 2>&1 &
  web_pid=$!
  for _ in $(seq 1 50); do
    curl -sf -o /dev/null "http://127.0.0.1:$web_port/disk.qcow2" && break
    sleep 0.1
  done
  export ALTUS_TEMPEST_HTTP_IMAGE="http://127.0.0.1:$web_port/disk.qcow2"
fi
/usr/bin/python3 "$here/write_conf.py" "$data_dir/clouds.yaml" > "$workspace/etc/tempest.conf"

cd "$workspace"
args=(run --config-file "$workspace/etc/tempest.conf" --concurrency "$concurrency")
if [ -n "$include" ]; then args+=(--include-list "$include"); fi
if [ -n "$regex" ]; then args+=(--regex "$regex"); fi
set +e
/usr/bin/tempest "${args[@]}" > "$workspace/run.log" 2>&1
rc=$?
set -e
/usr/bin/python3 "$here/summarize.py" "$workspace/run.log" "$workspace/passed.txt" | tee "$workspace/summary.txt"
exit $rc
