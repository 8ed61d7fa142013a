#!/usr/bin/env bash
# The whole test suite, as CI runs it: install what is missing, then types, lint, the manifest against
# the Office XSDs, a production build, every Jest test, and the corpus of published forms scored
# (`npm run corpus`: fails on any false error or on less than 95% of the expected findings found).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
lock_before="$(sha256sum package-lock.json)"
bash scripts/ensure-deps.sh
# The install must not change the lock: a lock that `npm ci` rewrites gives no reproducible install.
if [ "$(sha256sum package-lock.json)" != "$lock_before" ]; then
  echo "package-lock.json 在安装时被改动 / the install changed package-lock.json" >&2
  exit 1
fi
echo "== 命令行工具编译 / CLI build" && npm run --silent build:cli
echo "== 类型检查 / typecheck" && npx tsc --noEmit -p tsconfig.json
echo "== 代码检查 / lint" && npx eslint .
echo "== 清单校验 / manifest" && bash scripts/validate-manifest.sh manifest.xml
echo "== 构建 / build" && npx webpack --mode production --no-stats
echo "== 构建后的清单 / built manifest" && bash scripts/validate-manifest.sh dist/manifest.xml
echo "== 测试 / tests" && npx jest --ci "$@"
echo "== 语料 / corpus of published forms" && npm run --silent corpus
