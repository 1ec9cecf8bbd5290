# Sourced by the install scripts. apt_can_install: whether Debian packages can be installed here
# (apt-get, and root or password-less sudo); if not, the reason is in $apt_why.
# apt_install PKG...: installs them, updating the package lists once if the first try fails.
apt_sudo=()
apt_can_install() {
  apt_why=""
  command -v apt-get >/dev/null 2>&1 || { apt_why="no apt-get here"; return 1; }
  if [ "$(id -u)" -ne 0 ]; then
    sudo -n true 2>/dev/null || { apt_why="no root to install them"; return 1; }
    apt_sudo=(sudo -n)
  fi
}
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  "${apt_sudo[@]}" apt-get install -y -qq "$@" >/dev/null 2>&1 && return 0
  "${apt_sudo[@]}" apt-get update -qq >/dev/null 2>&1
  "${apt_sudo[@]}" apt-get install -y -qq "$@" >/dev/null 2>&1
}
