#!/usr/bin/env bash
# The real-VS-Code test tier: packages the extension, then runs .ci/e2e/harness.js
#   phase 1: mocha tests inside the extension host (activation, command table, Start Stack, CLI interop);
#   phase 2: the installed VSIX driven through Chromium: out/test/ui/index.js registers every src/test/ui/*.ui.ts
#            (Stack view healthy after "Shoreline: Start Stack", then the connector form, ...).
# The stack runs as project "shoreline-vscode" on ports 22xxx with the stand-in images (.ci/images/*/tag) and is
# removed with its volumes at the end. Prints "vscode: N passed, N failed" last (from the harness).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
ART=${SHORELINE_ARTIFACTS:-$ROOT/.cache/artifacts}
mkdir -p "$ART" .cache
img() { echo "shoreline-ci/$1:$(tr -d ' \n' < ".ci/images/$1/tag")"; }
PROJECT=shoreline-vscode
PAGILA=${SHORELINE_PAGILA_SOURCE:-$(cd "$ROOT/.." && pwd)/shared/data/pagila}
[ -f "$PAGILA/pagila-schema.sql" ] || [ ! -f /work/shared/data/pagila/pagila-schema.sql ] || PAGILA=/work/shared/data/pagila

npm run -s build || { echo "vscode: 0 passed, 1 failed"; exit 1; }
npx vsce package --no-dependencies -o dist/shoreline.vsix >.cache/vsce.log 2>&1 \
  || { cat .cache/vsce.log; echo "vscode: 0 passed, 1 failed"; exit 1; }
echo "[vscode] $(tail -1 .cache/vsce.log)"

SETTINGS=.cache/vscode-settings.json
cat > "$SETTINGS" <<JSON
{
  "shoreline.project": "$PROJECT",
  "shoreline.images.kafka": "$(img kafka)",
  "shoreline.images.connect": "$(img connect)",
  "shoreline.images.postgres": "$(img postgres)",
  "shoreline.images.mongo": "$(img mongo)",
  "shoreline.images.localstack": "$(img aws)",
  "shoreline.ports.kafka": 22092,
  "shoreline.ports.connect": 22083,
  "shoreline.ports.postgres": 22032,
  "shoreline.ports.mongo": 22017,
  "shoreline.ports.localstack": 22066,
  "shoreline.postgres.password": "shoreline-vscode-pw",
  "shoreline.pagila.source": "$PAGILA"
}
JSON

# the CLI with the same settings, to clean up before and after
cli() {
  SHORELINE_PROJECT=$PROJECT SHORELINE_PORT_KAFKA=22092 SHORELINE_PORT_CONNECT=22083 SHORELINE_PORT_POSTGRES=22032 \
  SHORELINE_PORT_MONGO=22017 SHORELINE_PORT_LOCALSTACK=22066 SHORELINE_POSTGRES_PASSWORD=shoreline-vscode-pw \
  SHORELINE_IMAGE_KAFKA=$(img kafka) SHORELINE_IMAGE_CONNECT=$(img connect) SHORELINE_IMAGE_POSTGRES=$(img postgres) \
  SHORELINE_IMAGE_MONGO=$(img mongo) SHORELINE_IMAGE_LOCALSTACK=$(img aws) node dist/cli.js "$@"
}
cli down --volumes >/dev/null 2>&1 || true

node .ci/e2e/harness.js --ext "$ROOT" --tests "$ROOT/out/test/vscode/index.js" \
  --vsix "$ROOT/dist/shoreline.vsix" --ui "$ROOT/out/test/ui/index.js" \
  --settings "$SETTINGS" --timeout 900 --ui-timeout 900 \
  --env "SHORELINE_ACTIVATION_FILE=$ROOT/.cache/activation.json" --env "SHORELINE_ARTIFACTS=$ART"
rc=$?
cli down --volumes >/dev/null 2>&1 || true
exit $rc
