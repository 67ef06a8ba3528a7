import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { topics } from '@rewind/contracts';
import { workspaceRoot } from '../apps';
import { TOPICS_FILE, topicsYaml } from './kafka-topics';

// Writes the KafkaTopic resources from the one topic declaration (npm run deploy:generate).
writeFileSync(join(workspaceRoot, TOPICS_FILE), topicsYaml(topics));
console.log(`wrote ${TOPICS_FILE} (${topics.length} topics)`);
