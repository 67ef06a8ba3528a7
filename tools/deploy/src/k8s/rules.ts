import { DEAD_LETTER_TOPIC, serviceTopicNames, type TopicDeclaration } from '@rewind/contracts';
import { join } from 'node:path';
import { configProblems, workspaceRoot, type DeployableApp, type Environment } from '../apps';
import { missingNodeFlags } from '../docker/image-layout';
import { servedUiProblems } from '../served-uis';
import { objectName, type KubeObject } from './render';

// The rules that tie the manifests to the code: each takes the objects an overlay renders to
// and returns its problems, one sentence each, naming the object at fault.

interface Probe {
  readonly httpGet?: { readonly path?: string; readonly port?: string | number };
}
interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly configMapKeyRef?: KeyRef; readonly secretKeyRef?: KeyRef; readonly fieldRef?: { readonly fieldPath: string } };
}
interface KeyRef {
  readonly name: string;
  readonly key: string;
}
interface Container {
  readonly name: string;
  readonly image: string;
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly { readonly configMapRef?: { readonly name: string }; readonly secretRef?: { readonly name: string } }[];
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly resources?: { readonly requests?: Record<string, unknown>; readonly limits?: Record<string, unknown> };
  readonly command?: readonly string[];
}
interface PodSpec {
  readonly containers: readonly Container[];
  readonly restartPolicy?: string;
  readonly securityContext?: { readonly runAsNonRoot?: boolean; readonly runAsUser?: number };
}
interface PodTemplate {
  readonly metadata?: { readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly spec: PodSpec;
}

/** The object of this kind and name; with `near`, only in the namespace of that object, as Kubernetes resolves a reference. */
const find = (objects: readonly KubeObject[], kind: string, name: string, near?: KubeObject) =>
  objects.find((object) => object.kind === kind && object.metadata.name === name && (near === undefined || object.metadata.namespace === near.metadata.namespace));
const spec = <T>(object: KubeObject | undefined) => object?.['spec'] as T | undefined;
const podTemplate = (object: KubeObject) => spec<{ template?: PodTemplate }>(object)?.template;
const workloadKinds = new Set(['Deployment', 'StatefulSet', 'Job', 'DaemonSet']);

/**
 * The workload that runs an app: a Deployment named after it, or a StatefulSet (the command
 * services, whose pods each keep a disk for their partitions' stores).
 */
const findApp = (objects: readonly KubeObject[], name: string, near?: KubeObject) => find(objects, 'Deployment', name, near) ?? find(objects, 'StatefulSet', name, near);

/** The container that runs the app: the one named after it. */
function appContainer(deployment: KubeObject | undefined, app: string): Container | undefined {
  return deployment && podTemplate(deployment)?.spec.containers.find((container) => container.name === app);
}

/** An app's Deployment (or StatefulSet) and the container that runs it, when both are there (appsDeployed reports it otherwise). */
function appWorkload(objects: readonly KubeObject[], app: string): { deployment: KubeObject; container: Container } | undefined {
  const deployment = findApp(objects, app);
  const container = appContainer(deployment, app);
  return deployment && container ? { deployment, container } : undefined;
}

/** Every app has a Deployment (or StatefulSet) running a container named after it, and a Service selecting its pods on a port the container has. */
export function appsDeployed(objects: readonly KubeObject[], apps: readonly DeployableApp[]): string[] {
  return apps.flatMap((app) => {
    const deployment = findApp(objects, app.name);
    if (!deployment) return [`${app.name}: no Deployment named ${app.name}`];
    const container = appContainer(deployment, app.name);
    if (!container) return [`${objectName(deployment)}: no container named ${app.name}`];
    const service = find(objects, 'Service', app.name, deployment);
    if (!service) return [`${app.name}: no Service named ${app.name}`];
    const serviceSpec = spec<{ selector?: Record<string, string>; ports?: { name?: string; targetPort?: string | number }[] }>(service) ?? {};
    const podLabels = podTemplate(deployment)?.metadata?.labels ?? {};
    const problems: string[] = [];
    const selector = serviceSpec.selector ?? {};
    if (Object.keys(selector).length === 0 || !selects({ matchLabels: selector }, podLabels)) {
      problems.push(`Service/${app.name}: its selector does not select the pods of ${objectName(deployment)}`);
    }
    for (const port of serviceSpec.ports ?? []) {
      if (port.targetPort !== undefined && resolvePort(container, port.targetPort) === undefined) {
        problems.push(`Service/${app.name}: targetPort ${port.targetPort} is not a port of container ${app.name}`);
      }
    }
    return problems;
  });
}

function resolvePort(container: Container, port: string | number): number | undefined {
  if (typeof port === 'number') return container.ports?.some((declared) => declared.containerPort === port) ? port : undefined;
  return container.ports?.find((declared) => declared.name === port)?.containerPort;
}

/**
 * The pod template annotation that lists (comma-separated) the Secrets an operator creates out of
 * band, such as the prod overlay's `rewind-internal` and the Kafka users' passwords Strimzi makes: a
 * credential must not be committed, so the rendering has no such Secret. A variable read from one (`secretKeyRef`) counts as provided, but its value
 * cannot be checked; `envFrom` of one adds nothing that can be checked.
 */
export const OUT_OF_BAND_SECRETS = 'rewind.dev/secrets-created-out-of-band';

/** The Secrets a workload's pod template declares as created out of band. */
const outOfBandSecrets = (workload: KubeObject): ReadonlySet<string> =>
  new Set(
    (podTemplate(workload)?.metadata?.annotations?.[OUT_OF_BAND_SECRETS] ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  );

/**
 * The environment a container starts with: its own values, and the ConfigMaps and Secrets it
 * names, read from the same rendering. A reference to a ConfigMap, Secret or key that is not
 * there is a problem, not an empty value, unless the Secret is declared created out of band:
 * then the variables it gives are listed in `unchecked`, provided but of unknown value. So is a
 * variable taken from the pod itself (`fieldRef`, such as the rebuild Job's uid label).
 */
export function containerEnvironment(objects: readonly KubeObject[], workload: KubeObject, container: Container): { env: Environment; problems: string[]; unchecked: string[] } {
  const owner = objectName(workload);
  const problems: string[] = [];
  const outOfBand = outOfBandSecrets(workload);
  const source = (kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> | undefined => {
    const object = find(objects, kind, name, workload);
    if (!object) {
      if (kind !== 'Secret' || !outOfBand.has(name)) problems.push(`${owner}: refers to ${kind} ${name}, which the overlay does not render in its namespace`);
      return undefined;
    }
    const data = (object['data'] ?? {}) as Record<string, string>;
    const decoded = kind === 'Secret' ? Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')])) : data;
    return { ...decoded, ...((object['stringData'] ?? {}) as Record<string, string>) };
  };
  const env: Record<string, string> = {};
  const unchecked: string[] = [];
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) Object.assign(env, source('ConfigMap', from.configMapRef.name));
    if (from.secretRef) Object.assign(env, source('Secret', from.secretRef.name));
  }
  for (const variable of container.env ?? []) {
    const field = variable.valueFrom?.fieldRef?.fieldPath;
    if (field !== undefined) {
      // the downward API: known only in the pod; a value of the same kind stands in for the
      // fields the apps' schemas check, and the others (the rebuild Job's uid label) are unchecked
      const standIn = FIELD_STAND_INS[field];
      if (standIn === undefined) unchecked.push(variable.name);
      else env[variable.name] = standIn;
      continue;
    }
    const ref = variable.valueFrom?.configMapKeyRef ?? variable.valueFrom?.secretKeyRef;
    if (!ref) {
      // Kubernetes expands $(NAME) with a variable defined before this one, and leaves it as it is otherwise
      env[variable.name] = (variable.value ?? '').replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (reference, name: string) => env[name] ?? reference);
      continue;
    }
    const values = source(variable.valueFrom?.configMapKeyRef ? 'ConfigMap' : 'Secret', ref.name);
    const value = values?.[ref.key];
    if (values && value === undefined) problems.push(`${owner}: ${variable.name} refers to key ${ref.key} of ${ref.name}, which has no such key`);
    if (value !== undefined) env[variable.name] = value;
    if (!values && variable.valueFrom?.secretKeyRef && outOfBand.has(ref.name)) unchecked.push(variable.name);
  }
  return { env, problems, unchecked };
}

