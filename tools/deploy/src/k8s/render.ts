import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { workspaceRoot } from '../apps';

/** A rendered Kubernetes object, as plain data. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [field: string]: unknown;
}

/**
 * Every object a kustomization renders to, by `kubectl kustomize` as `kubectl apply -k` would;
 * where there is no kubectl, by the standalone `kustomize build` (.ci/run installs it then).
 */
export function renderKustomization(dir: string): KubeObject[] {
  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  const [command, args] = kubectl ? ['kubectl', ['kustomize', dir]] : ['kustomize', ['build', dir]];
  const run = spawnSync(command, args, { cwd: workspaceRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const what = `${command} ${args.join(' ')}`;
  if (run.error) throw new Error(`${what}: ${run.error.message} (kubectl or kustomize must be on the PATH; docs/testing.md)`);
  if (run.status !== 0) throw new Error(`${what} failed:\n${run.stderr.trim()}`);
  return parseObjects(run.stdout);
}

/** The objects of a multi-document YAML text; an empty document is skipped, a malformed one throws. */
export function parseObjects(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((document) => {
      const [error] = document.errors;
      if (error) throw new Error(`malformed YAML: ${error.message}`);
      return document.toJS() as KubeObject | null;
    })
    .filter((object): object is KubeObject => object !== null);
}

export const objectName = (object: KubeObject) => `${object.kind}/${object.metadata.name}`;
