import { join } from 'node:path';
import { workspaceRoot } from '../apps';

/** The files the docker checks read, at the workspace root. */
export const dockerDir = join(workspaceRoot, 'docker');
export const dockerfilePath = join(dockerDir, 'Dockerfile');
export const hadolintConfigPath = join(dockerDir, '.hadolint.yaml');
export const composePath = join(dockerDir, 'compose.yml');
export const createTopicsScriptPath = join(dockerDir, 'create-topics.sh');