/** What a downward-API field holds in a running pod, for the checks to run the apps' schemas on. */
const FIELD_STAND_INS: Readonly<Record<string, string>> = { 'status.podIP': '10.0.0.1', 'metadata.name': 'pod-0', 'metadata.namespace': 'rewind' };

/**
 * Every setting an app's config requires is provided, with a value the app accepts: the app's
 * own schema (`settings` in its config.ts) is run on the environment the manifests give it. A
 * variable from a Secret created out of band is provided, of a value only the cluster knows. The
 * rebuild Job runs the projector's CLI, so it answers to the projector's settings.
 */
export function configProvided(objects: readonly KubeObject[], apps: readonly DeployableApp[]): string[] {
  const projector = apps.find((app) => app.name === 'projector');
  const rebuild = objects.filter((object) => object.kind === 'Job' && object.metadata.labels?.['app.kubernetes.io/component'] === 'rebuild');
  const runs = [
    ...apps.map((app) => ({ app, owner: findApp(objects, app.name), container: app.name as string | undefined })),
    ...(projector ? rebuild.map((job) => ({ app: projector, owner: job, container: undefined })) : []),
  ];
  return runs.flatMap(({ app, owner, container }) => {
    // a Job has one container; a Deployment's app container is the one named after the app
    const found = owner && podTemplate(owner)?.spec.containers.find((candidate) => container === undefined || candidate.name === container);
    if (!owner || !found) return []; // appsDeployed reports it
    const { env, problems, unchecked } = containerEnvironment(objects, owner, found);
    return [...problems, ...configProblems(app, env, unchecked).map((problem) => `${objectName(owner)}: ${problem}`)];
  });
}

/**
 * An app whose image holds a web UI (the query API's explorer, in /app/explorer) is told where:
 * its setting (EXPLORER_DIR) names that folder. The setting is optional, so `configProvided`
 * passes a Deployment without it, whose app would serve no UI.
 */
export function uisServed(objects: readonly KubeObject[], apps: readonly DeployableApp[]): string[] {
  return apps.flatMap((app) => {
    const workload = appWorkload(objects, app.name);
    if (!workload) return []; // appsDeployed reports it
    const { env } = containerEnvironment(objects, workload.deployment, workload.container);
    return servedUiProblems(app.name, env).map((problem) => `${objectName(workload.deployment)}: ${problem}`);
  });
}

/**
 * Every declared topic has a KafkaTopic with the same partitions and configs, under the name the
 * apps will use (their TOPIC_NAMESPACE before the declared name), and no KafkaTopic is undeclared.
 */
export function topicsMatch(objects: readonly KubeObject[], topics: readonly TopicDeclaration[], apps: readonly DeployableApp[]): string[] {
  const prefixes = new Set(
    apps.flatMap((app) => {
      const workload = appWorkload(objects, app.name);
      if (!workload) return [];
      const given = containerEnvironment(objects, workload.deployment, workload.container).env['TOPIC_NAMESPACE'];
      return [String(app.settings.shape['TOPIC_NAMESPACE']?.safeParse(given).data ?? '')];
    }),
  );
  if (prefixes.size > 1) return [`the apps disagree on TOPIC_NAMESPACE: ${[...prefixes].map((prefix) => JSON.stringify(prefix)).join(', ')}`];
  const [prefix = ''] = prefixes;
  const resources = objects.filter((object) => object.kind === 'KafkaTopic');
  const topicName = (resource: KubeObject) => spec<{ topicName?: string }>(resource)?.topicName ?? resource.metadata.name;
  const declared = new Set(topics.map((topic) => `${prefix}${topic.name}`));
  const problems = resources.filter((resource) => !declared.has(topicName(resource))).map((resource) => `${objectName(resource)}: topic ${topicName(resource)} is not declared in libs/contracts/src/topics.ts${prefix ? ` (with TOPIC_NAMESPACE ${prefix})` : ''}`);
  for (const topic of topics) {
    const resource = resources.find((candidate) => topicName(candidate) === `${prefix}${topic.name}`);
    if (!resource) {
      problems.push(`topic ${prefix}${topic.name}: no KafkaTopic (regenerate with npm run deploy:generate)`);
      continue;
    }
    const topicSpec = spec<{ partitions?: number; config?: Record<string, unknown> }>(resource) ?? {};
    if (topicSpec.partitions !== topic.partitions) problems.push(`${objectName(resource)}: ${topicSpec.partitions} partitions, declared ${topic.partitions}`);
    const config = Object.fromEntries(Object.entries(topicSpec.config ?? {}).map(([key, value]) => [key, String(value)]));
    for (const key of new Set([...Object.keys(config), ...Object.keys(topic.configs)])) {
      if (config[key] !== topic.configs[key]) problems.push(`${objectName(resource)}: config ${key} is ${config[key] ?? 'unset'}, declared ${topic.configs[key] ?? 'unset'}`);
    }
  }
  return problems;
}

/**
 * Every app's container has liveness and readiness probes over HTTP, on a port the container
 * declares, which is the port the app listens on (its PORT setting).
 */
export function probesOnAppPort(objects: readonly KubeObject[], apps: readonly DeployableApp[]): string[] {
  return apps.flatMap((app) => {
    const workload = appWorkload(objects, app.name);
    if (!workload) return [];
    const { deployment, container } = workload;
    const { env } = containerEnvironment(objects, deployment, container);
    // the port alone: a problem with another setting is config-provided's to report
    const listens = app.settings.shape['PORT']?.safeParse(env['PORT']).data as number | undefined;
    return (['livenessProbe', 'readinessProbe'] as const).flatMap((kind) => {
      const probe = container[kind]?.httpGet;
      const owner = objectName(deployment);
      if (!probe?.path || probe.port === undefined) return [`${owner}: no HTTP ${kind}`];
      const port = resolvePort(container, probe.port);
      if (port === undefined) return [`${owner}: ${kind} port ${probe.port} is not a port of the container`];
      return Number(port) === listens ? [] : [`${owner}: ${kind} probes port ${port}, the app listens on ${listens}`];
    });
  });
}

/** What Prometheus's Kubernetes discovery reads off a pod template to scrape its pods. */
export const SCRAPE_PATH = '/metrics';

