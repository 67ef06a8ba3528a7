/* eslint-disable @typescript-eslint/no-explicit-any -- the broken copies are edited field by field, by path */
import { topics } from '@rewind/contracts';
import { deployableApps } from '../apps';
import { OVERLAYS, overlayProblems, PRODUCTION_OVERLAYS, renderOverlay, topicsFileProblems } from './overlays';
import { renderKustomization, type KubeObject } from './render';
import { OUT_OF_BAND_SECRETS } from './rules';

// Every overlay must pass every check, and every check must fail on a manifest broken against
// its rule: each case below breaks a fresh copy of the rendered dev overlay in one way.
const apps = deployableApps();
const COMMAND_SERVICES = ['order-service', 'payment-service', 'shipping-service'];

describe('the Kubernetes manifests', () => {
  it.each(OVERLAYS)('%s renders and passes every check', (overlay) => {
    const objects = renderOverlay(overlay);
    expect(objects.length).toBeGreaterThan(40);
    expect(overlayProblems(objects, apps, topics, { production: PRODUCTION_OVERLAYS.includes(overlay) })).toEqual([]);
  });

  it('keep the generated KafkaTopic file in step with the topic declaration', () => {
    expect(topicsFileProblems(topics)).toEqual([]);
    const fewerPartitions = topics.map((topic, index) => (index === 0 ? { ...topic, partitions: topic.partitions + 1 } : topic));
    expect(topicsFileProblems(fewerPartitions)).toEqual([expect.stringMatching(/topics\.yaml is stale: run npm run deploy:generate/)]);
  });
});

