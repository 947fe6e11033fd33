#!/bin/sh
# The local stand-in for apache/kafka's start script (scripts/containers/local-infra.sh): every
# KAFKA_* variable is a broker property (KAFKA_LOG_DIRS → log.dirs; `__` → `_`, `___` → `-`),
# the storage is formatted with CLUSTER_ID on first start, then the broker runs in KRaft mode.
set -eu
props=/tmp/server.properties
: >"$props"
env | while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_JVM_PERFORMANCE_OPTS) ;;
    KAFKA_*) echo "$(echo "${name#KAFKA_}" | sed 's/___/-/g; s/__/@/g; s/_/./g; s/@/_/g' | tr 'A-Z' 'a-z')=$value" >>"$props" ;;
  esac
done
cp="/opt/kafka/libs/*"
java -cp "$cp" kafka.tools.StorageTool format --ignore-formatted -t "${CLUSTER_ID:?set CLUSTER_ID}" -c "$props" >/dev/null
# shellcheck disable=SC2086 # the heap options are words
exec java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m} -cp "$cp" kafka.Kafka "$props"
