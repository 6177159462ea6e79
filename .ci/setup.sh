#!/usr/bin/env bash
# Sets up a machine from nothing for the stack and the tests: Docker engine, npm packages, build,
# offline stand-in images, and (with --with-vscode) the real-VS-Code test rig. Idempotent and cached.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
t0=$SECONDS
step() { echo "[setup] $* ($((SECONDS - t0))s)"; }

step "Docker engine"
bash .ci/lib/engine.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
step "build"
npm run -s build
step "stand-in images"
bash .ci/images/build.sh
if [ "${1:-}" = "--with-vscode" ]; then
  step "VS Code test rig"
  bash .ci/e2e/setup.sh
fi
step "ready"
