#!/usr/bin/env bash
# The whole test suite: type check, build, unit tests, then the layers that run
# inside a real VS Code. Each layer prints its own `N passed, N failed` summary.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== type check"
npx tsc -p . --noEmit
echo "== build"
npm run build --silent
echo "== unit tests"
node scripts/run-unit-tests.mjs
