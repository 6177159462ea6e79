#!/usr/bin/env bash
# Runs on the HOST: the wheels pinned in requirements.txt for this image's Python into "$1"/wheels
# (see ../lib/fetch-wheels.sh).
# Image Python: Debian bookworm's CPython 3.11 (glibc x86_64).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
exec "$HERE/../lib/fetch-wheels.sh" 3.11 cp311 "$HERE" "${1:?usage: fetch.sh ARTIFACTS_DIR}"