/**
 * Every app's pods are scraped: their template says `prometheus.io/scrape: "true"`, the path every
 * app serves its metrics on, and the port the app listens on (the rebuild Job serves no HTTP and is
 * watched through the projector's and the query API's rebuild gauges).
 */
export function scrapeAnnotations(objects: readonly KubeObject[], apps: readonly DeployableApp[]): string[] {
  return apps.flatMap((app) => {
    const workload = appWorkload(objects, app.name);
    if (!workload) return [];
    const { deployment, container } = workload;
    const annotations = podTemplate(deployment)?.metadata?.annotations ?? {};
    const { env } = containerEnvironment(objects, deployment, container);
    // the port alone: a problem with another setting is config-provided's to report
    const listens = app.settings.shape['PORT']?.safeParse(env['PORT']).data as number | undefined;
    const problems: string[] = [];
    const owner = objectName(deployment);
    if (annotations['prometheus.io/scrape'] !== 'true') problems.push(`${owner}: its pods are not marked for scraping (prometheus.io/scrape: "true")`);
    if (annotations['prometheus.io/path'] !== SCRAPE_PATH) problems.push(`${owner}: prometheus.io/path is ${annotations['prometheus.io/path'] ?? 'missing'}, the app serves ${SCRAPE_PATH}`);
    const port = annotations['prometheus.io/port'];
    if (port === undefined || Number(port) !== listens) problems.push(`${owner}: prometheus.io/port is ${port ?? 'missing'}, the app listens on ${listens}`);
    return problems;
  });
}

/** Each HTTP probe of each app, for the e2e check that the running app answers on its path. */
export function httpProbes(objects: readonly KubeObject[], apps: readonly DeployableApp[]): { app: string; probe: string; path: string }[] {
  return apps.flatMap((app) => {
    const container = appWorkload(objects, app.name)?.container;
    return (['livenessProbe', 'readinessProbe'] as const).flatMap((probe) => {
      const path = container?.[probe]?.httpGet?.path;
      return path ? [{ app: app.name, probe, path }] : [];
    });
  });
}

/**
 * The topics whose partitions an app's replicas share through a consumer group. A replica beyond
 * the smallest of their partition counts would be assigned nothing, so the replica count is
 * bounded by it. The query API consumes nothing and is bounded by nothing here.
 */
export const CONSUMED_TOPICS: Readonly<Record<string, readonly string[]>> = {
  'order-service': [serviceTopicNames('orders').commands, serviceTopicNames('payments').events, serviceTopicNames('shipments').events],
  'payment-service': [serviceTopicNames('payments').commands, serviceTopicNames('orders').events],
  'shipping-service': [serviceTopicNames('shipments').commands, serviceTopicNames('orders').events],
  projector: [serviceTopicNames('orders').events, serviceTopicNames('payments').events, serviceTopicNames('shipments').events],
};

/** Command apps and the projector are autoscaled, and never to more replicas than partitions. */
export function replicasWithinPartitions(objects: readonly KubeObject[], topics: readonly TopicDeclaration[]): string[] {
  return Object.entries(CONSUMED_TOPICS).flatMap(([app, consumed]) => {
    const bound = Math.min(...consumed.map((name) => topics.find((topic) => topic.name === name)?.partitions ?? 0));
    const hpa = objects.find((object) => object.kind === 'HorizontalPodAutoscaler' && spec<{ scaleTargetRef: { name: string } }>(object)?.scaleTargetRef.name === app);
    const problems: string[] = [];
    if (!hpa) problems.push(`${app}: no HorizontalPodAutoscaler`);
    const max = spec<{ maxReplicas?: number }>(hpa)?.maxReplicas ?? 0;
    if (hpa && max > bound) problems.push(`${objectName(hpa)}: maxReplicas ${max} is more than the ${bound} partitions ${app} consumes`);
    const workload = findApp(objects, app);
    const replicas = spec<{ replicas?: number }>(workload)?.replicas ?? 0;
    if (workload && replicas > bound) problems.push(`${objectName(workload)}: ${replicas} replicas is more than the ${bound} partitions it consumes`);
    return problems;
  });
}

/** Every app can be drained a pod at a time: a PodDisruptionBudget selects its pods. */
export function disruptionBudgets(objects: readonly KubeObject[], apps: readonly DeployableApp[]): string[] {
  const budgets = objects.filter((object) => object.kind === 'PodDisruptionBudget');
  return apps.flatMap((app) => {
    const deployment = findApp(objects, app.name);
    const labels = deployment && podTemplate(deployment)?.metadata?.labels;
    if (!labels) return [];
    const covered = budgets.some((budget) => {
      const selector = spec<{ selector?: Selector }>(budget)?.selector;
      // an empty selector would cover every pod of the namespace: not a budget for this app
      return selector !== undefined && Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length > 0 && selects(selector, labels);
    });
    return covered ? [] : [`${app.name}: no PodDisruptionBudget selects its pods`];
  });
}

/** Every pod runs as a non-root user, and every container says what it needs and where it stops. */
export function podsHardened(objects: readonly KubeObject[]): string[] {
  return objects
    .filter((object) => workloadKinds.has(object.kind))
    .flatMap((object) => {
      const pod = podTemplate(object)?.spec ?? { containers: [] };
      const problems = pod.securityContext?.runAsNonRoot === true ? [] : [`${objectName(object)}: pods may run as root (set securityContext.runAsNonRoot)`];
      for (const container of pod.containers) {
        const { requests = {}, limits = {} } = container.resources ?? {};
        if (requests['cpu'] === undefined || requests['memory'] === undefined) problems.push(`${objectName(object)}: container ${container.name} has no cpu and memory requests`);
        if (limits['memory'] === undefined) problems.push(`${objectName(object)}: container ${container.name} has no memory limit`);
      }
      return problems;
    });
}

/** Every Ingress path leads to a Service of the same rendering, on a port it has. */
export function ingressBackends(objects: readonly KubeObject[]): string[] {
  type Backend = { service?: { name: string; port: { name?: string; number?: number } } };
  type Rules = { rules?: { host?: string; http?: { paths: { path: string; backend: Backend }[] } }[] };
  return objects
    .filter((object) => object.kind === 'Ingress')
    .flatMap((ingress) =>
      (spec<Rules>(ingress)?.rules ?? []).flatMap((rule) =>
        (rule.http?.paths ?? []).flatMap(({ path, backend }) => {
          const where = `${objectName(ingress)}: ${rule.host ?? '*'}${path}`;
          const service = backend.service && find(objects, 'Service', backend.service.name, ingress);
          if (!backend.service || !service) return [`${where} leads to Service ${backend.service?.name ?? '(none)'}, which the overlay does not render in its namespace`];
          const ports = spec<{ ports?: { name?: string; port: number }[] }>(service)?.ports ?? [];
          const wanted = backend.service.port;
          return ports.some((port) => (wanted.name !== undefined ? port.name === wanted.name : port.port === wanted.number)) ? [] : [`${where} uses port ${wanted.name ?? wanted.number}, which Service ${service.metadata.name} has not`];
        }),
      ),
    );
}

/**
 * Where a command service's instances forward each other commands: INTERNAL_COMMANDS_PATH of
 * @rewind/event-store, which a tool may not import (the layering keeps tools apart from the
 * runtime); libs/service-kit's command-routing.int.spec.ts calls the endpoint by this same literal path.
 */
