import { operatorSchema } from './operator-kinds';
import { objectName, type KubeObject } from './render';
import { unknownFieldProblems } from './unknown-fields';

interface KubernetesModel {
  validate(): void;
}
type ModelClass = new (data: object) => KubernetesModel;

/**
 * Problems with each object against the Kubernetes API schemas, offline: the built-in kinds through
 * the `kubernetes-models` package (the OpenAPI schemas of Kubernetes itself) and, as `kubectl`'s
 * strict validation does, refusing fields those schemas do not have (./unknown-fields); Strimzi's
 * kinds through ./strimzi, cert-manager's through ./cert-manager. An object of a kind none knows is
 * a problem too: nothing goes unchecked.
 */
export function schemaProblems(objects: readonly KubeObject[]): string[] {
  return [...typeProblems(objects), ...unknownFieldProblems(objects)];
}

function typeProblems(objects: readonly KubeObject[]): string[] {
  return objects.flatMap((object) => {
    const custom = operatorSchema(object);
    if (custom) {
      const result = custom.safeParse(object);
      return result.success ? [] : result.error.issues.map((issue) => `${objectName(object)}: ${issue.path.join('.')}: ${issue.message}`);
    }
    const Model = kubernetesModel(object);
    if (!Model) return [`${objectName(object)}: no schema for ${object.apiVersion} ${object.kind}`];
    try {
      new Model(asApiServerReadsIt(object)).validate();
      return [];
    } catch (error) {
      return [`${objectName(object)}: ${(error as Error).message}`];
    }
  });
}

/** kustomize wraps long base64 values over lines, which the API server's decoder skips; so does this. */
function asApiServerReadsIt(object: KubeObject): KubeObject {
  const data = object['data'];
  if (object.kind !== 'Secret' || typeof data !== 'object' || data === null) return object;
  return { ...object, data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, typeof value === 'string' ? value.replace(/\n/g, '') : value])) };
}

function kubernetesModel(object: KubeObject): ModelClass | undefined {
  // the package mirrors the API: kubernetes-models/<group>/<version>/<Kind>, core kinds under v1/
  if (!/^([a-z0-9.]+\/)?v\d+((alpha|beta)\d+)?$/.test(object.apiVersion) || !/^[A-Z][A-Za-z]+$/.test(object.kind)) return undefined;
  try {
    const module = require(`kubernetes-models/${object.apiVersion}/${object.kind}`) as Record<string, ModelClass>;
    return module[object.kind];
  } catch {
    return undefined;
  }
}
