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
npx vsce package --no-dependencies --no-rewrite-relative-links -o dist/shoreline.vsix >.cache/vsce.log 2>&1 \
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

# SHORELINE_VSCODE_RUNS=main,untrusted picks the harness invocations (default both); SHORELINE_UI_ONLY without "trust"
# skips the untrusted one
RUNS=${SHORELINE_VSCODE_RUNS:-main,untrusted}
if [ -n "${SHORELINE_UI_ONLY:-}" ] && [ -z "${SHORELINE_VSCODE_RUNS:-}" ] && [[ ",$SHORELINE_UI_ONLY," != *,trust* ]]; then RUNS=main; fi
total_p=0 total_f=0 rc=0
# adds the "vscode: N passed, N failed" line of one harness log to the totals (a missing line counts as 1 failure)
count() {
  local line; line=$(grep -E '^vscode: [0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
  if [ -z "$line" ]; then total_f=$((total_f + 1)); return; fi
  local p=${line#vscode: }; p=${p%% passed*}; local f=${line##*passed, }; f=${f%% failed*}
  total_p=$((total_p + p)); total_f=$((total_f + f))
}

if [[ ",$RUNS," == *,main,* ]]; then
  node .ci/e2e/harness.js --ext "$ROOT" --tests "$ROOT/out/test/vscode/index.js" \
    --vsix "$ROOT/dist/shoreline.vsix" --ui "$ROOT/out/test/ui/index.js" \
    --settings "$SETTINGS" --timeout 900 --ui-timeout 900 \
    --env "SHORELINE_ACTIVATION_FILE=$ROOT/.cache/activation.json" --env "SHORELINE_ARTIFACTS=$ART" 2>&1 | tee .cache/vscode-main.log
  [ "${PIPESTATUS[0]}" = 0 ] || rc=1
  count .cache/vscode-main.log
  cli down --volumes >/dev/null 2>&1 || true
fi

# Workspace trust: the same VSIX in a workspace folder opened in Restricted Mode (trust on, no trust given, no startup
# prompt). Its own project and ports, and only postgres in shoreline.services, so a build that wrongly starts the stack
# starts little; src/test/ui/trustRefusals.ts checks that Start Stack / Run SQL / Apply Connector are refused and that
# the engine holds nothing of the project.
if [[ ",$RUNS," == *,untrusted,* ]]; then
  UPROJECT=shoreline-vscode-trust
  UWS=.cache/vscode-untrusted-ws
  rm -rf "$UWS" && mkdir -p "$UWS/connectors" "$UWS/sql"
  printf 'select count(*) from film;\n' > "$UWS/sql/count-films.sql"
  cat > "$UWS/connectors/films-source.connector.json" <<'JSON'
{
  "name": "films-source",
  "config": {
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "database.hostname": "postgres",
    "database.port": "5432",
    "database.user": "postgres",
    "database.password": "${shoreline:postgres.password}",
    "database.dbname": "pagila",
    "topic.prefix": "films",
    "table.include.list": "public.film"
  }
}
JSON
  USETTINGS=.cache/vscode-untrusted-settings.json
  sed -e "s/\"$PROJECT\"/\"$UPROJECT\"/" -e 's/: 220\([0-9][0-9]\),/: 221\1,/' "$SETTINGS" | head -n -1 > "$USETTINGS"
  cat >> "$USETTINGS" <<JSON
  ,"shoreline.services": ["postgres"],
  "security.workspace.trust.enabled": true,
  "security.workspace.trust.startupPrompt": "never",
  "security.workspace.trust.untrustedFiles": "open"
}
JSON
  ucli() { SHORELINE_PROJECT=$UPROJECT SHORELINE_PORT_POSTGRES=22132 SHORELINE_SERVICES=postgres SHORELINE_IMAGE_POSTGRES=$(img postgres) node dist/cli.js "$@"; }
  ucli down --volumes >/dev/null 2>&1 || true
  node .ci/e2e/harness.js --ext "$ROOT" --ui-only --vsix "$ROOT/dist/shoreline.vsix" --ui "$ROOT/out/test/ui/trustRefusals.js" \
    --settings "$USETTINGS" --workspace "$UWS" --ui-timeout 300 --env "SHORELINE_ARTIFACTS=$ART" 2>&1 | tee .cache/vscode-untrusted.log
  [ "${PIPESTATUS[0]}" = 0 ] || rc=1
  count .cache/vscode-untrusted.log
  ucli down --volumes >/dev/null 2>&1 || true
fi
[ "$total_f" = 0 ] || rc=1
echo "vscode: $total_p passed, $total_f failed"
exit $rc
