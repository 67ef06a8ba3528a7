#!/bin/sh
# Generated from libs/contracts/src/topics.ts by tools/deploy/src/generate.ts: do not edit.
# Regenerate with `npm run deploy:generate`; the deploy tests fail while it is stale.
# Run by the `topics` service of docker/compose.yml in the apache/kafka image.
set -eu

BOOTSTRAP_SERVER="${BOOTSTRAP_SERVER:-kafka:9092}"
KAFKA_TOPICS="${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"

create() {
  name="$1"
  partitions="$2"
  shift 2
  "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP_SERVER" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor 1 "$@"
}

create orders.events 6 --config cleanup.policy=delete --config retention.ms=-1 --config retention.bytes=-1
create orders.commands 6 --config cleanup.policy=delete --config retention.ms=604800000
create orders.outcomes 6 --config cleanup.policy=delete --config retention.ms=604800000
create orders.snapshots 6 --config cleanup.policy=compact --config min.cleanable.dirty.ratio=0.1 --config segment.ms=3600000
create payments.events 6 --config cleanup.policy=delete --config retention.ms=-1 --config retention.bytes=-1
create payments.commands 6 --config cleanup.policy=delete --config retention.ms=604800000
create payments.outcomes 6 --config cleanup.policy=delete --config retention.ms=604800000
create payments.snapshots 6 --config cleanup.policy=compact --config min.cleanable.dirty.ratio=0.1 --config segment.ms=3600000
create shipments.events 6 --config cleanup.policy=delete --config retention.ms=-1 --config retention.bytes=-1
create shipments.commands 6 --config cleanup.policy=delete --config retention.ms=604800000
create shipments.outcomes 6 --config cleanup.policy=delete --config retention.ms=604800000
create shipments.snapshots 6 --config cleanup.policy=compact --config min.cleanable.dirty.ratio=0.1 --config segment.ms=3600000
create dead-letters 6 --config cleanup.policy=delete --config retention.ms=-1 --config retention.bytes=-1
