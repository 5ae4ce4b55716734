#!/usr/bin/env bash
# `npm test`: everything CI checks, in order: types, lint, unit and integration tests, the bundle,
# then the end-to-end tests against that bundle in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== type-check (node and web projects)"
npx tsc -p tsconfig.node.json --noEmit
npx tsc -p tsconfig.web.json --noEmit
echo "== lint"
npx eslint . --max-warnings 0
echo "== unit and integration tests"
npx vitest run --project unit --project integration
echo "== build (electron-vite)"
npx electron-vite build
echo "== end-to-end tests (Chromium)"
npx vitest run --project e2e
