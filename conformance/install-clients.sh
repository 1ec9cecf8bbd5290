#!/usr/bin/env bash
# Installs what the conformance suites need from Debian's packages, if missing:
# the openstack CLI (python3-openstackclient 6.0.0), the glance CLI (its web-download import, which
# the openstack CLI 6.0.0 lacks), Tempest 33, wrk, qemu-utils and novnc (the web client the
# cloud's console proxy serves from /usr/share/novnc), dnsmasq-base and busybox-static (the data
# plane's DHCP servers, and the namespace guests of its tests: udhcpc, ping, nc), and the
# PostgreSQL, MariaDB and RabbitMQ servers of the Maven tests.
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
[ -x /usr/sbin/dnsmasq ] || need+=(dnsmasq-base)  # the data plane's DHCP agent
[ -x /bin/busybox ] || [ -x /usr/bin/busybox ] || need+=(busybox-static)  # namespace guests in tests
command -v curl >/dev/null 2>&1 || need+=(curl)
# Tempest's scenario tests and the walkthrough ping floating IPs from the host and SSH into guests
[ -x /usr/bin/ping ] || need+=(iputils-ping)
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)  # L3 data-plane tests: a guest's metadata request
# the qemu driver's tests boot a busybox guest on the host's kernel from a syslinux FAT disk
command -v qemu-system-x86_64 >/dev/null 2>&1 || need+=(qemu-system-x86)
ls /boot/vmlinuz-* >/dev/null 2>&1 || need+=(linux-image-amd64)
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
command -v syslinux >/dev/null 2>&1 || need+=(syslinux)
command -v mcopy >/dev/null 2>&1 || need+=(mtools)
command -v mkfs.vfat >/dev/null 2>&1 || need+=(dosfstools)
# the servers the Maven tests run against (scripts/test-{postgres,mariadb,rabbitmq}.sh start them)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need+=(rabbitmq-server)
if [ ${#need[@]} -gt 0 ]; then
  echo "install-clients: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${need[@]}" >&2
fi
