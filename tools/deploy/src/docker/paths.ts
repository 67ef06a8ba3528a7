import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '../apps';

/** The files the docker checks read, at the workspace root. */
export const dockerDir = join(workspaceRoot, 'docker');
export const dockerfilePath = join(dockerDir, 'Dockerfile');
export const hadolintConfigPath = join(dockerDir, '.hadolint.yaml');
export const composePath = join(dockerDir, 'compose.yml');
export const createTopicsScriptPath = join(dockerDir, 'create-topics.sh');

/**
 * The uid (and gid) the apps' image runs as: the Dockerfile's `USER`, and what the Kubernetes
 * manifests' `securityContext.runAsUser` (and `runAsGroup`) must say. Numeric, so `runAsNonRoot`
 * can be verified without looking a name up in the image.
 */
export const IMAGE_UID = 10001;

/** Where the runtime image holds the build output (`WORKDIR`): the manifests and compose run `node main.js` and `node apps/projector/src/cli.js` there. */
export const IMAGE_APP_DIR = '/app';

/**
 * The ignore file the build of `dockerfile` uses: BuildKit prefers `<Dockerfile>.dockerignore`
 * beside the Dockerfile to `.dockerignore` at the root of the context.
 */
export function dockerignorePathFor(dockerfile = dockerfilePath, context = workspaceRoot): string {
  const beside = `${dockerfile}.dockerignore`;
  return existsSync(beside) ? beside : join(context, '.dockerignore');
}
