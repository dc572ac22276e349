#!/usr/bin/env bash
# The whole test suite: lint + typecheck, unit + integration (Vitest), build, browser tests (Playwright).
# Ends with one line of totals taken from the runners' JSON reports.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports
rm -f reports/vitest.json reports/playwright.json
status=0

echo "== lint + typecheck"
npm run -s check || status=1

echo "== unit + integration tests (Vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json || status=1

echo "== demo shards + production build"
npm run -s build-data -- --demo --out public/data || status=1
npm run -s build || status=1

echo "== browser tests (Playwright, Debian Chromium)"
if [ -d test/e2e ] && ls test/e2e/*.spec.ts >/dev/null 2>&1; then
  PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright.json npx playwright test --reporter=list,json || status=1
fi

node scripts/test-totals.mjs reports/vitest.json reports/playwright.json || status=1
exit $status