export const INTERNAL_COMMANDS_PATH = '/internal/commands';

/**
 * No Ingress path leads to a command service's internal endpoint (where its instances forward each
 * other commands): Kubernetes matches a Prefix path by whole path elements, so `/` and `/internal`
 * would route it; an ImplementationSpecific path is taken as a prefix too.
 */
export function internalNotPublic(objects: readonly KubeObject[]): string[] {
  type Rules = { rules?: { host?: string; http?: { paths: { path: string; pathType?: string }[] } }[] };
  const covers = (path: string, pathType = 'Prefix') => {
    if (pathType === 'Exact') return path === INTERNAL_COMMANDS_PATH;
    const elements = path.split('/').filter(Boolean);
    return elements.every((element, index) => INTERNAL_COMMANDS_PATH.split('/').filter(Boolean)[index] === element);
  };
  return objects
    .filter((object) => object.kind === 'Ingress')
    .flatMap((ingress) =>
      (spec<Rules>(ingress)?.rules ?? []).flatMap((rule) =>
        (rule.http?.paths ?? []).flatMap(({ path, pathType }) =>
          covers(path, pathType) ? [`${objectName(ingress)}: ${rule.host ?? '*'}${path} (${pathType ?? 'Prefix'}) routes ${INTERNAL_COMMANDS_PATH}, which only a service's own instances may reach`] : [],
        ),
      ),
    );
}

/**
 * A command service's instances reach each other: each pod advertises its own address
 * (ADVERTISED_URL from the downward API's pod IP, on the port the app listens on), and the
 * NetworkPolicies let the service's pods open connections to each other. Without either, a request
 * that reaches an instance that does not own its partition can never be forwarded to the owner.
 */
export function instancesReachEachOther(objects: readonly KubeObject[], apps: readonly DeployableApp[]): string[] {
  return apps
    .filter((app) => app.settings.shape['ADVERTISED_URL'] !== undefined)
    .flatMap((app) => {
      const workload = appWorkload(objects, app.name);
      if (!workload) return [];
      const { deployment, container } = workload;
      const owner = objectName(deployment);
      const variables = container.env ?? [];
      const advertised = variables.find((variable) => variable.name === 'ADVERTISED_URL');
      const problems: string[] = [];
      const reference = /^https?:\/\/\$\(([A-Za-z_][A-Za-z0-9_]*)\):(\d+)$/.exec(advertised?.value ?? '');
      const podIp = reference && variables.findIndex((variable) => variable.name === reference[1] && variable.valueFrom?.fieldRef?.fieldPath === 'status.podIP');
      if (!advertised) problems.push(`${owner}: no ADVERTISED_URL: every pod would advertise 127.0.0.1, and no command could be forwarded to its owner`);
      else if (!reference || podIp === null || podIp === -1 || podIp > variables.indexOf(advertised)) {
        problems.push(`${owner}: ADVERTISED_URL is not http://$(POD_IP):<port> with POD_IP from the downward API's status.podIP, defined before it`);
      } else {
        const listens = app.settings.shape['PORT']?.safeParse(containerEnvironment(objects, deployment, container).env['PORT']).data as number | undefined;
        if (Number(reference[2]) !== listens) problems.push(`${owner}: ADVERTISED_URL names port ${reference[2]}, the app listens on ${listens}`);
      }
      const labels = podTemplate(deployment)?.metadata?.labels ?? {};
      if (!reachable(objects, deployment.metadata.namespace, labels, labels)) problems.push(`${owner}: its NetworkPolicies do not let its pods reach each other`);
      return problems;
    });
}

/**
 * A command service (an app with a STATE_DIR setting) keeps its partitions' stores on a disk of each
 * pod's own that outlives the pod: a StatefulSet whose app container mounts, at STATE_DIR, a volume
 * of its volumeClaimTemplates. Without it every restart restores its partitions from the snapshots
 * topic (docs/deploy.md); an emptyDir would be lost with the pod, and a Deployment's pods cannot each
 * have a claim of their own.
 */
export function stateKept(objects: readonly KubeObject[], apps: readonly DeployableApp[]): string[] {
  interface StatefulPod extends PodSpec {
    readonly containers: readonly (Container & { readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string }[] })[];
  }
  return apps
    .filter((app) => app.settings.shape['STATE_DIR'] !== undefined)
    .flatMap((app) => {
      const workload = appWorkload(objects, app.name);
      if (!workload) return [];
      const { deployment, container } = workload;
      const owner = objectName(deployment);
      if (deployment.kind !== 'StatefulSet') return [`${owner}: a command service runs as a StatefulSet, each pod with a disk of its own for STATE_DIR`];
      const stateDir = containerEnvironment(objects, deployment, container).env['STATE_DIR'];
      if (stateDir === undefined) return [`${owner}: no STATE_DIR: every start would restore its partitions from the snapshots topic`];
      const mounts = (podTemplate(deployment)?.spec as StatefulPod | undefined)?.containers.find((one) => one.name === app.name)?.volumeMounts ?? [];
      const mount = mounts.find((one) => one.mountPath.replace(/\/+$/, '') === stateDir.replace(/\/+$/, ''));
      if (!mount) return [`${owner}: STATE_DIR ${stateDir} is not the path of a volume mount of container ${app.name}`];
      const claims = spec<{ volumeClaimTemplates?: readonly { metadata: { name: string } }[] }>(deployment)?.volumeClaimTemplates ?? [];
      return claims.some((claim) => claim.metadata.name === mount.name) ? [] : [`${owner}: volume ${mount.name} at STATE_DIR is not one of its volumeClaimTemplates: the disk would not outlive the pod`];
    });
}

/** The rebuild Job runs the projections CLI from the image the projector Deployment runs: the same fold. */
export function rebuildUsesProjectorImage(objects: readonly KubeObject[]): string[] {
  return objects
    .filter((object) => object.kind === 'Job' && object.metadata.labels?.['app.kubernetes.io/component'] === 'rebuild')
    .flatMap((job) => {
      const projector = appContainer(findApp(objects, 'projector', job), 'projector');
      const image = podTemplate(job)?.spec.containers[0]?.image;
      return image === projector?.image ? [] : [`${objectName(job)}: runs ${image}, the projector runs ${projector?.image ?? '(no projector in its namespace)'}`];
    });
}

/**
 * A container whose command runs node replaces the image's CMD, and with it the flags the CMD gives
 * node (the V8 heap's sizes, docker/Dockerfile): it must give each of them too, with a value of its
 * own if it likes, or that process sizes its heap as V8 pleases (the rebuild Job did, once).
 */
export function nodeFlagsKept(objects: readonly KubeObject[], nodeFlags: readonly string[]): string[] {
  return objects.flatMap((object) =>
    (podTemplate(object)?.spec.containers ?? []).flatMap((container) => {
      const missing = missingNodeFlags(container.command ?? [], nodeFlags);
      return missing.length === 0 ? [] : [`${objectName(object)}: container ${container.name} runs node without ${missing.join(' ')}, which the image's CMD gives and its command replaces`];
    }),
  );
}

/**
 * The topics are the source of truth: no Kafka cluster may delete one because a KafkaTopic resource
 * went (a `kubectl delete -k`, a prune, a namespace delete). The brokers refuse every deletion
 * (`delete.topic.enable: false`), and so the Topic Operator must not put finalizers on the
 * KafkaTopics: it could never remove them, and the resources (and their namespace) would never go.
 */
