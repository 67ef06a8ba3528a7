import { z } from 'zod';

// Strimzi's own CRD schemas are not published in a package this machine can install for Node 20
// (`@kubernetes-models/strimzi-kafka-operator` needs Node 22). These are the parts of the
// kafka.strimzi.io/v1 API that Rewind's manifests use, strict: a misspelt or unsupported field
// is refused here instead of being ignored by the operator. The cluster validates the full CRD
// when the manifests are applied.

const metadata = z.object({
  name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'expected a DNS subdomain name'),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

const clusterLabel = metadata.refine((value) => value.labels?.['strimzi.io/cluster'] !== undefined, {
  message: 'expected a strimzi.io/cluster label naming the Kafka cluster',
  path: ['labels'],
});

const quantity = z.union([z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/), z.number()]);
const resources = z.strictObject({
  requests: z.partialRecord(z.enum(['cpu', 'memory']), quantity).optional(),
  limits: z.partialRecord(z.enum(['cpu', 'memory']), quantity).optional(),
});
const configValue = z.union([z.string(), z.number(), z.boolean()]);

const volume = z.strictObject({
  id: z.number().int().min(0),
  type: z.enum(['persistent-claim', 'ephemeral']),
  size: z.string().regex(/^\d+(Mi|Gi|Ti)$/).optional(),
  class: z.string().optional(),
  deleteClaim: z.boolean().optional(),
  kraftMetadata: z.literal('shared').optional(),
});

export const strimziSchemas: Record<string, z.ZodType> = {
  'kafka.strimzi.io/v1/KafkaNodePool': z.strictObject({
    apiVersion: z.literal('kafka.strimzi.io/v1'),
    kind: z.literal('KafkaNodePool'),
    metadata: clusterLabel,
    spec: z.strictObject({
      replicas: z.number().int().min(0),
      roles: z.array(z.enum(['controller', 'broker'])).min(1),
      storage: z.strictObject({ type: z.literal('jbod'), volumes: z.array(volume).min(1) }),
      resources: resources.optional(),
    }),
  }),
  'kafka.strimzi.io/v1/Kafka': z.strictObject({
    apiVersion: z.literal('kafka.strimzi.io/v1'),
    kind: z.literal('Kafka'),
    metadata,
    spec: z.strictObject({
      kafka: z.strictObject({
        version: z.string().regex(/^\d+\.\d+\.\d+$/),
        metadataVersion: z.string().optional(),
        listeners: z
          .array(
            z.strictObject({
              name: z.string().regex(/^[a-z0-9]{1,11}$/),
              port: z.number().int().min(9092),
              type: z.enum(['internal', 'route', 'loadbalancer', 'nodeport', 'ingress', 'cluster-ip']),
              tls: z.boolean(),
              authentication: z.strictObject({ type: z.enum(['scram-sha-512', 'tls']) }).optional(),
              networkPolicyPeers: z.array(z.record(z.string(), z.unknown())).optional(),
            }),
          )
          .min(1),
        config: z.record(z.string(), configValue).optional(),
        authorization: z.strictObject({ type: z.literal('simple'), superUsers: z.array(z.string()).optional() }).optional(),
      }),
      entityOperator: z
        .strictObject({
          topicOperator: z.strictObject({}).optional(),
          userOperator: z.strictObject({}).optional(),
          template: z
            .strictObject({
              topicOperatorContainer: z.strictObject({ env: z.array(z.strictObject({ name: z.string().regex(/^[A-Z_][A-Z0-9_]*$/), value: z.string() })) }).optional(),
              userOperatorContainer: z.strictObject({ env: z.array(z.strictObject({ name: z.string().regex(/^[A-Z_][A-Z0-9_]*$/), value: z.string() })) }).optional(),
            })
            .optional(),
        })
        .optional(),
    }),
  }),
  'kafka.strimzi.io/v1/KafkaTopic': z.strictObject({
    apiVersion: z.literal('kafka.strimzi.io/v1'),
    kind: z.literal('KafkaTopic'),
    metadata: clusterLabel,
    spec: z.strictObject({
      topicName: z.string().optional(),
      partitions: z.number().int().min(1),
      replicas: z.number().int().min(1).max(32767),
      config: z.record(z.string(), configValue).optional(),
    }),
  }),
  'kafka.strimzi.io/v1/KafkaUser': z.strictObject({
    apiVersion: z.literal('kafka.strimzi.io/v1'),
    kind: z.literal('KafkaUser'),
    metadata: clusterLabel,
    spec: z.strictObject({
      authentication: z.strictObject({ type: z.enum(['scram-sha-512', 'tls', 'tls-external']) }),
      authorization: z.strictObject({
        type: z.literal('simple'),
        acls: z.array(
          z.strictObject({
            resource: z.discriminatedUnion('type', [
              z.strictObject({ type: z.enum(['topic', 'group', 'transactionalId']), name: z.string().min(1), patternType: z.enum(['literal', 'prefix']).optional() }),
              z.strictObject({ type: z.literal('cluster') }),
            ]),
            operations: z
              .array(z.enum(['Read', 'Write', 'Create', 'Delete', 'Alter', 'Describe', 'ClusterAction', 'AlterConfigs', 'DescribeConfigs', 'IdempotentWrite', 'All']))
              .min(1),
            host: z.string().optional(),
            type: z.enum(['allow', 'deny']).optional(),
          }),
        ),
      }),
    }),
  }),
};
