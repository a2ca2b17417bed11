#!/usr/bin/env bash
# `npm test`: static checks and the builds (side by side: each is mostly one
# core's work), then the whole suite (unit, CLI, relay, browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
# name -> command; each runs in the background with its output kept apart, printed when it ends.
declare -A checks=(
  [typecheck]='npx tsc --noEmit'
  [lint]='npx eslint . && npx prettier --check . >/dev/null'
  [build]='npx vite build --logLevel warn && npx vite build --mode test --logLevel warn && node scripts/build-node.mjs'
)
declare -A pids=()
for name in "${!checks[@]}"; do
  bash -c "${checks[$name]}" >"$logs/$name" 2>&1 &
  pids[$name]=$!
done
failed=()
for name in typecheck lint build; do
  if wait "${pids[$name]}"; then status=ok; else status=FAILED; failed+=("$name"); fi
  echo "== $name: $status"
  cat "$logs/$name"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "npm test: ${failed[*]} failed (output above)" >&2
  exit 1
fi
echo "== tests"; npx vitest run
