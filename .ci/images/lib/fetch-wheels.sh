#!/usr/bin/env bash
# Shared by the Python-based stand-in images (aws, moto). Runs on the HOST (containers cannot reach PyPI over TLS):
# puts the wheels pinned in IMAGE_DIR/requirements.txt, built for the image's Python, into OUT/wheels.
#   fetch-wheels.sh PYVER ABI IMAGE_DIR OUT        e.g. fetch-wheels.sh 3.11 cp311 .ci/images/moto artifacts
# Cached per lock-file hash under ~/.cache/shoreline-ci/wheels/; a complete cache is reused without network.
# A package that has no matching wheel is downloaded as an sdist and built into a wheel on the host; that is
# accepted only when the result is pure Python (*-none-any.whl), since the host's Python is not the image's.
set -euo pipefail
PYVER=${1:?usage: fetch-wheels.sh PYVER ABI IMAGE_DIR OUT} ABI=${2:?} HERE=$(cd "${3:?}" && pwd)
NAME=$(basename "$HERE")
OUT=${4:?}
LOCK=$HERE/requirements.txt
CACHE=${SHORELINE_CI_CACHE:-$HOME/.cache/shoreline-ci}/wheels/$NAME-$(sha256sum "$LOCK" | cut -c1-12)
PIP=(${PYTHON:-python3} -m pip)

if [ ! -f "$CACHE/.complete" ]; then
  mkdir -p "$CACHE"
  # old pip does not widen manylinux_2_36 to older glibc tags by itself: list them all
  plat=(--platform manylinux2014_x86_64 --platform manylinux2010_x86_64 --platform manylinux1_x86_64)
  for i in $(seq 5 36); do plat+=(--platform "manylinux_2_${i}_x86_64"); done
  bin=(download -q --no-deps --only-binary=:all: --python-version "$PYVER" --implementation cp
       --abi "$ABI" --abi abi3 --abi none "${plat[@]}" -d "$CACHE")
  if ! "${PIP[@]}" "${bin[@]}" -r "$LOCK" 2>/dev/null; then
    grep -E '^[A-Za-z0-9]' "$LOCK" | while read -r req; do
      "${PIP[@]}" "${bin[@]}" "$req" 2>/dev/null && continue
      echo "[$NAME] no wheel for $req; building one from the sdist" >&2
      tmp=$(mktemp -d)
      "${PIP[@]}" wheel -q --no-deps --no-binary=:all: "$req" -w "$tmp"
      ls "$tmp"/*-none-any.whl >/dev/null 2>&1 || { echo "[$NAME] $req is not pure Python; cannot build it here" >&2; exit 1; }
      mv "$tmp"/*.whl "$CACHE"/; rm -rf "$tmp"
    done
  fi
  touch "$CACHE/.complete"
fi
rm -rf "$OUT/wheels"; mkdir -p "$OUT/wheels"
cp "$CACHE"/*.whl "$OUT/wheels/"
