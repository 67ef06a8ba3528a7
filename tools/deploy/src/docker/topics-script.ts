import type { TopicDeclaration } from '@rewind/contracts';

/** How to rewrite docker/create-topics.sh after `libs/contracts/src/topics.ts` changed. */
export const REGENERATE_COMMAND = 'npm run deploy:generate';

/**
 * Pure: the shell script the compose file's `topics` one-shot runs in the apache/kafka image: it
 * creates exactly the declared topics, with their partitions and configs, replication 1 (the
 * compose Kafka is one node). `--if-not-exists` makes a second `up` a no-op; it does not repair
 * a topic that exists with other settings, which `npm run stack -- provision` does on the dev stack.
 */
export function createTopicsScript(topics: readonly TopicDeclaration[]): string {
  const lines = topics.map((topic) =>
    ['create', shellWord(topic.name), String(topic.partitions), ...Object.entries(topic.configs).map(([name, value]) => `--config ${shellWord(`${name}=${value}`)}`)].join(' '),
  );
  return `#!/bin/sh
# Generated from libs/contracts/src/topics.ts by tools/deploy/src/generate.ts: do not edit.
# Regenerate with \`${REGENERATE_COMMAND}\`; the deploy tests fail while it is stale.
# Run by the \`topics\` service of docker/compose.yml in the apache/kafka image.
set -eu

BOOTSTRAP_SERVER="\${BOOTSTRAP_SERVER:-kafka:9092}"
KAFKA_TOPICS="\${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"

create() {
  name="$1"
  partitions="$2"
  shift 2
  "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP_SERVER" --create --if-not-exists \\
    --topic "$name" --partitions "$partitions" --replication-factor 1 "$@"
}

${lines.join('\n')}
`;
}

/** Pure: a word the shell passes on unchanged: as it is when it holds only safe characters, else single-quoted. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9._=,:/+-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
