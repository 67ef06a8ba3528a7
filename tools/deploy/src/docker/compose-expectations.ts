import { topics } from '@rewind/contracts';
import { KAFKA_IMAGE, MONGO_IMAGE } from '@rewind/dev-stack';
import { existsSync, readFileSync } from 'node:fs';
import { deployableApps } from '../apps';
import type { ComposeExpectations } from './compose-rules';
import { imageNodeFlags } from './image-layout';
import { composePath, createTopicsScriptPath, dockerfilePath } from './paths';
import { createTopicsScript } from './topics-script';

/** What docker/compose.yml must agree with, read from the workspace as it is now. */
export function composeExpectations(): ComposeExpectations {
  return {
    composePath,
    dockerfilePath,
    nodeFlags: imageNodeFlags(readFileSync(dockerfilePath, 'utf8')),
    apps: deployableApps(),
    kafkaImage: KAFKA_IMAGE,
    mongoImage: MONGO_IMAGE,
    topicsScript: {
      path: createTopicsScriptPath,
      onDisk: existsSync(createTopicsScriptPath) ? readFileSync(createTopicsScriptPath, 'utf8') : undefined,
      generated: createTopicsScript(topics),
    },
  };
}