describe('each check, on a deliberately broken overlay', () => {
  let rendered: KubeObject[];
  beforeAll(() => {
    rendered = renderOverlay('dev');
  });

  /** The problems of the dev overlay after `breakIt` has changed a copy of it. */
  function problemsAfter(breakIt: (objects: KubeObject[]) => void): string[] {
    const objects = structuredClone(rendered);
    breakIt(objects);
    return overlayProblems(objects, apps, topics);
  }
  const the = (objects: KubeObject[], kind: string, name: string) => {
    const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
    if (!found) throw new Error(`no ${kind}/${name} in the rendered overlay`);
    return found as unknown as { metadata: { name: string }; spec: any; data: any };
  };
  /** An app's workload: the command services run as StatefulSets, the other apps as Deployments. */
  const workload = (objects: KubeObject[], name: string) => the(objects, COMMAND_SERVICES.includes(name) ? 'StatefulSet' : 'Deployment', name);
  const container = (objects: KubeObject[], name: string) => workload(objects, name).spec.template.spec.containers[0];
  const without = (objects: KubeObject[], kind: string, name: string) => objects.splice(objects.indexOf(the(objects, kind, name) as unknown as KubeObject), 1);

  it('render: a kustomization that does not build is an error naming it', () => {
    expect(() => renderKustomization('tools/deploy/src/k8s/fixtures/unrenderable')).toThrow(/(kubectl kustomize|kustomize build) tools\/deploy\/src\/k8s\/fixtures\/unrenderable failed:[\s\S]*deployment-that-is-not-there\.yaml/);
  });

  it('schema: a built-in kind that breaks the Kubernetes schema', () => {
    expect(problemsAfter((objects) => (container(objects, 'query-api').ports[0].containerPort = '3004'))).toEqual([
      expect.stringMatching(/^schema: Deployment\/query-api: .*containerPort must be integer/),
    ]);
  });

  it('schema: a built-in kind with fields Kubernetes does not have (as kubectl refuses them)', () => {
    const problems = problemsAfter((objects) => {
      const deployment = the(objects, 'StatefulSet', 'order-service');
      deployment.spec.replica = 1;
      deployment.spec.template.spec.containers[0].readinesProbe = deployment.spec.template.spec.containers[0].readinessProbe;
      deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFilesytem = true;
    });
    expect(problems).toEqual([
      'schema: StatefulSet/order-service: spec.template.spec.containers[0].securityContext: unknown field "readOnlyRootFilesytem"',
      'schema: StatefulSet/order-service: spec.template.spec.containers[0]: unknown field "readinesProbe"',
      'schema: StatefulSet/order-service: spec: unknown field "replica"',
    ]);
  });

  it('schema: a Strimzi kind with a misspelt field', () => {
    expect(
      problemsAfter((objects) => {
        const topic = the(objects, 'KafkaTopic', 'orders.events');
        topic.spec.partitons = topic.spec.partitions;
      }),
    ).toEqual([expect.stringMatching(/^schema: KafkaTopic\/orders\.events: spec: Unrecognized key: "partitons"/)]);
  });

  it('schema: a kind no schema knows', () => {
    expect(problemsAfter((objects) => objects.push({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }))).toEqual([
      'schema: Widget/w: no schema for example.com/v1 Widget',
    ]);
  });

  it('apps-deployed: an app without its Deployment or Service', () => {
    const problems = problemsAfter((objects) => {
      without(objects, 'Service', 'payment-service');
      the(objects, 'StatefulSet', 'shipping-service').metadata.name = 'shipping';
    });
    expect(problems).toEqual(expect.arrayContaining(['apps-deployed: payment-service: no Service named payment-service', 'apps-deployed: shipping-service: no Deployment named shipping-service']));
  });

  it('apps-deployed: a Service that selects no pod of its app', () => {
    expect(problemsAfter((objects) => (the(objects, 'Service', 'order-service').spec.selector = { 'app.kubernetes.io/name': 'orders' }))).toEqual([
      'apps-deployed: Service/order-service: its selector does not select the pods of StatefulSet/order-service',
    ]);
  });

  it('config-provided: a required setting nobody provides', () => {
    const problems = problemsAfter((objects) => (the(objects, 'Deployment', 'query-api').spec.template.spec.containers[0].envFrom = [{ configMapRef: { name: 'rewind-config' } }, { configMapRef: { name: 'rewind-auth' } }]));
    expect(problems).toEqual([expect.stringMatching(/^config-provided: Deployment\/query-api: query-api: MONGODB_URI: /)]);
  });

  it('config-provided: a value the app would refuse at boot, and a ConfigMap that is not there', () => {
    const problems = problemsAfter((objects) => {
      the(objects, 'ConfigMap', 'rewind-config').data.KAFKA_BROKERS = 'rewind-kafka-bootstrap';
      container(objects, 'projector').envFrom.push({ configMapRef: { name: 'projector-extras' } });
    });
    expect(problems).toEqual(expect.arrayContaining(['config-provided: Deployment/projector: refers to ConfigMap projector-extras, which the overlay does not render in its namespace']));
    // every app and the rebuild Job read KAFKA_BROKERS from the broken ConfigMap
    expect(problems.filter((problem) => problem.endsWith('KAFKA_BROKERS: expected host:port[,host:port…]'))).toHaveLength(6);
  });

  it('config-provided: the issuer the APIs trust is checked like any value', () => {
    const problems = problemsAfter((objects) => (the(objects, 'ConfigMap', 'rewind-auth').data.AUTH_JWKS_URL = 'login.example.com/certs'));
    expect(problems.sort()).toEqual(
      // the command services are StatefulSets (their disks), the query API a Deployment
      ['Deployment/query-api', 'StatefulSet/order-service', 'StatefulSet/payment-service', 'StatefulSet/shipping-service'].map((workload) =>
        expect.stringMatching(new RegExp(`^config-provided: ${workload}: ${workload.split('/')[1]}: AUTH_JWKS_URL: `)),
      ),
    );
  });

  it('config-provided: a Secret created out of band is absent from the prod rendering only by its annotation, and exempts no other', () => {
    const prod = renderOverlay('prod');
    const orderService = (objects: KubeObject[]) => the(objects, 'StatefulSet', 'order-service').spec.template;
    expect(prod.some((object) => object.kind === 'Secret' && object.metadata.name === 'rewind-internal')).toBe(false);
    // the internal credential, and what Strimzi makes: the app's Kafka user's password, the cluster CA
    expect(orderService(prod).metadata.annotations).toMatchObject({ [OUT_OF_BAND_SECRETS]: 'rewind-internal, order-service, rewind-cluster-ca-cert' });

    const unannotated = structuredClone(prod);
    delete orderService(unannotated).metadata.annotations[OUT_OF_BAND_SECRETS];
    expect(overlayProblems(unannotated, apps, topics)).toEqual([
      'config-provided: StatefulSet/order-service: refers to Secret rewind-internal, which the overlay does not render in its namespace',
      'config-provided: StatefulSet/order-service: refers to Secret order-service, which the overlay does not render in its namespace',
      'config-provided: StatefulSet/order-service: order-service: KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is set',
    ]);

    const another = structuredClone(prod);
    const password = (orderService(another).spec.containers[0].env as any[]).find((variable) => variable.name === 'KAFKA_SASL_PASSWORD');
    password.valueFrom.secretKeyRef.name = 'rewind-kafka-user';
    expect(overlayProblems(another, apps, topics)).toEqual([
      'config-provided: StatefulSet/order-service: refers to Secret rewind-kafka-user, which the overlay does not render in its namespace',
      'config-provided: StatefulSet/order-service: order-service: KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is set',
    ]);
  });


  it('config-provided: the rebuild Job answers to the projector settings', () => {
    const problems = problemsAfter((objects) => (the(objects, 'Job', 'rebuild-projection').spec.template.spec.containers[0].envFrom = [{ configMapRef: { name: 'rewind-config' } }, { configMapRef: { name: 'rewind-auth' } }]));
    expect(problems).toEqual([expect.stringMatching(/^config-provided: Job\/rebuild-projection: projector: MONGODB_URI: /)]);
  });

  it('uis-served: the query API not told where its image holds the explorer, or told another folder', () => {
    const explorerDir = (objects: KubeObject[]) => (container(objects, 'query-api').env as { name: string; value?: string }[]).findIndex((variable) => variable.name === 'EXPLORER_DIR');
    expect(problemsAfter((objects) => container(objects, 'query-api').env.splice(explorerDir(objects), 1))).toEqual([
      'uis-served: Deployment/query-api: query-api: EXPLORER_DIR is unset, so the explorer its image holds in /app/explorer is not served',
    ]);
    expect(problemsAfter((objects) => (container(objects, 'query-api').env[explorerDir(objects)].value = '/srv/explorer'))).toEqual([
      'uis-served: Deployment/query-api: query-api: EXPLORER_DIR is /srv/explorer, but its image holds the explorer in /app/explorer',
    ]);
    // given through the ConfigMap instead, it counts the same
    const fromConfigMap = problemsAfter((objects) => {
      container(objects, 'query-api').env.splice(explorerDir(objects), 1);
      the(objects, 'ConfigMap', 'rewind-config').data.EXPLORER_DIR = '/app/explorer';
    });
    expect(fromConfigMap).toEqual([]);
  });

  it('topics-match: a topic with other partitions or configs, a missing one, an undeclared one', () => {
    const problems = problemsAfter((objects) => {
      the(objects, 'KafkaTopic', 'orders.events').spec.partitions = 12;
      the(objects, 'KafkaTopic', 'orders.commands').spec.config['retention.ms'] = '1000';
      the(objects, 'KafkaTopic', 'payments.snapshots').metadata.name = the(objects, 'KafkaTopic', 'payments.snapshots').spec.topicName = 'payments.snapshot';
    });
    expect(problems).toEqual([
      'topics-match: KafkaTopic/payments.snapshot: topic payments.snapshot is not declared in libs/contracts/src/topics.ts',
      'topics-match: KafkaTopic/orders.events: 12 partitions, declared 6',
      'topics-match: KafkaTopic/orders.commands: config retention.ms is 1000, declared 604800000',
      'topics-match: topic payments.snapshots: no KafkaTopic (regenerate with npm run deploy:generate)',
    ]);
  });

  it('probes-on-app-port: a missing probe, and one on another port than the app listens on', () => {
    const problems = problemsAfter((objects) => {
      delete container(objects, 'payment-service').readinessProbe;
      container(objects, 'order-service').env[0].value = '8080';
    });
    expect(problems).toEqual([
      'probes-on-app-port: StatefulSet/order-service: livenessProbe probes port 3001, the app listens on 8080',
      'probes-on-app-port: StatefulSet/order-service: readinessProbe probes port 3001, the app listens on 8080',
      'probes-on-app-port: StatefulSet/payment-service: no HTTP readinessProbe',
      'scrape-annotations: StatefulSet/order-service: prometheus.io/port is 3001, the app listens on 8080',
      // the address its other instances forward to names the old port too
      'instances-reach-each-other: StatefulSet/order-service: ADVERTISED_URL names port 3001, the app listens on 8080',
    ]);
  });

  it('scrape-annotations: an app whose pods are not marked for scraping, or on another path or port than it serves metrics on', () => {
    const problems = problemsAfter((objects) => {
      delete the(objects, 'Deployment', 'projector').spec.template.metadata.annotations;
      the(objects, 'Deployment', 'query-api').spec.template.metadata.annotations['prometheus.io/path'] = '/prometheus';
      workload(objects, 'shipping-service').spec.template.metadata.annotations['prometheus.io/port'] = '9090';
    });
    expect(problems).toEqual([
      'scrape-annotations: Deployment/projector: its pods are not marked for scraping (prometheus.io/scrape: "true")',
      'scrape-annotations: Deployment/projector: prometheus.io/path is missing, the app serves /metrics',
      'scrape-annotations: Deployment/projector: prometheus.io/port is missing, the app listens on 3005',
      'scrape-annotations: Deployment/query-api: prometheus.io/path is /prometheus, the app serves /metrics',
      'scrape-annotations: StatefulSet/shipping-service: prometheus.io/port is 9090, the app listens on 3003',
    ]);
  });

  it('replicas-within-partitions: more replicas than partitions, or no autoscaler', () => {
    const problems = problemsAfter((objects) => {
      the(objects, 'HorizontalPodAutoscaler', 'order-service').spec.maxReplicas = 7;
      the(objects, 'Deployment', 'projector').spec.replicas = 8;
      without(objects, 'HorizontalPodAutoscaler', 'shipping-service');
    });
    expect(problems).toEqual([
      'replicas-within-partitions: HorizontalPodAutoscaler/order-service: maxReplicas 7 is more than the 6 partitions order-service consumes',
      'replicas-within-partitions: shipping-service: no HorizontalPodAutoscaler',
      'replicas-within-partitions: Deployment/projector: 8 replicas is more than the 6 partitions it consumes',
    ]);
  });

  it('disruption-budgets: an app no PodDisruptionBudget covers', () => {
    expect(problemsAfter((objects) => without(objects, 'PodDisruptionBudget', 'query-api'))).toEqual(['disruption-budgets: query-api: no PodDisruptionBudget selects its pods']);
  });

  it('pods-hardened: a pod that may run as root, a container without requests or limits', () => {
    const problems = problemsAfter((objects) => {
      delete the(objects, 'StatefulSet', 'mongodb').spec.template.spec.securityContext.runAsNonRoot;
      delete container(objects, 'projector').resources;
    });
    expect(problems).toEqual([
      'pods-hardened: Deployment/projector: container projector has no cpu and memory requests',
      'pods-hardened: Deployment/projector: container projector has no memory limit',
      'pods-hardened: StatefulSet/mongodb: pods may run as root (set securityContext.runAsNonRoot)',
    ]);
  });

  it('ingress-backends: a path to a Service that is not there, or to a port it has not', () => {
    const problems = problemsAfter((objects) => {
      const rules = the(objects, 'Ingress', 'rewind').spec.rules;
      rules[0].http.paths[0].backend.service.name = 'orders';
      rules[1].http.paths[0].backend.service.port = { name: 'grpc' };
    });
    expect(problems).toEqual([
      'ingress-backends: Ingress/rewind: api.rewind.localtest.me/orders leads to Service orders, which the overlay does not render in its namespace',
      'ingress-backends: Ingress/rewind: query.rewind.localtest.me/orders uses port grpc, which Service query-api has not',
    ]);
  });

  it('internal-not-public: an Ingress path that would route the command services\' internal endpoint', () => {
    const problems = problemsAfter((objects) => {
      const rules = the(objects, 'Ingress', 'rewind').spec.rules;
      rules[0].http.paths.push({ path: '/internal', pathType: 'Prefix', backend: rules[0].http.paths[0].backend });
      rules[1].http.paths.push({ path: '/', pathType: 'Prefix', backend: rules[1].http.paths[0].backend });
      // a prefix of the path's text, not of its elements: Kubernetes does not route /internal/commands by it
      rules[1].http.paths.push({ path: '/intern', pathType: 'Prefix', backend: rules[1].http.paths[0].backend });
    });
    expect(problems).toEqual([
      "internal-not-public: Ingress/rewind: api.rewind.localtest.me/internal (Prefix) routes /internal/commands, which only a service's own instances may reach",
      "internal-not-public: Ingress/rewind: query.rewind.localtest.me/ (Prefix) routes /internal/commands, which only a service's own instances may reach",
    ]);
  });

  it('state-kept: a command service without a disk of its own for STATE_DIR, or not a StatefulSet', () => {
    expect(
      problemsAfter((objects) => {
        // no STATE_DIR at all
        const order = container(objects, 'order-service');
        order.env = order.env.filter((variable: { name: string }) => variable.name !== 'STATE_DIR');
        // STATE_DIR where nothing is mounted
        container(objects, 'payment-service').env.find((variable: { name: string }) => variable.name === 'STATE_DIR').value = '/tmp/state';
        // mounted from a volume that dies with the pod
        const shipping = the(objects, 'StatefulSet', 'shipping-service');
        shipping.spec.volumeClaimTemplates = [];
        shipping.spec.template.spec.volumes = [{ name: 'state', emptyDir: {} }];
      }),
    ).toEqual([
      'state-kept: StatefulSet/order-service: no STATE_DIR: every start would restore its partitions from the snapshots topic',
      'state-kept: StatefulSet/payment-service: STATE_DIR /tmp/state is not the path of a volume mount of container payment-service',
      'state-kept: StatefulSet/shipping-service: volume state at STATE_DIR is not one of its volumeClaimTemplates: the disk would not outlive the pod',
    ]);
    const asDeployment = problemsAfter((objects) => {
      const order = the(objects, 'StatefulSet', 'order-service') as unknown as { kind: string; spec: any };
      order.kind = 'Deployment';
      for (const field of ['serviceName', 'podManagementPolicy', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'volumeClaimTemplates']) delete order.spec[field];
      order.spec.template.spec.volumes = [{ name: 'state', emptyDir: {} }];
      (the(objects, 'HorizontalPodAutoscaler', 'order-service').spec.scaleTargetRef as { kind: string }).kind = 'Deployment';
    });
    expect(asDeployment).toEqual(['state-kept: Deployment/order-service: a command service runs as a StatefulSet, each pod with a disk of its own for STATE_DIR']);
  });

  it('instances-reach-each-other: a command service whose pods do not advertise their own address, or cannot reach each other', () => {
    const problems = problemsAfter((objects) => {
      const env = (app: string) => container(objects, app).env as { name: string; value?: string }[];
      env('order-service').splice(env('order-service').findIndex((variable) => variable.name === 'ADVERTISED_URL'), 1);
      env('payment-service').find((variable) => variable.name === 'ADVERTISED_URL')!.value = 'http://$(POD_IP):3001';
      env('shipping-service').find((variable) => variable.name === 'ADVERTISED_URL')!.value = 'http://shipping-service:3003';
      without(objects, 'NetworkPolicy', 'payment-service-instances');
    });
    expect(problems).toEqual([
      'instances-reach-each-other: StatefulSet/order-service: no ADVERTISED_URL: every pod would advertise 127.0.0.1, and no command could be forwarded to its owner',
      'instances-reach-each-other: StatefulSet/payment-service: ADVERTISED_URL names port 3001, the app listens on 3002',
      'instances-reach-each-other: StatefulSet/payment-service: its NetworkPolicies do not let its pods reach each other',
      "instances-reach-each-other: StatefulSet/shipping-service: ADVERTISED_URL is not http://$(POD_IP):<port> with POD_IP from the downward API's status.podIP, defined before it",
    ]);
  });

  it('config-provided: the internal credential is checked like any value, and the prod overlay creates it out of band', () => {
    const problems = problemsAfter((objects) => (the(objects, 'Secret', 'rewind-internal').data.INTERNAL_TOKEN = Buffer.from('short').toString('base64')));
    expect(problems).toEqual(['order-service', 'payment-service', 'shipping-service'].map((app) => expect.stringMatching(new RegExp(`^config-provided: StatefulSet/${app}: ${app}: INTERNAL_TOKEN: expected at least 32 characters`))));
    const prod = renderOverlay('prod');
    expect(prod.some((object) => object.kind === 'Secret' && object.metadata.name === 'rewind-internal')).toBe(false);
    for (const app of ['order-service', 'payment-service', 'shipping-service']) {
      expect(the(prod, 'StatefulSet', app).spec.template.metadata.annotations).toMatchObject({ [OUT_OF_BAND_SECRETS]: `rewind-internal, ${app}, rewind-cluster-ca-cert` });
    }
  });

  it('rebuild-retries: a rebuild Job whose retried pods would start another rebuild, or retry what no retry mends', () => {
    const job = (objects: KubeObject[]) => the(objects, 'Job', 'rebuild-projection');
    expect(
      problemsAfter((objects) => {
        const pod = job(objects).spec.template.spec;
        pod.containers[0].env = pod.containers[0].env.filter((variable: { name: string }) => variable.name !== 'REBUILD_REQUEST_ID');
        pod.restartPolicy = 'OnFailure';
        delete job(objects).spec.podFailurePolicy;
      }),
    ).toEqual([
      "rebuild-retries: Job/rebuild-projection: REBUILD_REQUEST_ID is not the Job's uid (fieldRef metadata.labels['batch.kubernetes.io/controller-uid']): a retried pod would start another rebuild",
      'rebuild-retries: Job/rebuild-projection: restartPolicy is OnFailure: a pod failure policy needs Never',
      'rebuild-retries: Job/rebuild-projection: exit codes 2, 3 (final: no retry changes them) would be retried: podFailurePolicy has no FailJob rule for them',
    ]);
    expect(problemsAfter((objects) => (job(objects).spec.podFailurePolicy.rules[0].onExitCodes.values = [2]))).toEqual([
      'rebuild-retries: Job/rebuild-projection: exit code 3 (final: no retry changes them) would be retried: podFailurePolicy has no FailJob rule for them',
    ]);
  });

  it("node-flags-kept: a container whose command runs node without the image's node flags", () => {
    // the rebuild Job's command replaces the image's CMD: f962930 put the CMD's flags back by hand
    const problems = problemsAfter((objects) => (the(objects, 'Job', 'rebuild-projection').spec.template.spec.containers[0].command = ['node', 'apps/projector/src/cli.js']));
    expect(problems).toEqual([
      "node-flags-kept: Job/rebuild-projection: container rebuild runs node without --max-semi-space-size=4 --max-old-space-size=256, which the image's CMD gives and its command replaces",
    ]);
  });

  it('rebuild-image: a rebuild Job on another image than the projector', () => {
    expect(problemsAfter((objects) => (the(objects, 'Job', 'rebuild-projection').spec.template.spec.containers[0].image = 'rewind/projector:old'))).toEqual([
      'rebuild-image: Job/rebuild-projection: runs rewind/projector:old, the projector runs rewind/projector:dev',
    ]);
  });

  it('network-reachability: a pod the Kafka listener does not admit, or MongoDB refuses', () => {
    const problems = problemsAfter((objects) => {
      delete the(objects, 'Deployment', 'projector').spec.template.metadata.labels['app.kubernetes.io/part-of'];
      delete the(objects, 'Deployment', 'query-api').spec.template.metadata.labels['rewind.dev/mongodb-client'];
    });
    expect(problems).toEqual([
      "network-reachability: Deployment/projector: is given KAFKA_BROKERS, but no Kafka listener's networkPolicyPeers admits its pods",
      'network-reachability: Deployment/query-api: its MONGODB_URI names StatefulSet/mongodb, whose NetworkPolicies do not admit its pods',
    ]);
  });

  it('network-reachability: a topology spread constraint that counts other pods', () => {
    const problems = problemsAfter((objects) => {
      the(objects, 'StatefulSet', 'order-service').spec.template.spec.topologySpreadConstraints = [
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders' } } },
      ];
    });
    expect(problems).toEqual(['network-reachability: StatefulSet/order-service: a topology spread constraint does not count its own pods']);
  });

  it('references resolve in the namespace of the object that makes them', () => {
    const problems = problemsAfter((objects) => {
      (the(objects, 'Job', 'rebuild-projection').metadata as { namespace?: string }).namespace = 'elsewhere';
    });
    expect(problems).toEqual([
      'config-provided: Job/rebuild-projection: refers to ConfigMap rewind-config, which the overlay does not render in its namespace',
      'config-provided: Job/rebuild-projection: refers to Secret rewind-mongodb, which the overlay does not render in its namespace',
      expect.stringMatching(/^config-provided: Job\/rebuild-projection: projector: KAFKA_BROKERS: /),
      expect.stringMatching(/^config-provided: Job\/rebuild-projection: projector: MONGODB_URI: /),
      'rebuild-image: Job/rebuild-projection: runs rewind/projector:dev, the projector runs (no projector in its namespace)',
    ]);
  });

  it('topics-match: the KafkaTopics carry the TOPIC_NAMESPACE the apps are given, which they must agree on', () => {
    const namespaced = problemsAfter((objects) => (the(objects, 'ConfigMap', 'rewind-config').data.TOPIC_NAMESPACE = 'staging.'));
    expect(namespaced).toHaveLength(2 * topics.length);
    expect(namespaced).toEqual(
      expect.arrayContaining([
        'topics-match: KafkaTopic/orders.events: topic orders.events is not declared in libs/contracts/src/topics.ts (with TOPIC_NAMESPACE staging.)',
        'topics-match: topic staging.orders.events: no KafkaTopic (regenerate with npm run deploy:generate)',
      ]),
    );
    const disagreeing = problemsAfter((objects) => container(objects, 'payment-service').env.push({ name: 'TOPIC_NAMESPACE', value: 'staging.' }));
    expect(disagreeing).toEqual(['topics-match: the apps disagree on TOPIC_NAMESPACE: "", "staging."']);
  });

  it('topics-protected: brokers that delete a topic when asked, or a topic operator whose finalizers could never be removed', () => {
    const kafka = (objects: KubeObject[]) => the(objects, 'Kafka', 'rewind');
    expect(problemsAfter((objects) => delete kafka(objects).spec.kafka.config['delete.topic.enable'])).toEqual([
      'topics-protected: Kafka/rewind: delete.topic.enable is not false: deleting a KafkaTopic (a prune, a namespace delete) would delete the log',
    ]);
    expect(problemsAfter((objects) => (kafka(objects).spec.kafka.config['delete.topic.enable'] = true))).toEqual([
      'topics-protected: Kafka/rewind: delete.topic.enable is not false: deleting a KafkaTopic (a prune, a namespace delete) would delete the log',
    ]);
    expect(problemsAfter((objects) => delete kafka(objects).spec.entityOperator.template)).toEqual([
      'topics-protected: Kafka/rewind: the Topic Operator puts finalizers on KafkaTopics that it can never remove while topics cannot be deleted: set STRIMZI_USE_FINALIZERS=false',
    ]);
  });
});

