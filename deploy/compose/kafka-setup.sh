#!/usr/bin/env bash
# The compose stack's Kafka, made ready for the services on every `up` (each step is idempotent): the seven event topics
# and their dead-letter topics, a SCRAM-SHA-512 user per service and one for subscribers, and their ACLs. The users and
# ACLs are those of the Kubernetes KafkaUsers in deploy/k8s/base/users.yaml (ComposeStackTest reads the broker's ACLs
# back and compares them with that file). Run by the kafka-setup job of docker-compose.yml as the broker's super user
# (PLAIN, KAFKA_ADMIN_PASSWORD).
set -euo pipefail
bin=/opt/kafka/bin
bootstrap=kafka:19092

# the admin's client settings in a file only this container sees: a password on a command line would show in ps
admin=$(mktemp)
trap 'rm -f "$admin"' EXIT
printf '%s\n' 'security.protocol=SASL_PLAINTEXT' 'sasl.mechanism=PLAIN' \
  "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"${ADMIN_PASSWORD:?}\";" \
  > "$admin"
connect=(--bootstrap-server "$bootstrap" --command-config "$admin")

for _ in $(seq 60); do "$bin/kafka-topics.sh" "${connect[@]}" --list >/dev/null 2>&1 && break; sleep 2; done
"$bin/kafka-topics.sh" "${connect[@]}" --list >/dev/null

# Each tool is a JVM start (seconds on two cores): the independent ones run side by side.
pids=()
topic() {
  "$bin/kafka-topics.sh" "${connect[@]}" --create --if-not-exists --topic "$1" --partitions "$2" \
    --replication-factor 1 "${@:3}" >/dev/null
}
# 3 partitions: room for 3 trainer replicas; a dead-letter topic keeps its order in one
for t in began.runs began.metrics began.checkpoints began.samples began.evaluations began.convergence; do
  { topic "$t" 3 && topic "began.dlq.$t" 1; } & pids+=($!)
done
# a run's best checkpoint, keyed by runId: compacted, each run's last event kept however old (the sampler reads all)
{
  topic began.best-checkpoints 3 --config cleanup.policy=compact && topic began.dlq.began.best-checkpoints 1
} & pids+=($!)

user() {
  "$bin/kafka-configs.sh" "${connect[@]}" --alter --entity-type users --entity-name "began-$1" \
    --add-config "SCRAM-SHA-512=[password=$2]" >/dev/null
}
# ACLs allow; nothing else is allowed (the broker's authorizer denies what no ACL allows)
allow() {
  local who=$1; shift
  "$bin/kafka-acls.sh" "${connect[@]}" --add --allow-principal "User:began-$who" "$@" >/dev/null
}
{
  user trainer "${TRAINER_KAFKA_PASSWORD:?}"
  # run requests, stops and status changes: the trainer group reads and writes them; the group is one, named
  allow trainer --operation Read --operation Write --operation Describe --topic began.runs
  allow trainer --operation Write --operation Describe --topic began.metrics --topic began.checkpoints \
    --topic began.dlq.began.runs
  allow trainer --operation Read --operation Describe --group began-trainer
} & pids+=($!)
{
  user sampler "${SAMPLER_KAFKA_PASSWORD:?}"
  # checkpoints to hot-swap to, and each run's best checkpoint (the evaluator's) for ?checkpoint=best
  allow sampler --operation Read --operation Describe --topic began.checkpoints --topic began.best-checkpoints
  allow sampler --operation Write --operation Describe --topic began.samples --topic began.dlq.began.checkpoints \
    --topic began.dlq.began.best-checkpoints
  # a group per replica (began-sampler-<uuid>, began-sampler-best-<uuid>): each one hot-swaps on every checkpoint and
  # knows every run's best
  allow sampler --operation Read --operation Describe --resource-pattern-type prefixed --group began-sampler-
} & pids+=($!)
{
  user evaluator "${EVALUATOR_KAFKA_PASSWORD:?}"
  # began.evaluations is read too: after a restart it reads what it published before
  allow evaluator --operation Read --operation Describe --topic began.metrics --topic began.runs \
    --topic began.checkpoints --topic began.evaluations
  allow evaluator --operation Write --operation Describe --topic began.evaluations --topic began.convergence \
    --topic began.best-checkpoints --topic began.dlq.began.metrics --topic began.dlq.began.runs \
    --topic began.dlq.began.checkpoints
  allow evaluator --operation Read --operation Describe --resource-pattern-type prefixed --group began-evaluator-
} & pids+=($!)
{
  # for people and tools outside the services (kcat, Grafana, your consumers): read every topic, groups of its prefix
  user reader "${READER_KAFKA_PASSWORD:?}"
  allow reader --operation Read --operation Describe --resource-pattern-type prefixed --topic began. \
    --group began-reader-
} & pids+=($!)

failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
(( failed == 0 )) || { echo "kafka-setup: a step failed (see above)" >&2; exit 1; }
echo "kafka-setup: topics, users and ACLs in place"
