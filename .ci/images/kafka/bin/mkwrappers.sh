#!/bin/sh
# Build-time helper: writes one thin wrapper script per line of tools.list into the directory $1.
set -eu
dir=$1
grep -v '^#' "$(dirname "$0")/tools.list" | while read -r script class heap; do
  [ -n "$script" ] || continue
  {
    echo '#!/usr/bin/env bash'
    echo "# $script: runs $class (shoreline-ci/kafka wrapper)"
    if [ -n "${heap:-}" ]; then echo "export KAFKA_HEAP_OPTS=\${KAFKA_HEAP_OPTS:-\"$(echo "$heap" | tr _ ' ')\"}"; fi
    case $script in connect-*) echo 'export KAFKA_LOG4J_OPTS=${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$(dirname "$0")/../config/connect-log4j2.yaml}';; esac
    echo "exec \"\$(dirname \"\$0\")/kafka-run-class.sh\" $class \"\$@\""
  } > "$dir/$script"
  chmod 755 "$dir/$script"
done
