import ts from 'typescript';
import { join } from 'node:path';
import { workspaceRoot } from '../apps';
import { objectName, type KubeObject } from './render';
import { operatorSchema } from './operator-kinds';

/**
 * Fields the Kubernetes API does not know, in objects of the built-in kinds. The schema check
 * (`kubernetes-models`) checks the types of the fields it knows but lets others through, as the
 * OpenAPI schemas allow; `kubectl apply` refuses them (strict field validation), and a misspelt
 * field (`readinesProbe`) would otherwise pass. The fields come from the same package's type
 * declarations, generated from the Kubernetes OpenAPI schemas, read with the TypeScript checker.
 */
export function unknownFieldProblems(objects: readonly KubeObject[]): string[] {
  // the operators' kinds have strict schemas of their own (./schemas)
  const kinds = [...new Set(objects.filter((object) => !operatorSchema(object)).map(modelPath))].sort();
  const types = modelTypes(kinds);
  return objects.flatMap((object) => {
    const model = types.get(modelPath(object));
    return model ? unknownFields(model.checker, object, model.type, '').map((problem) => `${objectName(object)}: ${problem}`) : [];
  });
}

/** Building the program takes seconds: one per set of kinds, for the life of the process. */
const programs = new Map<string, Map<string, { checker: ts.TypeChecker; type: ts.Type }>>();
function modelTypes(paths: readonly string[]) {
  const key = paths.join(' ');
  let types = programs.get(key);
  if (!types) {
    types = compileModelTypes(paths);
    programs.set(key, types);
  }
  return types;
}

const modelPath = (object: KubeObject) => `kubernetes-models/${object.apiVersion}/${object.kind}`;

/** The declared type of each model, from one program over a file that names them all. */
function compileModelTypes(paths: readonly string[]): Map<string, { checker: ts.TypeChecker; type: ts.Type }> {
  const file = join(workspaceRoot, 'tools/deploy/src/k8s/__models__.ts');
  const source = paths.map((path, index) => `import type { I${path.split('/').pop()} as M${index} } from '${path}';\nexport type T${index} = M${index};`).join('\n');
  const options: ts.CompilerOptions = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, skipLibCheck: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language) => (name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language));
  const program = ts.createProgram([file], options, host);
  const checker = program.getTypeChecker();
  const aliases = program.getSourceFile(file)?.statements.filter(ts.isTypeAliasDeclaration) ?? [];
  return new Map(
    aliases.flatMap((alias) => {
      const type = checker.getTypeAtLocation(alias.name);
      // a path that resolves to nothing gives the error type: the schema check reports that kind
      const path = paths[Number(alias.name.text.slice(1))];
      return path === undefined || checker.typeToString(type) === 'any' ? [] : [[path, { checker, type }] as const];
    }),
  );
}

function unknownFields(checker: ts.TypeChecker, value: unknown, type: ts.Type, path: string): string[] {
  if (Array.isArray(value)) {
    const element = objectParts(type).map((part) => part.getNumberIndexType()).find((found) => found !== undefined);
    return element ? value.flatMap((item, index) => unknownFields(checker, item, element, `${path}[${index}]`)) : [];
  }
  if (typeof value !== 'object' || value === null) return [];
  const parts = objectParts(type);
  if (parts.length === 0) return [];
  const map = parts.map((part) => part.getStringIndexType()).find((found) => found !== undefined);
  return Object.entries(value).flatMap(([key, field]) => {
    if (map) return unknownFields(checker, field, map, path ? `${path}.${key}` : key);
    const property = parts.map((part) => part.getProperty(key)).find((found) => found !== undefined);
    if (!property) return [`${path || '(top level)'}: unknown field ${JSON.stringify(key)}`];
    return unknownFields(checker, field, checker.getNonNullableType(checker.getTypeOfSymbol(property)), path ? `${path}.${key}` : key);
  });
}

/** The object types a (possibly union) type allows; strings, numbers and the like are leaves. */
function objectParts(type: ts.Type): ts.Type[] {
  const parts = type.isUnion() ? type.types : [type];
  return parts.filter((part) => (part.flags & ts.TypeFlags.Object) !== 0);
}
