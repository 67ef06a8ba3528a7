import Ajv2020 from 'ajv/dist/2020';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { configProblems, type DeployableApp } from '../apps';
import { servedUiProblems } from '../served-uis';
import { missingNodeFlags, nodeFlagsOf } from './image-layout';
import { REGENERATE_COMMAND } from './topics-script';

/** The parts of a Compose service the rules read; the schema check has vouched for their types. */
interface ComposeService {
  readonly image?: string;
  readonly build?: string | { readonly context?: string; readonly dockerfile?: string; readonly args?: Readonly<Record<string, unknown>> | readonly string[] };
  readonly environment?: Readonly<Record<string, unknown>> | readonly string[];
  readonly ports?: readonly (string | number | { readonly target?: number | string })[];
  readonly depends_on?: readonly string[] | Readonly<Record<string, { readonly condition?: string }>>;
  readonly profiles?: readonly string[];
  readonly command?: string | readonly string[];
  readonly entrypoint?: string | readonly string[];
  readonly volumes?: readonly (string | { readonly source?: string; readonly target?: string })[];
}

export interface ComposeFile {
  readonly services?: Readonly<Record<string, ComposeService>>;
}

/** Pure: a YAML compose file's document; `${…}` left as written. */
export function parseCompose(text: string): unknown {
  return parse(text) as unknown;
}

/**
 * Pure: the document as Compose sees it after interpolation, with the variables given (none: every
 * `${VAR:-default}` takes its default). `$$` is a literal `$`. Variables used without a default
 * and not given are listed: such a file depends on the shell it is started from.
 */
export function interpolate(document: unknown, variables: Readonly<Record<string, string>> = {}): { document: unknown; unset: string[] } {
  const unset = new Set<string>();
  const substitute = (text: string) =>
    text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, operator?: string, fallback?: string, bare?: string) => {
      if (whole === '$$') return '$';
      const name = braced ?? bare ?? '';
      const value = variables[name];
      // `:-` also replaces an empty value; `-` only a missing one
      if (value !== undefined && (value !== '' || !operator?.startsWith(':'))) return value;
      if (operator?.endsWith('-')) return fallback ?? '';
      unset.add(name);
      return '';
    });
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return substitute(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item)]));
    return value;
  };
  return { document: walk(document), unset: [...unset].sort() };
}

/**
 * Problems of a compose document against the official Compose JSON schema (draft 2020-12), as
 * Docker Compose validates it: after interpolation.
 */
