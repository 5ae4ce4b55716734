#!/usr/bin/env bash
# `npm test`: everything CI checks, in order: types, lint, unit and integration tests, the bundle,
# then the end-to-end tests against that bundle in Chromium. Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
results="$(mktemp -d)"
echo "== type-check (node, web and test projects)"
npx tsc -p tsconfig.node.json --noEmit
npx tsc -p tsconfig.web.json --noEmit
npx tsc -p tsconfig.test.json --noEmit
echo "== lint"
npx eslint . --max-warnings 0
echo "== unit and integration tests (the service suite on SQLite and on a throwaway PostgreSQL)"
status=0
npx vitest run --project unit --project integration --project integration-pg --reporter=default --reporter=json --outputFile.json="$results/main.json" || status=$?
echo "== build (electron-vite)"
npx electron-vite build
echo "== end-to-end tests (Chromium)"
npx vitest run --project e2e --reporter=default --reporter=json --outputFile.json="$results/e2e.json" || status=$?
node -e '
  const fs = require("fs");
  let passed = 0, failed = 0;
  for (const f of process.argv.slice(1)) {
    if (!fs.existsSync(f)) { failed++; continue; }
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests;
  }
  console.log(`${passed} passed, ${failed} failed`);
' "$results/main.json" "$results/e2e.json"
exit $status