export function topicsProtected(objects: readonly KubeObject[]): string[] {
  return objects
    .filter((object) => object.kind === 'Kafka')
    .flatMap((kafka) => {
      const found: string[] = [];
      const kafkaSpec = spec<{ kafka?: { config?: Record<string, unknown> }; entityOperator?: { topicOperator?: unknown; template?: { topicOperatorContainer?: { env?: readonly { name: string; value?: string }[] } } } }>(kafka);
      const deletion = kafkaSpec?.kafka?.config?.['delete.topic.enable'];
      if (deletion !== false && deletion !== 'false') {
        found.push(`${objectName(kafka)}: delete.topic.enable is not false: deleting a KafkaTopic (a prune, a namespace delete) would delete the log`);
      }
      const env = kafkaSpec?.entityOperator?.template?.topicOperatorContainer?.env ?? [];
      if (kafkaSpec?.entityOperator?.topicOperator !== undefined && env.find((variable) => variable.name === 'STRIMZI_USE_FINALIZERS')?.value !== 'false') {
        found.push(`${objectName(kafka)}: the Topic Operator puts finalizers on KafkaTopics that it can never remove while topics cannot be deleted: set STRIMZI_USE_FINALIZERS=false`);
      }
      return found;
    });
}

/** One ACL of a Strimzi KafkaUser (`spec.authorization.acls`). */
export interface KafkaAcl {
  readonly resource: { readonly type: string; readonly name?: string; readonly patternType?: string };
  readonly operations: readonly string[];
  readonly host?: string;
  readonly type?: 'allow' | 'deny';
}

/**
 * The topics each app's Kafka user may write (pattern as Strimzi's ACLs name it): a service its own
 * (all named after it) and the dead letters; the projector the dead letters; the query API the
 * commands its corrections and repairs send, and the dead letters (a replay request).
 */
export const WRITABLE_TOPICS: Readonly<Record<string, readonly string[]>> = {
  'order-service': ['orders. (prefix)', `${DEAD_LETTER_TOPIC} (literal)`],
  'payment-service': ['payments. (prefix)', `${DEAD_LETTER_TOPIC} (literal)`],
  'shipping-service': ['shipments. (prefix)', `${DEAD_LETTER_TOPIC} (literal)`],
  projector: [`${DEAD_LETTER_TOPIC} (literal)`],
  'query-api': [`${serviceTopicNames('orders').commands} (literal)`, `${serviceTopicNames('shipments').commands} (literal)`, `${DEAD_LETTER_TOPIC} (literal)`],
};
/** What no app may do to anything: the topics are the Topic Operator's, and the log is never deleted. */
const FORBIDDEN_OPERATIONS = ['All', 'Create', 'Delete', 'Alter', 'AlterConfigs', 'ClusterAction'];

/**
 * Where a Kafka authenticates its clients (the prod overlay), it does so on every listener and
 * authorises each request by ACLs; every app signs in as the KafkaUser of its own name; and no user
 * may write another service's topics, nor create, delete or alter any (docs/security.md).
 */
export function kafkaAccess(objects: readonly KubeObject[], apps: readonly DeployableApp[]): string[] {
  const found: string[] = [];
  const secured = objects.filter((object) => object.kind === 'Kafka' && (spec<{ kafka?: { listeners?: { authentication?: unknown }[] } }>(object)?.kafka?.listeners ?? []).some((listener) => listener.authentication !== undefined));
  for (const kafka of secured) {
    const kafkaSpec = spec<{ kafka: { listeners: { name: string; authentication?: unknown }[]; authorization?: unknown } }>(kafka);
    for (const listener of kafkaSpec?.kafka.listeners ?? []) if (listener.authentication === undefined) found.push(`${objectName(kafka)}: listener ${listener.name} takes anonymous clients`);
    if (kafkaSpec?.kafka.authorization === undefined) found.push(`${objectName(kafka)}: no authorization: every user it lets in may do anything`);
  }
  const users = new Set(objects.filter((object) => object.kind === 'KafkaUser').map((user) => user.metadata.name));
  if (secured.length > 0) {
    const names = new Set(apps.map((app) => app.name));
    for (const workload of objects.filter((object) => workloadKinds.has(object.kind))) {
      const container = podTemplate(workload)?.spec.containers[0];
      // an app's own workload, or the rebuild Job (the projector's CLI, as the projector's user)
      const app = names.has(workload.metadata.name) ? workload.metadata.name : workload.metadata.labels?.['app.kubernetes.io/component'] === 'rebuild' ? 'projector' : undefined;
      if (!container || app === undefined) continue;
      const username = container.env?.find((variable) => variable.name === 'KAFKA_SASL_USERNAME')?.value;
      if (username === undefined) found.push(`${objectName(workload)}: signs in to Kafka as no one`);
      else if (username !== app || !users.has(username)) found.push(`${objectName(workload)}: signs in to Kafka as ${username}, not as a user of its own`);
    }
  }
  for (const user of objects.filter((object) => object.kind === 'KafkaUser')) {
    const acls = spec<{ authorization?: { acls?: readonly KafkaAcl[] } }>(user)?.authorization?.acls ?? [];
    const writable = WRITABLE_TOPICS[user.metadata.name] ?? [];
    for (const { resource, operations } of acls) {
      const what = `${resource.type}${resource.name === undefined ? '' : ` ${resource.name} (${resource.patternType ?? 'literal'})`}`;
      for (const operation of operations) if (FORBIDDEN_OPERATIONS.includes(operation)) found.push(`${objectName(user)}: may ${operation} ${what}`);
      const writes = operations.includes('Write') || operations.includes('All');
      if (resource.type === 'topic' && writes && !writable.includes(`${resource.name ?? ''} (${resource.patternType ?? 'literal'})`)) found.push(`${objectName(user)}: may Write ${what}, which is not its own`);
    }
  }
  return found;
}

/**
 * The MongoDB roles each app's user may hold, on the read models' database (the app's
 * MONGODB_DATABASE) and nowhere else: the projector folds into generations (it creates, fills and
 * drops their collections); the query API reads them, and writes a projection's rebuild request and
 * the repair plans. The command services read no MongoDB and have no user.
 */
export const MONGODB_ROLES: Readonly<Record<string, readonly string[]>> = {
  projector: ['readWrite'],
  'query-api': ['readWrite'],
};

/** The ConfigMap that declares the MongoDB users (`users.json`), which the Job that mounts it creates. */
export const MONGODB_USERS_CONFIGMAP = 'mongodb-users';

/** The Secret of a MongoDB user's password (key `password`): one per app, named after it. */
export const mongodbUserSecret = (user: string) => `mongodb-${user}`;

interface KeyToPath {
  readonly key: string;
  readonly path: string;
}
interface VolumeSource {
  readonly name: string;
  readonly items?: readonly KeyToPath[];
}
interface Volume {
  readonly name: string;
  readonly secret?: { readonly secretName: string; readonly items?: readonly KeyToPath[] };
  readonly configMap?: VolumeSource;
  readonly projected?: { readonly sources: readonly { readonly secret?: VolumeSource; readonly configMap?: VolumeSource }[] };
}
interface MountingContainer extends Container {
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string }[];
}
interface MountingPod extends PodSpec {
  readonly containers: readonly MountingContainer[];
  readonly volumes?: readonly Volume[];
}
const mountingPod = (workload: KubeObject) => podTemplate(workload)?.spec as MountingPod | undefined;

