#!/usr/bin/env bash
# The main job on built-in example data: checks the bundled example forms and prints the findings.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh >&2
exec node -r ts-node/register/transpile-only src/cli/example.ts "$@"
