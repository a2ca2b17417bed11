#!/usr/bin/env bash
# `npm test`: static checks, then the whole suite (unit, relay, browser).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck"; npx tsc --noEmit
echo "== lint"; npx eslint . && npx prettier --check . >/dev/null
echo "== tests"; npx vitest run
