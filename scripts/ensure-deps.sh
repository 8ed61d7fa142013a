#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: the Debian packages its tests use, then the npm
# packages from package-lock.json. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian packages: xmllint checks the manifest against the Office XSDs; LibreOffice recalculates
# formulas and writes the .xls, .docx and PDF files the format tests read.
apt_packages=()
command -v xmllint >/dev/null 2>&1 || apt_packages+=(libxml2-utils)
command -v soffice >/dev/null 2>&1 || apt_packages+=(libreoffice-calc-nogui)
# Writer: the tests make .docx (and PDFs of Word documents) with a real writer.
dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || apt_packages+=(libreoffice-writer-nogui)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || apt_packages+=(fonts-noto-cjk)
command -v pdfinfo >/dev/null 2>&1 || apt_packages+=(poppler-utils)
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
if [ "${#apt_packages[@]}" -gt 0 ]; then
  echo "安装系统软件包 / installing Debian packages: ${apt_packages[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_packages[@]}"
fi

# npm packages exactly as package-lock.json lists them (`npm ci`), when node_modules is missing or older
# than the lock. The lock lists every platform's optional native bindings (npm records them on any
# platform), so `npm ci` installs it as it is and leaves it unchanged. `npm ci` also builds the
# command-line tool (`prepare`: npm run build:cli).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "安装 npm 依赖 / installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
