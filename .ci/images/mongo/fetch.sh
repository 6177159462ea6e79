#!/usr/bin/env bash
# Runs on the HOST (see ../build.sh). Builds a static FerretDB 1.x binary with the host's Go toolchain
# from the Go module proxy and puts it into "$1" (the artifacts dir). The binary is cached per version
# under ~/.cache/shoreline-ci/ferretdb/<version>/, so reruns only copy it.
set -euo pipefail
OUT=${1:?usage: fetch.sh <artifacts-dir>}
# The version lives in ./ferretdb-version so that changing it changes build.sh's input hash.
VERSION=${FERRETDB_VERSION:-$(tr -d ' \n' <"$(dirname "$0")/ferretdb-version")}
CACHE=${SHORELINE_CI_CACHE:-$HOME/.cache/shoreline-ci}/ferretdb/$VERSION
BIN=$CACHE/ferretdb
mkdir -p "$OUT"

if [ ! -x "$BIN" ]; then
  command -v go >/dev/null || { echo "fetch.sh: go is required on the host" >&2; exit 1; }
  echo "[mongo] building FerretDB $VERSION (first run only)" >&2
  t0=$SECONDS
  export GOFLAGS=-mod=mod CGO_ENABLED=0 GOTOOLCHAIN=${GOTOOLCHAIN:-local}
  # Download the module source into the module cache; -json prints its directory.
  src=$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$src" ] || { echo "fetch.sh: module download failed" >&2; exit 1; }
  work=$(mktemp -d); trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
  # The module cache is read-only; build from a copy. FerretDB panics at start-up unless
  # build/version/version.txt exists (normally generated from `git describe`), so write it here.
  cp -r "$src/." "$work/"; chmod -R u+w "$work"
  echo "$VERSION" > "$work/build/version/version.txt"
  echo "shoreline-ci" > "$work/build/version/package.txt"
  mkdir -p "$CACHE"
  (cd "$work" && go build -p "${SHORELINE_GO_P:-1}" -trimpath -ldflags='-s -w' -o "$BIN.tmp" ./cmd/ferretdb)
  mv "$BIN.tmp" "$BIN"
  echo "[mongo] FerretDB $VERSION built in $((SECONDS - t0))s" >&2
fi

# Copy only when different, so the build context (and docker's layer cache) stays stable.
cmp -s "$BIN" "$OUT/ferretdb" 2>/dev/null || install -m 0755 "$BIN" "$OUT/ferretdb"
echo "$VERSION" > "$OUT/ferretdb.version"
