#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: the Debian packages its tests use, then the npm
# packages from package-lock.json. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian packages: xmllint checks the manifest against the Office XSDs.
apt_packages=()
command -v xmllint >/dev/null 2>&1 || apt_packages+=(libxml2-utils)
command -v soffice >/dev/null 2>&1 || apt_packages+=(libreoffice-calc-nogui)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || apt_packages+=(fonts-noto-cjk)
command -v pdfinfo >/dev/null 2>&1 || apt_packages+=(poppler-utils)
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
if [ "${#apt_packages[@]}" -gt 0 ]; then
  echo "安装系统软件包 / installing Debian packages: ${apt_packages[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_packages[@]}"
fi

# npm packages at the versions of package-lock.json; skipped when node_modules is newer than the lock.
# `npm install` rather than `npm ci`: the registry this project installs from lacks some other
# platforms' optional native bindings (e.g. @unrs/resolver-binding-android-*), which `npm ci` insists
# on finding in the lock file, while `npm install` skips them as optional.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "安装 npm 依赖 / installing npm packages"
  npm install --no-audit --no-fund
fi
