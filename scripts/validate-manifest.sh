#!/usr/bin/env bash
# Offline check of an Office add-in XML manifest against the XSD schemas in scripts/office-manifest-xsd/.
# 离线校验 Office 加载项 XML 清单（manifest.xml），不需要联网。
#
# Usage / 用法: bash scripts/validate-manifest.sh manifest.xml
#               bash scripts/validate-manifest.sh dist/manifest.xml
# Needs xmllint (Debian/Ubuntu package libxml2-utils). Exit codes: 0 valid, 1 invalid, 2 usage or missing tool.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
schema="$here/office-manifest-xsd/OfficeAppManifestV1_1.xsd"

if [ $# -ne 1 ]; then
  echo "用法 / usage: bash $0 path/to/manifest.xml" >&2
  exit 2
fi
if [ ! -f "$1" ]; then
  echo "找不到文件 / file not found: $1" >&2
  exit 2
fi
if ! command -v xmllint >/dev/null 2>&1; then
  {
    echo "未找到 xmllint，无法离线校验清单。请先安装：sudo apt-get install -y libxml2-utils"
    echo "  （macOS 自带 xmllint；Windows 可在 WSL 中安装。）"
    echo "xmllint not found, so the manifest cannot be validated offline. Install it with: sudo apt-get install -y libxml2-utils"
    echo "  (macOS ships xmllint; on Windows use WSL.)"
  } >&2
  exit 2
fi

if xmllint --noout --schema "$schema" "$1"; then
  exit 0
else
  echo "清单未通过 XSD 校验 / manifest failed XSD validation: $1" >&2
  exit 1
fi
