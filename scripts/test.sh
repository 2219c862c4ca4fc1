#!/usr/bin/env bash
# The whole test suite in one command: prepares the host, builds, then runs unit, Docker
# integration and Playwright (Chromium) tests, and prints one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-host.sh || exit 1
mkdir -p .tmp
rm -f .tmp/*.tap .tmp/e2e.json

status=0
echo; echo "== unit tests"
node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=.tmp/unit.tap backend/dist/test/unit/ extensions/*/lib/ || status=1
echo; echo "== integration tests (real Docker engine)"
node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=.tmp/integration.tap backend/dist/test/integration/ || status=1
echo; echo "== end-to-end tests (real Theia in Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=../.tmp/e2e.json npm test -w @ide/e2e -- --reporter=list,json || status=1

node scripts/test-summary.mjs .tmp || status=1
exit $status
