import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { topics } from '@rewind/contracts';
import { workspaceRoot } from './apps';
import { createTopicsScriptPath } from './docker/paths';
import { createTopicsScript } from './docker/topics-script';
import { TOPICS_FILE, topicsYaml } from './k8s/kafka-topics';

/**
 * `npm run deploy:generate`: rewrites the deployment files derived from the one topic declaration,
 * the compose file's topic script and the Kubernetes KafkaTopics. `npm test` fails while either is stale.
 */
writeFileSync(createTopicsScriptPath, createTopicsScript(topics), { mode: 0o755 });
writeFileSync(join(workspaceRoot, TOPICS_FILE), topicsYaml(topics));
process.stdout.write(`wrote docker/create-topics.sh and ${TOPICS_FILE} (${topics.length} topics)\n`);
