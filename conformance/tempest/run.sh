#!/usr/bin/env bash
# Runs Debian's Tempest 33 against a running Altus cloud and prints passed/failed/skipped.
#
#   conformance/tempest/run.sh --data-dir DIR [--regex REGEX | --include-list FILE] [--workspace DIR]
#
# DIR is the cloud's data dir (its clouds.yaml gives the admin credentials and the auth URL).
# Installs tempest and the openstack client from Debian's packages if they are missing.
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
