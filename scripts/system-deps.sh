#!/usr/bin/env bash
# Debian packages the test suite uses: a real Secret Service (gnome-keyring on a
# D-Bus session bus; libsecret-tools' secret-tool checks it is up and reads back what
# the cockpit stored) and tmux for the end-to-end screen tests. Installs only what
# is missing; without root it says what to install and the tests that need it skip.
set -euo pipefail
need=()
command -v gnome-keyring-daemon >/dev/null || need+=(gnome-keyring)
command -v dbus-daemon >/dev/null || need+=(dbus-daemon)
command -v dbus-run-session >/dev/null || need+=(dbus)
command -v dbus-send >/dev/null || need+=(dbus)
command -v secret-tool >/dev/null || need+=(libsecret-tools)
command -v tmux >/dev/null || need+=(tmux)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "system-deps: please install ${need[*]} (apt-get install ${need[*]}); tests needing them will skip" >&2
fi