export function composeSchemaProblems(document: unknown, schema: object): string[] {
  // the schema leaves some types implicit and uses union types, which Ajv's strict mode refuses by default
  const ajv = new Ajv2020({ allErrors: true, strictTypes: false, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  if (validate(document)) return [];
  const errors = validate.errors ?? [];
  // an error with a deeper one below it is that one's echo: the oneOf branch that did not apply,
  // the properties left "unevaluated" because their subschema failed. Compose names the deepest too.
  const deepest = errors.filter((error) => !errors.some((other) => other.instancePath.startsWith(`${error.instancePath}/`)));
  return deepest.map((error) => {
    const extra = error.keyword === 'unevaluatedProperties' || error.keyword === 'additionalProperties' ? ` (${Object.values(error.params).join(', ')})` : '';
    const allowed = error.keyword === 'enum' ? ` (one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
    return `${error.instancePath || '/'}: ${error.message ?? error.keyword}${extra}${allowed}`;
  });
}

/** What the compose file must agree with: the workspace as it is now. */
export interface ComposeExpectations {
  /** The compose file's own path: `build.context` and volume sources are relative to its folder. */
  readonly composePath: string;
  readonly dockerfilePath: string;
  /** The flags the image's CMD gives node (imageNodeFlags): the rebuild one-shot replaces the CMD and must give each of them too. */
  readonly nodeFlags: readonly string[];
  readonly apps: readonly DeployableApp[];
  readonly kafkaImage: string;
  readonly mongoImage: string;
  /** docker/create-topics.sh as it is on disk (undefined: missing), and as the generator writes it now. */
  readonly topicsScript: { readonly path: string; readonly onDisk: string | undefined; readonly generated: string };
}

/**
 * Problems of an (interpolated) compose document against the workspace: every deployable app is
 * there, built from our Dockerfile, with an environment its own settings schema accepts; the
 * servers are the versions the dev stack tests against; the topics are the declared ones.
 */
export function composeConsistencyProblems(compose: ComposeFile, expected: ComposeExpectations): string[] {
  const services = compose.services ?? {};
  return [
    ...imageProblems(services, 'kafka', expected.kafkaImage),
    ...imageProblems(services, 'mongo', expected.mongoImage),
    ...topicsServiceProblems(services, expected),
    ...expected.apps.flatMap((app) => appServiceProblems(services, app, expected)),
    ...rebuildServiceProblems(services, expected),
  ];
}

/** The compose servers are the ones the tests ran against: `@rewind/dev-stack` pins them. */
function imageProblems(services: Readonly<Record<string, ComposeService>>, name: string, image: string): string[] {
  const service = services[name];
  if (service === undefined) return [`no ${name} service`];
  return service.image === image ? [] : [`${name}: image ${service.image ?? '(none)'}, but the dev stack tests against ${image}`];
}

function topicsServiceProblems(services: Readonly<Record<string, ComposeService>>, expected: ComposeExpectations): string[] {
  const { topicsScript } = expected;
  const problems: string[] = [];
  if (topicsScript.onDisk === undefined) problems.push(`${topicsScript.path} is missing: run \`${REGENERATE_COMMAND}\``);
  else if (topicsScript.onDisk !== topicsScript.generated) problems.push(`${topicsScript.path} is stale (libs/contracts/src/topics.ts changed): run \`${REGENERATE_COMMAND}\``);

  const topics = services['topics'];
  if (topics === undefined) return [...problems, 'no topics service: nothing creates the declared topics (the broker does not auto-create them)'];
  if (topics.image !== expected.kafkaImage) problems.push(`topics: image ${topics.image ?? '(none)'}, but its kafka-topics.sh must be the broker's, ${expected.kafkaImage}`);
  const mounted = (topics.volumes ?? []).map(volumeSource).some((source) => source !== undefined && resolve(dirname(expected.composePath), source) === topicsScript.path);
  if (!mounted) problems.push(`topics: does not mount ${topicsScript.path}`);
  if (!words(topics.entrypoint).concat(words(topics.command)).some((word) => word.endsWith('create-topics.sh'))) problems.push('topics: does not run create-topics.sh');
  if (dependencyCondition(topics, 'kafka') !== 'service_healthy') problems.push('topics: must wait for kafka to be healthy (depends_on condition service_healthy)');
  return problems;
}

function appServiceProblems(services: Readonly<Record<string, ComposeService>>, app: DeployableApp, expected: ComposeExpectations): string[] {
  const built = Object.entries(services).filter(([, service]) => service.profiles === undefined && buildArgs(service, expected)?.['APP'] === app.name);
  const [name, service] = built[0] ?? [];
  if (name === undefined || service === undefined) return [`${app.name}: no service built from ${expected.dockerfilePath} with APP=${app.name}`];
  const problems: string[] = [];
  const port = buildArgs(service, expected)?.['PORT'];
  // the image sets PORT from its build argument (ENV PORT=$PORT); the service's environment comes on top
  const environment = { PORT: port, ...environmentOf(service) };
  problems.push(...configProblems(app, environment).map((problem) => `${problem} (service ${name})`));
  // the web UI the image holds (the query API's explorer) is served only where its setting names it
  problems.push(...servedUiProblems(app.name, environment).map((problem) => `${problem} (service ${name})`));
  if (!(service.ports ?? []).some((published) => containerPort(published) === environment.PORT)) {
    problems.push(`${name}: publishes no port to its PORT ${environment.PORT ?? '(unset)'}`);
  }
  problems.push(...dependencyProblems(name, service, environment));
  return problems;
}

/** An app started before its topics exist fails; one started before MongoDB answers crashes and restarts. */
function dependencyProblems(name: string, service: ComposeService, environment: Readonly<Record<string, string | undefined>>): string[] {
  const problems: string[] = [];
  if (dependencyCondition(service, 'topics') !== 'service_completed_successfully') {
    problems.push(`${name}: must wait for the topics (depends_on topics: condition service_completed_successfully)`);
  }
  if (/^mongodb:\/\/mongo[:/]/.test(environment['MONGODB_URI'] ?? '') && dependencyCondition(service, 'mongo') !== 'service_healthy') {
    problems.push(`${name}: uses the mongo service, so must wait for it to be healthy (depends_on mongo: condition service_healthy)`);
  }
  return problems;
}

/** `docker compose --profile rebuild run rebuild`: the projector image's CLI, with the projector's settings. */
function rebuildServiceProblems(services: Readonly<Record<string, ComposeService>>, expected: ComposeExpectations): string[] {
  const rebuild = services['rebuild'];
  if (rebuild === undefined) return ['no rebuild service: the one-shot that rebuilds a read model with the projector CLI'];
  const problems: string[] = [];
  if (!(rebuild.profiles ?? []).includes('rebuild')) problems.push('rebuild: must be under the profile "rebuild", or every `up` would run it');
  const args = buildArgs(rebuild, expected);
  if (args?.['APP'] !== 'projector') problems.push(`rebuild: must be built from ${expected.dockerfilePath} with APP=projector`);
  const command = words(rebuild.command);
  const flags = nodeFlagsOf(command);
  if (command[0] !== 'node' || command.slice(1 + flags.length, 3 + flags.length).join(' ') !== 'apps/projector/src/cli.js rebuild' || command.length !== flags.length + 4) {
    problems.push(`rebuild: command ${JSON.stringify(command)} must be ["node", <node's flags>, "apps/projector/src/cli.js", "rebuild", <projection>]`);
  }
  const missing = missingNodeFlags(command, expected.nodeFlags);
  if (missing.length > 0) problems.push(`rebuild: command runs node without ${missing.join(' ')}, which the image's CMD gives and a command replaces`);
  const projector = expected.apps.find((app) => app.name === 'projector');
  if (projector !== undefined) {
    const environment = { PORT: args?.['PORT'], ...environmentOf(rebuild) };
    problems.push(...configProblems(projector, environment).map((problem) => `${problem} (service rebuild)`));
    problems.push(...dependencyProblems('rebuild', rebuild, environment));
  }
  return problems;
}

/** Build arguments of a service built from our Dockerfile; undefined when it is built from anything else, or not built. */
function buildArgs(service: ComposeService, expected: ComposeExpectations): Record<string, string | undefined> | undefined {
  const build = typeof service.build === 'string' ? { context: service.build } : service.build;
  if (build === undefined) return undefined;
  const context = resolve(dirname(expected.composePath), build.context ?? '.');
  if (resolve(context, build.dockerfile ?? 'Dockerfile') !== expected.dockerfilePath) return undefined;
  return keyValues(build.args);
}

function environmentOf(service: ComposeService): Record<string, string | undefined> {
  return keyValues(service.environment);
}

/** Pure: Compose's two spellings of a mapping, `{KEY: value}` and `["KEY=value"]`, as strings. */
export function keyValues(entries: Readonly<Record<string, unknown>> | readonly string[] | undefined): Record<string, string | undefined> {
  if (entries === undefined) return {};
  if (Array.isArray(entries)) {
    return Object.fromEntries(
      (entries as readonly string[]).map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, undefined] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, value === null || value === undefined ? undefined : String(value)]));
}

/** Pure: the container side of a published port: `"3001:3001"`, `"127.0.0.1:3001:3001/tcp"`, `3001` or `{target: 3001}`. */
export function containerPort(published: string | number | { readonly target?: number | string }): string | undefined {
  if (typeof published === 'object') return published.target === undefined ? undefined : String(published.target);
  return String(published).replace(/\/\w+$/, '').split(':').at(-1);
}

function dependencyCondition(service: ComposeService, on: string): string | undefined {
  const dependsOn = service.depends_on;
  if (dependsOn === undefined) return undefined;
  // the short list form means service_started
  if (Array.isArray(dependsOn)) return (dependsOn as readonly string[]).includes(on) ? 'service_started' : undefined;
  return (dependsOn as Readonly<Record<string, { readonly condition?: string }>>)[on]?.condition ?? (on in dependsOn ? 'service_started' : undefined);
}

function volumeSource(volume: string | { readonly source?: string }): string | undefined {
  return typeof volume === 'string' ? volume.split(':')[0] : volume.source;
}

function words(command: string | readonly string[] | undefined): string[] {
  if (command === undefined) return [];
  return typeof command === 'string' ? command.split(/\s+/).filter(Boolean) : [...command];
}
