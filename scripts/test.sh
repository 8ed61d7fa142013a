#!/usr/bin/env bash
# The whole test suite, as CI runs it: install what is missing, then types, lint, the manifest against
# the Office XSDs, a production build, every Jest test, and the corpus of published forms scored
# (`npm run corpus`: fails on any false error or on less than 95% of the expected findings found).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh
echo "== 类型检查 / typecheck" && npx tsc --noEmit -p tsconfig.json
echo "== 代码检查 / lint" && npx eslint .
echo "== 清单校验 / manifest" && bash scripts/validate-manifest.sh manifest.xml
echo "== 构建 / build" && npx webpack --mode production --no-stats
echo "== 构建后的清单 / built manifest" && bash scripts/validate-manifest.sh dist/manifest.xml
echo "== 测试 / tests" && npx jest --ci "$@"
echo "== 语料 / corpus of published forms" && npm run --silent corpus
