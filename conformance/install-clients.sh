#!/usr/bin/env bash
# Installs what the conformance suites need from Debian's packages, if missing:
# the openstack CLI (python3-openstackclient 6.0.0), the glance CLI (its web-download import, which
# the openstack CLI 6.0.0 lacks), Tempest 33, wrk, qemu-utils and novnc (the web client the
# cloud's console proxy serves from /usr/share/novnc).
set -euo pipefail
need=()
[ -x /usr/bin/openstack ] || need+=(python3-openstackclient)
[ -x /usr/bin/tempest ] || need+=(tempest)
[ -x /usr/bin/glance ] || need+=(python3-glanceclient)  # image CLI scenario: web-download import
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v qemu-img >/dev/null 2>&1 || need+=(qemu-utils)  # image service: virtual_size, CLI scenario
[ -f /usr/share/novnc/vnc_lite.html ] || need+=(novnc)  # console proxy: console URLs, CLI scenario
[ -x /usr/bin/chromium ] || need+=(chromium)  # conformance/java: console URLs opened with Playwright
command -v genisoimage >/dev/null 2>&1 || need+=(genisoimage)  # config drives (tests read them with isoinfo)
if [ ${#need[@]} -gt 0 ]; then
  echo "install-clients: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${need[@]}" >&2
fi
