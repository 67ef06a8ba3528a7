import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type AclEntry } from 'kafkajs';
import { objectName, type KubeObject } from './render';
import type { KafkaAcl } from './rules';

/** Strimzi's names of the ACL operations (KafkaUser `operations`), as the Kafka protocol numbers them. */
const OPERATIONS: Readonly<Record<string, AclOperationTypes>> = {
  All: AclOperationTypes.ALL,
  Read: AclOperationTypes.READ,
  Write: AclOperationTypes.WRITE,
  Create: AclOperationTypes.CREATE,
  Delete: AclOperationTypes.DELETE,
  Alter: AclOperationTypes.ALTER,
  Describe: AclOperationTypes.DESCRIBE,
  ClusterAction: AclOperationTypes.CLUSTER_ACTION,
  DescribeConfigs: AclOperationTypes.DESCRIBE_CONFIGS,
  AlterConfigs: AclOperationTypes.ALTER_CONFIGS,
  IdempotentWrite: AclOperationTypes.IDEMPOTENT_WRITE,
};

const RESOURCES: Readonly<Record<string, AclResourceTypes>> = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  transactionalId: AclResourceTypes.TRANSACTIONAL_ID,
  cluster: AclResourceTypes.CLUSTER,
};

/** The one cluster resource of Kafka's ACLs. */
const CLUSTER_RESOURCE = 'kafka-cluster';

/**
 * The ACL bindings the User Operator would create for a KafkaUser (one per operation, as the broker
 * keeps them), with every topic, group and transactional id name moved under a topic namespace
 * (TOPIC_NAMESPACE, which the apps prefix to all three): a test can then grant a production user's
 * rights on its own copies of the topics only. `*` (every name) becomes the namespace as a prefix.
 * The principal is `User:<name>`, Strimzi's for a SCRAM user.
 */
export function kafkaUserAcls(user: KubeObject, namespace: string): AclEntry[] {
  const acls = (user['spec'] as { authorization?: { acls?: readonly KafkaAcl[] } } | undefined)?.authorization?.acls ?? [];
  return acls.flatMap(({ resource, operations, host, type }) => {
    const resourceType = RESOURCES[resource.type];
    if (resourceType === undefined) throw new Error(`${objectName(user)}: ACL resource type ${resource.type} is not one Rewind's users have`);
    const pattern = resource.type === 'cluster' ? { resourceName: CLUSTER_RESOURCE, resourcePatternType: ResourcePatternTypes.LITERAL } : namespaced(resource, namespace);
    return operations.map((name) => {
      const operation = OPERATIONS[name];
      if (operation === undefined) throw new Error(`${objectName(user)}: ACL operation ${name} is not one of Strimzi's`);
      return {
        resourceType,
        ...pattern,
        principal: `User:${user.metadata.name}`,
        host: host ?? '*',
        operation,
        permissionType: type === 'deny' ? AclPermissionTypes.DENY : AclPermissionTypes.ALLOW,
      };
    });
  });
}

function namespaced(resource: KafkaAcl['resource'], namespace: string): { resourceName: string; resourcePatternType: ResourcePatternTypes } {
  const name = resource.name ?? '';
  const prefixed = resource.patternType === 'prefix';
  if (name === '*' && !prefixed) {
    return namespace === '' ? { resourceName: '*', resourcePatternType: ResourcePatternTypes.LITERAL } : { resourceName: namespace, resourcePatternType: ResourcePatternTypes.PREFIXED };
  }
  return { resourceName: `${namespace}${name}`, resourcePatternType: prefixed ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL };
}
