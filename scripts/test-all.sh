#!/usr/bin/env bash
# The whole test suite: type check, build, unit tests, then the layers that run
# inside a real VS Code. Each layer prints its own `N passed, N failed` summary.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== type check"
npx tsc -p . --noEmit
echo "== build"
npm run build --silent
echo "== redis-server for the queue tests (seconds when already installed)"
bash scripts/redis/install.sh
echo "== unit tests"
node scripts/run-unit-tests.mjs
echo "== install the test VS Code: code-server and Chromium (seconds when already installed)"
bash scripts/vscode-test/install.sh
# Both VS Code layers run even when the first fails, so one run shows every failure.
vscode_status=0
echo "== VS Code integration tests (mocha inside code-server's extension host)"
node --import tsx scripts/vscode-test/harness.mjs integration || vscode_status=1
echo "== browser tests (Playwright driving the workbench)"
node --import tsx scripts/vscode-test/harness.mjs browser || vscode_status=1
echo "== package tests (npm run package, then the .vsix installed into code-server and activated)"
node --import tsx scripts/vscode-test/harness.mjs package || vscode_status=1
exit "$vscode_status"