/** The Secrets a volume projects, each with the items it takes (none: every key, under its own name). */
function secretsOf(volume: Volume | undefined): VolumeSource[] {
  if (volume?.secret) return [{ name: volume.secret.secretName, items: volume.secret.items }];
  return (volume?.projected?.sources ?? []).flatMap((source) => (source.secret ? [source.secret] : []));
}

/** The Secret and key whose value a container reads at `path`, through its volume mounts; undefined when no mounted Secret holds it. */
function mountedSecretFile(pod: MountingPod, container: MountingContainer, path: string): { secret: string; key: string } | undefined {
  for (const mount of container.volumeMounts ?? []) {
    const dir = mount.mountPath.replace(/\/+$/, '');
    if (!path.startsWith(`${dir}/`)) continue;
    const relative = path.slice(dir.length + 1);
    for (const source of secretsOf(pod.volumes?.find((volume) => volume.name === mount.name))) {
      const key = source.items ? source.items.find((item) => item.path === relative)?.key : relative.includes('/') ? undefined : relative;
      if (key !== undefined) return { secret: source.name, key };
    }
  }
  return undefined;
}

/** The values of a command-line flag, given as `--flag value` or `--flag=value`. */
function flagValues(flags: readonly string[], flag: string): string[] {
  return flags.flatMap((arg, index) => {
    const next = flags[index + 1];
    if (arg === flag) return next === undefined ? [] : [next];
    return arg.startsWith(`${flag}=`) ? [arg.slice(flag.length + 1)] : [];
  });
}

/** What the driver makes of a MongoDB URI: the hosts it names (no ports), whether it carries credentials, whether it asks for TLS. */
function mongodbUri(uri: string): { hosts: string[]; credentials: boolean; tls: boolean } {
  const authority = /^mongodb(?:\+srv)?:\/\/([^/?]*)/.exec(uri)?.[1] ?? '';
  const at = authority.lastIndexOf('@');
  const hosts = authority.slice(at + 1).split(',').filter(Boolean).map((host) => host.split(':')[0] ?? host);
  // `tls`, or its older name `ssl`; an SRV URI asks for TLS unless it says otherwise
  const asked = [...new URLSearchParams(uri.split('?')[1] ?? '')].find(([key]) => ['tls', 'ssl'].includes(key.toLowerCase()))?.[1].toLowerCase();
  return { hosts, credentials: at !== -1, tls: asked === undefined ? uri.startsWith('mongodb+srv://') : asked === 'true' };
}

/** Whether a certificate's DNS name covers a host: itself, or a wildcard for its first label (of three labels at least, as Node checks). */
function dnsNameCovers(name: string, host: string): boolean {
  if (name === host) return true;
  return name.startsWith('*.') && name.split('.').length >= 3 && host.includes('.') && host.slice(host.indexOf('.') + 1) === name.slice(2);
}

interface MongodbServer {
  readonly workload: KubeObject;
  /** The headless Service whose name the members' host names carry (mongodb-0.<service>). */
  readonly service: string;
  readonly auth: boolean;
  readonly tls: boolean;
  /** The Secret and key of the CA it trusts (--tlsCAFile), and of its certificate (--tlsCertificateKeyFile). */
  readonly ca?: { secret: string; key: string };
  readonly certificate?: { secret: string; key: string };
}

/** The workloads that run mongod (the image `mongo`), with what their flags require of a client, and what is wrong with those flags. */
function mongodbServers(objects: readonly KubeObject[]): { servers: MongodbServer[]; problems: string[] } {
  const problems: string[] = [];
  const servers = objects
    .filter((object) => object.kind === 'StatefulSet' || object.kind === 'Deployment')
    .flatMap((workload) => {
      const pod = mountingPod(workload);
      const container = pod?.containers.find((candidate) => /(^|\/)mongo(:|@|$)/.test(candidate.image));
      if (!pod || !container) return [];
      const flags = [...(container.command ?? []), ...(container.args ?? [])];
      const owner = objectName(workload);
      const keyFile = flagValues(flags, '--keyFile').length > 0;
      const auth = keyFile || flags.includes('--auth');
      const replicaSet = flagValues(flags, '--replSet').length > 0;
      if (auth && replicaSet && !keyFile && !flagValues(flags, '--clusterAuthMode').includes('x509')) {
        problems.push(`${owner}: the replica set's members cannot sign in to each other (no --keyFile)`);
      }
      const mechanisms = flagValues(flags, '--setParameter')
        .find((parameter) => parameter.startsWith('authenticationMechanisms='))
        ?.split('=')[1];
      if (auth && mechanisms !== 'SCRAM-SHA-256') {
        problems.push(`${owner}: mongod accepts sign-ins by ${mechanisms ?? 'SCRAM-SHA-1 too'}, not by SCRAM-SHA-256 alone (--setParameter authenticationMechanisms=SCRAM-SHA-256)`);
      }
      const file = (flag: string) => {
        const [path] = flagValues(flags, flag);
        const found = path === undefined ? undefined : mountedSecretFile(pod, container, path);
        if (path !== undefined && !found) problems.push(`${owner}: ${flag} ${path} is not a file of a Secret it mounts`);
        return found;
      };
      const service = spec<{ serviceName?: string }>(workload)?.serviceName ?? workload.metadata.name;
      const tls = flagValues(flags, '--tlsMode').includes('requireTLS');
      return [{ workload, service, auth, tls, ca: file('--tlsCAFile'), certificate: file('--tlsCertificateKeyFile') }];
    });
  return { servers, problems };
}

/** A declared MongoDB user and its roles, as the users Job creates it. */
interface MongodbUser {
  readonly user: string;
  readonly roles: readonly { readonly role: string; readonly db: string }[];
}

/**
 * What is wrong with how an app's workload reaches the MongoDB its MONGODB_URI names, where that
 * mongod requires sign-in or TLS (in production it must): it signs in as the user of its own name,
 * with the password from its own Secret, which a Job creates; it asks for TLS, trusting the CA
 * mongod's certificate is of, on hosts that certificate names.
 */
