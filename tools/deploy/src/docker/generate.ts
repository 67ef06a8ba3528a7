import { topics } from '@rewind/contracts';
import { writeFileSync } from 'node:fs';
import { createTopicsScript } from './topics-script';
import { createTopicsScriptPath } from './paths';

/**
 * `npx nx run deploy:generate` (or `node -r @swc-node/register tools/deploy/src/docker/generate.ts`):
 * rewrites the files of docker/ that are derived from the workspace. Today: create-topics.sh.
 */
writeFileSync(createTopicsScriptPath, createTopicsScript(topics), { mode: 0o755 });
process.stdout.write(`wrote docker/create-topics.sh (${topics.length} topics)\n`);
