#!/usr/bin/env bash
# Stops the Kafka server(s) running in this container/host: kafka-server-stop.sh [--process.roles ROLES | --node-id ID]
# (no `ps` needed: scans /proc for java processes running kafka.Kafka)
SIGNAL=${SIGNAL:-TERM}
filter=""
case "${1:-}" in
  --process.roles) filter="process.roles=${2:?}";;
  --node-id) filter="node.id=${2:?}";;
esac
pids=""
for d in /proc/[0-9]*; do
  cmd=$(tr '\0' ' ' < "$d/cmdline" 2>/dev/null) || continue
  case "$cmd" in *java*" kafka.Kafka "*)
    if [ -n "$filter" ]; then
      conf=$(echo "$cmd" | sed -E 's/.* kafka\.Kafka +([^ ]+).*/\1/')
      grep -qs "^$filter" "$conf" || continue
    fi
    pids="$pids ${d#/proc/}";;
  esac
done
if [ -z "$pids" ]; then echo "No kafka server to stop"; exit 1; fi
# shellcheck disable=SC2086
kill -s "$SIGNAL" $pids