function mongodbClientProblems(
  objects: readonly KubeObject[],
  client: { workload: KubeObject; container: MountingContainer; app: string; env: Environment },
  server: MongodbServer,
  users: readonly MongodbUser[],
  production: boolean,
): string[] {
  const { workload, container, app, env } = client;
  const owner = objectName(workload);
  const uri = mongodbUri(env['MONGODB_URI'] ?? '');
  const problems: string[] = [];
  if (server.auth || production) {
    const username = env['MONGODB_USERNAME'];
    if (uri.credentials) problems.push(`${owner}: signs in to MongoDB with the credentials in its MONGODB_URI, not as a user of its own (MONGODB_USERNAME, MONGODB_PASSWORD)`);
    else if (username === undefined) problems.push(`${owner}: signs in to MongoDB as no one`);
    else if (username !== app) problems.push(`${owner}: signs in to MongoDB as ${username}, not as a user of its own`);
    else if (!users.some((user) => user.user === username)) problems.push(`${owner}: signs in to MongoDB as ${username}, a user no Job creates (ConfigMap ${MONGODB_USERS_CONFIGMAP})`);
    const password = container.env?.find((variable) => variable.name === 'MONGODB_PASSWORD')?.valueFrom?.secretKeyRef;
    if (username !== undefined && (password?.name !== mongodbUserSecret(app) || password.key !== 'password')) {
      problems.push(`${owner}: its MONGODB_PASSWORD is not the key password of its own Secret ${mongodbUserSecret(app)}`);
    }
  }
  if (server.tls || production) {
    if (!uri.tls) problems.push(`${owner}: its MONGODB_URI does not ask for TLS (tls=true)`);
    const caFile = env['MONGODB_TLS_CA_FILE'];
    const pod = mountingPod(workload);
    const ca = caFile === undefined || !pod ? undefined : mountedSecretFile(pod, container, caFile);
    if (caFile === undefined) problems.push(`${owner}: trusts no CA of its own for MongoDB (MONGODB_TLS_CA_FILE)`);
    else if (!ca) problems.push(`${owner}: MONGODB_TLS_CA_FILE ${caFile} is not a file of a Secret it mounts`);
    else if (server.ca && (ca.secret !== server.ca.secret || ca.key !== server.ca.key)) {
      problems.push(`${owner}: trusts ${ca.secret}/${ca.key} for MongoDB, but ${objectName(server.workload)} is of the CA in ${server.ca.secret}/${server.ca.key}`);
    }
    // the Certificate cert-manager writes mongod's certificate from: TLS refuses a host it does not name
    const certificate = objects.find((object) => object.kind === 'Certificate' && spec<{ secretName?: string }>(object)?.secretName === server.certificate?.secret);
    const dnsNames = spec<{ dnsNames?: string[] }>(certificate)?.dnsNames ?? [];
    for (const host of certificate ? uri.hosts : []) {
      if (!dnsNames.some((name) => dnsNameCovers(name, host))) problems.push(`${owner}: its MONGODB_URI names ${host}, which ${objectName(certificate as KubeObject)} does not: TLS would refuse it`);
    }
  }
  return problems;
}

/**
 * What is wrong with the declared users: each is an app that reads MongoDB, with only the roles its
 * app needs, on its app's database; and every Job that creates them mounts each one's password.
 */
function mongodbUserProblems(objects: readonly KubeObject[], configMap: KubeObject, users: readonly MongodbUser[], databases: ReadonlyMap<string, string>): string[] {
  const mounts = (volume: Volume, source: string) => volume.configMap?.name === source || (volume.projected?.sources ?? []).some((one) => one.configMap?.name === source);
  const jobs = objects.filter((object) => object.kind === 'Job' && (mountingPod(object)?.volumes ?? []).some((volume) => mounts(volume, MONGODB_USERS_CONFIGMAP)));
  const problems = jobs.length === 0 ? [`${objectName(configMap)}: no Job mounts it, so no one creates its users`] : [];
  for (const { user, roles } of users) {
    const allowed = MONGODB_ROLES[user];
    const database = databases.get(user);
    if (allowed === undefined) problems.push(`${objectName(configMap)}: declares ${user}, which is no app that reads MongoDB`);
    for (const { role, db } of allowed ? roles : []) {
      if (!allowed?.includes(role) || (database !== undefined && db !== database)) {
        problems.push(`${objectName(configMap)}: ${user} may ${role} on ${db}, more than it needs (${allowed?.join(', ')} on ${database ?? 'its database'})`);
      }
    }
    for (const job of jobs) {
      const password = (source: VolumeSource) => source.name === mongodbUserSecret(user) && source.items?.some((item) => item.key === 'password' && item.path === `${user}.password`);
      if (!(mountingPod(job)?.volumes ?? []).some((volume) => secretsOf(volume).some(password))) {
        problems.push(`${objectName(job)}: does not mount the password of ${user} (key password of Secret ${mongodbUserSecret(user)}, as ${user}.password)`);
      }
    }
  }
  return problems;
}

/**
 * MongoDB in production requires every client to sign in (SCRAM-SHA-256 alone) and to use TLS;
 * wherever a mongod does, each app that reads it (the projector, the query API, and the rebuild Job
 * as the projector) signs in as a user of its own, with the password from its own Secret, over
 * TLS, trusting the CA mongod's certificate is of. Each user the users Job creates holds only the
 * roles its app needs on the read models' database, and that Job mounts each user's password
 * (docs/security.md, "MongoDB in production"). The dev overlay may stay plain.
 */
export function mongodbAccess(objects: readonly KubeObject[], apps: readonly DeployableApp[], { production }: { production: boolean }): string[] {
  const { servers, problems: found } = mongodbServers(objects);
  for (const server of production ? servers : []) {
    if (!server.auth) found.push(`${objectName(server.workload)}: mongod takes clients without credentials (neither --auth nor --keyFile)`);
    if (!server.tls) found.push(`${objectName(server.workload)}: mongod takes clients without TLS (--tlsMode is not requireTLS)`);
  }
  const configMap = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === MONGODB_USERS_CONFIGMAP);
  let users: MongodbUser[] = [];
  try {
    users = configMap ? (JSON.parse((configMap['data'] as Record<string, string> | undefined)?.['users.json'] ?? '') as MongodbUser[]) : [];
  } catch {
    found.push(`${objectName(configMap as KubeObject)}: users.json is not JSON`);
  }
  const databases = new Map<string, string>();
  const names = new Set(apps.map((app) => app.name));
  for (const workload of objects.filter((object) => workloadKinds.has(object.kind))) {
    // an app's own workload, or the rebuild Job (the projector's CLI, as the projector's user)
    const rebuild = workload.kind === 'Job' && workload.metadata.labels?.['app.kubernetes.io/component'] === 'rebuild';
    const app = names.has(workload.metadata.name) ? workload.metadata.name : rebuild ? 'projector' : undefined;
    const pod = mountingPod(workload);
    const container = workload.kind === 'Job' ? pod?.containers[0] : pod?.containers.find((candidate) => candidate.name === app);
    if (app === undefined || !container) continue;
    const { env } = containerEnvironment(objects, workload, container);
    if (env['MONGODB_URI'] === undefined) continue;
    const database = apps.find((candidate) => candidate.name === app)?.settings.shape['MONGODB_DATABASE']?.safeParse(env['MONGODB_DATABASE']).data;
    databases.set(app, String(database ?? env['MONGODB_DATABASE']));
    const { hosts } = mongodbUri(env['MONGODB_URI']);
    const namespace = workload.metadata.namespace;
    const server = servers.find((candidate) => candidate.workload.metadata.namespace === namespace && hosts.some((host) => host.split('.')[1] === candidate.service));
    if (server) found.push(...mongodbClientProblems(objects, { workload, container, app, env }, server, users, production));
  }
  if (configMap) found.push(...mongodbUserProblems(objects, configMap, users, databases));
  return found;
}

/** The Job label every pod of a Job carries, the Job's uid: the same in each pod it starts. */
export const JOB_UID_LABEL = 'batch.kubernetes.io/controller-uid';

