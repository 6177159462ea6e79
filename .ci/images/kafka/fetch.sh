#!/usr/bin/env bash
# Runs on the HOST (called by .ci/images/build.sh with the artifacts dir as $1).
# Copies the Kafka jars listed in ./pom.xml (and their runtime dependencies) from Maven Central into "$1/libs".
# Idempotent: skipped when "$1/libs" was filled from the same pom.xml. Maven's local repository is kept in
# ${SHORELINE_CI_CACHE:-~/.cache/shoreline-ci}/m2 so reruns need no network.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:?usage: fetch.sh ARTIFACTS_DIR}
CACHE=${SHORELINE_CI_CACHE:-$HOME/.cache/shoreline-ci}
mkdir -p "$OUT" "$CACHE/m2"
stamp=$(cat "$HERE/pom.xml" "$0" | sha256sum | cut -c1-16)
if [ -f "$OUT/libs/.stamp" ] && [ "$(cat "$OUT/libs/.stamp")" = "$stamp" ]; then
  echo "[kafka/fetch] libs up to date ($(ls "$OUT/libs" | wc -l) jars)"; exit 0
fi
# Every repository a POM may declare is routed to Maven Central (the only Maven repository CI reaches).
cat > "$CACHE/maven-central-only.xml" <<'XML'
<settings><mirrors><mirror><id>central-only</id><mirrorOf>*,!central</mirrorOf><url>https://repo.maven.apache.org/maven2</url></mirror></mirrors></settings>
XML
rm -rf "$OUT/libs.tmp"
mvn -B -q -gs "$CACHE/maven-central-only.xml" -Dmaven.repo.local="$CACHE/m2" -f "$HERE/pom.xml" \
  dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$OUT/libs.tmp" >"$CACHE/kafka-fetch.log" 2>&1 \
  || { tail -40 "$CACHE/kafka-fetch.log" >&2; exit 1; }
echo "$stamp" > "$OUT/libs.tmp/.stamp"
rm -rf "$OUT/libs" && mv "$OUT/libs.tmp" "$OUT/libs"
echo "[kafka/fetch] $(ls "$OUT/libs" | wc -l) jars in $OUT/libs"
