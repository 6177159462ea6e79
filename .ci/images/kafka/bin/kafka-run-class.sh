#!/usr/bin/env bash
# kafka-run-class.sh for shoreline-ci/kafka: runs a Kafka main class on the jars in /opt/kafka/libs.
# Honours the same environment as the script of the Apache Kafka distribution:
#   KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_GC_LOG_OPTS, KAFKA_JMX_OPTS, JMX_PORT, KAFKA_LOG4J_OPTS,
#   KAFKA_OPTS, KAFKA_DEBUG (+ JAVA_DEBUG_PORT, DEBUG_SUSPEND_FLAG), LOG_DIR, CLASSPATH, JAVA_HOME, EXTRA_ARGS
# and the leading options -name NAME, -loggc, -daemon.
# Usage: kafka-run-class.sh [-daemon] [-name NAME] [-loggc] CLASS [ARGS...]
if [ $# -lt 1 ]; then echo "USAGE: $0 [-daemon] [-name servicename] [-loggc] classname [opts]" >&2; exit 1; fi
base_dir=$(cd "$(dirname "$0")/.." && pwd)

CLASSPATH="${CLASSPATH:+$CLASSPATH:}$base_dir/libs/*"
LOG_DIR=${LOG_DIR:-$base_dir/logs}

if [ -z "${KAFKA_JMX_OPTS:-}" ]; then
  KAFKA_JMX_OPTS="-Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false"
fi
if [ -n "${JMX_PORT:-}" ]; then
  KAFKA_JMX_OPTS="$KAFKA_JMX_OPTS -Dcom.sun.management.jmxremote.port=$JMX_PORT"
  if ! echo "$KAFKA_JMX_OPTS" | grep -qF -- "-Dcom.sun.management.jmxremote.rmi.port=" ; then
    KAFKA_JMX_OPTS="$KAFKA_JMX_OPTS -Dcom.sun.management.jmxremote.rmi.port=$JMX_PORT"
  fi
fi
KAFKA_LOG4J_OPTS=${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$base_dir/config/tools-log4j2.yaml}
KAFKA_LOG4J_OPTS="-Dkafka.logs.dir=$LOG_DIR $KAFKA_LOG4J_OPTS"
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx256M}
if [ -z "${KAFKA_JVM_PERFORMANCE_OPTS:-}" ]; then
  KAFKA_JVM_PERFORMANCE_OPTS="-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true"
fi
if [ -n "${KAFKA_DEBUG:-}" ]; then
  KAFKA_OPTS="-agentlib:jdwp=transport=dt_socket,server=y,suspend=${DEBUG_SUSPEND_FLAG:-n},address=${JAVA_DEBUG_PORT:-0.0.0.0:5005} ${KAFKA_OPTS:-}"
fi

DAEMON_MODE=false; DAEMON_NAME=""; GC_LOG_ENABLED=false
while [ $# -gt 0 ]; do
  case "$1" in
    -name) DAEMON_NAME=$2; CONSOLE_OUTPUT_FILE=$LOG_DIR/$DAEMON_NAME.out; shift 2 ;;
    -loggc) GC_LOG_ENABLED=true; shift ;;
    -daemon) DAEMON_MODE=true; shift ;;
    *) break ;;
  esac
done
if [ "$GC_LOG_ENABLED" = true ] && [ -n "$DAEMON_NAME" ]; then
  KAFKA_GC_LOG_OPTS=${KAFKA_GC_LOG_OPTS:-"-Xlog:gc*:file=$LOG_DIR/$DAEMON_NAME-gc.log:time,tags:filecount=10,filesize=100M"}
fi
if [ "$GC_LOG_ENABLED" = true ] || [ "$DAEMON_MODE" = true ]; then mkdir -p "$LOG_DIR" 2>/dev/null || true; fi

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
# word splitting of the *_OPTS variables is intended (as in the distribution's script)
# shellcheck disable=SC2086
if [ "$DAEMON_MODE" = true ]; then
  nohup "$JAVA" $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS ${KAFKA_GC_LOG_OPTS:-} $KAFKA_JMX_OPTS $KAFKA_LOG4J_OPTS \
    -cp "$CLASSPATH" ${KAFKA_OPTS:-} "$@" > "${CONSOLE_OUTPUT_FILE:-$LOG_DIR/kafka.out}" 2>&1 < /dev/null &
else
  exec "$JAVA" $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS ${KAFKA_GC_LOG_OPTS:-} $KAFKA_JMX_OPTS $KAFKA_LOG4J_OPTS \
    -cp "$CLASSPATH" ${KAFKA_OPTS:-} "$@"
fi