describe('kafka-access, on a deliberately broken prod overlay', () => {
  let rendered: KubeObject[];
  beforeAll(() => {
    rendered = renderOverlay('prod');
  });
  function problemsAfter(breakIt: (objects: KubeObject[]) => void): string[] {
    const objects = structuredClone(rendered);
    breakIt(objects);
    return overlayProblems(objects, apps, topics).filter((problem) => problem.startsWith('kafka-access: '));
  }
  const the = (objects: KubeObject[], kind: string, name: string) => {
    const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
    if (!found) throw new Error(`no ${kind}/${name} in the rendered overlay`);
    return found as unknown as { spec: any };
  };
  const aclsOf = (objects: KubeObject[], user: string) => the(objects, 'KafkaUser', user).spec.authorization.acls as any[];

  it('the prod overlay signs every app in as a user of its own and authorises each request', () => {
    const kafka = the(rendered, 'Kafka', 'rewind').spec.kafka;
    expect(kafka.listeners.map((listener: any) => [listener.tls, listener.authentication?.type])).toEqual([[true, 'scram-sha-512']]);
    expect(kafka.authorization).toEqual({ type: 'simple' });
    expect(rendered.filter((object) => object.kind === 'KafkaUser').map((user) => user.metadata.name).sort()).toEqual(['order-service', 'payment-service', 'projector', 'query-api', 'shipping-service']);
  });

  it('a listener that takes anonymous clients, or brokers that authorise nothing', () => {
    expect(
      problemsAfter((objects) => {
        const kafka = the(objects, 'Kafka', 'rewind').spec.kafka;
        kafka.listeners.push({ name: 'plain', port: 9092, type: 'internal', tls: false });
        delete kafka.authorization;
      }),
    ).toEqual([
      'kafka-access: Kafka/rewind: listener plain takes anonymous clients',
      'kafka-access: Kafka/rewind: no authorization: every user it lets in may do anything',
    ]);
  });

  it('an app that signs in as another app, or as no one', () => {
    expect(
      problemsAfter((objects) => {
        const env = the(objects, 'StatefulSet', 'payment-service').spec.template.spec.containers[0].env as any[];
        env.find((variable) => variable.name === 'KAFKA_SASL_USERNAME').value = 'order-service';
        const projector = the(objects, 'Deployment', 'projector').spec.template.spec.containers[0];
        projector.env = projector.env.filter((variable: any) => variable.name !== 'KAFKA_SASL_USERNAME');
      }),
    ).toEqual(['kafka-access: Deployment/projector: signs in to Kafka as no one', 'kafka-access: StatefulSet/payment-service: signs in to Kafka as order-service, not as a user of its own']);
  });

  it('a user that may write another service’s topics, or delete or alter any', () => {
    expect(
      problemsAfter((objects) => {
        aclsOf(objects, 'payment-service').push({ resource: { type: 'topic', name: 'orders.events', patternType: 'literal' }, operations: ['Write'] });
        aclsOf(objects, 'projector').push({ resource: { type: 'topic', name: '*', patternType: 'literal' }, operations: ['All'] });
        aclsOf(objects, 'query-api').push({ resource: { type: 'topic', name: 'orders.', patternType: 'prefix' }, operations: ['Delete', 'AlterConfigs'] });
      }),
    ).toEqual([
      'kafka-access: KafkaUser/payment-service: may Write topic orders.events (literal), which is not its own',
      'kafka-access: KafkaUser/projector: may All topic * (literal)',
      'kafka-access: KafkaUser/projector: may Write topic * (literal), which is not its own',
      'kafka-access: KafkaUser/query-api: may Delete topic orders. (prefix)',
      'kafka-access: KafkaUser/query-api: may AlterConfigs topic orders. (prefix)',
    ]);
  });
});

