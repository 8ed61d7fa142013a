#!/usr/bin/env bash
# The main job on built-in example data: zpb makes a blank template, then checks it together with the
# bundled example workbooks (a correct form, a form with the usual mistakes — also as PDF and Word —, an expert panel's 专家评分表, the 11 real Minhang forms in
# the layout units already use, and a damaged file) and prints every finding with its cell.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh >&2
npm run --silent build:cli >&2
out="$(mktemp -d)"
echo "== zpb template --template sh-district-2023 --year 2024"
node bin/zpb.js template --template sh-district-2023 --year 2024 --out "$out/自评表模板-2024.xlsx"
echo
echo "== zpb check examples/ 自评表模板-2024.xlsx --summary 汇总.xlsx"
status=0
node bin/zpb.js check examples/ "$out/自评表模板-2024.xlsx" --summary "$out/汇总.xlsx" "$@" || status=$?
echo
echo "zpb check 的退出码 / exit status: $status（0 无错误，1 有表存在错误，2 有文件无法读取）"
echo "生成的文件 / files written: $out"
