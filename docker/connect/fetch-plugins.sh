#!/usr/bin/env bash
# Resolves the Kafka Connect plugins listed in plugins.json (next to this script) from Maven into plugins/<name>/,
# the folder the Dockerfile copies onto the worker's plugin.path. Needs bash, mvn (3.6+) and a JDK on the host;
# the image build itself then needs no network (containers may not reach Maven repositories).
#
#   docker/connect/fetch-plugins.sh                   # resolve into docker/connect/plugins/
#   docker build -t shoreline/connect docker/connect  # optionally --build-arg KAFKA_IMAGE=apache/kafka:4.3.1
#
# Environment: MAVEN_REPO_LOCAL (Maven local repository, default: Maven's own ~/.m2/repository),
#              PLUGINS_JSON (default: plugins.json next to this script), PLUGINS_DIR (default: plugins/ next to it).
# Each plugin is resolved again only when its entry in plugins.json (or this script) changed; folders of plugins
# no longer listed are removed. Kafka's own jars (org.apache.kafka:*) and slf4j are left out: the worker provides them.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JSON=${PLUGINS_JSON:-$HERE/plugins.json}
OUT=${PLUGINS_DIR:-$HERE/plugins}
command -v mvn >/dev/null || { echo "fetch-plugins: mvn (Apache Maven) is needed on the host" >&2; exit 1; }
[ -f "$JSON" ] || { echo "fetch-plugins: $JSON not found" >&2; exit 1; }
mkdir -p "$OUT"
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
MVN=(mvn -B -q)
[ -n "${MAVEN_REPO_LOCAL:-}" ] && MVN+=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL")

# --- plugins.json -> "index<TAB>field<TAB>value" lines (a small JSON tokenizer; no jq/python needed) ---
grep -oE '"([^"\\]|\\.)*"|[][{}:,]|true|false|null|-?[0-9][0-9.eE+-]*' "$JSON" | awk '
  function unq(s) { if (s ~ /^"/) { s = substr(s, 2, length(s) - 2); gsub(/\\"/, "\"", s); gsub(/\\\\/, "\\", s) } return s }
  $0 == "{" || $0 == "[" { d++; typ[d] = $0; wantkey[d] = ($0 == "{"); key[d] = ""
                           if (d == 3 && key[1] == "plugins") n++; next }
  $0 == "}" || $0 == "]" { d--; next }
  $0 == ","              { if (typ[d] == "{") wantkey[d] = 1; next }
  $0 == ":"              { wantkey[d] = 0; next }
  { if (typ[d] == "{" && wantkey[d]) { key[d] = unq($0); next }
    if (key[1] != "plugins") next
    if (d == 3 && key[3] == "name") print n "\tname\t" unq($0)
    if (d == 4 && (key[3] == "maven" || key[3] == "exclude" || key[3] == "repositories")) print n "\t" key[3] "\t" unq($0) }
' > "$WORK/entries.tsv"
[ -s "$WORK/entries.tsv" ] || { echo "fetch-plugins: no plugins found in $JSON" >&2; exit 1; }

script_hash=$(sha256sum "$0" | cut -c1-16)
names=()
for i in $(cut -f1 "$WORK/entries.tsv" | sort -un); do
  field() { awk -F'\t' -v i="$i" -v f="$1" '$1 == i && $2 == f { print $3 }' "$WORK/entries.tsv"; }
  name=$(field name)
  [[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "fetch-plugins: plugin #$i: bad or missing name '$name'" >&2; exit 1; }
  names+=("$name")
  mapfile -t coords < <(field maven)
  mapfile -t excludes < <(field exclude)
  mapfile -t repos < <(field repositories)
  [ ${#coords[@]} -gt 0 ] || { echo "fetch-plugins: plugin $name has no maven coordinates" >&2; exit 1; }
  stamp=$( { echo "$script_hash"; awk -F'\t' -v i="$i" '$1 == i' "$WORK/entries.tsv"; } | sha256sum | cut -c1-16)
  if [ -f "$OUT/$name/.stamp" ] && [ "$(cat "$OUT/$name/.stamp")" = "$stamp" ]; then
    echo "[fetch-plugins] $name: up to date"; continue
  fi

  # one throwaway POM per plugin: its coordinates, with Kafka/slf4j and the plugin's excludes cut out
  excl="<exclusion><groupId>org.apache.kafka</groupId><artifactId>*</artifactId></exclusion>"
  excl+="<exclusion><groupId>org.slf4j</groupId><artifactId>*</artifactId></exclusion>"
  for e in "${excludes[@]}"; do excl+="<exclusion><groupId>${e%%:*}</groupId><artifactId>${e#*:}</artifactId></exclusion>"; done
  deps=""
  for c in "${coords[@]}"; do
    IFS=: read -r g a v extra <<<"$c"
    [ -n "$g" ] && [ -n "$a" ] && [ -n "$v" ] && [ -z "${extra:-}" ] || { echo "fetch-plugins: $name: bad coordinate '$c' (want group:artifact:version)" >&2; exit 1; }
    deps+="<dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version><exclusions>$excl</exclusions></dependency>"
  done
  repoxml="" mirrorOf="*,!central"
  for r in "${!repos[@]}"; do repoxml+="<repository><id>extra$r</id><url>${repos[$r]}</url></repository>"; mirrorOf+=",!extra$r"; done
  mkdir -p "$WORK/$name"
  cat > "$WORK/$name/pom.xml" <<XML
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local.connect-plugin</groupId><artifactId>$name</artifactId><version>0</version><packaging>pom</packaging>
<repositories>$repoxml</repositories><dependencies>$deps</dependencies></project>
XML
  # repositories declared inside third-party POMs are routed to Maven Central (only the listed ones are asked)
  cat > "$WORK/settings.xml" <<XML
<settings><mirrors><mirror><id>central-only</id><mirrorOf>$mirrorOf</mirrorOf><url>https://repo.maven.apache.org/maven2</url></mirror></mirrors></settings>
XML
  echo "[fetch-plugins] $name: resolving ${coords[*]}"
  rm -rf "$OUT/$name.tmp"
  if ! "${MVN[@]}" -gs "$WORK/settings.xml" -f "$WORK/$name/pom.xml" dependency:copy-dependencies \
       -DincludeScope=runtime -DoutputDirectory="$OUT/$name.tmp" >"$WORK/$name/mvn.log" 2>&1; then
    tail -30 "$WORK/$name/mvn.log" >&2; echo "fetch-plugins: resolving $name failed" >&2; exit 1
  fi
  echo "$stamp" > "$OUT/$name.tmp/.stamp"
  rm -rf "$OUT/$name" && mv "$OUT/$name.tmp" "$OUT/$name"
  echo "[fetch-plugins] $name: $(ls "$OUT/$name" | wc -l) jars, $(du -sh "$OUT/$name" | cut -f1)"
done

# drop folders of plugins no longer listed
for d in "$OUT"/*/; do
  [ -d "$d" ] || continue; n=$(basename "$d")
  printf '%s\n' "${names[@]}" | grep -qxF "$n" || { echo "[fetch-plugins] removing $n (not in plugins.json)"; rm -rf "$d"; }
done
