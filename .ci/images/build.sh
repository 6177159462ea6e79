#!/usr/bin/env bash
# Build the offline stand-in images (shoreline-ci/<name>:<tag>) used by tests and CI.
# Each image folder has: Dockerfile, `tag` (the image tag), optional `fetch.sh` (runs on the HOST, writes
# downloaded artifacts into "$1" = the folder's artifacts/ dir, which is gitignored), optional `context`
# (a path, relative to the repo root, used as build context instead of the folder; e.g. docker/connect)
# and optional `build-args` (KEY=VALUE lines).
# An image is rebuilt only when the hash of its inputs changed (label dev.shoreline.ci.hash).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=${SHORELINE_CI_CACHE:-$HOME/.cache/shoreline-ci}
mkdir -p "$CACHE"
ORDER=(base postgres kafka connect mongo aws moto registry)
[ $# -gt 0 ] && ORDER=("$@")

inputs_hash() { # folder [extra folder]: hash of tracked-or-not files, excluding artifacts/
  (cd "$ROOT" && find "$@" -type f ! -path '*/artifacts/*' ! -path '*/plugins/*' -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16
}
label_of() { docker image inspect -f '{{index .Config.Labels "dev.shoreline.ci.hash"}}' "$1" 2>/dev/null || true; }

build_base() {
  local tag=shoreline-ci/debian:bookworm h
  h=$(inputs_hash .ci/images/base)
  if [ "$(label_of $tag)" = "$h" ]; then echo "[images] $tag up to date"; return; fi
  echo "[images] building $tag (mmdebstrap)"
  sh "$HERE/base/mkbase.sh" "$CACHE/bookworm.tar" >"$CACHE/mkbase.log" 2>&1 || { tail -30 "$CACHE/mkbase.log" >&2; exit 1; }
  docker import -c 'CMD ["bash"]' -c 'ENV LANG=C.UTF-8' -c "LABEL dev.shoreline.ci.hash=$h" "$CACHE/bookworm.tar" "$tag" >/dev/null
  rm -f "$CACHE/bookworm.tar"
}

build_one() {
  local name=$1 dir="$HERE/$1" tag ctx h args=()
  tag="shoreline-ci/$name:$(tr -d ' \n' <"$dir/tag")"
  ctx=$dir
  [ -f "$dir/context" ] && ctx="$ROOT/$(tr -d ' \n' <"$dir/context")"
  local shared=(); grep -qs 'lib/' "$dir/fetch.sh" && shared=(.ci/images/lib)   # shared fetch helpers count too
  h=$(inputs_hash ".ci/images/$name" "${ctx#$ROOT/}" "${shared[@]}" | cut -c1-16)
  h="$h-$(label_of shoreline-ci/debian:bookworm | cut -c1-8)"
  # an image built FROM another stand-in (build-args KEY=shoreline-ci/...) is rebuilt when that one changes
  if [ -f "$dir/build-args" ]; then
    local dep; for dep in $(sed -n 's/^[A-Z_]*=\(shoreline-ci\/.*\)$/\1/p' "$dir/build-args"); do h="$h-$(label_of "$dep" | cut -c1-8)"; done
  fi
  if [ "$(label_of "$tag")" = "$h" ]; then echo "[images] $tag up to date"; return; fi
  echo "[images] building $tag"
  local t0=$SECONDS df="$dir/Dockerfile"
  [ -f "$df" ] || df="$ctx/Dockerfile"   # e.g. connect: the product's own docker/connect/Dockerfile
  if [ -x "$dir/fetch.sh" ]; then mkdir -p "$ctx/artifacts"; "$dir/fetch.sh" "$ctx/artifacts"; fi
  if [ -f "$dir/build-args" ]; then while IFS= read -r l; do [ -n "$l" ] && args+=(--build-arg "$l"); done <"$dir/build-args"; fi
  docker build -q --network host --force-rm --label "dev.shoreline.ci.hash=$h" "${args[@]}" \
    -f "$df" -t "$tag" "$ctx" >/dev/null
  echo "[images] $tag built in $((SECONDS - t0))s"
}

for n in "${ORDER[@]}"; do
  if [ "$n" = base ]; then build_base; elif [ -f "$HERE/$n/Dockerfile" ] || [ -f "$HERE/$n/context" ]; then build_one "$n"; else echo "[images] no $n image yet; skipped"; fi
done