describe('mongodb-access, on a deliberately broken prod overlay', () => {
  let rendered: KubeObject[];
  beforeAll(() => {
    rendered = renderOverlay('prod');
  });
  const mongodbProblems = (objects: KubeObject[], production = true) => overlayProblems(objects, apps, topics, { production }).filter((problem) => problem.startsWith('mongodb-access: '));
  function problemsAfter(breakIt: (objects: KubeObject[]) => void): string[] {
    const objects = structuredClone(rendered);
    breakIt(objects);
    return mongodbProblems(objects);
  }
  const the = (objects: KubeObject[], kind: string, name: string) => {
    const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
    if (!found) throw new Error(`no ${kind}/${name} in the rendered overlay`);
    return found as unknown as { spec: any; data: any };
  };
  const pod = (objects: KubeObject[], kind: string, name: string) => the(objects, kind, name).spec.template.spec;
  const mongod = (objects: KubeObject[]) => pod(objects, 'StatefulSet', 'mongodb').containers[0];
  const variable = (objects: KubeObject[], kind: string, name: string, variableName: string) =>
    (pod(objects, kind, name).containers[0].env as any[]).find((candidate) => candidate.name === variableName);
  const users = (objects: KubeObject[]) => JSON.parse(the(objects, 'ConfigMap', 'mongodb-users').data['users.json']) as { user: string; roles: { role: string; db: string }[] }[];
  const setUsers = (objects: KubeObject[], value: unknown) => (the(objects, 'ConfigMap', 'mongodb-users').data['users.json'] = JSON.stringify(value));
  /** The apps that read MongoDB, each by the workload that runs it: the rebuild Job runs the projector's CLI. */
  const clients = [
    ['Deployment', 'projector', 'projector'],
    ['Deployment', 'query-api', 'query-api'],
    ['Job', 'rebuild-projection', 'projector'],
  ] as const;

  it('the prod overlay runs mongod with sign-in and TLS required, and each app signs in as a user of its own over TLS', () => {
    expect(mongod(rendered).args).toEqual(expect.arrayContaining(['--auth', '--keyFile', '--tlsMode', 'requireTLS', '--setParameter', 'authenticationMechanisms=SCRAM-SHA-256']));
    expect(users(rendered)).toEqual([
      { user: 'projector', roles: [{ role: 'readWrite', db: 'rewind' }] },
      { user: 'query-api', roles: [{ role: 'readWrite', db: 'rewind' }] },
    ]);
    for (const [kind, name, app] of clients) {
      expect(variable(rendered, kind, name, 'MONGODB_USERNAME')).toEqual({ name: 'MONGODB_USERNAME', value: app });
      expect(variable(rendered, kind, name, 'MONGODB_PASSWORD')).toEqual({ name: 'MONGODB_PASSWORD', valueFrom: { secretKeyRef: { name: `mongodb-${app}`, key: 'password' } } });
    }
    const connection = the(rendered, 'Secret', 'rewind-mongodb').data;
    expect(Buffer.from(connection.MONGODB_URI, 'base64').toString()).toMatch(/[?&]tls=true(&|$)/);
  });

  it('schema: a cert-manager kind with a misspelt field, or an output format it does not have', () => {
    const broken = structuredClone(rendered);
    const certificate = the(broken, 'Certificate', 'mongodb-tls').spec;
    certificate.dnsName = certificate.dnsNames;
    certificate.additionalOutputFormats = [{ type: 'PKCS12' }];
    expect(overlayProblems(broken, apps, topics, { production: true }).filter((problem) => problem.startsWith('schema: '))).toEqual([
      expect.stringMatching(/^schema: Certificate\/mongodb-tls: spec\.additionalOutputFormats\.0\.type: /),
      expect.stringMatching(/^schema: Certificate\/mongodb-tls: spec: Unrecognized key: "dnsName"/),
    ]);
  });

  it('the dev overlay may stay plain, but would not pass as production', () => {
    const dev = renderOverlay('dev');
    expect(mongodbProblems(dev, false)).toEqual([]);
    expect(mongodbProblems(dev, true)).toEqual([
      'mongodb-access: StatefulSet/mongodb: mongod takes clients without credentials (neither --auth nor --keyFile)',
      'mongodb-access: StatefulSet/mongodb: mongod takes clients without TLS (--tlsMode is not requireTLS)',
      ...['Deployment/projector', 'Deployment/query-api', 'Job/rebuild-projection'].flatMap((workload) => [
        `mongodb-access: ${workload}: signs in to MongoDB as no one`,
        `mongodb-access: ${workload}: its MONGODB_URI does not ask for TLS (tls=true)`,
        `mongodb-access: ${workload}: trusts no CA of its own for MongoDB (MONGODB_TLS_CA_FILE)`,
      ]),
    ]);
  });

  it('a mongod that takes clients without credentials or TLS, or whose members cannot sign in to each other', () => {
    const without = (args: string[], flag: string) => {
      const at = args.indexOf(flag);
      return at === -1 ? args : [...args.slice(0, at), ...args.slice(at + 2)];
    };
    expect(
      problemsAfter((objects) => {
        const container = mongod(objects);
        container.args = without(without(container.args, '--keyFile'), '--setParameter').map((arg: string) => (arg === 'requireTLS' ? 'preferTLS' : arg));
      }),
    ).toEqual([
      "mongodb-access: StatefulSet/mongodb: the replica set's members cannot sign in to each other (no --keyFile)",
      'mongodb-access: StatefulSet/mongodb: mongod accepts sign-ins by SCRAM-SHA-1 too, not by SCRAM-SHA-256 alone (--setParameter authenticationMechanisms=SCRAM-SHA-256)',
      'mongodb-access: StatefulSet/mongodb: mongod takes clients without TLS (--tlsMode is not requireTLS)',
    ]);
    expect(
      problemsAfter((objects) => {
        const container = mongod(objects);
        container.args = without(container.args.filter((arg: string) => arg !== '--auth'), '--keyFile');
      }),
    ).toEqual(['mongodb-access: StatefulSet/mongodb: mongod takes clients without credentials (neither --auth nor --keyFile)']);
  });

  it('an app that signs in as another app, as no one, with the credentials of a shared URI, or with another app’s password', () => {
    expect(
      problemsAfter((objects) => {
        variable(objects, 'Deployment', 'query-api', 'MONGODB_USERNAME').value = 'projector';
        const projector = pod(objects, 'Deployment', 'projector').containers[0];
        projector.env = projector.env.filter((candidate: any) => !['MONGODB_USERNAME', 'MONGODB_PASSWORD'].includes(candidate.name));
        variable(objects, 'Job', 'rebuild-projection', 'MONGODB_PASSWORD').valueFrom.secretKeyRef.name = 'mongodb-query-api';
      }),
    ).toEqual([
      'mongodb-access: Deployment/projector: signs in to MongoDB as no one',
      'mongodb-access: Deployment/query-api: signs in to MongoDB as projector, not as a user of its own',
      'mongodb-access: Job/rebuild-projection: its MONGODB_PASSWORD is not the key password of its own Secret mongodb-projector',
    ]);
    expect(
      problemsAfter((objects) => {
        const connection = the(objects, 'Secret', 'rewind-mongodb').data;
        connection.MONGODB_URI = Buffer.from(Buffer.from(connection.MONGODB_URI, 'base64').toString().replace('mongodb://', 'mongodb://rewind:pw@')).toString('base64');
      }),
    ).toEqual(clients.map(([kind, name]) => `mongodb-access: ${kind}/${name}: signs in to MongoDB with the credentials in its MONGODB_URI, not as a user of its own (MONGODB_USERNAME, MONGODB_PASSWORD)`));
  });

  it('an app that does not ask for TLS, trusts no CA it mounts, or another CA than mongod’s certificate is of', () => {
    expect(
      problemsAfter((objects) => {
        the(objects, 'Secret', 'rewind-mongodb').data.MONGODB_URI = Buffer.from('mongodb://mongodb-0.mongodb:27017/?replicaSet=rs0').toString('base64');
      }),
    ).toEqual(clients.map(([kind, name]) => `mongodb-access: ${kind}/${name}: its MONGODB_URI does not ask for TLS (tls=true)`));
    expect(
      problemsAfter((objects) => {
        const projectorCa = (pod(objects, 'Deployment', 'projector').volumes as any[]).find((volume) => volume.name === 'mongodb-ca');
        projectorCa.secret.secretName = 'rewind-cluster-ca-cert';
        const job = pod(objects, 'Job', 'rebuild-projection').containers[0];
        job.volumeMounts = job.volumeMounts.filter((mount: any) => mount.name !== 'mongodb-ca');
      }),
    ).toEqual([
      'mongodb-access: Deployment/projector: trusts rewind-cluster-ca-cert/ca.crt for MongoDB, but StatefulSet/mongodb is of the CA in mongodb-tls/ca.crt',
      'mongodb-access: Job/rebuild-projection: MONGODB_TLS_CA_FILE /etc/rewind/mongodb-ca/ca.crt is not a file of a Secret it mounts',
    ]);
  });

  it('an app whose MONGODB_URI names a host mongod’s certificate does not', () => {
    expect(
      problemsAfter((objects) => {
        const certificate = the(objects, 'Certificate', 'mongodb-tls').spec;
        certificate.dnsNames = certificate.dnsNames.filter((name: string) => name !== 'mongodb-2.mongodb');
      }),
    ).toEqual(clients.map(([kind, name]) => `mongodb-access: ${kind}/${name}: its MONGODB_URI names mongodb-2.mongodb, which Certificate/mongodb-tls does not: TLS would refuse it`));
  });

  it('a user with more than its app needs, one no app is, one no Job creates, or whose password the users Job does not mount', () => {
    expect(
      problemsAfter((objects) => {
        const declared = users(objects);
        declared[0]?.roles.push({ role: 'root', db: 'admin' });
        if (declared[1]) declared[1].roles[0] = { role: 'readWrite', db: 'other' };
        setUsers(objects, [...declared, { user: 'backup', roles: [{ role: 'backup', db: 'admin' }] }]);
        const volume = (pod(objects, 'Job', 'mongodb-users').volumes as any[]).find((candidate) => candidate.projected);
        volume.projected.sources = volume.projected.sources.filter((source: any) => source.secret?.name !== 'mongodb-query-api');
      }),
    ).toEqual([
      'mongodb-access: ConfigMap/mongodb-users: projector may root on admin, more than it needs (readWrite on rewind)',
      'mongodb-access: ConfigMap/mongodb-users: query-api may readWrite on other, more than it needs (readWrite on rewind)',
      'mongodb-access: Job/mongodb-users: does not mount the password of query-api (key password of Secret mongodb-query-api, as query-api.password)',
      'mongodb-access: ConfigMap/mongodb-users: declares backup, which is no app that reads MongoDB',
      'mongodb-access: Job/mongodb-users: does not mount the password of backup (key password of Secret mongodb-backup, as backup.password)',
    ]);
    expect(problemsAfter((objects) => setUsers(objects, users(objects).filter((user) => user.user !== 'query-api')))).toEqual([
      'mongodb-access: Deployment/query-api: signs in to MongoDB as query-api, a user no Job creates (ConfigMap mongodb-users)',
    ]);
  });
});