/**
 * The rebuild Job retries what a retry can mend, and only that. Each pod runs under the Job's uid
 * (REBUILD_REQUEST_ID from the pod's `batch.kubernetes.io/controller-uid` label), so a pod started
 * after its rebuild flipped finds it and exits 0 instead of starting another rebuild; the CLI's
 * final exit codes (REBUILD_EXIT in apps/projector/src/config.ts: bad arguments, a rebuild given up)
 * fail the Job at once rather than being retried until backoffLimit, which needs restartPolicy Never.
 */
export function rebuildRetries(objects: readonly KubeObject[]): string[] {
  const exit = (require(join(workspaceRoot, 'apps', 'projector', 'src', 'config.ts')) as { REBUILD_EXIT: Record<'usage' | 'final', number> }).REBUILD_EXIT;
  const final = [exit.usage, exit.final];
  return objects
    .filter((object) => object.kind === 'Job' && object.metadata.labels?.['app.kubernetes.io/component'] === 'rebuild')
    .flatMap((job) => {
      const pod = podTemplate(job)?.spec;
      const container = pod?.containers[0];
      const problems: string[] = [];
      const requestId = container?.env?.find((variable) => variable.name === 'REBUILD_REQUEST_ID');
      if (requestId?.valueFrom?.fieldRef?.fieldPath !== `metadata.labels['${JOB_UID_LABEL}']`) {
        problems.push(`REBUILD_REQUEST_ID is not the Job's uid (fieldRef metadata.labels['${JOB_UID_LABEL}']): a retried pod would start another rebuild`);
      }
      if (pod?.restartPolicy !== 'Never') problems.push(`restartPolicy is ${pod?.restartPolicy ?? 'unset'}: a pod failure policy needs Never`);
      const rules = spec<{ podFailurePolicy?: { rules?: { action: string; onExitCodes?: { containerName?: string; operator: string; values: number[] } }[] } }>(job)?.podFailurePolicy?.rules ?? [];
      const failsAt = new Set(
        rules
          .filter((rule) => rule.action === 'FailJob' && rule.onExitCodes?.operator === 'In' && (rule.onExitCodes.containerName ?? container?.name) === container?.name)
          .flatMap((rule) => rule.onExitCodes?.values ?? []),
      );
      const retried = final.filter((code) => !failsAt.has(code));
      if (retried.length > 0) problems.push(`exit code${retried.length === 1 ? '' : 's'} ${retried.join(', ')} (final: no retry changes them) would be retried: podFailurePolicy has no FailJob rule for them`);
      return problems.map((problem) => `${objectName(job)}: ${problem}`);
    });
}

/**
 * Every probe path exists in the app: asked of the running app itself (`status` fetches a path
 * from it), since only the app knows its routes. The whole-stack test runs this on the real apps.
 */
export async function probePathProblems(probes: readonly { app: string; probe: string; path: string }[], status: (app: string, path: string) => Promise<number>): Promise<string[]> {
  const answers = await Promise.all(probes.map(async (probe) => ({ ...probe, status: await status(probe.app, probe.path) })));
  return answers.filter((answer) => answer.status === 404).map((answer) => `${answer.app}: ${answer.probe} path ${answer.path} answers 404`);
}

type Selector = { readonly matchLabels?: Record<string, string>; readonly matchExpressions?: readonly { key: string; operator: string; values?: readonly string[] }[] };
type Peer = { readonly podSelector?: Selector; readonly namespaceSelector?: Selector };
type NetworkPolicySpec = { podSelector: Selector; policyTypes?: string[]; ingress?: { from?: Peer[] }[] };

/** Whether a label selector selects these labels; an empty selector selects everything. */
export function selects(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return labels[key] !== undefined && values.includes(labels[key]);
    if (operator === 'NotIn') return labels[key] === undefined || !values.includes(labels[key]);
    if (operator === 'Exists') return labels[key] !== undefined;
    return labels[key] === undefined; // DoesNotExist
  });
  return byLabel && byExpression;
}

/** Whether a peer of a policy in the same namespace admits a pod with these labels. */
const admits = (peers: readonly Peer[] | undefined, labels: Readonly<Record<string, string>>) =>
  peers === undefined || peers.some((peer) => peer.namespaceSelector === undefined && peer.podSelector !== undefined && selects(peer.podSelector, labels));

/** Whether the NetworkPolicies of the namespace let a pod with `from` labels open connections to a pod with `to` labels. */
function reachable(objects: readonly KubeObject[], namespace: string | undefined, from: Record<string, string>, to: Record<string, string>): boolean {
  const policies = objects
    .filter((object) => object.kind === 'NetworkPolicy' && object.metadata.namespace === namespace)
    .flatMap((object) => spec<NetworkPolicySpec>(object) ?? [])
    .filter((policy) => (policy.policyTypes ?? ['Ingress']).includes('Ingress') && selects(policy.podSelector, to));
  return policies.length === 0 || policies.some((policy) => (policy.ingress ?? []).some((rule) => admits(rule.from, from)));
}

/**
 * Every pod reaches the servers its settings name, through the NetworkPolicies: a pod given
 * KAFKA_BROKERS is among the peers the Kafka listeners admit (Strimzi writes the brokers' policy
 * from them), a pod given a MONGODB_URI of the in-cluster replica set is admitted by the policies
 * on its members. And each topology spread constraint counts the pod's own kind.
 */
export function networkReachability(objects: readonly KubeObject[]): string[] {
  type Listener = { name: string; networkPolicyPeers?: Peer[] };
  const listeners = objects.filter((object) => object.kind === 'Kafka').flatMap((kafka) => spec<{ kafka: { listeners: Listener[] } }>(kafka)?.kafka.listeners ?? []);
  const databases = objects.filter((object) => object.kind === 'StatefulSet');
  return objects
    .filter((object) => workloadKinds.has(object.kind))
    .flatMap((workload) => {
      const template = podTemplate(workload);
      if (!template) return [];
      const labels = template.metadata?.labels ?? {};
      const problems: string[] = [];
      for (const container of template.spec.containers) {
        const { env } = containerEnvironment(objects, workload, container);
        if (env['KAFKA_BROKERS'] !== undefined && listeners.length > 0 && !listeners.some((listener) => admits(listener.networkPolicyPeers, labels))) {
          problems.push(`${objectName(workload)}: is given KAFKA_BROKERS, but no Kafka listener's networkPolicyPeers admits its pods`);
        }
        const hosts = /^mongodb(?:\+srv)?:\/\/([^/?]+)/.exec(env['MONGODB_URI'] ?? '')?.[1]?.split(',') ?? [];
        for (const database of databases) {
          const service = spec<{ serviceName?: string }>(database)?.serviceName;
          const members = podTemplate(database)?.metadata?.labels ?? {};
          const named = hosts.some((host) => host.split(':')[0]?.split('.')[1] === service);
          if (named && database !== workload && !reachable(objects, workload.metadata.namespace, labels, members)) {
            problems.push(`${objectName(workload)}: its MONGODB_URI names ${objectName(database)}, whose NetworkPolicies do not admit its pods`);
          }
        }
      }
      type Spread = { labelSelector?: Selector };
      for (const constraint of (template.spec as { topologySpreadConstraints?: Spread[] }).topologySpreadConstraints ?? []) {
        if (!constraint.labelSelector || !selects(constraint.labelSelector, labels)) problems.push(`${objectName(workload)}: a topology spread constraint does not count its own pods`);
      }
      return problems;
    });
}
