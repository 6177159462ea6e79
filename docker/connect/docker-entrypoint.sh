#!/bin/sh
# Kafka Connect worker (distributed mode) for the Shoreline local stack.
# Writes the worker config from CONNECT_* environment variables, Confluent-image style:
#   CONNECT_<NAME> -> <name>: CONNECT_ dropped, lower-cased, "_" -> ".", "__" -> "_", "___" -> "-"
#   e.g. CONNECT_BOOTSTRAP_SERVERS -> bootstrap.servers, CONNECT_VALUE_CONVERTER_SCHEMAS_ENABLE -> value.converter.schemas.enable
# then runs /opt/kafka/bin/connect-distributed.sh (REST on 8083). POSIX sh: runs on apache/kafka and on Debian bases.
# Defaults (local single-broker stack) apply to unset variables only; see docker/connect/README.md.
# CONNECT_LOG4J_ROOT_LOGLEVEL / CONNECT_LOG4J_LOGGERS ("logger=LEVEL,...") set log levels; KAFKA_HEAP_OPTS,
# KAFKA_JVM_PERFORMANCE_OPTS and KAFKA_OPTS reach the JVM as with Kafka's own scripts.
# Any arguments are run instead of the worker (e.g. `docker run IMAGE kafka-topics.sh ...`).
set -eu

if [ $# -gt 0 ]; then exec "$@"; fi

: "${CONNECT_BOOTSTRAP_SERVERS:=kafka:29092}"
: "${CONNECT_GROUP_ID:=shoreline-connect}"
: "${CONNECT_CONFIG_STORAGE_TOPIC:=connect-configs}"
: "${CONNECT_OFFSET_STORAGE_TOPIC:=connect-offsets}"
: "${CONNECT_STATUS_STORAGE_TOPIC:=connect-status}"
: "${CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR:=1}"
: "${CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR:=1}"
: "${CONNECT_STATUS_STORAGE_REPLICATION_FACTOR:=1}"
: "${CONNECT_KEY_CONVERTER:=org.apache.kafka.connect.json.JsonConverter}"
: "${CONNECT_VALUE_CONVERTER:=org.apache.kafka.connect.json.JsonConverter}"
: "${CONNECT_PLUGIN_PATH:=/usr/local/share/kafka/plugins}"
: "${CONNECT_OFFSET_FLUSH_INTERVAL_MS:=10000}"
# the image's plugins carry ServiceLoader manifests (Dockerfile: sync-manifests), so skip the reflective scan;
# set CONNECT_PLUGIN_DISCOVERY=hybrid_warn for plugins mounted at run time without manifests
: "${CONNECT_PLUGIN_DISCOVERY:=service_load}"
# Kafka 4 removed rest.port/rest.host.name: map the Confluent-era CONNECT_REST_PORT onto listeners
if [ -z "${CONNECT_LISTENERS:-}" ]; then CONNECT_LISTENERS="http://0.0.0.0:${CONNECT_REST_PORT:-8083}"; fi
if [ -z "${CONNECT_REST_ADVERTISED_HOST_NAME:-}" ]; then CONNECT_REST_ADVERTISED_HOST_NAME=$(hostname 2>/dev/null || cat /etc/hostname); fi
if [ -z "${CONNECT_REST_ADVERTISED_PORT:-}" ]; then CONNECT_REST_ADVERTISED_PORT=${CONNECT_REST_PORT:-8083}; fi
export CONNECT_BOOTSTRAP_SERVERS CONNECT_GROUP_ID CONNECT_CONFIG_STORAGE_TOPIC CONNECT_OFFSET_STORAGE_TOPIC \
  CONNECT_STATUS_STORAGE_TOPIC CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR \
  CONNECT_STATUS_STORAGE_REPLICATION_FACTOR CONNECT_KEY_CONVERTER CONNECT_VALUE_CONVERTER CONNECT_PLUGIN_PATH \
  CONNECT_OFFSET_FLUSH_INTERVAL_MS CONNECT_PLUGIN_DISCOVERY CONNECT_LISTENERS CONNECT_REST_ADVERTISED_HOST_NAME CONNECT_REST_ADVERTISED_PORT

# JVM tuned for a quick start of a local dev worker (C1 only, serial GC); set KAFKA_JVM_PERFORMANCE_OPTS to override
: "${KAFKA_JVM_PERFORMANCE_OPTS:=-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true}"
export KAFKA_JVM_PERFORMANCE_OPTS

KAFKA_HOME=${KAFKA_HOME:-/opt/kafka}
CONF_DIR=$KAFKA_HOME/config
if ! { [ -d "$CONF_DIR" ] && [ -w "$CONF_DIR" ]; }; then CONF_DIR=${TMPDIR:-/tmp}; fi
WORKER=$CONF_DIR/connect-worker.properties

{
  echo "# written by docker-entrypoint.sh from CONNECT_* environment variables"
  env | LC_ALL=C sort | while IFS= read -r line; do
    name=${line%%=*}
    case $name in
      CONNECT_LOG4J_*|CONNECT_REST_PORT|CONNECT_REST_HOST_NAME) continue ;;  # not worker properties
      CONNECT_[A-Z0-9]*) ;;
      *) continue ;;
    esac
    value=${line#*=}
    key=$(printf '%s' "${name#CONNECT_}" | tr 'A-Z_' 'a-z.' | sed -e 's/\.\.\./-/g' -e 's/\.\./_/g')
    # properties-file escaping: keep backslashes literal
    value=$(printf '%s' "$value" | sed -e 's/\\/\\\\/g')
    printf '%s=%s\n' "$key" "$value"
  done
} > "$WORKER"

# optional log levels: a log4j2 properties file replacing the image's connect-log4j2.yaml
if [ -n "${CONNECT_LOG4J_ROOT_LOGLEVEL:-}${CONNECT_LOG4J_LOGGERS:-}" ] && [ -z "${KAFKA_LOG4J_OPTS:-}" ]; then
  LOG4J=$CONF_DIR/connect-log4j2.properties
  {
    echo "status = warn"
    echo "appender.stdout.type = Console"
    echo "appender.stdout.name = STDOUT"
    echo "appender.stdout.layout.type = PatternLayout"
    echo "appender.stdout.layout.pattern = [%d] %p %X{connector.context}%m (%c:%L)%n"
    echo "rootLogger.level = ${CONNECT_LOG4J_ROOT_LOGLEVEL:-INFO}"
    echo "rootLogger.appenderRef.stdout.ref = STDOUT"
    echo "logger.reflections.name = org.reflections"
    echo "logger.reflections.level = ERROR"
    n=0
    for pair in $(printf '%s' "${CONNECT_LOG4J_LOGGERS:-}" | tr ',' ' '); do
      n=$((n + 1))
      echo "logger.l$n.name = ${pair%%=*}"
      echo "logger.l$n.level = ${pair#*=}"
    done
  } > "$LOG4J"
  export KAFKA_LOG4J_OPTS="-Dlog4j2.configurationFile=$LOG4J"
fi

echo "===> Kafka Connect worker config ($WORKER):"
grep -viE 'password|secret|sasl\.jaas\.config' "$WORKER" | sed -e 's/^/     /'
echo "===> Plugins in $CONNECT_PLUGIN_PATH:"
for d in $(printf '%s' "$CONNECT_PLUGIN_PATH" | tr ',' ' '); do ls -1 "$d" 2>/dev/null | sed -e 's/^/     /'; done
exec "$KAFKA_HOME/bin/connect-distributed.sh" "$WORKER"
