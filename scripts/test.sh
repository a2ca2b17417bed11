#!/usr/bin/env bash
# `npm test`: static checks, build, then the whole suite (unit, CLI, relay, browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
echo "== typecheck"; npx tsc --noEmit
echo "== lint"; npx eslint . && npx prettier --check . >/dev/null
echo "== build"; npx vite build --logLevel warn && npx vite build --mode test --logLevel warn && node scripts/build-node.mjs
echo "== tests"; npx vitest run
