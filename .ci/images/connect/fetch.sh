#!/usr/bin/env bash
# Runs on the HOST before `docker build` of shoreline-ci/connect (context docker/connect, Dockerfile there).
# Resolves the connector plugins of docker/connect/plugins.json into docker/connect/plugins/ (gitignored) with the
# product's own script; Maven's local repository is the CI cache so reruns need no network. ($1, the artifacts
# dir build.sh passes, is not used: the product's Dockerfile copies plugins/.)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
export MAVEN_REPO_LOCAL=${MAVEN_REPO_LOCAL:-${SHORELINE_CI_CACHE:-$HOME/.cache/shoreline-ci}/m2}
exec "$ROOT/docker/connect/fetch-plugins.sh"
