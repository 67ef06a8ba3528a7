import type { Admin } from 'kafkajs';
import type { Db } from 'mongodb';
import { generationCollection, generationGroup, Generations } from './generations';
import type { ProjectionDefinition } from './projection';

/** An in-place rebuild cannot start now; the message says why and what to do. */
export class InPlaceRebuildRefused extends Error {
  override readonly name = 'InPlaceRebuildRefused';
}

/**
 * Prepares an in-place rebuild of the live generation: the standard consumer-group reset (what
 * `kafka-consumer-groups.sh --reset-offsets --to-earliest` does) after dropping the documents, which
 * would otherwise skip every event as already applied. Kafka resets only a group with no members,
 * so the projector must be stopped first. Queries see the model empty and filling up until the
 * group has caught up again: this trades availability for disk space and simplicity.
 */
export async function resetLiveGeneration(admin: Admin, db: Db, definition: ProjectionDefinition<object>, namespace: string): Promise<{ generation: number; groupId: string }> {
  const pointer = await new Generations(db).pointer(definition.name);
  if (pointer.rebuild) {
    throw new InPlaceRebuildRefused(`${definition.name} is being rebuilt into generation ${pointer.rebuild.generation} (${pointer.rebuild.state}); let that finish first`);
  }
  const groupId = generationGroup(namespace, definition.name, pointer.live);
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups[0];
  if (group && group.state !== 'Empty' && group.state !== 'Dead') {
    throw new InPlaceRebuildRefused(
      `the projector still consumes ${definition.name} (group ${groupId} is ${group.state} with ${group.members.length} member(s)); stop it first, e.g. kubectl scale deployment/projector --replicas=0`,
    );
  }
  // reset first: Kafka refuses it while anything consumes, and then nothing has been dropped yet
  for (const { topic } of definition.sources) await admin.resetOffsets({ groupId, topic, earliest: true });
  await db
    .collection(generationCollection(definition.name, pointer.live))
    .drop()
    .catch(() => false); // nothing to drop
  return { generation: pointer.live, groupId };
}
