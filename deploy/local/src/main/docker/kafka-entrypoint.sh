#!/usr/bin/env bash
# Kafka as apache/kafka's image runs it, for the image built from the Maven Central jars where no registry can be
# reached: each KAFKA_FOO_BAR variable becomes foo.bar in server.properties (___ gives -, __ gives _), the storage is
# formatted once with CLUSTER_ID, then the broker (KRaft, as the variables say) runs in the foreground with KAFKA_OPTS.
# Like the official image's `utility render-properties`, a variable whose value holds '=' is dropped (it splits each
# NAME=VALUE at every '='): a JAAS config can't be given that way there, so it can't here either.
set -euo pipefail
config=/opt/kafka/config/server.properties
: > "$config"
while IFS='=' read -r name value; do
  [[ $name == KAFKA_* && $name != KAFKA_HEAP_OPTS && $name != KAFKA_OPTS && $value != *=* ]] || continue
  key=${name#KAFKA_}
  key=${key,,}
  key=${key//___/-}
  key=${key//__/@}
  key=${key//_/.}
  key=${key//@/_}
  printf '%s=%s\n' "$key" "$value" >> "$config"
done < <(env)
log_dir=$(sed -n 's/^log\.dirs=\([^,]*\).*/\1/p' "$config")
if [[ ! -f "${log_dir:-/tmp/kraft-combined-logs}/meta.properties" ]]; then
  java -cp '/opt/kafka/libs/*' kafka.tools.StorageTool format --config "$config" \
    --cluster-id "${CLUSTER_ID:?CLUSTER_ID is needed to format the storage}" --ignore-formatted
fi
# shellcheck disable=SC2086
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} ${KAFKA_OPTS:-} -Dorg.slf4j.simpleLogger.logFile=System.out \
  -Dorg.slf4j.simpleLogger.showDateTime=true -cp '/opt/kafka/libs/*' kafka.Kafka "$config"
