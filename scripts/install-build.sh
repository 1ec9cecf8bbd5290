#!/usr/bin/env bash
# What building Altus needs beyond the JDK: node and npm for the dashboard's browser side
# (dashboard/web, built by Vite during the Maven build). Installs Debian's nodejs and npm when
# either is missing; called by ./altus before it builds and by ./run-tests. Without root (or
# password-less sudo) or apt-get it says what to install and fails, as the build would.
set -uo pipefail
need=()
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
[ ${#need[@]} -eq 0 ] && exit 0
fail() { echo "altus: $1: apt-get install ${need[*]} (the dashboard's pages are built with npm)" >&2; exit 1; }
# shellcheck source=scripts/apt-install.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"
apt_can_install || fail "${need[*]} missing and $apt_why"
echo "altus: installing ${need[*]} from Debian's packages (to build the dashboard)..." >&2
apt_install "${need[@]}" || fail "installing ${need[*]} failed"
