#!/usr/bin/env bash
# Starts a Kafka Connect worker in standalone mode: connect-standalone.sh [-daemon] worker.properties [connector.properties|json ...]
if [ $# -lt 1 ]; then echo "USAGE: $0 [-daemon] connect-standalone.properties [connector.properties ...]" >&2; exit 1; fi
base_dir=$(dirname "$0")
export KAFKA_LOG4J_OPTS=${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$base_dir/../config/connect-log4j2.yaml}
export KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256M -Xmx2G}
EXTRA_ARGS=${EXTRA_ARGS--name connectStandalone}
case $1 in -daemon) EXTRA_ARGS="-daemon $EXTRA_ARGS"; shift ;; esac
# shellcheck disable=SC2086
exec "$base_dir/kafka-run-class.sh" $EXTRA_ARGS org.apache.kafka.connect.cli.ConnectStandalone "$@"
