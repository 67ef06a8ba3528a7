import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import { kafkaUserAcls } from './kafka-acls';
import type { KubeObject } from './render';

const user = (acls: unknown[]): KubeObject => ({
  apiVersion: 'kafka.strimzi.io/v1',
  kind: 'KafkaUser',
  metadata: { name: 'order-service', labels: { 'strimzi.io/cluster': 'rewind' } },
  spec: { authentication: { type: 'scram-sha-512' }, authorization: { type: 'simple', acls } },
});

const allow = { principal: 'User:order-service', host: '*', permissionType: AclPermissionTypes.ALLOW };

describe('kafkaUserAcls', () => {
  it('gives one binding per operation, its names under the namespace, prefixes kept prefixes', () => {
    const acls = kafkaUserAcls(
      user([
        { resource: { type: 'topic', name: 'orders.', patternType: 'prefix' }, operations: ['Read', 'Write'] },
        { resource: { type: 'topic', name: 'payments.events', patternType: 'literal' }, operations: ['Describe'] },
        { resource: { type: 'transactionalId', name: 'orders.', patternType: 'prefix' }, operations: ['Write'] },
        { resource: { type: 'group', name: 'orders.' }, operations: ['Read'] },
      ]),
      'it-1.',
    );
    expect(acls).toEqual([
      { ...allow, resourceType: AclResourceTypes.TOPIC, resourceName: 'it-1.orders.', resourcePatternType: ResourcePatternTypes.PREFIXED, operation: AclOperationTypes.READ },
      { ...allow, resourceType: AclResourceTypes.TOPIC, resourceName: 'it-1.orders.', resourcePatternType: ResourcePatternTypes.PREFIXED, operation: AclOperationTypes.WRITE },
      { ...allow, resourceType: AclResourceTypes.TOPIC, resourceName: 'it-1.payments.events', resourcePatternType: ResourcePatternTypes.LITERAL, operation: AclOperationTypes.DESCRIBE },
      { ...allow, resourceType: AclResourceTypes.TRANSACTIONAL_ID, resourceName: 'it-1.orders.', resourcePatternType: ResourcePatternTypes.PREFIXED, operation: AclOperationTypes.WRITE },
      // Strimzi's patternType defaults to literal
      { ...allow, resourceType: AclResourceTypes.GROUP, resourceName: 'it-1.orders.', resourcePatternType: ResourcePatternTypes.LITERAL, operation: AclOperationTypes.READ },
    ]);
  });

  it('narrows `*` (every name) to the namespace, keeps it without one, and leaves the cluster as it is', () => {
    const acls = (namespace: string) =>
      kafkaUserAcls(
        user([
          { resource: { type: 'topic', name: '*', patternType: 'literal' }, operations: ['Read'] },
          { resource: { type: 'cluster' }, operations: ['IdempotentWrite'] },
        ]),
        namespace,
      ).map(({ resourceName, resourcePatternType }) => [resourceName, resourcePatternType]);
    expect(acls('it-1.')).toEqual([
      ['it-1.', ResourcePatternTypes.PREFIXED],
      ['kafka-cluster', ResourcePatternTypes.LITERAL],
    ]);
    expect(acls('')).toEqual([
      ['*', ResourcePatternTypes.LITERAL],
      ['kafka-cluster', ResourcePatternTypes.LITERAL],
    ]);
  });

  it('keeps a deny and a host', () => {
    const [acl] = kafkaUserAcls(user([{ resource: { type: 'topic', name: 'a' }, operations: ['Write'], type: 'deny', host: '10.0.0.1' }]), '');
    expect(acl).toMatchObject({ permissionType: AclPermissionTypes.DENY, host: '10.0.0.1' });
  });

  it('refuses an operation or a resource type it cannot name', () => {
    expect(() => kafkaUserAcls(user([{ resource: { type: 'topic', name: 'a' }, operations: ['Wrte'] }]), '')).toThrow('KafkaUser/order-service: ACL operation Wrte is not one of Strimzi');
    expect(() => kafkaUserAcls(user([{ resource: { type: 'delegationToken', name: 'a' }, operations: ['Read'] }]), '')).toThrow('resource type delegationToken');
  });
});
